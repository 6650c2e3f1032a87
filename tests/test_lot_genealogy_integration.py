import io

from PyPDF2 import PdfReader

from odoo import Command
from odoo.tests import tagged

from .lot_genealogy_common import LotGenealogyCommon


@tagged("post_install", "-at_install")
class TestLotGenealogyIntegration(LotGenealogyCommon):
    """The genealogy across the other features: a solvent kept in kg and
    drums (second unit), received on sub-lot SOLV-1/01 (400 kg = 2 drums,
    released), split for real into SOLV-1/02 (100 kg), of which 50 kg are
    delivered; premix made through issue to WIP + receive assemblies and
    through one-step conversion by bill of materials."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        containers = cls.env["uom.category"].create({"name": "Gen Containers"})
        cls.uom_drum = cls.env["uom.uom"].create(
            {
                "name": "Gen Drum",
                "category_id": containers.id,
                "uom_type": "reference",
                "rounding": 0.01,
            }
        )
        cls.solvent = cls.env["product.product"].create(
            {
                "name": "Gen Solvent",
                "resource_type": "inventory",
                "is_storable": True,
                "tracking": "lot",
                "use_sub_lots": True,
                "uom_id": cls.uom_kg.id,
                "uom_po_id": cls.uom_kg.id,
                "uom_conversion_ids": [
                    Command.create({"uom_id": cls.uom_drum.id, "factor": 200.0})
                ],
                "secondary_uom_id": cls.uom_drum.id,
            }
        )
        cls.solv_1, cls.po_solv = cls._receive(
            cls.supplier_1, cls.solvent, "SOLV-1/01", 400
        )
        cls.solv_1._reclassify(
            cls.env.ref("process_inventory.classification_released"), "QC passed"
        )
        cls.batch = cls.solv_1.parent_lot_id
        cls.solv_2 = cls.solv_1._split_into_sub_lots([(100, cls.wh_stock, None)])
        cls.d_solv, cls.so_solv = cls._deliver(cls.customer_1, cls.solv_2, 50)

    def _trace(self, start, direction, **kwargs):
        return (
            self.env["stock.lot.genealogy"]
            .with_user(self.stock_user)
            .trace(start._name, start.id, direction, **kwargs)
        )

    @staticmethod
    def _node(result, key):
        return next(node for node in result["nodes"] if node["key"] == key)

    def _edge(self, result, source, target):
        return next(
            edge
            for edge in result["edges"]
            if (edge["source"], edge["target"]) == (self.key(source), target)
        )

    # Dual units

    def test_lot_node_shows_both_units_classification_and_dates(self):
        self.assertEqual(self.solv_2.name, "SOLV-1/02")
        result = self._trace(self.solv_1, "both")
        node = self._node(result, self.key(self.solv_1))
        self.assertEqual(node["uom"], "kg")
        self.assertEqual(node["secondary_uom"], "Gen Drum")
        self.assertEqual(node["quantity_in"], 400.0)
        self.assertEqual(node["secondary_quantity_in"], 2.0)
        self.assertEqual(node["quantity_on_hand"], 300.0)
        self.assertEqual(node["secondary_quantity_on_hand"], 1.5)
        self.assertEqual(node["classification"], "Released")
        for date in ("create_date", "manufacturing_date", "expiration_date"):
            self.assertIn(date, node)
        self.assertTrue(node["create_date"])

    def test_edges_carry_the_second_quantity(self):
        result = self._trace(self.solv_2, "both")
        receipt = next(
            edge
            for edge in self._trace(self.solv_1, "backward")["edges"]
            if edge["kind"] == "receipt"
        )
        self.assertEqual((receipt["quantity"], receipt["uom"]), (400.0, "kg"))
        self.assertEqual(
            (receipt["secondary_quantity"], receipt["secondary_uom"]),
            (2.0, "Gen Drum"),
        )
        delivery = self._edge(result, self.solv_2, f"C{self.customer_1.id}")
        self.assertEqual(delivery["kind"], "delivery")
        self.assertEqual(delivery["quantity"], 50.0)
        self.assertEqual(delivery["secondary_quantity"], 0.25)

    def test_product_without_second_unit_has_none(self):
        result = self._trace(self.r1, "forward", depth=1)
        node = self._node(result, self.key(self.r1))
        self.assertFalse(node["secondary_uom"])
        self.assertFalse(node["secondary_quantity_in"])
        self.assertTrue(all(not edge["secondary_uom"] for edge in result["edges"]))

    def test_tree_and_pdf_show_both_units(self):
        trace = (
            self.env["stock.lot.trace"]
            .with_user(self.stock_user)
            .create({"start_ref": f"stock.lot,{self.solv_1.id}", "direction": "both"})
        )
        trace.action_trace()
        top = trace.line_ids.filtered(
            lambda line: not line.parent_id and line.lot_id == self.solv_1
        )[:1]
        self.assertEqual((top.quantity, top.uom_name), (400.0, "kg"))
        self.assertEqual(
            (top.secondary_quantity, top.secondary_uom_name), (2.0, "Gen Drum")
        )
        self.assertEqual(top.classification, "Released")
        split = trace.line_ids.filtered(lambda line: line.lot_id == self.solv_2)[:1]
        self.assertEqual((split.quantity, split.secondary_quantity), (100.0, 0.5))
        self.assertIn("400 kg / 2 Gen Drum", trace.graph_svg)
        pdf, _type = (
            self.env["ir.actions.report"]
            .with_user(self.stock_user)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("process_inventory.lot_genealogy_report", trace.ids)
        )
        text = " ".join(
            page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages
        )
        text = " ".join(text.split())
        for expected in (
            "SOLV-1/01",
            "Released",
            "400 kg / 2 Gen Drum",
            "300 kg / 1.5 Gen Drum",
            "0.25 Gen Drum",
            self.d_solv.name,
        ):
            self.assertIn(expected, text)

    # Sub-lot split (issue 3)

    def test_real_sub_lot_split_is_a_split_edge(self):
        forward = self._trace(self.solv_1, "forward")
        split = self._edge(forward, self.solv_1, self.key(self.solv_2))
        self.assertEqual(split["kind"], "split")
        self.assertEqual(split["document"], "SOLV-1/02")
        self.assertEqual((split["quantity"], split["secondary_quantity"]), (100.0, 0.5))
        self.assertIn(
            (
                self.key(self.solv_2),
                f"C{self.customer_1.id}",
                "delivery",
                self.d_solv.name,
            ),
            self._edge_set(forward),
        )
        backward = self._trace(self.solv_2, "backward")
        self.assertLessEqual(
            {
                self.key(self.solv_2),
                self.key(self.solv_1),
                self.key(self.batch),
                f"S{self.supplier_1.id}",
            },
            self._node_keys(backward),
        )

    # Issue to WIP, receive assemblies, convert by BOM (issue 8)

    def test_issue_to_wip_and_receive_link_component_and_assembly_lots(self):
        raw, _po = self._receive(self.supplier_2, self.gen_raw, "GEN-WIP-R", 10)
        production = self.env["mrp.production"].create(
            {
                "product_id": self.gen_int.id,
                "bom_id": self.bom_int.id,
                "product_qty": 10,
            }
        )
        production.action_confirm()
        production._issue_to_wip(
            [
                {
                    "product": self.gen_raw,
                    "lot": raw,
                    "quantity": 10,
                    "location": self.wh_stock,
                }
            ]
        )
        production._receive_from_wip(lot_name="GEN-WIP-OUT")
        # the premix tracks sub-lots: the run's output is a sub-lot of its batch
        assembly = production.move_finished_ids.move_line_ids.lot_id
        self.assertEqual(assembly.parent_lot_id, production.lot_producing_id)
        self.assertEqual(assembly.parent_lot_id.name, "GEN-WIP-OUT")
        backward = self._trace(assembly, "backward")
        self.assertIn(
            (self.key(raw), self.key(assembly), "production", production.name),
            self._edge_set(backward),
        )
        self.assertIn(f"S{self.supplier_2.id}", self._node_keys(backward))
        forward = self._trace(raw, "forward")
        self.assertIn(self.key(assembly), self._node_keys(forward))

    def test_convert_by_bom_links_component_and_assembly_lots(self):
        raw, _po = self._receive(self.supplier_1, self.gen_raw, "GEN-CONV-R", 5)
        production = self.env["mrp.production"]._convert_from_bom(
            self.bom_int,
            5,
            components=[{"product": self.gen_raw, "lot": raw, "quantity": 5}],
            lot_name="GEN-CONV-OUT",
        )
        assembly = production.move_finished_ids.move_line_ids.lot_id
        self.assertEqual(assembly.parent_lot_id.name, "GEN-CONV-OUT")
        backward = self._trace(assembly, "backward")
        self.assertIn(
            (self.key(raw), self.key(assembly), "production", production.name),
            self._edge_set(backward),
        )
        edge = self._edge(backward, raw, self.key(assembly))
        self.assertEqual(edge["quantity"], 5.0)
        self.assertIn(f"S{self.supplier_1.id}", self._node_keys(backward))

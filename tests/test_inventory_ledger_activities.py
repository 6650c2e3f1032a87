import io
from datetime import timedelta

from PyPDF2 import PdfReader

from odoo import Command, fields
from odoo.tests import tagged

from .inventory_ledger_common import InventoryLedgerCommon


@tagged("post_install", "-at_install")
class TestInventoryLedgerActivities(InventoryLedgerCommon):
    """Audit trail rows of classification changes, conversions, the WIP
    stock room and sub-lot splits, for a product counted in litres and
    weighed in kg (density 1.11)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.uom_litre = cls.env.ref("uom.product_uom_litre")
        Product = cls.env["product.product"]
        cls.glycol = Product.create(
            {
                "name": "Glycol",
                "resource_type": "inventory",
                "tracking": "lot",
                "uom_id": cls.uom_litre.id,
                "uom_po_id": cls.uom_litre.id,
                "density": 1.11,
                "secondary_uom_id": cls.uom_kg.id,
            }
        )
        cls.coolant = Product.create(
            {
                "name": "Coolant",
                "resource_type": "inventory",
                "tracking": "lot",
                "uom_id": cls.uom_litre.id,
                "uom_po_id": cls.uom_litre.id,
                "density": 1.0,
                "secondary_uom_id": cls.uom_kg.id,
                "arrival_classification_id": cls.env.ref(
                    "process_inventory.classification_qc"
                ).id,
            }
        )
        cls.coolant_bom = cls._make_bom(cls.coolant, [(cls.glycol, 2)])
        cls.cls_qc = cls.env.ref("process_inventory.classification_qc")
        cls.cls_released = cls.env.ref("process_inventory.classification_released")
        cls.cls_expired = cls.env.ref("process_inventory.classification_expired")
        cls.found_plain = cls.env["stock.activity.type"].create(
            {
                "name": "Found Stock (unclassified)",
                "code": "T-FOUND-P",
                "direction": "receipt",
                "location_id": cls.loss_location.id,
                "location_dest_id": cls.stock_location.id,
            }
        )

    def _receive(self, lot_name, quantity=100, activity_type=None):
        self._record_activity(
            activity_type or self.found_plain,
            [
                {
                    "product_id": self.glycol.id,
                    "lot_name": lot_name,
                    "quantity": quantity,
                }
            ],
        )
        return self.env["stock.lot"].search(
            [("name", "=", lot_name), ("product_id", "=", self.glycol.id)]
        )

    def _new_entries(self, after):
        return self.Ledger.search([("id", ">", after.id)], order="sequence")

    def _last_entry(self):
        return self.Ledger.search([], order="id desc", limit=1)

    def _assert_chain_intact(self):
        self.env.invalidate_all()
        (result,) = self.Ledger._check_chain(self.env.company)
        self.assertFalse(result["broken_id"], result["message"])

    # Classification changes -------------------------------------------------

    def test_reclassification_writes_chained_entry_without_moving_stock(self):
        lot = self._receive("G-RC", activity_type=self.found_stock)
        self.assertEqual(lot.classification_id, self.cls_qc)
        before = self._last_entry()

        self.env["stock.lot.reclassify"].with_user(self.quality_user).with_context(
            active_model="stock.lot", active_ids=lot.ids
        ).create(
            {"classification_id": self.cls_released.id, "reason": "QC passed"}
        ).action_reclassify()

        self.assertRecordValues(
            self._new_entries(before),
            [
                {
                    "activity": "classification_change",
                    "user_id": self.quality_user.id,
                    "reference": "G-RC",
                    "res_model": "stock.lot",
                    "res_id": lot.id,
                    "product_id": self.glycol.id,
                    "lot_id": lot.id,
                    "location_id": self.shelf.id,
                    "location_dest_id": self.shelf.id,
                    "site_id": self.site.id,
                    "quantity": 100,
                    "product_uom_id": self.uom_litre.id,
                    "secondary_quantity": 111,
                    "secondary_uom_id": self.uom_kg.id,
                    "from_classification_id": self.cls_qc.id,
                    "classification_id": self.cls_released.id,
                    "note": "QC passed",
                    "stock_delta": 0,
                    "move_line_id": False,
                }
            ],
        )
        self._assert_chain_intact()

    def test_automatic_expiry_writes_classification_entry(self):
        lot = self._receive("G-EX", quantity=30)
        self.glycol.use_expiration_date = True
        lot.expiration_date = fields.Datetime.now() - timedelta(days=1)
        before = self._last_entry()

        self.env["stock.lot"]._classify_expired()

        self.assertRecordValues(
            self._new_entries(before),
            [
                {
                    "activity": "classification_change",
                    "lot_id": lot.id,
                    "quantity": 30,
                    "secondary_quantity": 33.3,
                    "from_classification_id": False,
                    "classification_id": self.cls_expired.id,
                    "note": "Expiration date reached",
                }
            ],
        )
        self._assert_chain_intact()

    # Conversion and the WIP stock room --------------------------------------

    def test_conversion_writes_conversion_entries_with_order_as_source(self):
        lot = self._receive("G-CV")
        before = self._last_entry()

        self.env["mrp.production.convert"].with_user(self.stock_user).create(
            {
                "bom_id": self.coolant_bom.id,
                "product_qty": 5,
                "lot_name": "COOL-1",
                "picking_type_id": self.warehouse.manu_type_id.id,
                "line_ids": [
                    Command.create(
                        {"product_id": self.glycol.id, "lot_id": lot.id, "quantity": 10}
                    )
                ],
            }
        ).action_convert()

        production = self.env["mrp.production"].search(
            [("product_id", "=", self.coolant.id)]
        )
        output = production.lot_producing_id
        entries = self._new_entries(before)
        self.assertRecordValues(
            entries,
            [
                {
                    "activity": "conversion",
                    "reference": production.name,
                    "res_model": "mrp.production",
                    "res_id": production.id,
                    "product_id": self.glycol.id,
                    "lot_id": lot.id,
                    "quantity": 10,
                    "secondary_quantity": 11.1,
                    "secondary_uom_id": self.uom_kg.id,
                    "from_classification_id": False,
                    "classification_id": False,
                },
                # the new lot gets its product's arrival classification
                {
                    "activity": "classification_change",
                    "reference": "COOL-1",
                    "res_model": "stock.lot",
                    "res_id": output.id,
                    "product_id": self.coolant.id,
                    "lot_id": output.id,
                    "quantity": 5,
                    "secondary_quantity": 5,
                    "secondary_uom_id": self.uom_kg.id,
                    "from_classification_id": False,
                    "classification_id": self.cls_qc.id,
                },
                {
                    "activity": "conversion",
                    "reference": production.name,
                    "res_model": "mrp.production",
                    "res_id": production.id,
                    "product_id": self.coolant.id,
                    "lot_id": output.id,
                    "quantity": 5,
                    "secondary_quantity": 5,
                    "secondary_uom_id": self.uom_kg.id,
                    "from_classification_id": False,
                    "classification_id": self.cls_qc.id,
                },
            ],
        )
        self._assert_chain_intact()

    def test_issue_to_wip_and_receive_write_production_entries(self):
        lot = self._receive("G-WIP")
        production = (
            self.env["mrp.production"]
            .with_user(self.stock_user)
            .create(
                {
                    "product_id": self.coolant.id,
                    "product_qty": 4,
                    "bom_id": self.coolant_bom.id,
                    "picking_type_id": self.warehouse.manu_type_id.id,
                }
            )
        )
        production.action_confirm()
        wip = self.warehouse._get_wip_location()
        before = self._last_entry()

        self.env["mrp.production.issue"].with_user(self.stock_user).create(
            {
                "production_id": production.id,
                "line_ids": [
                    Command.create(
                        {
                            "product_id": self.glycol.id,
                            "lot_id": lot.id,
                            "quantity": 8,
                            "location_id": self.stock_location.id,
                        }
                    )
                ],
            }
        ).action_issue()
        self.assertRecordValues(
            self._new_entries(before),
            [
                {
                    "activity": "production_issue",
                    "reference": production.name,
                    "res_model": "mrp.production",
                    "res_id": production.id,
                    "lot_id": lot.id,
                    "location_id": self.stock_location.id,
                    "location_dest_id": wip.id,
                    "quantity": 8,
                    "secondary_quantity": 8.88,
                }
            ],
        )
        before = self._last_entry()

        self.env["mrp.production.receive"].with_user(self.stock_user).create(
            {"production_id": production.id, "lot_name": "COOL-W"}
        ).action_receive()

        entries = self._new_entries(before)
        self.assertEqual(
            [(e.activity, e.product_id, e.res_id) for e in entries],
            [
                ("production_issue", self.glycol, production.id),
                ("classification_change", self.coolant, production.lot_producing_id.id),
                ("production_receipt", self.coolant, production.id),
            ],
        )
        self.assertRecordValues(
            entries[0] | entries[2],
            [
                {
                    "location_id": wip.id,
                    "reference": production.name,
                    "quantity": 8,
                    "secondary_quantity": 8.88,
                },
                {
                    "location_id": production.production_location_id.id,
                    "reference": production.name,
                    "quantity": 4,
                    "secondary_quantity": 4,
                },
            ],
        )
        self._assert_chain_intact()

    # Sub-lot split ----------------------------------------------------------

    def test_sub_lot_split_entries_name_the_parent_lot(self):
        lot = self._receive("G-SP")
        self.glycol.use_sub_lots = True
        before = self._last_entry()

        (sub_lot,) = lot.with_user(self.stock_user)._split_into_sub_lots(
            [(40, self.stock_location, None)]
        )

        transit = self.glycol.property_stock_inventory
        common = {
            "activity": "sub_lot_split",
            "reference": "G-SP",
            "res_model": "stock.lot",
            "res_id": lot.id,
            "quantity": 40,
            "secondary_quantity": 44.4,
            "reason_id": False,
        }
        self.assertRecordValues(
            self._new_entries(before),
            [
                {
                    **common,
                    "lot_id": lot.id,
                    "location_id": self.stock_location.id,
                    "location_dest_id": transit.id,
                },
                {
                    **common,
                    "lot_id": sub_lot.id,
                    "location_id": transit.id,
                    "location_dest_id": self.stock_location.id,
                },
            ],
        )
        self._assert_chain_intact()

    # Report -----------------------------------------------------------------

    def test_audit_report_lists_but_does_not_total_reclassifications(self):
        lot = self._receive("G-RP", activity_type=self.found_stock)
        lot._reclassify(self.cls_released, "Lab OK")
        self.glycol.use_sub_lots = True
        lot._split_into_sub_lots([(40, self.shelf, None)])
        options = (
            self.env["stock.inventory.ledger.report"]
            .with_user(self.stock_manager)
            .create({"product_ids": [Command.set(self.glycol.ids)]})
        )
        self.assertEqual(
            options._get_entries().mapped("activity"),
            ["activity", "classification_change", "sub_lot_split", "sub_lot_split"],
        )

        values = self.env[
            "report.process_inventory.report_inventory_audit_trail"
        ]._get_report_values(options.ids)
        (total,) = values["reports"][0]["totals"]
        # receipt 100 + split in 40 - split out 40; the reclassification of
        # the 100 litres on hand moves nothing
        self.assertEqual((total["in"], total["out"], total["net"]), (140, 40, 100))
        self.assertAlmostEqual(total["secondary"], 111)

        pdf, _ = (
            self.env["ir.actions.report"]
            .with_user(self.stock_manager)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "process_inventory.stock_inventory_ledger_report_action",
                res_ids=options.ids,
            )
        )
        text = "\n".join(
            page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages
        )
        self.assertIn("chain intact", text)
        self.assertIn("Classification Change", text)
        self.assertIn("Sub-lot Split", text)
        self.assertIn("Lab OK", text)
        self.assertIn(self.cls_released.name, text)

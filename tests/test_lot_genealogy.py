import io

from PyPDF2 import PdfReader

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .lot_genealogy_common import LotGenealogyCommon


@tagged("post_install", "-at_install")
class TestLotGenealogy(LotGenealogyCommon):
    def _trace(self, start, direction, **kwargs):
        return (
            self.env["stock.lot.genealogy"]
            .with_user(self.stock_user)
            .trace(start._name, start.id, direction, **kwargs)
        )

    def _expected_forward_from_r1(self):
        r1, b, b1, b2, f1, f2 = (
            self.key(x) for x in (self.r1, self.b, self.b1, self.b2, self.f1, self.f2)
        )
        c1, c2 = f"C{self.customer_1.id}", f"C{self.customer_2.id}"
        nodes = {r1, b, b1, b2, f1, f2, c1, c2}
        edges = {
            (r1, b, "production", self.mo1.name),
            (b, b1, "split", self.b1.name),
            (b, b2, "split", self.b2.name),
            (b1, f1, "production", self.mo2.name),
            (b2, f2, "production", self.mo3.name),
            (f2, b2, "production", self.mo4.name),
            (f1, c1, "delivery", self.d1.name),
            (f1, c2, "delivery", self.d2.name),
            (f2, c1, "delivery", self.d3.name),
        }
        return nodes, edges

    def test_forward_trace_reaches_every_product_and_customer(self):
        result = self._trace(self.r1, "forward")
        nodes, edges = self._expected_forward_from_r1()
        self.assertEqual(self._node_keys(result), nodes)
        self.assertEqual(self._edge_set(result), edges)
        depths = {node["key"]: node["depth"] for node in result["nodes"]}
        self.assertEqual(depths[self.key(self.f2)], 3)
        self.assertEqual(depths[f"C{self.customer_2.id}"], 4)

    def test_backward_trace_reaches_raw_lots_and_suppliers(self):
        result = self._trace(self.f2, "backward")
        f2, b2, b, r1, r2 = (
            self.key(x) for x in (self.f2, self.b2, self.b, self.r1, self.r2)
        )
        s1, s2 = f"S{self.supplier_1.id}", f"S{self.supplier_2.id}"
        self.assertEqual(self._node_keys(result), {f2, b2, b, r1, r2, s1, s2})
        self.assertEqual(
            self._edge_set(result),
            {
                (b2, f2, "production", self.mo3.name),
                (f2, b2, "production", self.mo4.name),
                (b, b2, "split", self.b2.name),
                (r1, b, "production", self.mo1.name),
                (r2, b, "production", self.mo1.name),
                (s1, r1, "receipt", self.po1.picking_ids.name),
                (s2, r2, "receipt", self.po2.picking_ids.name),
            },
        )
        depths = {node["key"]: node["depth"] for node in result["nodes"]}
        self.assertEqual(depths[s1], -4)
        receipt = next(e for e in result["edges"] if e["kind"] == "receipt")
        self.assertIn(receipt["origin"], (self.po1.name, self.po2.name))
        self.assertEqual(receipt["quantity"], 10.0)

    def test_rework_loop_terminates_and_is_listed_once(self):
        result = self._trace(self.b2, "both")
        rework = [e for e in result["edges"] if e["document"] == self.mo4.name]
        self.assertEqual(len(rework), 1)
        self.assertEqual(rework[0]["quantity"], 2.0)
        keys = [node["key"] for node in result["nodes"]]
        self.assertEqual(len(keys), len(set(keys)))
        tree = self.env["stock.lot.genealogy"]._trace_tree(result)
        self.assertTrue(any(row[5] for row in tree), "the loop is marked in the tree")

    def test_depth_limit_stops_the_walk(self):
        result = self._trace(self.r1, "forward", depth=2)
        r1, b, b1, b2 = (self.key(x) for x in (self.r1, self.b, self.b1, self.b2))
        self.assertEqual(self._node_keys(result), {r1, b, b1, b2})
        self.assertEqual(
            self._edge_set(result),
            {
                (r1, b, "production", self.mo1.name),
                (b, b1, "split", self.b1.name),
                (b, b2, "split", self.b2.name),
            },
        )

    def test_date_window_skips_links_outside_it(self):
        result = self._trace(self.r1, "forward", date_to="2000-01-01")
        self.assertEqual(self._node_keys(result), {self.key(self.r1)})
        self.assertFalse(result["edges"])

    def test_trace_from_documents(self):
        from_po = self._trace(self.po1, "forward")
        self.assertEqual(self._node_keys(from_po), self._expected_forward_from_r1()[0])
        from_mo = self._trace(self.mo1, "backward")
        self.assertEqual(from_mo["start"]["nodes"], [self.key(self.b)])
        self.assertIn(f"S{self.supplier_2.id}", self._node_keys(from_mo))
        from_receipt = self._trace(self.po2.picking_ids, "forward", depth=1)
        self.assertEqual(
            self._node_keys(from_receipt), {self.key(self.r2), self.key(self.b)}
        )
        from_delivery = self._trace(self.d2, "backward")
        self.assertEqual(from_delivery["start"]["nodes"], [self.key(self.f1)])
        self.assertNotIn(self.key(self.f2), self._node_keys(from_delivery))
        from_sale = self._trace(self.so3, "backward")
        self.assertEqual(from_sale["start"]["nodes"], [self.key(self.f2)])

    def test_node_details(self):
        result = self._trace(self.b1, "backward", depth=1)
        node = next(n for n in result["nodes"] if n["key"] == self.key(self.b1))
        self.assertEqual(node["type"], "lot")
        self.assertEqual(node["name"], "GEN-B-1")
        self.assertEqual(node["product"], "Gen Premix")
        self.assertEqual(node["uom"], "kg")
        self.assertEqual(node["parent_lot_id"], self.b.id)
        self.assertEqual(node["quantity_on_hand"], 0.0)
        self.assertEqual(node["quantity_in"], 10.0)

    def test_unknown_direction_refused(self):
        with self.assertRaises(UserError):
            self._trace(self.r1, "sideways")

    def test_unsupported_start_refused(self):
        with self.assertRaises(UserError):
            self.env["stock.lot.genealogy"].trace("res.partner", self.customer_1.id)

    def test_recall_deliveries_of_raw_lot(self):
        rows = self.r1.with_user(self.stock_user).recall_deliveries()
        self.assertEqual(
            {(r["partner_id"], r["delivery"], r["lot"], r["quantity"]) for r in rows},
            {
                (self.customer_1.id, self.d1.name, "GEN-F1", 4.0),
                (self.customer_2.id, self.d2.name, "GEN-F1", 3.0),
                (self.customer_1.id, self.d3.name, "GEN-F2", 5.0),
            },
        )
        self.assertEqual(
            {r["sale_order"] for r in rows},
            {self.so1.name, self.so2.name, self.so3.name},
        )

    def test_recall_purchases_of_shipped_lot(self):
        rows = self.f1.with_user(self.stock_user).recall_purchases()
        self.assertEqual(
            {(r["partner_id"], r["purchase_order"], r["lot"]) for r in rows},
            {
                (self.supplier_1.id, self.po1.name, "GEN-R1"),
                (self.supplier_2.id, self.po2.name, "GEN-R2"),
            },
        )

    def test_query_count_does_not_grow_with_nodes(self):
        lonely = self._lot(self.gen_raw, "GEN-LONELY")
        genealogy = self.env["stock.lot.genealogy"].with_user(self.stock_user)

        def count(start):
            genealogy.trace("stock.lot", start.id, "both")  # warm caches
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            result = genealogy.trace("stock.lot", start.id, "both")
            return self.env.cr.sql_log_count - before, len(result["nodes"])

        small_queries, small_nodes = count(lonely)
        big_queries, big_nodes = count(self.b2)
        self.assertEqual(small_nodes, 1)
        self.assertGreaterEqual(big_nodes, 8)
        self.assertEqual(big_queries, small_queries)
        self.assertLessEqual(big_queries, 4)

    def test_allocation_limits_one_shift_sub_lot_to_its_inputs(self):
        a1, _po = self._receive(self.supplier_1, self.gen_raw, "GEN-A1", 10)
        a2, _po = self._receive(self.supplier_2, self.gen_raw, "GEN-A2", 10)
        batch = self._lot(self.gen_int, "GEN-S")
        shift_1 = self._lot(self.gen_int, "GEN-S-1", parent=batch)
        shift_2 = self._lot(self.gen_int, "GEN-S-2", parent=batch)
        production = self._produce(
            self.bom_int,
            shift_1,
            20,
            [(a1, 10), (a2, 10)],
            outputs=[(shift_1, 10), (shift_2, 10)],
        )
        self.assertEqual(self._recalled_raw(shift_1), {"GEN-A1", "GEN-A2"})
        allocation = production.action_open_lot_allocation()
        self.assertEqual(
            self.env["stock.move.line"].search(allocation["domain"]).lot_id,
            shift_1 | shift_2,
        )
        consumed = {line.lot_id: line for line in production.move_raw_ids.move_line_ids}
        for line in production.move_finished_ids.move_line_ids:
            allocated = consumed[a1] if line.lot_id == shift_1 else consumed[a2]
            line.with_user(self.stock_user).allocated_consume_line_ids = allocated
        self.assertEqual(self._recalled_raw(shift_1), {"GEN-A1"})
        self.assertEqual(self._recalled_raw(shift_2), {"GEN-A2"})
        self.assertEqual(
            {r["lot"] for r in a1.recall_deliveries()}, set(), "nothing shipped yet"
        )
        forward = self._trace(a1, "forward")
        self.assertNotIn(self.key(shift_2), self._node_keys(forward))

    def _recalled_raw(self, lot):
        return {r["lot"] for r in lot.recall_purchases()}

    def test_allocation_to_inputs_of_another_run_refused(self):
        finished_line = self.mo2.move_finished_ids.move_line_ids
        with self.assertRaises(ValidationError):
            finished_line.allocated_consume_line_ids = (
                self.mo3.move_raw_ids.move_line_ids
            )

    def test_wizard_tree_graph_and_recall_tabs(self):
        trace = (
            self.env["stock.lot.trace"]
            .with_user(self.stock_user)
            .create({"start_ref": f"stock.lot,{self.r1.id}", "direction": "forward"})
        )
        action = trace.action_trace()
        self.assertEqual(action["res_id"], trace.id)
        self.assertEqual(trace.node_count, 8)
        top = trace.line_ids.filtered(lambda line: not line.parent_id)
        self.assertEqual(top.name, "GEN-R1")
        self.assertEqual(top.child_ids.name.strip(), "GEN-B")
        self.assertEqual(top.child_ids.kind, "production")
        self.assertIn("<svg", trace.graph_svg)
        self.assertIn("GEN-F2", trace.graph_svg)
        self.assertIn(self.d3.name, trace.leaves_html)
        self.assertIn("Gen Customer Two", trace.leaves_html)
        document = top.child_ids.action_open_document()
        self.assertEqual(
            (document["res_model"], document["res_id"]),
            ("mrp.production", self.mo1.id),
        )
        self.assertEqual(
            trace.action_open_tree()["domain"], [("trace_id", "=", trace.id)]
        )

    def test_lot_buttons_open_computed_traces(self):
        action = self.f1.with_user(self.stock_user).action_trace_backward()
        trace = self.env["stock.lot.trace"].browse(action["res_id"])
        self.assertIn("Gen Supplier One", trace.roots_html)
        self.assertIn(self.po2.name, trace.roots_html)

    def test_genealogy_pdf_names_start_paths_suppliers_and_customers(self):
        trace = (
            self.env["stock.lot.trace"]
            .with_user(self.stock_user)
            .create({"start_ref": f"stock.lot,{self.b.id}", "direction": "both"})
        )
        trace.action_trace()
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
            "Lot genealogy",
            "Start: GEN-B",
            "Lot/Serial",
            "Gen Supplier One",
            self.po2.name,
            "Gen Customer Two",
            self.d3.name,
            f"GEN-R1 --[{self.mo1.name}]--> GEN-B",
        ):
            self.assertIn(expected, text)

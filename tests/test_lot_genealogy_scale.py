from odoo.tests import tagged

from .lot_genealogy_common import LotGenealogyCommon


@tagged("post_install", "-at_install")
class TestLotGenealogyScale(LotGenealogyCommon):
    """A huge trace says what the form leaves out instead of cutting it
    silently, and the form does not carry the whole result."""

    def test_trace_tree_cut_is_reported(self):
        genealogy = self.env["stock.lot.genealogy"]
        result = genealogy.trace("stock.lot", self.r1.id, "forward")
        rows, truncated = genealogy._trace_tree_cut(result)
        self.assertFalse(truncated)
        self.assertEqual(rows, genealogy._trace_tree(result))
        cut, truncated = genealogy._trace_tree_cut(result, limit=3)
        self.assertTrue(truncated)
        self.assertEqual(cut, rows[:3])

    def test_trace_wizard_marks_truncated_tree_and_skips_huge_picture(self):
        parent = self._lot(self.gen_int, "GEN-BULK")
        self.env["stock.lot"].create(
            [
                {
                    "name": f"GEN-BULK/{index:04d}",
                    "product_id": self.gen_int.id,
                    "parent_lot_id": parent.id,
                }
                for index in range(1001)
            ]
        )
        trace = (
            self.env["stock.lot.trace"]
            .with_user(self.stock_user)
            .create({"start_ref": f"stock.lot,{parent.id}", "direction": "forward"})
        )
        trace.action_trace()
        self.assertTrue(trace.is_truncated)
        self.assertEqual(len(trace.line_ids), 1000)
        self.assertEqual(trace.node_count, 1002)
        self.assertTrue(trace._result()["truncated"])
        self.assertNotIn("<svg", trace.graph_svg)
        self.assertIn("too many to draw", trace.graph_svg)

    def test_trace_wizard_small_tree_not_truncated(self):
        trace = (
            self.env["stock.lot.trace"]
            .with_user(self.stock_user)
            .create({"start_ref": f"stock.lot,{self.r1.id}", "direction": "forward"})
        )
        trace.action_trace()
        self.assertFalse(trace.is_truncated)
        self.assertFalse(trace._result()["truncated"])
        self.assertIn("<svg", trace.graph_svg)

    def test_trace_form_does_not_carry_the_result(self):
        views = self.env["stock.lot.trace"].get_views([(False, "form")])
        arch = views["views"]["form"]["arch"]
        self.assertNotIn('name="result_json"', arch)
        self.assertIn('name="is_truncated"', arch)

    def test_trace_leaves_jit_setting_as_it_was(self):
        self.env.cr.execute("SHOW jit")
        before = self.env.cr.fetchone()[0]
        self.env["stock.lot.genealogy"].trace("stock.lot", self.r1.id, "both")
        self.env.cr.execute("SHOW jit")
        self.assertEqual(self.env.cr.fetchone()[0], before)

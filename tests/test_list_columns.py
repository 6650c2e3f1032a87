from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestListColumns(TransactionCase):
    """Second-unit columns come after the Lot and the quantity they
    describe, and show nothing for a product without a second unit."""

    def test_second_unit_columns_after_lot_in_detailed_operations(self):
        view = self.env.ref("stock.view_stock_move_line_operation_tree")
        arch = self.env["stock.move.line"].get_views([(view.id, "list")])["views"][
            "list"
        ]["arch"]
        self.assertLess(
            arch.index('name="lot_id"'), arch.index('name="secondary_quantity"')
        )
        self.assertLess(
            arch.index('name="quantity"'), arch.index('name="secondary_quantity"')
        )
        self.assertIn('invisible="not secondary_uom_id"', arch)

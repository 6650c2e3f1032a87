from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_over_issue import OverIssueCommon


@tagged("post_install", "-at_install")
class TestStockRoomLocations(OverIssueCommon):
    """The stock room takes parts from the shelves below the location chosen,
    and the order then consumes the issued lots from WIP without asking."""

    def test_issue_to_wip_takes_the_lot_from_its_shelf(self):
        lot = self.env["stock.lot"].create(
            {"name": "BOLT-S", "product_id": self.bolt.id}
        )
        self._set_stock(self.bolt, self.shelf, 380, lot_id=lot)
        production = self._production(5)
        self._issue(production, (lot, 10))
        wip = self.warehouse.wip_location_id
        self.assertLotStock(lot, {self.shelf: 370, wip: 10})

    def test_produce_all_after_issue_consumes_the_issued_lots_from_wip(self):
        production = self._production(5)
        self._issue(production, (self.lot_a, 10))
        production = production.with_user(self.stock_user)
        production.action_generate_serial()
        # the form's "Produce All" button
        result = production.button_mark_done()
        self.assertEqual(production.state, "done", result)
        wip = self.warehouse.wip_location_id
        consumed = production.move_raw_ids.move_line_ids
        self.assertEqual(consumed.lot_id, self.lot_a)
        self.assertEqual(consumed.location_id, wip)
        self.assertEqual(sum(consumed.mapped("quantity")), 10)
        self.assertLotStock(self.lot_a, {self.stock_location: 90})

    def test_fail_issue_to_wip_of_lot_missing_required_characteristics(self):
        assay = (
            self.env["product.characteristic"]
            .sudo()
            .create(
                {
                    "name": "Assay",
                    "code": "ASSAY-OI",
                    "value_type": "numeric",
                    "is_required": True,
                }
            )
        )
        self.bolt.sudo().characteristic_ids = [Command.set(assay.ids)]
        production = self._production(5)
        with self.assertRaisesRegex(UserError, "BOLT-A.*Assay"):
            self._issue(production, (self.lot_a, 10))
        self.assertFalse(production.wip_move_ids)
        self.assertLotStock(self.lot_a, {self.stock_location: 100})

from odoo import Command
from odoo.tests import tagged

from .inventory_flow_common import InventoryFlowCommon


@tagged("post_install", "-at_install")
class TestConsolidationRounding(InventoryFlowCommon):
    """Consolidation orders like a buyer: the vendor's minimum first, then
    the smallest multiple at or above it; the preferred vendor stays
    preferred below its minimum; documents of the same transaction count."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cheap_vendor = cls.env["res.partner"].create({"name": "Cheap Bolts"})
        cls.bolt = cls.env["product.product"].create(
            {
                "name": "Bolt",
                "resource_type": "inventory",
                "seller_ids": [
                    Command.create(
                        {
                            "partner_id": cls.vendor.id,
                            "sequence": 1,
                            "price": 2.0,
                            "min_qty": 10,
                            "order_multiple": 4,
                        }
                    ),
                    Command.create(
                        {
                            "partner_id": cls.cheap_vendor.id,
                            "sequence": 2,
                            "price": 3.0,
                        }
                    ),
                ],
            }
        )

    def _consolidate(self, **values):
        consolidation = (
            self.env["purchase.consolidation"]
            .with_user(self.buyer)
            .create({"warehouse_id": self.warehouse.id, **values})
        )
        consolidation.action_compute()
        return consolidation

    def test_need_below_minimum_orders_smallest_multiple_above_it(self):
        self._sell(self.bolt, 7)
        line = self._consolidate().line_ids
        self.assertEqual(line.partner_id, self.vendor)
        self.assertEqual(line.qty_needed, 7)
        self.assertEqual(line.qty_to_order, 12)

    def test_need_above_minimum_rounds_to_multiple(self):
        self._sell(self.bolt, 13)
        line = self._consolidate().line_ids
        self.assertEqual(line.qty_to_order, 16)

    def test_price_choice_takes_vendor_whose_minimum_is_reached(self):
        self._sell(self.bolt, 7)
        line = self._consolidate(vendor_choice="price").line_ids
        self.assertEqual(line.partner_id, self.cheap_vendor)
        self.assertEqual(line.qty_to_order, 7)

    def test_consolidation_sees_rfqs_created_in_same_transaction(self):
        self._sell(self.bolt, 7)
        first = self._consolidate()
        first.action_create_rfqs()
        # No flush in between: the next run must see the new RFQ line.
        second = self._consolidate()
        self.assertFalse(second.line_ids.filtered(lambda l: l.product_id == self.bolt))

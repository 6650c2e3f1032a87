from datetime import datetime, timedelta

from odoo import Command
from odoo.tests import tagged

from .common import ProcessInventoryCommon

MADE = datetime(2026, 3, 1, 8, 0)


@tagged("post_install", "-at_install")
class TestLotDatesFollow(ProcessInventoryCommon):
    """product_expiry's best-before, removal and alert dates follow a lot's
    changed dates on every path, sub-lots with their own manufacturing date
    keep it, and FEFO / usage priority ties go to the oldest made."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {
                "name": "Follow Resin",
                "is_storable": True,
                "resource_type": "inventory",
                "uom_id": cls.uom_kg.id,
                "uom_po_id": cls.uom_kg.id,
                "tracking": "lot",
                "use_sub_lots": True,
                "use_expiration_date": True,
                "expiration_time": 100,
                "use_time": 20,
                "removal_time": 10,
                "alert_time": 5,
            }
        )
        cls.Lot = cls.env["stock.lot"].with_user(cls.stock_user)

    def _batch(self, name, made, sub_lot_dates=None):
        parent = self.Lot.create(
            {"name": name, "product_id": self.product.id, "manufacturing_date": made}
        )
        sub_lot = self.Lot.create(
            {
                "name": f"{name}/01",
                "product_id": self.product.id,
                "parent_lot_id": parent.id,
                **(sub_lot_dates or {}),
            }
        )
        return parent, sub_lot

    def test_sub_lot_removal_date_follows_parent_brought_forward(self):
        parent, sub_lot = self._batch("F-1", MADE)
        parent.manufacturing_date = MADE - timedelta(days=30)
        self.assertEqual(sub_lot.expiration_date, MADE + timedelta(days=70))
        self.assertEqual(sub_lot.removal_date, MADE + timedelta(days=60))
        self.assertEqual(sub_lot.use_date, MADE + timedelta(days=50))
        self.assertEqual(sub_lot.alert_date, MADE + timedelta(days=65))

    def test_expiration_written_directly_moves_removal_date(self):
        lot = self.Lot.create(
            {"name": "F-2", "product_id": self.product.id, "manufacturing_date": MADE}
        )
        lot.write({"expiration_date": datetime(2026, 5, 1)})
        self.assertEqual(lot.removal_date, datetime(2026, 4, 21))
        self.assertEqual(lot.alert_date, datetime(2026, 4, 26))

    def test_removal_date_written_with_expiration_is_kept(self):
        lot = self.Lot.create(
            {"name": "F-3", "product_id": self.product.id, "manufacturing_date": MADE}
        )
        lot.write(
            {
                "expiration_date": datetime(2026, 5, 1),
                "removal_date": datetime(2026, 4, 1),
            }
        )
        self.assertEqual(lot.removal_date, datetime(2026, 4, 1))

    def test_fefo_reserves_by_updated_removal_date(self):
        # Recent batches: expired lots are not reserved at all.
        made = datetime.now().replace(microsecond=0) - timedelta(days=30)
        _old_parent, old_sub = self._batch("F-OLD", made)
        new_parent, new_sub = self._batch("F-NEW", made + timedelta(days=20))
        Quant = self.env["stock.quant"]
        Quant._update_available_quantity(
            self.product, self.stock_location, 5, lot_id=old_sub
        )
        Quant._update_available_quantity(
            self.product, self.stock_location, 5, lot_id=new_sub
        )
        # The newer batch turns out to have been made first.
        new_parent.manufacturing_date = made - timedelta(days=20)
        delivery = (
            self.env["stock.picking"]
            .with_user(self.stock_user)
            .create(
                {
                    "picking_type_id": self.warehouse.out_type_id.id,
                    "location_id": self.stock_location.id,
                    "location_dest_id": self.customer_location.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": "Resin",
                                "product_id": self.product.id,
                                "product_uom_qty": 5,
                                "product_uom": self.uom_kg.id,
                                "location_id": self.stock_location.id,
                                "location_dest_id": self.customer_location.id,
                            }
                        )
                    ],
                }
            )
        )
        delivery.action_confirm()
        delivery.action_assign()
        self.assertEqual(delivery.move_ids.move_line_ids.lot_id, new_sub)

    def test_sub_lot_own_manufacturing_date_is_kept(self):
        own = MADE + timedelta(days=2)
        parent, sub_lot = self._batch("F-4", MADE, {"manufacturing_date": own})
        self.assertTrue(sub_lot.is_manufacturing_date_entered)
        self.assertEqual(sub_lot.expiration_date, own + timedelta(days=100))
        parent.manufacturing_date = MADE - timedelta(days=10)
        self.assertEqual(sub_lot.manufacturing_date, own)
        self.assertEqual(sub_lot.expiration_date, own + timedelta(days=100))
        self.assertEqual(sub_lot.removal_date, own + timedelta(days=90))

    def test_sub_lot_own_date_written_later_is_kept(self):
        parent, sub_lot = self._batch("F-5", MADE)
        own = MADE + timedelta(days=1)
        sub_lot.manufacturing_date = own
        parent.manufacturing_date = MADE + timedelta(days=5)
        self.assertEqual(sub_lot.manufacturing_date, own)
        self.assertEqual(sub_lot.expiration_date, own + timedelta(days=100))

    def test_usage_priority_ties_break_by_oldest_made_then_name(self):
        expiry = datetime(2026, 9, 1)
        lots = self.Lot.create(
            [
                {
                    "name": name,
                    "product_id": self.product.id,
                    "manufacturing_date": made,
                    "expiration_date": expiry,
                }
                for name, made in (
                    ("T-B", MADE),
                    ("T-C", MADE - timedelta(days=3)),
                    ("T-A", MADE),
                )
            ]
        )
        subs = self.Lot.create(
            [
                {
                    "name": f"{lot.name}/01",
                    "product_id": self.product.id,
                    "parent_lot_id": lot.id,
                }
                for lot in lots
            ]
        )
        Quant = self.env["stock.quant"]
        # Created in an order that differs from the expected priority.
        for sub in subs:
            Quant._update_available_quantity(
                self.product, self.stock_location, 1, lot_id=sub
            )
        quants = Quant.search([("lot_id", "in", subs.ids)])
        priority = {q.lot_id.name: q.usage_priority for q in quants}
        self.assertEqual(priority, {"T-C/01": 1, "T-A/01": 2, "T-B/01": 3})

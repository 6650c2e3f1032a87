from datetime import datetime, timedelta

from odoo import Command, fields
from odoo.tests import Form, tagged

from .common import ProcessInventoryCommon

MADE = datetime(2026, 3, 1, 8, 0)


@tagged("post_install", "-at_install")
class TestLotDates(ProcessInventoryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {
                "name": "Expiring Resin",
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
                "retest_interval_days": 30,
            }
        )
        cls.Lot = cls.env["stock.lot"].with_user(cls.stock_user)

    def test_generated_expiration_counts_from_manufacturing_date(self):
        lot = self.Lot.create(
            {"name": "G-1", "product_id": self.product.id, "manufacturing_date": MADE}
        )
        self.assertEqual(lot.expiration_date_mode, "generated")
        self.assertEqual(lot.expiration_date, MADE + timedelta(days=100))
        # product_expiry's dates follow the generated expiration
        self.assertEqual(lot.use_date, MADE + timedelta(days=80))
        self.assertEqual(lot.removal_date, MADE + timedelta(days=90))
        self.assertEqual(lot.alert_date, MADE + timedelta(days=95))
        self.assertEqual(lot.retest_date, MADE + timedelta(days=30))

    def test_generated_expiration_follows_a_corrected_manufacturing_date(self):
        lot = self.Lot.create(
            {"name": "G-2", "product_id": self.product.id, "manufacturing_date": MADE}
        )
        lot.manufacturing_date = MADE + timedelta(days=2)
        self.assertEqual(lot.expiration_date, MADE + timedelta(days=102))
        self.assertEqual(lot.removal_date, MADE + timedelta(days=92))
        self.assertEqual(lot.retest_date, MADE + timedelta(days=32))

    def test_lot_without_manufacturing_date_is_made_now(self):
        lot = self.Lot.create({"name": "G-3", "product_id": self.product.id})
        self.assertAlmostEqual(
            lot.manufacturing_date, fields.Datetime.now(), delta=timedelta(minutes=5)
        )
        self.assertEqual(
            lot.expiration_date, lot.manufacturing_date + timedelta(days=100)
        )

    def test_entered_expiration_is_kept_and_marked_entered(self):
        entered = datetime(2027, 1, 15)
        lot = self.Lot.create(
            {
                "name": "E-1",
                "product_id": self.product.id,
                "manufacturing_date": MADE,
                "expiration_date": entered,
            }
        )
        self.assertEqual(lot.expiration_date_mode, "entered")
        lot.manufacturing_date = MADE + timedelta(days=5)
        self.assertEqual(lot.expiration_date, entered)
        self.assertEqual(lot.removal_date, entered - timedelta(days=10))

    def test_expiration_typed_in_the_form_becomes_entered(self):
        lot = self.Lot.create(
            {"name": "E-2", "product_id": self.product.id, "manufacturing_date": MADE}
        )
        with Form(lot) as lot_form:
            lot_form.expiration_date = datetime(2026, 5, 1)
        self.assertEqual(lot.expiration_date_mode, "entered")
        self.assertEqual(lot.expiration_date, datetime(2026, 5, 1))
        self.assertEqual(lot.removal_date, datetime(2026, 4, 21))
        lot.expiration_date_mode = "generated"
        self.assertEqual(lot.expiration_date, MADE + timedelta(days=100))

    def test_sub_lot_inherits_parent_dates(self):
        parent = self.Lot.create(
            {"name": "P-1", "product_id": self.product.id, "manufacturing_date": MADE}
        )
        sub_lot = self.Lot.create(
            {
                "name": "P-1/01",
                "product_id": self.product.id,
                "parent_lot_id": parent.id,
            }
        )
        self.assertEqual(sub_lot.manufacturing_date, MADE)
        self.assertEqual(sub_lot.expiration_date, parent.expiration_date)
        self.assertEqual(sub_lot.removal_date, parent.removal_date)
        self.assertEqual(sub_lot.retest_date, parent.retest_date)
        parent.manufacturing_date = MADE + timedelta(days=1)
        self.assertEqual(sub_lot.manufacturing_date, MADE + timedelta(days=1))
        self.assertEqual(sub_lot.expiration_date, MADE + timedelta(days=101))

    def test_sub_lot_overriding_expiration_keeps_it(self):
        parent = self.Lot.create(
            {"name": "P-2", "product_id": self.product.id, "manufacturing_date": MADE}
        )
        sub_lot = self.Lot.create(
            {
                "name": "P-2/01",
                "product_id": self.product.id,
                "parent_lot_id": parent.id,
                "expiration_date": datetime(2026, 4, 1),
            }
        )
        parent.manufacturing_date = MADE + timedelta(days=3)
        self.assertEqual(sub_lot.expiration_date, datetime(2026, 4, 1))
        self.assertEqual(sub_lot.expiration_date_mode, "entered")

    def _receive(self, lot_name, expiration_date=None):
        receipt = (
            self.env["stock.picking"]
            .with_user(self.stock_user)
            .create(
                {
                    "picking_type_id": self.warehouse.in_type_id.id,
                    "location_id": self.supplier_location.id,
                    "location_dest_id": self.shelf.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": "Resin",
                                "product_id": self.product.id,
                                "product_uom_qty": 5,
                                "product_uom": self.uom_kg.id,
                                "location_id": self.supplier_location.id,
                                "location_dest_id": self.shelf.id,
                            }
                        )
                    ],
                }
            )
        )
        receipt.action_confirm()
        line = receipt.move_ids.move_line_ids
        line.write({"lot_name": lot_name, "quantity": 5})
        if expiration_date:
            line.expiration_date = expiration_date
        receipt.move_ids.picked = True
        receipt.button_validate()
        return line.lot_id

    def test_receipt_with_proposed_expiration_is_generated(self):
        lot = self._receive("R-1/01")
        self.assertEqual(lot.parent_lot_id.name, "R-1")
        self.assertEqual(lot.expiration_date_mode, "generated")
        self.assertEqual(
            lot.expiration_date, lot.manufacturing_date + timedelta(days=100)
        )

    def test_receipt_with_typed_expiration_is_entered(self):
        lot = self._receive("R-2/01", expiration_date=datetime(2028, 2, 2))
        self.assertEqual(lot.expiration_date_mode, "entered")
        self.assertEqual(lot.expiration_date, datetime(2028, 2, 2))

from datetime import datetime, timedelta

from odoo import Command, fields
from odoo.tests import Form, tagged

from .common import ProcessInventoryCommon


@tagged("post_install", "-at_install")
class TestExpiryInquiry(ProcessInventoryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {
                "name": "Expiring Binder",
                "resource_type": "inventory",
                "uom_id": cls.uom_kg.id,
                "uom_po_id": cls.uom_kg.id,
                "tracking": "lot",
                "use_expiration_date": True,
                "expiration_time": 90,
            }
        )
        now = fields.Datetime.now().replace(microsecond=0)
        Lot = cls.env["stock.lot"]
        # Received first but expiring last, then the reverse.
        cls.lot_late = Lot.create(
            {
                "name": "LATE",
                "product_id": cls.product.id,
                "expiration_date": now + timedelta(days=60),
            }
        )
        cls.lot_early = Lot.create(
            {
                "name": "EARLY",
                "product_id": cls.product.id,
                "expiration_date": now + timedelta(days=10),
            }
        )
        cls.lot_middle = Lot.create(
            {
                "name": "MIDDLE",
                "product_id": cls.product.id,
                "expiration_date": now + timedelta(days=30),
            }
        )
        for lot, days_ago in (
            (cls.lot_late, 30),
            (cls.lot_middle, 20),
            (cls.lot_early, 10),
        ):
            cls._set_stock(
                cls.product,
                cls.shelf,
                10,
                lot_id=lot,
                in_date=datetime.now() - timedelta(days=days_ago),
            )

    def _inquiry(self, **values):
        wizard_form = Form(
            self.env["stock.quant.expiry.inquiry"].with_user(self.stock_user)
        )
        for name, value in values.items():
            setattr(wizard_form, name, value)
        action = wizard_form.save().action_open()
        return (
            self.env["stock.quant"]
            .with_user(self.stock_user)
            .search(action["domain"], order="removal_date, expiration_date, in_date")
        )

    def test_inquiry_lists_stock_expiring_by_the_date_in_usage_order(self):
        quants = self._inquiry(
            date_limit=fields.Date.today() + timedelta(days=40),
            product_ids=self.product,
        )
        self.assertEqual(quants.lot_id.mapped("name"), ["EARLY", "MIDDLE"])
        self.assertEqual(quants.mapped("usage_priority"), [1, 2])
        self.assertEqual(quants.mapped("expiration_days_left"), [10, 30])
        self.assertEqual(
            quants[0].manufacturing_date, self.lot_early.manufacturing_date
        )

    def test_usage_priority_puts_first_expiring_first_then_oldest(self):
        same_day = self.lot_early.expiration_date
        # Same expiration, made earlier: used first (ties go to the oldest made).
        twin = self.env["stock.lot"].create(
            {
                "name": "TWIN",
                "product_id": self.product.id,
                "expiration_date": same_day,
                "manufacturing_date": datetime.now() - timedelta(days=40),
            }
        )
        self._set_stock(
            self.product,
            self.shelf,
            5,
            lot_id=twin,
            in_date=datetime.now() - timedelta(days=40),
        )
        quants = self._inquiry(date_limit=False, product_ids=self.product)
        ranked = quants.sorted("usage_priority")
        self.assertEqual(
            ranked.lot_id.mapped("name"), ["TWIN", "EARLY", "MIDDLE", "LATE"]
        )

    def test_inquiry_filters_by_site(self):
        other = self.env["stock.warehouse"].create({"name": "Other", "code": "OTH"})
        other.view_location_id.storage_level = "site"
        self._set_stock(self.product, other.lot_stock_id, 3, lot_id=self.lot_late)
        quants = self._inquiry(date_limit=False, site_ids=other.view_location_id)
        self.assertEqual(quants.location_id, other.lot_stock_id)
        self.assertEqual(quants.quantity, 3)

    def test_delivery_reserves_first_expiring_lot_first(self):
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
                                "name": "Binder",
                                "product_id": self.product.id,
                                "product_uom_qty": 15,
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
        reserved = {line.lot_id.name: line.quantity for line in delivery.move_line_ids}
        self.assertEqual(reserved, {"EARLY": 10, "MIDDLE": 5})

    def test_explicit_removal_strategy_wins_over_fefo(self):
        self.product.categ_id = self.env["product.category"].create(
            {
                "name": "LIFO goods",
                "removal_strategy_id": self.env.ref("stock.removal_lifo").id,
            }
        )
        self.assertEqual(
            self.env["stock.quant"]._get_removal_strategy(
                self.product, self.stock_location
            ),
            "lifo",
        )

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import ProcessInventoryCommon


@tagged("post_install", "-at_install")
class TestSubLotRules(ProcessInventoryCommon):
    """Stock of a sub-lot product always sits on a sub-lot, also when a
    sub-lot's parent is cleared; a characteristic's type or limits cannot
    change under the lots' values."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Product = cls.env["product.product"]
        cls.batch_product = Product.create(
            {
                "name": "Batch Resin",
                "is_storable": True,
                "resource_type": "inventory",
                "tracking": "lot",
                "use_sub_lots": True,
            }
        )
        cls.Lot = cls.env["stock.lot"].with_user(cls.stock_manager)

    def test_fail_clear_parent_of_sub_lot_holding_stock(self):
        parent = self.Lot.create({"name": "S-1", "product_id": self.batch_product.id})
        sub_lot = self.Lot.create(
            {
                "name": "S-1/01",
                "product_id": self.batch_product.id,
                "parent_lot_id": parent.id,
            }
        )
        self.env["stock.quant"]._update_available_quantity(
            self.batch_product, self.stock_location, 4, lot_id=sub_lot
        )
        with (
            self.assertRaisesRegex(ValidationError, "S-1/01.*holds stock"),
            self.env.cr.savepoint(),
        ):
            sub_lot.parent_lot_id = False
        sub_lot.invalidate_recordset()
        self.assertEqual(sub_lot.parent_lot_id, parent)

    def test_clear_parent_of_empty_sub_lot_is_allowed(self):
        parent = self.Lot.create({"name": "S-2", "product_id": self.batch_product.id})
        sub_lot = self.Lot.create(
            {
                "name": "S-2/01",
                "product_id": self.batch_product.id,
                "parent_lot_id": parent.id,
            }
        )
        sub_lot.parent_lot_id = False
        self.assertFalse(sub_lot.parent_lot_id)


@tagged("post_install", "-at_install")
class TestCharacteristicChangeRecheck(ProcessInventoryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.viscosity = cls.env["product.characteristic"].create(
            {"name": "Viscosity", "code": "VISC-T14", "value_type": "numeric"}
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Measured Resin",
                "resource_type": "inventory",
                "tracking": "lot",
                "characteristic_ids": [(4, cls.viscosity.id)],
            }
        )
        cls.lot = cls.env["stock.lot"].create(
            {
                "name": "M-1",
                "product_id": cls.product.id,
                "characteristic_value_ids": [
                    (0, 0, {"characteristic_id": cls.viscosity.id, "value": "12.5"})
                ],
            }
        )

    def test_fail_numeric_becomes_boolean_with_numbers_held(self):
        with (
            self.assertRaisesRegex(ValidationError, "M-1.*not a yes / no"),
            self.env.cr.savepoint(),
        ):
            self.viscosity.value_type = "boolean"
        self.env.invalidate_all()
        self.assertEqual(self.viscosity.value_type, "numeric")
        self.assertEqual(self.lot.characteristic_value_ids.value_float, 12.5)

    def test_fail_maximum_below_held_value(self):
        with self.assertRaisesRegex(ValidationError, "M-1.*above the maximum"):
            self.viscosity.write({"use_max_value": True, "max_value": 10})

    def test_limits_the_values_respect_are_allowed(self):
        self.viscosity.write({"use_max_value": True, "max_value": 20})
        self.assertEqual(self.viscosity.max_value, 20)

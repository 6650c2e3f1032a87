from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from . import test_dual_unit_stock
from .test_unit_conversion import DualUnitCommon


@tagged("post_install", "-at_install")
class TestSecondaryQuantityRules(DualUnitCommon):
    """Actual second quantities (weights): never negative or zero when goods
    move, kept through ship-and-return and on a found lot's count."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.picking_type_in = cls.warehouse.in_type_id
        cls.picking_type_out = cls.warehouse.out_type_id

    # The receipt and delivery helpers of the dual-unit stock tests.
    _picking = test_dual_unit_stock.TestDualUnitStock._picking
    _receive = test_dual_unit_stock.TestDualUnitStock._receive
    _deliver = test_dual_unit_stock.TestDualUnitStock._deliver
    _quant = test_dual_unit_stock.TestDualUnitStock._quant
    _lot_named = test_dual_unit_stock.TestDualUnitStock._lot_named

    def test_fail_negative_weight_on_receipt(self):
        with self.assertRaisesRegex(ValidationError, "must be positive, not -5"):
            self._receive(self.fish, 10.0, "F-NEG", secondary=-5.0)

    def test_fail_zero_weight_on_receipt(self):
        with self.assertRaisesRegex(ValidationError, "must be positive"):
            self._receive(self.fish, 10.0, "F-ZERO", secondary=0.0)

    def test_fail_negative_counted_weight(self):
        self._receive(self.fish, 10.0, "F-CNT", secondary=126.4)
        quant = self._quant(self.fish, self._lot_named(self.fish, "F-CNT"))
        counted = quant.with_user(self.stock_user).with_context(inventory_mode=True)
        with self.assertRaisesRegex(ValidationError, "counted second quantity"):
            counted.write(
                {"inventory_quantity": 9.0, "secondary_inventory_quantity": -1.0}
            )

    def test_return_brings_back_actual_weight(self):
        self._receive(self.fish, 10.0, "F-RET", secondary=126.4)
        lot = self._lot_named(self.fish, "F-RET")
        delivery = self._deliver(self.fish, 10.0, 10.0)
        self.assertAlmostEqual(delivery.move_ids.secondary_quantity, 126.4)
        wizard = Form(
            self.env["stock.return.picking"]
            .with_user(self.stock_user)
            .with_context(active_id=delivery.id, active_model="stock.picking")
        ).save()
        wizard.product_return_moves.quantity = 10.0
        action = wizard.action_create_returns()
        back = self.env["stock.picking"].browse(action["res_id"])
        back.move_ids.move_line_ids.lot_id = lot
        back.move_ids.picked = True
        back.with_user(self.stock_user).button_validate()
        self.assertEqual(back.state, "done")
        self.assertAlmostEqual(back.move_ids.move_line_ids.secondary_quantity, 126.4)
        self.assertAlmostEqual(self._quant(self.fish, lot).secondary_quantity, 126.4)

    def test_found_lot_count_keeps_entered_weight(self):
        lot = self.env["stock.lot"].create(
            {"name": "F-FOUND", "product_id": self.fish.id}
        )
        quant = (
            self.env["stock.quant"]
            .with_user(self.stock_user)
            .with_context(inventory_mode=True)
            .create(
                {
                    "product_id": self.fish.id,
                    "location_id": self.stock_location.id,
                    "lot_id": lot.id,
                    "inventory_quantity": 5.0,
                    "secondary_inventory_quantity": 70.0,
                }
            )
        )
        self.assertAlmostEqual(quant.secondary_inventory_quantity, 70.0)
        quant.inventory_reason_id = self.env.ref(
            "process_inventory.inventory_reason_count_correction"
        )
        quant.action_apply_inventory()
        self.assertAlmostEqual(quant.quantity, 5.0)
        self.assertAlmostEqual(quant.secondary_quantity, 70.0)

    def test_return_line_of_other_lot_keeps_ratio(self):
        # Guard: the actual ratio of the returned move applies to its own lot.
        self._receive(self.fish, 10.0, "F-R1", secondary=126.4)
        delivery = self._deliver(self.fish, 10.0, 10.0)
        other = self.env["stock.lot"].create(
            {"name": "F-R2", "product_id": self.fish.id}
        )
        wizard = Form(
            self.env["stock.return.picking"]
            .with_user(self.stock_user)
            .with_context(active_id=delivery.id, active_model="stock.picking")
        ).save()
        wizard.product_return_moves.quantity = 2.0
        action = wizard.action_create_returns()
        back = self.env["stock.picking"].browse(action["res_id"])
        back.move_ids.move_line_ids = [Command.clear()]
        back.move_ids.move_line_ids = [
            Command.create(
                {
                    "product_id": self.fish.id,
                    "lot_id": other.id,
                    "quantity": 2.0,
                    "product_uom_id": self.fish.uom_id.id,
                    "location_id": back.location_id.id,
                    "location_dest_id": back.location_dest_id.id,
                }
            )
        ]
        self.assertAlmostEqual(back.move_ids.move_line_ids.secondary_quantity, 25.0)

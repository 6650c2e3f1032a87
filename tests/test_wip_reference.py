from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from . import test_stock_room
from .inventory_flow_common import InventoryFlowCommon


class StockRoomCommon(InventoryFlowCommon):
    """The stock room's bolts and brackets (as in test_stock_room)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Product = cls.env["product.product"]
        cls.bolt = Product.create(
            {"name": "Bolt", "resource_type": "inventory", "tracking": "lot"}
        )
        cls.bracket = Product.create(
            {"name": "Bracket", "resource_type": "inventory", "tracking": "lot"}
        )
        cls.bracket_bom = cls._make_bom(cls.bracket, [(cls.bolt, 2)])
        released = cls.env.ref("process_inventory.classification_released")
        failed = cls.env.ref("process_inventory.classification_fail")
        cls.lot_a, cls.lot_b, cls.lot_fail = cls.env["stock.lot"].create(
            [
                {
                    "name": "BOLT-A",
                    "product_id": cls.bolt.id,
                    "classification_id": released.id,
                },
                {"name": "BOLT-B", "product_id": cls.bolt.id},
                {
                    "name": "BOLT-F",
                    "product_id": cls.bolt.id,
                    "classification_id": failed.id,
                },
            ]
        )
        for lot in (cls.lot_a, cls.lot_b, cls.lot_fail):
            cls._set_stock(cls.bolt, cls.stock_location, 20, lot_id=lot)

    # The stock room tests' helpers.
    _production = test_stock_room.TestStockRoom._production
    _issue = test_stock_room.TestStockRoom._issue
    _lot_quantity = test_stock_room.TestStockRoom._lot_quantity


@tagged("post_install", "-at_install")
class TestWipReference(StockRoomCommon):
    """Seed 002: parts issued to WIP against a sales order or a free
    work-order number, without a manufacturing order, then returned or
    consumed against the same reference."""

    def _reference(self, **values):
        return (
            self.env["stock.wip.reference"]
            .with_user(self.stock_user)
            .create({"warehouse_id": self.warehouse.id, **values})
        )

    def _operate(self, reference, operation, *lots_quantities):
        return (
            self.env["stock.wip.reference.operation"]
            .with_user(self.stock_user)
            .create(
                {
                    "reference_id": reference.id,
                    "operation": operation,
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": self.bolt.id,
                                "lot_id": lot.id,
                                "quantity": quantity,
                                "location_id": self.stock_location.id,
                            }
                        )
                        for lot, quantity in lots_quantities
                    ],
                }
            )
            .action_apply()
        )

    def test_issue_return_and_consume_against_work_order_number(self):
        reference = self._reference(name="WO-4711")
        wip = self.warehouse._get_wip_location()
        self._operate(reference, "issue", (self.lot_a, 8))
        self.assertEqual(self._lot_quantity(self.lot_a, wip), 8)
        self.assertEqual(self._lot_quantity(self.lot_a, self.stock_location), 12)
        self._operate(reference, "return", (self.lot_a, 3))
        self._operate(reference, "consume", (self.lot_a, 5))
        self.assertEqual(self._lot_quantity(self.lot_a, wip), 0)
        self.assertEqual(self._lot_quantity(self.lot_a, self.stock_location), 15)
        self.assertEqual(reference.get_wip_balance(), [])
        self.assertEqual(len(reference.move_ids), 3)
        self.assertEqual(set(reference.move_ids.mapped("origin")), {"WO-4711"})

    def test_issue_against_sales_order_is_named_after_it(self):
        order = self._sell(self.bracket, 2)
        reference = self._reference(sale_order_id=order.id)
        self.assertEqual(reference.name, order.name)
        self._operate(reference, "issue", (self.lot_b, 4))
        self.assertEqual(
            reference.get_wip_balance(),
            [{"product_id": self.bolt.id, "lot_id": self.lot_b.id, "quantity": 4.0}],
        )

    def test_fail_return_more_than_reference_holds(self):
        reference = self._reference(name="WO-1")
        other = self._reference(name="WO-2")
        self._operate(reference, "issue", (self.lot_a, 2))
        self._operate(other, "issue", (self.lot_a, 5))
        with self.assertRaisesRegex(UserError, "WO-1 holds 2"):
            self._operate(reference, "consume", (self.lot_a, 3))
        with self.assertRaisesRegex(UserError, "WO-1 holds 0.0 Units of Bolt"):
            self._operate(reference, "return", (self.lot_a, 1), (self.lot_b, 1))
        self.assertEqual(
            reference.get_wip_balance(),
            [{"product_id": self.bolt.id, "lot_id": self.lot_a.id, "quantity": 2.0}],
        )

    def test_fail_lot_cannot_be_issued_against_reference(self):
        reference = self._reference(name="WO-F")
        with self.assertRaisesRegex(UserError, "BOLT-F"):
            self._operate(reference, "issue", (self.lot_fail, 1))


@tagged("post_install", "-at_install")
class TestReceiveShortage(StockRoomCommon):
    """Receiving assemblies with fewer parts issued than the bill of
    materials needs says what is missing and consumes only what was issued."""

    def _receive(self, production, **values):
        return (
            self.env["mrp.production.receive"]
            .with_user(self.stock_user)
            .create({"production_id": production.id, "lot_name": "BRK-S", **values})
        )

    def test_fail_receive_with_fewer_parts_than_bom(self):
        production = self._production(5)
        self._issue(production, (self.lot_a, 6))
        wizard = self._receive(production)
        self.assertIn("10.0 Units needed, 6.0 issued", wizard.shortage)
        with self.assertRaisesRegex(UserError, "Bolt: 10.0 Units needed, 6.0 issued"):
            wizard.action_receive()
        self.assertEqual(production.state, "confirmed")

    def test_confirmed_shortage_consumes_only_issued_parts(self):
        production = self._production(5)
        self._issue(production, (self.lot_a, 6))
        self._receive(production, accept_shortage=True).action_receive()
        self.assertEqual(production.state, "done")
        consumed = {
            line.lot_id: line.quantity for line in production.move_raw_ids.move_line_ids
        }
        self.assertEqual(consumed, {self.lot_a: 6})
        self.assertEqual(self._lot_quantity(self.lot_a, self.stock_location), 14)
        self.assertEqual(self._lot_quantity(self.lot_b, self.stock_location), 20)
        self.assertTrue(
            any(
                "not consumed" in body for body in production.message_ids.mapped("body")
            )
        )

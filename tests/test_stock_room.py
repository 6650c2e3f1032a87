from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .inventory_flow_common import InventoryFlowCommon


@tagged("post_install", "-at_install")
class TestStockRoom(InventoryFlowCommon):
    """Lot-tracked bolts (two released lots and a failed one) assembled two
    by two into lot-tracked brackets."""

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
        Lot = cls.env["stock.lot"]
        released = cls.env.ref("process_inventory.classification_released")
        cls.lot_a, cls.lot_b, cls.lot_fail = Lot.create(
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
                    "classification_id": cls.env.ref(
                        "process_inventory.classification_fail"
                    ).id,
                },
            ]
        )
        for lot in (cls.lot_a, cls.lot_b, cls.lot_fail):
            cls._set_stock(cls.bolt, cls.stock_location, 20, lot_id=lot)

    def _production(self, quantity):
        production = (
            self.env["mrp.production"]
            .with_user(self.stock_user)
            .create(
                {
                    "product_id": self.bracket.id,
                    "product_qty": quantity,
                    "bom_id": self.bracket_bom.id,
                    "picking_type_id": self.warehouse.manu_type_id.id,
                }
            )
        )
        production.action_confirm()
        return production

    def _issue(self, production, *lots_quantities):
        return (
            self.env["mrp.production.issue"]
            .with_user(self.stock_user)
            .create(
                {
                    "production_id": production.id,
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
            .action_issue()
        )

    def _lot_quantity(self, lot, location):
        return sum(
            self.env["stock.quant"]
            .search([("lot_id", "=", lot.id), ("location_id", "=", location.id)])
            .mapped("quantity")
        )

    def test_issue_to_wip_then_receive_consumes_exactly_the_issued_lots(self):
        production = self._production(5)
        self._issue(production, (self.lot_a, 6), (self.lot_b, 4))
        wip = self.warehouse.wip_location_id
        self.assertTrue(wip.is_wip_location)
        self.assertEqual(self._lot_quantity(self.lot_a, wip), 6)
        self.assertEqual(self._lot_quantity(self.lot_b, wip), 4)
        # the failed lot's 20 stay on hand but are not nettable
        self.assertBuckets(self.bolt, on_hand=50, nettable=30, wip=10, allocated=0)

        self.env["mrp.production.receive"].with_user(self.stock_user).create(
            {"production_id": production.id, "lot_name": "BRK-001"}
        ).action_receive()

        self.assertEqual(production.state, "done")
        consumed = {
            line.lot_id: line.quantity for line in production.move_raw_ids.move_line_ids
        }
        self.assertEqual(consumed, {self.lot_a: 6, self.lot_b: 4})
        self.assertEqual(self._lot_quantity(self.lot_a, wip), 0)
        self.assertBuckets(self.bolt, wip=0, on_hand=50)
        self.assertEqual(production.lot_producing_id.name, "BRK-001")
        self.assertBuckets(self.bracket, on_hand=5, in_production=0)
        self.assertEqual(
            self._lot_quantity(production.lot_producing_id, self.stock_location), 5
        )

    def test_fail_lot_cannot_be_issued_to_production(self):
        production = self._production(5)
        with self.assertRaisesRegex(UserError, "BOLT-F"):
            self._issue(production, (self.lot_a, 4), (self.lot_fail, 6))
        self.assertFalse(production.wip_move_ids)
        self.assertBuckets(self.bolt, wip=0, on_hand=60)

    def test_stock_in_quarantine_location_cannot_be_issued_to_wip(self):
        bay = self.env["stock.location"].create(
            {
                "name": "Quarantine Bay",
                "location_id": self.stock_location.id,
                "classification_id": self.env.ref(
                    "process_inventory.classification_quarantine"
                ).id,
            }
        )
        self._set_stock(self.bolt, bay, 10, lot_id=self.lot_b)
        production = self._production(2)
        issue = (
            self.env["mrp.production.issue"]
            .with_user(self.stock_user)
            .create(
                {
                    "production_id": production.id,
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": self.bolt.id,
                                "lot_id": self.lot_b.id,
                                "quantity": 4,
                                "location_id": bay.id,
                            }
                        )
                    ],
                }
            )
        )
        with self.assertRaisesRegex(UserError, "Quarantine"):
            issue.action_issue()
        self.assertEqual(self._lot_quantity(self.lot_b, bay), 10)

    def test_issue_more_than_the_lot_holds_is_refused(self):
        production = self._production(15)
        with self.assertRaisesRegex(UserError, "BOLT-A"):
            self._issue(production, (self.lot_a, 30))
        self.assertBuckets(self.bolt, wip=0)

    def test_issue_of_tracked_part_needs_a_lot(self):
        production = self._production(5)
        with self.assertRaisesRegex(UserError, "choose the lot"):
            self._issue(production, (self.env["stock.lot"], 10))

    def test_receive_without_issue_is_refused(self):
        production = self._production(5)
        with self.assertRaisesRegex(UserError, "Nothing was issued"):
            self.env["mrp.production.receive"].with_user(self.stock_user).create(
                {"production_id": production.id}
            ).action_receive()
        self.assertEqual(production.state, "confirmed")

    def _convert(self, quantity, *lots_quantities, lot_name="BRK-C1"):
        return (
            self.env["mrp.production.convert"]
            .with_user(self.stock_user)
            .create(
                {
                    "bom_id": self.bracket_bom.id,
                    "product_qty": quantity,
                    "lot_name": lot_name,
                    "picking_type_id": self.warehouse.manu_type_id.id,
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": self.bolt.id,
                                "lot_id": lot.id,
                                "quantity": qty,
                            }
                        )
                        for lot, qty in lots_quantities
                    ],
                }
            )
            .action_convert()
        )

    def test_convert_parts_to_assemblies_in_one_step(self):
        action = self._convert(3, (self.lot_b, 6))
        production = self.env["mrp.production"].browse(action["res_id"])
        self.assertEqual(production.state, "done")
        self.assertEqual(production.move_raw_ids.move_line_ids.lot_id, self.lot_b)
        self.assertEqual(self._lot_quantity(self.lot_b, self.stock_location), 14)
        self.assertEqual(production.lot_producing_id.name, "BRK-C1")
        self.assertBuckets(self.bracket, on_hand=3, wip=0)
        self.assertBuckets(self.bolt, wip=0, on_hand=54)

    def test_convert_with_fail_lot_refused_and_leaves_nothing(self):
        productions = self.env["mrp.production"].search_count([])
        with self.assertRaisesRegex(UserError, "BOLT-F"):
            self._convert(3, (self.lot_fail, 6))
        self.assertEqual(self.env["mrp.production"].search_count([]), productions)
        self.assertFalse(self.env["stock.lot"].search([("name", "=", "BRK-C1")]))

    def test_convert_short_of_parts_refused_and_leaves_nothing(self):
        productions = self.env["mrp.production"].search_count([])
        # 40 nettable bolts (the failed lot is never reserved)... ask for 100.
        with self.assertRaises(UserError):
            self._convert(50)
        self.assertEqual(self.env["mrp.production"].search_count([]), productions)
        self.assertBuckets(self.bolt, on_hand=60, wip=0)

    def test_convert_zero_quantity_refused(self):
        with self.assertRaisesRegex(UserError, "positive"):
            self._convert(0)

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .inventory_flow_common import InventoryFlowCommon

ABSURD_QUANTITIES = (float("nan"), float("inf"), float("-inf"), 1e15, 1e300)


class OverIssueCommon(InventoryFlowCommon):
    """Bolts of a released lot of 100, assembled two by two into brackets,
    and a sampling activity taking bolts out of stock."""

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
        cls.lot_a = cls.env["stock.lot"].create(
            {
                "name": "BOLT-A",
                "product_id": cls.bolt.id,
                "classification_id": released.id,
            }
        )
        cls._set_stock(cls.bolt, cls.stock_location, 100, lot_id=cls.lot_a)
        cls.samples = cls.env["stock.location"].create(
            {"name": "Samples Used", "usage": "inventory"}
        )
        cls.sampling = cls.env["stock.activity.type"].create(
            {
                "name": "Sampling",
                "code": "T-SAMPLE",
                "direction": "issue",
                "location_id": cls.stock_location.id,
                "location_dest_id": cls.samples.id,
            }
        )

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

    def _issue(self, production, *lines, location=None):
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
                                "location_id": (location or self.stock_location).id,
                            }
                        )
                        for lot, quantity in lines
                    ],
                }
            )
            .action_issue()
        )

    def _record(self, *lines, activity_type=None):
        return (
            self.env["stock.activity.record"]
            .with_user(self.stock_user)
            .create(
                {
                    "activity_type_id": (activity_type or self.sampling).id,
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": self.bolt.id,
                                "lot_id": lot.id,
                                "quantity": quantity,
                            }
                        )
                        for lot, quantity in lines
                    ],
                }
            )
            .action_record()
        )

    def _convert(self, quantity, *lines):
        return (
            self.env["mrp.production.convert"]
            .with_user(self.stock_user)
            .create(
                {
                    "bom_id": self.bracket_bom.id,
                    "product_qty": quantity,
                    "picking_type_id": self.warehouse.manu_type_id.id,
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": self.bolt.id,
                                "lot_id": lot.id,
                                "quantity": qty,
                            }
                        )
                        for lot, qty in lines
                    ],
                }
            )
            .action_convert()
        )

    def _quants(self, lot):
        return self.env["stock.quant"].search(
            [("lot_id", "=", lot.id), ("location_id.usage", "=", "internal")]
        )

    def assertLotStock(self, lot, expected):
        """`expected`: {location: quantity} of the lot's internal quants; no
        negative quant anywhere."""
        quants = self._quants(lot)
        self.assertFalse(
            quants.filtered(lambda quant: quant.quantity < 0), "negative quant"
        )
        found = {}
        for quant in quants.filtered("quantity"):
            found[quant.location_id] = found.get(quant.location_id, 0) + quant.quantity
        self.assertEqual(found, expected)


@tagged("post_install", "-at_install")
class TestOverIssue(OverIssueCommon):
    """One call never takes more of a lot than there is, whatever the number
    of its lines, and takes it where it is (shelves, packages)."""

    # one call, several lines of one lot

    def test_fail_issue_to_wip_two_lines_above_the_lot(self):
        production = self._production(60)
        with self.assertRaisesRegex(UserError, "120.*BOLT-A.*only 100"):
            self._issue(production, (self.lot_a, 60), (self.lot_a, 60))
        self.assertFalse(production.wip_move_ids)
        self.assertLotStock(self.lot_a, {self.stock_location: 100})

    def test_fail_activity_two_lines_above_the_lot(self):
        with self.assertRaisesRegex(UserError, "120.*BOLT-A.*only 100"):
            self._record((self.lot_a, 60), (self.lot_a, 60))
        self.assertLotStock(self.lot_a, {self.stock_location: 100})

    def test_fail_convert_two_lines_above_the_lot(self):
        productions = self.env["mrp.production"].search_count([])
        with self.assertRaisesRegex(UserError, "120.*BOLT-A.*only 100"):
            self._convert(60, (self.lot_a, 60), (self.lot_a, 60))
        self.assertEqual(self.env["mrp.production"].search_count([]), productions)
        self.assertLotStock(self.lot_a, {self.stock_location: 100})

    def test_two_lines_within_the_lot_are_issued(self):
        self._record((self.lot_a, 30), (self.lot_a, 30))
        self.assertLotStock(self.lot_a, {self.stock_location: 40})

    # stock taken where it is

    def test_activity_takes_the_lot_from_its_package_on_a_shelf(self):
        package = self.env["stock.quant.package"].create({"name": "PAL-1"})
        lot = self.env["stock.lot"].create(
            {"name": "BOLT-P", "product_id": self.bolt.id}
        )
        self._set_stock(self.bolt, self.shelf, 50, lot_id=lot, package_id=package)
        self._record((lot, 20))
        self.assertLotStock(lot, {self.shelf: 30})
        self.assertEqual(self._quants(lot).package_id, package)

    # no negative stock of a lot

    def test_fail_delivery_of_more_than_the_lot_holds(self):
        picking = (
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
                                "name": "Bolts",
                                "product_id": self.bolt.id,
                                "product_uom_qty": 120,
                                "product_uom": self.bolt.uom_id.id,
                                "location_id": self.stock_location.id,
                                "location_dest_id": self.customer_location.id,
                            }
                        )
                    ],
                }
            )
        )
        picking.action_confirm()
        picking.move_ids.move_line_ids.unlink()
        picking.move_ids.move_line_ids = [
            Command.create(
                {
                    "product_id": self.bolt.id,
                    "lot_id": self.lot_a.id,
                    "quantity": 120,
                    "location_id": self.stock_location.id,
                    "location_dest_id": self.customer_location.id,
                }
            )
        ]
        picking.move_ids.picked = True
        with (
            self.assertRaisesRegex(UserError, "BOLT-A.*below zero"),
            self.env.cr.savepoint(),
        ):
            picking.with_context(skip_backorder=True).button_validate()
        self.assertLotStock(self.lot_a, {self.stock_location: 100})

    # absurd quantities

    def test_fail_absurd_quantities_on_every_entry_point(self):
        production = self._production(5)
        order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create({"partner_id": self.customer.id})
        )
        entry_points = {
            "issue to WIP": lambda qty: self._issue(production, (self.lot_a, qty)),
            "activity": lambda qty: self._record((self.lot_a, qty)),
            "convert quantity": lambda qty: self._convert(qty),
            "convert line": lambda qty: self._convert(1, (self.lot_a, qty)),
            "move line": lambda qty: (
                self.env["stock.move.line"]
                .with_user(self.stock_user)
                .create(
                    {
                        "product_id": self.bolt.id,
                        "lot_id": self.lot_a.id,
                        "quantity": qty,
                        "location_id": self.stock_location.id,
                        "location_dest_id": self.customer_location.id,
                    }
                )
            ),
            "move demand": lambda qty: (
                self.env["stock.move"]
                .with_user(self.stock_user)
                .create(
                    {
                        "name": "Bolts",
                        "product_id": self.bolt.id,
                        "product_uom_qty": qty,
                        "product_uom": self.bolt.uom_id.id,
                        "location_id": self.stock_location.id,
                        "location_dest_id": self.customer_location.id,
                    }
                )
            ),
            "counted quantity": lambda qty: (
                self.env["stock.quant"]
                .with_user(self.stock_manager)
                .with_context(inventory_mode=True)
                .create(
                    {
                        "product_id": self.bolt.id,
                        "lot_id": self.lot_a.id,
                        "location_id": self.stock_location.id,
                        "inventory_quantity": qty,
                    }
                )
            ),
            "sub-lot split line": lambda qty: (
                self.env["stock.lot.split"]
                .with_user(self.stock_user)
                .create(
                    {
                        "lot_id": self.lot_a.id,
                        "line_ids": [
                            Command.create(
                                {"location_id": self.stock_location.id, "quantity": qty}
                            )
                        ],
                    }
                )
            ),
            "sale line": lambda qty: (
                self.env["sale.order.line"]
                .with_user(self.salesman)
                .create(
                    {
                        "order_id": order.id,
                        "product_id": self.pedal.id,
                        "product_uom_qty": qty,
                    }
                )
            ),
        }
        moves = self.env["stock.move"].search_count([])
        lines = self.env["stock.move.line"].search_count([])
        for name, call in entry_points.items():
            for quantity in ABSURD_QUANTITIES:
                with (
                    self.subTest(entry_point=name, quantity=quantity),
                    self.assertRaisesRegex(ValidationError, "finite|too large"),
                ):
                    call(quantity)
        self.assertEqual(self.env["stock.move"].search_count([]), moves)
        self.assertEqual(self.env["stock.move.line"].search_count([]), lines)
        self.assertLotStock(self.lot_a, {self.stock_location: 100})

    def test_fail_quantity_beyond_the_unit_precision(self):
        # Units are rounded to 0.01: 1e13 Units are 1e15 steps of 0.01
        with self.assertRaisesRegex(ValidationError, "too large"):
            self._record((self.lot_a, 1e13))
        self._record((self.lot_a, 1))
        self.assertLotStock(self.lot_a, {self.stock_location: 99})

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import ProcessInventoryCommon


class InventoryFlowCommon(ProcessInventoryCommon):
    """The bicycle company of seed 002: a bicycle of two pedals and a frame,
    100 bicycles, 600 pedals and 400 frames on hand, a pedal vendor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env,
            login="pi_flow_salesman",
            groups="sales_team.group_sale_salesman",
        )
        cls.buyer = new_test_user(
            cls.env,
            login="pi_flow_buyer",
            groups="purchase.group_purchase_user,stock.group_stock_user",
        )
        cls.vendor = cls.env["res.partner"].create({"name": "Pedal Works"})
        cls.customer = cls.env["res.partner"].create({"name": "City Cycles"})
        Product = cls.env["product.product"]
        cls.bicycle = Product.create(
            {"name": "Bicycle", "resource_type": "inventory", "list_price": 350}
        )
        cls.pedal = Product.create(
            {
                "name": "Pedal",
                "resource_type": "inventory",
                "seller_ids": [
                    Command.create(
                        {"partner_id": cls.vendor.id, "price": 4.5, "delay": 7}
                    )
                ],
            }
        )
        cls.frame = Product.create(
            {
                "name": "Frame",
                "resource_type": "inventory",
                "seller_ids": [
                    Command.create({"partner_id": cls.vendor.id, "price": 60})
                ],
            }
        )
        cls.bicycle_bom = cls._make_bom(cls.bicycle, [(cls.pedal, 2), (cls.frame, 1)])
        cls._set_stock(cls.bicycle, cls.stock_location, 100)
        cls._set_stock(cls.pedal, cls.stock_location, 600)
        cls._set_stock(cls.frame, cls.stock_location, 400)

    def assertBuckets(self, product, **expected):
        """Compare the named buckets, read as the stock user for the test
        warehouse, with the expected quantities."""
        (values,) = (
            self.env["product.product"]
            .with_user(self.stock_user)
            .get_flow_quantities(product.ids, self.warehouse.id)
        )
        self.assertEqual(
            {bucket: values[bucket] for bucket in expected},
            expected,
            f"buckets of {product.name}",
        )

    def _sell(self, product, quantity, **values):
        order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "warehouse_id": self.warehouse.id,
                    "order_line": [
                        Command.create(
                            {"product_id": product.id, "product_uom_qty": quantity}
                        )
                    ],
                    **values,
                }
            )
        )
        order.action_confirm()
        return order

    def _validate(self, pickings, user):
        pickings = pickings.with_user(user)
        pickings.action_assign()
        for move in pickings.move_ids:
            move.quantity = move.product_uom_qty
        pickings.move_ids.picked = True
        pickings.button_validate()
        self.assertEqual(set(pickings.mapped("state")), {"done"})


@tagged("post_install", "-at_install")
class TestBicycleStory(InventoryFlowCommon):
    def test_bicycle_story_buckets_after_every_step(self):
        self.assertBuckets(self.bicycle, on_hand=100, on_demand=0, available=100)
        self.assertBuckets(self.pedal, on_hand=600, on_demand=0, available=600)

        # Sales enters the order: on demand rises for the bicycle only.
        order = self._sell(self.bicycle, 500)
        self.assertBuckets(
            self.bicycle, on_hand=100, on_demand=500, dependent=0, available=-400
        )
        self.assertBuckets(
            self.pedal, on_hand=600, on_demand=0, dependent=800, available=-200
        )
        self.assertBuckets(self.frame, on_hand=400, dependent=400, available=0)

        # Purchasing consolidation: exactly 200 pedals, nothing else.
        consolidation = (
            self.env["purchase.consolidation"]
            .with_user(self.buyer)
            .create({"warehouse_id": self.warehouse.id})
        )
        consolidation.action_compute()
        self.assertEqual(
            [
                (line.product_id, line.qty_to_order, line.partner_id, line.delay)
                for line in consolidation.line_ids
            ],
            [(self.pedal, 200, self.vendor, 7)],
        )
        consolidation.action_create_rfqs()
        purchase = consolidation.purchase_ids
        self.assertEqual(purchase.partner_id, self.vendor)
        self.assertEqual(purchase.order_line.product_qty, 200)
        self.assertBuckets(self.pedal, on_order=0, in_rfq=200, available=-200)

        # Purchasing places the order: on order rises.
        purchase.with_user(self.buyer).button_confirm()
        self.assertBuckets(self.pedal, on_hand=600, on_order=200, available=0)

        # Receiving: on order down, on hand 800.
        self._validate(purchase.picking_ids, self.buyer)
        self.assertBuckets(self.pedal, on_hand=800, on_order=0, available=0)

        # Stock room, step 1: a work order for 400 bicycles, parts to WIP.
        production = (
            self.env["mrp.production"]
            .with_user(self.stock_user)
            .create(
                {
                    "product_id": self.bicycle.id,
                    "product_qty": 400,
                    "bom_id": self.bicycle_bom.id,
                    "picking_type_id": self.warehouse.manu_type_id.id,
                }
            )
        )
        production.action_confirm()
        self.assertBuckets(self.bicycle, in_production=400, available=0)
        self.assertBuckets(
            self.pedal, on_hand=800, allocated=800, dependent=0, wip=0, available=0
        )
        issue = self._issue_all(production)
        self.assertEqual(len(issue.line_ids), 2)
        self.assertBuckets(self.pedal, on_hand=0, wip=800, allocated=0, available=0)
        self.assertBuckets(self.frame, on_hand=0, wip=400, available=0)

        # Step 2: receive the assemblies, WIP emptied.
        self.env["mrp.production.receive"].with_user(self.stock_user).create(
            {"production_id": production.id}
        ).action_receive()
        self.assertEqual(production.state, "done")
        self.assertBuckets(self.pedal, on_hand=0, wip=0, available=0)
        self.assertBuckets(
            self.bicycle, on_hand=500, in_production=0, on_demand=500, available=0
        )

        # Shipping and invoicing the order: demand back to zero.
        self._validate(order.picking_ids, self.stock_user)
        self.assertBuckets(self.bicycle, on_hand=0, on_demand=0, available=0)
        self.assertBuckets(self.pedal, on_hand=0, on_demand=0, available=0)

    def _issue_all(self, production):
        issue = (
            self.env["mrp.production.issue"]
            .with_user(self.stock_user)
            .new({"production_id": production.id})
        )
        issue._onchange_production_id()
        issue = issue.create(issue._convert_to_write(issue._cache))
        issue.action_issue()
        return issue

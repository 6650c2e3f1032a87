from odoo import Command
from odoo.tests import Form, tagged

from .inventory_flow_common import InventoryFlowCommon


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
        """Issue what the order needs, as proposed by the wizard opened from
        the manufacturing order."""
        action = production.with_user(self.stock_user).action_open_issue()
        with Form(
            self.env[action["res_model"]]
            .with_user(self.stock_user)
            .with_context(**action["context"])
        ) as form:
            self.assertEqual(form.production_id, production)
        issue = form.save()
        issue.action_issue()
        return issue


@tagged("post_install", "-at_install")
class TestFlowBuckets(InventoryFlowCommon):
    def test_non_nettable_lot_is_on_hand_but_not_available(self):
        self.pedal.tracking = "lot"
        lot = self.env["stock.lot"].create(
            {
                "name": "PED-FAIL",
                "product_id": self.pedal.id,
                "classification_id": self.env.ref(
                    "process_inventory.classification_fail"
                ).id,
            }
        )
        self._set_stock(self.pedal, self.stock_location, 50, lot_id=lot)
        self.assertBuckets(self.pedal, on_hand=650, nettable=600, available=600)

    def test_expired_lot_is_not_available(self):
        self.pedal.write({"tracking": "lot", "use_expiration_date": True})
        lot = self.env["stock.lot"].create(
            {
                "name": "PED-OLD",
                "product_id": self.pedal.id,
                "expiration_date": "2020-01-01 00:00:00",
            }
        )
        self._set_stock(self.pedal, self.stock_location, 30, lot_id=lot)
        self.assertBuckets(self.pedal, on_hand=630, nettable=600, available=600)

    def test_other_warehouse_stock_and_demand_not_counted(self):
        other = self.env["stock.warehouse"].create({"name": "Other", "code": "OTH"})
        self._set_stock(self.pedal, other.lot_stock_id, 40)
        self.assertBuckets(self.pedal, on_hand=600)
        (values,) = self.env["product.product"].get_flow_quantities(self.pedal.ids)
        self.assertEqual(values["on_hand"], 640)

    def test_site_limits_buckets_to_its_warehouses(self):
        other = self.env["stock.warehouse"].create({"name": "Other", "code": "OTH"})
        self._set_stock(self.pedal, other.lot_stock_id, 40)
        (values,) = (
            self.env["product.product"]
            .with_user(self.stock_user)
            .get_flow_quantities(self.pedal.ids, site_id=self.site.id)
        )
        self.assertEqual(values["on_hand"], 600)
        pedal = self.pedal.with_context(site_id=self.site.id)
        self.assertEqual(pedal.flow_qty_on_hand, 600)

    def test_product_form_fields_follow_warehouse_context(self):
        self._sell(self.bicycle, 30)
        bicycle = self.bicycle.with_user(self.stock_user).with_context(
            warehouse_id=self.warehouse.id
        )
        self.assertEqual(bicycle.flow_qty_on_hand, 100)
        self.assertEqual(bicycle.flow_qty_on_demand, 30)
        self.assertEqual(bicycle.flow_qty_available, 70)

    def test_demand_counts_sale_units_in_product_unit(self):
        dozen = self.env.ref("uom.product_uom_dozen")
        order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "warehouse_id": self.warehouse.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.bicycle.id,
                                "product_uom_qty": 2,
                                "product_uom": dozen.id,
                            }
                        )
                    ],
                }
            )
        )
        self.assertBuckets(self.bicycle, on_demand=0)
        order.action_confirm()
        self.assertBuckets(self.bicycle, on_demand=24, available=76)

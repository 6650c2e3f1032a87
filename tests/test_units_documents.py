from odoo import Command
from odoo.tests import Form, new_test_user, tagged

from .common import ProcessInventoryCommon


@tagged("post_install", "-at_install")
class TestUnitsDocuments(ProcessInventoryCommon):
    """A product's own ratio (1 case = 10 units) applies on purchase and sale
    lines and on the moves they create, not Odoo's generic ratio (12)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.uom_case = cls.env["uom.uom"].create(
            {
                "name": "Test Case of 12",
                "category_id": cls.env.ref("uom.product_uom_categ_unit").id,
                "uom_type": "bigger",
                "factor_inv": 12.0,
                "rounding": 1.0,
            }
        )
        cls.pedal = cls.env["product.product"].create(
            {
                "name": "Pedal",
                "is_storable": True,
                "resource_type": "inventory",
                "uom_id": cls.uom_unit.id,
                "uom_po_id": cls.uom_unit.id,
                "uom_conversion_ids": [
                    Command.create({"uom_id": cls.uom_case.id, "factor": 10.0})
                ],
            }
        )
        cls.vendor = cls.env["res.partner"].create({"name": "Pedal Vendor"})
        cls.buyer = new_test_user(
            cls.env,
            login="pi_units_buyer",
            groups="purchase.group_purchase_user,stock.group_stock_user",
        )
        cls.seller = new_test_user(
            cls.env,
            login="pi_units_seller",
            groups="sales_team.group_sale_salesman,stock.group_stock_user",
        )

    def _purchase(self, quantity):
        order = (
            self.env["purchase.order"]
            .with_user(self.buyer)
            .create(
                {
                    "partner_id": self.vendor.id,
                    "picking_type_id": self.warehouse.in_type_id.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.pedal.id,
                                "product_qty": quantity,
                                "product_uom": self.uom_case.id,
                                "price_unit": 5.0,
                            }
                        )
                    ],
                }
            )
        )
        order.button_confirm()
        return order

    def test_purchase_line_converts_at_product_ratio(self):
        order = self._purchase(2)
        line = order.order_line
        self.assertEqual(line.product_uom_qty, 20.0)
        move = order.picking_ids.move_ids
        self.assertEqual(move.product_qty, 20.0)
        self.assertEqual(move.product_uom, self.uom_unit)
        self.assertEqual(move.product_uom_qty, 20.0)

    def test_purchase_receipt_brings_product_ratio(self):
        order = self._purchase(2)
        picking = order.picking_ids.with_user(self.buyer)
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(
            self.pedal.with_context(warehouse_id=self.warehouse.id).qty_available,
            20.0,
        )
        self.assertEqual(order.order_line.qty_received, 2.0)
        # Fully received: no new receipt for the remaining "4 units".
        self.assertEqual(len(order.picking_ids), 1)

    def test_sale_delivery_at_product_ratio(self):
        self.env["stock.quant"]._update_available_quantity(
            self.pedal, self.stock_location, 50.0
        )
        order = (
            self.env["sale.order"]
            .with_user(self.seller)
            .create(
                {
                    "partner_id": self.vendor.id,
                    "warehouse_id": self.warehouse.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.pedal.id,
                                "product_uom_qty": 3,
                                "product_uom": self.uom_case.id,
                                "price_unit": 9.0,
                            }
                        )
                    ],
                }
            )
        )
        order.action_confirm()
        move = order.picking_ids.move_ids
        self.assertEqual(move.product_qty, 30.0)
        picking = order.picking_ids.with_user(self.seller)
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(order.order_line.qty_delivered, 3.0)
        self.assertEqual(
            self.pedal.with_context(warehouse_id=self.warehouse.id).qty_available,
            20.0,
        )
        # Delivered in full: confirming again asks for nothing more.
        self.assertEqual(len(order.picking_ids), 1)

    def test_flow_demand_counts_cases_at_product_ratio(self):
        order = (
            self.env["sale.order"]
            .with_user(self.seller)
            .create(
                {
                    "partner_id": self.vendor.id,
                    "warehouse_id": self.warehouse.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.pedal.id,
                                "product_uom_qty": 3,
                                "product_uom": self.uom_case.id,
                            }
                        )
                    ],
                }
            )
        )
        order.action_confirm()
        (values,) = (
            self.env["product.product"]
            .with_user(self.buyer)
            .get_flow_quantities(self.pedal.ids, self.warehouse.id)
        )
        self.assertEqual(values["on_demand"], 30.0)

    def test_move_in_case_demands_product_ratio(self):
        move = self.env["stock.move"].create(
            {
                "name": "Pedals",
                "product_id": self.pedal.id,
                "product_uom": self.uom_case.id,
                "product_uom_qty": 4.0,
                "location_id": self.supplier_location.id,
                "location_dest_id": self.stock_location.id,
            }
        )
        self.assertEqual(move.product_qty, 40.0)

    def test_other_product_keeps_generic_ratio(self):
        bolt = self.env["product.product"].create(
            {"name": "Bolt", "is_storable": True, "uom_id": self.uom_unit.id}
        )
        form = Form(self.env["purchase.order"].with_user(self.buyer))
        form.partner_id = self.vendor
        with form.order_line.new() as line:
            line.product_id = bolt
            line.product_uom = self.uom_case
            line.product_qty = 2
        order = form.save()
        self.assertEqual(order.order_line.product_uom_qty, 24.0)

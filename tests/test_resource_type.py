from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import ProcessInventoryCommon


@tagged("post_install", "-at_install")
class TestResourceType(ProcessInventoryCommon):
    def test_resource_type_sets_odoo_product_settings(self):
        expected = {
            self.raw_material: ("consu", True),
            self.utility: ("consu", False),
            self.capacity: ("service", False),
            self.flow_item: ("consu", False),
        }
        for product, (odoo_type, storable) in expected.items():
            self.assertEqual(product.type, odoo_type, product.name)
            self.assertEqual(product.is_storable, storable, product.name)

    def test_resource_type_derived_from_odoo_type(self):
        Product = self.env["product.product"]
        service = Product.create({"name": "Consulting", "type": "service"})
        goods = Product.create({"name": "Bolt", "type": "consu", "is_storable": True})
        self.assertEqual(service.resource_type, "capacity")
        self.assertEqual(goods.resource_type, "inventory")

    def test_changing_resource_type_updates_product(self):
        self.raw_material.resource_type = "flow"
        self.assertFalse(self.raw_material.is_storable)
        self.raw_material.resource_type = "inventory"
        self.assertTrue(self.raw_material.is_storable)

    def test_form_onchange_follows_resource_type(self):
        with Form(self.env["product.template"].with_user(self.stock_manager)) as form:
            form.name = "Nitrogen"
            form.resource_type = "capacity"
            self.assertEqual(form.type, "service")
            form.resource_type = "inventory"
            self.assertTrue(form.is_storable)
        self.assertEqual(form.record.resource_type, "inventory")

    def test_unstocked_resource_cannot_become_storable(self):
        for product in (self.utility, self.flow_item):
            with self.assertRaisesRegex(ValidationError, "only inventory resources"):
                product.is_storable = True

    def test_odoo_type_change_moves_resource_type(self):
        self.capacity.type = "consu"
        self.assertEqual(self.capacity.resource_type, "inventory")
        self.flow_item.type = "service"
        self.assertEqual(self.flow_item.resource_type, "capacity")

    def test_unstocked_resource_cannot_have_quant(self):
        for product in (self.utility, self.flow_item, self.capacity):
            with self.assertRaisesRegex(ValidationError, "can never be stocked"):
                self.env["stock.quant"].create(
                    {
                        "product_id": product.id,
                        "location_id": self.shelf.id,
                        "quantity": 5,
                    }
                )

    def _transfer(self, picking_type, product):
        if picking_type.code == "incoming":
            source, destination = self.supplier_location, self.stock_location
        else:
            source, destination = self.stock_location, self.customer_location
        return self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": 1,
                            "product_uom": product.uom_id.id,
                            "location_id": source.id,
                            "location_dest_id": destination.id,
                        }
                    )
                ],
            }
        )

    def test_unstocked_resource_refused_on_receipt(self):
        with self.assertRaisesRegex(ValidationError, "only inventory resources"):
            self._transfer(self.warehouse.in_type_id, self.flow_item)

    def test_unstocked_resource_refused_on_delivery(self):
        with self.assertRaisesRegex(ValidationError, "only inventory resources"):
            self._transfer(self.warehouse.out_type_id, self.utility)

    def test_inventory_resource_accepted_on_receipt(self):
        receipt = self._transfer(self.warehouse.in_type_id, self.raw_material)
        receipt.action_confirm()
        receipt.button_validate()
        self.assertEqual(receipt.state, "done")
        self.assertEqual(
            self.raw_material.with_context(
                warehouse_id=self.warehouse.id
            ).qty_available,
            1,
        )

    def test_utility_and_flow_consumption_recorded_per_production(self):
        self._set_stock(self.raw_material, self.shelf, 100)
        bom = self._make_bom(
            self.finished_product,
            [
                (self.raw_material, 10),
                (self.utility, 4),
                (self.flow_item, 10),
                (self.capacity, 2),
            ],
            quantity=10,
        )
        production_form = Form(self.env["mrp.production"].with_user(self.stock_user))
        production_form.bom_id = bom
        production_form.product_qty = 20
        production_form.picking_type_id = self.warehouse.manu_type_id
        production = production_form.save()
        production.action_confirm()
        production.action_assign()
        production.qty_producing = 20
        for move in production.move_raw_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        self.assertEqual(production.resource_consumption_count, 2)
        action = production.action_view_resource_consumption()
        groups = self.env["stock.move"]._read_group(
            action["domain"] + [("state", "=", "done")],
            ["raw_material_production_id", "product_id"],
            ["quantity:sum"],
        )
        consumed = {product: qty for _production, product, qty in groups}
        self.assertEqual(consumed, {self.utility: 8.0, self.flow_item: 20.0})
        self.assertFalse(
            self.env["stock.quant"].search(
                [("product_id", "in", (self.utility | self.flow_item).ids)]
            ),
            "consuming utilities and flow items leaves no quant anywhere",
        )

    def test_group_products_by_resource_type(self):
        groups = dict(
            self.env["product.template"]._read_group(
                [
                    (
                        "id",
                        "in",
                        (
                            self.utility | self.flow_item | self.capacity
                        ).product_tmpl_id.ids,
                    )
                ],
                ["resource_type"],
                ["__count"],
            )
        )
        self.assertEqual(groups, {"non_inventory": 1, "flow": 1, "capacity": 1})

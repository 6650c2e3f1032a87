from odoo.tests import tagged

from .inventory_flow_common import InventoryFlowCommon

FLOW_FIELDS = [
    "flow_qty_on_hand",
    "flow_qty_wip",
    "flow_qty_on_demand",
    "flow_qty_on_order",
    "flow_qty_in_production",
    "flow_qty_allocated",
    "flow_qty_dependent",
    "flow_qty_available",
]


@tagged("post_install", "-at_install")
class TestFlowScale(InventoryFlowCommon):
    """The buckets of a product cost what is asked: its own documents and
    those of its bills of materials' parents, not the whole database."""

    def _add_unrelated_products(self, count):
        products = self.env["product.product"].create(
            [
                {"name": f"Unrelated {index}", "resource_type": "inventory"}
                for index in range(count)
            ]
        )
        for product in products:
            self._set_stock(product, self.stock_location, 5)
        self._sell(products[0], 3)
        return products

    def test_flow_buckets_read_only_asked_products_and_bom_parents(self):
        unrelated = self._add_unrelated_products(3)
        self._sell(self.bicycle, 150)
        Product = self.env["product.product"].with_user(self.stock_user)
        quantities = Product._get_flow_quantities_by_product(
            self.warehouse, products=self.pedal
        )
        self.assertFalse(
            set(quantities) & set(unrelated.ids),
            "an unrelated product's stock or demand was read",
        )
        self.assertEqual(set(quantities), {self.pedal.id, self.bicycle.id})
        # the same buckets as the computation of every product
        everything = Product._get_flow_quantities_by_product(self.warehouse)
        self.assertEqual(quantities[self.pedal.id], everything[self.pedal.id])
        # 50 bicycles short, two pedals each
        self.assertEqual(quantities[self.pedal.id]["dependent"], 100)

    def test_flow_bom_parents_walk_every_level(self):
        wheel = self.env["product.product"].create(
            {"name": "Wheel", "resource_type": "inventory"}
        )
        spoke = self.env["product.product"].create(
            {"name": "Spoke", "resource_type": "inventory"}
        )
        self._make_bom(self.frame, [(wheel, 2)])
        self._make_bom(wheel, [(spoke, 30)])
        Product = self.env["product.product"].with_user(self.stock_user)
        self.assertEqual(
            set(Product._flow_bom_ancestor_ids(spoke)),
            {spoke.id, wheel.id, self.frame.id, self.bicycle.id},
        )
        self.assertEqual(
            set(Product._flow_bom_ancestor_ids(self.pedal)),
            {self.pedal.id, self.bicycle.id},
        )

    def test_flow_one_product_form_independent_of_database_size(self):
        pedal = self.pedal.with_user(self.stock_user).with_context(
            warehouse_id=self.warehouse.id
        )
        self._sell(self.bicycle, 150)
        pedal.invalidate_recordset()
        self.env.registry.clear_cache()
        pedal.read(FLOW_FIELDS)  # warm the caches that do not depend on data
        pedal.invalidate_recordset()
        with self.assertQueryCount(23):
            values = pedal.read(FLOW_FIELDS)[0]
        self.assertEqual(values["flow_qty_dependent"], 100)
        self._add_unrelated_products(20)
        pedal.invalidate_recordset()
        with self.assertQueryCount(23):
            self.assertEqual(pedal.read(FLOW_FIELDS)[0], values)

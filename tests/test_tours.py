from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestTours(HttpCase):
    def test_resource_tour_creates_utility(self):
        self.start_tour(
            "/odoo/action-process_inventory.product_template_resource_action",
            "process_inventory_resource_tour",
            login="admin",
        )
        product = self.env["product.template"].search(
            [("name", "=", "Tour Cooling Water")]
        )
        self.assertEqual(product.resource_type, "non_inventory")
        self.assertFalse(product.is_storable)

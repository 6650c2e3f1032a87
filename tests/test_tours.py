from odoo.tests import HttpCase, new_test_user, tagged


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


@tagged("post_install", "-at_install")
class TestFirstHourTours(HttpCase):
    """Tours of what a new user meets first (issue 16)."""

    def test_classification_found_by_code_in_a_many2one(self):
        user = new_test_user(
            self.env,
            login="pi_tour_manager",
            password="pi_tour_manager_pw",
            groups="stock.group_stock_manager,stock.group_production_lot",
        )
        self.start_tour(
            "/odoo/action-process_inventory.stock_activity_type_action/new",
            "process_inventory_code_search_tour",
            login=user.login,
        )

    def test_trace_a_lot_and_print_its_genealogy(self):
        user = new_test_user(
            self.env,
            login="pi_tour_user",
            password="pi_tour_user_pw",
            groups="stock.group_stock_user,stock.group_production_lot",
        )
        product = self.env["product.product"].create(
            {"name": "Tour Trace Resin", "is_storable": True, "tracking": "lot"}
        )
        lot = self.env["stock.lot"].create(
            {"name": "TOUR-TRACE-1", "product_id": product.id}
        )
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )
        self.env["stock.quant"].with_context(inventory_mode=True).create(
            {
                "product_id": product.id,
                "location_id": warehouse.lot_stock_id.id,
                "lot_id": lot.id,
                "inventory_quantity": 10,
                "inventory_reason_id": self.env.ref(
                    "process_inventory.inventory_reason_count_correction"
                ).id,
            }
        ).action_apply_inventory()
        self.start_tour(
            "/odoo/action-process_inventory.stock_lot_trace_action",
            "process_inventory_trace_tour",
            login=user.login,
        )

    def test_split_a_batch_into_sub_lots(self):
        user = new_test_user(
            self.env,
            login="pi_tour_splitter",
            password="pi_tour_splitter_pw",
            groups="stock.group_stock_user,stock.group_production_lot",
        )
        # stock from before sub-lot tracking sits on the batch itself
        product = self.env["product.product"].create(
            {"name": "Tour Split Binder", "is_storable": True, "tracking": "lot"}
        )
        lot = self.env["stock.lot"].create(
            {"name": "TOUR-SPLIT", "product_id": product.id}
        )
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )
        self.env["stock.quant"].with_context(inventory_mode=True).create(
            {
                "product_id": product.id,
                "location_id": warehouse.lot_stock_id.id,
                "lot_id": lot.id,
                "inventory_quantity": 10,
                "inventory_reason_id": self.env.ref(
                    "process_inventory.inventory_reason_count_correction"
                ).id,
            }
        ).action_apply_inventory()
        product.use_sub_lots = True
        self.start_tour(
            f"/odoo/action-stock.action_production_lot_form/{lot.id}",
            "process_inventory_split_tour",
            login=user.login,
        )
        sub_lot = self.env["stock.lot"].search([("parent_lot_id", "=", lot.id)])
        self.assertEqual(sub_lot.name, "TOUR-SPLIT/01")
        self.assertEqual(sub_lot.product_qty, 4)

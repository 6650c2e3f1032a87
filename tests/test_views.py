from odoo.tests import tagged

from .common import ProcessInventoryCommon


@tagged("post_install", "-at_install")
class TestViews(ProcessInventoryCommon):
    def test_add_on_views_render(self):
        views = self.env["ir.ui.view"].search(
            [("model_data_id.module", "=", "process_inventory"), ("type", "!=", "qweb")]
        )
        self.assertTrue(views)
        for view in views:
            model = self.env[view.model]
            # invoice views are for invoicing users, not for plant managers
            if model.with_user(self.stock_manager).has_access("read"):
                model = model.with_user(self.stock_manager)
            arch = model.get_views([(view.id, view.type)])["views"][view.type]["arch"]
            self.assertTrue(arch, view.xml_id)

    def test_menus_open_their_actions(self):
        menus = (
            self.env["ir.ui.menu"]
            .with_user(self.stock_manager)
            .search(
                [
                    (
                        "id",
                        "in",
                        self.env["ir.model.data"]
                        .search(
                            [
                                ("module", "=", "process_inventory"),
                                ("model", "=", "ir.ui.menu"),
                            ]
                        )
                        .mapped("res_id"),
                    )
                ]
            )
        )
        self.assertGreaterEqual(len(menus), 5)
        for menu in menus.filtered(
            lambda menu: menu.action and menu.action._name == "ir.actions.act_window"
        ):
            action = menu.action
            model = self.env[action.res_model].with_user(self.stock_manager)
            model.get_views([(False, mode) for mode in action.view_mode.split(",")])
            model.search_count([])

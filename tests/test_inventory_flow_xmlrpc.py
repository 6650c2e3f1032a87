import xmlrpc.client

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestInventoryFlowXmlRpc(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_test_user(
            cls.env,
            login="pi_flow_rpc_user",
            password="pi_flow_rpc_user_pw",
            groups="stock.group_stock_user",
        )
        cls.warehouse = cls.env["stock.warehouse"].create(
            {"name": "RPC Plant", "code": "RPCP"}
        )
        cls.bicycle = cls.env["product.product"].create(
            {"name": "RPC Bicycle", "resource_type": "inventory"}
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.bicycle, cls.warehouse.lot_stock_id, 100
        )
        cls.env["sale.order"].create(
            {
                "partner_id": cls.env["res.partner"].create({"name": "RPC"}).id,
                "warehouse_id": cls.warehouse.id,
                "order_line": [
                    Command.create(
                        {"product_id": cls.bicycle.id, "product_uom_qty": 500}
                    )
                ],
            }
        ).action_confirm()

    def _rpc(self):
        db = self.env.cr.dbname
        common = xmlrpc.client.ServerProxy(f"{self.base_url()}/xmlrpc/2/common")
        uid = common.authenticate(db, "pi_flow_rpc_user", "pi_flow_rpc_user_pw", {})
        self.assertTrue(uid)
        models = xmlrpc.client.ServerProxy(f"{self.base_url()}/xmlrpc/2/object")
        return lambda *args, **kw: models.execute_kw(
            db, uid, "pi_flow_rpc_user_pw", *args, kw
        )

    def test_flow_quantities_callable_over_rpc(self):
        call = self._rpc()
        (values,) = call(
            "product.product",
            "get_flow_quantities",
            [self.bicycle.ids],
            warehouse_id=self.warehouse.id,
        )
        self.assertEqual(values["product_id"], self.bicycle.id)
        self.assertEqual(
            (
                values["on_hand"],
                values["on_demand"],
                values["wip"],
                values["available"],
            ),
            (100, 500, 0, -400),
        )

    def test_flow_fields_readable_over_rpc_per_warehouse(self):
        call = self._rpc()
        rows = call(
            "product.product",
            "read",
            [self.bicycle.ids, ["flow_qty_on_hand", "flow_qty_available"]],
            context={"warehouse_id": self.warehouse.id},
        )
        self.assertEqual(
            rows,
            [
                {
                    "id": self.bicycle.id,
                    "flow_qty_on_hand": 100,
                    "flow_qty_available": -400,
                }
            ],
        )

import xmlrpc.client

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestXmlRpc(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_test_user(
            cls.env,
            login="pi_rpc_user",
            password="pi_rpc_user_pw",
            groups="stock.group_stock_user",
        )
        cls.flow_item = cls.env["product.product"].create(
            {"name": "RPC Flow", "resource_type": "flow"}
        )

    def _rpc(self):
        common = xmlrpc.client.ServerProxy(f"{self.base_url()}/xmlrpc/2/common")
        uid = common.authenticate(
            self.env.cr.dbname, "pi_rpc_user", "pi_rpc_user_pw", {}
        )
        self.assertTrue(uid)
        models = xmlrpc.client.ServerProxy(f"{self.base_url()}/xmlrpc/2/object")
        return lambda *args, **kw: models.execute_kw(
            self.env.cr.dbname, uid, "pi_rpc_user_pw", *args, kw
        )

    def test_resource_type_readable_and_filterable_over_rpc(self):
        call = self._rpc()
        rows = call(
            "product.product",
            "search_read",
            [[("resource_type", "=", "flow"), ("id", "=", self.flow_item.id)]],
            fields=["resource_type", "is_storable"],
        )
        self.assertEqual(
            rows,
            [{"id": self.flow_item.id, "resource_type": "flow", "is_storable": False}],
        )

    def test_quant_of_flow_item_refused_over_rpc(self):
        call = self._rpc()
        location = self.env.ref("stock.stock_location_stock")
        with self.assertRaises(xmlrpc.client.Fault) as error:
            call(
                "stock.quant",
                "create",
                [
                    {
                        "product_id": self.flow_item.id,
                        "location_id": location.id,
                        "inventory_quantity": 3,
                    }
                ],
            )
        self.assertIn("can never be stocked", error.exception.faultString)

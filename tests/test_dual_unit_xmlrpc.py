import xmlrpc.client

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestDualUnitXmlRpc(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_test_user(
            cls.env,
            login="pi_units_rpc_user",
            password="pi_units_rpc_user_pw",
            groups="stock.group_stock_user",
        )
        new_test_user(
            cls.env,
            login="pi_units_rpc_manager",
            password="pi_units_rpc_manager_pw",
            groups="stock.group_stock_manager",
        )
        case = cls.env["uom.uom"].create(
            {
                "name": "RPC Case",
                "category_id": cls.env.ref("uom.product_uom_categ_unit").id,
                "uom_type": "bigger",
                "factor_inv": 6.0,
            }
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "RPC Paste",
                "resource_type": "inventory",
                "uom_id": cls.env.ref("uom.product_uom_kgm").id,
                "uom_po_id": cls.env.ref("uom.product_uom_kgm").id,
                "uom_conversion_ids": [
                    Command.create({"uom_id": case.id, "factor": 5})
                ],
                "secondary_uom_id": case.id,
            }
        )
        warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.product, warehouse.lot_stock_id, 50.0
        )

    def _rpc(self, login):
        common = xmlrpc.client.ServerProxy(f"{self.base_url()}/xmlrpc/2/common")
        password = f"{login}_pw"
        uid = common.authenticate(self.env.cr.dbname, login, password, {})
        self.assertTrue(uid)
        models = xmlrpc.client.ServerProxy(f"{self.base_url()}/xmlrpc/2/object")
        return lambda *args, **kw: models.execute_kw(
            self.env.cr.dbname, uid, password, *args, kw
        )

    def test_quant_second_quantity_readable_over_rpc(self):
        call = self._rpc("pi_units_rpc_user")
        rows = call(
            "stock.quant",
            "search_read",
            [[("product_id", "=", self.product.id)]],
            fields=["quantity", "secondary_quantity", "secondary_uom_id"],
        )
        self.assertEqual(len(rows), 1)
        self.assertAlmostEqual(rows[0]["secondary_quantity"], 10.0)
        self.assertEqual(rows[0]["secondary_uom_id"][1], "RPC Case")

    def test_pint_check_callable_over_rpc(self):
        call = self._rpc("pi_units_rpc_manager")
        action = call("uom.uom", "action_check_pint", [[]])
        self.assertEqual(action["params"]["type"], "success")

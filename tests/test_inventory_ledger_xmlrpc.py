import xmlrpc.client

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestInventoryLedgerXmlRpc(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        product = cls.env["product.product"].create(
            {"name": "RPC Resin", "resource_type": "inventory"}
        )
        stock = cls.env.ref("stock.stock_location_stock")
        quant = (
            cls.env["stock.quant"]
            .with_context(inventory_mode=True)
            .create(
                {
                    "product_id": product.id,
                    "location_id": stock.id,
                    "inventory_quantity": 5,
                    "inventory_reason_id": cls.env.ref(
                        "process_inventory.inventory_reason_count_correction"
                    ).id,
                }
            )
        )
        quant.action_apply_inventory()
        cls.entry = cls.env["stock.inventory.ledger"].search(
            [("product_id", "=", product.id)]
        )

    def _admin_rpc(self):
        common = xmlrpc.client.ServerProxy(f"{self.base_url()}/xmlrpc/2/common")
        uid = common.authenticate(self.env.cr.dbname, "admin", "admin", {})
        self.assertTrue(uid)
        models = xmlrpc.client.ServerProxy(f"{self.base_url()}/xmlrpc/2/object")
        return lambda *args, **kw: models.execute_kw(
            self.env.cr.dbname, uid, "admin", *args, kw
        )

    def test_fail_admin_cannot_edit_entry_over_rpc(self):
        self.assertEqual(len(self.entry), 1)
        call = self._admin_rpc()
        with self.assertRaises(xmlrpc.client.Fault) as error:
            call("stock.inventory.ledger", "write", [self.entry.ids, {"quantity": 1}])
        self.assertIn("cannot be modified", error.exception.faultString)
        self.assertEqual(self.entry.quantity, 5)

    def test_fail_admin_cannot_delete_entry_over_rpc(self):
        call = self._admin_rpc()
        with self.assertRaises(xmlrpc.client.Fault) as error:
            call("stock.inventory.ledger", "unlink", [self.entry.ids])
        self.assertIn("cannot be deleted", error.exception.faultString)
        self.assertTrue(self.entry.exists())

    def test_admin_reads_and_checks_chain_over_rpc(self):
        call = self._admin_rpc()
        rows = call(
            "stock.inventory.ledger",
            "search_read",
            [[("id", "=", self.entry.id)]],
            fields=["activity", "quantity", "reason_id"],
        )
        self.assertEqual(rows[0]["activity"], "adjustment")
        action = call("stock.inventory.ledger", "action_check_chain", [[]])
        self.assertEqual(action["params"]["type"], "success")

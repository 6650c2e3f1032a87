import xmlrpc.client

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestClassificationXmlRpc(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_test_user(
            cls.env,
            login="pi_rpc_classification",
            password="pi_rpc_classification_pw",
            groups="stock.group_stock_user",
        )
        cls.classification = cls.env["stock.lot.classification"].create(
            {
                "name": "RPC Quality Control",
                "code": "RPC-QC",
                "allow_production_issue": False,
                "allow_shipping": False,
                "is_nettable": False,
            }
        )
        cls.product = cls.env["product.product"].create(
            {"name": "RPC Pigment", "resource_type": "inventory", "tracking": "lot"}
        )
        cls.lot = cls.env["stock.lot"].create(
            {
                "name": "RPC-LOT-1",
                "product_id": cls.product.id,
                "classification_id": cls.classification.id,
            }
        )
        warehouse = cls.env["stock.warehouse"].create({"name": "RPC", "code": "RPCW"})
        stock = warehouse.lot_stock_id
        customers = cls.env.ref("stock.stock_location_customers")
        cls.env["stock.quant"]._update_available_quantity(
            cls.product, stock, 5, lot_id=cls.lot
        )
        cls.picking = cls.env["stock.picking"].create(
            {
                "picking_type_id": warehouse.out_type_id.id,
                "location_id": stock.id,
                "location_dest_id": customers.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": "RPC delivery",
                            "product_id": cls.product.id,
                            "product_uom_qty": 5,
                            "product_uom": cls.product.uom_id.id,
                            "location_id": stock.id,
                            "location_dest_id": customers.id,
                        }
                    )
                ],
            }
        )
        cls.picking.action_confirm()
        move = cls.picking.move_ids
        move.write(
            {
                "move_line_ids": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "lot_id": cls.lot.id,
                            "quantity": 5,
                            "location_id": stock.id,
                            "location_dest_id": customers.id,
                        }
                    )
                ],
                "picked": True,
            }
        )

    def _rpc(self):
        common = xmlrpc.client.ServerProxy(f"{self.base_url()}/xmlrpc/2/common")
        uid = common.authenticate(
            self.env.cr.dbname,
            "pi_rpc_classification",
            "pi_rpc_classification_pw",
            {},
        )
        self.assertTrue(uid)
        models = xmlrpc.client.ServerProxy(f"{self.base_url()}/xmlrpc/2/object")
        return lambda *args, **kw: models.execute_kw(
            self.env.cr.dbname, uid, "pi_rpc_classification_pw", *args, kw
        )

    def test_validation_of_qc_lot_refused_over_rpc(self):
        call = self._rpc()
        with self.assertRaises(xmlrpc.client.Fault) as error:
            call("stock.picking", "button_validate", [[self.picking.id]])
        message = error.exception.faultString
        self.assertIn("RPC-LOT-1", message)
        self.assertIn("RPC Quality Control", message)
        self.assertIn(self.picking.name, message)
        self.picking.invalidate_recordset(["state"])
        self.assertNotEqual(self.picking.state, "done")

    def test_direct_write_of_classification_refused_over_rpc(self):
        call = self._rpc()
        with self.assertRaises(xmlrpc.client.Fault) as error:
            call(
                "stock.lot",
                "write",
                [[self.lot.id], {"classification_id": False}],
            )
        self.assertIn("only through Reclassify", error.exception.faultString)

    def test_nettable_flag_readable_over_rpc(self):
        call = self._rpc()
        rows = call(
            "stock.quant",
            "search_read",
            [[("lot_id", "=", self.lot.id), ("location_id.usage", "=", "internal")]],
            fields=["classification_id", "is_nettable", "quantity"],
        )
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0]["classification_id"][0], self.classification.id)
        self.assertFalse(rows[0]["is_nettable"])
        groups = call(
            "stock.quant",
            "read_group",
            [[("lot_id", "=", self.lot.id)], ["quantity:sum"], ["classification_id"]],
            lazy=False,
        )
        self.assertEqual(groups[0]["classification_id"][0], self.classification.id)

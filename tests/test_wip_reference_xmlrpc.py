import xmlrpc.client
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestLotDatesWipReferenceXmlRpc(HttpCase):
    """Over XML-RPC as a stock user: a lot's changed expiration moves its
    removal date, and parts go to WIP and back against a work-order number."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_test_user(
            cls.env,
            login="pi_t14_rpc_user",
            password="pi_t14_rpc_user_pw",
            groups="stock.group_stock_user",
        )
        cls.warehouse = cls.env["stock.warehouse"].create(
            {"name": "RPC14 Plant", "code": "R14P"}
        )
        cls.resin = cls.env["product.product"].create(
            {
                "name": "RPC14 Resin",
                "is_storable": True,
                "resource_type": "inventory",
                "tracking": "lot",
                "use_expiration_date": True,
                "expiration_time": 100,
                "removal_time": 10,
            }
        )
        cls.lot = cls.env["stock.lot"].create(
            {
                "name": "RPC14-1",
                "product_id": cls.resin.id,
                "manufacturing_date": fields.Datetime.now(),
            }
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.resin, cls.warehouse.lot_stock_id, 10, lot_id=cls.lot
        )

    def _rpc(self):
        db = self.env.cr.dbname
        common = xmlrpc.client.ServerProxy(f"{self.base_url()}/xmlrpc/2/common")
        uid = common.authenticate(db, "pi_t14_rpc_user", "pi_t14_rpc_user_pw", {})
        self.assertTrue(uid)
        models = xmlrpc.client.ServerProxy(f"{self.base_url()}/xmlrpc/2/object")
        return lambda *args, **kw: models.execute_kw(
            db, uid, "pi_t14_rpc_user_pw", *args, kw
        )

    def test_expiration_written_over_rpc_moves_removal_date(self):
        call = self._rpc()
        expiration = fields.Datetime.now().replace(microsecond=0) + timedelta(days=50)
        call(
            "stock.lot",
            "write",
            [self.lot.ids, {"expiration_date": fields.Datetime.to_string(expiration)}],
        )
        (lot,) = call("stock.lot", "read", [self.lot.ids, ["removal_date"]])
        self.assertEqual(
            lot["removal_date"],
            fields.Datetime.to_string(expiration - timedelta(days=10)),
        )

    def test_wip_reference_issue_and_return_over_rpc(self):
        call = self._rpc()
        reference_id = call(
            "stock.wip.reference",
            "create",
            [{"name": "WO-RPC", "warehouse_id": self.warehouse.id}],
        )
        for operation, quantity in (("issue", 6), ("return", 2)):
            wizard_id = call(
                "stock.wip.reference.operation",
                "create",
                [
                    {
                        "reference_id": reference_id,
                        "operation": operation,
                        "line_ids": [
                            (
                                0,
                                0,
                                {
                                    "product_id": self.resin.id,
                                    "lot_id": self.lot.id,
                                    "quantity": quantity,
                                },
                            )
                        ],
                    }
                ],
            )
            call("stock.wip.reference.operation", "action_apply", [[wizard_id]])
        balance = call("stock.wip.reference", "get_wip_balance", [[reference_id]])
        self.assertEqual(
            balance,
            [{"product_id": self.resin.id, "lot_id": self.lot.id, "quantity": 4.0}],
        )

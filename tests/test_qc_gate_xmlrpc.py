import xmlrpc.client

from odoo.tests import HttpCase, new_test_user, tagged

USERS = {
    "pi_gate_stock": "stock.group_stock_user",
    "pi_gate_quality": "process_inventory.group_process_inventory_quality",
    "pi_gate_manager": "stock.group_stock_manager",
}


@tagged("post_install", "-at_install")
class TestQcGateXmlRpc(HttpCase):
    """The QC gate over XML-RPC, as an inventory user, a quality user and an
    inventory manager would call it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for login, groups in USERS.items():
            new_test_user(cls.env, login=login, password=f"{login}_pw", groups=groups)
        Classification = cls.env["stock.lot.classification"]
        cls.released = Classification.create({"name": "Gate Released", "code": "G-REL"})
        cls.qc = Classification.create(
            {
                "name": "Gate QC",
                "code": "G-QC",
                "allow_production_issue": False,
                "allow_shipping": False,
                "is_nettable": False,
            }
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Gate Pigment", "resource_type": "inventory", "tracking": "lot"}
        )
        cls.lot = cls.env["stock.lot"].create(
            {
                "name": "GATE-1",
                "product_id": cls.product.id,
                "classification_id": cls.qc.id,
            }
        )
        warehouse = cls.env["stock.warehouse"].create({"name": "Gate", "code": "GATE"})
        cls.stock = warehouse.lot_stock_id
        cls.env["stock.quant"]._update_available_quantity(
            cls.product, cls.stock, 10, lot_id=cls.lot
        )
        cls.quant = cls.lot.quant_ids.filtered(lambda q: q.location_id == cls.stock)
        cls.reason = cls.env.ref("process_inventory.inventory_reason_quantity_update")

    def _rpc(self, login):
        password = f"{login}_pw"
        common = xmlrpc.client.ServerProxy(f"{self.base_url()}/xmlrpc/2/common")
        uid = common.authenticate(self.env.cr.dbname, login, password, {})
        self.assertTrue(uid)
        models = xmlrpc.client.ServerProxy(
            f"{self.base_url()}/xmlrpc/2/object", allow_none=True
        )
        return lambda *args, **kw: models.execute_kw(
            self.env.cr.dbname, uid, password, *args, kw
        )

    def assertFault(self, pattern, call, *args, **kw):
        with self.assertRaises(xmlrpc.client.Fault) as error:
            call(*args, **kw)
        self.assertRegex(error.exception.faultString, pattern)

    def test_quant_fields_not_writable_over_rpc(self):
        for login in ("pi_gate_stock", "pi_gate_manager"):
            call = self._rpc(login)
            for vals in (
                {"quantity": 1000},
                {"reserved_quantity": 3},
                {"classification_id": self.released.id},
                {"is_nettable": True},
                {"secondary_quantity": 3},
                {"site_id": self.stock.warehouse_id.view_location_id.id},
            ):
                for context in ({}, {"inventory_mode": True}):
                    self.assertFault(
                        "only through stock moves|Quant's editing is restricted",
                        call,
                        "stock.quant",
                        "write",
                        [[self.quant.id], vals],
                        context=context,
                    )
            self.assertFault(
                "only through stock moves",
                call,
                "stock.quant",
                "create",
                [
                    {
                        "product_id": self.product.id,
                        "location_id": self.stock.id,
                        "lot_id": self.lot.id,
                        "quantity": 500,
                    }
                ],
            )
        self.quant.invalidate_recordset()
        self.assertEqual(self.quant.quantity, 10)
        self.assertEqual(self.quant.classification_id, self.qc)
        self.assertEqual(sum(self.lot.quant_ids.mapped("quantity")), 10)

    def test_quant_update_not_reachable_over_rpc(self):
        self.assertFault(
            "Private methods",
            self._rpc("pi_gate_manager"),
            "stock.quant",
            "_update_available_quantity",
            [self.product.id, self.stock.id, 100],
        )

    def test_move_created_done_cannot_ship_qc_stock_over_rpc(self):
        customers = self.env.ref("stock.stock_location_customers")
        self.assertFault(
            "GATE-1.*Gate QC",
            self._rpc("pi_gate_stock"),
            "stock.move",
            "create",
            [
                {
                    "name": "Shipped behind the gate",
                    "product_id": self.product.id,
                    "product_uom_qty": 5,
                    "product_uom": self.product.uom_id.id,
                    "location_id": self.stock.id,
                    "location_dest_id": customers.id,
                    "state": "done",
                    "move_line_ids": [
                        (
                            0,
                            0,
                            {
                                "product_id": self.product.id,
                                "lot_id": self.lot.id,
                                "quantity": 5,
                                "location_id": self.stock.id,
                                "location_dest_id": customers.id,
                            },
                        )
                    ],
                }
            ],
        )
        self.quant.invalidate_recordset()
        self.assertEqual(self.quant.quantity, 10)

    def test_inventory_count_over_rpc_applies_through_a_move(self):
        call = self._rpc("pi_gate_stock")
        context = {"inventory_mode": True}
        call(
            "stock.quant",
            "write",
            [
                [self.quant.id],
                {"inventory_quantity": 14, "inventory_reason_id": self.reason.id},
            ],
            context=context,
        )
        result = call(
            "stock.quant", "action_apply_inventory", [[self.quant.id]], context=context
        )
        self.assertIs(result, True)
        self.quant.invalidate_recordset()
        self.assertEqual(self.quant.quantity, 14)
        ledger = self.env["stock.inventory.ledger"].search(
            [("lot_id", "=", self.lot.id), ("activity", "=", "adjustment")]
        )
        self.assertEqual(ledger.quantity, 4)

    def _reclassify(self, call, classification):
        wizard_id = call(
            "stock.lot.reclassify",
            "create",
            [
                {
                    "lot_ids": [(6, 0, self.lot.ids)],
                    "classification_id": classification.id,
                    "reason": "Lab result",
                }
            ],
        )
        return call("stock.lot.reclassify", "action_reclassify", [[wizard_id]])

    def test_release_needs_quality_group_over_rpc(self):
        self.assertFault(
            "GATE-1.*Gate Released.*Quality",
            self._reclassify,
            self._rpc("pi_gate_stock"),
            self.released,
        )
        self.lot.invalidate_recordset()
        self.assertEqual(self.lot.classification_id, self.qc)
        result = self._reclassify(self._rpc("pi_gate_quality"), self.released)
        self.assertIsInstance(result, dict)
        self.lot.invalidate_recordset()
        self.assertEqual(self.lot.classification_id, self.released)

    def test_released_lot_creation_needs_quality_group_over_rpc(self):
        vals = {
            "name": "GATE-2",
            "product_id": self.product.id,
            "classification_id": self.released.id,
        }
        self.assertFault(
            "GATE-2.*Gate Released.*Quality",
            self._rpc("pi_gate_stock"),
            "stock.lot",
            "create",
            [vals],
        )
        self.assertFalse(self.env["stock.lot"].search([("name", "=", "GATE-2")]))
        lot_id = self._rpc("pi_gate_quality")("stock.lot", "create", [vals])
        self.assertEqual(
            self.env["stock.lot"].browse(lot_id).classification_id, self.released
        )

    def test_lot_deletion_refused_clearly_over_rpc(self):
        self.assertFault(
            "GATE-1.*cannot be deleted",
            self._rpc("pi_gate_manager"),
            "stock.lot",
            "unlink",
            [self.lot.ids],
        )

import xmlrpc.client

from odoo.tests import HttpCase, new_test_user, tagged

# XML-RPC fault code of an AccessError (odoo.addons.base.controllers.rpc).
RPC_ACCESS_ERROR = 4


@tagged("post_install", "-at_install")
class TestLedgerXmlRpcAccess(HttpCase):
    """What a client sends over XML-RPC never chooses what the audit trail
    records, and only inventory users read and check it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock_user = new_test_user(
            cls.env,
            login="ledger_rpc_stock",
            password="ledger_rpc_stock",
            groups="stock.group_stock_user",
        )
        cls.plain_user = new_test_user(
            cls.env,
            login="ledger_rpc_plain",
            password="ledger_rpc_plain",
            groups="base.group_user",
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.resin = cls.env["product.product"].create(
            {"name": "RPC Forge Resin", "resource_type": "inventory"}
        )
        cls.batch_product = cls.env["product.product"].create(
            {
                "name": "RPC Forge Batch",
                "resource_type": "inventory",
                "tracking": "lot",
                "use_sub_lots": True,
            }
        )
        cls.batch = cls.env["stock.lot"].create(
            {"name": "RPC-FORGE-1", "product_id": cls.batch_product.id}
        )
        cls.batch._classify_on_arrival(
            cls.env.ref("process_inventory.classification_qc"), "Test setup", {}
        )
        # Stock held on the batch itself, as before sub-lots were used.
        cls.batch_product.use_sub_lots = False
        cls.env["stock.quant"]._update_available_quantity(
            cls.batch_product, cls.warehouse.lot_stock_id, 10, lot_id=cls.batch
        )
        cls.batch_product.use_sub_lots = True
        cls.partner = cls.env["res.partner"].create({"name": "RPC Forger"})

    def _rpc(self, login):
        common = xmlrpc.client.ServerProxy(f"{self.base_url()}/xmlrpc/2/common")
        uid = common.authenticate(self.env.cr.dbname, login, login, {})
        self.assertTrue(uid)
        models = xmlrpc.client.ServerProxy(
            f"{self.base_url()}/xmlrpc/2/object", allow_none=True
        )
        return lambda *args, **kw: models.execute_kw(
            self.env.cr.dbname, uid, login, *args, kw
        )

    def test_client_context_does_not_choose_activity_or_source(self):
        call = self._rpc("ledger_rpc_stock")
        receipt_type = self.warehouse.in_type_id
        picking_id = call(
            "stock.picking",
            "create",
            [
                {
                    "picking_type_id": receipt_type.id,
                    "location_id": receipt_type.default_location_src_id.id,
                    "location_dest_id": receipt_type.default_location_dest_id.id,
                    "move_ids": [
                        (
                            0,
                            0,
                            {
                                "name": "Resin",
                                "product_id": self.resin.id,
                                "product_uom": self.resin.uom_id.id,
                                "product_uom_qty": 3,
                                "location_id": receipt_type.default_location_src_id.id,
                                "location_dest_id": (
                                    receipt_type.default_location_dest_id.id
                                ),
                            },
                        )
                    ],
                }
            ],
        )
        call("stock.picking", "action_confirm", [[picking_id]])
        forged = {
            "inventory_ledger_activity": "conversion",
            "inventory_ledger_source": ["res.partner", self.partner.id],
        }
        call("stock.picking", "button_validate", [[picking_id]], context=forged)
        entries = self.env["stock.inventory.ledger"].search(
            [("product_id", "=", self.resin.id)]
        )
        self.assertRecordValues(
            entries,
            [
                {
                    "activity": "receipt",
                    "res_model": "stock.picking",
                    "res_id": picking_id,
                    "quantity": 3,
                }
            ],
        )

    def test_fail_client_cannot_mark_moves_as_issue_split_or_conversion(self):
        call = self._rpc("ledger_rpc_stock")
        production = self.env["mrp.production"].create(
            {"product_id": self.resin.id, "product_qty": 1}
        )
        stock = self.warehouse.lot_stock_id
        for marker in (
            {"wip_production_id": production.id},
            {"split_lot_id": self.batch.id},
        ):
            with self.subTest(marker=marker):
                with self.assertRaises(xmlrpc.client.Fault) as error:
                    call(
                        "stock.move",
                        "create",
                        [
                            {
                                "name": "Forged",
                                "product_id": self.resin.id,
                                "product_uom": self.resin.uom_id.id,
                                "product_uom_qty": 1,
                                "location_id": stock.id,
                                "location_dest_id": stock.id,
                                **marker,
                            }
                        ],
                    )
                self.assertIn("set by the operation", error.exception.faultString)
        with self.assertRaises(xmlrpc.client.Fault) as error:
            call(
                "mrp.production",
                "write",
                [[production.id], {"is_conversion": True}],
            )
        self.assertIn("Only Convert by BOM", error.exception.faultString)
        self.assertFalse(production.is_conversion)
        self.assertFalse(
            self.env["stock.move"].search([("name", "=", "Forged")]),
        )

    def test_client_context_does_not_choose_split_reason(self):
        call = self._rpc("ledger_rpc_stock")
        wizard_id = call(
            "stock.lot.split",
            "create",
            [
                {
                    "lot_id": self.batch.id,
                    "line_ids": [
                        (5, 0, 0),
                        (
                            0,
                            0,
                            {
                                "location_id": self.warehouse.lot_stock_id.id,
                                "quantity": 4,
                                "name": "RPC-FORGE-1/A",
                            },
                        ),
                    ],
                }
            ],
        )
        call(
            "stock.lot.split",
            "action_split",
            [[wizard_id]],
            context={
                "process_inventory_classification_reason": "Forged reason",
                "inventory_ledger_activity": "receipt",
            },
        )
        sub_lot = self.env["stock.lot"].search([("name", "=", "RPC-FORGE-1/A")])
        self.assertEqual(
            sub_lot.classification_history_ids.mapped("reason"),
            ["Split from lot RPC-FORGE-1"],
        )
        entries = self.env["stock.inventory.ledger"].search(
            [
                ("lot_id", "in", (sub_lot | self.batch).ids),
                ("move_line_id", "!=", False),
            ]
        )
        self.assertEqual(set(entries.mapped("activity")), {"sub_lot_split"})
        self.assertEqual(
            set(entries.mapped("res_id")), {self.batch.id}, "source: the split lot"
        )

    def test_fail_plain_user_cannot_check_or_read_the_chain(self):
        call = self._rpc("ledger_rpc_plain")
        calls = [
            ("stock.inventory.ledger", "action_check_chain", [[]]),
            ("stock.inventory.ledger", "search_read", [[]], ["chain_hash"]),
            (
                "stock.inventory.ledger.seal",
                "verify_seal",
                [self.env.company.id, 1, "0" * 64],
            ),
            ("stock.inventory.ledger.seal", "create", [{}]),
        ]
        for model, method, args, *fields in calls:
            with self.subTest(method=method):
                with self.assertRaises(xmlrpc.client.Fault) as error:
                    if fields:
                        call(model, method, args, fields=fields[0])
                    else:
                        call(model, method, args)
                self.assertEqual(error.exception.faultCode, RPC_ACCESS_ERROR)

    def test_inventory_user_checks_and_reads_the_chain(self):
        call = self._rpc("ledger_rpc_stock")
        action = call("stock.inventory.ledger", "action_check_chain", [[]])
        self.assertEqual(action["params"]["type"], "success", action)
        self.assertIn("chain intact", action["params"]["message"])
        rows = call(
            "stock.inventory.ledger", "search_read", [[]], fields=["chain_hash"]
        )
        self.assertTrue(all(row["chain_hash"] for row in rows))
        # Sealing is the stock manager's: a user reads seals only.
        with self.assertRaises(xmlrpc.client.Fault) as error:
            call("stock.inventory.ledger.seal", "create", [{}])
        self.assertEqual(error.exception.faultCode, RPC_ACCESS_ERROR)

import xmlrpc.client

from odoo import Command
from odoo.addons.base.controllers.rpc import (
    RPC_FAULT_CODE_ACCESS_ERROR,
    RPC_FAULT_CODE_WARNING,
)
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestMultiCompanySql(HttpCase):
    """The add-on's own SQL and grouped reads count only the caller's
    companies: a lot shared by companies A and B, with stock in both."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "PI MC Company B"})
        Warehouse = cls.env["stock.warehouse"]
        cls.wh_a = Warehouse.search([("company_id", "=", cls.company_a.id)], limit=1)
        cls.wh_b = Warehouse.search([("company_id", "=", cls.company_b.id)], limit=1)
        cls.product = cls.env["product.product"].create(
            {
                "name": "MC Shared Resin",
                "is_storable": True,
                "tracking": "lot",
                "purchase_ok": True,
                "company_id": False,
            }
        )
        cls.lot = cls.env["stock.lot"].create(
            {"name": "MC-SHARED-1", "product_id": cls.product.id, "company_id": False}
        )
        cls._receive(cls.company_a, cls.wh_a, 10)
        cls._receive(cls.company_b, cls.wh_b, 7)
        cls.user_a = new_test_user(
            cls.env,
            login="pi_mc_user_a",
            password="pi_mc_user_a_pw",
            groups="stock.group_stock_user",
            company_id=cls.company_a.id,
            company_ids=[Command.set(cls.company_a.ids)],
        )
        cls.salesman = new_test_user(
            cls.env,
            login="pi_mc_salesman",
            password="pi_mc_salesman_pw",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company_a.id,
            company_ids=[Command.set(cls.company_a.ids)],
        )
        cls.order = (
            cls.env["sale.order"]
            .with_user(cls.salesman)
            .create(
                {
                    "partner_id": cls.env["res.partner"]
                    .create({"name": "MC Customer"})
                    .id,
                    "warehouse_id": cls.wh_a.id,
                    "order_line": [
                        Command.create(
                            {"product_id": cls.product.id, "product_uom_qty": 15}
                        )
                    ],
                }
            )
        )
        cls.order.sudo().action_confirm()

    @classmethod
    def _receive(cls, company, warehouse, quantity):
        move = (
            cls.env["stock.move"]
            .with_company(company)
            .create(
                {
                    "name": "MC receipt",
                    "product_id": cls.product.id,
                    "product_uom_qty": quantity,
                    "product_uom": cls.product.uom_id.id,
                    "location_id": cls.env.ref("stock.stock_location_suppliers").id,
                    "location_dest_id": warehouse.lot_stock_id.id,
                    "company_id": company.id,
                }
            )
        )
        move._action_confirm()
        move._action_assign()
        move.move_line_ids.write({"lot_id": cls.lot.id, "quantity": quantity})
        move.picked = True
        move._action_done()

    def _rpc(self, login):
        db = self.env.cr.dbname
        common = xmlrpc.client.ServerProxy(f"{self.base_url()}/xmlrpc/2/common")
        uid = common.authenticate(db, login, f"{login}_pw", {})
        self.assertTrue(uid)
        models = xmlrpc.client.ServerProxy(f"{self.base_url()}/xmlrpc/2/object")
        return lambda *args, **kw: models.execute_kw(db, uid, f"{login}_pw", *args, kw)

    def test_trace_counts_only_own_company_stock(self):
        call = self._rpc("pi_mc_user_a")
        result = call(
            "stock.lot.genealogy", "trace", ["stock.lot", self.lot.id, "both"]
        )
        (node,) = [n for n in result["nodes"] if n["key"] == f"L{self.lot.id}"]
        self.assertEqual((node["quantity_on_hand"], node["quantity_in"]), (10, 10))
        self.assertFalse(
            [e for e in result["edges"] if e["quantity"] == 7],
            "company B's receipt is no link of company A's trace",
        )

    def test_flow_quantities_count_only_own_company_stock(self):
        call = self._rpc("pi_mc_user_a")
        (values,) = call("product.product", "get_flow_quantities", [self.product.ids])
        self.assertEqual((values["on_hand"], values["on_demand"]), (10, 15))

    def test_warehouse_of_other_company_is_unknown(self):
        call = self._rpc("pi_mc_user_a")
        with self.assertRaisesRegex(xmlrpc.client.Fault, "warehouse_id") as caught:
            call(
                "product.product",
                "get_flow_quantities",
                [self.product.ids],
                warehouse_id=self.wh_b.id,
            )
        self.assertEqual(caught.exception.faultCode, RPC_FAULT_CODE_WARNING)

    def test_consolidation_counts_only_its_company(self):
        """A manager allowed in both companies computes company A's
        consolidation: B's 7 on hand do not cover A's demand of 15."""
        manager = new_test_user(
            self.env,
            login="pi_mc_manager",
            groups="stock.group_stock_manager,purchase.group_purchase_user",
            company_id=self.company_a.id,
            company_ids=[Command.set((self.company_a | self.company_b).ids)],
        )
        env = self.env(
            user=manager,
            context=dict(
                self.env.context,
                allowed_company_ids=(self.company_a | self.company_b).ids,
            ),
        )
        consolidation = env["purchase.consolidation"].create(
            {"company_id": self.company_a.id}
        )
        consolidation.action_compute()
        line = consolidation.line_ids.filtered(
            lambda line: line.product_id == self.product
        )
        self.assertEqual((line.qty_on_hand, line.qty_needed), (10, 5))

    def test_expiry_inquiry_lists_only_current_company_stock(self):
        """Even where record rules do not apply (superuser, a scheduled
        action), the inquiry lists the current company's stock only."""
        self.product.use_expiration_date = True
        self.lot.expiration_date = "2020-01-01 00:00:00"
        inquiry = (
            self.env["stock.quant.expiry.inquiry"]
            .with_company(self.company_a)
            .create(
                {"date_limit": False, "product_ids": [Command.set(self.product.ids)]}
            )
        )
        quants = inquiry.env["stock.quant"].search(inquiry._get_quant_domain())
        self.assertEqual(quants.company_id, self.company_a)
        self.assertEqual(sum(quants.mapped("quantity")), 10)

    def test_sales_user_cannot_trace_own_order(self):
        call = self._rpc("pi_mc_salesman")
        # the salesperson reads their order ...
        self.assertTrue(call("sale.order", "read", [self.order.ids, ["name"]]))
        # ... but not the lots and stock behind it
        for method, args in (
            ("trace", ["sale.order", self.order.id, "backward"]),
            ("trace", ["stock.lot", self.lot.id, "both"]),
        ):
            with self.assertRaisesRegex(
                xmlrpc.client.Fault, "inventory users"
            ) as caught:
                call("stock.lot.genealogy", method, args)
            self.assertEqual(caught.exception.faultCode, RPC_FAULT_CODE_ACCESS_ERROR)
        with self.assertRaisesRegex(xmlrpc.client.Fault, "inventory users") as caught:
            call("stock.lot", "recall_purchases", [self.lot.ids])
        self.assertEqual(caught.exception.faultCode, RPC_FAULT_CODE_ACCESS_ERROR)

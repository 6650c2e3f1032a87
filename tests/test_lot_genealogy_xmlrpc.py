import xmlrpc.client

from odoo.tests import HttpCase, new_test_user, tagged

from .lot_genealogy_common import LotGenealogyCommon


@tagged("post_install", "-at_install")
class TestLotGenealogyXmlRpc(HttpCase, LotGenealogyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_test_user(
            cls.env,
            login="pi_trace_rpc",
            password="pi_trace_rpc_pw",
            groups="stock.group_stock_user",
        )

    def _rpc(self):
        common = xmlrpc.client.ServerProxy(f"{self.base_url()}/xmlrpc/2/common")
        uid = common.authenticate(
            self.env.cr.dbname, "pi_trace_rpc", "pi_trace_rpc_pw", {}
        )
        models = xmlrpc.client.ServerProxy(f"{self.base_url()}/xmlrpc/2/object")
        return lambda *args, **kw: models.execute_kw(
            self.env.cr.dbname, uid, "pi_trace_rpc_pw", *args, kw
        )

    def test_trace_over_xmlrpc(self):
        call = self._rpc()
        result = call(
            "stock.lot.genealogy",
            "trace",
            ["stock.lot", self.f1.id, "backward"],
        )
        self.assertEqual(result["start"]["nodes"], [f"L{self.f1.id}"])
        self.assertEqual(
            self._node_keys(result),
            {
                f"L{self.f1.id}",
                f"L{self.b1.id}",
                f"L{self.b.id}",
                f"L{self.r1.id}",
                f"L{self.r2.id}",
                f"S{self.supplier_1.id}",
                f"S{self.supplier_2.id}",
            },
        )
        self.assertIn(
            (f"L{self.b1.id}", f"L{self.f1.id}", "production", self.mo2.name),
            self._edge_set(result),
        )
        # no second unit: False (XML-RPC has no None), never missing
        node = next(n for n in result["nodes"] if n["key"] == f"L{self.f1.id}")
        self.assertIs(node["secondary_uom"], False)
        self.assertIs(node["secondary_quantity_in"], False)
        self.assertIn("manufacturing_date", node)
        self.assertTrue(all("secondary_quantity" in e for e in result["edges"]))

    def test_recall_over_xmlrpc(self):
        call = self._rpc()
        rows = call("stock.lot", "recall_deliveries", [[self.r2.id]])
        self.assertEqual(
            {(r["partner"], r["delivery"]) for r in rows},
            {
                ("Gen Customer One", self.d1.name),
                ("Gen Customer Two", self.d2.name),
                ("Gen Customer One", self.d3.name),
            },
        )

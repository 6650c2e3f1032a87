import xmlrpc.client

from odoo.addons.base.controllers.rpc import RPC_FAULT_CODE_WARNING
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import SQL

NAN = float("nan")
UNKNOWN = 2_000_000_000
# The tables an entry point could touch: none may change on bad input.
TABLES = (
    "stock_move",
    "stock_move_line",
    "stock_quant",
    "stock_lot",
    "stock_inventory_ledger",
    "stock_lot_classification_history",
    "stock_lot_characteristic",
    "stock_lot_trace",
    "stock_quant_expiry_inquiry",
    "stock_lot_reclassify",
    "stock_lot_split",
    "stock_activity_record",
    "stock_activity_record_line",
    "mrp_production_issue",
    "mrp_production_convert",
    "stock_inventory_ledger_report",
    "purchase_order",
    "purchase_consolidation_line",
)


@tagged("post_install", "-at_install")
class TestBadInput(HttpCase):
    """Every public entry point answers bad input over XML-RPC with a
    UserError that names the argument or field, and changes nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_test_user(
            cls.env,
            login="pi_bad_input",
            password="pi_bad_input_pw",
            groups="stock.group_stock_user,mrp.group_mrp_user",
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Bad Input Resin", "is_storable": True, "tracking": "lot"}
        )
        cls.lot = cls.env["stock.lot"].create(
            {"name": "BAD-INPUT-1", "product_id": cls.product.id}
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.product, cls.warehouse.lot_stock_id, 10, lot_id=cls.lot
        )
        cls.env["product.characteristic"].create(
            {"name": "Bad Viscosity", "code": "BADVISC", "value_type": "numeric"}
        )
        cls.classification = cls.env["stock.lot.classification"].search([], limit=1)

    def _rpc(self):
        db = self.env.cr.dbname
        common = xmlrpc.client.ServerProxy(f"{self.base_url()}/xmlrpc/2/common")
        uid = common.authenticate(db, "pi_bad_input", "pi_bad_input_pw", {})
        models = xmlrpc.client.ServerProxy(
            f"{self.base_url()}/xmlrpc/2/object", allow_none=True
        )
        return lambda model, method, args, kwargs: models.execute_kw(
            db, uid, "pi_bad_input_pw", model, method, args, kwargs
        )

    def _counts(self):
        counts = {}
        for table in TABLES:
            self.env.cr.execute(SQL("SELECT count(*) FROM %s", SQL.identifier(table)))
            counts[table] = self.env.cr.fetchone()[0]
        return counts

    def _cases(self):
        lot, product = self.lot.id, self.product.id
        genealogy, flow = "stock.lot.genealogy", "product.product"
        site_less = self.warehouse.lot_stock_id.id  # a location, not a site
        reclassify = {"classification_id": self.classification.id, "reason": "x"}
        return [
            # (entry point, args, kwargs, the argument the fault must name)
            (genealogy, "trace", ["stock.lot", "12"], {}, "start_id"),
            (genealogy, "trace", ["stock.lot", [lot]], {}, "start_id"),
            (genealogy, "trace", ["stock.lot", UNKNOWN], {}, "start_id"),
            (genealogy, "trace", ["res.partner", 1], {}, "start_model"),
            (genealogy, "trace", ["stock.lot", lot, "sideways"], {}, "direction"),
            (genealogy, "trace", ["stock.lot", lot, ["both"]], {}, "direction"),
            (genealogy, "trace", ["stock.lot", lot], {"depth": -1}, "depth"),
            (genealogy, "trace", ["stock.lot", lot], {"depth": "3"}, "depth"),
            (genealogy, "trace", ["stock.lot", lot], {"depth": NAN}, "depth"),
            (
                genealogy,
                "trace",
                ["stock.lot", lot],
                {"date_from": "2026-13-45"},
                "date_from",
            ),
            (
                genealogy,
                "trace",
                ["stock.lot", lot],
                {"date_to": "yesterday"},
                "date_to",
            ),
            (genealogy, "trace", ["stock.lot", lot], {"date_to": 5}, "date_to"),
            ("stock.lot", "recall_deliveries", [["x"]], {}, "lot ids"),
            ("stock.lot", "recall_purchases", [[UNKNOWN]], {}, "lot ids"),
            (flow, "get_flow_quantities", ["abc"], {}, "product_ids"),
            (flow, "get_flow_quantities", [[UNKNOWN]], {}, "product_ids"),
            (flow, "get_flow_quantities", [[NAN]], {}, "product_ids"),
            (
                flow,
                "get_flow_quantities",
                [[product]],
                {"warehouse_id": UNKNOWN},
                "warehouse_id",
            ),
            (
                flow,
                "get_flow_quantities",
                [[product]],
                {"warehouse_id": "WH"},
                "warehouse_id",
            ),
            (
                flow,
                "get_flow_quantities",
                [[product]],
                {"site_id": site_less},
                "site_id",
            ),
            (
                "stock.lot",
                "search",
                [[("characteristic_filter", "=", [["BADVISC", ">="]])]],
                {},
                "characteristic_filter",
            ),
            (
                "stock.lot",
                "search",
                [[("characteristic_filter", "=", [["BADVISC", ">=", NAN]])]],
                {},
                "characteristic_filter",
            ),
            (
                "stock.lot",
                "search",
                [[("characteristic_filter", "=", "BADVISC >= nan")]],
                {},
                "characteristic_filter",
            ),
            (
                "stock.lot",
                "search",
                [[("characteristic_filter", "=", "BADVISC")]],
                {},
                "characteristic_filter",
            ),
            (
                "stock.lot",
                "search",
                [[("characteristic_filter", "=", 12)]],
                {},
                "characteristic_filter",
            ),
            (
                "purchase.consolidation",
                "action_compute",
                [["x"]],
                {},
                "consolidation ids",
            ),
            (
                "purchase.consolidation",
                "action_compute",
                [[UNKNOWN]],
                {},
                "consolidation ids",
            ),
            (
                "purchase.consolidation",
                "action_create_rfqs",
                [[NAN]],
                {},
                "consolidation ids",
            ),
            (
                "stock.quant.expiry.inquiry",
                "create",
                [{"date_limit": "31/12/2026"}],
                {},
                "date_limit",
            ),
            (
                "stock.quant.expiry.inquiry",
                "create",
                [{"product_ids": [[6, 0, ["x"]]]}],
                {},
                "product_ids",
            ),
            (
                "stock.quant.expiry.inquiry",
                "create",
                [{"site_ids": [[6, 0, [UNKNOWN]]]}],
                {},
                "site_ids",
            ),
            (
                "stock.lot.reclassify",
                "create",
                [dict(reclassify, lot_ids=[[6, 0, [UNKNOWN]]])],
                {},
                "lot_ids",
            ),
            (
                "stock.lot.reclassify",
                "create",
                [dict(reclassify, lot_ids=[[6, 0, [lot]]], classification_id="QC")],
                {},
                "classification_id",
            ),
            (
                "stock.lot.reclassify",
                "create",
                [dict(reclassify, lot_ids=[[6, 0, [lot]]], quantity=NAN)],
                {},
                "quantity",
            ),
            (
                "stock.lot.split",
                "create",
                [{"lot_id": UNKNOWN}],
                {},
                "lot_id",
            ),
            (
                "stock.lot.split",
                "create",
                [{"lot_id": lot, "line_ids": [[0, 0, {"quantity": "ten"}]]}],
                {},
                "quantity",
            ),
            (
                "stock.activity.record",
                "create",
                [{"activity_type_id": "scrap"}],
                {},
                "activity_type_id",
            ),
            (
                "stock.activity.record",
                "create",
                [
                    {
                        "line_ids": [
                            [0, 0, {"product_id": product, "quantity": float("inf")}]
                        ]
                    }
                ],
                {},
                "quantity",
            ),
            (
                "mrp.production.issue",
                "create",
                [{"production_id": UNKNOWN}],
                {},
                "production_id",
            ),
            (
                "mrp.production.convert",
                "create",
                [{"product_qty": "many"}],
                {},
                "product_qty",
            ),
            (
                "stock.lot.trace",
                "create",
                [{"start_ref": f"stock.lot,{lot}", "depth": "deep"}],
                {},
                "depth",
            ),
            (
                "stock.lot.trace",
                "create",
                [{"start_ref": f"stock.lot,{lot}", "direction": "sideways"}],
                {},
                "direction",
            ),
            (
                "stock.lot.trace",
                "create",
                [{"start_ref": f"stock.lot,{lot}", "date_from": "01.02.2026"}],
                {},
                "date_from",
            ),
            (
                "stock.lot.trace",
                "create",
                [{"start_ref": "stock.lot,abc"}],
                {},
                "start_ref",
            ),
            (
                "stock.lot.trace",
                "create",
                [{"start_ref": f"stock.lot,{UNKNOWN}"}],
                {},
                "start_ref",
            ),
            (
                "stock.inventory.ledger.report",
                "create",
                [{"date_to": "end of month"}],
                {},
                "date_to",
            ),
            (
                "stock.inventory.ledger.report",
                "create",
                [{"activity": "theft"}],
                {},
                "activity",
            ),
        ]

    def test_bad_input_named_and_nothing_changed(self):
        call = self._rpc()
        for model, method, args, kwargs, argument in self._cases():
            with self.subTest(model=model, method=method, args=args, kwargs=kwargs):
                before = self._counts()
                with self.assertRaises(xmlrpc.client.Fault) as caught:
                    call(model, method, args, kwargs)
                fault = caught.exception
                self.assertEqual(
                    fault.faultCode, RPC_FAULT_CODE_WARNING, fault.faultString
                )
                self.assertIn(argument, fault.faultString)
                self.assertEqual(self._counts(), before)

    def test_good_input_still_answers(self):
        """The same entry points with good values: the checks let them by."""
        call = self._rpc()
        result = call(
            "stock.lot.genealogy",
            "trace",
            ["stock.lot", self.lot.id, "both"],
            {"depth": 0, "date_from": "2020-01-01", "date_to": False},
        )
        self.assertEqual(result["start"]["nodes"], [f"L{self.lot.id}"])
        (values,) = call(
            "product.product",
            "get_flow_quantities",
            [[self.product.id]],
            {"warehouse_id": self.warehouse.id},
        )
        self.assertEqual(values["on_hand"], 10)
        self.assertEqual(
            call(
                "stock.lot",
                "search",
                [[("characteristic_filter", "=", [["BADVISC", ">=", 1.5]])]],
                {},
            ),
            [],
        )

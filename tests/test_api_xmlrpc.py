from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from .api_common import ApiCommon

API = "process.inventory.api"
LOT_API = "process.inventory.lot.api"
FLOW_API = "process.inventory.flow.api"


@tagged("post_install", "-at_install")
class TestApiXmlRpc(ApiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.production = cls.env["mrp.production"].create(
            {
                "product_id": cls.bicycle.id,
                "bom_id": cls.bicycle_bom.id,
                "product_qty": 1,
                "picking_type_id": cls.warehouse.manu_type_id.id,
            }
        )
        cls.production.action_confirm()

    def _receipt_lines(self, lot_name="APIR-2311/01"):
        return [
            {
                "product_id": self.paste.id,
                "quantity": 25.0,
                "secondary_quantity": 5.2,
                "lot_name": lot_name,
                "package_name": "API-PAL-1",
                "package_type_id": self.env.ref(
                    "process_inventory.package_type_pallet"
                ).id,
            }
        ]

    def _receive(self, call, **kw):
        return call(
            API,
            "record_receipt",
            self._receipt_lines(),
            partner_id=self.vendor.id,
            picking_type_id=self.warehouse.in_type_id.id,
            origin="SCALE-7",
            **kw,
        )

    # ------------------------------------------------------------------
    # every method, as the least-privileged user who may call it
    # ------------------------------------------------------------------
    def test_record_receipt_sub_lot_both_quantities_handling_unit(self):
        result = self._receive(self.rpc(self.stock_user))
        picking = self.env["stock.picking"].browse(result["picking_id"])
        self.assertEqual((picking.state, result["state"]), ("done", "done"))
        (line,) = result["move_lines"]
        lot = self.env["stock.lot"].browse(line["lot_id"])
        self.assertEqual(lot.name, "APIR-2311/01")
        self.assertEqual(lot.parent_lot_id.name, "APIR-2311")
        self.assertEqual(line["parent_lot_id"], lot.parent_lot_id.id)
        self.assertEqual((line["quantity"], line["secondary_quantity"]), (25.0, 5.2))
        self.assertEqual(line["package"], "API-PAL-1")
        self.assertEqual(
            picking.move_line_ids.result_package_id.package_type_id,
            self.env.ref("process_inventory.package_type_pallet"),
        )

    def test_record_activity_issues_the_lot(self):
        result = self.rpc(self.stock_user)(
            API,
            "record_activity",
            "API-SAMPLE",
            [
                {
                    "product_id": self.resin.id,
                    "quantity": 3.0,
                    "lot_id": self.resin_lot.id,
                }
            ],
            reference="LAB-42",
        )
        moves = self.env["stock.move"].browse(result["move_ids"])
        self.assertEqual(moves.mapped("state"), ["done"])
        self.assertEqual(moves.origin, "LAB-42")
        self.assertEqual(result["lots"][0]["name"], "APIR-001")
        self.assertEqual(self.resin_lot.product_qty, 47)

    def test_post_count_with_reason(self):
        result = self.rpc(self.stock_user)(
            API,
            "post_count",
            [
                {
                    "product_id": self.resin.id,
                    "location_id": self.stock_location.id,
                    "lot_id": self.resin_lot.id,
                    "quantity": 45.0,
                }
            ],
            "DAMAGE",
        )
        self.assertEqual(result["quants"][0]["quantity"], 45.0)
        move = self.env["stock.move"].search(
            [("product_id", "=", self.resin.id), ("is_inventory", "=", True)]
        )
        self.assertEqual(
            move.inventory_reason_id,
            self.env.ref("process_inventory.inventory_reason_damage"),
        )

    def test_reclassify_lots_whole_and_a_quantity(self):
        call = self.rpc(self.stock_user)
        result = call(
            LOT_API,
            "reclassify_lots",
            [self.resin_lot.id],
            "QUARANTINE",
            "Leaking drum",
        )
        self.assertEqual(result["lots"][0]["classification"], "Quarantine")
        self.assertEqual(self.resin_lot.classification_id.code, "QUARANTINE")
        result = call(
            LOT_API,
            "reclassify_lots",
            [self.paste_lot.id],
            "QUARANTINE",
            "Sampled drum",
            quantity=5.0,
            location_id=self.stock_location.id,
        )
        (sub_lot,) = result["lots"]
        self.assertNotEqual(sub_lot["id"], self.paste_lot.id)
        self.assertEqual(self.env["stock.lot"].browse(sub_lot["id"]).product_qty, 5)

    def test_set_lot_characteristics_from_lab_result(self):
        call = self.rpc(self.stock_user)
        result = call(
            LOT_API, "set_lot_characteristics", self.paste_lot.id, {"APIVISC": 12.5}
        )
        self.assertEqual(result["values"][0]["value_float"], 12.5)
        result = call(
            LOT_API, "set_lot_characteristics", self.paste_lot.id, {"APIVISC": "14"}
        )
        self.assertEqual(
            [(v["code"], v["value_float"]) for v in result["values"]],
            [("APIVISC", 14.0)],
        )

    def test_flow_quantities(self):
        (values,) = self.rpc(self.stock_user)(
            FLOW_API,
            "get_flow_quantities",
            [self.bicycle.id],
            warehouse_id=self.warehouse.id,
        )
        self.assertEqual(
            (values["product_id"], values["on_hand"]), (self.bicycle.id, 100)
        )

    def test_expiry_inquiry(self):
        limit = fields.Date.to_string(fields.Date.today() + timedelta(days=10))
        rows = self.rpc(self.stock_user)(
            LOT_API, "expiry_inquiry", limit, product_ids=[self.milk.id]
        )
        self.assertEqual(len(rows), 1)
        self.assertEqual((rows[0]["lot"], rows[0]["quantity"]), ("APIM-001", 10))
        self.assertIn(rows[0]["days_left"], (2, 3))

    def test_trace_a_received_lot_back_to_its_supplier(self):
        call = self.rpc(self.stock_user)
        line = self._receive(call)["move_lines"][0]
        trace = call(LOT_API, "trace", "stock.lot", line["lot_id"], "backward")
        self.assertIn("receipt", [edge["kind"] for edge in trace["edges"]])
        self.assertIn(
            "Pedal Works",
            [node["name"] for node in trace["nodes"] if node["type"] == "supplier"],
        )

    def test_consolidation_preview_then_rfqs(self):
        self._confirm_bicycle_order(500)
        call = self.rpc(self.buyer)
        preview = call(
            FLOW_API, "consolidation_compute", warehouse_id=self.warehouse.id
        )
        self.assertEqual(preview["state"], "computed")
        pedals = [
            line for line in preview["lines"] if line["product_id"] == self.pedal.id
        ]
        self.assertEqual([line["qty_to_order"] for line in pedals], [200], preview)
        ordered = call(
            FLOW_API, "consolidation_create_rfqs", preview["consolidation_id"]
        )
        self.assertEqual(ordered["state"], "ordered")
        self.assertEqual(len(ordered["purchases"]), 1)

    def _confirm_bicycle_order(self, quantity):
        self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "warehouse_id": self.warehouse.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.bicycle.id, "product_uom_qty": quantity}
                    )
                ],
            }
        ).action_confirm()

    def test_issue_to_wip_then_receive(self):
        call = self.rpc(self.stock_user)
        issued = call(
            FLOW_API,
            "issue_to_wip",
            self.production.id,
            [
                {"product_id": self.pedal.id, "quantity": 2.0},
                {"product_id": self.frame.id, "quantity": 1.0},
            ],
        )
        self.assertEqual(len(issued["wip_move_ids"]), 2)
        received = call(FLOW_API, "receive_from_wip", self.production.id)
        self.assertEqual(received["state"], "done")
        self.assertEqual(self.production.state, "done")

    def test_convert(self):
        result = self.rpc(self.stock_user)(
            FLOW_API,
            "convert",
            self.bicycle_bom.id,
            2.0,
            picking_type_id=self.warehouse.manu_type_id.id,
        )
        self.assertEqual(result["state"], "done")
        self.assertEqual(self.bicycle.qty_available, 102)

    def _carry_order(self):
        return self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "warehouse_id": self.warehouse.id,
                "carry_mode": "cash",
                "user_id": self.cashier.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.bicycle.id, "product_uom_qty": 2}
                    )
                ],
            }
        )

    def test_confirm_carry_sale(self):
        order = self._carry_order()
        result = self.rpc(self.cashier)(FLOW_API, "confirm_carry_sale", order.id)
        self.assertEqual(result["state"], "sale")
        self.assertEqual(result["invoices"][0]["state"], "posted")
        self.assertIn(result["invoices"][0]["payment_state"], ("paid", "in_payment"))

    # ------------------------------------------------------------------
    # action methods marshal
    # ------------------------------------------------------------------
    def test_carry_action_confirm_returns_a_marshallable_action(self):
        order = self._carry_order()
        action = self.rpc(self.cashier)("sale.order", "action_confirm", [order.id])
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(order.state, "sale")

    def test_count_actions_return_true_over_rpc(self):
        call = self.rpc(self.stock_user)
        quant = self.env["stock.quant"].search(
            [
                ("lot_id", "=", self.resin_lot.id),
                ("location_id", "=", self.stock_location.id),
            ]
        )
        call(
            "stock.quant",
            "write",
            [quant.id],
            {
                "inventory_quantity": 48,
                "inventory_reason_id": self.env.ref(
                    "process_inventory.inventory_reason_damage"
                ).id,
            },
        )
        self.assertIs(call("stock.quant", "action_apply_inventory", [quant.id]), True)
        self.assertEqual(quant.quantity, 48)
        self.assertIs(
            call("stock.quant", "action_clear_inventory_quantity", [quant.id]), True
        )

    def test_print_actions_marshal_over_rpc(self):
        call = self.rpc(self.stock_user)
        (trace_id,) = call(
            "stock.lot.trace",
            "create",
            [{"start_ref": f"stock.lot,{self.resin_lot.id}", "direction": "both"}],
        )
        action = call("stock.lot.trace", "action_print", [trace_id])
        self.assertEqual(
            action["report_name"], "process_inventory.lot_genealogy_document"
        )
        (report_id,) = call("stock.inventory.ledger.report", "create", [{}])
        action = call("stock.inventory.ledger.report", "action_print", [report_id])
        self.assertEqual(action["type"], "ir.actions.report")

    # ------------------------------------------------------------------
    # idempotency
    # ------------------------------------------------------------------
    def test_retried_reference_returns_first_result_without_duplicate(self):
        call = self.rpc(self.stock_user)
        first = self._receive(call, client_reference="scale-7-0001")
        before = self.counts()
        again = self._receive(call, client_reference="scale-7-0001")
        self.assertEqual(again, first)
        self.assertEqual(self.counts(), before)
        self.assertEqual(
            self.env["stock.lot"].search_count([("name", "=", "APIR-2311/01")]), 1
        )

    def test_reference_is_per_user(self):
        self._receive(self.rpc(self.stock_user), client_reference="shared-ref")
        other = self._receive(
            self.rpc(self.stock_manager), client_reference="shared-ref"
        )
        self.assertEqual(
            self.env["stock.picking"].search_count([("origin", "=", "SCALE-7")]), 2
        )
        self.assertEqual(other["state"], "done")

    def test_reference_reused_for_another_call_is_refused(self):
        call = self.rpc(self.stock_user)
        self._receive(call, client_reference="scale-7-0002")
        self.assertFaultWritesNothing(
            call,
            LOT_API,
            "reclassify_lots",
            [self.resin_lot.id],
            "QUARANTINE",
            "Leaking",
            client_reference="scale-7-0002",
            contains=("scale-7-0002", "already used"),
        )

    def test_failed_call_keeps_no_reference(self):
        call = self.rpc(self.stock_user)
        self.assertFaultWritesNothing(
            call,
            LOT_API,
            "set_lot_characteristics",
            self.paste_lot.id,
            {"APIVISC": 99},
            client_reference="lab-1",
            contains=("APIP-001/01",),
        )
        result = call(
            LOT_API,
            "set_lot_characteristics",
            self.paste_lot.id,
            {"APIVISC": 20},
            client_reference="lab-1",
        )
        self.assertEqual(result["values"][0]["value_float"], 20)

    # ------------------------------------------------------------------
    # refusals: no rights, bad input
    # ------------------------------------------------------------------
    def _write_calls(self):
        order = self._carry_order()
        return [
            (API, "record_receipt", self._receipt_lines()),
            (
                API,
                "record_activity",
                "API-SAMPLE",
                [
                    {
                        "product_id": self.resin.id,
                        "quantity": 1.0,
                        "lot_id": self.resin_lot.id,
                    }
                ],
            ),
            (
                API,
                "post_count",
                [
                    {
                        "product_id": self.resin.id,
                        "location_id": self.stock_location.id,
                        "lot_id": self.resin_lot.id,
                        "quantity": 1.0,
                    }
                ],
                "DAMAGE",
            ),
            (LOT_API, "reclassify_lots", [self.resin_lot.id], "QUARANTINE", "x"),
            (LOT_API, "set_lot_characteristics", self.paste_lot.id, {"APIVISC": 10}),
            (FLOW_API, "consolidation_compute"),
            (
                FLOW_API,
                "issue_to_wip",
                self.production.id,
                [{"product_id": self.pedal.id, "quantity": 2.0}],
            ),
            (FLOW_API, "convert", self.bicycle_bom.id, 1.0),
            (FLOW_API, "confirm_carry_sale", order.id),
        ]

    def test_user_without_inventory_rights_gets_access_error_and_nothing_written(self):
        call = self.rpc(self.nobody)
        for model, method, *args in self._write_calls():
            with self.subTest(method=method):
                self.assertFaultWritesNothing(
                    call,
                    model,
                    method,
                    *args,
                    client_reference=f"nobody-{method}",
                    code=4,
                    contains=("not allowed",),
                )
        for model, method, *args in [
            (FLOW_API, "get_flow_quantities", [self.bicycle.id]),
            (LOT_API, "expiry_inquiry"),
            (LOT_API, "trace", "stock.lot", self.resin_lot.id, "both"),
        ]:
            with self.subTest(method=method):
                self.assertFaultWritesNothing(
                    call, model, method, *args, code=4, contains=("not allowed",)
                )

    def test_lot_of_another_company_is_refused(self):
        other = self.env["res.company"].create({"name": "API Other Company"})
        lot = self.env["stock.lot"].create(
            {"name": "APIX-001", "product_id": self.resin.id, "company_id": other.id}
        )
        self.assertFaultWritesNothing(
            self.rpc(self.stock_user),
            LOT_API,
            "reclassify_lots",
            [lot.id],
            "QUARANTINE",
            "Leaking",
            code=4,
            contains=("stock.lot",),
        )

    def test_bad_input_gets_a_clear_fault_and_nothing_written(self):
        call = self.rpc(self.stock_user)
        lines = self._receipt_lines()
        cases = [
            ((API, "record_receipt", []), "Argument lines"),
            (
                (API, "record_receipt", [dict(lines[0], quantity=-1)]),
                "lines[1].quantity",
            ),
            (
                (API, "record_receipt", [dict(lines[0], quantity="ten")]),
                "give a number",
            ),
            ((API, "record_receipt", [dict(lines[0], lot_name=False)]), "is tracked"),
            (
                (API, "record_receipt", [dict(lines[0], colour="red")]),
                "unknown keys colour",
            ),
            (
                (API, "record_receipt", [dict(lines[0], product_id=999999)]),
                "no product.product with id 999999",
            ),
            (
                (API, "record_activity", "NO-SUCH", lines),
                "no stock.activity.type with code NO-SUCH",
            ),
            (
                (
                    API,
                    "post_count",
                    [
                        {
                            "product_id": self.resin.id,
                            "location_id": self.stock_location.id,
                            "quantity": 1.0,
                        }
                    ],
                    "DAMAGE",
                ),
                "give the lot counted",
            ),
            (
                (
                    API,
                    "post_count",
                    [
                        {
                            "product_id": self.resin.id,
                            "location_id": self.stock_location.id,
                            "lot_id": self.resin_lot.id,
                            "quantity": -1,
                        }
                    ],
                    "DAMAGE",
                ),
                "must not be negative",
            ),
            (
                (LOT_API, "reclassify_lots", [self.resin_lot.id], "QUARANTINE", " "),
                "Argument reason",
            ),
            (
                (LOT_API, "reclassify_lots", "APIR-001", "QUARANTINE", "x"),
                "Argument lot_ids",
            ),
            (
                (LOT_API, "set_lot_characteristics", self.paste_lot.id, {"NOPE": 1}),
                "no lot characteristic with code NOPE",
            ),
            (
                (
                    LOT_API,
                    "set_lot_characteristics",
                    self.paste_lot.id,
                    {"APIVISC": 99},
                ),
                "APIP-001/01",
            ),
            ((LOT_API, "expiry_inquiry", "next week"), "Argument date_limit"),
            (
                (LOT_API, "trace", "stock.lot", self.resin_lot.id, "sideways"),
                "sideways",
            ),
            (
                (FLOW_API, "get_flow_quantities", [self.bicycle.id], 999999),
                "Argument warehouse_id",
            ),
            (
                (
                    FLOW_API,
                    "issue_to_wip",
                    self.production.id,
                    [{"product_id": self.pedal.id, "quantity": 9999.0}],
                ),
                "available",
            ),
            ((FLOW_API, "convert", self.bicycle_bom.id, 0), "must be positive"),
            ((FLOW_API, "confirm_carry_sale", 999999), "Argument order_id"),
        ]
        for (model, method, *args), text in cases:
            with self.subTest(method=method, text=text):
                fault = self.assertFaultWritesNothing(
                    call,
                    model,
                    method,
                    *args,
                    contains=(text,),
                    **(
                        {}
                        if method in ("expiry_inquiry", "trace", "get_flow_quantities")
                        else {"client_reference": f"bad-{text}"}
                    ),
                )
                self.assertNotIn("TypeError", fault.faultString)
                self.assertNotIn("psycopg2", fault.faultString)

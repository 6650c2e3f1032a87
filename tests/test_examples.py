import csv
import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from odoo import Command
from odoo.tests import tagged

from .api_common import ApiCommon

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@tagged("post_install", "-at_install")
class TestExamples(ApiCommon):
    """Every example script, run as a separate process against the test
    server (which serves the test's own transaction)."""

    def run_script(self, script, *args, user=None):
        user = user or self.stock_user
        env = dict(
            os.environ,
            PI_URL=self.base_url(),
            PI_DB=self.env.cr.dbname,
            PI_USER=user.login,
            PI_API_KEY=user.login,
        )
        # the server shares the test's cursor, not its ORM cache
        self.env.flush_all()
        process = subprocess.run(
            [sys.executable, str(EXAMPLES / script), *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        self.env.invalidate_all()
        return process

    def test_every_script_has_help(self):
        for script in sorted(EXAMPLES.glob("*.py")):
            if script.name == "pi_client.py":
                continue
            with self.subTest(script=script.name):
                process = subprocess.run(
                    [sys.executable, str(script), "--help"],
                    capture_output=True,
                    text=True,
                    timeout=60,
                    check=False,
                )
                self.assertEqual(process.returncode, 0, process.stderr)
                self.assertIn("--api-key", process.stdout)

    def test_lab_results_import_sets_values_once(self):
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as handle:
            handle.write("lot,characteristic,value\nAPIP-001/01,APIVISC,12.5\n")
        self.addCleanup(os.unlink, handle.name)
        process = self.run_script("lab_results_import.py", handle.name)
        self.assertEqual(process.returncode, 0, process.stderr)
        self.assertIn("APIP-001/01: APIVISC=12.5", process.stdout)
        value = self.env["stock.lot.characteristic"].search(
            [("lot_id", "=", self.paste_lot.id)]
        )
        self.assertEqual(value.value_float, 12.5)
        before = self.counts()
        again = self.run_script("lab_results_import.py", handle.name)
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertEqual(self.counts(), before)

    def test_lab_results_import_reports_refused_values(self):
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as handle:
            handle.write("lot,characteristic,value\nAPIP-001/01,APIVISC,99\n")
        self.addCleanup(os.unlink, handle.name)
        before = self.counts()
        process = self.run_script("lab_results_import.py", handle.name)
        self.assertEqual(process.returncode, 1)
        self.assertIn("APIP-001/01: refused", process.stderr)
        self.assertEqual(self.counts(), before)

    def _scale(self, ticket, user=None):
        return self.run_script(
            "scale_receipt.py",
            "--ticket",
            ticket,
            "--product",
            "API-PASTE",
            "--quantity",
            "25",
            "--weight",
            "5.2",
            "--lot",
            "APIS-001/01",
            "--package",
            "API-PAL-9",
            "--vendor-id",
            str(self.vendor.id),
            "--picking-type-id",
            str(self.warehouse.in_type_id.id),
            user=user,
        )

    def test_scale_receipt_records_once_per_ticket(self):
        process = self._scale("T-0042")
        self.assertEqual(process.returncode, 0, process.stderr)
        result = json.loads(process.stdout)
        line = result["move_lines"][0]
        self.assertEqual(
            (line["lot"], line["secondary_quantity"]), ("APIS-001/01", 5.2)
        )
        before = self.counts()
        again = self._scale("T-0042")
        self.assertEqual(json.loads(again.stdout), result)
        self.assertEqual(self.counts(), before)

    def test_scale_receipt_without_inventory_rights_writes_nothing(self):
        before = self.counts()
        process = self._scale("T-0043", user=self.nobody)
        self.assertNotEqual(process.returncode, 0)
        self.assertEqual(self.counts(), before)

    def test_recall_report_lists_the_customer(self):
        self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "warehouse_id": self.warehouse.id,
                "carry_mode": "account",
                "order_line": [
                    Command.create({"product_id": self.resin.id, "product_uom_qty": 4})
                ],
            }
        ).action_confirm()
        with tempfile.TemporaryDirectory() as directory:
            output = Path(directory, "recall.csv")
            process = self.run_script(
                "recall_report.py", "--lot", "APIR-001", "--output", str(output)
            )
            self.assertEqual(process.returncode, 0, process.stderr)
            rows = list(csv.DictReader(io.StringIO(output.read_text())))
        deliveries = [row for row in rows if row["kind"] == "delivery"]
        self.assertEqual(len(deliveries), 1)
        self.assertEqual(deliveries[0]["to"], "City Cycles")
        self.assertEqual(float(deliveries[0]["quantity"]), 4)
        self.assertIn("customers: City Cycles", process.stderr)

    def test_daily_consolidation_orders_once_a_day(self):
        self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "warehouse_id": self.warehouse.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.bicycle.id, "product_uom_qty": 500}
                    )
                ],
            }
        ).action_confirm()
        args = (
            "--warehouse-id",
            str(self.warehouse.id),
            "--create-rfqs",
            "--date",
            "2026-01-05",
        )
        process = self.run_script("daily_consolidation.py", *args, user=self.buyer)
        self.assertEqual(process.returncode, 0, process.stderr)
        rows = list(csv.DictReader(io.StringIO(process.stdout)))
        pedal = [row for row in rows if row["product"] == "Pedal"]
        self.assertEqual(float(pedal[0]["to_order"]), 200)
        orders = self.env["purchase.order"].search(
            [("partner_id", "=", self.vendor.id)]
        )
        self.assertEqual(len(orders), 1)
        before = self.counts()
        again = self.run_script("daily_consolidation.py", *args, user=self.buyer)
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertEqual(self.counts(), before)

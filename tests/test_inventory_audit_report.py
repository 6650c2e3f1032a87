import io

from PyPDF2 import PdfReader

from odoo import Command
from odoo.tests import tagged

from .inventory_ledger_common import InventoryLedgerCommon


@tagged("post_install", "-at_install")
class TestInventoryAuditReport(InventoryLedgerCommon):
    def _pdf_text(self, options):
        pdf, _ = (
            self.env["ir.actions.report"]
            .with_user(self.stock_manager)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "process_inventory.stock_inventory_ledger_report_action",
                res_ids=options.ids,
            )
        )
        # cells wrap where the column is narrow: compare words, not lines
        return " ".join(
            " ".join(page.extract_text().split())
            for page in PdfReader(io.BytesIO(pdf)).pages
        )

    def test_audit_trail_pdf_lists_filtered_rows_totals_and_chain(self):
        self._set_stock(self.raw_material, self.shelf, 50)
        self._set_stock(self.finished_product, self.shelf, 50)
        self._record_activity(
            self.sampling,
            [
                {"product_id": self.raw_material.id, "quantity": 4},
                {"product_id": self.finished_product.id, "quantity": 1},
            ],
            analytic_account_id=self.cost_center.id,
            reference="SR42",
        )
        self._record_activity(
            self.found_stock,
            [{"product_id": self.raw_material.id, "quantity": 1.5}],
            reference="FOUND9",
        )
        options = (
            self.env["stock.inventory.ledger.report"]
            .with_user(self.stock_manager)
            .create(
                {
                    "product_ids": [Command.set(self.raw_material.ids)],
                    "site_id": self.site.id,
                }
            )
        )
        self.assertEqual(len(options._get_entries()), 2)

        text = self._pdf_text(options)

        self.assertIn("Inventory audit trail", text)
        self.assertIn("chain intact", text)
        self.assertIn("SR42", text)
        self.assertIn("FOUND9", text)
        self.assertIn("Quality Lab", text)
        self.assertIn("-2.5", text)
        self.assertNotIn("Finished Product", text)

    def test_audit_trail_pdf_reports_broken_chain(self):
        self._set_stock(self.raw_material, self.shelf, 50)
        self._record_activity(
            self.sampling,
            [{"product_id": self.raw_material.id, "quantity": 4}],
            analytic_account_id=self.cost_center.id,
        )
        entry = self.Ledger.search([("product_id", "=", self.raw_material.id)])
        self.env.cr.execute(
            "UPDATE stock_inventory_ledger SET quantity = 1 WHERE id = %s", (entry.id,)
        )
        self.env.invalidate_all()
        options = self.env["stock.inventory.ledger.report"].create({})
        text = self._pdf_text(options)
        self.assertIn(f"chain broken at entry #{entry.sequence}", text)

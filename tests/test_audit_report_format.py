import io
from datetime import datetime

from PyPDF2 import PdfReader

from odoo import Command, fields
from odoo.tests import tagged

from .inventory_ledger_common import InventoryLedgerCommon


@tagged("post_install", "-at_install")
class TestAuditReportFormat(InventoryLedgerCommon):
    """The audit trail PDF shows quantities rounded to their unit, dates in
    the reader's time zone, and a lot's arrival classification after the
    receipt it comes from."""

    def _options(self, **values):
        return (
            self.env["stock.inventory.ledger.report"]
            .with_user(self.stock_manager)
            .create(values)
        )

    def _pdf_text(self, options, user):
        pdf, _ = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "process_inventory.stock_inventory_ledger_report_action",
                res_ids=options.ids,
            )
        )
        return "\n".join(
            page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages
        )

    def test_quantities_rounded_to_their_unit(self):
        self._set_stock(self.raw_material, self.shelf, 50)
        for quantity, reference in ((0.1, "TENTH"), (0.2, "FIFTH")):
            self._record_activity(
                self.sampling,
                [{"product_id": self.raw_material.id, "quantity": quantity}],
                analytic_account_id=self.cost_center.id,
                reference=reference,
            )
        options = self._options(product_ids=[Command.set(self.raw_material.ids)])
        text = self._pdf_text(options, self.stock_manager)
        # 0.1 + 0.2 kg out, written with the unit's decimals (kg: 0.01)
        self.assertNotIn("0.30000000000000004", text)
        self.assertIn("-0.30", text)
        self.assertIn("0.10\nkg", text)

    def test_dates_in_reader_time_zone(self):
        self.stock_manager.tz = "Asia/Kolkata"  # UTC+05:30, no daylight saving
        self._set_stock(self.raw_material, self.shelf, 50)
        self._record_activity(
            self.sampling,
            [{"product_id": self.raw_material.id, "quantity": 1}],
            analytic_account_id=self.cost_center.id,
            reference="TZ1",
        )
        entry = self._entries(self.raw_material).filtered(
            lambda e: e.reference == "TZ1"
        )
        local = fields.Datetime.context_timestamp(
            entry.with_context(tz="Asia/Kolkata"), entry.date
        )
        options = self._options(
            product_ids=[Command.set(self.raw_material.ids)],
            date_from=datetime(2026, 1, 1, 12, 0),
        )
        text = self._pdf_text(options, self.stock_manager)
        # the period starts at 17:30 in Kolkata, not at 12:00 UTC
        self.assertIn("5:30:00", text)
        self.assertNotIn("12:00:00", text)
        # written in the reader's time zone (12-hour clock in English)
        self.assertIn(f"{local.hour % 12 or 12}:{local.minute:02d}:", text)
        self.assertNotIn(f"{entry.date.hour % 12 or 12}:{entry.date.minute:02d}:", text)

    def test_arrival_classification_follows_its_receipt(self):
        qc = self.env.ref("process_inventory.classification_qc")
        self.lot_product.arrival_classification_id = qc
        receipt = (
            self.env["stock.picking"]
            .with_user(self.stock_user)
            .create(
                {
                    "picking_type_id": self.warehouse.in_type_id.id,
                    "location_id": self.supplier_location.id,
                    "location_dest_id": self.shelf.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": "Solvent",
                                "product_id": self.lot_product.id,
                                "product_uom_qty": 5,
                                "product_uom": self.uom_kg.id,
                                "location_id": self.supplier_location.id,
                                "location_dest_id": self.shelf.id,
                            }
                        )
                    ],
                }
            )
        )
        receipt.action_confirm()
        receipt.move_ids.move_line_ids.write({"lot_name": "ARR-1", "quantity": 5})
        receipt.move_ids.picked = True
        receipt.button_validate()
        options = self._options(product_ids=[Command.set(self.lot_product.ids)])
        values = self.env[
            "report.process_inventory.report_inventory_audit_trail"
        ]._get_report_values(options.ids)
        activities = values["reports"][0]["entries"].mapped("activity")
        self.assertEqual(activities, ["receipt", "classification_change"])

import io

from lxml import html

from odoo import Command
from odoo.tests import tagged
from odoo.tools.pdf import PdfReader

from .inventory_ledger_common import InventoryLedgerCommon

# Lines of the company details the external layout prints in each page's
# header; the second is the header's last line.
HEADER_TOP = "PI-HEADER-TOP"
HEADER_BOTTOM = "PI-HEADER-BOTTOM"


def pdf_pages(env, report, records):
    """Render a QWeb report with wkhtmltopdf and return its pages, each a list
    of ``(y, size, text)`` text runs: the baseline (PDF points, growing
    upwards) and the font size."""
    pdf, report_type = (
        env["ir.actions.report"]
        .with_context(force_report_rendering=True)
        ._render_qweb_pdf(report, records.ids)
    )
    assert report_type == "pdf", report_type
    pages = []

    def visit(text, cm, tm, _font, size):
        if text.strip():
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            pages[-1].append((y, size * abs(tm[3] * cm[3]), text.strip()))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        pages.append([])
        page.extract_text(visitor_text=visit)
    return pages


@tagged("post_install", "-at_install")
class TestReportPdfs(InventoryLedgerCommon):
    """The add-on's list PDFs over several pages: the company header covers
    nothing (title, table head, rows), each page repeats the table head,
    every row has all its cells and quantities print at their unit's
    precision."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # as tall as a real company block: name, street, city, country, VAT
        cls.env.company.company_details = "".join(
            f"<p>{line}</p>"
            for line in (
                HEADER_TOP,
                "1 Mill Road",
                "Springfield",
                "Country",
                HEADER_BOTTOM,
            )
        )

    def _assert_header_covers_nothing(self, pages, table_head):
        for number, runs in enumerate(pages, start=1):
            with self.subTest(page=number):
                [(bottom_y, bottom_size)] = [
                    (y, size) for y, size, text in runs if text == HEADER_BOTTOM
                ]
                header_bottom = bottom_y - 0.3 * bottom_size
                for y, size, text in runs:
                    if text in (HEADER_TOP, HEADER_BOTTOM) or y > bottom_y + size:
                        continue
                    # the top of each glyph of the page's body stays below it
                    self.assertLess(y + 0.8 * size, header_bottom, text)
                self.assertIn(table_head, [text for _y, _size, text in runs])

    def _assert_rows_complete(self, report, records):
        document = html.fromstring(
            self.env["ir.actions.report"]._render_qweb_html(report, records.ids)[0]
        )
        for table in document.xpath("//table[thead]"):
            heads = len(table.xpath("./thead/tr/th"))
            for row in table.xpath("./tbody/tr"):
                self.assertEqual(len(row.xpath("./td")), heads, row.text_content())

    def test_audit_trail_pdf_over_several_pages(self):
        self._set_stock(self.raw_material, self.shelf, 500)
        lot = self.env["stock.lot"].create(
            {"name": "PDF-LOT-1", "product_id": self.lot_product.id}
        )
        self._set_stock(self.lot_product, self.shelf, 50, lot_id=lot)
        self._record_activity(
            self.sampling,
            [
                *(
                    {"product_id": self.raw_material.id, "quantity": 0.1}
                    for _index in range(60)
                ),
                {"product_id": self.lot_product.id, "lot_id": lot.id, "quantity": 2},
            ],
            analytic_account_id=self.cost_center.id,
            reference="PDF-SR",
        )
        options = (
            self.env["stock.inventory.ledger.report"]
            .with_user(self.stock_manager)
            .create(
                {
                    "product_ids": [
                        Command.set((self.raw_material | self.lot_product).ids)
                    ]
                }
            )
        )
        report = "process_inventory.stock_inventory_ledger_report_action"
        pages = pdf_pages(self.env(user=self.stock_manager), report, options)
        self.assertGreater(len(pages), 2)
        self._assert_header_covers_nothing(pages[:1], "Product")
        # the entries start on the second page, their head on each page
        self._assert_header_covers_nothing(pages[1:], "Quantity")
        texts = [text for runs in pages for _y, _size, text in runs]
        self.assertEqual(texts.count("PDF-SR"), 61)
        # 60 x 0.1 kg out: 6.00 kg at the unit's rounding, no float noise
        self.assertIn("6.00", texts)
        self.assertFalse([text for text in texts if "0000" in text])
        # products without a second unit print no second quantity (no 0.0)
        self.assertNotIn("0.0", texts)
        self._assert_rows_complete(report, options.with_user(self.stock_manager))

    def test_consolidation_pdf_over_several_pages(self):
        products = self.env["product.product"].create(
            [
                {"name": f"PDF Part {index:02d}", "resource_type": "inventory"}
                for index in range(45)
            ]
        )
        consolidation = self.env["purchase.consolidation"].create(
            {
                "line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_id": product.uom_id.id,
                            "qty_demand": 10,
                            "qty_to_order": 10,
                        }
                    )
                    for product in products
                ]
            }
        )
        report = "process_inventory.purchase_consolidation_report"
        pages = pdf_pages(self.env, report, consolidation)
        self.assertGreater(len(pages), 1)
        self._assert_header_covers_nothing(pages, "Part")
        texts = [text for runs in pages for _y, _size, text in runs]
        for product in products:
            self.assertIn(product.display_name, texts)
        self._assert_rows_complete(report, consolidation)

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import ProcessInventoryCommon
from .inventory_flow_common import render_pdf_text


@tagged("post_install", "-at_install")
class TestInvoiceDualUnit(ProcessInventoryCommon):
    """A paste sold in kg and kept in pails too (1 pail = 12.5 kg), lot
    PASTE-INV-1 with 50 kg (4 pails) in stock."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env,
            login="pi_invoice_salesman",
            groups="sales_team.group_sale_salesman,stock.group_stock_user,"
            "account.group_account_invoice",
        )
        cls.customer = cls.env["res.partner"].create({"name": "Invoice Customer"})
        containers = cls.env["uom.category"].create({"name": "Invoice Containers"})
        cls.uom_pail = cls.env["uom.uom"].create(
            {
                "name": "Pail",
                "category_id": containers.id,
                "uom_type": "reference",
                "rounding": 0.01,
            }
        )
        cls.paste = cls.env["product.product"].create(
            {
                "name": "Invoice Paste",
                "resource_type": "inventory",
                "is_storable": True,
                "tracking": "lot",
                "list_price": 8.0,
                "invoice_policy": "delivery",
                "uom_id": cls.uom_kg.id,
                "uom_po_id": cls.uom_kg.id,
                "uom_conversion_ids": [
                    Command.create({"uom_id": cls.uom_pail.id, "factor": 12.5})
                ],
                "secondary_uom_id": cls.uom_pail.id,
            }
        )
        cls.lot = cls.env["stock.lot"].create(
            {"name": "PASTE-INV-1", "product_id": cls.paste.id}
        )
        cls._set_stock(cls.paste, cls.stock_location, 50, lot_id=cls.lot)

    def _deliver_and_invoice(self, quantity, secondary=None):
        order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "warehouse_id": self.warehouse.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.paste.id, "product_uom_qty": quantity}
                        )
                    ],
                }
            )
        )
        order.action_confirm()
        picking = order.picking_ids
        picking.action_assign()
        line = picking.move_ids.move_line_ids
        self.assertEqual(line.lot_id, self.lot)
        if secondary is not None:
            line.secondary_quantity = secondary
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        invoice = order._create_invoices()
        invoice.action_post()
        return invoice

    def test_invoice_line_has_second_quantity_from_delivery(self):
        invoice = self._deliver_and_invoice(25)
        line = invoice.invoice_line_ids
        self.assertEqual(line.secondary_uom_id, self.uom_pail)
        self.assertAlmostEqual(line.secondary_quantity, 2.0)

    def test_invoice_follows_actual_delivered_second_quantity(self):
        invoice = self._deliver_and_invoice(25, secondary=2.1)
        self.assertAlmostEqual(invoice.invoice_line_ids.secondary_quantity, 2.1)

    def test_invoice_pdf_shows_lot_and_both_units(self):
        invoice = self._deliver_and_invoice(25)
        text = render_pdf_text(
            self.env(user=self.salesman), "account.account_invoices", invoice
        )
        text = " ".join(text.split())
        self.assertIn("PASTE-INV-1", text)
        self.assertIn("25.00", text)
        self.assertIn("2.00 Pail", text)

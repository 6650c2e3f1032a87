from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .inventory_flow_common import InventoryFlowCommon, render_pdf_text


@tagged("post_install", "-at_install")
class TestCarrySale(InventoryFlowCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cashier = new_test_user(
            cls.env,
            login="pi_flow_cashier",
            groups="sales_team.group_sale_salesman,stock.group_stock_user,"
            "account.group_account_invoice",
        )
        cls.helmet = cls.env["product.product"].create(
            {
                "name": "Helmet",
                "resource_type": "inventory",
                "tracking": "lot",
                "list_price": 40,
            }
        )
        cls.helmet_lot = cls.env["stock.lot"].create(
            {"name": "HLM-0001", "product_id": cls.helmet.id}
        )
        cls._set_stock(cls.helmet, cls.stock_location, 5, lot_id=cls.helmet_lot)

    def _carry_order(self, product, quantity, carry_mode):
        return (
            self.env["sale.order"]
            .with_user(self.cashier)
            .create(
                {
                    "partner_id": self.customer.id,
                    "warehouse_id": self.warehouse.id,
                    "carry_mode": carry_mode,
                    "order_line": [
                        Command.create(
                            {"product_id": product.id, "product_uom_qty": quantity}
                        )
                    ],
                }
            )
        )

    def _carry(self, product, quantity, carry_mode):
        order = self._carry_order(product, quantity, carry_mode)
        return order, order.action_confirm()

    def test_cash_and_carry_delivers_invoices_and_registers_payment(self):
        order, action = self._carry(self.bicycle, 10, "cash")
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_name"], "account.report_invoice_with_payments")
        self.assertEqual(order.picking_ids.state, "done")
        self.assertBuckets(self.bicycle, on_hand=90, on_demand=0, available=90)
        invoice = order.invoice_ids
        self.assertEqual(invoice.state, "posted")
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        text = render_pdf_text(
            self.env(user=self.cashier), "account.account_invoices", invoice
        )
        self.assertIn(invoice.name, text)
        self.assertIn("Bicycle", text)

    def test_carry_with_two_step_delivery_validates_each_step(self):
        self.warehouse.delivery_steps = "pick_ship"
        order, _action = self._carry(self.bicycle, 3, "account")
        self.assertEqual(len(order.picking_ids), 2)
        self.assertEqual(set(order.picking_ids.mapped("state")), {"done"})
        self.assertBuckets(self.bicycle, on_hand=97, on_demand=0)
        self.assertEqual(order.invoice_ids.state, "posted")

    def test_on_account_and_carry_posts_invoice_without_payment(self):
        order, _action = self._carry(self.bicycle, 4, "account")
        self.assertBuckets(self.bicycle, on_hand=96, on_demand=0)
        self.assertEqual(order.invoice_ids.state, "posted")
        self.assertEqual(order.invoice_ids.payment_state, "not_paid")

    def test_invoice_pdf_shows_delivered_lots(self):
        order, _action = self._carry(self.helmet, 2, "account")
        text = render_pdf_text(
            self.env(user=self.cashier), "account.account_invoices", order.invoice_ids
        )
        self.assertIn("HLM-0001", text)

    def test_carry_without_enough_stock_is_refused(self):
        order = self._carry_order(self.bicycle, 150, "cash")
        with self.assertRaisesRegex(UserError, "cannot be carried"):
            order.action_confirm()
        self.assertEqual(order.state, "draft", "the quotation is left as it was")
        self.assertFalse(order.picking_ids)
        self.assertFalse(order.invoice_ids)
        self.assertBuckets(self.bicycle, on_hand=100, on_demand=0)

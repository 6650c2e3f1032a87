from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

CARRY_MODES = [
    ("cash", "Cash and Carry"),
    ("account", "On Account and Carry"),
]


class SaleOrder(models.Model):
    _inherit = "sale.order"

    carry_mode = fields.Selection(
        CARRY_MODES,
        string="Carry",
        tracking=True,
        help="The customer carries the goods away: confirming the order "
        "delivers them from stock at once and posts the invoice (and, for "
        "cash, registers its payment). The order never becomes open demand.",
    )

    def action_confirm(self):
        carried = self.filtered("carry_mode")
        if not carried:
            return super().action_confirm()
        # all or nothing: a carry sale that cannot be delivered stays a quotation
        with self.env.cr.savepoint():
            result = super().action_confirm()
            invoices = carried._carry_out()
        if carried == self:
            return self.env.ref("account.account_invoices").report_action(invoices)
        return result

    def _carry_out(self):
        """Deliver the confirmed carry orders from stock, invoice them and
        register the payment of cash sales; return the posted invoices."""
        pickings = self.picking_ids.filtered(
            lambda picking: picking.state not in ("done", "cancel")
        )
        pickings.action_assign()
        for move in pickings.move_ids:
            if (
                float_compare(
                    move.quantity,
                    move.product_uom_qty,
                    precision_rounding=move.product_uom.rounding,
                )
                < 0
            ):
                raise UserError(
                    self.env._(
                        "Order %(order)s cannot be carried: only %(available)s "
                        "%(uom)s of %(product)s are available for %(needed)s "
                        "ordered. Make it an ordinary order or bring the stock "
                        "in first.",
                        order=move.sale_line_id.order_id.name,
                        available=move.quantity,
                        uom=move.product_uom.name,
                        product=move.product_id.display_name,
                        needed=move.product_uom_qty,
                    )
                )
        pickings.move_ids.picked = True
        pickings.with_context(
            skip_backorder=True, skip_sms=True, skip_immediate=True
        ).button_validate()
        invoices = self._create_invoices()
        invoices.action_post()
        cash_invoices = invoices.filtered(
            lambda invoice: (
                "cash" in invoice.line_ids.sale_line_ids.order_id.mapped("carry_mode")
            )
        )
        if cash_invoices:
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=cash_invoices.ids
            ).create({"group_payment": False})._create_payments()
        return invoices

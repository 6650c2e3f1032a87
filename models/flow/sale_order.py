from odoo import fields, models
from odoo.exceptions import UserError

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
            # data={} (not None) prints the same and marshals over XML-RPC
            return self.env.ref("account.account_invoices").report_action(
                invoices, data={}
            )
        return result

    def _carry_out(self):
        """Deliver the confirmed carry orders from stock, invoice them and
        register the payment of cash sales; return the posted invoices."""
        # Multi-step deliveries (pick, pack, ship) are validated step by step,
        # each once the step before it is done (which may create the next).
        while True:
            self.invalidate_recordset(["picking_ids"])
            pending = self.picking_ids.filtered(
                lambda picking: picking.state not in ("done", "cancel")
            )
            if not pending:
                break
            ready = pending.filtered(
                lambda picking: all(
                    origin.state in ("done", "cancel")
                    for origin in picking.move_ids.move_orig_ids
                )
            )
            if not ready:
                raise UserError(
                    self.env._(
                        "%(orders)s cannot be carried: %(pickings)s wait for "
                        "other operations. Make it an ordinary order.",
                        orders=", ".join(self.mapped("name")),
                        pickings=", ".join(pending.mapped("name")),
                    )
                )
            ready._carry_validate()
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

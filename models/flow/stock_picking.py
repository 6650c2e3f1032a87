from odoo import models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _carry_validate(self):
        """Reserve and validate these transfers of a carry sale at once, in
        full: the customer takes the goods away now."""
        self.action_assign()
        for move in self.move_ids:
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
                        order=move.picking_id.origin or move.reference,
                        available=move.quantity,
                        uom=move.product_uom.name,
                        product=move.product_id.display_name,
                        needed=move.product_uom_qty,
                    )
                )
        self.move_ids.picked = True
        self.with_context(
            skip_backorder=True, skip_sms=True, skip_immediate=True
        ).button_validate()

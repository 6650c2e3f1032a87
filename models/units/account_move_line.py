from odoo import api, models
from odoo.tools import float_is_zero


class AccountMoveLine(models.Model):
    _name = "account.move.line"
    _inherit = ["account.move.line", "product.secondary.quantity.mixin"]
    _secondary_qty_field = "quantity"
    _secondary_uom_field = "product_uom_id"

    @api.depends("sale_line_ids")
    def _compute_secondary_quantity(self):
        return super()._compute_secondary_quantity()

    def _secondary_quantity_values(self):
        """Lines invoicing delivered goods take the second quantity at the
        ratio actually delivered (10 cases weighed 126.4 kg are invoiced as
        126.4 kg), other lines at the product's ratio."""
        values = super()._secondary_quantity_values()
        invoicing = self.filtered("sale_line_ids")
        delivered = invoicing.sale_line_ids.move_ids.move_line_ids.filtered(
            lambda line: (
                line.state == "done"
                and "customer" in (line.location_id.usage, line.location_dest_id.usage)
            )
        )
        totals = {}
        for line in delivered:
            # returns from the customer count back
            sign = -1 if line.location_id.usage == "customer" else 1
            quantity, secondary = totals.get(line.move_id.sale_line_id, (0.0, 0.0))
            totals[line.move_id.sale_line_id] = (
                quantity + sign * line.quantity_product_uom,
                secondary + sign * line.secondary_quantity,
            )
        for line in invoicing:
            quantity = secondary = 0.0
            for sale_line in line.sale_line_ids:
                sale_quantity, sale_secondary = totals.get(sale_line, (0.0, 0.0))
                quantity += sale_quantity
                secondary += sale_secondary
            product_uom = line.product_id.uom_id
            if float_is_zero(
                quantity, precision_rounding=product_uom.rounding
            ) or float_is_zero(
                secondary, precision_rounding=line.secondary_uom_id.rounding
            ):
                continue
            values[line] = (
                line.product_uom_id._compute_quantity(line.quantity, product_uom)
                * secondary
                / quantity
            )
        return values

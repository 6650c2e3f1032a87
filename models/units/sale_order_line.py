from odoo import api, models


class SaleOrderLine(models.Model):
    _name = "sale.order.line"
    _inherit = ["sale.order.line", "product.secondary.quantity.mixin"]
    _secondary_qty_field = "product_uom_qty"
    _secondary_uom_field = "product_uom"
    _secondary_drives_qty = True

    def _action_launch_stock_rule(self, previous_product_uom_qty=False):
        # Procurements (and the moves they create) are in the product's unit
        # at the product's own ratio.
        own = self._pi_own_ratio_lines()
        super(SaleOrderLine, self - own)._action_launch_stock_rule(
            previous_product_uom_qty=previous_product_uom_qty
        )
        for line in own:
            super(
                SaleOrderLine,
                line.with_context(**line.product_id._pi_document_context()),
            )._action_launch_stock_rule(
                previous_product_uom_qty=previous_product_uom_qty
            )
        return True

    def _get_qty_procurement(self, previous_product_uom_qty=False):
        if not self._pi_own_ratio_lines():
            return super()._get_qty_procurement(previous_product_uom_qty)
        return super(
            SaleOrderLine,
            self.with_context(**self.product_id._pi_document_context()),
        )._get_qty_procurement(previous_product_uom_qty)

    @api.depends(
        "move_ids.state",
        "move_ids.scrapped",
        "move_ids.quantity",
        "move_ids.product_uom",
    )
    def _compute_qty_delivered(self):  # pylint: disable=missing-return
        own = self._pi_own_ratio_lines()
        super(SaleOrderLine, self - own)._compute_qty_delivered()
        for line in own:
            super(
                SaleOrderLine,
                line.with_context(**line.product_id._pi_document_context()),
            )._compute_qty_delivered()

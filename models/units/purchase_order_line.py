from odoo import api, models


class PurchaseOrderLine(models.Model):
    _name = "purchase.order.line"
    _inherit = ["purchase.order.line", "product.secondary.quantity.mixin"]
    _secondary_qty_field = "product_qty"
    _secondary_uom_field = "product_uom"
    _secondary_drives_qty = True

    @api.depends("product_uom", "product_qty", "product_id.uom_id")
    def _compute_product_uom_qty(self):  # pylint: disable=missing-return
        own = self._pi_own_ratio_lines()
        super(PurchaseOrderLine, self - own)._compute_product_uom_qty()
        for line in own:
            super(
                PurchaseOrderLine,
                line.with_context(**line.product_id._pi_document_context()),
            )._compute_product_uom_qty()

    @api.depends("move_ids.state", "move_ids.product_uom", "move_ids.quantity")
    def _compute_qty_received(self):  # pylint: disable=missing-return
        own = self._pi_own_ratio_lines()
        super(PurchaseOrderLine, self - own)._compute_qty_received()
        for line in own:
            super(
                PurchaseOrderLine,
                line.with_context(**line.product_id._pi_document_context()),
            )._compute_qty_received()

    def _prepare_stock_moves(self, picking):
        # The moves are created in the product's unit at the product's ratio.
        if not self._pi_own_ratio_lines():
            return super()._prepare_stock_moves(picking)
        return super(
            PurchaseOrderLine,
            self.with_context(**self.product_id._pi_document_context()),
        )._prepare_stock_moves(picking)

    def _get_qty_procurement(self):
        if not self._pi_own_ratio_lines():
            return super()._get_qty_procurement()
        return super(
            PurchaseOrderLine,
            self.with_context(**self.product_id._pi_document_context()),
        )._get_qty_procurement()

from odoo import models


class PurchaseOrderLine(models.Model):
    _name = "purchase.order.line"
    _inherit = ["purchase.order.line", "product.secondary.quantity.mixin"]
    _secondary_qty_field = "product_qty"
    _secondary_uom_field = "product_uom"
    _secondary_drives_qty = True

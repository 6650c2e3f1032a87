from odoo import models


class SaleOrderLine(models.Model):
    _name = "sale.order.line"
    _inherit = ["sale.order.line", "product.secondary.quantity.mixin"]
    _secondary_qty_field = "product_uom_qty"
    _secondary_uom_field = "product_uom"
    _secondary_drives_qty = True

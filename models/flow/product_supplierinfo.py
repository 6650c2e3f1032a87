from odoo import fields, models


class ProductSupplierinfo(models.Model):
    _inherit = "product.supplierinfo"

    order_multiple = fields.Float(
        digits="Product Unit of Measure",
        help="The vendor sells only multiples of this quantity (in the "
        "vendor's unit); the purchasing consolidation rounds up to it.",
    )

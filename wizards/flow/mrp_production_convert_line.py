from odoo import fields, models


class MrpProductionConvertLine(models.TransientModel):
    _name = "mrp.production.convert.line"
    _inherit = ["input.validation.mixin"]
    _description = "Component Lot to Convert"

    convert_id = fields.Many2one(
        "mrp.production.convert", required=True, ondelete="cascade"
    )
    product_id = fields.Many2one("product.product", required=True)
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot / Sub-lot",
        required=True,
        domain="[('product_id', '=', product_id)]",
    )
    quantity = fields.Float(required=True, digits="Product Unit of Measure")

from odoo import fields, models


class MrpProductionIssueLine(models.TransientModel):
    _name = "mrp.production.issue.line"
    _inherit = ["input.validation.mixin"]
    _description = "Part to Issue to WIP"

    issue_id = fields.Many2one(
        "mrp.production.issue", required=True, ondelete="cascade"
    )
    product_id = fields.Many2one("product.product", required=True)
    lot_id = fields.Many2one(
        "stock.lot", string="Lot / Sub-lot", domain="[('product_id', '=', product_id)]"
    )
    quantity = fields.Float(required=True, digits="Product Unit of Measure")
    product_uom_id = fields.Many2one(related="product_id.uom_id")
    location_id = fields.Many2one(
        "stock.location", string="From", domain=[("usage", "=", "internal")]
    )

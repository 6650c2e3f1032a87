from odoo import api, fields, models


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

    @api.model_create_multi
    def create(self, vals_list):
        self.env["uom.uom"]._check_quantity_vals(
            self, vals_list, {"quantity": "product_uom_id"}
        )
        return super().create(vals_list)

    def write(self, vals):
        self.env["uom.uom"]._check_quantity_vals(
            self, [vals], {"quantity": "product_uom_id"}
        )
        return super().write(vals)

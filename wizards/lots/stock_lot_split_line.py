from odoo import api, fields, models


class StockLotSplitLine(models.TransientModel):
    _name = "stock.lot.split.line"
    _inherit = ["input.validation.mixin"]
    _description = "Sub-lot to Split Off"

    split_id = fields.Many2one("stock.lot.split", required=True, ondelete="cascade")
    name = fields.Char(
        string="Sub-lot",
        help="Leave empty for the next name: <lot>/01, <lot>/02...",
    )
    location_id = fields.Many2one(
        "stock.location",
        required=True,
        domain="[('usage', '=', 'internal')]",
        help="Where the stock is taken from; the sub-lot stays there.",
    )
    quantity = fields.Float(digits="Product Unit of Measure")

    @api.model_create_multi
    def create(self, vals_list):
        self.env["uom.uom"]._check_quantity_vals(self, vals_list, {"quantity": None})
        return super().create(vals_list)

    def write(self, vals):
        self.env["uom.uom"]._check_quantity_vals(self, [vals], {"quantity": None})
        return super().write(vals)

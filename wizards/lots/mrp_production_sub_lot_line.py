from odoo import fields, models


class MrpProductionSubLotLine(models.TransientModel):
    _name = "mrp.production.sub.lot.line"
    _inherit = ["input.validation.mixin"]
    _description = "Sub-lot to Produce"

    wizard_id = fields.Many2one(
        "mrp.production.sub.lot", required=True, ondelete="cascade"
    )
    name = fields.Char(
        string="Sub-lot",
        help="Leave empty for the batch's next name: <batch>/01, /02...",
    )
    quantity = fields.Float(digits="Product Unit of Measure")

from odoo import fields, models


class StockPickingType(models.Model):
    _inherit = "stock.picking.type"

    arrival_classification_id = fields.Many2one(
        "stock.lot.classification",
        string="Classification on Arrival",
        help="New lots received or produced with this operation type get this "
        "classification (e.g. QC); it wins over the product's.",
    )

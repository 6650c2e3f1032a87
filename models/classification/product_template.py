from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    arrival_classification_id = fields.Many2one(
        "stock.lot.classification",
        string="Classification on Arrival",
        help="New lots of this product received or produced get this "
        "classification, unless the operation type gives one.",
    )

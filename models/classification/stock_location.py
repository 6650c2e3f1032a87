from odoo import api, fields, models


class StockLocation(models.Model):
    _inherit = "stock.location"

    classification_id = fields.Many2one(
        "stock.lot.classification",
        index=True,
        help="Classification of the untracked stock (and of lots without a "
        "classification) kept in this location and the locations below it, "
        "e.g. a quarantine area.",
    )
    effective_classification_id = fields.Many2one(
        "stock.lot.classification",
        compute="_compute_effective_classification",
        store=True,
        recursive=True,
        index=True,
        help="This location's classification, else the nearest parent's.",
    )

    @api.depends("classification_id", "location_id.effective_classification_id")
    def _compute_effective_classification(self):
        for location in self:
            location.effective_classification_id = (
                location.classification_id
                or location.location_id.effective_classification_id
            )

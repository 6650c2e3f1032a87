from odoo import api, fields, models
from odoo.osv import expression


class StockQuant(models.Model):
    _inherit = "stock.quant"

    classification_id = fields.Many2one(
        "stock.lot.classification",
        compute="_compute_classification",
        store=True,
        index=True,
        help="Effective classification of this stock: its lot's, else the "
        "classification of the location (or area) it is kept in.",
    )
    is_nettable = fields.Boolean(
        string="Available for Planning",
        compute="_compute_classification",
        store=True,
        help="Counts as available quantity for planning: unclassified stock or "
        "stock in a nettable classification.",
    )

    @api.model
    def _pi_derived_fields(self):
        return super()._pi_derived_fields() | {"classification_id", "is_nettable"}

    @api.depends(
        "lot_id.classification_id",
        "location_id.effective_classification_id",
        "lot_id.classification_id.is_nettable",
        "location_id.effective_classification_id.is_nettable",
    )
    def _compute_classification(self):
        for quant in self:
            classification = (
                quant.lot_id.classification_id
                or quant.location_id.effective_classification_id
            )
            quant.classification_id = classification
            quant.is_nettable = not classification or classification.is_nettable

    def _get_gather_domain(
        self,
        product_id,
        location_id,
        lot_id=None,
        package_id=None,
        owner_id=None,
        strict=False,
    ):
        domain = super()._get_gather_domain(
            product_id, location_id, lot_id, package_id, owner_id, strict
        )
        purpose = self.env.context.get("classification_purpose")
        if purpose:
            domain = expression.AND(
                [
                    domain,
                    self.env["stock.lot.classification"]._purpose_domain(purpose),
                ]
            )
        return domain

    def _gather(
        self,
        product_id,
        location_id,
        lot_id=None,
        package_id=None,
        owner_id=None,
        strict=False,
        qty=0,
    ):
        quants = super()._gather(
            product_id, location_id, lot_id, package_id, owner_id, strict, qty
        )
        purpose = self.env.context.get("classification_purpose")
        if purpose:
            # Chained moves reserve from a quants cache that skips the domain.
            quants = quants.filtered(lambda q: q.classification_id._allows(purpose))
        return quants

    @api.model
    def _nettable_domain(self):
        """Domain on ``stock.quant`` keeping the stock planning may count as
        available (unclassified or in a nettable classification).

        :return: a domain (list)
        """
        return [("is_nettable", "=", True)]

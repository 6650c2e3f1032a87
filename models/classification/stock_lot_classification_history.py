from odoo import fields, models


class StockLotClassificationHistory(models.Model):
    _name = "stock.lot.classification.history"
    _description = "Lot Classification Change"
    _order = "date desc, id desc"
    _rec_name = "lot_id"

    lot_id = fields.Many2one(
        "stock.lot", required=True, index=True, ondelete="cascade", readonly=True
    )
    product_id = fields.Many2one(related="lot_id.product_id", store=True)
    company_id = fields.Many2one(related="lot_id.company_id", store=True, index=True)
    from_classification_id = fields.Many2one(
        "stock.lot.classification", string="From", readonly=True, ondelete="restrict"
    )
    to_classification_id = fields.Many2one(
        "stock.lot.classification",
        string="To",
        required=True,
        readonly=True,
        ondelete="restrict",
    )
    reason = fields.Text(required=True, readonly=True)
    quantity = fields.Float(
        digits="Product Unit of Measure",
        readonly=True,
        help="On-hand quantity of the lot (or quantity received) when it changed.",
    )
    product_uom_id = fields.Many2one(related="lot_id.product_uom_id")
    user_id = fields.Many2one(
        "res.users",
        string="By",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
    )
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)

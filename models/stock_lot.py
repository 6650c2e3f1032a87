from odoo import fields, models


class StockLot(models.Model):
    _inherit = "stock.lot"

    parent_lot_id = fields.Many2one(
        "stock.lot",
        index=True,
        ondelete="restrict",
        check_company=True,
        help="Set on a sub-lot: the lot it was divided from.",
    )
    child_lot_ids = fields.One2many("stock.lot", "parent_lot_id", string="Sub-lots")
    classification_id = fields.Many2one(
        "stock.lot.classification",
        index=True,
        tracking=True,
        help="Inventory status of the lot (QC, RELEASED, FAIL...): decides "
        "whether it may be issued to production, shipped, or planned with.",
    )

from odoo import fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    wip_production_id = fields.Many2one(
        "mrp.production",
        string="Issued to Work Order",
        index="btree_not_null",
        readonly=True,
        help="Set on the issue of parts to WIP: the manufacturing order that "
        "will consume them.",
    )

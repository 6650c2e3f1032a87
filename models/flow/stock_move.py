from odoo import fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    wip_production_id = fields.Many2one(
        "mrp.production",
        string="Issued to Manufacturing Order",
        index="btree_not_null",
        readonly=True,
        help="Set on the issue of parts to WIP: the manufacturing order that "
        "will consume them.",
    )

    def _is_issue_to_production(self):
        # Parts issued to WIP are on their way into the order: classifications
        # that forbid production issue apply to them already.
        return super()._is_issue_to_production() or bool(self.wip_production_id)

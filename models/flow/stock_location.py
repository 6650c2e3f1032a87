from odoo import fields, models


class StockLocation(models.Model):
    _inherit = "stock.location"

    is_wip_location = fields.Boolean(
        string="Work in Process",
        help="Parts issued to work orders wait here until consumed: they "
        "count as WIP, not as on hand.",
    )

from odoo import fields, models


class StockQuant(models.Model):
    _inherit = "stock.quant"

    site_id = fields.Many2one(related="location_id.site_id", store=True, index=True)
    area_id = fields.Many2one(related="location_id.area_id", store=True, index=True)
    package_type_id = fields.Many2one(
        related="package_id.package_type_id",
        string="Handling Unit Type",
        store=True,
    )

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class StockQuant(models.Model):
    _inherit = "stock.quant"

    resource_type = fields.Selection(related="product_id.resource_type")

    @api.constrains("product_id", "location_id")
    def _check_resource_type_stockable(self):
        for quant in self:
            if (
                quant.location_id.usage == "internal"
                and quant.product_id.resource_type != "inventory"
            ):
                raise ValidationError(
                    self.env._(
                        "Product '%(product)s' is a %(resource_type)s resource "
                        "and can never be stocked: it cannot have stock in "
                        "%(location)s.",
                        product=quant.product_id.display_name,
                        resource_type=quant.product_id.product_tmpl_id._resource_type_label(),
                        location=quant.location_id.display_name,
                    )
                )

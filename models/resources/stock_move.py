from odoo import api, fields, models
from odoo.exceptions import ValidationError


class StockMove(models.Model):
    _inherit = "stock.move"

    resource_type = fields.Selection(related="product_id.resource_type")

    @api.constrains("product_id", "picking_type_id")
    def _check_resource_type_on_transfers(self):
        for move in self:
            if (
                move.picking_type_id.code in ("incoming", "outgoing")
                and move.product_id.resource_type != "inventory"
            ):
                raise ValidationError(
                    self.env._(
                        "Product '%(product)s' is a %(resource_type)s resource "
                        "and cannot appear on %(operation)s: only inventory "
                        "resources are received and delivered.",
                        product=move.product_id.display_name,
                        resource_type=move.product_id.product_tmpl_id._resource_type_label(),
                        operation=move.picking_type_id.display_name,
                    )
                )

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class StockQuant(models.Model):
    _inherit = "stock.quant"

    site_id = fields.Many2one(related="location_id.site_id", store=True, index=True)
    area_id = fields.Many2one(related="location_id.area_id", store=True, index=True)
    package_type_id = fields.Many2one(
        related="package_id.package_type_id",
        string="Handling Unit Type",
        store=True,
    )
    resource_type = fields.Selection(related="product_id.resource_type")
    inventory_reason_id = fields.Many2one(
        "stock.inventory.reason",
        string="Adjustment Reason",
        help="Why the counted quantity differs: required to apply the count.",
    )

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

    @api.model
    def _get_inventory_fields_write(self):
        return super()._get_inventory_fields_write() + ["inventory_reason_id"]

    def action_clear_inventory_quantity(self):
        res = super().action_clear_inventory_quantity()
        self.inventory_reason_id = False
        return res

    def _apply_inventory(self):
        without_reason = self.filtered(lambda quant: not quant.inventory_reason_id)
        if without_reason:
            raise UserError(
                self.env._(
                    "Set an adjustment reason before applying the count of "
                    "%(quants)s: every inventory adjustment needs a reason code.",
                    quants=", ".join(
                        without_reason[:10].mapped(
                            lambda quant: " / ".join(
                                name
                                for name in (
                                    quant.product_id.display_name,
                                    quant.location_id.display_name,
                                    quant.lot_id.name,
                                )
                                if name
                            )
                        )
                    ),
                )
            )
        return super()._apply_inventory()

    def _get_inventory_move_values(
        self,
        qty,
        location_id,
        location_dest_id,
        package_id=False,
        package_dest_id=False,
    ):
        values = super()._get_inventory_move_values(
            qty,
            location_id,
            location_dest_id,
            package_id=package_id,
            package_dest_id=package_dest_id,
        )
        values["inventory_reason_id"] = self.inventory_reason_id.id
        return values

from odoo import api, fields, models
from odoo.exceptions import UserError


class StockQuant(models.Model):
    _inherit = "stock.quant"

    inventory_reason_id = fields.Many2one(
        "stock.inventory.reason",
        string="Adjustment Reason",
        help="Why the counted quantity differs: required to apply the count.",
    )

    @api.model
    def _get_inventory_fields_write(self):
        return [
            *super()._get_inventory_fields_write(),
            "inventory_reason_id",
        ]

    def action_clear_inventory_quantity(self):
        res = super().action_clear_inventory_quantity()
        self.inventory_reason_id = False
        return res

    def _check_inventory_reason(self):
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

    def action_apply_inventory(self):
        # A physical count needs its reason; quick edits applied at once
        # (on-hand inline edit) get the default one in _apply_inventory.
        if not self.env.context.get("set_inventory_quantity_auto_apply"):
            self._check_inventory_reason()
        # Odoo returns None once applied: XML-RPC clients need a value.
        return super().action_apply_inventory() or True

    def _apply_inventory(self):
        without_reason = self.filtered(lambda quant: not quant.inventory_reason_id)
        if without_reason:
            without_reason.inventory_reason_id = self.env.ref(
                "process_inventory.inventory_reason_quantity_update"
            )
        return super()._apply_inventory()

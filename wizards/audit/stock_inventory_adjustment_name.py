from odoo import fields, models


class StockInventoryAdjustmentName(models.TransientModel):
    _inherit = "stock.inventory.adjustment.name"

    inventory_reason_id = fields.Many2one(
        "stock.inventory.reason",
        string="Adjustment Reason",
        help="Given to the counted quants that have no reason of their own.",
    )

    def action_apply(self):
        if self.inventory_reason_id:
            self.quant_ids.filtered(
                lambda quant: (
                    quant.inventory_quantity_set and not quant.inventory_reason_id
                )
            ).inventory_reason_id = self.inventory_reason_id
        return super().action_apply()

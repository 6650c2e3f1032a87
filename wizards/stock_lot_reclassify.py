from odoo import api, fields, models


class StockLotReclassify(models.TransientModel):
    _name = "stock.lot.reclassify"
    _description = "Reclassify Lots"

    lot_ids = fields.Many2many("stock.lot", string="Lots", required=True)
    classification_id = fields.Many2one(
        "stock.lot.classification", string="New Classification", required=True
    )
    reason = fields.Text(required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if (
            "lot_ids" in fields_list
            and self.env.context.get("active_model") == "stock.lot"
            and self.env.context.get("active_ids")
        ):
            values["lot_ids"] = [fields.Command.set(self.env.context["active_ids"])]
        return values

    def action_reclassify(self):
        """Apply the new classification to the selected lots."""
        self.ensure_one()
        self.lot_ids._reclassify(self.classification_id, self.reason)
        return {"type": "ir.actions.act_window_close"}

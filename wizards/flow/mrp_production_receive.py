from odoo import fields, models


class MrpProductionReceive(models.TransientModel):
    _name = "mrp.production.receive"
    _description = "Receive Assemblies from WIP"

    production_id = fields.Many2one(
        "mrp.production",
        string="Manufacturing Order",
        required=True,
        domain=[("state", "in", ("confirmed", "progress", "to_close"))],
    )
    product_tracking = fields.Selection(related="production_id.product_id.tracking")
    lot_id = fields.Many2one(
        "stock.lot",
        string="Output Lot",
        domain="[('product_id', '=', product_id)]",
    )
    product_id = fields.Many2one(related="production_id.product_id")
    lot_name = fields.Char(
        "New Output Lot", help="Leave both empty to number the lot automatically."
    )

    def action_receive(self):
        self.ensure_one()
        self.production_id._receive_from_wip(lot=self.lot_id, lot_name=self.lot_name)
        return {"type": "ir.actions.act_window_close"}

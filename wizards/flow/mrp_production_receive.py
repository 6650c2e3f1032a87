from odoo import api, fields, models


class MrpProductionReceive(models.TransientModel):
    _name = "mrp.production.receive"
    _inherit = ["input.validation.mixin"]
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

    shortage = fields.Text(
        string="Missing Parts",
        compute="_compute_shortage",
        help="What the bill of materials needs that was not issued to WIP.",
    )
    accept_shortage = fields.Boolean(
        string="Receive with What Was Issued",
        help="Receive the assemblies consuming only the parts issued; the "
        "missing parts are not consumed and the order says so.",
    )

    @api.depends("production_id")
    def _compute_shortage(self):
        for wizard in self:
            wizard.shortage = (
                wizard.production_id._receive_shortage_text()
                if wizard.production_id
                else False
            )

    def action_receive(self):
        """Receive the assemblies of the work order (see
        ``mrp.production._receive_from_wip``).

        :return: an action closing the wizard (dict)
        """
        self.ensure_one()
        self.production_id._receive_from_wip(
            lot=self.lot_id,
            lot_name=self.lot_name,
            accept_shortage=self.accept_shortage,
        )
        return {"type": "ir.actions.act_window_close"}

from odoo import api, fields, models


class MrpProductionIssue(models.TransientModel):
    _name = "mrp.production.issue"
    _inherit = ["input.validation.mixin"]
    _description = "Issue Parts to WIP"

    production_id = fields.Many2one(
        "mrp.production",
        string="Manufacturing Order",
        required=True,
        domain=[("state", "in", ("confirmed", "progress", "to_close"))],
    )
    line_ids = fields.One2many("mrp.production.issue.line", "issue_id", string="Parts")

    @api.onchange("production_id")
    def _onchange_production_id(self):
        """Propose what the order still needs, from its stock location."""
        lines = [fields.Command.clear()]
        production = self.production_id
        issued = {}
        for move in production.wip_move_ids.filtered(lambda m: m.state == "done"):
            issued[move.product_id] = (
                issued.get(move.product_id, 0.0) + move.product_qty
            )
        for move in production.move_raw_ids.filtered(
            lambda m: m.state not in ("done", "cancel") and m.product_id.is_storable
        ):
            remaining = move.product_qty - issued.pop(move.product_id, 0.0)
            if remaining > 0:
                lines.append(
                    fields.Command.create(
                        {
                            "product_id": move.product_id.id,
                            "quantity": remaining,
                            "location_id": production.location_src_id.is_wip_location
                            and production.picking_type_id.default_location_src_id.id
                            or production.location_src_id.id,
                        }
                    )
                )
        self.line_ids = lines

    def action_issue(self):
        self.ensure_one()
        self.production_id._issue_to_wip(
            [
                {
                    "product": line.product_id,
                    "lot": line.lot_id,
                    "quantity": line.quantity,
                    "location": line.location_id,
                }
                for line in self.line_ids
            ]
        )
        return {"type": "ir.actions.act_window_close"}

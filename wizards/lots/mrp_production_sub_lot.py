from odoo import api, fields, models
from odoo.exceptions import UserError


class MrpProductionSubLot(models.TransientModel):
    _name = "mrp.production.sub.lot"
    _inherit = ["input.validation.mixin"]
    _description = "Produce into Sub-lots"

    production_id = fields.Many2one("mrp.production", required=True, ondelete="cascade")
    product_id = fields.Many2one(related="production_id.product_id")
    product_uom_id = fields.Many2one(related="production_id.product_uom_id")
    lot_producing_id = fields.Many2one(
        related="production_id.lot_producing_id", string="Batch"
    )
    line_ids = fields.One2many(
        "mrp.production.sub.lot.line",
        "wizard_id",
        string="Sub-lots",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
    )

    @api.depends("production_id")
    def _compute_line_ids(self):
        # Start with the whole remaining quantity on one sub-lot.
        for wizard in self:
            production = wizard.production_id
            wizard.line_ids = [
                fields.Command.clear(),
                fields.Command.create(
                    {"quantity": production.product_qty - production.qty_produced}
                ),
            ]

    def action_produce(self):
        """Put the order's output on the entered sub-lots of its batch."""
        self.ensure_one()
        lines = self.line_ids.filtered(lambda line: line.quantity > 0)
        if not lines:
            raise UserError(
                self.env._(
                    "Enter the quantity of at least one sub-lot for %(order)s.",
                    order=self.production_id.name,
                )
            )
        self.production_id._produce_into_sub_lots(
            [(line.quantity, line.name) for line in lines]
        )
        return {"type": "ir.actions.act_window_close"}

from odoo import api, fields, models
from odoo.exceptions import UserError


class StockLotSplit(models.TransientModel):
    _name = "stock.lot.split"
    _inherit = ["input.validation.mixin"]
    _description = "Split a Lot into Sub-lots"

    lot_id = fields.Many2one("stock.lot", required=True, ondelete="cascade")
    product_id = fields.Many2one(related="lot_id.product_id")
    product_uom_id = fields.Many2one(related="lot_id.product_id.uom_id")
    parent_lot_id = fields.Many2one(
        "stock.lot",
        compute="_compute_parent_lot_id",
        string="Sub-lots of",
        help="The lot the new sub-lots belong to: the lot itself, or its parent "
        "when it is already a sub-lot.",
    )
    line_ids = fields.One2many(
        "stock.lot.split.line",
        "split_id",
        string="Sub-lots",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
    )

    @api.depends("lot_id")
    def _compute_parent_lot_id(self):
        for wizard in self:
            wizard.parent_lot_id = wizard.lot_id.parent_lot_id or wizard.lot_id

    @api.depends("lot_id")
    def _compute_line_ids(self):
        # One line per location holding the lot, ready for a quantity.
        for wizard in self:
            quants = wizard.lot_id.quant_ids.filtered(
                lambda quant: (
                    quant.location_id.usage == "internal" and quant.quantity > 0
                )
            )
            wizard.line_ids = [
                fields.Command.clear(),
                *(
                    fields.Command.create({"location_id": location.id, "quantity": 0.0})
                    for location in quants.location_id
                ),
            ]

    def action_split(self):
        """Split the lot: one sub-lot per line with a quantity; opens them."""
        self.ensure_one()
        lines = self.line_ids.filtered(lambda line: line.quantity > 0)
        if not lines:
            raise UserError(
                self.env._(
                    "Enter the quantity of at least one sub-lot to split lot "
                    "'%(lot)s'.",
                    lot=self.lot_id.name,
                )
            )
        sub_lots = self.lot_id._split_into_sub_lots(
            [(line.quantity, line.location_id, line.name) for line in lines]
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "stock.action_production_lot_form"
        )
        action["domain"] = [("id", "in", sub_lots.ids)]
        # the new sub-lots at a glance, not folded into location groups
        action["context"] = {}
        return action

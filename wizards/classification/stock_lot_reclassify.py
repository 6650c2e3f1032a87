from odoo import api, fields, models
from odoo.exceptions import UserError


class StockLotReclassify(models.TransientModel):
    _name = "stock.lot.reclassify"
    _inherit = ["input.validation.mixin"]
    _description = "Reclassify Lots"

    lot_ids = fields.Many2many("stock.lot", string="Lots", required=True)
    classification_id = fields.Many2one(
        "stock.lot.classification", string="New Classification", required=True
    )
    reason = fields.Text(required=True)
    partial = fields.Boolean(
        string="Reclassify a Quantity",
        help="Reclassify only a quantity of one lot (of a product tracking "
        "sub-lots): it is split off onto a new sub-lot, which gets the new "
        "classification; the lot keeps the rest.",
    )
    quantity = fields.Float(digits="Product Unit of Measure")
    product_uom_id = fields.Many2one(
        "uom.uom", string="Unit", compute="_compute_product_uom_id"
    )
    location_id = fields.Many2one(
        "stock.location",
        string="From Location",
        domain="[('usage', '=', 'internal')]",
        compute="_compute_location_id",
        store=True,
        readonly=False,
        help="Where the quantity to reclassify is held.",
    )

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

    @api.depends("lot_ids")
    def _compute_product_uom_id(self):
        for wizard in self:
            wizard.product_uom_id = wizard.lot_ids[:1].product_id.uom_id

    @api.depends("lot_ids", "partial")
    def _compute_location_id(self):
        for wizard in self:
            if not wizard.partial or len(wizard.lot_ids) != 1:
                wizard.location_id = False
                continue
            # The internal location holding most of the lot.
            groups = self.env["stock.quant"]._read_group(
                [
                    ("lot_id", "=", wizard.lot_ids._origin.id),
                    ("location_id.usage", "=", "internal"),
                    ("quantity", ">", 0),
                ],
                ["location_id"],
                ["quantity:sum"],
                order="quantity:sum desc",
                limit=1,
            )
            wizard.location_id = groups[0][0] if groups else False

    def action_reclassify(self):
        """Apply the new classification to the selected lots, or to the
        quantity of the one selected lot."""
        self.ensure_one()
        if self.partial:
            if len(self.lot_ids) != 1:
                raise UserError(
                    self.env._(
                        "Reclassify a quantity of one lot at a time (%(count)s "
                        "lots are selected).",
                        count=len(self.lot_ids),
                    )
                )
            self.lot_ids._reclassify_quantity(
                self.classification_id, self.reason, self.quantity, self.location_id
            )
        else:
            self.lot_ids._reclassify(self.classification_id, self.reason)
        return {"type": "ir.actions.act_window_close"}

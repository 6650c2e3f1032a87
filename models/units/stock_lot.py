from odoo import api, fields, models
from odoo.exceptions import ValidationError


class StockLot(models.Model):
    _inherit = "stock.lot"

    density = fields.Float(
        string="Density (kg/L)",
        digits="Stock Weight",
        tracking=True,
        help="This lot's mass of one litre, overriding its parent lot's and "
        "its product's. Zero: use theirs.",
    )
    uom_conversion_ids = fields.One2many(
        "product.uom.conversion",
        "lot_id",
        string="Unit Conversions",
        help="This lot's own ratios (this drum weighs 187.3 kg), overriding "
        "its parent lot's and its product's.",
    )
    secondary_uom_id = fields.Many2one(
        related="product_id.secondary_uom_id", string="Second Unit"
    )
    secondary_product_qty = fields.Float(
        string="On Hand (Second Unit)",
        compute="_compute_secondary_product_qty",
        digits="Product Unit of Measure",
        help="The actual quantity on hand in the product's second unit.",
    )

    @api.constrains("density")
    def _check_density_not_negative(self):
        for lot in self:
            if lot.density < 0:
                raise ValidationError(
                    self.env._(
                        "Lot %(lot)s of %(product)s: a density cannot be "
                        "negative (%(density)s kg/L).",
                        lot=lot.name,
                        product=lot.product_id.display_name,
                        density=lot.density,
                    )
                )

    @api.depends("quant_ids.secondary_quantity")
    def _compute_secondary_product_qty(self):
        groups = dict(
            self.env["stock.quant"]._read_group(
                [
                    ("lot_id", "in", self.ids),
                    ("location_id.usage", "in", ("internal", "transit")),
                ],
                ["lot_id"],
                ["secondary_quantity:sum"],
            )
        )
        for lot in self:
            lot.secondary_product_qty = groups.get(lot, 0.0)

    def _pi_lineage(self):
        """The lots whose ratios and density apply to this lot, nearest
        first: the lot itself (a sub-lot adds its parent lots, see lots)."""
        return self[:1]

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class ProductTemplate(models.Model):
    _inherit = "product.template"

    secondary_uom_id = fields.Many2one(
        "uom.uom",
        string="Second Unit",
        tracking=True,
        help="Every stock quantity of the product is also kept in this unit "
        "(any category: Cases for a product in kg, kg for a product in Drums). "
        "It is computed from the lot's ratio, else the product's, unless an "
        "actual quantity is entered (catch weight).",
    )
    density = fields.Float(
        string="Density (kg/L)",
        digits="Stock Weight",
        tracking=True,
        help="Mass of one litre, used to convert between mass and volume units "
        "(lots may carry their own). Zero: no density.",
    )
    uom_conversion_ids = fields.One2many(
        "product.uom.conversion",
        "product_tmpl_id",
        string="Unit Conversions",
        domain=[("lot_id", "=", False)],
        help="Units of any category and how many of the product's unit of "
        "measure one of them holds (1 Case = 12.5 kg). They override the "
        "standard ratios; lots may override them.",
    )

    @api.constrains("density")
    def _check_density_not_negative(self):
        for template in self:
            if template.density < 0:
                raise ValidationError(
                    self.env._(
                        "Product '%(product)s': a density cannot be negative "
                        "(%(density)s kg/L).",
                        product=template.display_name,
                        density=template.density,
                    )
                )

    @api.constrains("secondary_uom_id", "uom_id", "density", "uom_conversion_ids")
    def _check_secondary_uom_convertible(self):
        for template in self.filtered("secondary_uom_id"):
            product = template.product_variant_ids[:1] or self.env[
                "product.product"
            ].new({"product_tmpl_id": template.id})
            try:
                product._pi_convert(1.0, template.uom_id, template.secondary_uom_id)
            except UserError as error:
                raise ValidationError(error.args[0]) from error

    def write(self, vals):
        if "secondary_uom_id" in vals:
            self._check_secondary_uom_change(vals["secondary_uom_id"])
        return super().write(vals)

    def _check_secondary_uom_change(self, secondary_uom_id):
        """Stock kept in a second unit would be relabelled by a change of
        that unit: refuse it while such stock exists."""
        changed = self.filtered(lambda t: t.secondary_uom_id.id != secondary_uom_id)
        if not changed:
            return
        stocked = (
            self.env["stock.quant"]
            .sudo()
            ._read_group(
                [
                    ("product_id.product_tmpl_id", "in", changed.ids),
                    ("secondary_quantity", "!=", 0),
                ],
                ["product_id"],
            )
        )
        if stocked:
            template = stocked[0][0].product_tmpl_id
            raise UserError(
                self.env._(
                    "Product '%(product)s' has stock kept in %(uom)s: its second "
                    "unit cannot change until that stock is used up.",
                    product=template.display_name,
                    uom=template.secondary_uom_id.display_name,
                )
            )

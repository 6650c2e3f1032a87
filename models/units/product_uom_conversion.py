from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProductUomConversion(models.Model):
    _name = "product.uom.conversion"
    _description = "Product or Lot Unit Conversion"
    _order = "product_tmpl_id, lot_id, uom_id"

    product_tmpl_id = fields.Many2one(
        "product.template",
        string="Product",
        required=True,
        index=True,
        ondelete="cascade",
        compute="_compute_product_tmpl_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    lot_id = fields.Many2one(
        "stock.lot",
        index=True,
        ondelete="cascade",
        help="Set when this lot (or sub-lot) has its own ratio, overriding the "
        "product's.",
    )
    uom_id = fields.Many2one(
        "uom.uom",
        string="Unit",
        required=True,
        help="The unit converted: one of it equals Ratio units of the product's "
        "unit of measure.",
    )
    factor = fields.Float(
        string="Ratio",
        required=True,
        digits="Product Unit of Measure",
        # a sum or average of ratios of different units means nothing
        aggregator=None,
        help="How many of the product's unit of measure one Unit holds "
        "(1 Case = 12.5 kg: Ratio 12.5).",
    )
    product_uom_id = fields.Many2one(
        related="product_tmpl_id.uom_id", string="Product Unit"
    )
    company_id = fields.Many2one(
        related="product_tmpl_id.company_id", store=True, index=True
    )

    @api.constrains("factor")
    def _check_factor_positive(self):
        for conversion in self:
            if conversion.factor <= 0:
                raise ValidationError(
                    self.env._(
                        "%(owner)s: the ratio of %(uom)s to %(product_uom)s must "
                        "be positive, not %(factor)s.",
                        owner=conversion._pi_owner_name(),
                        uom=conversion.uom_id.display_name,
                        product_uom=conversion.product_uom_id.display_name,
                        factor=conversion.factor,
                    )
                )

    @api.constrains("uom_id", "product_tmpl_id")
    def _check_uom_not_product_uom(self):
        for conversion in self:
            if conversion.uom_id == conversion.product_uom_id:
                raise ValidationError(
                    self.env._(
                        "%(owner)s: %(uom)s is the product's own unit of "
                        "measure; a conversion needs another unit.",
                        owner=conversion._pi_owner_name(),
                        uom=conversion.uom_id.display_name,
                    )
                )

    @api.constrains("lot_id", "product_tmpl_id")
    def _check_lot_product(self):
        for conversion in self.filtered("lot_id"):
            if (
                conversion.lot_id.product_id.product_tmpl_id
                != conversion.product_tmpl_id
            ):
                raise ValidationError(
                    self.env._(
                        "Lot %(lot)s is a lot of %(lot_product)s, not of "
                        "%(product)s: its conversions belong to its own product.",
                        lot=conversion.lot_id.display_name,
                        lot_product=conversion.lot_id.product_id.display_name,
                        product=conversion.product_tmpl_id.display_name,
                    )
                )

    @api.constrains("lot_id", "product_tmpl_id", "uom_id")
    def _check_unique_uom(self):
        groups = self._read_group(
            [
                ("product_tmpl_id", "in", self.product_tmpl_id.ids),
                ("uom_id", "in", self.uom_id.ids),
            ],
            ["product_tmpl_id", "lot_id", "uom_id"],
            having=[("__count", ">", 1)],
        )
        for product, lot, uom in groups:
            raise ValidationError(
                self.env._(
                    "%(owner)s has two ratios for %(uom)s: keep one.",
                    owner=lot.display_name if lot else product.display_name,
                    uom=uom.display_name,
                )
            )

    @api.constrains("uom_id")
    def _check_second_unit_still_convertible(self):
        self.product_tmpl_id._check_secondary_uom_convertible()

    @api.depends("lot_id")
    def _compute_product_tmpl_id(self):
        for conversion in self.filtered("lot_id"):
            conversion.product_tmpl_id = conversion.lot_id.product_id.product_tmpl_id

    @api.depends("product_tmpl_id", "lot_id", "uom_id", "factor")
    def _compute_display_name(self):
        for conversion in self:
            conversion.display_name = self.env._(
                "%(owner)s: 1 %(uom)s = %(factor)s %(product_uom)s",
                owner=conversion._pi_owner_name(),
                uom=conversion.uom_id.name or "",
                factor=conversion.factor,
                product_uom=conversion.product_uom_id.name or "",
            )

    def unlink(self):
        templates = self.product_tmpl_id
        result = super().unlink()
        templates.exists()._check_secondary_uom_convertible()
        return result

    def _pi_owner_name(self):
        self.ensure_one()
        if self.lot_id:
            return self.env._(
                "Lot %(lot)s of %(product)s",
                lot=self.lot_id.name,
                product=self.product_tmpl_id.display_name,
            )
        return self.product_tmpl_id.display_name or ""

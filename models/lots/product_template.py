from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    _inherit = "product.template"

    use_sub_lots = fields.Boolean(
        string="Track Sub-lots",
        help="Lots of this product are divided into sub-lots (e.g. one per "
        "shift of a batch); its stock always sits on a sub-lot.",
    )
    retest_interval_days = fields.Integer(
        string="Retest Interval (days)",
        help="Days after the manufacturing date at which a lot must be retested. "
        "Leave 0 when the product needs no retest.",
    )
    characteristic_ids = fields.Many2many(
        "product.characteristic",
        "product_characteristic_product_template_rel",
        "product_tmpl_id",
        "characteristic_id",
        string="Lot Characteristics",
        help="Characteristics measured on each lot of this product, in addition "
        "to those of its category.",
    )

    @api.constrains("use_sub_lots", "tracking")
    def _check_sub_lots_need_lot_tracking(self):
        for template in self:
            if template.use_sub_lots and template.tracking != "lot":
                raise ValidationError(
                    self.env._(
                        "Product '%(product)s' tracks sub-lots, so it must be "
                        "tracked by lots: set its tracking to 'By Lots' or switch "
                        "sub-lots off.",
                        product=template.display_name,
                    )
                )

    @api.constrains("use_sub_lots")
    def _check_sub_lots_stock_on_plain_lots(self):
        # Stock of a sub-lot product always sits on a sub-lot: the switch
        # cannot leave stock on plain lots behind.
        templates = self.filtered("use_sub_lots")
        if not templates:
            return
        quants = (
            self.env["stock.quant"]
            .sudo()
            .search(
                [
                    ("product_id.product_tmpl_id", "in", templates.ids),
                    ("location_id.usage", "=", "internal"),
                    ("lot_id", "!=", False),
                    ("lot_id.parent_lot_id", "=", False),
                    ("quantity", "!=", 0),
                ]
            )
        )
        if quants:
            raise ValidationError(
                self.env._(
                    "Product '%(product)s' cannot track sub-lots yet: its stock "
                    "sits on plain lots (%(lots)s). Move or count that stock out "
                    "first, turn on 'Track Sub-lots', then receive it onto "
                    "sub-lots.",
                    product=quants.product_id[:1].display_name,
                    lots=", ".join(
                        f"{quant.lot_id.name} in {quant.location_id.display_name}"
                        for quant in quants[:10]
                    ),
                )
            )

    def _get_lot_characteristics(self):
        """Characteristic definitions that apply to lots of these products:
        the products' own plus those of their categories (and parents)."""
        characteristics = self.characteristic_ids
        for category in self.categ_id:
            while category:
                characteristics |= category.characteristic_ids
                category = category.parent_id
        return characteristics

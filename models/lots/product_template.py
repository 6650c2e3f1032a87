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

    def _get_lot_characteristics(self):
        """Characteristic definitions that apply to lots of these products:
        the products' own plus those of their categories (and parents)."""
        characteristics = self.characteristic_ids
        for category in self.categ_id:
            while category:
                characteristics |= category.characteristic_ids
                category = category.parent_id
        return characteristics

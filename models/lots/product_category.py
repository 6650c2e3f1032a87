from odoo import fields, models


class ProductCategory(models.Model):
    _inherit = "product.category"

    characteristic_ids = fields.Many2many(
        "product.characteristic",
        "product_characteristic_product_category_rel",
        "categ_id",
        "characteristic_id",
        string="Lot Characteristics",
        help="Characteristics measured on each lot of the products of this "
        "category and its sub-categories.",
    )

from odoo import api, fields, models
from odoo.exceptions import ValidationError

RESOURCE_TYPES = [
    ("inventory", "Inventory"),
    ("non_inventory", "Non-inventory (utility)"),
    ("capacity", "Capacity"),
    ("flow", "Flow"),
]

# What each resource type means for Odoo's own product settings.
RESOURCE_TYPE_PRODUCT_VALUES = {
    "inventory": {"type": "consu", "is_storable": True},
    "non_inventory": {"type": "consu", "is_storable": False},
    "capacity": {"type": "service", "is_storable": False},
    "flow": {"type": "consu", "is_storable": False},
}

# The resource type a product gets from Odoo's type alone, when nobody chose one
# (products created by other modules, or existing when the add-on is installed).
RESOURCE_TYPE_FROM_ODOO_TYPE = {
    "service": "capacity",
    "combo": "non_inventory",
}
GOODS_RESOURCE_TYPES = ("inventory", "non_inventory", "flow")


class ProductTemplate(models.Model):
    _inherit = "product.template"

    resource_type = fields.Selection(
        RESOURCE_TYPES,
        compute="_compute_resource_type",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        index=True,
        tracking=True,
        help="Inventory: raw materials, packaging, intermediates and products "
        "tracked in stock.\n"
        "Non-inventory: utilities such as electricity, gas or steam, never "
        "stocked but consumed and recorded in production.\n"
        "Capacity: machinery and labour, linked to work centers, never stocked.\n"
        "Flow: material passing from one production stage to the next, never "
        "stocked.",
    )

    @api.constrains("resource_type", "is_storable")
    def _check_resource_type_not_stocked(self):
        for template in self:
            if template.resource_type != "inventory" and template.is_storable:
                raise ValidationError(
                    self.env._(
                        "Product '%(product)s' is a %(resource_type)s resource: "
                        "only inventory resources can be tracked in stock. "
                        "Change its resource type to Inventory first.",
                        product=template.display_name,
                        resource_type=template._resource_type_label(),
                    )
                )

    @api.depends("type")
    def _compute_resource_type(self):
        for template in self:
            if template.type in RESOURCE_TYPE_FROM_ODOO_TYPE:
                template.resource_type = RESOURCE_TYPE_FROM_ODOO_TYPE[template.type]
            elif template.resource_type not in GOODS_RESOURCE_TYPES:
                template.resource_type = "inventory"

    @api.onchange("resource_type")
    def _onchange_resource_type(self):
        self.update(RESOURCE_TYPE_PRODUCT_VALUES[self.resource_type or "inventory"])

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._complete_resource_type_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("resource_type"):
            vals = self._complete_resource_type_vals(dict(vals))
        return super().write(vals)

    @api.model
    def _complete_resource_type_vals(self, vals):
        """A chosen resource type sets the Odoo product settings it implies
        (Odoo's defaults for them are already in `vals` when a variant is
        created, so they cannot win); without one, `_compute_resource_type`
        derives it from Odoo's type."""
        if vals.get("resource_type"):
            vals.update(RESOURCE_TYPE_PRODUCT_VALUES[vals["resource_type"]])
        return vals

    def _resource_type_label(self):
        self.ensure_one()
        return dict(self._fields["resource_type"]._description_selection(self.env)).get(
            self.resource_type
        )

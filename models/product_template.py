from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

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
    arrival_classification_id = fields.Many2one(
        "stock.lot.classification",
        string="Classification on Arrival",
        help="New lots of this product received or produced get this "
        "classification, unless the operation type gives one.",
    )

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

    flow_qty_on_hand = fields.Float(
        "Flow On Hand",
        compute="_compute_flow_quantities",
        digits="Product Unit of Measure",
    )
    flow_qty_on_demand = fields.Float(
        "Flow On Demand",
        compute="_compute_flow_quantities",
        digits="Product Unit of Measure",
    )
    flow_qty_available = fields.Float(
        "Flow Available",
        compute="_compute_flow_quantities",
        digits="Product Unit of Measure",
        help="Sum of the variants' flow available quantities.",
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

    @api.depends("type")
    def _compute_resource_type(self):
        for template in self:
            if template.type in RESOURCE_TYPE_FROM_ODOO_TYPE:
                template.resource_type = RESOURCE_TYPE_FROM_ODOO_TYPE[template.type]
            elif template.resource_type not in GOODS_RESOURCE_TYPES:
                template.resource_type = "inventory"

    def _compute_flow_quantities(self):
        Product = self.env["product.product"]
        quantities = Product._get_flow_quantities_by_product(
            Product._flow_context_warehouse()
        )
        for template in self:
            variants = [
                quantities.get(pid, {}) for pid in template.product_variant_ids.ids
            ]
            for bucket in ("on_hand", "on_demand", "available"):
                template[f"flow_qty_{bucket}"] = sum(
                    values.get(bucket, 0.0) for values in variants
                )

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

    @api.model
    def _complete_resource_type_vals(self, vals):
        """A chosen resource type sets the Odoo product settings it implies
        (Odoo's defaults for them are already in `vals` when a variant is
        created, so they cannot win); without one, `_compute_resource_type`
        derives it from Odoo's type."""
        if vals.get("resource_type"):
            vals.update(RESOURCE_TYPE_PRODUCT_VALUES[vals["resource_type"]])
        return vals

    def _get_lot_characteristics(self):
        """Characteristic definitions that apply to lots of these products:
        the products' own plus those of their categories (and parents)."""
        characteristics = self.characteristic_ids
        for category in self.categ_id:
            while category:
                characteristics |= category.characteristic_ids
                category = category.parent_id
        return characteristics

    def _resource_type_label(self):
        self.ensure_one()
        return dict(self._fields["resource_type"]._description_selection(self.env)).get(
            self.resource_type
        )

    def action_view_flow_quantities(self):
        """Open the inventory flow buckets of these products' variants."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "process_inventory.product_product_flow_action"
        )
        action["domain"] = [("product_tmpl_id", "in", self.ids)]
        return action

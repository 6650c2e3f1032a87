from odoo import api, fields, models
from odoo.exceptions import ValidationError

VALUE_TYPES = [
    ("numeric", "Numeric"),
    ("alphanumeric", "Alphanumeric"),
    ("boolean", "Boolean"),
]
TRUE_WORDS = ("1", "true", "yes", "y", "on")
FALSE_WORDS = ("0", "false", "no", "n", "off")


class ProductCharacteristic(models.Model):
    _name = "product.characteristic"
    _description = "Lot Characteristic Definition"
    _inherit = ["mail.thread"]
    _order = "sequence, name, id"
    # users know these by their short code (COLOR, QC) as much as by name
    _rec_names_search = ["code", "name"]

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(
        required=True,
        tracking=True,
        help="Short code used to search lots, e.g. VISC, COLOR.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)
    value_type = fields.Selection(
        VALUE_TYPES, required=True, default="numeric", tracking=True
    )
    uom_id = fields.Many2one(
        "uom.uom",
        string="Unit",
        help="Unit in which numeric values are expressed.",
    )
    use_min_value = fields.Boolean(string="Has Minimum", tracking=True)
    min_value = fields.Float(string="Minimum", tracking=True)
    use_max_value = fields.Boolean(string="Has Maximum", tracking=True)
    max_value = fields.Float(string="Maximum", tracking=True)
    value_ids = fields.One2many(
        "product.characteristic.value",
        "characteristic_id",
        string="Value Table",
        help="When filled, lot values must be one of these.",
    )
    is_required = fields.Boolean(
        string="Required",
        tracking=True,
        help="Lots must have a value before they leave stock (or are released).",
    )
    product_tmpl_ids = fields.Many2many(
        "product.template",
        "product_characteristic_product_template_rel",
        "characteristic_id",
        "product_tmpl_id",
        string="Products",
    )
    categ_ids = fields.Many2many(
        "product.category",
        "product_characteristic_product_category_rel",
        "characteristic_id",
        "categ_id",
        string="Product Categories",
    )
    description = fields.Text(translate=True)

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "A characteristic code must be unique per company.",
        ),
    ]

    @api.constrains(
        "value_type", "use_min_value", "min_value", "use_max_value", "max_value"
    )
    def _check_range(self):
        for characteristic in self:
            if (
                characteristic.use_min_value
                and characteristic.use_max_value
                and characteristic.min_value > characteristic.max_value
            ):
                raise ValidationError(
                    self.env._(
                        "Characteristic '%(characteristic)s': the minimum "
                        "%(min)s is above the maximum %(max)s.",
                        characteristic=characteristic.display_name,
                        min=characteristic.min_value,
                        max=characteristic.max_value,
                    )
                )

    @api.constrains(
        "value_type", "use_min_value", "min_value", "use_max_value", "max_value"
    )
    def _check_lot_values_still_valid(self):
        # A changed type or limit must not silently turn the values lots hold
        # into something else (a number read as a boolean is 0). Limits that
        # contradict each other are reported as such first.
        self._check_range()
        lines = (
            self.env["stock.lot.characteristic"]
            .sudo()
            .search([("characteristic_id", "in", self.ids)])
        )
        broken = [(line, line._value_error()) for line in lines]
        broken = [(line, error) for line, error in broken if error]
        if broken:
            raise ValidationError(
                self.env._(
                    "Characteristic '%(characteristic)s' cannot change this way: "
                    "%(count)s lot value(s) would break it. Correct or remove "
                    "them first:\n%(lots)s",
                    characteristic=broken[0][0].characteristic_id.display_name,
                    count=len(broken),
                    lots="\n".join(
                        f"- {line.lot_id.display_name}: {error}"
                        for line, error in broken[:20]
                    ),
                )
            )

    @api.depends("name", "code")
    def _compute_display_name(self):
        for characteristic in self:
            characteristic.display_name = (
                f"[{characteristic.code}] {characteristic.name}"
                if characteristic.code
                else characteristic.name
            )

    @api.model
    def _parse_value(self, value_type, text):
        """Return the typed value of `text` for `value_type` (float, str or
        bool), or raise ValueError when it cannot be one."""
        text = (text or "").strip()
        if value_type == "numeric":
            return float(text.replace(",", "."))
        if value_type == "boolean":
            if text.lower() in TRUE_WORDS:
                return True
            if text.lower() in FALSE_WORDS:
                return False
            raise ValueError(text)
        if not text:
            raise ValueError(text)
        return text

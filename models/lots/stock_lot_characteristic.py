from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare


class StockLotCharacteristic(models.Model):
    _name = "stock.lot.characteristic"
    _description = "Lot Characteristic Value"
    _order = "lot_id, sequence, id"

    lot_id = fields.Many2one("stock.lot", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="lot_id.company_id", store=True, index=True)
    characteristic_id = fields.Many2one(
        "product.characteristic", required=True, index=True, ondelete="restrict"
    )
    sequence = fields.Integer(related="characteristic_id.sequence", store=True)
    value_type = fields.Selection(related="characteristic_id.value_type")
    uom_id = fields.Many2one(related="characteristic_id.uom_id")
    value = fields.Char(
        required=True,
        help="The measured value, as text: a number for numeric "
        "characteristics, yes / no for boolean ones.",
    )
    value_float = fields.Float(
        string="Numeric Value",
        compute="_compute_typed_values",
        store=True,
        digits=(16, 6),
    )
    value_bool = fields.Boolean(
        string="Boolean Value", compute="_compute_typed_values", store=True
    )

    _sql_constraints = [
        (
            "lot_characteristic_uniq",
            "unique(lot_id, characteristic_id)",
            "A lot holds one value per characteristic.",
        ),
    ]

    @api.depends("value", "characteristic_id.value_type")
    def _compute_typed_values(self):
        Characteristic = self.env["product.characteristic"]
        for line in self:
            line.value_float = 0.0
            line.value_bool = False
            try:
                typed = Characteristic._parse_value(line.value_type, line.value)
            except ValueError:
                continue
            if line.value_type == "numeric":
                line.value_float = typed
            elif line.value_type == "boolean":
                line.value_bool = typed

    @api.constrains("value", "characteristic_id", "lot_id")
    def _check_value(self):
        for line in self:
            error = line._value_error()
            if error:
                raise ValidationError(
                    self.env._(
                        "Lot '%(lot)s', characteristic '%(characteristic)s': %(rule)s",
                        lot=line.lot_id.display_name,
                        characteristic=line.characteristic_id.display_name,
                        rule=error,
                    )
                )

    def _value_error(self):
        """The rule this value breaks, as a sentence, or None."""
        self.ensure_one()
        characteristic = self.characteristic_id
        product = self.lot_id.product_id
        if characteristic not in product.product_tmpl_id._get_lot_characteristics():
            return self.env._(
                "the characteristic is not defined for product '%(product)s' or "
                "its category.",
                product=product.display_name,
            )
        try:
            typed = characteristic._parse_value(characteristic.value_type, self.value)
        except ValueError:
            return {
                "numeric": self.env._(
                    "'%(value)s' is not a number (numeric characteristic).",
                    value=self.value,
                ),
                "boolean": self.env._(
                    "'%(value)s' is not a yes / no value (boolean characteristic).",
                    value=self.value,
                ),
                "alphanumeric": self.env._("the value is empty."),
            }[characteristic.value_type]
        if characteristic.value_type == "numeric":
            if characteristic.use_min_value and typed < characteristic.min_value:
                return self.env._(
                    "%(value)s is below the minimum %(min)s.",
                    value=self.value,
                    min=characteristic.min_value,
                )
            if characteristic.use_max_value and typed > characteristic.max_value:
                return self.env._(
                    "%(value)s is above the maximum %(max)s.",
                    value=self.value,
                    max=characteristic.max_value,
                )
        if characteristic.value_ids and not self._in_value_table(typed):
            return self.env._(
                "'%(value)s' is not in the value table (allowed: %(allowed)s).",
                value=self.value,
                allowed=", ".join(characteristic.value_ids.mapped("name")),
            )
        return None

    def _in_value_table(self, typed):
        characteristic = self.characteristic_id
        for entry in characteristic.value_ids:
            allowed = characteristic._parse_value(characteristic.value_type, entry.name)
            if characteristic.value_type == "numeric":
                if not float_compare(allowed, typed, precision_digits=6):
                    return True
            elif characteristic.value_type == "alphanumeric":
                if allowed.casefold() == typed.casefold():
                    return True
            elif allowed == typed:
                return True
        return False

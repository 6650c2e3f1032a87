from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProductCharacteristicValue(models.Model):
    _name = "product.characteristic.value"
    _description = "Lot Characteristic Allowed Value"
    _order = "characteristic_id, sequence, id"

    characteristic_id = fields.Many2one(
        "product.characteristic", required=True, index=True, ondelete="cascade"
    )
    value_type = fields.Selection(related="characteristic_id.value_type")
    name = fields.Char(string="Value", required=True)
    sequence = fields.Integer(default=10)
    description = fields.Char(translate=True)

    _sql_constraints = [
        (
            "name_characteristic_uniq",
            "unique(characteristic_id, name)",
            "A value appears only once in a value table.",
        ),
    ]

    @api.constrains("name", "characteristic_id")
    def _check_value_type(self):
        Characteristic = self.env["product.characteristic"]
        for entry in self:
            try:
                Characteristic._parse_value(entry.value_type, entry.name)
            except ValueError:
                raise ValidationError(
                    self.env._(
                        "Value table of '%(characteristic)s': '%(value)s' is "
                        "not a valid %(value_type)s value.",
                        characteristic=entry.characteristic_id.display_name,
                        value=entry.name,
                        value_type=entry.value_type,
                    )
                ) from None

import math

from odoo import api, models
from odoo.exceptions import UserError, ValidationError

from .input_checks import check_datetime, check_id, check_records

# The x2many commands that name existing records: (4, id), (6, 0, ids).
LINK, SET = 4, 6


class InputValidationMixin(models.AbstractModel):
    """Checks the values a client sends to a wizard before the ORM converts
    them, so that a wrong type, a non-finite number, an unknown or unreadable
    record or a malformed date ends in a UserError naming the field instead
    of a Python or database error."""

    _name = "input.validation.mixin"
    _description = "Checked Wizard Values"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_input_values(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_input_values(vals)
        return super().write(vals)

    @api.model
    def _check_input_values(self, vals):
        env = self.env
        for name, value in vals.items():
            field = self._fields.get(name)
            if field is None or value is False or value is None:
                continue
            label = env._("%(field)s (%(name)s)", field=field.string, name=name)
            if field.type in ("float", "monetary"):
                self._check_input_number(value, label)
            elif field.type == "integer":
                if isinstance(value, bool) or not isinstance(value, int):
                    raise self._input_error(label, value, env._("a whole number"))
            elif field.type in ("date", "datetime"):
                check_datetime(env, value, label)
            elif field.type == "many2one":
                check_records(
                    env, field.comodel_name, check_id(env, value, label), label
                )
            elif field.type == "selection" and isinstance(field.selection, list):
                self._check_input_choice(field, value, label)
            elif field.type in ("one2many", "many2many"):
                self._check_input_commands(field, value, label)
            elif field.type == "reference":
                self._check_input_reference(field, value, label)

    @api.model
    def _check_input_number(self, value, label):
        # A ValidationError, as the quantity checks of the unit
        # (uom.uom._check_quantity_value) raise for the same values: a NaN
        # or an infinity is refused alike whichever check meets it first.
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not math.isfinite(value)
        ):
            raise ValidationError(
                self._input_error(label, value, self.env._("a finite number")).args[0]
            )

    @api.model
    def _check_input_reference(self, field, value, label):
        model, _sep, res_id = (
            value.partition(",") if isinstance(value, str) else ("", "", "")
        )
        choices = [key for key, _label in field.selection]
        if model not in choices or not res_id.isdigit():
            raise self._input_error(
                label,
                value,
                self.env._(
                    "a reference 'model,id' to one of %(choices)s",
                    choices=", ".join(choices),
                ),
            )
        check_records(self.env, model, int(res_id), label)

    @api.model
    def _check_input_choice(self, field, value, label):
        choices = [key for key, _label in field.selection]
        if value not in choices:
            raise self._input_error(
                label,
                value,
                self.env._("one of %(choices)s", choices=", ".join(choices)),
            )

    @api.model
    def _check_input_commands(self, field, value, label):
        env = self.env
        if not isinstance(value, (list, tuple)):
            raise self._input_error(label, value, env._("a list of commands"))
        comodel = env[field.comodel_name]
        for command in value:
            if not isinstance(command, (list, tuple)) or not command:
                # a bare id: Odoo reads a list of ids as a set of them
                check_records(env, field.comodel_name, command, label)
                continue
            if command[0] == SET and len(command) == 3:
                check_records(env, field.comodel_name, command[2], label)
            elif command[0] == LINK and len(command) >= 2:
                check_records(env, field.comodel_name, command[1], label)
            elif (
                command[0] in (0, 1)
                and len(command) == 3
                and isinstance(command[2], dict)
                and hasattr(comodel, "_check_input_values")
            ):
                comodel._check_input_values(command[2])

    def _input_error(self, label, value, expected):
        return UserError(
            self.env._(
                "%(argument)s must be %(expected)s, not %(value)r.",
                argument=label,
                expected=expected,
                value=value,
            )
        )

import functools
import math

import pint

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_round

# Odoo's Working Time category counts a day as 8 working hours, not 24.
PINT_DEFINITIONS = ("working_day = 8 * hour",)
# Odoo stores most factors with 5 or 6 significant digits (1 lb = 2.20462 kg^-1).
PINT_RELATIVE_TOLERANCE = 1e-5
# A double holds 15 significant digits: a quantity of more steps of its unit's
# rounding than this cannot be stored, added or compared exactly.
MAX_QUANTITY_STEPS = 1e15


@functools.cache
def unit_registry():
    """The add-on's pint registry, built once per process."""
    registry = pint.UnitRegistry()
    for definition in PINT_DEFINITIONS:
        registry.define(definition)
    return registry


def pint_quantity(magnitude, unit):
    """A pint quantity, or None when `unit` is not a unit pint knows."""
    registry = unit_registry()
    try:
        return registry.Quantity(magnitude, registry.parse_units(unit))
    except (pint.errors.PintError, AttributeError, TypeError, ValueError, SyntaxError):
        return None


class UomUom(models.Model):
    _inherit = "uom.uom"

    pint_unit = fields.Char(
        help="The physical unit this unit of measure stands for, as pint "
        "writes it (kilogram, liter, meter, hour...). Conversions between "
        "physical units go through pint, and Odoo's ratios are checked against "
        "it. Leave empty for counted units (Units, Cases, Drums).",
    )

    @api.constrains("pint_unit")
    def _check_pint_unit(self):
        for uom in self.filtered("pint_unit"):
            if pint_quantity(1.0, uom.pint_unit) is None:
                raise ValidationError(
                    self.env._(
                        "Unit of measure '%(uom)s': '%(pint_unit)s' is not a "
                        "unit pint knows. Use pint's name for it (kilogram, "
                        "liter, meter, hour...) or leave it empty.",
                        uom=uom.display_name,
                        pint_unit=uom.pint_unit,
                    )
                )

    def action_check_pint(self):
        """Compare the selected units' ratios (all units when none is
        selected) with pint's and show the result as a notification.

        :return: an ``ir.actions.client`` notification action
        """
        mismatches = self._pi_check_pint()
        if not mismatches:
            message = self.env._("Every unit with a pint unit agrees with pint.")
            kind = "success"
        else:
            message = "\n".join(mismatch["message"] for mismatch in mismatches)
            kind = "warning"
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Units of measure against pint"),
                "message": message,
                "type": kind,
                "sticky": bool(mismatches),
            },
        }

    def _pi_check_pint(self, tolerance=PINT_RELATIVE_TOLERANCE):
        """Check each unit's ratio to its category's reference unit against
        pint (all units with a pint unit when `self` is empty).

        :param float tolerance: relative difference accepted
        :return: list of dicts, one per disagreeing unit, with keys ``uom_id``,
            ``reference_uom_id``, ``odoo_ratio`` (reference units in one unit,
            by Odoo), ``pint_ratio`` (the same by pint, False when pint cannot
            convert) and ``message`` (a sentence naming both units)
        """
        uoms = self or self.search([("pint_unit", "!=", False)])
        references = self.search(
            [
                ("category_id", "in", uoms.category_id.ids),
                ("uom_type", "=", "reference"),
            ]
        ).grouped("category_id")
        mismatches = []
        for uom in uoms.filtered("pint_unit"):
            reference = references.get(uom.category_id, self.browse())[:1]
            if not reference.pint_unit or reference == uom:
                continue
            odoo_ratio = uom._compute_quantity(1.0, reference, round=False)
            quantity = pint_quantity(1.0, uom.pint_unit)
            try:
                pint_ratio = quantity.to(reference.pint_unit).magnitude
            except (pint.errors.PintError, AttributeError):
                pint_ratio = False
            if pint_ratio is False:
                message = self.env._(
                    "%(uom)s (%(pint_unit)s) cannot be expressed in %(reference)s "
                    "(%(reference_pint)s): the pint units measure different things.",
                    uom=uom.display_name,
                    pint_unit=uom.pint_unit,
                    reference=reference.display_name,
                    reference_pint=reference.pint_unit,
                )
            elif math.isclose(odoo_ratio, pint_ratio, rel_tol=tolerance):
                continue
            else:
                message = self.env._(
                    "%(uom)s: Odoo says 1 %(uom)s = %(odoo_ratio)s %(reference)s, "
                    "pint says %(pint_ratio)s %(reference)s. Fix the unit's ratio.",
                    uom=uom.display_name,
                    reference=reference.display_name,
                    odoo_ratio=format(odoo_ratio, ".8g"),
                    pint_ratio=format(pint_ratio, ".8g"),
                )
            mismatches.append(
                {
                    "uom_id": uom.id,
                    "reference_uom_id": reference.id,
                    "odoo_ratio": odoo_ratio,
                    "pint_ratio": pint_ratio,
                    "message": message,
                }
            )
        return mismatches

    def _compute_quantity(
        self, qty, to_unit, round=True, rounding_method="UP", raise_if_failure=True
    ):
        # Document conversions (order line to move, move to order line) ask the
        # product set by the add-on's own overrides when it has its own ratio for
        # one of the units (1 case = 10 units, not Odoo's generic 12). Only a
        # recordset is honoured: a client cannot send one through RPC.
        product = self.env.context.get("pi_uom_product")
        if (
            qty
            and len(self) == 1
            and self != to_unit
            and isinstance(product, models.BaseModel)
            and product._name == "product.product"
            and product._pi_has_own_ratio(self | to_unit)
        ):
            product = product.sudo().with_context(pi_uom_product=False)
            amount = product._pi_convert(
                qty, self.with_env(product.env), to_unit.with_env(product.env)
            )
            if round:
                amount = float_round(
                    amount,
                    precision_rounding=to_unit.rounding,
                    rounding_method=rounding_method,
                )
            return amount
        return super()._compute_quantity(
            qty,
            to_unit,
            round=round,
            rounding_method=rounding_method,
            raise_if_failure=raise_if_failure,
        )

    def _pi_physical_ratio(self, to_uom):
        """How many `to_uom` in one `self`, through pint when both units are
        physical and pint can convert them, else through Odoo's ratios; None
        when the units cannot be converted without a product's help."""
        self.ensure_one()
        if self == to_uom:
            return 1.0
        if self.pint_unit and to_uom.pint_unit:
            quantity = pint_quantity(1.0, self.pint_unit)
            try:
                return quantity.to(to_uom.pint_unit).magnitude
            except (pint.errors.PintError, AttributeError):
                return None
        if self.category_id == to_uom.category_id:
            return self._compute_quantity(1.0, to_uom, round=False)
        return None

    def _pi_dimension(self):
        """'mass', 'volume' or False: what the unit measures, for densities."""
        self.ensure_one()
        quantity = pint_quantity(1.0, self.pint_unit) if self.pint_unit else None
        if quantity is None:
            return False
        dimensionality = quantity.dimensionality
        if dimensionality == unit_registry().kilogram.dimensionality:
            return "mass"
        if dimensionality == unit_registry().liter.dimensionality:
            return "volume"
        return False

    def _check_quantity_value(self, value, label):
        """Refuse a quantity in this unit (zero or one record) that is not a
        finite number, or too large for the unit's rounding to be kept
        exactly (a double holds 15 significant digits). Its sign is the
        caller's rule.

        :param value: the quantity entered
        :param label: what the quantity is, for the message
        :raise ValidationError: naming `label`, the value and the rule
        :return: True
        """
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValidationError(
                self.env._(
                    "The %(label)s must be a number, not %(value)r.",
                    label=label,
                    value=value,
                )
            )
        if not math.isfinite(value):
            raise ValidationError(
                self.env._(
                    "The %(label)s must be a finite number, not %(value)s.",
                    label=label,
                    value=value,
                )
            )
        rounding = self[:1].rounding or 1.0
        limit = MAX_QUANTITY_STEPS * min(rounding, 1.0)
        if abs(value) >= limit:
            raise ValidationError(
                self.env._(
                    "The %(label)s (%(value)s) is too large: quantities in "
                    "%(uom)s must stay below %(limit)s, beyond which the unit's "
                    "rounding (%(rounding)s) cannot be kept.",
                    label=label,
                    value=value,
                    uom=self[:1].name or self.env._("this unit"),
                    limit=f"{limit:g}",
                    rounding=rounding,
                )
            )
        return True

    @api.model
    def _check_quantity_vals(self, records, vals_list, quantity_fields):
        """Refuse, before they are written, quantities of `records`' model
        that _check_quantity_value refuses (a client's NaN or 1e300 would
        otherwise reach rounding code as a raw ValueError or OverflowError).

        :param records: the records written (empty on create)
        :param vals_list: the values to create or write
        :param quantity_fields: {quantity field name: its unit field name,
            or None when the model has none (the strictest limit applies)}
        :return: True
        """
        for vals in vals_list:
            for field, uom_field in quantity_fields.items():
                value = vals.get(field)
                if not value:
                    continue
                label = self.env._(
                    "%(field)s (%(name)s) of %(model)s",
                    field=records._fields[field]._description_string(self.env),
                    name=field,
                    model=records._description,
                )
                if isinstance(value, str):
                    try:
                        value = float(value)
                    except ValueError:
                        value = vals[field]
                uom_id = vals.get(uom_field)
                if not uom_field:
                    uom = self.browse()
                elif isinstance(uom_id, int) and uom_id:
                    uom = self.browse(uom_id).exists()
                else:
                    uom = records[:1][uom_field]
                uom._check_quantity_value(value, label)
        return True

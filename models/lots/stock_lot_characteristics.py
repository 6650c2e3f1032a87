import math
import re

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

# One characteristic condition in the text form of `characteristic_filter`,
# e.g. "VISC >= 10" or "COLOR = RED".
CONDITION_RE = re.compile(r"^\s*([\w.-]+)\s*(>=|<=|!=|=|>|<|ilike)\s*(.+?)\s*$")
NUMERIC_OPERATORS = {
    "=": "=",
    "!=": "!=",
    ">": ">",
    ">=": ">=",
    "<": "<",
    "<=": "<=",
}


class StockLot(models.Model):
    _inherit = "stock.lot"

    characteristic_value_ids = fields.One2many(
        "stock.lot.characteristic",
        "lot_id",
        string="Characteristics",
        help="Values measured on this lot. A sub-lot without its own value for a "
        "characteristic takes its parent's.",
    )
    inherited_characteristic_value_ids = fields.Many2many(
        "stock.lot.characteristic",
        compute="_compute_inherited_characteristic_value_ids",
        string="Characteristics from Parent Lot",
    )
    characteristic_filter = fields.Char(
        string="Characteristic",
        compute="_compute_characteristic_filter",
        search="_search_characteristic_filter",
        help="Search lots by characteristic value, e.g. 'VISC >= 10; VISC <= 20; "
        "COLOR = RED' (sub-lots match on the values they inherit).",
    )

    @api.depends(
        "parent_lot_id.characteristic_value_ids",
        "characteristic_value_ids.characteristic_id",
    )
    def _compute_inherited_characteristic_value_ids(self):
        for lot in self:
            own = lot.characteristic_value_ids.characteristic_id
            lot.inherited_characteristic_value_ids = (
                lot.parent_lot_id.characteristic_value_ids.filtered(
                    lambda line, own=own: line.characteristic_id not in own
                )
            )

    def _compute_characteristic_filter(self):
        self.characteristic_filter = False

    def _get_effective_characteristic_values(self):
        """{lot: {characteristic: stock.lot.characteristic}}: each lot's own
        values, completed by its parent's for a sub-lot."""
        result = {}
        for lot in self:
            values = {
                line.characteristic_id: line
                for line in lot.parent_lot_id.characteristic_value_ids
            }
            values.update(
                {line.characteristic_id: line for line in lot.characteristic_value_ids}
            )
            result[lot] = values
        return result

    def _check_required_characteristics(self):
        """Raise a UserError naming the lots and their required characteristics
        that have no value (on the lot or, for a sub-lot, on its parent).

        Called before stock of a lot leaves stock; the classification release
        calls it too. Returns True when every required value is set."""
        effective = self._get_effective_characteristic_values()
        required_by_template = {
            template: template._get_lot_characteristics().filtered("is_required")
            for template in self.product_id.product_tmpl_id
        }
        missing = []
        for lot in self:
            required = required_by_template[lot.product_id.product_tmpl_id]
            absent = required.filtered(
                lambda characteristic, lot=lot: characteristic not in effective[lot]
            )
            if absent:
                missing.append(
                    self.env._(
                        "lot '%(lot)s': %(characteristics)s",
                        lot=lot.display_name,
                        characteristics=", ".join(absent.mapped("display_name")),
                    )
                )
        if missing:
            raise UserError(
                self.env._(
                    "Required characteristics have no value, so the stock cannot "
                    "leave stock or be released. Enter them on the lot first: "
                    "%(missing)s.",
                    missing="; ".join(missing),
                )
            )
        return True

    @api.model
    def _parse_characteristic_conditions(self, value):
        """Normalise a `characteristic_filter` search value into a list of
        (code, operator, value) tuples. Accepts a text 'CODE op value; ...',
        one [code, op, value] triple or a list of them."""
        if isinstance(value, str):
            conditions = []
            for part in filter(None, (p.strip() for p in value.split(";"))):
                match = CONDITION_RE.match(part)
                if not match:
                    raise UserError(
                        self.env._(
                            "Cannot read the characteristic_filter condition "
                            "'%(condition)s': write it as CODE operator value, "
                            "e.g. VISC >= 10.",
                            condition=part,
                        )
                    )
                conditions.append(match.groups())
            return conditions
        if (
            isinstance(value, (list, tuple))
            and len(value) == 3
            and isinstance(value[0], str)
            and isinstance(value[1], str)
        ):
            value = [value]
        if not isinstance(value, (list, tuple)) or not all(
            self._is_characteristic_condition(condition) for condition in value
        ):
            raise UserError(
                self.env._(
                    "Cannot read the characteristic_filter %(value)r: give a text "
                    "'CODE operator value; ...' or a list of [code, operator, "
                    "value] conditions, e.g. [['VISC', '>=', 10]].",
                    value=value,
                )
            )
        return [tuple(condition) for condition in value]

    @api.model
    def _is_characteristic_condition(self, condition):
        """A [code, operator, value] triple with a text code and operator and
        a text, boolean or finite number value."""
        return (
            isinstance(condition, (list, tuple))
            and len(condition) == 3
            and isinstance(condition[0], str)
            and isinstance(condition[1], str)
            and (
                isinstance(condition[2], (str, bool))
                or (
                    isinstance(condition[2], (int, float))
                    and math.isfinite(condition[2])
                )
            )
        )

    def _search_characteristic_filter(self, operator, value):
        if operator not in ("=", "in", "ilike"):
            raise UserError(
                self.env._(
                    "Search characteristics with '=' (or the search box), e.g. "
                    "[('characteristic_filter', '=', [['VISC', '>=', 10]])]."
                )
            )
        # The conditions read these tables in SQL: write pending changes first.
        self.env["stock.lot.characteristic"].flush_model()
        self.flush_model(["parent_lot_id"])
        domain = []
        for (
            code,
            condition_operator,
            condition_value,
        ) in self._parse_characteristic_conditions(value):
            domain.append(
                (
                    "id",
                    "in",
                    self._characteristic_condition_sql(
                        code, condition_operator, condition_value
                    ),
                )
            )
        return domain or [("id", "!=", False)]

    @api.model
    def _characteristic_condition_sql(self, code, operator, value):
        """SQL selecting ids of lots whose value (own, or their parent's when
        they have none) of the characteristic `code` satisfies `operator value`."""
        characteristics = (
            self.env["product.characteristic"]
            .with_context(active_test=False)
            .search([("code", "=ilike", code)])
        )
        if not characteristics:
            raise UserError(
                self.env._("No lot characteristic has the code '%(code)s'.", code=code)
            )
        if operator not in NUMERIC_OPERATORS and operator != "ilike":
            raise UserError(
                self.env._(
                    "Unknown operator '%(operator)s' for characteristic %(code)s: "
                    "use =, !=, >, >=, <, <= or ilike.",
                    operator=operator,
                    code=code,
                )
            )
        value_type = characteristics[0].value_type
        column = SQL.identifier(
            {"numeric": "value_float", "boolean": "value_bool"}.get(value_type, "value")
        )
        effective = SQL(
            "CASE WHEN own.id IS NOT NULL THEN own.%s ELSE parent.%s END",
            column,
            column,
        )
        try:
            typed = self.env["product.characteristic"]._parse_value(
                value_type, str(value)
            )
            if value_type == "numeric" and not math.isfinite(typed):
                raise ValueError(value)
        except ValueError:
            raise UserError(
                self.env._(
                    "characteristic_filter: '%(value)s' is not a valid value "
                    "for characteristic %(code)s (%(value_type)s).",
                    value=value,
                    code=code,
                    value_type=value_type,
                )
            ) from None
        if value_type == "alphanumeric":
            if operator == "ilike":
                condition = SQL("%s ILIKE %s", effective, f"%{typed}%")
            elif operator in ("=", "!="):
                condition = SQL(
                    "UPPER(%s) " + NUMERIC_OPERATORS[operator] + " UPPER(%s)",
                    effective,
                    typed,
                )
            else:
                condition = SQL(
                    "%s " + NUMERIC_OPERATORS[operator] + " %s", effective, typed
                )
        elif operator == "ilike":
            raise UserError(
                self.env._(
                    "'ilike' applies to alphanumeric characteristics only, not to "
                    "%(code)s.",
                    code=code,
                )
            )
        elif value_type == "boolean" and operator not in ("=", "!="):
            raise UserError(
                self.env._(
                    "Boolean characteristic %(code)s can only be compared with = "
                    "or !=.",
                    code=code,
                )
            )
        else:
            if value_type == "numeric" and operator in ("=", "!="):
                # Compare stored floats at the stored precision.
                condition = SQL(
                    "ROUND(%s::numeric, 6) " + NUMERIC_OPERATORS[operator] + " %s",
                    effective,
                    round(typed, 6),
                )
            else:
                condition = SQL(
                    "%s " + NUMERIC_OPERATORS[operator] + " %s", effective, typed
                )
        return SQL(
            """(
            SELECT lot.id
              FROM stock_lot lot
         LEFT JOIN stock_lot_characteristic own
                ON own.lot_id = lot.id AND own.characteristic_id IN %(ids)s
         LEFT JOIN stock_lot_characteristic parent
                ON parent.lot_id = lot.parent_lot_id
               AND parent.characteristic_id IN %(ids)s
             WHERE (own.id IS NOT NULL OR parent.id IS NOT NULL) AND %(condition)s
            )""",
            ids=tuple(characteristics.ids),
            condition=condition,
        )

import datetime
import re
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.addons.stock.models.stock_lot import OPERATORS
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, float_compare

SUB_LOT_SEPARATOR = "/"
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

    parent_lot_id = fields.Many2one(
        "stock.lot",
        index=True,
        ondelete="restrict",
        check_company=True,
        help="Set on a sub-lot: the lot it was divided from.",
    )
    child_lot_ids = fields.One2many("stock.lot", "parent_lot_id", string="Sub-lots")
    classification_id = fields.Many2one(
        "stock.lot.classification",
        index=True,
        tracking=True,
        help="Inventory status of the lot (QC, RELEASED, FAIL...): decides "
        "whether it may be issued to production, shipped, or planned with.",
    )
    use_sub_lots = fields.Boolean(related="product_id.use_sub_lots")
    sub_lot_count = fields.Integer(compute="_compute_sub_lot_count")
    manufacturing_date = fields.Datetime(
        compute="_compute_manufacturing_date",
        store=True,
        recursive=True,
        readonly=False,
        tracking=True,
        help="When the lot was made. A sub-lot takes its parent's unless set.",
    )
    # A sub-lot's expiration follows its parent's (see _compute_expiration_date).
    expiration_date = fields.Datetime(recursive=True)
    expiration_date_mode = fields.Selection(
        [("generated", "Generated"), ("entered", "Entered")],
        string="Expiration Entry",
        default="generated",
        required=True,
        tracking=True,
        help="Generated: computed from the manufacturing date and the product's "
        "shelf life (a sub-lot takes its parent's). Entered: typed in by a user "
        "when the lot was produced or received; it no longer follows the product "
        "or the parent lot.",
    )
    retest_date = fields.Datetime(
        compute="_compute_retest_date",
        store=True,
        recursive=True,
        readonly=False,
        help="Manufacturing date plus the product's retest interval.",
    )
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
    classification_history_ids = fields.One2many(
        "stock.lot.classification.history",
        "lot_id",
    )
    density = fields.Float(
        string="Density (kg/L)",
        digits="Stock Weight",
        tracking=True,
        help="This lot's mass of one litre, overriding its parent lot's and "
        "its product's. Zero: use theirs.",
    )
    uom_conversion_ids = fields.One2many(
        "product.uom.conversion",
        "lot_id",
        string="Unit Conversions",
        help="This lot's own ratios (this drum weighs 187.3 kg), overriding "
        "its parent lot's and its product's.",
    )
    secondary_uom_id = fields.Many2one(
        related="product_id.secondary_uom_id", string="Second Unit"
    )
    secondary_product_qty = fields.Float(
        string="On Hand (Second Unit)",
        compute="_compute_secondary_product_qty",
        digits="Product Unit of Measure",
        help="The actual quantity on hand in the product's second unit.",
    )

    @api.constrains("parent_lot_id", "product_id")
    def _check_sub_lot(self):
        for lot in self.filtered("parent_lot_id"):
            parent = lot.parent_lot_id
            if parent.product_id != lot.product_id:
                raise ValidationError(
                    self.env._(
                        "Sub-lot '%(lot)s' is of product '%(product)s' but its "
                        "parent lot '%(parent)s' is of '%(parent_product)s': a "
                        "sub-lot must be of its parent's product.",
                        lot=lot.name,
                        product=lot.product_id.display_name,
                        parent=parent.name,
                        parent_product=parent.product_id.display_name,
                    )
                )
            if not lot.product_id.use_sub_lots:
                raise ValidationError(
                    self.env._(
                        "Lot '%(lot)s' cannot be a sub-lot of '%(parent)s': "
                        "product '%(product)s' does not track sub-lots (enable "
                        "'Track Sub-lots' on the product first).",
                        lot=lot.name,
                        parent=parent.name,
                        product=lot.product_id.display_name,
                    )
                )
            if parent.parent_lot_id:
                raise ValidationError(
                    self.env._(
                        "Lot '%(lot)s' cannot be a sub-lot of '%(parent)s', which "
                        "is itself a sub-lot of '%(grandparent)s': sub-lots have "
                        "one level.",
                        lot=lot.name,
                        parent=parent.name,
                        grandparent=parent.parent_lot_id.name,
                    )
                )

    @api.depends("child_lot_ids")
    def _compute_sub_lot_count(self):
        for lot in self:
            lot.sub_lot_count = len(lot.child_lot_ids)

    @api.depends("parent_lot_id.manufacturing_date")
    def _compute_manufacturing_date(self):
        for lot in self:
            if lot.parent_lot_id.manufacturing_date:
                lot.manufacturing_date = lot.parent_lot_id.manufacturing_date
            elif not lot.manufacturing_date:
                # Lots existing before the add-on: made when they were created.
                lot.manufacturing_date = lot.create_date or fields.Datetime.now()

    @api.depends(
        "product_id",
        "manufacturing_date",
        "expiration_date_mode",
        "parent_lot_id.expiration_date",
    )
    def _compute_expiration_date(self):
        # Replaces product_expiry's "now + expiration_time": the shelf life counts
        # from the manufacturing date, and a sub-lot follows its parent.
        for lot in self:
            if lot.expiration_date_mode == "entered" and lot.expiration_date:
                continue
            if lot.parent_lot_id:
                lot.expiration_date = lot.parent_lot_id.expiration_date
            elif lot.product_id.use_expiration_date:
                lot.expiration_date = (
                    lot.manufacturing_date or fields.Datetime.now()
                ) + datetime.timedelta(days=lot.product_id.expiration_time)
            else:
                lot.expiration_date = False

    @api.depends(
        "manufacturing_date",
        "product_id.retest_interval_days",
        "parent_lot_id.retest_date",
    )
    def _compute_retest_date(self):
        for lot in self:
            interval = lot.product_id.retest_interval_days
            if lot.parent_lot_id.retest_date:
                lot.retest_date = lot.parent_lot_id.retest_date
            elif interval and lot.manufacturing_date:
                lot.retest_date = lot.manufacturing_date + datetime.timedelta(
                    days=interval
                )
            else:
                lot.retest_date = False

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

    @api.depends("quant_ids.quantity", "child_lot_ids.quant_ids.quantity")
    def _product_qty(self):
        # A parent lot's quantity includes its sub-lots'.
        res = super()._product_qty()
        children = self.child_lot_ids
        if children:
            super(StockLot, children)._product_qty()
            for lot in self.filtered("child_lot_ids"):
                lot.product_qty += sum(lot.child_lot_ids.mapped("product_qty"))
        return res

    def _search_product_qty(self, operator, value):
        # A parent lot's quantity is its sub-lots' (plus any of its own).
        domain = super()._search_product_qty(operator, value)
        if operator not in OPERATORS:
            return domain
        parents = (
            self.env["stock.quant"]
            .search([("parent_lot_id", "!=", False)])
            .parent_lot_id
        )
        if not parents:
            return domain
        matching = parents.filtered(
            lambda parent: OPERATORS[operator](parent.product_qty, value)
        )
        return [
            "|",
            "&",
            ("id", "not in", parents.ids),
            *domain,
            ("id", "in", matching.ids),
        ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("expiration_date") and "expiration_date_mode" not in vals:
                vals["expiration_date_mode"] = "entered"
        self._complete_parent_from_name(vals_list)
        lots = super().create(vals_list)
        classified = lots.filtered("classification_id")
        if classified:
            # A new lot holds no stock yet: history only, no audit trail entry.
            classified._log_classification_change(
                dict.fromkeys(classified, self.env["stock.lot.classification"]),
                self.env.context.get("process_inventory_classification_reason")
                or self.env._("Initial classification"),
                ledger=False,
            )
        return lots

    def write(self, vals):
        if vals.get("expiration_date") and "expiration_date_mode" not in vals:
            vals = dict(vals, expiration_date_mode="entered")
        if "classification_id" in vals:
            changed = self.filtered(
                lambda lot: (
                    lot.classification_id.id != (vals["classification_id"] or False)
                )
            )
            if changed:
                raise UserError(
                    self.env._(
                        "The classification of lot '%(lot)s' changes only through "
                        "Reclassify, which checks the allowed transitions and "
                        "records the reason.",
                        lot=changed[0].display_name,
                    )
                )
        return super().write(vals)

    @api.model
    def _complete_parent_from_name(self, vals_list):
        """A lot named `<parent>/<nn>` of a product tracking sub-lots, created
        without a parent (typed on a receipt or production line), becomes a
        sub-lot of `<parent>`, which is created when missing."""
        Product = self.env["product.product"]
        for vals in vals_list:
            name = vals.get("name") or ""
            if vals.get("parent_lot_id") or SUB_LOT_SEPARATOR not in name:
                continue
            product = Product.browse(vals.get("product_id"))
            if not product.use_sub_lots:
                continue
            parent_name = name.rsplit(SUB_LOT_SEPARATOR, 1)[0]
            company_id = vals.get("company_id") or product.company_id.id
            parent = self.search(
                [
                    ("name", "=", parent_name),
                    ("product_id", "=", product.id),
                    ("company_id", "in", (company_id, False)),
                    ("parent_lot_id", "=", False),
                ],
                limit=1,
            ) or self.create(
                {
                    "name": parent_name,
                    "product_id": product.id,
                    "company_id": company_id,
                    # The batch is made (and expires) when its first sub-lot does.
                    **{
                        key: vals[key]
                        for key in (
                            "manufacturing_date",
                            "expiration_date",
                            "expiration_date_mode",
                        )
                        if vals.get(key)
                    },
                }
            )
            vals["parent_lot_id"] = parent.id

    def action_lot_open_quants(self):
        # On-hand stock of a parent lot includes its sub-lots.
        if not self.child_lot_ids:
            return super().action_lot_open_quants()
        action = super().action_lot_open_quants()
        context = dict(action.get("context") or {})
        context.pop("search_default_lot_id", None)
        action["context"] = context
        action["domain"] = [("lot_id", "in", (self | self.child_lot_ids).ids)]
        return action

    def action_view_sub_lots(self):
        """Open the sub-lots of this lot."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "stock.action_production_lot_form"
        )
        action["domain"] = [("parent_lot_id", "=", self.id)]
        action["context"] = {
            "default_parent_lot_id": self.id,
            "default_product_id": self.product_id.id,
        }
        return action

    def action_open_split(self):
        """Open the wizard that splits this lot's stock into sub-lots."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "process_inventory.stock_lot_split_action"
        )
        action["context"] = {"default_lot_id": self.id}
        return action

    def _next_sub_lot_names(self, count):
        """`count` new sub-lot names of this (parent) lot: `<parent>/01`,
        `<parent>/02`..., following the highest existing number."""
        self.ensure_one()
        prefix = self.name + SUB_LOT_SEPARATOR
        numbers = [
            int(child.name[len(prefix) :])
            for child in self.with_context(active_test=False).child_lot_ids
            if child.name.startswith(prefix) and child.name[len(prefix) :].isdigit()
        ]
        start = max(numbers, default=0) + 1
        return [f"{prefix}{number:02d}" for number in range(start, start + count)]

    def _split_into_sub_lots(self, split_lines):
        """Move stock of this lot onto new sub-lots.

        :param split_lines: list of ``(quantity, location, name)`` tuples:
            quantity in the product's unit, the internal location (record) the
            stock is taken from and stays in, and the sub-lot name (``None`` or
            ``False`` for the next `<parent>/nn`). The sub-lots belong to this
            lot, or to its parent when this lot is itself a sub-lot.
        :return: the new sub-lots (``stock.lot`` recordset, in input order).
        :raise UserError: product without sub-lots, quantity not positive or
            above the lot's unreserved stock in that location.

        Each line is recorded as a pair of done moves through the product's
        inventory-loss location (lot out, sub-lot in), so the split shows in
        the moves history and in traceability.
        """
        self.ensure_one()
        product = self.product_id
        if not product.use_sub_lots:
            raise UserError(
                self.env._(
                    "Lot '%(lot)s' cannot be split into sub-lots: product "
                    "'%(product)s' does not track sub-lots.",
                    lot=self.name,
                    product=product.display_name,
                )
            )
        if not split_lines:
            raise UserError(self.env._("Give at least one quantity to split."))
        rounding = product.uom_id.rounding
        needed = {}
        for quantity, location, _name in split_lines:
            if float_compare(quantity, 0, precision_rounding=rounding) <= 0:
                raise UserError(
                    self.env._(
                        "Lot '%(lot)s': each sub-lot quantity must be positive "
                        "(got %(quantity)s).",
                        lot=self.name,
                        quantity=quantity,
                    )
                )
            needed[location] = needed.get(location, 0.0) + quantity
        Quant = self.env["stock.quant"]
        for location, quantity in needed.items():
            available = Quant._get_available_quantity(
                product, location, lot_id=self, strict=True
            )
            if float_compare(quantity, available, precision_rounding=rounding) > 0:
                raise UserError(
                    self.env._(
                        "Lot '%(lot)s' has %(available)s %(uom)s available in "
                        "%(location)s: %(quantity)s cannot be split off.",
                        lot=self.name,
                        available=available,
                        uom=product.uom_id.name,
                        location=location.display_name,
                        quantity=quantity,
                    )
                )
        parent = self.parent_lot_id or self
        generated = iter(
            parent._next_sub_lot_names(sum(1 for line in split_lines if not line[2]))
        )
        # A sub-lot keeps the classification of the stock it is split from.
        sub_lots = self.with_context(
            process_inventory_classification_reason=self.env._(
                "Split from lot %(lot)s", lot=self.name
            )
        ).create(
            [
                dict(
                    self._prepare_sub_lot_vals(parent, name or next(generated)),
                    classification_id=self.classification_id.id,
                )
                for _quantity, _location, name in split_lines
            ]
        )
        transit = product.with_company(self.company_id).property_stock_inventory
        move_vals = []
        for (quantity, location, _name), sub_lot in zip(
            split_lines, sub_lots, strict=True
        ):
            for lot, source, destination in (
                (self, location, transit),
                (sub_lot, transit, location),
            ):
                move_vals.append(
                    {
                        "name": self.env._(
                            "Lot split %(lot)s > %(sub_lot)s",
                            lot=self.name,
                            sub_lot=sub_lot.name,
                        ),
                        "product_id": product.id,
                        "product_uom": product.uom_id.id,
                        "product_uom_qty": quantity,
                        "location_id": source.id,
                        "location_dest_id": destination.id,
                        "company_id": self.company_id.id or self.env.company.id,
                        "origin": self.name,
                        "picked": True,
                        "move_line_ids": [
                            Command.create(
                                {
                                    "product_id": product.id,
                                    "product_uom_id": product.uom_id.id,
                                    "quantity": quantity,
                                    "location_id": source.id,
                                    "location_dest_id": destination.id,
                                    "lot_id": lot.id,
                                }
                            )
                        ],
                    }
                )
        moves = self.env["stock.move"].create(move_vals)
        moves.with_context(
            inventory_ledger_activity="sub_lot_split",
            inventory_ledger_source=(self._name, self.id),
        )._action_done()
        # Chain each sub-lot's incoming move to the lot's outgoing one: the lot
        # genealogy follows the split from this very lot, even a sub-lot.
        for out_move, in_move in zip(moves[::2], moves[1::2], strict=True):
            in_move.move_orig_ids = out_move
        return sub_lots

    def _prepare_sub_lot_vals(self, parent, name):
        """Values of a sub-lot split from this lot: it inherits its parent's
        dates and values, and keeps what this lot overrides when this lot is
        itself a sub-lot."""
        vals = {
            "name": name,
            "product_id": self.product_id.id,
            "company_id": self.company_id.id,
            "parent_lot_id": parent.id,
        }
        if self.parent_lot_id:
            if self.expiration_date_mode == "entered":
                vals["expiration_date"] = self.expiration_date
            if self.manufacturing_date != parent.manufacturing_date:
                vals["manufacturing_date"] = self.manufacturing_date
            vals["characteristic_value_ids"] = [
                Command.create(
                    {
                        "characteristic_id": line.characteristic_id.id,
                        "value": line.value,
                    }
                )
                for line in self.characteristic_value_ids
            ]
        return vals

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
                            "Cannot read the characteristic condition '%(condition)s': "
                            "write it as CODE operator value, e.g. VISC >= 10.",
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
            return [tuple(value)]
        return [tuple(condition) for condition in value]

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
        except ValueError:
            raise UserError(
                self.env._(
                    "'%(value)s' is not a valid value for characteristic "
                    "%(code)s (%(value_type)s).",
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

    def action_reclassify(self):
        """Open the reclassification wizard on these lots."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "process_inventory.stock_lot_reclassify_action"
        )
        action["context"] = {"active_model": "stock.lot", "active_ids": self.ids}
        return action

    def _check_reclassify(
        self, classification, reason, check_transition=True, check_release=True
    ):
        """Raise a UserError when these lots cannot move to `classification`:
        no reason, already there, transition outside the allowed table, or a
        release (a classification that may be issued to production or
        shipped) while a required characteristic has no value."""
        classification.ensure_one()
        if not (reason or "").strip():
            raise UserError(
                self.env._(
                    "Give a reason to reclassify lots to %(target)s.",
                    target=classification.display_name,
                )
            )
        for lot in self:
            if lot.classification_id == classification:
                raise UserError(
                    self.env._(
                        "Lot '%(lot)s' is already classified %(target)s.",
                        lot=lot.display_name,
                        target=classification.display_name,
                    )
                )
            if check_transition and lot.classification_id:
                lot.classification_id._check_transition_to(classification, lot)
        if check_release and classification._is_release():
            self._check_required_characteristics()

    def _reclassify(
        self, classification, reason, check_transition=True, check_release=True
    ):
        """Move these lots (whole lots) to `classification`, recording who,
        when, from, to, why and the on-hand quantity of each lot.

        :param classification: the ``stock.lot.classification`` to apply
        :param reason: why (mandatory text)
        :param check_transition: refuse transitions outside the allowed table
            of each lot's current classification (system rules such as expiry
            pass False)
        :param check_release: refuse a release (target may be issued to
            production or shipped) of a lot missing a required characteristic
            (expiry passes False: it never releases, and must not stall on
            one lot)
        :return: the ``stock.lot.classification.history`` rows written
        """
        self._check_reclassify(classification, reason, check_transition, check_release)
        origins = {lot: lot.classification_id for lot in self}
        quantities = self._classification_quantities()
        # The override of write() refuses classification changes: this is the
        # one path that makes them, after its checks.
        super().write({"classification_id": classification.id})
        return self._log_classification_change(origins, reason, quantities)

    def _reclassify_quantity(self, classification, reason, quantity, location):
        """Reclassify `quantity` of this lot held in `location`: split it
        onto a new sub-lot (see `_split_into_sub_lots`) and reclassify that
        sub-lot only; this lot keeps the rest in its classification.

        Every check runs before the split, so a refusal leaves no sub-lot.

        :return: the new sub-lot (``stock.lot``)
        :raise UserError: product without sub-lots, no location, quantity not
            positive or above the lot's available quantity there, or any
            refusal of `_reclassify`
        """
        self.ensure_one()
        product = self.product_id
        if not product.use_sub_lots:
            raise UserError(
                self.env._(
                    "Lot '%(lot)s' can only be reclassified as a whole: product "
                    "'%(product)s' does not track sub-lots, so a quantity cannot "
                    "be split off.",
                    lot=self.display_name,
                    product=product.display_name,
                )
            )
        if not location:
            raise UserError(
                self.env._(
                    "Lot '%(lot)s': give the location of the quantity to reclassify.",
                    lot=self.display_name,
                )
            )
        rounding = product.uom_id.rounding
        if float_compare(quantity, 0, precision_rounding=rounding) <= 0:
            raise UserError(
                self.env._(
                    "Lot '%(lot)s': the quantity to reclassify must be positive "
                    "(got %(quantity)s).",
                    lot=self.display_name,
                    quantity=quantity,
                )
            )
        # The sub-lot gets this lot's classification and characteristics:
        # checking this lot now is checking the sub-lot before it exists.
        # The split refuses a quantity above what the lot holds there.
        self._check_reclassify(classification, reason)
        sub_lot = self._split_into_sub_lots([(quantity, location, None)])
        sub_lot._reclassify(classification, reason)
        return sub_lot

    def _classify_on_arrival(self, classification, reason, quantities):
        """Give unclassified lots their classification on arrival.

        Not a release: required characteristics are not checked here (they
        are usually measured after arrival); the lot's stock still cannot
        leave stock before they are set (stock.move.line._action_done)."""
        lots = self.filtered(lambda lot: not lot.classification_id)
        if not lots:
            return self.env["stock.lot.classification.history"]
        super(StockLot, lots).write({"classification_id": classification.id})
        return lots._log_classification_change(
            dict.fromkeys(lots, self.env["stock.lot.classification"]),
            reason,
            quantities,
        )

    @api.model
    def _classify_expired(self):
        """Move every expired lot to the classification configured to apply
        on expiry (per company); lots already in such a classification are
        left alone.

        :return: the expired lots reclassified
        """
        lots = self.search(
            [
                ("product_id.use_expiration_date", "=", True),
                ("expiration_date", "<=", fields.Datetime.now()),
                "|",
                ("classification_id", "=", False),
                ("classification_id.apply_on_expiry", "=", False),
            ]
        )
        done = self.browse()
        Classification = self.env["stock.lot.classification"]
        for company, company_lots in lots.grouped("company_id").items():
            # A lot shared by all companies follows the current one's setting.
            expired = Classification._expiry_classification(company or self.env.company)
            if not expired:
                continue
            company_lots._reclassify(
                expired,
                self.env._("Expiration date reached"),
                check_transition=False,
                check_release=False,
            )
            done |= company_lots
        return done

    @api.model
    def _cron_classify_expired(self):
        self._classify_expired()

    def _classification_quantities(self):
        """On-hand quantity of each lot in internal locations, by lot."""
        groups = self.env["stock.quant"]._read_group(
            [("lot_id", "in", self.ids), ("location_id.usage", "=", "internal")],
            ["lot_id"],
            ["quantity:sum"],
        )
        return {lot: quantity for lot, quantity in groups}

    def _log_classification_change(self, origins, reason, quantities=None, ledger=True):
        quantities = quantities or {}
        if ledger:
            self._create_classification_ledger_entries(origins, reason)
        # Users read the history; only these methods write it.
        return (
            self.env["stock.lot.classification.history"]
            .sudo()
            .create(
                [
                    {
                        "lot_id": lot.id,
                        "from_classification_id": origins[lot].id,
                        "to_classification_id": lot.classification_id.id,
                        "reason": reason,
                        "quantity": quantities.get(lot, 0.0),
                    }
                    for lot in self
                ]
            )
        )

    def _create_classification_ledger_entries(self, origins, reason):
        """One audit trail entry per lot whose classification changed: its
        on-hand quantity in both units, from and to, who and why. It moves no
        stock: the location (from = to) is set when the lot is in one
        internal location only."""
        groups = self.env["stock.quant"]._read_group(
            [("lot_id", "in", self.ids), ("location_id.usage", "=", "internal")],
            ["lot_id", "location_id"],
            ["quantity:sum", "secondary_quantity:sum"],
        )
        on_hand = defaultdict(lambda: [0.0, 0.0, self.env["stock.location"]])
        for lot, location, quantity, secondary in groups:
            held = on_hand[lot]
            held[0] += quantity
            held[1] += secondary
            held[2] |= location
        now = fields.Datetime.now()
        vals_list = []
        for lot in self:
            quantity, secondary, locations = on_hand[lot]
            location = locations if len(locations) == 1 else locations.browse()
            product = lot.product_id
            vals_list.append(
                {
                    "date": now,
                    "user_id": self.env.uid,
                    "activity": "classification_change",
                    "reference": lot.name,
                    "res_model": lot._name,
                    "res_id": lot.id,
                    "product_id": product.id,
                    "lot_id": lot.id,
                    "location_id": location.id,
                    "location_dest_id": location.id,
                    "site_id": location.site_id.id,
                    "quantity": quantity,
                    "product_uom_id": product.uom_id.id,
                    "secondary_quantity": secondary,
                    "secondary_uom_id": product.secondary_uom_id.id,
                    "from_classification_id": origins[lot].id,
                    "classification_id": lot.classification_id.id,
                    "note": reason,
                    "company_id": (lot.company_id or self.env.company).id,
                }
            )
        self.env["stock.inventory.ledger"].sudo().create(vals_list)

    def recall_deliveries(self):
        """Every delivery of anything made from these lots (forward genealogy).

        :return: list of dicts ``{"partner_id", "partner", "res_model",
            "res_id", "delivery", "sale_order_id", "sale_order", "lot_id",
            "lot", "product", "date", "quantity", "uom"}``, one per delivery
            and delivered lot
        """
        return self._recall("forward", "delivery", "target")

    def recall_purchases(self):
        """Every receipt behind these lots (backward genealogy): the
        suppliers and purchase orders of the raw materials.

        :return: list of dicts ``{"partner_id", "partner", "res_model",
            "res_id", "receipt", "purchase_order_id", "purchase_order",
            "lot_id", "lot", "product", "date", "quantity", "uom"}``
        """
        return self._recall("backward", "receipt", "source")

    def _recall(self, direction, kind, partner_end):
        genealogy = self.env["stock.lot.genealogy"]
        result = []
        for lot in self:
            trace = genealogy.trace("stock.lot", lot.id, direction)
            nodes = {node["key"]: node for node in trace["nodes"]}
            lot_end = "source" if partner_end == "target" else "target"
            document = "delivery" if kind == "delivery" else "receipt"
            order = "sale_order" if kind == "delivery" else "purchase_order"
            for edge in trace["edges"]:
                if edge["kind"] != kind:
                    continue
                partner = nodes[edge[partner_end]]
                traced_lot = nodes[edge[lot_end]]
                row = {
                    "partner_id": partner["id"]
                    if partner["type"] in ("supplier", "customer")
                    else False,
                    "partner": partner["name"],
                    "res_model": edge["res_model"],
                    "res_id": edge["res_id"],
                    document: edge["document"],
                    f"{order}_id": edge["origin_id"] or False,
                    order: edge["origin"] or False,
                    "lot_id": traced_lot["id"],
                    "lot": traced_lot["name"],
                    "product": traced_lot["product"],
                    "date": edge["date"],
                    "quantity": edge["quantity"],
                    "uom": edge["uom"],
                }
                if row not in result:
                    result.append(row)
        return result

    def action_trace_forward(self):
        """Open the genealogy of this lot towards customers (recall)."""
        return self._action_trace("forward")

    def action_trace_backward(self):
        """Open the genealogy of this lot back to suppliers."""
        return self._action_trace("backward")

    def _action_trace(self, direction):
        self.ensure_one()
        trace = self.env["stock.lot.trace"].create(
            {"start_ref": f"stock.lot,{self.id}", "direction": direction}
        )
        return trace.action_trace()

    @api.constrains("density")
    def _check_density_not_negative(self):
        for lot in self:
            if lot.density < 0:
                raise ValidationError(
                    self.env._(
                        "Lot %(lot)s of %(product)s: a density cannot be "
                        "negative (%(density)s kg/L).",
                        lot=lot.name,
                        product=lot.product_id.display_name,
                        density=lot.density,
                    )
                )

    @api.depends("quant_ids.secondary_quantity")
    def _compute_secondary_product_qty(self):
        groups = dict(
            self.env["stock.quant"]._read_group(
                [
                    ("lot_id", "in", self.ids),
                    ("location_id.usage", "in", ("internal", "transit")),
                ],
                ["lot_id"],
                ["secondary_quantity:sum"],
            )
        )
        for lot in self:
            lot.secondary_product_qty = groups.get(lot, 0.0)

    def _pi_lineage(self):
        """The lot, its parent lot, the parent's parent... nearest first."""
        lineage = self.browse()
        lot = self[:1]
        while lot and lot not in lineage:
            lineage |= lot
            lot = lot.parent_lot_id
        return lineage

from odoo import Command, api, fields, models
from odoo.addons.stock.models.stock_lot import OPERATORS
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

SUB_LOT_SEPARATOR = "/"


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
    use_sub_lots = fields.Boolean(related="product_id.use_sub_lots")
    sub_lot_count = fields.Integer(compute="_compute_sub_lot_count")

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

    @api.constrains("parent_lot_id")
    def _check_sub_lot_keeps_parent_with_stock(self):
        # Clearing a sub-lot's parent would leave its stock on a plain lot.
        for lot in self.filtered(
            lambda lot: not lot.parent_lot_id and lot.product_id.use_sub_lots
        ):
            quants = lot.sudo().quant_ids.filtered(
                lambda quant: quant.location_id.usage == "internal" and quant.quantity
            )
            if quants:
                raise ValidationError(
                    self.env._(
                        "Lot '%(lot)s' of '%(product)s' holds stock in "
                        "%(locations)s: a lot of a product tracking sub-lots "
                        "holding stock must stay a sub-lot. Keep its parent lot.",
                        lot=lot.name,
                        product=lot.product_id.display_name,
                        locations=", ".join(quants.location_id.mapped("display_name")),
                    )
                )

    @api.depends("child_lot_ids")
    def _compute_sub_lot_count(self):
        for lot in self:
            lot.sub_lot_count = len(lot.child_lot_ids)

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
        self._complete_parent_from_name(vals_list)
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_stock_history(self):
        """A lot that stock moved on, or that has sub-lots, is part of the
        stock history (the database would refuse it with a raw error)."""
        moved = {
            lot
            for (lot,) in self.env["stock.move.line"]
            .sudo()
            ._read_group([("lot_id", "in", self.ids)], ["lot_id"])
        }
        moved.update(
            lot
            for (lot,) in self.env["stock.quant"]
            .sudo()
            ._read_group([("lot_id", "in", self.ids)], ["lot_id"])
        )
        for lot in self:
            if lot in moved:
                lot._raise_lot_has_history(self.env._("stock moves"))
            if lot.child_lot_ids:
                lot._raise_lot_has_history(self.env._("sub-lots"))

    def _raise_lot_has_history(self, history):
        """Refuse deleting this lot, which has `history` (a translated noun)."""
        raise UserError(
            self.env._(
                "Lot '%(lot)s' of %(product)s cannot be deleted: it has "
                "%(history)s, which must stay traceable.",
                lot=self.display_name,
                product=self.product_id.display_name,
                history=history,
            )
        )

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
            product.uom_id._check_quantity_value(
                quantity,
                self.env._("sub-lot quantity of lot '%s'", self.name),
            )
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
        sub_lots = self._create_sub_lots(
            [
                self._prepare_sub_lot_vals(parent, name or next(generated))
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
        # The marker is the system's (see stock.move._system_set_fields).
        moves.sudo().split_lot_id = self
        moves._action_done()
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

    def _create_sub_lots(self, vals_list):
        """Create the sub-lots of a split of this lot (`_split_into_sub_lots`)
        from `vals_list`: the hook for what a split sub-lot keeps of this lot
        beyond `_prepare_sub_lot_vals`, which production sub-lots share.

        :return: the new sub-lots (``stock.lot``, in input order)
        """
        return self.create(vals_list)

    def _pi_unlink_unused(self):
        """Delete the lots of this recordset that nothing refers to yet: no
        stock move line, quant or sub-lot (a sub-lot production run that is
        replaced before the order is done)."""
        used = (
            self.env["stock.move.line"].search([("lot_id", "in", self.ids)]).lot_id
            | self.env["stock.quant"].search([("lot_id", "in", self.ids)]).lot_id
            | self.search([("parent_lot_id", "in", self.ids)]).parent_lot_id
        )
        (self - used).unlink()

    def _pi_lineage(self):
        """The lot, its parent lot, the parent's parent... nearest first: a
        sub-lot's ratios and density default to its parent lot's."""
        lineage = super()._pi_lineage()
        lot = lineage[-1:].parent_lot_id
        while lot and lot not in lineage:
            lineage |= lot
            lot = lot.parent_lot_id
        return lineage

from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

WIP_OPERATIONS = [
    ("issue", "Issue to WIP"),
    ("return", "Return to Stock"),
    ("consume", "Consume"),
]


class StockWipReference(models.Model):
    """A sales order or a free work-order number parts are issued to WIP
    against, without a manufacturing order (seed 002): what was issued
    against it is returned to stock or consumed against the same reference,
    never more than it holds in WIP."""

    _name = "stock.wip.reference"
    _description = "WIP Reference"
    _inherit = ["mail.thread"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        required=True,
        tracking=True,
        help="The work-order number the parts are issued against; a sales "
        "order's name when one is chosen.",
    )
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Sales Order",
        check_company=True,
        tracking=True,
        index="btree_not_null",
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        required=True,
        check_company=True,
        default=lambda self: self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        ),
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    move_ids = fields.One2many(
        "stock.move", "wip_reference_id", string="Moves", readonly=True
    )

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "A WIP reference is unique per company.",
        ),
    ]

    @api.onchange("sale_order_id")
    def _onchange_sale_order_id(self):
        if self.sale_order_id and not self.name:
            self.name = self.sale_order_id.name

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("name") and vals.get("sale_order_id"):
                vals["name"] = self.env["sale.order"].browse(vals["sale_order_id"]).name
        return super().create(vals_list)

    def action_open_operation(self):
        """Open the wizard issuing parts to WIP, returning them to stock or
        consuming them against this reference.

        :return: an ``ir.actions.act_window`` dict
        """
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("WIP: %(reference)s", reference=self.name),
            "res_model": "stock.wip.reference.operation",
            "view_mode": "form",
            "target": "new",
            "context": {"default_reference_id": self.id},
        }

    def get_wip_balance(self):
        """What this reference holds in WIP, by product and lot.

        :return: list of dicts {product_id, lot_id (False when none),
            quantity (product unit)}
        """
        self.ensure_one()
        return [
            {"product_id": product.id, "lot_id": lot.id, "quantity": quantity}
            for (product, lot), quantity in self._wip_balance().items()
            if float_compare(quantity, 0.0, precision_rounding=product.uom_id.rounding)
        ]

    def _wip_balance(self):
        """{(product, lot): quantity in WIP} of this reference: issued less
        returned and consumed (done moves)."""
        self.ensure_one()
        wip = self.warehouse_id.wip_location_id
        balance = defaultdict(float)
        for line in self.move_ids.filtered(
            lambda move: move.state == "done"
        ).move_line_ids:
            if line.location_dest_id == wip:
                balance[line.product_id, line.lot_id] += line.quantity_product_uom
            elif line.location_id == wip:
                balance[line.product_id, line.lot_id] -= line.quantity_product_uom
        return balance

    def _wip_operate(self, operation, lines):
        """Issue parts to WIP against this reference, return them to stock
        or consume them. All or nothing.

        :param operation: "issue", "return" or "consume"
        :param lines: list of dicts {product, lot, quantity (product unit),
            location (stock location: taken from on issue, put back to on
            return; unused on consume)}
        :return: the done ``stock.move`` records
        :raise UserError: no line, quantity not positive, tracked product
            without lot, more than stock holds (issue) or than the reference
            holds in WIP (return, consume)
        """
        self.ensure_one()
        if operation not in dict(WIP_OPERATIONS):
            raise UserError(
                self.env._("Unknown WIP operation %(operation)s.", operation=operation)
            )
        if not lines:
            raise UserError(self.env._("Give at least one part."))
        wip = self.warehouse_id._get_wip_location()
        Production = self.env["mrp.production"]
        if operation == "issue":
            Production._check_lots_issuable(
                self.env["stock.lot"].union(*(line["lot"] for line in lines))
            )
        balance = self._wip_balance()
        asked = defaultdict(float)
        move_vals, lot_of = [], []
        for line in lines:
            product, lot, quantity = line["product"], line["lot"], line["quantity"]
            product.uom_id._check_quantity_value(
                quantity,
                self.env._("quantity of %s", product.display_name),
            )
            if (
                float_compare(quantity, 0.0, precision_rounding=product.uom_id.rounding)
                <= 0
            ):
                raise UserError(
                    self.env._(
                        "%(reference)s: the quantity of %(product)s must be positive.",
                        reference=self.name,
                        product=product.display_name,
                    )
                )
            if product.tracking != "none" and not lot:
                raise UserError(
                    self.env._(
                        "%(reference)s: %(product)s is tracked, choose the lot.",
                        reference=self.name,
                        product=product.display_name,
                    )
                )
            location = line.get("location") or self.warehouse_id.lot_stock_id
            if operation == "issue":
                # taken where the stock is (below the location, in packages)
                # by stock.move._take_available_stock, which refuses more
                # than there is, once the moves exist
                lot_of.append(lot)
                source, destination = location, wip
            else:
                asked[product, lot] += quantity
                held = balance.get((product, lot), 0.0)
                if (
                    float_compare(
                        asked[product, lot],
                        held,
                        precision_rounding=product.uom_id.rounding,
                    )
                    > 0
                ):
                    raise UserError(
                        self.env._(
                            "%(reference)s holds %(held)s %(uom)s of %(product)s"
                            "%(lot)s in WIP: %(asked)s cannot be returned or "
                            "consumed against it.",
                            reference=self.name,
                            held=held,
                            uom=product.uom_id.name,
                            product=product.display_name,
                            lot=" (%s)" % lot.name if lot else "",  # noqa: UP031 (no f-string: Babel extracts this call)
                            asked=asked[product, lot],
                        )
                    )
                source = wip
                destination = (
                    location
                    if operation == "return"
                    else product.with_company(self.company_id).property_stock_production
                )
            vals = {
                "name": self.env._(
                    "%(operation)s: %(reference)s",
                    operation=dict(WIP_OPERATIONS)[operation],
                    reference=self.name,
                ),
                "origin": self.name,
                "product_id": product.id,
                "product_uom": product.uom_id.id,
                "product_uom_qty": quantity,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "company_id": self.company_id.id,
                "wip_reference_id": self.id,
            }
            if operation != "issue":
                # exactly the lots the reference holds in WIP
                vals["picked"] = True
                vals["move_line_ids"] = [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_id": product.uom_id.id,
                            "lot_id": lot.id,
                            "quantity": quantity,
                            "location_id": source.id,
                            "location_dest_id": destination.id,
                            "picked": True,
                        }
                    )
                ]
            move_vals.append(vals)
        # all or nothing, also for server code that catches the error
        with self.env.cr.savepoint():
            moves = self.env["stock.move"].create(move_vals)
            moves._action_confirm(merge=False)
            if operation == "issue":
                moves._take_available_stock(
                    [
                        (move, lot, move.product_qty)
                        for move, lot in zip(moves, lot_of, strict=True)
                    ]
                )
            moves._action_done()
        return moves

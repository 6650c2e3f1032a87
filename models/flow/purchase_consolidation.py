import math

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_round

from ..input_checks import check_records


class PurchaseConsolidation(models.Model):
    _name = "purchase.consolidation"
    _description = "Purchasing Consolidation"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    name = fields.Char(
        required=True,
        readonly=True,
        default=lambda self: self.env._("New"),
        copy=False,
    )
    date = fields.Datetime(default=fields.Datetime.now, required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        check_company=True,
        tracking=True,
        help="Consolidate the demand and stock of this warehouse only; empty: "
        "the whole company.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("computed", "Computed"), ("ordered", "RFQs Created")],
        default="draft",
        required=True,
        tracking=True,
    )
    line_ids = fields.One2many(
        "purchase.consolidation.line", "consolidation_id", string="Parts to Order"
    )
    purchase_ids = fields.Many2many(
        "purchase.order", string="Requests for Quotation", readonly=True, copy=False
    )
    purchase_count = fields.Integer(compute="_compute_purchase_count")
    vendor_choice = fields.Selection(
        [
            ("preferred", "Preferred Vendor"),
            ("price", "Best Price for the Quantity"),
        ],
        default="preferred",
        required=True,
        tracking=True,
        help="Preferred Vendor: the first vendor of the part (Purchase tab) "
        "even when the need is below its minimum (its minimum is ordered). "
        "Best Price for the Quantity: Odoo's choice, the cheapest vendor whose "
        "minimum the need reaches.",
    )

    @api.depends("purchase_ids")
    def _compute_purchase_count(self):
        for consolidation in self:
            consolidation.purchase_count = len(consolidation.purchase_ids)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env._(
                    "Consolidation %(date)s",
                    date=fields.Date.to_string(fields.Date.context_today(self)),
                )
        return super().create(vals_list)

    def action_compute(self):
        """(Re)compute the parts to order: every purchased part (a product
        without a bill of materials) whose flow available quantity is
        negative, less what draft RFQs already ask for.

        :return: True
        """
        check_records(self.env, self._name, list(self._ids), "consolidation ids")
        for consolidation in self:
            # the consolidation's company only, whatever else the user may see
            consolidation = consolidation.with_context(
                allowed_company_ids=consolidation.company_id.ids
            )
            Product = consolidation.env["product.product"]
            quantities = Product._get_flow_quantities_by_product(
                consolidation.warehouse_id
            )
            short = Product.browse(
                [pid for pid, values in quantities.items() if values["available"] < 0]
            )
            boms = (
                self.env["mrp.bom"]
                .sudo()
                ._bom_find(short, company_id=consolidation.company_id.id)
            )
            lines = []
            for product in short.filtered("purchase_ok").sorted("display_name"):
                if boms[product]:
                    continue
                values = quantities[product.id]
                needed = -values["available"] - values["in_rfq"]
                if (
                    float_compare(
                        needed, 0.0, precision_rounding=product.uom_id.rounding
                    )
                    <= 0
                ):
                    continue
                lines.append(
                    Command.create(
                        consolidation._prepare_line_values(product, values, needed)
                    )
                )
            consolidation.line_ids = [Command.clear()] + lines
            consolidation.state = "computed"
        return True

    def _prepare_line_values(self, product, values, needed):
        seller = self._select_line_seller(product, needed)
        uom = seller.product_uom or product.uom_po_id
        quantity = product.uom_id.with_context(
            **product._pi_document_context()
        )._compute_quantity(needed, uom, round=False)
        # A buyer orders at least the vendor's minimum, then the smallest
        # multiple at or above it (minimum 10, multiple 4: a need of 7
        # orders 12).
        quantity = max(quantity, seller.min_qty)
        if seller.order_multiple:
            quantity = (
                math.ceil(
                    float_round(quantity / seller.order_multiple, precision_digits=6)
                )
                * seller.order_multiple
            )
        quantity = float_round(
            quantity, precision_rounding=uom.rounding, rounding_method="UP"
        )
        return {
            "product_id": product.id,
            "qty_on_hand": values["on_hand"],
            "qty_on_order": values["on_order"],
            "qty_demand": values["on_demand"]
            + values["allocated"]
            + values["dependent"],
            "qty_available": values["available"],
            "qty_in_rfq": values["in_rfq"],
            "qty_needed": needed,
            "qty_to_order": quantity,
            "product_uom_id": uom.id,
            "supplierinfo_id": seller.id,
            "partner_id": seller.partner_id.id,
            "min_qty": seller.min_qty,
            "order_multiple": seller.order_multiple,
            "delay": seller.delay,
        }

    def _select_line_seller(self, product, needed):
        """The vendor to order `needed` (product unit) of `product` from:
        the preferred one (first by sequence, whatever its minimum) or, with
        vendor_choice "price", Odoo's price-break choice."""
        today = fields.Date.context_today(self)
        if self.vendor_choice == "price":
            seller = product._select_seller(
                quantity=needed, uom_id=product.uom_id, date=today
            )
            if seller:
                return seller
        # quantity=None: every vendor valid today, whatever its minimum.
        return (
            product._select_seller(
                quantity=None, uom_id=product.uom_id, date=today, ordered_by="sequence"
            )
            or product.seller_ids.filtered(
                lambda info: (
                    info.company_id in (self.company_id, self.env["res.company"])
                )
            )[:1]
        )

    def action_create_rfqs(self):
        """Create one request for quotation per vendor with the parts to order
        of these consolidations, and open them.

        :return: the window action on the new requests for quotation (dict)
        """
        check_records(self.env, self._name, list(self._ids), "consolidation ids")
        lines = self.line_ids.filtered(
            lambda line: line.partner_id and not line.purchase_line_id
        )
        if not lines:
            raise UserError(
                self.env._(
                    "%(consolidation)s has no part to order with a vendor: give "
                    "the parts a vendor (Purchase tab) and compute again.",
                    consolidation=", ".join(self.mapped("name")),
                )
            )
        orders = self.env["purchase.order"]
        for (consolidation, partner), group in lines.grouped(
            lambda line: (line.consolidation_id, line.partner_id)
        ).items():
            warehouse = consolidation.warehouse_id
            order_vals = {
                "partner_id": partner.id,
                "company_id": consolidation.company_id.id,
                "origin": consolidation.name,
                "order_line": [
                    Command.create(
                        {
                            "product_id": line.product_id.id,
                            "product_qty": line.qty_to_order,
                            "product_uom": line.product_uom_id.id,
                        }
                    )
                    for line in group
                ],
            }
            if warehouse:
                order_vals["picking_type_id"] = warehouse.in_type_id.id
            order = (
                self.env["purchase.order"]
                .with_company(consolidation.company_id)
                .create(order_vals)
            )
            for line, purchase_line in zip(group, order.order_line, strict=True):
                line.purchase_line_id = purchase_line
            consolidation.purchase_ids = [Command.link(order.id)]
            orders |= order
        self.state = "ordered"
        return self._action_view_orders(orders)

    def action_view_purchases(self):
        self.ensure_one()
        return self._action_view_orders(self.purchase_ids)

    def _action_view_orders(self, orders):
        action = self.env["ir.actions.act_window"]._for_xml_id("purchase.purchase_rfq")
        action["domain"] = [("id", "in", orders.ids)]
        action["context"] = {}
        return action

    @api.model
    def _cron_consolidate(self):
        """Daily run: one computed consolidation per company, left for
        purchasing."""
        for company in self.env["res.company"].search([]):
            self.with_company(company).create(
                {"company_id": company.id}
            ).action_compute()

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class StockMove(models.Model):
    _inherit = "stock.move"

    resource_type = fields.Selection(related="product_id.resource_type")
    secondary_uom_id = fields.Many2one(
        "uom.uom",
        string="Second Unit",
        compute="_compute_secondary_uom_id",
        store=True,
        precompute=True,
    )
    secondary_product_uom_qty = fields.Float(
        string="Demand (Second Unit)",
        digits="Product Unit of Measure",
        compute="_compute_secondary_product_uom_qty",
        store=True,
        readonly=False,
        precompute=True,
        copy=False,
        help="The demand in the product's second unit, from the order line "
        "or the product's ratio.",
    )
    secondary_quantity = fields.Float(
        string="Second Quantity",
        digits="Product Unit of Measure",
        compute="_compute_secondary_quantity",
        store=True,
        help="The quantity in the product's second unit: the sum of the "
        "move lines' (actual when entered).",
    )

    wip_production_id = fields.Many2one(
        "mrp.production",
        string="Issued to Work Order",
        index="btree_not_null",
        readonly=True,
        help="Set on the issue of parts to WIP: the manufacturing order that "
        "will consume them.",
    )
    activity_type_id = fields.Many2one(
        "stock.activity.type",
        readonly=True,
        index="btree_not_null",
        check_company=True,
    )
    analytic_account_id = fields.Many2one(
        "account.analytic.account",
        string="Cost Center",
        index="btree_not_null",
        check_company=True,
        help="Analytic account charged with the value of this move.",
    )
    inventory_reason_id = fields.Many2one(
        "stock.inventory.reason",
        string="Adjustment Reason",
        readonly=True,
        index="btree_not_null",
    )

    @api.depends("product_id")
    def _compute_secondary_uom_id(self):
        for move in self:
            move.secondary_uom_id = move.product_id.secondary_uom_id

    @api.depends("product_uom_qty", "product_uom", "secondary_uom_id")
    def _compute_secondary_product_uom_qty(self):
        for move in self:
            move.secondary_product_uom_qty = (
                move.product_id._pi_convert(
                    move.product_uom_qty, move.product_uom, move.secondary_uom_id
                )
                if move.secondary_uom_id
                else 0.0
            )

    @api.depends("move_line_ids.secondary_quantity", "secondary_uom_id")
    def _compute_secondary_quantity(self):
        for move in self:
            move.secondary_quantity = sum(
                move.move_line_ids.mapped("secondary_quantity")
            )

    @api.constrains("product_id", "picking_type_id")
    def _check_resource_type_on_transfers(self):
        for move in self:
            if (
                move.picking_type_id.code in ("incoming", "outgoing")
                and move.product_id.resource_type != "inventory"
            ):
                raise ValidationError(
                    self.env._(
                        "Product '%(product)s' is a %(resource_type)s resource "
                        "and cannot appear on %(operation)s: only inventory "
                        "resources are received and delivered.",
                        product=move.product_id.display_name,
                        resource_type=move.product_id.product_tmpl_id._resource_type_label(),
                        operation=move.picking_type_id.display_name,
                    )
                )

    def _classification_purpose(self):
        """What this move takes stock for, as far as classifications care:
        'production' (components of a manufacturing order, any issue to a
        production location, or a move feeding one), 'shipping' (delivery to
        a customer, or a move feeding one) or False."""
        self.ensure_one()
        if self.scrapped or self.scrap_id or self.consume_unbuild_id:
            return False
        moves, seen = self, self.browse()
        while moves:
            for move in moves:
                usage = move.location_dest_id.usage
                if (
                    move.raw_material_production_id
                    or move.wip_production_id
                    or usage == "production"
                ):
                    return "production"
                if usage == "customer":
                    return "shipping"
            seen |= moves
            moves = moves.move_dest_ids - seen
        return False

    def _update_reserved_quantity(
        self,
        need,
        location_id,
        lot_id=None,
        package_id=None,
        owner_id=None,
        strict=True,
    ):
        move = self.with_context(classification_purpose=self._classification_purpose())
        return super(StockMove, move)._update_reserved_quantity(
            need, location_id, lot_id, package_id, owner_id, strict
        )

    def _get_available_quantity(
        self,
        location_id,
        lot_id=None,
        package_id=None,
        owner_id=None,
        strict=False,
        allow_negative=False,
    ):
        move = self.with_context(classification_purpose=self._classification_purpose())
        return super(StockMove, move)._get_available_quantity(
            location_id, lot_id, package_id, owner_id, strict, allow_negative
        )

    def _account_analytic_entry_move(self):
        # Stock users record cost-center activities without analytic rights:
        # the move's analytic lines follow its quantity and value, so the
        # system maintains them, as it does the valuation entries.
        with_cost_center = self.filtered("analytic_account_id")
        if with_cost_center:
            super(StockMove, with_cost_center.sudo())._account_analytic_entry_move()
        return super(StockMove, self - with_cost_center)._account_analytic_entry_move()

    def _get_analytic_distribution(self):
        # With automated valuation the journal entry carries the cost center
        # (see _generate_valuation_lines_data); otherwise stock_account books
        # the analytic lines of the move itself from this distribution.
        if self.analytic_account_id and self.product_id.valuation != "real_time":
            return {str(self.analytic_account_id.id): 100}
        return super()._get_analytic_distribution()

    def _generate_valuation_lines_data(
        self,
        partner_id,
        qty,
        debit_value,
        credit_value,
        debit_account_id,
        credit_account_id,
        svl_id,
        description,
    ):
        lines = super()._generate_valuation_lines_data(
            partner_id,
            qty,
            debit_value,
            credit_value,
            debit_account_id,
            credit_account_id,
            svl_id,
            description,
        )
        if self.analytic_account_id:
            valuation_account = (
                self.product_id.categ_id.property_stock_valuation_account_id
            )
            distribution = {str(self.analytic_account_id.id): 100}
            for line_vals in lines.values():
                if line_vals.get("account_id") != valuation_account.id:
                    line_vals["analytic_distribution"] = distribution
        return lines

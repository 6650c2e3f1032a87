from odoo import fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

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

    def _inventory_ledger_activity(self):
        """Activity the audit trail records for the lines of this move, from
        the operation that made it; capabilities running their own
        operations (issue to WIP, conversion) extend it.

        :return: a ``stock.inventory.ledger`` activity, or False to let the
            line's locations decide
        """
        self.ensure_one()
        if self.split_lot_id:
            return "sub_lot_split"
        if self.activity_type_id:
            return "activity"
        if self.is_inventory:
            return "adjustment"
        if self.scrapped or self.scrap_id:
            return "scrap"
        if self.raw_material_production_id:
            return "production_issue"
        if self.production_id:
            return "production_receipt"
        return {"incoming": "receipt", "outgoing": "shipment"}.get(
            self.picking_code, False
        )

    def _inventory_ledger_source(self):
        """Source document the audit trail records for this move.

        :return: tuple ``(record, reference)``: the source record (empty when
            the move is its own source) and its reference text (None: the
            record's name)
        """
        self.ensure_one()
        sources = [
            (self.split_lot_id, None),
            (self.activity_type_id, self.origin or self.reference),
            (self.purchase_line_id.order_id, None),
            (self.sale_line_id.order_id, None),
            (self.raw_material_production_id, None),
            (self.production_id, None),
            (self.scrap_id, None),
            (self.picking_id, None),
        ]
        for record, reference in sources:
            if record:
                return record, reference
        return self.browse(), None

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

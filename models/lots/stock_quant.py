from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL


class StockQuant(models.Model):
    _inherit = "stock.quant"

    parent_lot_id = fields.Many2one(
        related="lot_id.parent_lot_id", string="Parent Lot", store=True, index=True
    )
    manufacturing_date = fields.Datetime(
        related="lot_id.manufacturing_date", store=True
    )
    expiration_days_left = fields.Integer(
        string="Days Left",
        compute="_compute_expiration_days_left",
        help="Days from today to the expiration date (negative: expired).",
    )
    usage_priority = fields.Integer(
        compute="_compute_usage_priority",
        help="Order in which the on-hand stock of the product should be used: "
        "first expiring first, then oldest made, then by lot name (1 = use "
        "next).",
    )

    @api.model
    def _pi_derived_fields(self):
        return super()._pi_derived_fields() | {"parent_lot_id", "manufacturing_date"}

    @api.constrains("lot_id", "location_id", "product_id")
    def _check_stock_on_sub_lot(self):
        for quant in self:
            if (
                quant.location_id.usage == "internal"
                and quant.product_id.use_sub_lots
                and quant.lot_id
                and not quant.lot_id.parent_lot_id
            ):
                raise ValidationError(
                    self.env._(
                        "Product '%(product)s' tracks sub-lots: its stock in "
                        "%(location)s must sit on a sub-lot, not on lot "
                        "'%(lot)s'. Use a sub-lot such as '%(example)s'.",
                        product=quant.product_id.display_name,
                        location=quant.location_id.display_name,
                        lot=quant.lot_id.name,
                        example=quant.lot_id.name + "/01",
                    )
                )

    @api.depends("expiration_date")
    def _compute_expiration_days_left(self):
        today = fields.Date.context_today(self)
        for quant in self:
            quant.expiration_days_left = (
                (fields.Date.context_today(self, quant.expiration_date) - today).days
                if quant.expiration_date
                else 0
            )

    def _compute_usage_priority(self):
        self.usage_priority = 0
        quants = self.filtered(lambda q: q.id and q.location_id.usage == "internal")
        if not quants:
            return
        self.env["stock.quant"].flush_model()
        self.env["stock.lot"].flush_model(["name"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT id, rank FROM (
                    SELECT quant.id,
                           ROW_NUMBER() OVER (
                               PARTITION BY quant.product_id, quant.company_id
                               ORDER BY quant.removal_date ASC NULLS LAST,
                                        quant.expiration_date ASC NULLS LAST,
                                        quant.manufacturing_date ASC NULLS LAST,
                                        lot.name ASC NULLS LAST,
                                        quant.in_date ASC, quant.id ASC
                           ) AS rank
                      FROM stock_quant quant
                      JOIN stock_location location
                        ON location.id = quant.location_id
                 LEFT JOIN stock_lot lot ON lot.id = quant.lot_id
                     WHERE quant.product_id IN %s
                       AND location.usage = 'internal'
                       AND quant.quantity > 0
                ) ranked
                WHERE id IN %s
                """,
                tuple(quants.product_id.ids),
                tuple(quants.ids),
            )
        )
        ranks = dict(rows)
        for quant in quants:
            quant.usage_priority = ranks.get(quant.id, 0)

    @api.model
    def _get_removal_strategy_order(self, removal_strategy):
        # FEFO ties (same removal date) go to the oldest made, then by lot
        # name, as the usage priority says.
        if removal_strategy == "fefo":
            return "removal_date, manufacturing_date, lot_id, in_date, id"
        return super()._get_removal_strategy_order(removal_strategy)

    @api.model
    def _get_removal_strategy(self, product_id, location_id):
        # Products with expiration dates are used first expiring first (FEFO)
        # unless their category or a location says otherwise.
        strategy = super()._get_removal_strategy(product_id, location_id)
        if (
            strategy == "fifo"
            and product_id.sudo().use_expiration_date
            and not product_id.sudo().categ_id.removal_strategy_id
            and not location_id.sudo()._get_removal_strategy_location()
        ):
            return "fefo"
        return strategy

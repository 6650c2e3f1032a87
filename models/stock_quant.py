from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, float_compare, float_is_zero


class StockQuant(models.Model):
    _inherit = "stock.quant"

    site_id = fields.Many2one(related="location_id.site_id", store=True, index=True)
    area_id = fields.Many2one(related="location_id.area_id", store=True, index=True)
    package_type_id = fields.Many2one(
        related="package_id.package_type_id",
        string="Handling Unit Type",
        store=True,
    )
    resource_type = fields.Selection(related="product_id.resource_type")
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
        "first expiring first, then oldest (1 = use next).",
    )

    classification_id = fields.Many2one(
        "stock.lot.classification",
        compute="_compute_classification",
        store=True,
        index=True,
        help="Effective classification of this stock: its lot's, else the "
        "classification of the location (or area) it is kept in.",
    )
    is_nettable = fields.Boolean(
        string="Available for Planning",
        compute="_compute_classification",
        store=True,
        help="Counts as available quantity for planning: unclassified stock or "
        "stock in a nettable classification.",
    )
    secondary_uom_id = fields.Many2one(
        related="product_id.secondary_uom_id", string="Second Unit", store=True
    )
    secondary_quantity = fields.Float(
        string="Second Quantity",
        digits="Product Unit of Measure",
        readonly=True,
        copy=False,
        help="The actual quantity in the product's second unit: the sum of "
        "what the done moves brought and took (entered weights included).",
    )
    secondary_inventory_quantity = fields.Float(
        string="Counted Second Quantity",
        digits="Product Unit of Measure",
        compute="_compute_secondary_inventory_quantity",
        store=True,
        readonly=False,
        copy=False,
        help="The counted quantity in the second unit (e.g. the weighed "
        "kilograms of the counted cases); by default the current second "
        "quantity adjusted by the ratio for the counted difference.",
    )
    inventory_reason_id = fields.Many2one(
        "stock.inventory.reason",
        string="Adjustment Reason",
        help="Why the counted quantity differs: required to apply the count.",
    )

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

    @api.depends(
        "lot_id.classification_id",
        "location_id.effective_classification_id",
        "lot_id.classification_id.is_nettable",
        "location_id.effective_classification_id.is_nettable",
    )
    def _compute_classification(self):
        for quant in self:
            classification = (
                quant.lot_id.classification_id
                or quant.location_id.effective_classification_id
            )
            quant.classification_id = classification
            quant.is_nettable = not classification or classification.is_nettable

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
        rows = self.env.execute_query(
            SQL(
                """
                SELECT id, rank FROM (
                    SELECT quant.id,
                           ROW_NUMBER() OVER (
                               PARTITION BY quant.product_id, quant.company_id
                               ORDER BY quant.removal_date ASC NULLS LAST,
                                        quant.expiration_date ASC NULLS LAST,
                                        quant.in_date ASC, quant.id ASC
                           ) AS rank
                      FROM stock_quant quant
                      JOIN stock_location location
                        ON location.id = quant.location_id
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

    @api.depends("inventory_quantity", "inventory_quantity_set")
    def _compute_secondary_inventory_quantity(self):
        for quant in self:
            if not (quant.secondary_uom_id and quant.inventory_quantity_set):
                quant.secondary_inventory_quantity = 0.0
                continue
            quant.secondary_inventory_quantity = (
                quant.secondary_quantity
                + quant._pi_secondary_for(quant.inventory_quantity - quant.quantity)
            )

    @api.constrains("product_id", "location_id")
    def _check_resource_type_stockable(self):
        for quant in self:
            if (
                quant.location_id.usage == "internal"
                and quant.product_id.resource_type != "inventory"
            ):
                raise ValidationError(
                    self.env._(
                        "Product '%(product)s' is a %(resource_type)s resource "
                        "and can never be stocked: it cannot have stock in "
                        "%(location)s.",
                        product=quant.product_id.display_name,
                        resource_type=quant.product_id.product_tmpl_id._resource_type_label(),
                        location=quant.location_id.display_name,
                    )
                )

    def _get_gather_domain(
        self,
        product_id,
        location_id,
        lot_id=None,
        package_id=None,
        owner_id=None,
        strict=False,
    ):
        domain = super()._get_gather_domain(
            product_id, location_id, lot_id, package_id, owner_id, strict
        )
        purpose = self.env.context.get("classification_purpose")
        if purpose:
            domain = expression.AND(
                [
                    domain,
                    self.env["stock.lot.classification"]._purpose_domain(purpose),
                ]
            )
        return domain

    def _gather(
        self,
        product_id,
        location_id,
        lot_id=None,
        package_id=None,
        owner_id=None,
        strict=False,
        qty=0,
    ):
        quants = super()._gather(
            product_id, location_id, lot_id, package_id, owner_id, strict, qty
        )
        purpose = self.env.context.get("classification_purpose")
        if purpose:
            # Chained moves reserve from a quants cache that skips the domain.
            quants = quants.filtered(lambda q: q.classification_id._allows(purpose))
        return quants

    @api.model
    def _nettable_domain(self):
        """Domain on ``stock.quant`` keeping the stock planning may count as
        available (unclassified or in a nettable classification).

        :return: a domain (list)
        """
        return [("is_nettable", "=", True)]

    @api.model
    def _get_inventory_fields_write(self):
        return [
            *super()._get_inventory_fields_write(),
            "secondary_inventory_quantity",
            "inventory_reason_id",
        ]

    def action_clear_inventory_quantity(self):
        res = super().action_clear_inventory_quantity()
        self.inventory_reason_id = False
        return res

    def _check_inventory_reason(self):
        without_reason = self.filtered(lambda quant: not quant.inventory_reason_id)
        if without_reason:
            raise UserError(
                self.env._(
                    "Set an adjustment reason before applying the count of "
                    "%(quants)s: every inventory adjustment needs a reason code.",
                    quants=", ".join(
                        without_reason[:10].mapped(
                            lambda quant: " / ".join(
                                name
                                for name in (
                                    quant.product_id.display_name,
                                    quant.location_id.display_name,
                                    quant.lot_id.name,
                                )
                                if name
                            )
                        )
                    ),
                )
            )

    def _get_inventory_move_values(
        self,
        qty,
        location_id,
        location_dest_id,
        package_id=False,
        package_dest_id=False,
    ):
        values = super()._get_inventory_move_values(
            qty,
            location_id,
            location_dest_id,
            package_id=package_id,
            package_dest_id=package_dest_id,
        )
        if self.secondary_uom_id and self.inventory_quantity_set:
            # The counted second quantity, not the ratio, sets the difference.
            difference = self.secondary_inventory_quantity - self.secondary_quantity
            if location_id == self.location_id:
                difference = -difference
            values["move_line_ids"][0][2]["secondary_quantity"] = difference
        values["inventory_reason_id"] = self.inventory_reason_id.id
        return values

    def action_apply_inventory(self):
        # A physical count needs its reason; quick edits applied at once
        # (on-hand inline edit) get the default one in _apply_inventory.
        if not self.env.context.get("set_inventory_quantity_auto_apply"):
            self._check_inventory_reason()
        return super().action_apply_inventory()

    def _apply_inventory(self):
        without_reason = self.filtered(lambda quant: not quant.inventory_reason_id)
        if without_reason:
            without_reason.inventory_reason_id = self.env.ref(
                "process_inventory.inventory_reason_quantity_update"
            )
        # A recount of the second unit alone (the drum was re-weighed) moves
        # no primary quantity, so no move carries it: set it on the quant.
        recounted = {
            quant: quant.secondary_inventory_quantity
            for quant in self
            if quant.secondary_uom_id
            and quant.inventory_quantity_set
            and float_is_zero(
                quant.inventory_diff_quantity,
                precision_rounding=quant.product_uom_id.rounding,
            )
        }
        result = super()._apply_inventory()
        for quant, secondary in recounted.items():
            quant.secondary_quantity = secondary
        return result

    @api.model
    def _update_available_quantity(
        self,
        product_id,
        location_id,
        quantity=False,
        reserved_quantity=False,
        lot_id=None,
        package_id=None,
        owner_id=None,
        in_date=None,
    ):
        """Also keep the quant's second quantity: the context key
        ``pi_secondary_move`` (a quantity and its second quantity, set by the
        move line being done) gives the actual value, otherwise the ratio
        does."""
        result = super()._update_available_quantity(
            product_id,
            location_id,
            quantity=quantity,
            reserved_quantity=reserved_quantity,
            lot_id=lot_id,
            package_id=package_id,
            owner_id=owner_id,
            in_date=in_date,
        )
        if quantity and product_id.secondary_uom_id:
            secondary = self._pi_secondary_delta(product_id, quantity, lot_id)
            if secondary:
                quants = self.sudo()._gather(
                    product_id,
                    location_id,
                    lot_id=lot_id,
                    package_id=package_id,
                    owner_id=owner_id,
                    strict=True,
                )
                if lot_id and quantity > 0:
                    quants = quants.filtered("lot_id")
                quant = quants.sorted("id")[:1]
                quant.secondary_quantity += secondary
        return result

    @api.model
    def _pi_secondary_delta(self, product, quantity, lot):
        moved = self.env.context.get("pi_secondary_move")
        if moved and not float_compare(
            abs(quantity), abs(moved[0]), precision_rounding=product.uom_id.rounding
        ):
            return moved[1] if quantity > 0 else -moved[1]
        return product._pi_convert(
            quantity, product.uom_id, product.secondary_uom_id, lot=lot
        )

    def _pi_secondary_for(self, quantity):
        """The second quantity of `quantity` (in the product's unit) taken
        from this quant: at the quant's actual ratio when it has one, else at
        the lot's or product's ratio."""
        self.ensure_one()
        if float_is_zero(
            self.quantity, precision_rounding=self.product_uom_id.rounding
        ) or float_is_zero(
            self.secondary_quantity, precision_rounding=self.secondary_uom_id.rounding
        ):
            return self.product_id._pi_convert(
                quantity, self.product_uom_id, self.secondary_uom_id, lot=self.lot_id
            )
        return quantity * self.secondary_quantity / self.quantity

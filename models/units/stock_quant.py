from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare, float_is_zero


class StockQuant(models.Model):
    _inherit = "stock.quant"

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

    @api.model
    def _pi_derived_fields(self):
        return super()._pi_derived_fields() | {"secondary_quantity", "secondary_uom_id"}

    def write(self, vals):
        self._check_counted_quantities([vals])
        return super().write(vals)

    def _check_counted_quantities(self, vals_list):
        self.env["uom.uom"]._check_quantity_vals(
            self,
            vals_list,
            {
                "inventory_quantity": "product_uom_id",
                "secondary_inventory_quantity": "secondary_uom_id",
            },
        )

    @api.constrains(
        "secondary_inventory_quantity", "inventory_quantity", "inventory_quantity_set"
    )
    def _check_counted_secondary_quantity(self):
        # A negative weight is impossible, and counted goods weigh something.
        for quant in self.filtered(
            lambda quant: quant.secondary_uom_id and quant.inventory_quantity_set
        ):
            rounding = quant.secondary_uom_id.rounding
            secondary = float_compare(
                quant.secondary_inventory_quantity, 0.0, precision_rounding=rounding
            )
            counted = float_compare(
                quant.inventory_quantity,
                0.0,
                precision_rounding=quant.product_uom_id.rounding,
            )
            if secondary < 0 or (secondary == 0 and counted > 0):
                raise ValidationError(
                    self.env._(
                        "Count of %(product)s%(lot)s in %(location)s: the counted "
                        "second quantity must be positive when goods are "
                        "counted (and never negative), not %(quantity)s %(uom)s.",
                        product=quant.product_id.display_name,
                        lot=" (%s)" % quant.lot_id.name if quant.lot_id else "",  # noqa: UP031 (no f-string: Babel extracts this call)
                        location=quant.location_id.display_name,
                        quantity=quant.secondary_inventory_quantity,
                        uom=quant.secondary_uom_id.name,
                    )
                )

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

    @api.model_create_multi
    def create(self, vals_list):
        # Odoo's inventory-mode create sets the counted quantity after the
        # quant exists, which recomputes the counted second quantity: a weight
        # entered on a new count line (a found lot) is set again afterwards.
        self._check_counted_quantities(vals_list)
        if not (
            self._is_inventory_mode()
            and any("secondary_inventory_quantity" in vals for vals in vals_list)
        ):
            return super().create(vals_list)
        quants = self.env["stock.quant"]
        for vals in vals_list:
            vals = dict(vals)
            secondary = vals.pop("secondary_inventory_quantity", None)
            quant = super().create([vals])
            if secondary is not None:
                quant.secondary_inventory_quantity = secondary
            quants |= quant
        return quants

    @api.model
    def _get_inventory_fields_create(self):
        return [
            *super()._get_inventory_fields_create(),
            "secondary_inventory_quantity",
        ]

    @api.model
    def _get_inventory_fields_write(self):
        return [
            *super()._get_inventory_fields_write(),
            "secondary_inventory_quantity",
        ]

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
        return values

    def _apply_inventory(self):
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
            # The applied count sets it, as a move sets the primary quantity.
            quant.sudo().secondary_quantity = secondary
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

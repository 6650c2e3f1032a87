from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_compare, float_is_zero

# Fields that say where a quant's stock is: changing them on a quant holding
# stock would move it without a move.
QUANT_PLACE_FIELDS = (
    "product_id",
    "location_id",
    "lot_id",
    "package_id",
    "owner_id",
    "company_id",
)


class StockQuant(models.Model):
    _inherit = "stock.quant"

    site_id = fields.Many2one(related="location_id.site_id", store=True, index=True)
    area_id = fields.Many2one(related="location_id.area_id", store=True, index=True)
    package_type_id = fields.Many2one(
        related="package_id.package_type_id",
        string="Handling Unit Type",
        store=True,
    )

    @api.model
    def _pi_derived_fields(self):
        """Quant fields that stock moves and the add-on's rules derive: only
        Odoo's own quant updates (which run as superuser) write them, so that
        on-hand changes only through moves, their checks and their audit
        trail. Each capability adds the fields it derives.

        :return: set of field names
        """
        return {
            "quantity",
            "reserved_quantity",
            "in_date",
            "site_id",
            "area_id",
            "package_type_id",
        }

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            # Counts (inventory mode) create through sudo(): what reaches
            # here is a client's own quant.
            self._pi_check_derived_fields(
                {key for vals in vals_list for key in vals}, self.browse()
            )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._pi_check_derived_fields(set(vals), self)
        return super().write(vals)

    def _pi_check_derived_fields(self, field_names, quants):
        derived = sorted(field_names & self._pi_derived_fields())
        if derived:
            raise UserError(
                self.env._(
                    "Stock quantities cannot be set directly (%(fields)s): "
                    "on-hand stock changes only through stock moves (receipts, "
                    "transfers, inventory counts with Apply).",
                    fields=", ".join(
                        self._fields[name]._description_string(self.env)
                        for name in derived
                    ),
                )
            )
        if not field_names.intersection(QUANT_PLACE_FIELDS):
            return
        for quant in quants:
            rounding = quant.product_uom_id.rounding
            if not (
                float_is_zero(quant.quantity, precision_rounding=rounding)
                and float_is_zero(quant.reserved_quantity, precision_rounding=rounding)
            ):
                raise UserError(
                    self.env._(
                        "The stock of %(product)s in %(location)s cannot be "
                        "moved by editing it: use a transfer (or count it where "
                        "it is).",
                        product=quant.product_id.display_name,
                        location=quant.location_id.display_name,
                    )
                )

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
        """Taking a lot's stock out of an internal location never leaves it
        negative there. Odoo skips quants another transaction holds and
        creates a negative quant beside them, so two validations of the same
        lot at the same instant may both pass: the lot's quants are locked
        first (waiting for the other transaction, whose commit then makes this
        one fail and retry on fresh data), and the result is checked."""
        guarded = (
            quantity
            and quantity < 0
            and lot_id
            and product_id.tracking != "none"
            and location_id.usage == "internal"
        )
        if guarded:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM stock_quant WHERE product_id = %s "
                    "AND location_id = %s AND lot_id = %s FOR NO KEY UPDATE",
                    product_id.id,
                    location_id.id,
                    lot_id.id,
                )
            )
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
        if guarded:
            self._check_lot_not_negative(
                product_id, location_id, lot_id, package_id, owner_id
            )
        return result

    @api.model
    def _check_lot_not_negative(self, product, location, lot, package, owner):
        quants = (
            self.sudo()
            ._gather(
                product,
                location,
                lot_id=lot,
                package_id=package,
                owner_id=owner,
                strict=True,
            )
            .filtered(lambda quant: quant.lot_id == lot)
        )
        on_hand = sum(quants.mapped("quantity"))
        if float_compare(on_hand, 0.0, precision_rounding=product.uom_id.rounding) < 0:
            raise UserError(
                self.env._(
                    "Lot %(lot)s of %(product)s would go below zero in "
                    "%(location)s%(package)s (%(quantity)s %(uom)s): more is "
                    "taken than it holds, perhaps by another user at the same "
                    "time. Reload the operation, check the stock and try again.",
                    lot=lot.name,
                    product=product.display_name,
                    location=location.display_name,
                    package=" (%s)" % package.name if package else "",  # noqa: UP031 (no f-string: Babel extracts this call)
                    quantity=on_hand,
                    uom=product.uom_id.name,
                )
            )

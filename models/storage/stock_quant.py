from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_compare


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
                    package=package and f" ({package.name})" or "",
                    quantity=on_hand,
                    uom=product.uom_id.name,
                )
            )

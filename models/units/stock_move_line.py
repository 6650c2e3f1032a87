from odoo import api, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare, float_is_zero


class StockMoveLine(models.Model):
    _name = "stock.move.line"
    _inherit = ["stock.move.line", "product.secondary.quantity.mixin"]
    _secondary_qty_field = "quantity"
    _secondary_uom_field = "product_uom_id"
    _secondary_lot_field = "lot_id"

    @api.constrains("secondary_quantity", "is_secondary_quantity_entered", "quantity")
    def _check_actual_secondary_quantity_positive(self):
        # A weighed quantity on an operation is what the scale said: goods
        # moved weigh something.
        for line in self.filtered(
            lambda line: (
                line.picking_id
                and line.is_secondary_quantity_entered
                and line.secondary_uom_id
                and float_compare(
                    line.quantity, 0.0, precision_rounding=line.product_uom_id.rounding
                )
                > 0
            )
        ):
            if (
                float_compare(
                    line.secondary_quantity,
                    0.0,
                    precision_rounding=line.secondary_uom_id.rounding,
                )
                <= 0
            ):
                raise ValidationError(
                    self.env._(
                        "%(picking)s, %(product)s%(lot)s: the actual second "
                        "quantity must be positive, not %(quantity)s %(uom)s. "
                        "Enter what was weighed or clear it to use the ratio.",
                        picking=line.picking_id.display_name,
                        product=line.product_id.display_name,
                        lot=" (%s)" % (line.lot_id.name or line.lot_name)
                        if line.lot_id or line.lot_name
                        else "",
                        quantity=line.secondary_quantity,
                        uom=line.secondary_uom_id.name,
                    )
                )

    @api.depends("location_id", "package_id", "owner_id")
    def _compute_secondary_quantity(self):
        return super()._compute_secondary_quantity()

    def _secondary_quantity_values(self):
        """Lines taking stock from a location take it at the actual ratio of
        the stock they take (10 cases weighed 126.4 kg: 3 of them weigh
        37.92 kg), other lines at the lot's or product's ratio."""
        values = super()._secondary_quantity_values()
        returning = self.filtered("move_id.origin_returned_move_id")
        values.update(returning._pi_returned_secondary_values())
        taking = (self - returning).filtered(
            lambda line: line.location_id.usage in ("internal", "transit")
        )
        if not taking:
            return values
        groups = self.env["stock.quant"]._read_group(
            [
                ("product_id", "in", taking.product_id.ids),
                ("location_id", "in", taking.location_id.ids),
            ],
            ["product_id", "location_id", "lot_id", "package_id", "owner_id"],
            ["quantity:sum", "secondary_quantity:sum"],
        )
        actual = {tuple(group[:5]): group[5:] for group in groups}
        for line in taking:
            quantity, secondary = actual.get(
                (
                    line.product_id,
                    line.location_id,
                    line.lot_id,
                    line.package_id,
                    line.owner_id,
                ),
                (0.0, 0.0),
            )
            if float_is_zero(
                quantity, precision_rounding=line.product_id.uom_id.rounding
            ) or float_is_zero(
                secondary, precision_rounding=line.secondary_uom_id.rounding
            ):
                continue
            values[line] = line.quantity_product_uom * secondary / quantity
        return values

    def _pi_returned_secondary_values(self):
        """{line: second quantity} of return lines at the actual ratio of
        what the returned move moved of the same lot, so a lot's weight does
        not drift through ship-and-return; lines of a lot the returned move
        did not move are left out."""
        values = {}
        for line in self:
            origin_lines = line.move_id.origin_returned_move_id.move_line_ids.filtered(
                lambda origin, lot=line.lot_id: origin.lot_id == lot
            )
            quantity = sum(origin_lines.mapped("quantity_product_uom"))
            if not origin_lines or float_is_zero(
                quantity, precision_rounding=line.product_id.uom_id.rounding
            ):
                continue
            values[line] = (
                line.quantity_product_uom
                * sum(origin_lines.mapped("secondary_quantity"))
                / quantity
            )
        return values

    def _synchronize_quant(
        self, quantity, location, action="available", in_date=False, **quants_value
    ):
        if action != "available" or not self.secondary_uom_id or not self.quantity:
            return super()._synchronize_quant(
                quantity, location, action=action, in_date=in_date, **quants_value
            )
        # This line's second quantity, in proportion when only part of it moves.
        secondary = (
            self.secondary_quantity * abs(quantity) / self.quantity_product_uom
            if self.quantity_product_uom
            else self.secondary_quantity
        )
        return super(
            StockMoveLine,
            self.with_context(pi_secondary_move=(abs(quantity), secondary)),
        )._synchronize_quant(
            quantity, location, action=action, in_date=in_date, **quants_value
        )

    def _get_aggregated_product_quantities(self, **kwargs):
        """Add each aggregated line's second quantity (actual values summed)
        for the delivery slip."""
        aggregated = super()._get_aggregated_product_quantities(**kwargs)
        for line in self.filtered("secondary_uom_id"):
            if kwargs.get("except_package") and line.result_package_id:
                continue
            key = self._get_aggregated_properties(move_line=line)["line_key"]
            if key not in aggregated:
                continue
            values = aggregated[key]
            values["secondary_uom"] = line.secondary_uom_id
            values["secondary_quantity"] = (
                values.get("secondary_quantity", 0.0) + line.secondary_quantity
            )
        return aggregated

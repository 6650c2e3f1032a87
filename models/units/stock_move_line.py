from odoo import api, models
from odoo.tools import float_is_zero


class StockMoveLine(models.Model):
    _name = "stock.move.line"
    _inherit = ["stock.move.line", "product.secondary.quantity.mixin"]
    _secondary_qty_field = "quantity"
    _secondary_uom_field = "product_uom_id"
    _secondary_lot_field = "lot_id"

    @api.depends("location_id", "package_id", "owner_id")
    def _compute_secondary_quantity(self):
        return super()._compute_secondary_quantity()

    def _secondary_quantity_values(self):
        """Lines taking stock from a location take it at the actual ratio of
        the stock they take (10 cases weighed 126.4 kg: 3 of them weigh
        37.92 kg), other lines at the lot's or product's ratio."""
        values = super()._secondary_quantity_values()
        taking = self.filtered(
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

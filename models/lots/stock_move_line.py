import datetime

from odoo import api, fields, models
from odoo.exceptions import UserError

# Where stock goes when it is used (shipped or consumed): required lot
# characteristics must be known first. Returns to the vendor, transfers
# through transit, inventory losses, scrap and lot splits need not.
LEAVING_STOCK_USAGES = ("customer", "production")
# Fields whose change on a done line moves stock again: Odoo updates the
# quants at once, without _action_done and its checks.
DONE_LINE_STOCK_FIELDS = {
    "quantity",
    "product_uom_id",
    "location_id",
    "location_dest_id",
    "lot_id",
    "package_id",
    "result_package_id",
    "owner_id",
}


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.filtered(lambda line: line.state == "done")._check_done_line_edit()
        return lines

    def write(self, vals):
        done = self.browse()
        if DONE_LINE_STOCK_FIELDS.intersection(vals):
            done = self.filtered(lambda line: line.state == "done")
            done._check_done_line_correction(vals)
        result = super().write(vals)
        done._check_done_line_edit()
        return result

    def _action_done(self):
        self._check_lot_rules()
        return super()._action_done()

    def _check_done_line_edit(self):
        """A done line added or corrected (unlocked picking: new lot, new
        quantity) has moved stock again: it passes the checks of a
        validation, which roll the edit back when they refuse it."""
        self._check_done_line_rules()

    def _check_done_line_correction(self, vals):
        """Refuse a correction of done lines before it moves stock: the user
        is told the rule the corrected line breaks (the lot's classification,
        characteristics...) rather than a stock shortage the move would then
        cause. The checks run again on the written lines, after the move."""
        values = {
            name: value
            for name, value in vals.items()
            if name in DONE_LINE_STOCK_FIELDS
        }
        corrected = self.browse()
        for line in self:
            corrected |= line.new(values, origin=line)
        corrected._check_done_line_rules()

    def _check_done_line_rules(self):
        """The refusals a done line, as it stands, is subject to."""
        self._check_lot_rules()

    def _check_lot_rules(self):
        self._check_sub_lot_destination()
        leaving = self.filtered(
            lambda line: (
                line.lot_id
                and line.location_id.usage == "internal"
                and line.location_dest_id.usage in LEAVING_STOCK_USAGES
            )
        )
        leaving.lot_id._check_required_characteristics()

    def _check_sub_lot_destination(self):
        """Stock of a product tracking sub-lots enters stock on sub-lots only."""
        for line in self:
            if (
                line.product_id.use_sub_lots
                and line.location_dest_id.usage == "internal"
                and line.lot_id
                and not line.lot_id.parent_lot_id
                and line.quantity
            ):
                raise UserError(
                    self.env._(
                        "Product '%(product)s' tracks sub-lots: %(quantity)s "
                        "%(uom)s cannot be put in %(location)s on lot '%(lot)s'. "
                        "Use a sub-lot (e.g. '%(example)s') or split the lot.",
                        product=line.product_id.display_name,
                        quantity=line.quantity,
                        uom=line.product_uom_id.name,
                        location=line.location_dest_id.display_name,
                        lot=line.lot_id.name,
                        example=line.lot_id.name + "/01",
                    )
                )

    def _prepare_new_lot_vals(self):
        # product_expiry proposes "scheduled date + shelf life" on the line and
        # passes it as if entered: keep it generated, from that manufacturing
        # date, unless the user changed it.
        vals = super()._prepare_new_lot_vals()
        product = self.product_id
        if vals.get("expiration_date") and product.use_expiration_date:
            shelf_life = datetime.timedelta(days=product.expiration_time)
            for start in filter(
                None, (self.picking_id.scheduled_date, fields.Datetime.today())
            ):
                if abs(vals["expiration_date"] - (start + shelf_life)) < (
                    datetime.timedelta(minutes=1)
                ):
                    del vals["expiration_date"]
                    vals["manufacturing_date"] = start
                    break
        return vals

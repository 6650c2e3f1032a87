import datetime

from odoo import api, fields, models


class StockLot(models.Model):
    _inherit = "stock.lot"

    manufacturing_date = fields.Datetime(
        compute="_compute_manufacturing_date",
        store=True,
        recursive=True,
        readonly=False,
        tracking=True,
        help="When the lot was made. A sub-lot takes its parent's unless set.",
    )
    # A sub-lot's expiration follows its parent's (see _compute_expiration_date).
    expiration_date = fields.Datetime(recursive=True)
    expiration_date_mode = fields.Selection(
        [("generated", "Generated"), ("entered", "Entered")],
        string="Expiration Entry",
        default="generated",
        required=True,
        tracking=True,
        help="Generated: computed from the manufacturing date and the product's "
        "shelf life (a sub-lot takes its parent's). Entered: typed in by a user "
        "when the lot was produced or received; it no longer follows the product "
        "or the parent lot.",
    )
    retest_date = fields.Datetime(
        compute="_compute_retest_date",
        store=True,
        recursive=True,
        readonly=False,
        help="Manufacturing date plus the product's retest interval.",
    )

    @api.depends("parent_lot_id.manufacturing_date")
    def _compute_manufacturing_date(self):
        for lot in self:
            if lot.parent_lot_id.manufacturing_date:
                lot.manufacturing_date = lot.parent_lot_id.manufacturing_date
            elif not lot.manufacturing_date:
                # Lots existing before the add-on: made when they were created.
                lot.manufacturing_date = lot.create_date or fields.Datetime.now()

    @api.depends(
        "product_id",
        "manufacturing_date",
        "expiration_date_mode",
        "parent_lot_id.expiration_date",
    )
    def _compute_expiration_date(self):
        # Replaces product_expiry's "now + expiration_time": the shelf life counts
        # from the manufacturing date, and a sub-lot follows its parent.
        for lot in self:
            if lot.expiration_date_mode == "entered" and lot.expiration_date:
                continue
            if lot.parent_lot_id:
                lot.expiration_date = lot.parent_lot_id.expiration_date
            elif lot.product_id.use_expiration_date:
                lot.expiration_date = (
                    lot.manufacturing_date or fields.Datetime.now()
                ) + datetime.timedelta(days=lot.product_id.expiration_time)
            else:
                lot.expiration_date = False

    @api.depends(
        "manufacturing_date",
        "product_id.retest_interval_days",
        "parent_lot_id.retest_date",
    )
    def _compute_retest_date(self):
        for lot in self:
            interval = lot.product_id.retest_interval_days
            if lot.parent_lot_id.retest_date:
                lot.retest_date = lot.parent_lot_id.retest_date
            elif interval and lot.manufacturing_date:
                lot.retest_date = lot.manufacturing_date + datetime.timedelta(
                    days=interval
                )
            else:
                lot.retest_date = False

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("expiration_date") and "expiration_date_mode" not in vals:
                vals["expiration_date_mode"] = "entered"
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("expiration_date") and "expiration_date_mode" not in vals:
            vals = dict(vals, expiration_date_mode="entered")
        return super().write(vals)

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
    is_manufacturing_date_entered = fields.Boolean(
        string="Own Manufacturing Date",
        copy=False,
        help="Set on a sub-lot whose manufacturing date was entered and differs "
        "from its parent's: it no longer follows the parent, and its generated "
        "expiration counts from its own date.",
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

    @api.depends("parent_lot_id.manufacturing_date", "is_manufacturing_date_entered")
    def _compute_manufacturing_date(self):
        for lot in self:
            if lot.is_manufacturing_date_entered and lot.manufacturing_date:
                continue
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
        "is_manufacturing_date_entered",
    )
    def _compute_expiration_date(self):
        # Replaces product_expiry's "now + expiration_time": the shelf life counts
        # from the manufacturing date, and a sub-lot follows its parent.
        for lot in self:
            if lot.expiration_date_mode == "entered" and lot.expiration_date:
                continue
            if lot.parent_lot_id and not lot.is_manufacturing_date_entered:
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
        "is_manufacturing_date_entered",
    )
    def _compute_retest_date(self):
        for lot in self:
            interval = lot.product_id.retest_interval_days
            if lot.parent_lot_id.retest_date and not lot.is_manufacturing_date_entered:
                lot.retest_date = lot.parent_lot_id.retest_date
            elif interval and lot.manufacturing_date:
                lot.retest_date = lot.manufacturing_date + datetime.timedelta(
                    days=interval
                )
            else:
                lot.retest_date = False

    @api.depends("product_id", "expiration_date")
    def _compute_dates(self):  # pylint: disable=missing-return
        # product_expiry shifts the best-before, removal and alert dates by the
        # change of the expiration date read from `_origin`, which only differs
        # in a form's onchange: on a saved lot (write, XML-RPC, a parent lot's
        # change reaching its sub-lots) they would keep stale values, and FEFO
        # would reserve by them. Saved lots take them from the new expiration
        # and the product's times; dates written with it are kept.
        saved = self.filtered(
            lambda lot: isinstance(lot.id, int) and lot.product_id.use_expiration_date
        )
        super(StockLot, self - saved)._compute_dates()
        for lot in saved:
            if not lot.expiration_date:
                lot.use_date = lot.removal_date = lot.alert_date = False
                continue
            template = lot.product_id.product_tmpl_id
            lot.use_date = lot.expiration_date - datetime.timedelta(
                days=template.use_time
            )
            lot.removal_date = lot.expiration_date - datetime.timedelta(
                days=template.removal_time
            )
            lot.alert_date = lot.expiration_date - datetime.timedelta(
                days=template.alert_time
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("expiration_date") and "expiration_date_mode" not in vals:
                vals["expiration_date_mode"] = "entered"
        lots = super().create(vals_list)
        for lot, vals in zip(lots, vals_list, strict=True):
            if (
                vals.get("manufacturing_date")
                and lot.parent_lot_id
                and lot.manufacturing_date != lot.parent_lot_id.manufacturing_date
            ):
                lot.is_manufacturing_date_entered = True
        return lots

    def write(self, vals):
        if vals.get("expiration_date") and "expiration_date_mode" not in vals:
            vals = dict(vals, expiration_date_mode="entered")
        result = super().write(vals)
        if "manufacturing_date" in vals and "is_manufacturing_date_entered" not in vals:
            # A sub-lot given its own date keeps it; given its parent's, it
            # follows the parent again.
            for lot in self.filtered("parent_lot_id"):
                entered = bool(
                    lot.manufacturing_date
                    and lot.manufacturing_date != lot.parent_lot_id.manufacturing_date
                )
                if lot.is_manufacturing_date_entered != entered:
                    lot.is_manufacturing_date_entered = entered
        return result

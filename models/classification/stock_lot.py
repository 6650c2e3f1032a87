from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class StockLot(models.Model):
    _inherit = "stock.lot"

    classification_id = fields.Many2one(
        "stock.lot.classification",
        index=True,
        tracking=True,
        help="Inventory status of the lot (QC, RELEASED, FAIL...): decides "
        "whether it may be issued to production, shipped, or planned with.",
    )
    classification_history_ids = fields.One2many(
        "stock.lot.classification.history",
        "lot_id",
    )

    @api.model_create_multi
    def create(self, vals_list):
        lots = super().create(vals_list)
        classified = lots.filtered("classification_id")
        if classified:
            # A new lot holds no stock yet: history only, no audit trail entry.
            classified._log_classification_change(
                dict.fromkeys(classified, self.env["stock.lot.classification"]),
                self.env._("Initial classification"),
                ledger=False,
            )
        return lots

    def write(self, vals):
        if "classification_id" in vals:
            changed = self.filtered(
                lambda lot: (
                    lot.classification_id.id != (vals["classification_id"] or False)
                )
            )
            if changed:
                raise UserError(
                    self.env._(
                        "The classification of lot '%(lot)s' changes only through "
                        "Reclassify, which checks the allowed transitions and "
                        "records the reason.",
                        lot=changed[0].display_name,
                    )
                )
        return super().write(vals)

    def action_reclassify(self):
        """Open the reclassification wizard on these lots."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "process_inventory.stock_lot_reclassify_action"
        )
        action["context"] = {"active_model": "stock.lot", "active_ids": self.ids}
        return action

    def _check_reclassify(
        self, classification, reason, check_transition=True, check_release=True
    ):
        """Raise a UserError when these lots cannot move to `classification`:
        no reason, already there, transition outside the allowed table, or a
        release (a classification that may be issued to production or
        shipped) while a required characteristic has no value."""
        classification.ensure_one()
        if not (reason or "").strip():
            raise UserError(
                self.env._(
                    "Give a reason to reclassify lots to %(target)s.",
                    target=classification.display_name,
                )
            )
        for lot in self:
            if lot.classification_id == classification:
                raise UserError(
                    self.env._(
                        "Lot '%(lot)s' is already classified %(target)s.",
                        lot=lot.display_name,
                        target=classification.display_name,
                    )
                )
            if check_transition and lot.classification_id:
                lot.classification_id._check_transition_to(classification, lot)
        if check_release and classification._is_release():
            self._check_required_characteristics()

    def _reclassify(
        self, classification, reason, check_transition=True, check_release=True
    ):
        """Move these lots (whole lots) to `classification`, recording who,
        when, from, to, why and the on-hand quantity of each lot.

        :param classification: the ``stock.lot.classification`` to apply
        :param reason: why (mandatory text)
        :param check_transition: refuse transitions outside the allowed table
            of each lot's current classification (system rules such as expiry
            pass False)
        :param check_release: refuse a release (target may be issued to
            production or shipped) of a lot missing a required characteristic
            (expiry passes False: it never releases, and must not stall on
            one lot)
        :return: the ``stock.lot.classification.history`` rows written
        """
        self._check_reclassify(classification, reason, check_transition, check_release)
        origins = {lot: lot.classification_id for lot in self}
        quantities = self._classification_quantities()
        # The override of write() refuses classification changes: this is the
        # one path that makes them, after its checks.
        super().write({"classification_id": classification.id})
        return self._log_classification_change(origins, reason, quantities)

    def _reclassify_quantity(self, classification, reason, quantity, location):
        """Reclassify `quantity` of this lot held in `location`: split it
        onto a new sub-lot (see `_split_into_sub_lots`) and reclassify that
        sub-lot only; this lot keeps the rest in its classification.

        Every check runs before the split, so a refusal leaves no sub-lot.

        :return: the new sub-lot (``stock.lot``)
        :raise UserError: product without sub-lots, no location, quantity not
            positive or above the lot's available quantity there, or any
            refusal of `_reclassify`
        """
        self.ensure_one()
        product = self.product_id
        if not product.use_sub_lots:
            raise UserError(
                self.env._(
                    "Lot '%(lot)s' can only be reclassified as a whole: product "
                    "'%(product)s' does not track sub-lots, so a quantity cannot "
                    "be split off.",
                    lot=self.display_name,
                    product=product.display_name,
                )
            )
        if not location:
            raise UserError(
                self.env._(
                    "Lot '%(lot)s': give the location of the quantity to reclassify.",
                    lot=self.display_name,
                )
            )
        rounding = product.uom_id.rounding
        if float_compare(quantity, 0, precision_rounding=rounding) <= 0:
            raise UserError(
                self.env._(
                    "Lot '%(lot)s': the quantity to reclassify must be positive "
                    "(got %(quantity)s).",
                    lot=self.display_name,
                    quantity=quantity,
                )
            )
        # The sub-lot gets this lot's classification and characteristics:
        # checking this lot now is checking the sub-lot before it exists.
        # The split refuses a quantity above what the lot holds there.
        self._check_reclassify(classification, reason)
        sub_lot = self._split_into_sub_lots([(quantity, location, None)])
        sub_lot._reclassify(classification, reason)
        return sub_lot

    def _classify_on_arrival(self, classification, reason, quantities):
        """Give unclassified lots their classification on arrival.

        Not a release: required characteristics are not checked here (they
        are usually measured after arrival); the lot's stock still cannot
        leave stock before they are set (stock.move.line._action_done)."""
        lots = self.filtered(lambda lot: not lot.classification_id)
        if not lots:
            return self.env["stock.lot.classification.history"]
        super(StockLot, lots).write({"classification_id": classification.id})
        return lots._log_classification_change(
            dict.fromkeys(lots, self.env["stock.lot.classification"]),
            reason,
            quantities,
        )

    @api.model
    def _classify_expired(self):
        """Move every expired lot to the classification configured to apply
        on expiry (per company); lots already in such a classification are
        left alone.

        :return: the expired lots reclassified
        """
        lots = self.search(
            [
                ("product_id.use_expiration_date", "=", True),
                ("expiration_date", "<=", fields.Datetime.now()),
                "|",
                ("classification_id", "=", False),
                ("classification_id.apply_on_expiry", "=", False),
            ]
        )
        done = self.browse()
        Classification = self.env["stock.lot.classification"]
        for company, company_lots in lots.grouped("company_id").items():
            # A lot shared by all companies follows the current one's setting.
            expired = Classification._expiry_classification(company or self.env.company)
            if not expired:
                continue
            company_lots._reclassify(
                expired,
                self.env._("Expiration date reached"),
                check_transition=False,
                check_release=False,
            )
            done |= company_lots
        return done

    @api.model
    def _cron_classify_expired(self):
        self._classify_expired()

    def _classification_quantities(self):
        """On-hand quantity of each lot in internal locations, by lot."""
        groups = self.env["stock.quant"]._read_group(
            [("lot_id", "in", self.ids), ("location_id.usage", "=", "internal")],
            ["lot_id"],
            ["quantity:sum"],
        )
        return {lot: quantity for lot, quantity in groups}

    def _log_classification_change(self, origins, reason, quantities=None, ledger=True):
        """Record the classification change of these lots in their history.

        :param origins: ``{lot: its previous stock.lot.classification}``
        :param reason: why (text)
        :param quantities: ``{lot: quantity}`` recorded with the change
            (missing: 0)
        :param ledger: whether the change is also an audit trail entry (audit
            writes those); a new lot, holding no stock yet, passes False
        :return: the ``stock.lot.classification.history`` rows written
        """
        quantities = quantities or {}
        # Users read the history; only these methods write it.
        return (
            self.env["stock.lot.classification.history"]
            .sudo()
            .create(
                [
                    {
                        "lot_id": lot.id,
                        "from_classification_id": origins[lot].id,
                        "to_classification_id": lot.classification_id.id,
                        "reason": reason,
                        "quantity": quantities.get(lot, 0.0),
                    }
                    for lot in self
                ]
            )
        )

    def _create_sub_lots(self, vals_list):
        # A sub-lot keeps the classification of the stock it is split from,
        # recorded with the split as its reason (a new lot: no ledger entry).
        sub_lots = super()._create_sub_lots(vals_list)
        if self.classification_id:
            super(StockLot, sub_lots).write(
                {"classification_id": self.classification_id.id}
            )
            sub_lots._log_classification_change(
                dict.fromkeys(sub_lots, self.env["stock.lot.classification"]),
                self.env._("Split from lot %(lot)s", lot=self.name),
                ledger=False,
            )
        return sub_lots

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare

QUALITY_GROUP = "process_inventory.group_process_inventory_quality"


class StockLot(models.Model):
    _inherit = "stock.lot"

    classification_id = fields.Many2one(
        "stock.lot.classification",
        index=True,
        tracking=True,
        copy=False,
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
        # A lot created straight into a release classification is a release:
        # counted stock on it would never go through QC.
        for classification, released in classified.grouped("classification_id").items():
            if classification._is_release():
                released._check_release_right(classification)
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

    @api.ondelete(at_uninstall=False)
    def _unlink_except_classification_history(self):
        # The history row written at creation is not history to keep.
        changed = (
            self.env["stock.lot.classification.history"]
            .sudo()
            .search(
                [("lot_id", "in", self.ids), ("from_classification_id", "!=", False)]
            )
        )
        for lot in changed.lot_id:
            lot._raise_lot_has_history(self.env._("classification changes"))

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
        shipped) by a user outside the Quality group, or while a required
        characteristic has no value."""
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
            self._check_release_right(classification)
            self._check_required_characteristics()

    def _check_release_right(self, classification):
        """Releasing stock (reclassifying lots into, or creating them in, a
        classification that may be issued or shipped) is a quality decision:
        raise an AccessError unless the user is in the Quality group (code
        running as superuser made its own decision)."""
        if self.env.su or self.env.user.has_group(QUALITY_GROUP):
            return
        raise AccessError(
            self.env._(
                "Lot '%(lot)s' cannot be classified %(target)s by %(user)s: "
                "%(target)s releases the lot (it may be issued to production or "
                "shipped), a decision of the Quality group. Ask a quality user, "
                "or choose a classification that holds the stock.",
                lot=self[:1].display_name,
                target=classification.display_name,
                user=self.env.user.name,
            )
        )

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
        # A batch's stock sits on its sub-lots: they follow it (those not
        # already there), each checked and recorded as a lot of its own.
        sub_lots = (self.child_lot_ids - self).filtered(
            lambda lot: lot.classification_id != classification
        )
        lots = self | sub_lots
        lots._check_reclassify(classification, reason, check_transition, check_release)
        origins = {lot: lot.classification_id for lot in lots}
        quantities = lots._classification_quantities()
        lots._set_classification(classification)
        # A batch without stock of its own is recorded with its sub-lots'
        # total in its history; the audit trail has the sub-lots' entries.
        batches = lots.filtered(
            lambda lot: lot.child_lot_ids and not quantities.get(lot)
        )
        for batch in batches:
            quantities[batch] = sum(
                quantities.get(sub_lot, 0.0) for sub_lot in batch.child_lot_ids
            )
        return (lots - batches)._log_classification_change(
            origins, reason, quantities
        ) | batches._log_classification_change(
            origins, reason, quantities, ledger=False
        )

    def _set_classification(self, classification):
        """Write `classification` on these lots and undo the reservations of
        their stock that it now forbids (deliveries of a lot put on hold,
        components of a lot put in QC); callers check and record the change.

        :return: True
        """
        # The override of write() refuses classification changes: this is the
        # one path that makes them, after its callers' checks.
        result = super().write({"classification_id": classification.id})
        if not classification._allows("shipping") or not classification._allows(
            "production"
        ):
            self._unreserve_forbidden_lines(classification)
        return result

    def _unreserve_forbidden_lines(self, classification):
        lines = (
            self.env["stock.move.line"]
            .sudo()
            .search(
                [
                    ("lot_id", "in", self.ids),
                    ("state", "not in", ("done", "cancel")),
                    ("location_id.usage", "=", "internal"),
                ]
            )
        )
        forbidden = lines.filtered(
            lambda line: (
                line.move_id
                and not classification._allows(line.move_id._classification_purpose())
            )
        )
        # Unlinking a reserved line gives its quantity back to the quant and
        # recomputes its move's state, as Odoo's own unreserve does.
        forbidden.unlink()

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
        """Put the stock that just arrived on these lots in `classification`
        (the operation type's or product's arrival classification).

        What the lot was created with does not count: a lot that held no
        stock before this arrival takes `classification`. A lot that already
        held stock keeps its classification when that one is at least as
        strict (it forbids all that `classification` forbids); otherwise the
        whole lot, old stock included, goes back to `classification`.

        Not a release: required characteristics are not checked here (they
        are usually measured after arrival); the lot's stock still cannot
        leave stock before they are set (stock.move.line._action_done).

        :param quantities: ``{lot: quantity arrived}``
        :return: the ``stock.lot.classification.history`` rows written
        """
        on_hand = self._classification_quantities()
        lots = self.filtered(
            lambda lot: (
                lot.classification_id != classification
                and (
                    not lot.classification_id
                    or float_compare(
                        on_hand.get(lot, 0.0) - quantities.get(lot, 0.0),
                        0,
                        precision_rounding=lot.product_id.uom_id.rounding,
                    )
                    <= 0
                    or not lot.classification_id._is_as_strict_as(classification)
                )
            )
        )
        if not lots:
            return self.env["stock.lot.classification.history"]
        origins = {lot: lot.classification_id for lot in lots}
        lots._set_classification(classification)
        return lots._log_classification_change(origins, reason, on_hand)

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

from odoo import api, fields, models
from odoo.exceptions import UserError


class StockLot(models.Model):
    _inherit = "stock.lot"

    parent_lot_id = fields.Many2one(
        "stock.lot",
        index=True,
        ondelete="restrict",
        check_company=True,
        help="Set on a sub-lot: the lot it was divided from.",
    )
    child_lot_ids = fields.One2many("stock.lot", "parent_lot_id", string="Sub-lots")
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
            classified._log_classification_change(
                dict.fromkeys(classified, self.env["stock.lot.classification"]),
                self.env._("Initial classification"),
            )
        return lots

    def write(self, vals):
        if "classification_id" in vals and not self.env.context.get(
            "process_inventory_reclassify"
        ):
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

    @api.model
    def action_open_expiry_inquiry(self):
        """Classify the lots that have expired, then open the expiry inquiry
        (lots with an expiration date).

        :return: an ``ir.actions.act_window`` dictionary
        """
        self._classify_expired()
        return self.env["ir.actions.act_window"]._for_xml_id(
            "process_inventory.stock_lot_expiry_inquiry_action"
        )

    def _reclassify(self, classification, reason, check_transition=True):
        """Move these lots (whole lots) to `classification`, recording who,
        when, from, to, why and the on-hand quantity of each lot.

        :param classification: the ``stock.lot.classification`` to apply
        :param reason: why (mandatory text)
        :param check_transition: refuse transitions outside the allowed table
            of each lot's current classification (system rules such as expiry
            pass False)
        :return: the ``stock.lot.classification.history`` rows written
        """
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
        origins = {lot: lot.classification_id for lot in self}
        quantities = self._classification_quantities()
        self.with_context(process_inventory_reclassify=True).write(
            {"classification_id": classification.id}
        )
        return self._log_classification_change(origins, reason, quantities)

    def _classify_on_arrival(self, classification, reason, quantities):
        """Give unclassified lots their classification on arrival."""
        lots = self.filtered(lambda lot: not lot.classification_id)
        if not lots:
            return self.env["stock.lot.classification.history"]
        lots.with_context(process_inventory_reclassify=True).write(
            {"classification_id": classification.id}
        )
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

    def _log_classification_change(self, origins, reason, quantities=None):
        quantities = quantities or {}
        return self.env["stock.lot.classification.history"].create(
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

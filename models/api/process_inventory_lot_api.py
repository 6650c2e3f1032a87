from odoo import api, fields, models


class ProcessInventoryLotApi(models.AbstractModel):
    """The integration surface of lots, for ``execute_kw``: reclassification,
    lab results, the expiry inquiry and the genealogy trace. Conventions as
    ``process.inventory.api``."""

    _name = "process.inventory.lot.api"
    _inherit = ["process.inventory.api.base"]
    _description = "Process Inventory Lot Integration API"

    @api.model
    def reclassify_lots(
        self,
        lot_ids,
        classification,
        reason,
        quantity=False,
        location_id=False,
        client_reference=False,
    ):
        """Reclassify whole lots, or a quantity of one lot (split onto a new
        sub-lot which alone takes the new classification).

        :param lot_ids: list of ``stock.lot`` ids
        :param classification: ``stock.lot.classification`` id or code
        :param reason: why (text, required)
        :param quantity: optional quantity (product unit) of the one lot
        :param location_id: where that quantity is held (with ``quantity``)
        :param client_reference: optional idempotency key
        :return: ``{"lots": [{"id", "name", "product_id", "parent_lot_id",
            "classification_id", "classification"}]}``: the lots reclassified
            (with ``quantity``: the new sub-lot)
        """
        arguments = [lot_ids, classification, reason, quantity, location_id]
        return self._once(
            "reclassify_lots",
            client_reference,
            arguments,
            lambda: self._reclassify_lots(*arguments),
        )

    @api.model
    def _reclassify_lots(self, lot_ids, classification, reason, quantity, location_id):
        lots = self._records("stock.lot", lot_ids, "lot_ids")
        target = self._record_by_code(
            "stock.lot.classification", classification, "classification"
        )
        reason = self._text(reason, "reason")
        quantity = self._quantity(quantity, "quantity", required=False)
        if quantity is False:
            lots._reclassify(target, reason)
            return {"lots": self._lot_values(lots)}
        if len(lots) != 1:
            self._fail(
                "lot_ids",
                self.env._(
                    "give one lot to reclassify a quantity, got %(count)s",
                    count=len(lots),
                ),
            )
        location = self._records(
            "stock.location", location_id, "location_id", single=True
        )
        sub_lot = lots._reclassify_quantity(target, reason, quantity, location)
        return {"lots": self._lot_values(sub_lot)}

    @api.model
    def set_lot_characteristics(self, lot_id, values, client_reference=False):
        """Set characteristic values of a lot from a lab result; each value is
        checked against the characteristic (type, range, value table,
        product).

        :param lot_id: ``stock.lot`` id
        :param values: ``{code: value}`` (number, text, or true / false for
            booleans); an existing value of the lot is replaced
        :param client_reference: optional idempotency key
        :return: ``{"lot_id", "values": [{"code", "value", "value_float",
            "value_bool"}]}``: every value the lot holds of its own
        """
        arguments = [lot_id, values]
        return self._once(
            "set_lot_characteristics",
            client_reference,
            arguments,
            lambda: self._set_lot_characteristics(*arguments),
        )

    @api.model
    def _set_lot_characteristics(self, lot_id, values):
        lot = self._records("stock.lot", lot_id, "lot_id", single=True)
        if not isinstance(values, dict) or not values:
            self._fail("values", self.env._("give a non-empty dict {code: value}"))
        Characteristic = self.env["product.characteristic"]
        Value = self.env["stock.lot.characteristic"]
        for code, value in values.items():
            characteristic = self._company_first(
                Characteristic.search([("code", "=", code)])
            )
            if not characteristic:
                self._fail(
                    "values",
                    self.env._("no lot characteristic with code %(code)s", code=code),
                )
            if isinstance(value, bool):
                text = "yes" if value else "no"
            elif isinstance(value, (int, float, str)) and str(value).strip():
                text = str(value).strip()
            else:
                self._fail(
                    "values",
                    self.env._(
                        "%(code)s: give a number, a text or a boolean, got %(value)r",
                        code=code,
                        value=value,
                    ),
                )
            existing = Value.search(
                [("lot_id", "=", lot.id), ("characteristic_id", "=", characteristic.id)]
            )
            if existing:
                existing.value = text
            else:
                Value.create(
                    {
                        "lot_id": lot.id,
                        "characteristic_id": characteristic.id,
                        "value": text,
                    }
                )
        return {
            "lot_id": lot.id,
            "values": [
                {
                    "code": line.characteristic_id.code,
                    "value": line.value,
                    "value_float": line.value_float,
                    "value_bool": line.value_bool,
                }
                for line in Value.search([("lot_id", "=", lot.id)])
            ],
        }

    @api.model
    def expiry_inquiry(self, date_limit=False, product_ids=False, site_ids=False):
        """On-hand stock by lot expiring on or before ``date_limit``, as the
        *Expiry Inquiry* shows it (expired lots are classified first, as when
        the inquiry is opened).

        :param date_limit: ``YYYY-MM-DD`` (``False``: every lot with an
            expiration date)
        :param product_ids: optional list of ``product.product`` ids
        :param site_ids: optional list of site location ids
        :return: ``[{"quant_id", "product_id", "product", "lot_id", "lot",
            "parent_lot_id", "location_id", "location", "site_id",
            "quantity", "uom", "classification", "manufacturing_date",
            "expiration_date", "days_left", "usage_priority"}]``, first to
            use first
        """
        inquiry = self.env["stock.quant.expiry.inquiry"].new(
            {
                "date_limit": self._date(date_limit, "date_limit"),
                "product_ids": self._records(
                    "product.product", product_ids, "product_ids", False
                ).ids,
                "site_ids": self._records(
                    "stock.location", site_ids, "site_ids", False
                ).ids,
            }
        )
        self.env["stock.lot"]._classify_expired()
        quants = self.env["stock.quant"].search(
            inquiry._get_quant_domain(), order="expiration_date, id"
        )
        return sorted(
            (
                {
                    "quant_id": quant.id,
                    "product_id": quant.product_id.id,
                    "product": quant.product_id.display_name,
                    "lot_id": quant.lot_id.id,
                    "lot": quant.lot_id.name or False,
                    "parent_lot_id": quant.lot_id.parent_lot_id.id,
                    "location_id": quant.location_id.id,
                    "location": quant.location_id.display_name,
                    "site_id": quant.site_id.id,
                    "quantity": quant.quantity,
                    "uom": quant.product_uom_id.name,
                    "classification": quant.lot_id.classification_id.name or False,
                    "manufacturing_date": fields.Datetime.to_string(
                        quant.lot_id.manufacturing_date
                    )
                    or False,
                    "expiration_date": fields.Datetime.to_string(quant.expiration_date)
                    or False,
                    "days_left": quant.expiration_days_left,
                    "usage_priority": quant.usage_priority,
                }
                for quant in quants
            ),
            key=lambda row: (row["usage_priority"] or 0, row["quant_id"]),
        )

    @api.model
    def trace(
        self,
        start_model,
        start_id,
        direction="both",
        depth=0,
        date_from=False,
        date_to=False,
    ):
        """Lot genealogy: ``stock.lot.genealogy.trace`` (see its docstring
        and README "Lot genealogy" for the result), arguments checked here.

        :param start_model: ``stock.lot``, ``purchase.order``,
            ``stock.picking``, ``mrp.production`` or ``sale.order``
        :param start_id: id of the start record
        :param direction: ``backward`` | ``forward`` | ``both``
        :param depth: maximum number of links (0: unlimited)
        :param date_from: only follow links dated on or after (date text)
        :param date_to: only follow links dated on or before (date text)
        :return: ``{"start", "direction", "depth", "date_from", "date_to",
            "nodes": [...], "edges": [...]}``
        """
        if not isinstance(start_model, str) or start_model not in self.env:
            self._fail("start_model", self.env._("give a model name"))
        self._records(start_model, start_id, "start_id", single=True)
        if depth and (
            not isinstance(depth, int) or isinstance(depth, bool) or depth < 0
        ):
            self._fail("depth", self.env._("give a whole number >= 0"))
        self._date(date_from, "date_from")
        self._date(date_to, "date_to")
        return self.env["stock.lot.genealogy"].trace(
            start_model,
            start_id,
            direction,
            depth or 0,
            date_from or None,
            date_to or None,
        )

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProcessInventoryApiBase(models.AbstractModel):
    """What the integration API models share: checks of their plain
    arguments (each refusal a ValidationError naming the argument and the
    rule, raised before anything is written), the idempotent run of write
    calls and the marshalling of records into plain values."""

    _name = "process.inventory.api.base"
    _description = "Integration API Base"

    @api.model
    def _once(self, method, client_reference, arguments, work):
        if not client_reference:
            return work()
        return self.env["process.inventory.api.request"]._run_once(
            method, client_reference, arguments, work
        )

    @api.model
    def _lot_values(self, lots):
        return [
            {
                "id": lot.id,
                "name": lot.name,
                "product_id": lot.product_id.id,
                "parent_lot_id": lot.parent_lot_id.id,
                "classification_id": lot.classification_id.id,
                "classification": lot.classification_id.name or False,
            }
            for lot in lots
        ]

    @api.model
    def _fail(self, argument, rule):
        raise ValidationError(
            self.env._("Argument %(argument)s: %(rule)s", argument=argument, rule=rule)
        )

    @api.model
    def _is_id(self, value):
        return isinstance(value, int) and not isinstance(value, bool) and value > 0

    @api.model
    def _records(self, model, value, argument, required=True, single=False):
        """Browse ``model`` with an id (``single``) or a list of ids, refusing
        ids that do not exist and records the caller may not read."""
        if not value and not required:
            return self.env[model]
        ids = [value] if single else value
        if not isinstance(ids, list) or not ids or not all(map(self._is_id, ids)):
            self._fail(
                argument,
                self.env._("give the id of a %(model)s record", model=model)
                if single
                else self.env._("give a non-empty list of %(model)s ids", model=model),
            )
        records = self.env[model].browse(ids)
        missing = records - records.exists()
        if missing:
            self._fail(
                argument,
                self.env._(
                    "no %(model)s with id %(ids)s",
                    model=model,
                    ids=", ".join(map(str, missing.ids)),
                ),
            )
        records.check_access("read")
        return records

    @api.model
    def _record_by_code(self, model, value, argument):
        """A record given by id or by its code (unique per company)."""
        if isinstance(value, str) and value.strip():
            record = self._company_first(
                self.env[model].search([("code", "=", value.strip())])
            )
            if not record:
                self._fail(
                    argument,
                    self.env._(
                        "no %(model)s with code %(code)s", model=model, code=value
                    ),
                )
            return record
        return self._records(model, value, argument, single=True)

    @api.model
    def _company_first(self, records):
        """Of records sharing a code, the current company's, else a shared one."""
        return (
            records.filtered(lambda r: r.company_id == self.env.company)
            or records.filtered(lambda r: not r.company_id)
            or records
        )[:1]

    @api.model
    def _quantity(self, value, argument, required=True, positive=True):
        """A number, > 0 (``positive``) or >= 0."""
        if value in (None, False) and not required:
            return False
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            self._fail(
                argument, self.env._("give a number, got %(value)r", value=value)
            )
        if positive and value <= 0:
            self._fail(
                argument, self.env._("must be positive, got %(value)s", value=value)
            )
        if value < 0:
            self._fail(
                argument,
                self.env._("must not be negative, got %(value)s", value=value),
            )
        return float(value)

    @api.model
    def _text(self, value, argument, required=True):
        if not value and not required:
            return False
        if not isinstance(value, str) or not value.strip():
            self._fail(argument, self.env._("give a non-empty text"))
        return value.strip()

    @api.model
    def _date(self, value, argument):
        if not value:
            return False
        try:
            return fields.Date.to_date(value)
        except (TypeError, ValueError):
            self._fail(
                argument,
                self.env._("give a date YYYY-MM-DD, got %(value)r", value=value),
            )

    @api.model
    def _lines(self, value, argument, known):
        """A non-empty list of dicts whose keys are all in ``known``."""
        if not isinstance(value, list) or not value:
            self._fail(argument, self.env._("give a non-empty list of lines"))
        for index, line in enumerate(value, 1):
            if not isinstance(line, dict):
                self._fail(
                    argument, self.env._("line %(index)s is not a dict", index=index)
                )
            unknown = set(line) - set(known)
            if unknown:
                self._fail(
                    argument,
                    self.env._(
                        "line %(index)s: unknown keys %(keys)s (known: %(known)s)",
                        index=index,
                        keys=", ".join(sorted(map(str, unknown))),
                        known=", ".join(known),
                    ),
                )
        return value

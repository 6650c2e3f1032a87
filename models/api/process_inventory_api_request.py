import hashlib
import json

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL


class ProcessInventoryApiRequest(models.Model):
    """A write call of the integration API made with a client reference:
    what it was and what it answered, so that the same call sent again (a
    client retrying after a timeout, ``xmlrpc.client`` resending once when the
    connection drops) gets the first answer instead of doing the work twice.
    Rows are written by the API only, in the transaction of the call."""

    _name = "process.inventory.api.request"
    _description = "Integration API Request"
    _order = "id desc"
    _log_access = False

    user_id = fields.Many2one("res.users", required=True, readonly=True, index=True)
    reference = fields.Char(string="Client Reference", required=True, readonly=True)
    method = fields.Char(required=True, readonly=True)
    fingerprint = fields.Char(
        readonly=True, help="SHA-256 of the method and its arguments."
    )
    result = fields.Text(readonly=True, help="The JSON answer of the first call.")
    create_date = fields.Datetime(readonly=True)

    _sql_constraints = [
        (
            "user_reference_uniq",
            "unique(user_id, reference)",
            "A client reference is used once per user.",
        )
    ]

    @api.model
    def _run_once(self, method, reference, arguments, work):
        """Run ``work()`` once per (user, ``reference``) and return its result.

        The row is inserted first in the transaction: a second call with the
        same reference waits on the unique index until the first commits or
        rolls back. Committed: Odoo's RPC layer retries the waiting call on
        the serialisation failure PostgreSQL raises, and the retry returns the
        stored answer. Rolled back: nothing was done, the second call works.

        :raise UserError: the reference was used for another call
        """
        if not isinstance(reference, str) or not reference.strip():
            raise ValidationError(
                self.env._(
                    "%(method)s: the client reference must be a non-empty "
                    "string, got %(reference)r.",
                    method=method,
                    reference=reference,
                )
            )
        if len(reference) > 200:
            raise ValidationError(
                self.env._(
                    "%(method)s: the client reference is longer than 200 characters.",
                    method=method,
                )
            )
        fingerprint = hashlib.sha256(
            json.dumps([method, arguments], sort_keys=True, default=str).encode()
        ).hexdigest()
        self.env.cr.execute(
            SQL(
                """INSERT INTO process_inventory_api_request
                       (user_id, reference, method, fingerprint, create_date)
                   VALUES (%s, %s, %s, %s, NOW() AT TIME ZONE 'UTC')
                   ON CONFLICT (user_id, reference) DO NOTHING
                   RETURNING id""",
                self.env.uid,
                reference,
                method,
                fingerprint,
            )
        )
        row = self.env.cr.fetchone()
        if not row:
            return self._stored_result(method, reference, fingerprint)
        result = work()
        self.env.cr.execute(
            SQL(
                "UPDATE process_inventory_api_request SET result = %s WHERE id = %s",
                json.dumps(result),
                row[0],
            )
        )
        return result

    @api.model
    def _stored_result(self, method, reference, fingerprint):
        self.env.cr.execute(
            SQL(
                """SELECT method, fingerprint, result
                     FROM process_inventory_api_request
                    WHERE user_id = %s AND reference = %s""",
                self.env.uid,
                reference,
            )
        )
        stored_method, stored_fingerprint, result = self.env.cr.fetchone()
        if stored_fingerprint != fingerprint:
            raise UserError(
                self.env._(
                    "Client reference '%(reference)s' was already used for "
                    "another call (%(method)s with other arguments): give each "
                    "operation its own reference.",
                    reference=reference,
                    method=stored_method,
                )
            )
        return json.loads(result)

from odoo import models
from odoo.exceptions import UserError
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tools.translate import _


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _handle_error(cls, exception):
        return super()._handle_error(cls._concurrency_error_as_user_error(exception))

    @classmethod
    def _concurrency_error_as_user_error(cls, exception):
        """A concurrency failure (serialization failure, deadlock, lock
        timeout) still there after Odoo's retries: the user gets a clear
        "try again", not a database traceback; other errors pass unchanged."""
        if not isinstance(exception, PG_CONCURRENCY_EXCEPTIONS_TO_RETRY):
            return exception
        error = UserError(
            _(
                "Other users were changing the same stock at the same moment and "
                "your change could not be saved after several attempts. Nothing "
                "was saved: please try again."
            )
        )
        error.__cause__ = exception
        return error

"""Argument checks of the add-on's public (RPC-callable) entry points.

A client can send anything over XML-RPC or JSON-RPC: these helpers turn a
wrong type, an unknown id or a malformed date into a translatable UserError
that names the argument, before any data is read or written."""

import math
from datetime import date, datetime

from odoo import fields
from odoo.exceptions import UserError


def _is_int(value):
    # bool is an int subclass: True is no record id
    return isinstance(value, int) and not isinstance(value, bool)


def check_id(env, value, argument):
    """``value`` as a record id (a positive whole number)."""
    if not _is_int(value) or value <= 0:
        raise UserError(
            env._(
                "%(argument)s must be a record id (a positive whole number), "
                "not %(value)r.",
                argument=argument,
                value=value,
            )
        )
    return value


def check_ids(env, value, argument):
    """``value`` (one id or a list of ids) as a list of record ids."""
    if _is_int(value):
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise UserError(
            env._(
                "%(argument)s must be a list of record ids, not %(value)r.",
                argument=argument,
                value=value,
            )
        )
    return [check_id(env, item, argument) for item in value]


def check_records(env, model, value, argument, optional=False):
    """The records of ``model`` with the id(s) ``value``, each of them
    existing and readable by the caller (record rules applied, so another
    company's record counts as unknown). Empty when ``optional`` and
    ``value`` is empty."""
    if optional and (value is None or value is False or value == []):
        return env[model]
    ids = check_ids(env, value, argument)
    Model = env[model].with_context(active_test=False)
    records = Model.search([("id", "in", ids)]) if ids else Model
    unknown = sorted(set(ids) - set(records.ids))
    if unknown:
        raise UserError(
            env._(
                "%(argument)s: no %(model)s with id %(ids)s that you may read.",
                argument=argument,
                model=env[model]._description,
                ids=", ".join(map(str, unknown)),
            )
        )
    return env[model].browse(ids)


def check_count(env, value, argument):
    """``value`` as a whole number >= 0; empty (None / False) is None."""
    if value is None or value is False:
        return None
    if not _is_int(value) or value < 0:
        raise UserError(
            env._(
                "%(argument)s must be a whole number of 0 or more, not %(value)r.",
                argument=argument,
                value=value,
            )
        )
    return value


def check_number(env, value, argument):
    """``value`` as a finite float."""
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
    ):
        raise UserError(
            env._(
                "%(argument)s must be a finite number, not %(value)r.",
                argument=argument,
                value=value,
            )
        )
    return float(value)


def check_datetime(env, value, argument):
    """``value`` (``YYYY-MM-DD`` or ``YYYY-MM-DD HH:MM:SS``, date or
    datetime) as a datetime; empty (None / False / "") is None."""
    if value is None or value is False or value == "":
        return None
    if isinstance(value, (date, datetime)):
        return fields.Datetime.to_datetime(value)
    try:
        if not isinstance(value, str):
            raise TypeError
        return fields.Datetime.to_datetime(value)
    except (TypeError, ValueError):
        raise UserError(
            env._(
                "%(argument)s must be a date (YYYY-MM-DD) or a date and time "
                "(YYYY-MM-DD HH:MM:SS), not %(value)r.",
                argument=argument,
                value=value,
            )
        ) from None


def check_choice(env, value, argument, choices):
    """``value`` as one of ``choices``."""
    if not isinstance(value, str) or value not in choices:
        raise UserError(
            env._(
                "%(argument)s must be one of %(choices)s, not %(value)r.",
                argument=argument,
                choices=", ".join(choices),
                value=value,
            )
        )
    return value

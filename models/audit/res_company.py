from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # Head of the company's inventory ledger chain. Every new ledger entry locks
    # and updates this row, so concurrent transactions serialize on it (a
    # concurrent update makes the later one fail and retry under REPEATABLE READ)
    # instead of forking the chain.
    inventory_ledger_sequence = fields.Integer(readonly=True, copy=False)
    inventory_ledger_hash = fields.Char(readonly=True, copy=False)

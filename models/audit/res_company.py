from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # Head of the company's inventory ledger chain: moved only by the short
    # sealing transaction (stock.inventory.ledger.seal._seal_pending), under a
    # per-company advisory lock, never by the transactions writing entries.
    inventory_ledger_sequence = fields.Integer(readonly=True, copy=False)
    inventory_ledger_hash = fields.Char(readonly=True, copy=False)

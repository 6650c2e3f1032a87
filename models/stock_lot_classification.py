from odoo import fields, models


class StockLotClassification(models.Model):
    _name = "stock.lot.classification"
    _description = "Inventory Classification"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Short code, e.g. QC, RELEASED, FAIL.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one("res.company", index=True)
    allow_production_issue = fields.Boolean(
        string="May Be Issued to Production",
        default=True,
        help="Stock in this classification may be consumed by manufacturing "
        "orders and issued to production.",
    )
    allow_shipping = fields.Boolean(
        string="May Be Shipped",
        default=True,
        help="Stock in this classification may be delivered to customers.",
    )
    is_nettable = fields.Boolean(
        string="Available for Planning",
        default=True,
        help="Stock in this classification counts as available quantity for "
        "planning (nettable).",
    )
    description = fields.Text(translate=True)

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "A classification code must be unique per company.",
        ),
    ]

from odoo import fields, models
from odoo.exceptions import UserError

# What each purpose of a stock move requires of the stock it takes.
PURPOSE_FLAGS = {
    "production": "allow_production_issue",
    "shipping": "allow_shipping",
}


class StockLotClassification(models.Model):
    _name = "stock.lot.classification"
    _inherit = ["mail.thread"]
    _description = "Inventory Classification"
    _order = "sequence, id"
    # users know these by their short code (COLOR, QC) as much as by name
    _rec_names_search = ["code", "name"]

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(
        required=True, tracking=True, help="Short code, e.g. QC, RELEASED, FAIL."
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    color = fields.Integer()
    company_id = fields.Many2one("res.company", index=True)
    allow_production_issue = fields.Boolean(
        string="May Be Issued to Production",
        default=True,
        tracking=True,
        help="Stock in this classification may be consumed by manufacturing "
        "orders and issued to production.",
    )
    allow_shipping = fields.Boolean(
        string="May Be Shipped",
        default=True,
        tracking=True,
        help="Stock in this classification may be delivered to customers.",
    )
    is_nettable = fields.Boolean(
        string="Available for Planning",
        default=True,
        tracking=True,
        help="Stock in this classification counts as available quantity for "
        "planning (nettable).",
    )
    apply_on_expiry = fields.Boolean(
        string="Apply to Expired Lots",
        tracking=True,
        help="Lots whose expiration date has passed are moved to this "
        "classification automatically (scheduled action and expiry inquiry).",
    )
    allowed_next_ids = fields.Many2many(
        "stock.lot.classification",
        "stock_lot_classification_transition_rel",
        "from_id",
        "to_id",
        string="Allowed Next Classifications",
        help="The classifications a lot in this classification may be moved to. "
        "Empty: any classification.",
    )
    description = fields.Text(translate=True)

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "A classification code must be unique per company.",
        ),
    ]

    def _allows(self, purpose):
        """Whether stock in this classification (zero or one record: none
        means unclassified) may serve `purpose` ('production', 'shipping' or
        False)."""
        return not purpose or not self or bool(self[PURPOSE_FLAGS[purpose]])

    def _is_release(self):
        """Whether moving a lot into this classification releases it: its
        stock may then be issued to production or shipped."""
        self.ensure_one()
        return self.allow_production_issue or self.allow_shipping

    def _is_as_strict_as(self, other):
        """Whether stock in this classification is held at least as much as
        in `other`: it forbids every use `other` forbids."""
        self.ensure_one()
        return all(
            not self[flag] or other[flag]
            for flag in (*PURPOSE_FLAGS.values(), "is_nettable")
        )

    def _check_transition_to(self, target, lot):
        """Refuse moving `lot` from this classification to `target` when the
        transition table of this classification does not allow it."""
        self.ensure_one()
        if self.allowed_next_ids and target not in self.allowed_next_ids:
            raise UserError(
                self.env._(
                    "Lot '%(lot)s' cannot go from %(origin)s to %(target)s: "
                    "from %(origin)s only %(allowed)s are allowed.",
                    lot=lot.display_name,
                    origin=self.display_name,
                    target=target.display_name,
                    allowed=", ".join(self.allowed_next_ids.mapped("display_name")),
                )
            )

    def _purpose_domain(self, purpose, field="classification_id"):
        """Domain on a record holding the classification in `field` that keeps
        the stock allowed to serve `purpose`."""
        if not purpose:
            return []
        return [
            "|",
            (field, "=", False),
            (f"{field}.{PURPOSE_FLAGS[purpose]}", "=", True),
        ]

    def _expiry_classification(self, company):
        """The classification expired lots of `company` get, or an empty
        recordset when none is configured."""
        classifications = self.search(
            [
                ("apply_on_expiry", "=", True),
                ("company_id", "in", (False, company.id)),
            ]
        )
        # The company's own classification wins over a shared one.
        return (classifications.filtered("company_id") or classifications)[:1]

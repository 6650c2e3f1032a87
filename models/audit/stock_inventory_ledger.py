import hashlib
import json

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_repr
from odoo.tools.sql import create_index

ACTIVITIES = [
    ("receipt", "Receipt"),
    ("shipment", "Shipment"),
    ("activity", "User-defined Activity"),
    ("adjustment", "Inventory Adjustment"),
    ("production_issue", "Production Issue"),
    ("production_receipt", "Production Receipt"),
    ("scrap", "Scrap"),
    ("internal", "Internal Transfer"),
    ("conversion", "Conversion"),
    ("classification_change", "Classification Change"),
    ("sub_lot_split", "Sub-lot Split"),
    ("correction", "Done Move Correction"),
    ("other", "Other"),
]

# Columns sealed by the hash, in the canonical order.
HASHED_COLUMNS = [
    "sequence",
    "company_id",
    "date",
    "user_id",
    "activity",
    "activity_type_id",
    "reference",
    "res_model",
    "res_id",
    "move_line_id",
    "product_id",
    "lot_id",
    "location_id",
    "location_dest_id",
    "quantity",
    "product_uom_id",
    "secondary_quantity",
    "secondary_uom_id",
    "classification_id",
    "reason_id",
    "analytic_account_id",
    "site_id",
]
# Sealed too, but only when set: entries written before these columns existed
# keep the hash they were sealed with.
OPTIONAL_HASHED_COLUMNS = ["from_classification_id", "note"]
FLOAT_COLUMNS = {"quantity", "secondary_quantity"}
# Activities that change no stock: kept out of the report's stock totals.
NO_STOCK_ACTIVITIES = {"classification_change"}


class StockInventoryLedger(models.Model):
    _name = "stock.inventory.ledger"
    _description = "Inventory Audit Trail Entry"
    _order = "company_id, sequence desc, id desc"
    _rec_name = "sequence"

    sequence = fields.Integer(readonly=True, index=True, copy=False)
    chain_hash = fields.Char(readonly=True, copy=False)
    date = fields.Datetime(
        required=True, readonly=True, index=True, default=fields.Datetime.now
    )
    user_id = fields.Many2one(
        "res.users",
        required=True,
        readonly=True,
        ondelete="restrict",
        default=lambda self: self.env.user,
    )
    activity = fields.Selection(ACTIVITIES, required=True, readonly=True, index=True)
    activity_type_id = fields.Many2one(
        "stock.activity.type", readonly=True, ondelete="restrict", index=True
    )
    reference = fields.Char(string="Source Document", readonly=True)
    res_model = fields.Char(string="Source Model", readonly=True)
    res_id = fields.Many2oneReference(
        string="Source Record", model_field="res_model", readonly=True
    )
    move_line_id = fields.Many2one(
        "stock.move.line", readonly=True, ondelete="restrict", index=True
    )
    product_id = fields.Many2one(
        "product.product",
        required=True,
        readonly=True,
        ondelete="restrict",
        index=True,
    )
    lot_id = fields.Many2one(
        "stock.lot", readonly=True, ondelete="restrict", index=True
    )
    location_id = fields.Many2one(
        "stock.location",
        string="From",
        readonly=True,
        ondelete="restrict",
        help="Empty on a classification change of a lot held in several locations.",
    )
    location_dest_id = fields.Many2one(
        "stock.location",
        string="To",
        readonly=True,
        ondelete="restrict",
    )
    site_id = fields.Many2one(
        "stock.location",
        readonly=True,
        ondelete="restrict",
        index=True,
        help="Site of the internal location the entry changes.",
    )
    quantity = fields.Float(
        readonly=True, digits="Product Unit of Measure", help="In the product's unit."
    )
    product_uom_id = fields.Many2one(
        "uom.uom", string="Unit", readonly=True, ondelete="restrict"
    )
    stock_delta = fields.Float(
        string="Stock Change",
        compute="_compute_stock_delta",
        digits="Product Unit of Measure",
        help="Quantity added to (+) or removed from (-) internal stock.",
    )
    secondary_quantity = fields.Float(readonly=True, digits="Product Unit of Measure")
    secondary_uom_id = fields.Many2one(
        "uom.uom", string="Secondary Unit", readonly=True, ondelete="restrict"
    )
    classification_id = fields.Many2one(
        "stock.lot.classification", readonly=True, ondelete="restrict"
    )
    from_classification_id = fields.Many2one(
        "stock.lot.classification",
        string="Previous Classification",
        readonly=True,
        ondelete="restrict",
        help="On a classification change, the lot's classification before it.",
    )
    reason_id = fields.Many2one(
        "stock.inventory.reason", readonly=True, ondelete="restrict"
    )
    note = fields.Text(
        string="Reason Text",
        readonly=True,
        help="Free-text reason, such as the reason of a reclassification.",
    )
    analytic_account_id = fields.Many2one(
        "account.analytic.account",
        string="Cost Center",
        readonly=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )

    _sql_constraints = [
        (
            "company_sequence_uniq",
            "unique(company_id, sequence)",
            "An inventory audit trail sequence number is used once per company.",
        )
    ]

    @api.depends("activity", "quantity", "location_id.usage", "location_dest_id.usage")
    def _compute_stock_delta(self):
        for entry in self:
            entry.stock_delta = entry._stock_sign() * entry.quantity

    def _stock_sign(self):
        self.ensure_one()
        if self.activity in NO_STOCK_ACTIVITIES:
            return 0
        into = self.location_dest_id.usage == "internal"
        out_of = self.location_id.usage == "internal"
        return int(into) - int(out_of)

    def init(self):
        # Sealing looks up the pending entries of one company.
        create_index(
            self.env.cr,
            "stock_inventory_ledger_pending_index",
            self._table,
            ["company_id", "id"],
            where="sequence IS NULL",
        )

    @api.model_create_multi
    def create(self, vals_list):
        # The number and hash are derived by the seal, never given.
        for vals in vals_list:
            vals.pop("sequence", None)
            vals.pop("chain_hash", None)
        entries = super().create(vals_list)
        self.env["stock.inventory.ledger.seal"]._seal_after_commit(
            entries.company_id.ids
        )
        return entries

    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(
            self.env._(
                "Inventory audit trail entries %(entries)s cannot be modified: "
                "the audit trail is append-only.",
                entries=", ".join(str(entry.sequence) for entry in self[:10]),
            )
        )

    def unlink(self):  # pylint: disable=method-required-super
        raise UserError(
            self.env._(
                "Inventory audit trail entries %(entries)s cannot be deleted: "
                "the audit trail is append-only.",
                entries=", ".join(str(entry.sequence) for entry in self[:10]),
            )
        )

    def copy(self, default=None):  # pylint: disable=method-required-super
        raise UserError(self.env._("Inventory audit trail entries cannot be copied."))

    # Chain -------------------------------------------------------------------

    @api.model
    def _canonical_string(self, row):
        """The entry's sealed values as one stable string (ids, not names)."""
        values = {}
        for column in HASHED_COLUMNS + OPTIONAL_HASHED_COLUMNS:
            value = row[column]
            if column in OPTIONAL_HASHED_COLUMNS and not value:
                continue
            if column in FLOAT_COLUMNS:
                value = float_repr(value or 0.0, 6)
            elif column == "date":
                value = fields.Datetime.to_string(value)
            values[column] = value
        return json.dumps(values, sort_keys=True, separators=(",", ":"), default=str)

    @api.model
    def _compute_chain_hash(self, previous_hash, row):
        text = (previous_hash or "") + self._canonical_string(row)
        return hashlib.sha256(text.encode()).hexdigest()

    def _fetch_rows(self, where):
        columns = SQL(", ").join(
            SQL.identifier(c) for c in ["id", *HASHED_COLUMNS, *OPTIONAL_HASHED_COLUMNS]
        )
        self.env.cr.execute(
            SQL(
                "SELECT %s, chain_hash FROM stock_inventory_ledger WHERE %s "
                "ORDER BY company_id, sequence NULLS LAST, id",
                columns,
                where,
            )
        )
        return self.env.cr.dictfetchall()

    @api.model
    def _check_chain(self, companies=None, up_to=None):
        """Recompute every sealed entry's hash from the stored values and
        compare the end of the chain with the company's head.

        :param companies: ``res.company`` recordset, default the allowed companies
        :param up_to: check only entries up to this sequence number (a seal's)
        :return: list of dicts, one per company, ``{"company_id", "company",
            "count", "pending", "is_intact", "broken_id", "broken_sequence",
            "last_sequence", "last_hash", "message"}``; ``broken_id`` is the first
            entry whose stored values no longer match its chain, or that lies
            beyond the head (False when intact, or when the newest entries
            are missing); ``last_*`` the end of the checked chain
        """
        companies = companies or self.env.companies
        self.env["stock.inventory.ledger.seal"]._seal_pending_if_free(companies)
        where = SQL("company_id IN %s AND sequence IS NOT NULL", tuple(companies.ids))
        if up_to is not None:
            where = SQL("%s AND sequence <= %s", where, up_to)
        rows = self._fetch_rows(where)
        by_company = {company.id: [] for company in companies}
        for row in rows:
            by_company[row["company_id"]].append(row)
        self.env.cr.execute(
            SQL(
                "SELECT c.id, c.inventory_ledger_sequence, c.inventory_ledger_hash, "
                "(SELECT count(*) FROM stock_inventory_ledger l "
                "WHERE l.company_id = c.id AND l.sequence IS NULL) "
                "FROM res_company c WHERE c.id IN %s",
                tuple(companies.ids),
            )
        )
        heads = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        return [
            self._check_company_chain(company, by_company[company.id], heads, up_to)
            for company in companies
        ]

    def _check_company_chain(self, company, rows, heads, up_to):
        head_sequence, head_hash, pending = heads[company.id]
        head_sequence, head_hash = head_sequence or 0, head_hash or ""
        if up_to is not None:
            # Checked against a seal: the head is the seal's, given by the caller.
            head_sequence = min(up_to, head_sequence)
            head_hash = None
        previous_hash = ""
        broken, problem = None, ""
        for expected_sequence, row in enumerate(rows, start=1):
            if row["sequence"] != expected_sequence:
                broken = row
                problem = self.env._(
                    "sequence %(found)s found where %(expected)s was expected "
                    "(an entry was removed or renumbered)",
                    found=row["sequence"],
                    expected=expected_sequence,
                )
            elif row["sequence"] > head_sequence:
                broken = row
                problem = self.env._(
                    "it lies beyond the company's chain head #%(head)s "
                    "(appended outside Odoo)",
                    head=head_sequence,
                )
            elif self._compute_chain_hash(previous_hash, row) != row["chain_hash"]:
                broken = row
                problem = self.env._(
                    "its stored values do not match its hash (altered outside Odoo)"
                )
            if broken:
                break
            previous_hash = row["chain_hash"]
        if broken:
            message = self.env._(
                "%(company)s: chain broken at entry #%(sequence)s "
                "(id %(id)s): %(problem)s.",
                company=company.name,
                sequence=broken["sequence"],
                id=broken["id"],
                problem=problem,
            )
        elif len(rows) < head_sequence:
            message = self.env._(
                "%(company)s: chain cut: it ends at entry #%(last)s but the "
                "company's chain head is #%(head)s: entries #%(first_missing)s "
                "to #%(head)s were removed.",
                company=company.name,
                last=len(rows),
                head=head_sequence,
                first_missing=len(rows) + 1,
            )
        elif head_hash is not None and previous_hash != head_hash:
            message = self.env._(
                "%(company)s: chain broken: the hash of its last entry "
                "#%(last)s differs from the company's chain head (the chain "
                "or its head was rewritten outside Odoo).",
                company=company.name,
                last=len(rows),
            )
        else:
            message = self.env._(
                "%(company)s: %(count)s entries, chain intact.",
                company=company.name,
                count=len(rows),
            )
        is_intact = (
            not broken
            and len(rows) == head_sequence
            and (head_hash is None or previous_hash == head_hash)
        )
        if pending:
            message += " " + self.env._(
                "%(pending)s newer entries await their seal.", pending=pending
            )
        return {
            "company_id": company.id,
            "company": company.name,
            "count": len(rows),
            "pending": pending,
            "is_intact": is_intact,
            "broken_id": broken["id"] if broken else False,
            "broken_sequence": broken["sequence"] if broken else False,
            "last_sequence": len(rows) if is_intact else False,
            "last_hash": previous_hash if is_intact else False,
            "message": message,
        }

    def action_check_chain(self):
        """Check the chain of the allowed companies and notify the result.
        Called from the list's header button, with the selected entries (if
        any) as records: the whole chain is checked whatever is selected.

        :return: a client notification action
        """
        self.check_access("read")
        results = self._check_chain()
        is_broken = not all(result["is_intact"] for result in results)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Inventory audit trail check"),
                "message": "\n".join(result["message"] for result in results),
                "type": "danger" if is_broken else "success",
                "sticky": is_broken,
            },
        }

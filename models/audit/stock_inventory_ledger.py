import hashlib
import json

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_repr

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

    @api.model_create_multi
    def create(self, vals_list):
        entries = super().create(vals_list)
        entries._seal()
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

    def _seal(self):
        """Number and hash new entries, chaining them after the last entry of
        their company. The company's chain head is locked and updated in the
        same transaction, so two transactions never extend one head twice."""
        self.flush_recordset()
        companies = self.company_id
        self.env.cr.execute(
            SQL(
                "SELECT id, inventory_ledger_sequence, inventory_ledger_hash "
                "FROM res_company WHERE id IN %s ORDER BY id FOR NO KEY UPDATE",
                tuple(companies.ids),
            )
        )
        heads = {
            company_id: [sequence or 0, chain_hash or ""]
            for company_id, sequence, chain_hash in self.env.cr.fetchall()
        }
        rows = self._fetch_rows(SQL("id IN %s", tuple(self.ids)))
        updates = []
        for row in rows:
            head = heads[row["company_id"]]
            head[0] += 1
            row["sequence"] = head[0]
            head[1] = self._compute_chain_hash(head[1], row)
            updates.append(SQL("(%s, %s, %s)", row["id"], head[0], head[1]))
        self.env.cr.execute(
            SQL(
                "UPDATE stock_inventory_ledger AS l "
                "SET sequence = v.sequence, chain_hash = v.chain_hash "
                "FROM (VALUES %s) AS v(id, sequence, chain_hash) WHERE l.id = v.id",
                SQL(", ").join(updates),
            )
        )
        for company_id, (sequence, chain_hash) in heads.items():
            self.env.cr.execute(
                SQL(
                    "UPDATE res_company SET inventory_ledger_sequence = %s, "
                    "inventory_ledger_hash = %s WHERE id = %s",
                    sequence,
                    chain_hash,
                    company_id,
                )
            )
        self.invalidate_recordset(["sequence", "chain_hash"])
        companies.invalidate_recordset(
            ["inventory_ledger_sequence", "inventory_ledger_hash"]
        )

    @api.model
    def _check_chain(self, companies=None):
        """Recompute every entry's hash from the stored values.

        :param companies: ``res.company`` recordset, default the allowed companies
        :return: list of dicts, one per company, ``{"company_id", "company",
            "count", "broken_id", "broken_sequence", "message"}``; ``broken_id``
            is the first entry whose stored values no longer match its chain
            (False when the chain is intact)
        """
        companies = companies or self.env.companies
        rows = self._fetch_rows(SQL("company_id IN %s", tuple(companies.ids)))
        by_company = {company.id: [] for company in companies}
        for row in rows:
            by_company[row["company_id"]].append(row)
        results = []
        for company in companies:
            previous_hash = ""
            broken = None
            problem = ""
            company_rows = by_company[company.id]
            for expected_sequence, row in enumerate(company_rows, start=1):
                if row["sequence"] != expected_sequence:
                    broken = row
                    problem = self.env._(
                        "sequence %(found)s found where %(expected)s was expected "
                        "(an entry was removed or renumbered)",
                        found=row["sequence"],
                        expected=expected_sequence,
                    )
                    break
                computed = self._compute_chain_hash(previous_hash, row)
                if computed != row["chain_hash"]:
                    broken = row
                    problem = self.env._(
                        "its stored values do not match its hash (altered outside Odoo)"
                    )
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
            else:
                message = self.env._(
                    "%(company)s: %(count)s entries, chain intact.",
                    company=company.name,
                    count=len(company_rows),
                )
            results.append(
                {
                    "company_id": company.id,
                    "company": company.name,
                    "count": len(company_rows),
                    "broken_id": broken["id"] if broken else False,
                    "broken_sequence": broken["sequence"] if broken else False,
                    "message": message,
                }
            )
        return results

    @api.model
    def action_check_chain(self):
        """Check the chain of the allowed companies and notify the result.

        :return: a client notification action
        """
        results = self._check_chain()
        is_broken = any(result["broken_id"] for result in results)
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

import logging

import psycopg2

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)
# Advisory lock namespace of the chain sealers (second key: the company id).
SEAL_LOCK_KEY = 0x50494C47
# Key of the transaction's post-commit data: companies with entries to seal.
SEAL_POSTCOMMIT_KEY = "process_inventory.ledger_seal"


class StockInventoryLedgerSeal(models.Model):
    """Sealing the audit trail: the step that numbers and hashes pending
    entries into their company's chain, and the seals it leaves: a company's
    chain head at a point in time, kept outside the database (printed,
    exported) so that an auditor can later prove the chain up to it was not
    rewritten; a rewrite with every following hash recomputed cannot be seen
    from inside the database alone."""

    _name = "stock.inventory.ledger.seal"
    _description = "Inventory Audit Trail Seal"
    _order = "company_id, sequence desc, id desc"
    _rec_name = "sequence"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )
    sequence = fields.Integer(
        readonly=True, help="Number of the last audit trail entry sealed."
    )
    chain_hash = fields.Char(
        string="Head Hash", readonly=True, help="Chain hash of that entry."
    )
    date = fields.Datetime(readonly=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        "res.users", readonly=True, default=lambda self: self.env.user
    )

    @api.model_create_multi
    def create(self, vals_list):
        # Only the company is chosen: the rest is the chain's current head,
        # checked intact first.
        self.check_access("create")
        Ledger = self.env["stock.inventory.ledger"]
        companies = self.env["res.company"].browse(
            [vals.get("company_id") or self.env.company.id for vals in vals_list]
        )
        companies.check_access("read")
        results = {
            result["company_id"]: result
            for result in Ledger.sudo()._check_chain(companies)
        }
        new_vals_list = []
        for company in companies:
            result = results[company.id]
            if not result["is_intact"]:
                raise UserError(
                    self.env._(
                        "The audit trail of %(company)s cannot be sealed: %(problem)s",
                        company=company.name,
                        problem=result["message"],
                    )
                )
            new_vals_list.append(
                {
                    "company_id": company.id,
                    "sequence": result["last_sequence"],
                    "chain_hash": result["last_hash"],
                }
            )
        return super().create(new_vals_list)

    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(self.env._("An audit trail seal cannot be modified."))

    @api.model
    def _seal_after_commit(self, company_ids):
        """Chain the new entries of `company_ids` (ids) once their transaction
        has committed, in a short transaction of its own: the validating
        transaction never waits for another one of its company on the chain
        head."""
        cr = self.env.cr
        pending = cr.postcommit.data.setdefault(SEAL_POSTCOMMIT_KEY, set())
        if not pending:
            registry = self.env.registry
            cr.postcommit.add(lambda: self._seal_in_new_cursor(registry, pending))
        pending.update(company_ids)

    @api.model
    def _seal_in_new_cursor(self, registry, company_ids):
        """Seal the pending entries of `company_ids` in a new transaction
        (READ COMMITTED, so it sees every entry committed before it took the
        company's lock) and commit. A failure leaves the entries pending for
        the next seal (cron, chain check): it is logged, never raised, since
        the entries' own transaction has already committed."""
        try:
            with registry.cursor() as cr:
                cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
                env = api.Environment(cr, SUPERUSER_ID, {})
                env["stock.inventory.ledger.seal"]._seal_pending(
                    env["res.company"].browse(sorted(company_ids))
                )
        except Exception:
            _logger.warning(
                "Inventory audit trail entries of companies %s left pending "
                "for the next seal",
                sorted(company_ids),
                exc_info=True,
            )

    @api.model
    def _cron_seal_pending(self):
        """Safety net: seal entries whose post-commit seal did not run."""
        self._seal_in_new_cursor(self.env.registry, self._pending_company_ids())

    @api.model
    def _pending_company_ids(self):
        self.env.cr.execute(
            "SELECT DISTINCT company_id FROM stock_inventory_ledger "
            "WHERE sequence IS NULL"
        )
        return [company_id for (company_id,) in self.env.cr.fetchall()]

    @api.model
    def _seal_pending(self, companies=None):
        """Number and hash the pending entries of `companies` (default: all
        companies with pending entries), in id order, after their company's
        chain head, and move the head: in the current transaction, under a
        per-company lock held until its end. Run it in a short transaction
        (``_seal_in_new_cursor``): the lock serializes the sealers of one
        company, and nothing else."""
        Ledger = self.env["stock.inventory.ledger"]
        Ledger.flush_model()
        company_ids = companies.ids if companies is not None else None
        if company_ids is None:
            company_ids = self._pending_company_ids()
        cr = self.env.cr
        for company_id in sorted(company_ids):
            cr.execute(
                SQL("SELECT pg_advisory_xact_lock(%s, %s)", SEAL_LOCK_KEY, company_id)
            )
            cr.execute(
                SQL(
                    "SELECT inventory_ledger_sequence, inventory_ledger_hash "
                    "FROM res_company WHERE id = %s FOR NO KEY UPDATE",
                    company_id,
                )
            )
            sequence, chain_hash = cr.fetchone()
            sequence, chain_hash = sequence or 0, chain_hash or ""
            rows = Ledger._fetch_rows(
                SQL("company_id = %s AND sequence IS NULL", company_id)
            )
            if not rows:
                continue
            updates = []
            for row in rows:
                sequence += 1
                row["sequence"] = sequence
                chain_hash = Ledger._compute_chain_hash(chain_hash, row)
                updates.append(SQL("(%s, %s, %s)", row["id"], sequence, chain_hash))
            cr.execute(
                SQL(
                    "UPDATE stock_inventory_ledger AS l "
                    "SET sequence = v.sequence, chain_hash = v.chain_hash "
                    "FROM (VALUES %s) AS v(id, sequence, chain_hash) "
                    "WHERE l.id = v.id",
                    SQL(", ").join(updates),
                )
            )
            cr.execute(
                SQL(
                    "UPDATE res_company SET inventory_ledger_sequence = %s, "
                    "inventory_ledger_hash = %s WHERE id = %s",
                    sequence,
                    chain_hash,
                    company_id,
                )
            )
        Ledger.invalidate_model(["sequence", "chain_hash"])
        self.env["res.company"].invalidate_model(
            ["inventory_ledger_sequence", "inventory_ledger_hash"]
        )

    @api.model
    def _seal_pending_if_free(self, companies):
        """Seal what is pending before a check, unless a concurrent sealer
        makes this transaction's view stale: the check then reports those
        entries as pending instead of failing."""
        try:
            with self.env.cr.savepoint():
                self._seal_pending(companies)
        except psycopg2.errors.SerializationFailure:
            _logger.info("Chain check: pending entries left to the next seal")

    def action_seal(self):
        """Seal the current company's audit trail now (list header button:
        the selected seals, if any, are ignored).

        :return: a window action opening the new seal
        """
        seal = self.create({"company_id": self.env.company.id})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": seal.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def action_verify(self):
        """Check the chain of each seal's company up to the seal.

        :return: a client notification action
        """
        results = [
            self.verify_seal(seal.company_id.id, seal.sequence, seal.chain_hash)
            for seal in self
        ]
        is_valid = all(result["is_valid"] for result in results)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Audit trail seal check"),
                "message": "\n".join(result["message"] for result in results),
                "type": "success" if is_valid else "danger",
                "sticky": not is_valid,
            },
        }

    @api.model
    def verify_seal(self, company_id, sequence, chain_hash):
        """Verify the audit trail chain of a company up to a sealed entry
        against the hash an auditor kept (printed or exported seal).

        :param company_id: id of the company (an allowed one)
        :param sequence: the seal's entry number (int)
        :param chain_hash: the seal's head hash (str)
        :return: dict ``{"is_valid": bool, "message": str}``
        """
        if (
            not isinstance(company_id, int)
            or not isinstance(sequence, int)
            or isinstance(sequence, bool)
            or sequence < 1
            or not isinstance(chain_hash, str)
        ):
            raise UserError(
                self.env._(
                    "Verify a seal with a company id, an entry number (a "
                    "positive integer) and a hash (text)."
                )
            )
        self.env["stock.inventory.ledger"].check_access("read")
        company = self.env["res.company"].browse(company_id).exists()
        if company not in self.env.companies:
            raise UserError(
                self.env._(
                    "Company %(company)s is not one of your allowed companies.",
                    company=company_id,
                )
            )
        (result,) = (
            self.env["stock.inventory.ledger"]
            .sudo()
            ._check_chain(company, up_to=sequence)
        )
        is_valid = (
            result["is_intact"]
            and result["last_sequence"] == sequence
            and result["last_hash"] == chain_hash.strip().lower()
        )
        if is_valid:
            message = self.env._(
                "%(company)s: entries #1 to #%(sequence)s match the seal.",
                company=company.name,
                sequence=sequence,
            )
        elif not result["is_intact"]:
            message = result["message"]
        else:
            message = self.env._(
                "%(company)s: the chain up to entry #%(sequence)s does not match "
                "the seal: entries up to it were rewritten or removed since it "
                "was taken.",
                company=company.name,
                sequence=sequence,
            )
        return {"is_valid": is_valid, "message": message}

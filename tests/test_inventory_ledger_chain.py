import psycopg2

from odoo import Command, sql_db
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools import SQL

from .inventory_ledger_common import InventoryLedgerCommon


@tagged("post_install", "-at_install")
class TestInventoryLedgerChain(InventoryLedgerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_stock(cls.raw_material, cls.shelf, 100)

    def _issue(self, quantity):
        self._record_activity(
            self.sampling,
            [{"product_id": self.raw_material.id, "quantity": quantity}],
            analytic_account_id=self.cost_center.id,
        )
        return self._entries(self.raw_material)[-1]

    def _check(self):
        self.env.invalidate_all()
        (result,) = self.Ledger._check_chain(self.env.company)
        return result

    def test_entries_are_numbered_and_chained(self):
        first, second = self._issue(1), self._issue(2)
        self.assertEqual(second.sequence, first.sequence + 1)
        self.assertEqual(len(second.chain_hash), 64)
        self.assertEqual(
            second.chain_hash,
            self.Ledger._compute_chain_hash(
                first.chain_hash, self.Ledger._fetch_rows(SQL("id = %s", second.id))[0]
            ),
        )
        self.assertFalse(self._check()["broken_id"])

    def test_fail_write_refused_even_as_superuser(self):
        entry = self._issue(1)
        with self.assertRaisesRegex(UserError, "append-only"):
            entry.sudo().write({"quantity": 100})
        with self.assertRaisesRegex(UserError, "append-only"):
            entry.with_user(self.stock_manager).write({"quantity": 100})

    def test_fail_unlink_refused_even_as_superuser(self):
        entry = self._issue(1)
        with self.assertRaisesRegex(UserError, "append-only"):
            entry.sudo().unlink()

    def test_fail_user_cannot_create_entries(self):
        with self.assertRaises(AccessError):
            self.Ledger.with_user(self.stock_manager).create(
                {
                    "activity": "other",
                    "product_id": self.raw_material.id,
                    "location_id": self.shelf.id,
                    "location_dest_id": self.loss_location.id,
                    "quantity": 1,
                }
            )

    def test_sql_tampering_detected_at_exact_row(self):
        self._issue(1)
        tampered = self._issue(2)
        self._issue(3)
        self.env.cr.execute(
            "UPDATE stock_inventory_ledger SET quantity = 0.5 WHERE id = %s",
            (tampered.id,),
        )
        result = self._check()
        self.assertEqual(result["broken_id"], tampered.id)
        self.assertIn(f"#{tampered.sequence}", result["message"])

    def test_sql_deletion_detected_at_exact_row(self):
        self._issue(1)
        deleted = self._issue(2)
        following = self._issue(3)
        self.env.cr.execute(
            "DELETE FROM stock_inventory_ledger WHERE id = %s", (deleted.id,)
        )
        self.assertEqual(self._check()["broken_id"], following.id)

    def test_check_chain_action_notifies(self):
        self._issue(1)
        action = self.Ledger.with_user(self.stock_user).action_check_chain()
        self.assertEqual(action["params"]["type"], "success")
        self.assertIn("chain intact", action["params"]["message"])


@tagged("post_install", "-at_install")
class TestInventoryLedgerSources(InventoryLedgerCommon):
    def test_done_line_edit_writes_reversal_and_new_entry(self):
        self._set_stock(self.raw_material, self.shelf, 10)
        moves = self._record_activity(
            self.sampling,
            [{"product_id": self.raw_material.id, "quantity": 5}],
            analytic_account_id=self.cost_center.id,
        )
        moves.move_line_ids.with_user(self.stock_manager).quantity = 3

        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(
                self.raw_material, self.shelf
            ),
            7,
        )
        entries = self._entries(self.raw_material)
        self.assertRecordValues(
            entries,
            [
                {"activity": "activity", "quantity": 5, "stock_delta": -5},
                {"activity": "correction", "quantity": 5, "stock_delta": 5},
                {"activity": "correction", "quantity": 3, "stock_delta": -3},
            ],
        )
        self.assertEqual(entries[1].user_id, self.stock_manager)
        self.assertFalse(self.Ledger._check_chain(self.env.company)[0]["broken_id"])

    def test_production_writes_issue_and_receipt_entries(self):
        self._set_stock(self.raw_material, self.stock_location, 10)
        self._make_bom(self.finished_product, [(self.raw_material, 2)])
        form = Form(self.env["mrp.production"].with_user(self.stock_manager))
        form.product_id = self.finished_product
        form.product_qty = 3
        form.picking_type_id = self.warehouse.manu_type_id
        production = form.save()
        production.action_confirm()
        production.action_assign()
        production.qty_producing = 3
        production.move_raw_ids.picked = True
        production.button_mark_done()

        self.assertRecordValues(
            self.Ledger.search(
                [("res_model", "=", "mrp.production")], order="sequence"
            ),
            [
                {
                    "activity": "production_issue",
                    "product_id": self.raw_material.id,
                    "quantity": 6,
                    "res_id": production.id,
                    "reference": production.name,
                },
                {
                    "activity": "production_receipt",
                    "product_id": self.finished_product.id,
                    "quantity": 3,
                    "res_id": production.id,
                    "reference": production.name,
                },
            ],
        )

    def test_scrap_writes_scrap_entry(self):
        self._set_stock(self.raw_material, self.shelf, 10)
        scrap = (
            self.env["stock.scrap"]
            .with_user(self.stock_user)
            .create(
                {
                    "product_id": self.raw_material.id,
                    "scrap_qty": 1,
                    "location_id": self.shelf.id,
                }
            )
        )
        scrap.action_validate()
        self.assertRecordValues(
            self._entries(self.raw_material),
            [{"activity": "scrap", "res_model": "stock.scrap", "res_id": scrap.id}],
        )

    def test_chains_are_numbered_per_company(self):
        other = self.env["res.company"].create({"name": "Other Plant Co"})
        self._set_stock(self.raw_material, self.shelf, 10)
        self._record_activity(
            self.sampling,
            [{"product_id": self.raw_material.id, "quantity": 1}],
            analytic_account_id=self.cost_center.id,
        )
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", other.id)])
        product = self.raw_material.with_company(other)
        self.env["stock.quant"].with_company(other).with_context(
            inventory_mode=True
        ).create(
            {
                "product_id": product.id,
                "location_id": warehouse.lot_stock_id.id,
                "inventory_quantity": 4,
                "inventory_reason_id": self.reason_damage.id,
            }
        ).action_apply_inventory()
        self._seal()
        other_entries = self.Ledger.search([("company_id", "=", other.id)])
        self.assertEqual(other_entries.mapped("sequence"), [1])
        results = self.Ledger._check_chain(self.env.company | other)
        self.assertEqual([r["broken_id"] for r in results], [False, False])


@tagged("post_install", "-at_install")
class TestInventoryAdjustmentReason(InventoryLedgerCommon):
    def test_apply_all_wizard_gives_reason_to_counts_without_one(self):
        self._set_stock(self.raw_material, self.shelf, 10)
        self._set_stock(self.finished_product, self.shelf, 10)
        Quant = self.env["stock.quant"].with_user(self.stock_user)
        quants = Quant.search(
            [
                ("product_id", "in", (self.raw_material | self.finished_product).ids),
                ("location_id", "=", self.shelf.id),
            ]
        ).with_context(inventory_mode=True)
        sampling = self.env.ref("process_inventory.inventory_reason_sampling")
        quants.filtered(lambda q: q.product_id == self.raw_material).write(
            {"inventory_quantity": 9, "inventory_reason_id": sampling.id}
        )
        quants.filtered(lambda q: q.product_id == self.finished_product).write(
            {"inventory_quantity": 8}
        )
        wizard = (
            self.env["stock.inventory.adjustment.name"]
            .with_user(self.stock_user)
            .create(
                {
                    "quant_ids": [Command.set(quants.ids)],
                    "inventory_reason_id": self.reason_damage.id,
                }
            )
        )
        wizard.action_apply()
        self.assertEqual(self._entries(self.raw_material).reason_id, sampling)
        self.assertEqual(
            self._entries(self.finished_product).reason_id, self.reason_damage
        )


@tagged("post_install", "-at_install")
class TestInventoryLedgerConcurrency(InventoryLedgerCommon):
    def test_concurrent_transaction_waits_for_company_chain_head(self):
        """Another transaction extending the company's chain holds the head
        row: sealing a new entry waits for it instead of forking the chain."""
        self._set_stock(self.raw_material, self.shelf, 10)
        other = sql_db.db_connect(self.env.cr.dbname).cursor()
        try:
            other.execute(
                "SELECT id FROM res_company WHERE id = %s FOR NO KEY UPDATE",
                (self.env.company.id,),
            )
            with self.assertRaises(psycopg2.errors.LockNotAvailable):
                self.env.cr.execute("SET LOCAL lock_timeout = '300ms'")
                self._record_activity(
                    self.sampling,
                    [{"product_id": self.raw_material.id, "quantity": 1}],
                    analytic_account_id=self.cost_center.id,
                )
        finally:
            other.rollback()
            other.close()
        self.assertFalse(self._entries(self.raw_material))

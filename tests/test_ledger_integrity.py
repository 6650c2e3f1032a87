import io

from PyPDF2 import PdfReader

from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import SQL

from .inventory_ledger_common import InventoryLedgerCommon


@tagged("post_install", "-at_install")
class TestLedgerIntegrity(InventoryLedgerCommon):
    """The chain check compares the chain with the company's head, and seals
    let an auditor detect what the database alone cannot."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_stock(cls.raw_material, cls.shelf, 100)
        cls.Seal = cls.env["stock.inventory.ledger.seal"]

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

    def _head(self):
        self.env.cr.execute(
            "SELECT inventory_ledger_sequence, inventory_ledger_hash "
            "FROM res_company WHERE id = %s",
            (self.env.company.id,),
        )
        return self.env.cr.fetchone()

    def _rehash_from(self, sequence):
        """What a careful forger does: recompute every hash from `sequence`
        on, and the head."""
        rows = self.Ledger._fetch_rows(
            SQL(
                "company_id = %s AND sequence >= %s",
                self.env.company.id,
                sequence - 1,
            )
        )
        previous = rows[0]["chain_hash"] if sequence > 1 else ""
        for row in rows[1:] if sequence > 1 else rows:
            previous = self.Ledger._compute_chain_hash(previous, row)
            self.env.cr.execute(
                "UPDATE stock_inventory_ledger SET chain_hash = %s WHERE id = %s",
                (previous, row["id"]),
            )
        self.env.cr.execute(
            "UPDATE res_company SET inventory_ledger_hash = %s WHERE id = %s",
            (previous, self.env.company.id),
        )

    def test_entries_are_appended_unsealed_and_sealed_in_order(self):
        self._seal()
        record = (
            self.env["stock.activity.record"]
            .with_user(self.stock_user)
            .create(
                {
                    "activity_type_id": self.sampling.id,
                    "line_ids": [
                        (0, 0, {"product_id": self.raw_material.id, "quantity": 1}),
                        (0, 0, {"product_id": self.raw_material.id, "quantity": 2}),
                    ],
                    "analytic_account_id": self.cost_center.id,
                }
            )
        )
        record._record_moves()
        pending = self.Ledger.search(
            [("product_id", "=", self.raw_material.id)], order="id"
        )
        self.assertEqual(pending.mapped("sequence"), [0, 0])
        self.assertEqual(pending.mapped("chain_hash"), [False, False])
        head_sequence = self._head()[0] or 0

        result = self._check()

        self.assertTrue(result["is_intact"], result["message"])
        self.assertEqual(
            pending.mapped("sequence"), [head_sequence + 1, head_sequence + 2]
        )
        self.assertEqual(self._head(), (head_sequence + 2, pending[-1].chain_hash))

    def test_fail_newest_entries_deleted_are_detected_and_named(self):
        self._issue(1)
        second, third = self._issue(2), self._issue(3)
        first_removed, last_removed = second.sequence, third.sequence
        self.env.cr.execute(
            "DELETE FROM stock_inventory_ledger WHERE id IN %s",
            (tuple((second | third).ids),),
        )
        result = self._check()
        self.assertFalse(result["is_intact"])
        self.assertIn(
            f"entries #{first_removed} to #{last_removed} were removed",
            result["message"],
        )

    def test_fail_appended_entry_with_valid_looking_hash_is_detected(self):
        last = self._issue(1)
        self.env.cr.execute(
            """
            INSERT INTO stock_inventory_ledger (sequence, date, user_id, activity,
                product_id, location_id, location_dest_id, quantity, company_id)
            SELECT sequence + 1, date, user_id, activity, product_id,
                location_dest_id, location_id, 99, company_id
            FROM stock_inventory_ledger WHERE id = %s RETURNING id
            """,
            (last.id,),
        )
        (forged_id,) = self.env.cr.fetchone()
        (row,) = self.Ledger._fetch_rows(SQL("id = %s", forged_id))
        self.env.cr.execute(
            "UPDATE stock_inventory_ledger SET chain_hash = %s WHERE id = %s",
            (self.Ledger._compute_chain_hash(last.chain_hash, row), forged_id),
        )
        result = self._check()
        self.assertFalse(result["is_intact"])
        self.assertEqual(result["broken_id"], forged_id)
        self.assertIn("beyond the company's chain head", result["message"])

    def test_fail_rewritten_chain_is_caught_by_a_seal_only(self):
        first = self._issue(1)
        self._issue(2)
        seal = self.Seal.with_user(self.stock_manager).create({})
        self.assertEqual(seal.sequence, self._head()[0])
        self.assertTrue(
            self.Seal.verify_seal(seal.company_id.id, seal.sequence, seal.chain_hash)[
                "is_valid"
            ]
        )
        self.env.cr.execute(
            "UPDATE stock_inventory_ledger SET quantity = 0.5 WHERE id = %s",
            (first.id,),
        )
        self._rehash_from(first.sequence)
        self.env.invalidate_all()

        self.assertTrue(self._check()["is_intact"], "undetectable from inside")
        verdict = self.Seal.verify_seal(
            seal.company_id.id, seal.sequence, seal.chain_hash
        )
        self.assertFalse(verdict["is_valid"])
        self.assertIn("does not match the seal", verdict["message"])
        action = seal.with_user(self.stock_manager).action_verify()
        self.assertEqual(action["params"]["type"], "danger")

    def test_seal_values_come_from_the_chain_not_the_client(self):
        self._issue(1)
        seal = self.Seal.with_user(self.stock_manager).create(
            {"sequence": 999, "chain_hash": "forged"}
        )
        self.assertEqual((seal.sequence, seal.chain_hash), self._head())
        with self.assertRaisesRegex(UserError, "cannot be modified"):
            seal.with_user(self.stock_manager).write({"chain_hash": "forged"})

    def test_fail_broken_chain_cannot_be_sealed(self):
        entry = self._issue(1)
        self.env.cr.execute(
            "UPDATE stock_inventory_ledger SET quantity = 7 WHERE id = %s", (entry.id,)
        )
        with self.assertRaisesRegex(UserError, "cannot be sealed"):
            self.Seal.with_user(self.stock_manager).create({})

    def test_fail_verify_seal_refuses_malformed_arguments(self):
        for args in [
            ("1", 1, "x"),
            (self.env.company.id, "1", "x"),
            (self.env.company.id, 0, "x"),
            (self.env.company.id, 1, None),
        ]:
            with self.subTest(args=args), self.assertRaises(UserError):
                self.Seal.with_user(self.stock_user).verify_seal(*args)

    def test_audit_trail_pdf_prints_the_seal(self):
        self._issue(1)
        options = self.env["stock.inventory.ledger.report"].create({})
        pdf, _ = (
            self.env["ir.actions.report"]
            .with_user(self.stock_manager)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "process_inventory.stock_inventory_ledger_report_action",
                res_ids=options.ids,
            )
        )
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        sequence, chain_hash = self._head()
        # a long hash may be wrapped in its cell
        compact = "".join(text.split())
        self.assertIn(f"Entry#{sequence}{chain_hash}", compact)


@tagged("post_install", "-at_install")
class TestLedgerTours(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_test_user(
            cls.env,
            login="ledger_tour_user",
            password="ledger_tour_user",
            groups="stock.group_stock_user",
        )
        new_test_user(
            cls.env,
            login="ledger_tour_manager",
            password="ledger_tour_manager",
            groups="stock.group_stock_manager",
        )
        product = cls.env["product.product"].create(
            {"name": "Tour Ledger Resin", "resource_type": "inventory"}
        )
        cls.env["stock.quant"].with_context(inventory_mode=True).create(
            {
                "product_id": product.id,
                "location_id": cls.env.ref("stock.stock_location_stock").id,
                "inventory_quantity": 5,
                "inventory_reason_id": cls.env.ref(
                    "process_inventory.inventory_reason_count_correction"
                ).id,
            }
        ).action_apply_inventory()

    def test_check_chain_button_from_the_list(self):
        self.start_tour(
            "/odoo/action-process_inventory.stock_inventory_ledger_action",
            "process_inventory_check_chain_tour",
            login="ledger_tour_user",
        )

    def test_seal_and_verify_buttons(self):
        self.start_tour(
            "/odoo/action-process_inventory.stock_inventory_ledger_seal_action",
            "process_inventory_ledger_seal_tour",
            login="ledger_tour_manager",
        )
        seal = self.env["stock.inventory.ledger.seal"].search([], limit=1)
        self.assertTrue(seal.chain_hash)

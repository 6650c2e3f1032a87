import threading

import psycopg2

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestLedgerConcurrency(TransactionCase):
    """Two receipts of one company validated at once, each in its own real
    cursor and thread: neither waits for the other on the audit trail, and
    both entries end sealed in one intact chain. The data is committed (the
    transactions must really overlap) and removed afterwards."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_id = cls.env.company.id
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["stock.inventory.ledger.seal"]._seal_pending()
            cr.execute(
                "SELECT inventory_ledger_sequence, inventory_ledger_hash "
                "FROM res_company WHERE id = %s",
                (cls.company_id,),
            )
            cls.head_before = cr.fetchone()
            products = env["product.product"].create(
                [
                    {"name": f"Concurrent Resin {name}", "resource_type": "inventory"}
                    for name in "AB"
                ]
            )
            cls.product_ids = products.ids
            cls.picking_type_id = (
                env["stock.warehouse"]
                .search([("company_id", "=", cls.company_id)], limit=1)
                .in_type_id.id
            )
        cls.addClassCleanup(cls._remove_committed_data)

    @classmethod
    def _remove_committed_data(cls):
        with cls.registry.cursor() as cr:
            products = tuple(cls.product_ids)
            cr.execute(
                "SELECT DISTINCT picking_id FROM stock_move "
                "WHERE product_id IN %s AND picking_id IS NOT NULL",
                (products,),
            )
            pickings = tuple(row[0] for row in cr.fetchall()) or (0,)
            for statement in (
                "DELETE FROM stock_inventory_ledger WHERE product_id IN %(p)s",
                "DELETE FROM stock_valuation_layer WHERE product_id IN %(p)s",
                "DELETE FROM stock_move_line WHERE product_id IN %(p)s",
                "DELETE FROM stock_move WHERE product_id IN %(p)s",
                "DELETE FROM stock_quant WHERE product_id IN %(p)s",
                (
                    "DELETE FROM mail_followers WHERE res_model = 'stock.picking' "
                    "AND res_id IN %(k)s"
                ),
                (
                    "DELETE FROM mail_message WHERE model = 'stock.picking' "
                    "AND res_id IN %(k)s"
                ),
                "DELETE FROM stock_picking WHERE id IN %(k)s",
                (
                    "DELETE FROM product_product WHERE id IN %(p)s RETURNING "
                    "product_tmpl_id"
                ),
            ):
                cr.execute(statement, {"p": products, "k": pickings})
            templates = tuple(row[0] for row in cr.fetchall())
            cr.execute("DELETE FROM product_template WHERE id IN %s", (templates,))
            # The chain gets back to its head before the test.
            cr.execute(
                "UPDATE res_company SET inventory_ledger_sequence = %s, "
                "inventory_ledger_hash = %s WHERE id = %s",
                (cls.head_before[0], cls.head_before[1], cls.company_id),
            )

    def _receipt(self, env, product_id):
        picking_type = env["stock.picking.type"].browse(self.picking_type_id)
        picking = env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "location_id": picking_type.default_location_src_id.id,
                "location_dest_id": picking_type.default_location_dest_id.id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Concurrent receipt",
                            "product_id": product_id,
                            "product_uom_qty": 5,
                            "location_id": picking_type.default_location_src_id.id,
                            "location_dest_id": (
                                picking_type.default_location_dest_id.id
                            ),
                        },
                    )
                ],
            }
        )
        picking.action_confirm()
        return picking

    def test_two_validations_of_one_company_do_not_wait_for_each_other(self):
        first_validated = threading.Event()
        second_committed = threading.Event()
        errors = []

        def validate(product_id, before_commit=None, after_commit=None):
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    picking = self._receipt(env, product_id)
                    # Real, overlapping transactions are what is tested.
                    cr.commit()  # pylint: disable=invalid-commit
                    # Waiting for a lock of the other, still open, validation
                    # fails here instead of hanging the test.
                    cr.execute("SET LOCAL lock_timeout = '20s'")
                    picking.button_validate()
                    cr.flush()
                    if before_commit:
                        before_commit()
                    cr.commit()  # pylint: disable=invalid-commit
                    if after_commit:
                        after_commit()
            except Exception as error:  # noqa: BLE001 - reported by the test
                errors.append(error)
                first_validated.set()
                second_committed.set()

        # The first validation stays open until the second has committed.
        first = threading.Thread(
            target=validate,
            args=(self.product_ids[0],),
            kwargs={
                "before_commit": lambda: (
                    first_validated.set(),
                    second_committed.wait(60),
                )
            },
        )
        second = threading.Thread(
            target=validate,
            args=(self.product_ids[1],),
            kwargs={"after_commit": second_committed.set},
        )
        first.start()
        first_validated.wait(60)
        second.start()
        second.join(90)
        first.join(90)
        self.assertFalse(errors, errors)

        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            Ledger = env["stock.inventory.ledger"]
            entries = Ledger.search(
                [("product_id", "in", self.product_ids)], order="sequence"
            )
            self.assertEqual(len(entries), 2)
            # Sealed by the post-commit step, in commit order: second first.
            self.assertTrue(all(entries.mapped("chain_hash")))
            self.assertEqual(entries.product_id.ids, self.product_ids[::-1])
            self.assertEqual(
                entries.mapped("sequence"),
                [(self.head_before[0] or 0) + 1, (self.head_before[0] or 0) + 2],
            )
            (result,) = Ledger._check_chain(env["res.company"].browse(self.company_id))
            self.assertTrue(result["is_intact"], result["message"])
            self.assertEqual(result["pending"], 0)

    def test_serialization_failure_after_retries_is_a_try_again_error(self):
        # A real serialization failure: a row updated by a transaction that
        # committed after this one took its snapshot (values unchanged).
        update = "UPDATE res_company SET name = name WHERE id = %s"
        with self.registry.cursor() as late, self.registry.cursor() as early:
            early.execute(
                "SELECT name FROM res_company WHERE id = %s", [self.company_id]
            )
            late.execute(update, [self.company_id])
            late.commit()
            with self.assertRaises(psycopg2.errors.SerializationFailure) as failure:
                early.execute(update, [self.company_id])
            early.rollback()
        IrHttp = self.env["ir.http"]
        error = IrHttp._concurrency_error_as_user_error(failure.exception)
        self.assertIsInstance(error, UserError)
        self.assertIn("please try again", str(error))
        other = ValueError("not a concurrency failure")
        self.assertIs(IrHttp._concurrency_error_as_user_error(other), other)

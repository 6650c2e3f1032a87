import threading

from psycopg2 import errors as pg_errors

from odoo import Command, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL


@tagged("post_install", "-at_install")
class TestOverIssueConcurrency(TransactionCase):
    """Two deliveries of 60 from one lot of 100, validated at the same instant
    by two workers (two real cursors in threads, committed data): one passes,
    the other fails, and the lot never goes negative."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            warehouse = env["stock.warehouse"].search(
                [("company_id", "=", env.company.id)], limit=1
            )
            company = env.company
            head = (company.inventory_ledger_sequence, company.inventory_ledger_hash)
            product = env["product.product"].create(
                {
                    "name": "Race Bolt",
                    "resource_type": "inventory",
                    "tracking": "lot",
                }
            )
            lot = env["stock.lot"].create({"name": "RACE-1", "product_id": product.id})
            stock = warehouse.lot_stock_id
            customers = env.ref("stock.stock_location_customers")
            env["stock.quant"]._update_available_quantity(
                product, stock, 100, lot_id=lot
            )
            pickings = env["stock.picking"].create(
                [
                    {
                        "picking_type_id": warehouse.out_type_id.id,
                        "location_id": stock.id,
                        "location_dest_id": customers.id,
                        "move_ids": [
                            Command.create(
                                {
                                    "name": product.name,
                                    "product_id": product.id,
                                    "product_uom_qty": 60,
                                    "product_uom": product.uom_id.id,
                                    "location_id": stock.id,
                                    "location_dest_id": customers.id,
                                }
                            )
                        ],
                    }
                    for _i in range(2)
                ]
            )
            pickings.action_confirm()
            for move in pickings.move_ids:
                move.move_line_ids.unlink()
                move.move_line_ids = [
                    Command.create(
                        {
                            "product_id": product.id,
                            "lot_id": lot.id,
                            "quantity": 60,
                            "location_id": stock.id,
                            "location_dest_id": customers.id,
                        }
                    )
                ]
            pickings.move_ids.picked = True
            self.product_id, self.lot_id = product.id, lot.id
            self.picking_ids = pickings.ids
        self.addCleanup(self._delete_committed, company.id, head)

    def _delete_committed(self, company_id, head):
        """Delete what the test committed (rows referencing the product
        first, whatever module made them) and put the company's audit chain
        head back where it was."""
        with self.registry.cursor() as cr:
            self._delete_rows(cr, "product_product", [self.product_id])
            cr.execute(
                SQL(
                    "DELETE FROM product_template t WHERE NOT EXISTS "
                    "(SELECT 1 FROM product_product p WHERE p.product_tmpl_id = t.id)"
                    " AND t.name->>'en_US' = 'Race Bolt'"
                )
            )
            self._delete_rows(cr, "stock_picking", self.picking_ids)
            cr.execute(
                SQL(
                    "DELETE FROM mail_message WHERE (model = 'stock.picking' "
                    "AND res_id IN %s) OR (model = 'stock.lot' AND res_id = %s)",
                    tuple(self.picking_ids),
                    self.lot_id,
                )
            )
            cr.execute(
                SQL(
                    "UPDATE res_company SET inventory_ledger_sequence = %s, "
                    "inventory_ledger_hash = %s WHERE id = %s",
                    head[0] or None,
                    head[1] or None,
                    company_id,
                )
            )

    def _delete_rows(self, cr, table, ids, depth=0):
        if not ids or depth > 6:
            return
        cr.execute(
            SQL(
                "SELECT cl.relname, att.attname FROM pg_constraint con "
                "JOIN pg_class cl ON cl.oid = con.conrelid "
                "JOIN pg_attribute att ON att.attrelid = con.conrelid "
                "AND att.attnum = con.conkey[1] "
                "WHERE con.contype = 'f' AND con.confrelid = %s::regclass "
                "AND con.confdeltype IN ('r', 'a')",
                table,
            )
        )
        for child, column in cr.fetchall():
            cr.execute(
                SQL(
                    "SELECT id FROM %s WHERE %s IN %s",
                    SQL.identifier(child),
                    SQL.identifier(column),
                    tuple(ids),
                )
            )
            child_ids = [row[0] for row in cr.fetchall()]
            if child_ids and child != table:
                self._delete_rows(cr, child, child_ids, depth + 1)
        cr.execute(
            SQL("DELETE FROM %s WHERE id IN %s", SQL.identifier(table), tuple(ids))
        )

    def _validate(self, picking_id, barrier, results):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            picking = env["stock.picking"].browse(picking_id)
            picking.move_ids.mapped("quantity")
            barrier.wait()
            try:
                picking.with_context(skip_backorder=True).button_validate()
                # two workers' own transactions: what they commit is real
                cr.commit()  # pylint: disable=invalid-commit
                results.append("done")
            except (UserError, pg_errors.SerializationFailure) as error:
                cr.rollback()
                results.append(error)

    def _lot_quantities(self):
        with self.registry.cursor() as cr:
            cr.execute(
                SQL(
                    "SELECT q.quantity FROM stock_quant q "
                    "JOIN stock_location l ON l.id = q.location_id "
                    "WHERE q.lot_id = %s AND l.usage = 'internal'",
                    self.lot_id,
                )
            )
            return [row[0] for row in cr.fetchall()]

    def _take(self, results, started, taken, first):
        """Take 60 of the lot in stock, as a done move line does. The first
        worker holds its transaction open until the second has taken (or for
        a few seconds while the second waits for its lock)."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            product = env["product.product"].browse(self.product_id)
            lot = env["stock.lot"].browse(self.lot_id)
            stock = env["stock.picking"].browse(self.picking_ids[0]).location_id
            if not first:
                started.wait(60)
            try:
                env["stock.quant"]._update_available_quantity(
                    product, stock, -60, lot_id=lot
                )
                if first:
                    started.set()
                    taken.wait(5)
                else:
                    taken.set()
                # two workers' own transactions: what they commit is real
                cr.commit()  # pylint: disable=invalid-commit
                results.append("done")
            except (UserError, pg_errors.SerializationFailure) as error:
                cr.rollback()
                results.append(error)
            finally:
                started.set()

    def test_quant_race_on_one_lot_never_leaves_it_negative(self):
        # Odoo skips the quant the first worker holds and creates a negative
        # one beside it: the lot's quants must be waited for instead.
        results = []
        started, taken = threading.Event(), threading.Event()
        threads = [
            threading.Thread(target=self._take, args=(results, started, taken, first))
            for first in (True, False)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        self.assertEqual(results.count("done"), 1, results)
        quantities = self._lot_quantities()
        self.assertFalse([q for q in quantities if q < 0], quantities)
        self.assertEqual(sum(quantities), 40)

    def test_same_lot_delivered_twice_at_once_never_goes_negative(self):
        barrier = threading.Barrier(2, timeout=60)
        results = []
        threads = [
            threading.Thread(target=self._validate, args=(picking_id, barrier, results))
            for picking_id in self.picking_ids
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        self.assertEqual(len(results), 2, results)
        self.assertEqual(results.count("done"), 1, results)
        quantities = self._lot_quantities()
        self.assertFalse([q for q in quantities if q < 0], quantities)
        self.assertEqual(sum(quantities), 40)

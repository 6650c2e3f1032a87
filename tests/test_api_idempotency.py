import threading

from odoo import api
from odoo.service.model import retrying
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestApiIdempotencyConcurrency(TransactionCase):
    """Two real transactions with the same client reference: the second,
    arriving while the first still runs, returns the first's result and never
    does the work."""

    REFERENCE = "pi-api-concurrency-test"

    def setUp(self):
        super().setUp()
        self.addCleanup(self._delete_requests)

    def _delete_requests(self):
        with self.registry.cursor() as cr:
            cr.execute(
                "DELETE FROM process_inventory_api_request WHERE reference = %s",
                [self.REFERENCE],
            )

    def _wait_for_lock_waiter(self):
        """Poll PostgreSQL until a backend of this database waits on a lock."""
        with self.registry.cursor() as cr:
            for _attempt in range(600):
                cr.execute(
                    """SELECT count(*) FROM pg_stat_activity
                        WHERE datname = current_database()
                          AND wait_event_type = 'Lock'"""
                )
                if cr.fetchone()[0]:
                    return True
                cr.rollback()
                threading.Event().wait(0.1)
        return False

    def test_retry_while_first_call_runs_returns_first_result(self):
        first_inside = threading.Event()
        release_first = threading.Event()
        done_work = []
        results = {}
        errors = []

        def call(name, work):
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, api.SUPERUSER_ID, {})
                    results[name] = retrying(
                        lambda: env["process.inventory.api.request"]._run_once(
                            "record_receipt", self.REFERENCE, [1], work
                        ),
                        env,
                    )
            except Exception as error:  # noqa: BLE001 - reported by the main thread
                errors.append(error)

        def first_work():
            first_inside.set()
            # the row is inserted, the transaction still open
            release_first.wait(60)
            done_work.append("first")
            return {"picking_id": 1}

        def second_work():
            done_work.append("second")
            return {"picking_id": 2}

        first = threading.Thread(target=call, args=("first", first_work))
        first.start()
        self.assertTrue(first_inside.wait(60))
        second = threading.Thread(target=call, args=("second", second_work))
        second.start()
        # the second call waits on the unique index while the first runs
        self.assertTrue(self._wait_for_lock_waiter())
        self.assertTrue(second.is_alive())
        release_first.set()
        first.join(60)
        second.join(60)
        self.assertFalse(errors)
        self.assertEqual(done_work, ["first"])
        self.assertEqual(
            results, {"first": {"picking_id": 1}, "second": {"picking_id": 1}}
        )

    def test_retry_after_first_call_failed_does_the_work(self):
        def failing():
            raise ValueError("scale offline")

        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            with self.assertRaises(ValueError):
                env["process.inventory.api.request"]._run_once(
                    "record_receipt", self.REFERENCE, [1], failing
                )
            cr.rollback()
            result = env["process.inventory.api.request"]._run_once(
                "record_receipt", self.REFERENCE, [1], lambda: {"picking_id": 3}
            )
        self.assertEqual(result, {"picking_id": 3})

#!/usr/bin/env python3
"""Audit trail concurrency benchmark: ``--clients`` clients (threads, each
with its own cursor) validate receipts of ONE company at the same instant,
``--rounds`` times, and the wall time of each validation (``button_validate``
and its commit, which runs the post-commit seal of the audit trail) is
printed, median and max, with the time the seal step waited for the
company's chain lock.

It commits its receipts: run it on a scratch copy of a database where
process_inventory is installed::

    createdb -T DBNAME DBNAME_bench
    python3 bench/ledger_concurrency_bench.py DBNAME_bench [-c odoo.conf]

With ``--native``, the same run with the audit trail's hooks switched off
(receipts validated as by Odoo without the add-on's ledger) for comparison.
"""

import argparse
import statistics
import sys
import threading
import time


def run(registry, clients, rounds, native):
    from odoo import SUPERUSER_ID, api
    from odoo.addons.process_inventory.models.audit import (
        stock_inventory_ledger_seal,
        stock_move_line,
    )

    Seal = stock_inventory_ledger_seal.StockInventoryLedgerSeal
    MoveLine = stock_move_line.StockMoveLine
    lock_waits = []
    original_seal = Seal._seal_pending

    def timed_seal(self, companies=None):
        # Take the company lock first, timed; the seal takes it again (an
        # advisory lock is re-entrant within its transaction).
        for company_id in sorted(companies.ids if companies else []):
            start = time.perf_counter()
            self.env.cr.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)",
                (stock_inventory_ledger_seal.SEAL_LOCK_KEY, company_id),
            )
            lock_waits.append(time.perf_counter() - start)
        return original_seal(self, companies)

    Seal._seal_pending = timed_seal
    original_entries = MoveLine._create_inventory_ledger_entries
    if native:
        MoveLine._create_inventory_ledger_entries = lambda self: None

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        tag = str(int(time.time()))[-6:]
        products = env["product.product"].create(
            [
                {"name": f"Bench {tag} resin {index}", "resource_type": "inventory"}
                for index in range(clients)
            ]
        )
        product_ids = products.ids
        picking_type_id = env.ref("stock.warehouse0").in_type_id.id

    barrier = threading.Barrier(clients)
    timings = []
    errors = []

    def client(product_id):
        try:
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                picking_type = env["stock.picking.type"].browse(picking_type_id)
                source = picking_type.default_location_src_id.id
                destination = picking_type.default_location_dest_id.id
                for _round in range(rounds):
                    picking = env["stock.picking"].create(
                        {
                            "picking_type_id": picking_type.id,
                            "location_id": source,
                            "location_dest_id": destination,
                            "move_ids": [
                                (
                                    0,
                                    0,
                                    {
                                        "name": "Bench receipt",
                                        "product_id": product_id,
                                        "product_uom_qty": 5,
                                        "location_id": source,
                                        "location_dest_id": destination,
                                    },
                                )
                            ],
                        }
                    )
                    picking.action_confirm()
                    cr.commit()
                    barrier.wait()
                    start = time.perf_counter()
                    picking.button_validate()
                    cr.commit()
                    timings.append(time.perf_counter() - start)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
            barrier.abort()

    threads = [threading.Thread(target=client, args=(pid,)) for pid in product_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    Seal._seal_pending = original_seal
    MoveLine._create_inventory_ledger_entries = original_entries
    if errors:
        print(f"{len(errors)} client(s) failed: {errors[0]!r}", file=sys.stderr)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = env.ref("base.main_company")
        (result,) = env["stock.inventory.ledger"]._check_chain(company)
    return timings, lock_waits, result["message"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("database")
    parser.add_argument("-c", "--config", help="Odoo configuration file")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--native", action="store_true")
    args = parser.parse_args()

    import odoo
    from odoo.tools import config

    config.parse_config(["-c", args.config] if args.config else [])
    registry = odoo.modules.registry.Registry(args.database)
    timings, lock_waits, chain = run(registry, args.clients, args.rounds, args.native)
    label = "without the audit trail" if args.native else "with the audit trail"
    print(f"{args.clients} clients x {args.rounds} rounds, one company, {label}")
    print("| measure | median (s) | max (s) | count |")
    print("|---|---|---|---|")
    for name, values in (
        ("validation wall time (incl. seal)", timings),
        ("seal: wait for the company lock", lock_waits),
    ):
        if values:
            print(
                f"| {name} | {statistics.median(values):.3f} | "
                f"{max(values):.3f} | {len(values)} |"
            )
    print(chain)


if __name__ == "__main__":
    main()

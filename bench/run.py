#!/usr/bin/env python3
"""process_inventory at plant scale, side by side with native Odoo 18.

One command builds (or reuses) a benchmark database of a given size and
prints, from one run on it, a table: operation, data size, Odoo native time
and queries, add-on time and queries, ratio (add-on / native)::

    python3 bench/run.py --size quick            # ~1.5k move lines, a minute
    python3 bench/run.py --size large            # ~90k done move lines
    python3 bench/run.py --size medium --db my_bench --rebuild

The database (default ``pi_bench_<size>``) is created with the add-on
installed, without demo data, then filled by a deterministic generator: a
template of each document is made once through the ORM (a receipt, a
manufacturing order, a sales and a purchase order), then cloned in bulk by
SQL with arithmetic ids, so that the large size builds in minutes; ANALYZE
runs after loading. The plant has ``stages`` production stages of ``width``
lots each over ``products`` products with multi-level bills of materials;
each manufacturing order consumes ``consumes`` lots of the stage before, a
"bulk" raw lot feeds one order in forty of the first stage and a "heavy" raw
lot every other one; raw lots come in by receipts, finished lots leave by
deliveries, one finished lot in four is split into two sub-lots, and open
sales and purchase orders give the buckets something to plan.

Rows (same database, same run; every operation's own writes rolled back):

* trace: ``stock.lot.genealogy.trace`` against Odoo's
  ``stock.traceability.report`` unfolded line by line as a user clicking
  every line open (stopped after ``--native-timeout`` seconds), and a plain
  recursive CTE over the same links (production links and sub-lots); the
  lot sets of the add-on and the CTE are checked equal;
* the trace wizard (``stock.lot.trace.action_trace``) and the size of the
  form it sends;
* one product form's quantities and all products' quantities: the flow
  buckets against Odoo's ``qty_available`` / ``incoming_qty`` /
  ``outgoing_qty`` / ``virtual_available``;
* purchasing consolidation against the replenishment report
  (``stock.warehouse.orderpoint.action_open_orderpoints``);
* receipt and delivery validation per line. With ``--native-db`` the same
  validations also run in a database without the add-on (built the same way
  by this command, runs interleaved) for the "without add-on" column.

Odoo is found as ``tools/dev.py`` finds it (same configuration file) unless
``-c`` is given.
"""

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from plant import analyze, counts, generate

REPO = Path(__file__).resolve().parent.parent
SIZES = {
    # width: lots per stage; stages: production stages after the raw one;
    # consumes: lots each manufacturing order consumes; products in all
    "quick": {"width": 100, "stages": 3, "consumes": 3, "products": 100},
    "medium": {"width": 1000, "stages": 4, "consumes": 4, "products": 1000},
    "large": {"width": 4000, "stages": 4, "consumes": 4, "products": 5000},
}
NATIVE_MODULES = "stock,mrp,purchase_stock,sale_stock,product_expiry"


# ----------------------------------------------------------------------
# Database
# ----------------------------------------------------------------------
def odoo_config(http_port):
    sys.path.insert(0, str(REPO / "tools"))
    import dev

    return dev.prepare(http_port)


def database_exists(name):
    import psycopg2

    with psycopg2.connect(dbname="postgres") as conn, conn.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return bool(cr.fetchone())


def drop_database(name):
    import psycopg2

    conn = psycopg2.connect(dbname="postgres")
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute(f'DROP DATABASE IF EXISTS "{name}"')
    conn.close()


def install(config, database, modules):
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "odoo",
            "-c",
            str(config),
            "-d",
            database,
            "-i",
            modules,
            "--without-demo=all",
            "--stop-after-init",
            "--log-level=warn",
        ],
        check=True,
    )
    return time.perf_counter() - started


# ----------------------------------------------------------------------
# Measurements
# ----------------------------------------------------------------------
def measure(env, function):
    """(seconds, queries, result) of ``function`` with empty caches."""
    env.invalidate_all()
    env.registry.clear_cache()
    queries = env.cr.sql_log_count
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, env.cr.sql_log_count - queries, result


def native_unfold(env, lot_id, timeout):
    """Odoo's traceability report as a user unfolds every line: number of
    report lines, or None when stopped after ``timeout`` seconds. Odoo's
    report has no direction: it unfolds what each line links to, so a
    forward and a backward trace cost it the same walk."""
    report = env["stock.traceability.report"].with_context(
        active_id=lot_id, model="stock.lot"
    )
    stop = time.perf_counter() + timeout
    todo = list(report.get_lines())
    count = 0
    while todo:
        if time.perf_counter() > stop:
            return None
        line = todo.pop()
        count += 1
        if line["unfoldable"]:
            todo.extend(
                report.get_lines(
                    line["id"],
                    model_id=line["model_id"],
                    model_name=line["model"],
                    level=line["level"] + 30,
                )
            )
    return count


def cte_trace(env, lot_id, forward):
    """The plain recursive query: lots reached through production links and
    sub-lots, one lot at a time through the indexes."""
    near, far = ("produce_line_id", "consume_line_id")
    split = "SELECT id FROM stock_lot WHERE parent_lot_id = w.lot_id"
    if not forward:
        near, far = far, near
        split = "SELECT parent_lot_id FROM stock_lot WHERE id = w.lot_id"
    env.cr.execute(
        f"""WITH RECURSIVE walk(lot_id) AS (
                SELECT %s::int
                UNION
                SELECT x.lot_id FROM walk w CROSS JOIN LATERAL (
                    SELECT f.lot_id
                      FROM stock_move_line n
                      JOIN stock_move_line_consume_rel r ON r.{near} = n.id
                      JOIN stock_move_line f ON f.id = r.{far}
                     WHERE n.lot_id = w.lot_id AND n.state = 'done'
                       AND f.state = 'done' AND f.lot_id IS NOT NULL
                    UNION ALL
                    {split}
                ) x WHERE x.lot_id IS NOT NULL
            )
            SELECT array_agg(lot_id) FROM walk""",
        [lot_id],
    )
    return set(env.cr.fetchone()[0] or [])


def row(table, operation, size, native, addon):
    """A table row from (seconds, queries) pairs; None: not measured."""

    def cell(value):
        if value is None:
            return "-"
        seconds, queries = value
        if seconds is None:
            return f"> {queries} s"
        return (
            f"{seconds:.3f} s, {queries} q"
            if queries is not None
            else f"{seconds:.3f} s"
        )

    ratio = "-"
    if native and addon and native[0] and addon[0] is not None:
        ratio = f"{addon[0] / native[0]:.2f}"
    table.append((operation, size, cell(native), cell(addon), ratio))


def trace_rows(env, table, data, timeout):
    genealogy = env["stock.lot.genealogy"]
    lot, width, stages = data["lot"], data["width"], data["stages"]
    cases = [
        ("forward trace, typical raw lot", lot + 5, "forward"),
        ("forward trace, bulk raw lot", lot + 1, "forward"),
        ("forward trace, heavy raw lot", lot, "forward"),
        ("backward trace, finished lot", lot + stages * width + 3, "backward"),
    ]
    for label, lot_id, direction in cases:
        seconds, queries, result = measure(
            env,
            lambda lot_id=lot_id, direction=direction: genealogy.trace(
                "stock.lot", lot_id, direction
            ),
        )
        lots = {node["id"] for node in result["nodes"] if node["type"] == "lot"}
        cte = measure(
            env,
            lambda lot_id=lot_id, direction=direction: cte_trace(
                env, lot_id, direction == "forward"
            ),
        )
        agree = "same lots" if cte[2] == lots else "LOT SETS DIFFER"
        size = f"{len(lots)} lots, {len(result['edges'])} links ({agree})"
        native = measure(env, lambda lot_id=lot_id: native_unfold(env, lot_id, timeout))
        native_cell = (None, timeout) if native[2] is None else native[:2]
        row(
            table,
            f"{label} vs traceability report",
            size,
            native_cell,
            (seconds, queries),
        )
        row(table, f"{label} vs plain recursive CTE", size, cte[:2], (seconds, queries))
        wizard = env["stock.lot.trace"].create(
            {"start_ref": f"stock.lot,{lot_id}", "direction": direction}
        )
        traced = measure(env, wizard.action_trace)
        form = measure(
            env,
            lambda wizard=wizard: wizard.web_read(
                {
                    name: {}
                    for name in (
                        "start_ref",
                        "direction",
                        "node_count",
                        "edge_count",
                        "is_truncated",
                        "graph_svg",
                        "roots_html",
                        "leaves_html",
                    )
                }
            ),
        )
        payload = len(json.dumps(form[2], default=str))
        row(
            table,
            f"{label}: trace wizard + form read",
            f"{size[: size.index(' (')]}, form {payload / 1024:.0f} kB"
            f"{', tree truncated' if wizard.is_truncated else ''}",
            None,
            (traced[0] + form[0], traced[1] + form[1]),
        )
        env.cr.rollback()


def quantity_rows(env, table, data):
    Product = env["product.product"]
    native_fields = [
        "qty_available",
        "incoming_qty",
        "outgoing_qty",
        "virtual_available",
    ]
    flow_fields = [
        f"flow_qty_{b}"
        for b in (
            "on_hand",
            "wip",
            "on_demand",
            "on_order",
            "in_production",
            "allocated",
            "dependent",
            "available",
        )
    ]
    # a finished product: its form shows both sets of fields
    one = Product.browse(data["products"] + data["product_count"] - 1)
    native = measure(env, lambda: one.read(native_fields))
    addon = measure(env, lambda: one.read(flow_fields))
    row(
        table,
        "one product form: quantities",
        f"of {data['product_count']} products",
        native[:2],
        addon[:2],
    )
    every = Product.search([])
    native = measure(env, lambda: every.read(native_fields))
    addon = measure(env, lambda: Product.get_flow_quantities(every.ids))
    row(
        table,
        "all products: quantities",
        f"{len(every)} products",
        native[:2],
        addon[:2],
    )
    native = measure(
        env, lambda: env["stock.warehouse.orderpoint"].action_open_orderpoints()
    )
    consolidation = env["purchase.consolidation"].create(
        {"warehouse_id": data["warehouse"]}
    )
    addon = measure(env, consolidation.action_compute)
    row(
        table,
        "consolidation vs replenishment report",
        f"{len(consolidation.line_ids)} lines to buy",
        native[:2],
        addon[:2],
    )
    env.cr.rollback()


def validation(env, data, kind, lines):
    """Validate one receipt or delivery of ``lines`` lot lines; return
    (seconds, queries) per line of the validation alone."""
    from odoo import Command

    warehouse = env["stock.warehouse"].browse(data["warehouse"])
    Product = env["product.product"]
    if kind == "receipt":
        picking_type = warehouse.in_type_id
        source = env.ref("stock.stock_location_suppliers")
        dest = warehouse.lot_stock_id
        products = Product.browse(range(data["products"], data["products"] + lines))
        lots = [False] * lines
    else:
        picking_type = warehouse.out_type_id
        source = warehouse.lot_stock_id
        dest = env.ref("stock.stock_location_customers")
        lot_ids = range(data["lot"], data["lot"] + lines)
        lots = env["stock.lot"].browse(lot_ids)
        products = lots.product_id
        lots = list(lots)
    picking = env["stock.picking"].create(
        {
            "picking_type_id": picking_type.id,
            "location_id": source.id,
            "location_dest_id": dest.id,
            "partner_id": data["customer"],
            "move_ids": [
                Command.create(
                    {
                        "name": "bench",
                        "product_id": (lot.product_id if lot else product).id,
                        "product_uom_qty": 1,
                        "product_uom": (lot.product_id if lot else product).uom_id.id,
                        "location_id": source.id,
                        "location_dest_id": dest.id,
                    }
                )
                for product, lot in zip(products, lots, strict=False)
            ],
        }
    )
    picking.action_confirm()
    picking.move_ids.move_line_ids.unlink()
    env["stock.move.line"].create(
        [
            {
                "move_id": move.id,
                "picking_id": picking.id,
                "product_id": move.product_id.id,
                "lot_id": lot.id if lot else False,
                "lot_name": False if lot else f"BENCH-V-{move.id}",
                "quantity": 1,
                "location_id": source.id,
                "location_dest_id": dest.id,
            }
            for move, lot in zip(picking.move_ids, lots, strict=False)
        ]
    )
    picking.move_ids.picked = True
    env.flush_all()
    seconds, queries, _result = measure(
        env, lambda: picking.with_context(skip_backorder=True).button_validate()
    )
    env.cr.rollback()
    return seconds / lines, queries / lines


def validation_rows(registry, native_registry, table, data, native_data, rounds):
    import odoo

    results = {}
    for kind in ("receipt", "delivery"):
        for _round in range(rounds):
            # interleaved, so that the machine's load weighs on both alike
            for name, reg, figures in (
                ("addon", registry, data),
                ("native", native_registry, native_data),
            ):
                if reg is None:
                    continue
                with reg.cursor() as cr:
                    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
                    try:
                        value = validation(env, figures, kind, 20)
                    except Exception as error:  # noqa: BLE001 - reported, not hidden
                        print(f"{name} {kind} validation failed: {error}")
                        value = None
                    cr.rollback()
                if value:
                    best = results.get((name, kind))
                    results[(name, kind)] = min(best, value) if best else value
        native = results.get(("native", kind))
        addon = results.get(("addon", kind))
        row(
            table,
            f"{kind} validation, per line",
            f"20 lot lines, best of {rounds}",
            native and (native[0], round(native[1], 1)),
            addon and (addon[0], round(addon[1], 1)),
        )


def print_table(table, header):
    widths = [max(len(str(r[i])) for r in [header, *table]) for i in range(5)]
    rule = "  ".join("=" * w for w in widths)
    print(rule)
    print("  ".join(str(h).ljust(w) for h, w in zip(header, widths, strict=True)))
    print(rule)
    for line in table:
        print("  ".join(str(c).ljust(w) for c, w in zip(line, widths, strict=True)))
    print(rule)


# ----------------------------------------------------------------------
def build(config, database, size, modules):
    import odoo

    if database_exists(database):
        return None
    print(f"installing {modules} into {database} ...", flush=True)
    install_seconds = install(config, database, modules)
    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        started = time.perf_counter()
        data = generate(env, **SIZES[size])
        cr.execute(
            "CREATE TABLE IF NOT EXISTS pi_bench (data jsonb); DELETE FROM pi_bench;"
            "INSERT INTO pi_bench VALUES (%s)",
            [json.dumps(data)],
        )
        cr.commit()
    analyze(database)
    print(
        f"{database}: installed in {install_seconds:.0f} s, generated and analyzed "
        f"in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    return data


def load(database):
    import odoo

    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        cr.execute("SELECT data FROM pi_bench")
        return registry, cr.fetchone()[0]


def install_on_history(config, native_database, table):
    """Install the add-on on a copy of the database without it (its history
    made by the same generator): time and chatter messages written."""
    import psycopg2

    copy = f"{native_database}_install"
    drop_database(copy)
    conn = psycopg2.connect(dbname="postgres")
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{native_database}"')
    conn.close()

    def figures():
        with psycopg2.connect(dbname=copy) as conn, conn.cursor() as cr:
            cr.execute("SELECT count(*) FROM mail_message")
            messages = cr.fetchone()[0]
            return messages, *counts(cr)

    before = figures()
    seconds = install(config, copy, "process_inventory")
    after = figures()
    drop_database(copy)
    row(
        table,
        "install on a database with history",
        f"{before[1]} done move lines, {before[2]} lots, {before[3]} products; "
        f"{after[0] - before[0]} chatter messages written",
        None,
        (seconds, None),
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=SIZES, default="quick")
    parser.add_argument("--db", help="database (default pi_bench_<size>)")
    parser.add_argument("-c", "--config", help="Odoo configuration file")
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild")
    parser.add_argument(
        "--native-db",
        action="store_true",
        help="also build <db>_native without the add-on for the validations",
    )
    parser.add_argument("--native-timeout", type=float, default=60.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--http-port", type=int, default=8069)
    parser.add_argument(
        "--skip",
        default="",
        help="comma-separated: trace,quantities,validation,install",
    )
    args = parser.parse_args()
    database = args.db or f"pi_bench_{args.size}"
    native_database = f"{database}_native" if args.native_db else None

    config = args.config or str(odoo_config(args.http_port))
    import odoo
    from odoo.tools import config as odoo_conf

    odoo_conf.parse_config(["-c", config, "--log-level=warn"])
    for name, modules in (
        (database, "process_inventory"),
        (native_database, NATIVE_MODULES),
    ):
        if not name:
            continue
        if args.rebuild:
            drop_database(name)
        build(config, name, args.size, modules)
    table = []
    skip = set(args.skip.split(","))
    if native_database and "install" not in skip:
        install_on_history(config, native_database, table)
    registry, data = load(database)
    native_registry, native_data = (
        load(native_database) if native_database else (None, None)
    )
    with registry.cursor() as cr:
        done, lots, products = counts(cr)
    print(f"{database}: {done} done move lines, {lots} lots, {products} products")
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        if "trace" not in skip:
            trace_rows(env, table, data, args.native_timeout)
        if "quantities" not in skip:
            quantity_rows(env, table, data)
        cr.rollback()
    if "validation" not in skip:
        validation_rows(
            registry, native_registry, table, data, native_data, args.rounds
        )
    print_table(
        table,
        ("operation", "data size", "Odoo native", "add-on", "ratio"),
    )


if __name__ == "__main__":
    sys.exit(main())

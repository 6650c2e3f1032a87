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

REPO = Path(__file__).resolve().parent.parent
SIZES = {
    # width: lots per stage; stages: production stages after the raw one;
    # consumes: lots each manufacturing order consumes; products in all
    "quick": {"width": 100, "stages": 3, "consumes": 3, "products": 100},
    "medium": {"width": 1000, "stages": 4, "consumes": 4, "products": 1000},
    "large": {"width": 4000, "stages": 4, "consumes": 4, "products": 5000},
}
NATIVE_MODULES = "stock,mrp,purchase_stock,sale_stock,product_expiry"
BASE_DATE = "2025-01-06 08:00:00"


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
# Generator
# ----------------------------------------------------------------------
def columns(cr, table):
    cr.execute(
        """SELECT column_name FROM information_schema.columns
            WHERE table_name = %s AND column_name <> 'id'
            ORDER BY ordinal_position""",
        [table],
    )
    return [row[0] for row in cr.fetchall()]


def has_column(cr, table, column):
    return column in columns(cr, table)


def clone(cr, table, template_id, count, overrides, params=None):
    """Insert ``count`` copies of row ``template_id`` of ``table`` with ids
    ``base .. base + count - 1``; ``overrides`` maps columns to SQL
    expressions of ``g`` (1 .. count) and of the template row ``t``. Return
    ``base``. Only integers computed here are put into the SQL text; any
    other value goes through ``params``."""
    if not count:
        return None
    cr.execute(f"SELECT nextval('{table}_id_seq')")
    base = cr.fetchone()[0]
    cr.execute(f"SELECT setval('{table}_id_seq', %s)", [base + count])
    cols = [c for c in columns(cr, table) if c != "id"]
    exprs = [overrides.get(c, f't."{c}"') for c in cols]
    cr.execute(
        f"""INSERT INTO {table} (id, {", ".join(f'"{c}"' for c in cols)})
            SELECT {base} + g - 1, {", ".join(exprs)}
              FROM {table} t CROSS JOIN generate_series(1, {count}) g
             WHERE t.id = {int(template_id)}""",
        params or {},
    )
    return base


def make_templates(env):
    """One of each document through the ORM: the rows every bulk copy
    starts from."""
    from odoo import Command

    warehouse = env.ref("stock.warehouse0")
    stock = warehouse.lot_stock_id
    supplier = env["res.partner"].create({"name": "Bench Supplier"})
    customer = env["res.partner"].create({"name": "Bench Customer"})
    values = {"is_storable": True, "tracking": "lot", "purchase_ok": True}
    if "resource_type" in env["product.product"]._fields:
        values["resource_type"] = "inventory"
    raw, made = env["product.product"].create(
        [dict(values, name="Bench raw"), dict(values, name="Bench made")]
    )
    bom = env["mrp.bom"].create(
        {
            "product_tmpl_id": made.product_tmpl_id.id,
            "product_qty": 1,
            "bom_line_ids": [Command.create({"product_id": raw.id, "product_qty": 1})],
        }
    )
    receipt = env["stock.picking"].create(
        {
            "picking_type_id": warehouse.in_type_id.id,
            "partner_id": supplier.id,
            "location_id": env.ref("stock.stock_location_suppliers").id,
            "location_dest_id": stock.id,
            "move_ids": [
                Command.create(
                    {
                        "name": raw.name,
                        "product_id": raw.id,
                        "product_uom_qty": 1000,
                        "product_uom": raw.uom_id.id,
                        "location_id": env.ref("stock.stock_location_suppliers").id,
                        "location_dest_id": stock.id,
                    }
                )
            ],
        }
    )
    receipt.action_confirm()
    receipt.move_ids.move_line_ids.unlink()
    env["stock.move.line"].create(
        {
            "move_id": receipt.move_ids.id,
            "picking_id": receipt.id,
            "product_id": raw.id,
            "lot_name": "BENCH-T-RAW",
            "quantity": 1000,
            "location_id": receipt.location_id.id,
            "location_dest_id": stock.id,
        }
    )
    receipt.move_ids.picked = True
    receipt.with_context(skip_backorder=True).button_validate()
    raw_lot = receipt.move_ids.move_line_ids.lot_id
    production = env["mrp.production"].create(
        {"product_id": made.id, "bom_id": bom.id, "product_qty": 30}
    )
    production.action_confirm()
    move_raw = production.move_raw_ids
    move_raw.move_line_ids.unlink()
    env["stock.move.line"].create(
        {
            "move_id": move_raw.id,
            "product_id": raw.id,
            "lot_id": raw_lot.id,
            "quantity": 30,
            "location_id": move_raw.location_id.id,
            "location_dest_id": move_raw.location_dest_id.id,
        }
    )
    move_raw.picked = True
    move_raw.manual_consumption = True
    production.lot_producing_id = env["stock.lot"].create(
        {"name": "BENCH-T-MADE", "product_id": made.id}
    )
    production.qty_producing = 30
    production._set_qty_producing(False)
    production.button_mark_done()
    sale = env["sale.order"].create(
        {
            "partner_id": customer.id,
            "order_line": [
                Command.create({"product_id": made.id, "product_uom_qty": 5})
            ],
        }
    )
    sale.action_confirm()
    purchase = env["purchase.order"].create(
        {
            "partner_id": supplier.id,
            "order_line": [Command.create({"product_id": raw.id, "product_qty": 50})],
        }
    )
    purchase.button_confirm()
    env.flush_all()
    return {
        "warehouse": warehouse.id,
        "stock": stock.id,
        "customer_location": env.ref("stock.stock_location_customers").id,
        "out_type": warehouse.out_type_id.id,
        "customer": customer.id,
        "raw_template": raw.product_tmpl_id.id,
        "raw": raw.id,
        "bom": bom.id,
        "bom_line": bom.bom_line_ids.id,
        "receipt": receipt.id,
        "receipt_move": receipt.move_ids.id,
        "receipt_line": receipt.move_ids.move_line_ids.id,
        "raw_lot": raw_lot.id,
        "quant": env["stock.quant"]
        .search([("lot_id", "=", raw_lot.id), ("location_id", "=", stock.id)])
        .id,
        "production": production.id,
        "production_raw_move": move_raw.id,
        "production_raw_line": move_raw.move_line_ids.id,
        "production_move": production.move_finished_ids.id,
        "production_line": production.move_finished_ids.move_line_ids.id,
        "sale": sale.id,
        "sale_line": sale.order_line.id,
        "sale_move": sale.order_line.move_ids.id,
        "purchase": purchase.id,
        "purchase_line": purchase.order_line.id,
        "purchase_move": purchase.order_line.move_ids.id,
    }


def generate(env, width, stages, consumes, products):
    """Fill the plant (see the module docstring); return the figures the
    measurements need."""
    cr = env.cr
    t = make_templates(env)
    per = products // (stages + 1)
    assert width % per == 0, "width must be a multiple of products per stage"
    nlots = width * (stages + 1)
    # products: product index p = stage * per + j
    tmpl = clone(
        cr,
        "product_template",
        t["raw_template"],
        per * (stages + 1),
        {
            "name": "jsonb_build_object('en_US', 'Bench P' || (g - 1))",
        },
    )
    prod = clone(
        cr,
        "product_product",
        t["raw"],
        per * (stages + 1),
        {
            "product_tmpl_id": f"{tmpl} + g - 1",
            "default_code": "'BP' || (g - 1)",
        },
    )
    # bills of materials: product (s, j) uses (s - 1, (j + 7k) % per)
    bom = clone(
        cr,
        "mrp_bom",
        t["bom"],
        per * stages,
        {"product_tmpl_id": f"{tmpl} + {per} + g - 1", "product_id": "NULL"},
    )
    clone(
        cr,
        "mrp_bom_line",
        t["bom_line"],
        per * stages * consumes,
        {
            "bom_id": f"{bom} + (g - 1) / {consumes}",
            "product_id": f"{prod} + ((g - 1) / {consumes} / {per}) * {per}"
            f" + (((g - 1) / {consumes}) % {per} + 7 * ((g - 1) % {consumes}))"
            f" % {per}",
        },
    )

    def lot_product(lot_index_sql):
        # lot (s, i) is of product (s, i % per)
        return (
            f"{prod} + (({lot_index_sql}) / {width}) * {per}"
            f" + ({lot_index_sql}) % {per}"
        )

    def date(minutes_sql):
        return f"'{BASE_DATE}'::timestamp + ({minutes_sql}) * interval '1 minute'"

    lot_date = date(f"((g - 1) / {width}) * 1440 + (g - 1) % {width}")
    lot_overrides = {
        "name": "'BL' || lpad((g - 1)::text, 6, '0')",
        "product_id": lot_product("g - 1"),
        "create_date": lot_date,
    }
    if has_column(cr, "stock_lot", "manufacturing_date"):
        lot_overrides["manufacturing_date"] = lot_date
    lot = clone(cr, "stock_lot", t["raw_lot"], nlots, lot_overrides)

    # receipts: raw lot i in receipt i / 10
    receipts = clone(
        cr,
        "stock_picking",
        t["receipt"],
        (width + 9) // 10,
        {"name": "'BENCH/IN/' || g", "date_done": date("g * 10")},
    )
    receipt_move = clone(
        cr,
        "stock_move",
        t["receipt_move"],
        width,
        {
            "picking_id": f"{receipts} + (g - 1) / 10",
            "product_id": lot_product("g - 1"),
            "date": date("g - 1"),
            "reference": "'BENCH/IN/' || ((g - 1) / 10 + 1)",
        },
    )
    clone(
        cr,
        "stock_move_line",
        t["receipt_line"],
        width,
        {
            "move_id": f"{receipt_move} + g - 1",
            "picking_id": f"{receipts} + (g - 1) / 10",
            "product_id": lot_product("g - 1"),
            "lot_id": f"{lot} + g - 1",
            "lot_name": "NULL",
            "date": date("g - 1"),
            "reference": "'BENCH/IN/' || ((g - 1) / 10 + 1)",
        },
    )

    # manufacturing orders: order m = (s - 1) * width + i makes lot (s, i)
    orders = stages * width
    production = clone(
        cr,
        "mrp_production",
        t["production"],
        orders,
        {
            "name": "'BENCH/MO/' || g",
            "product_id": lot_product(f"{width} + g - 1"),
            "lot_producing_id": f"{lot} + {width} + g - 1",
            "date_start": date(f"{width} + g"),
            "date_finished": date(f"{width} + g"),
        },
    )
    made_date = date(f"(g - 1) / {width} * 1440 + 1440 + (g - 1) % {width}")
    made_move = clone(
        cr,
        "stock_move",
        t["production_move"],
        orders,
        {
            "production_id": f"{production} + g - 1",
            "product_id": lot_product(f"{width} + g - 1"),
            "date": made_date,
            "reference": "'BENCH/MO/' || g",
        },
    )
    made_line = clone(
        cr,
        "stock_move_line",
        t["production_line"],
        orders,
        {
            "move_id": f"{made_move} + g - 1",
            "product_id": lot_product(f"{width} + g - 1"),
            "lot_id": f"{lot} + {width} + g - 1",
            "quantity": "50",
            "quantity_product_uom": "50",
            "date": made_date,
            "reference": "'BENCH/MO/' || g",
        },
    )

    def consumption(count, order_sql, lot_sql):
        """Raw moves and lines of ``count`` consumptions: order index and
        consumed lot index as SQL of g."""
        consumed_date = date(
            f"({order_sql}) / {width} * 1440 + 1440 + ({order_sql}) % {width}"
        )
        move = clone(
            cr,
            "stock_move",
            t["production_raw_move"],
            count,
            {
                "raw_material_production_id": f"{production} + {order_sql}",
                "product_id": lot_product(lot_sql),
                "date": consumed_date,
                "reference": f"'BENCH/MO/' || ({order_sql} + 1)",
            },
        )
        line = clone(
            cr,
            "stock_move_line",
            t["production_raw_line"],
            count,
            {
                "move_id": f"{move} + g - 1",
                "product_id": lot_product(lot_sql),
                "lot_id": f"{lot} + {lot_sql}",
                "quantity": "10",
                "quantity_product_uom": "10",
                "date": consumed_date,
                "reference": f"'BENCH/MO/' || ({order_sql} + 1)",
            },
        )
        cr.execute(
            f"""INSERT INTO stock_move_line_consume_rel
                       (consume_line_id, produce_line_id)
                SELECT {made_line} + {order_sql}, {line} + g - 1
                  FROM generate_series(1, {count}) g"""
        )

    order = f"((g - 1) / {consumes})"
    consumption(
        orders * consumes,
        order,
        f"({order} / {width}) * {width}"
        f" + ({order} % {width} + 7 * ((g - 1) % {consumes})) % {width}",
    )
    # the heavy raw lot 0 feeds every other first-stage order, the bulk raw
    # lot 1 one in forty
    consumption(width // 2, "(g - 1) * 2", "0")
    consumption(width // 40, "(g - 1) * 40 + 1", "1")

    # sub-lots: finished lot i (i % 4 == 0) split into two
    final = stages * width
    if has_column(cr, "stock_lot", "parent_lot_id"):
        sub_lot = clone(
            cr,
            "stock_lot",
            t["raw_lot"],
            width // 2,
            dict(
                lot_overrides,
                name="'BL' || lpad(((g - 1) / 2 * 4 + " + str(final) + ")::text, 6,"
                " '0') || '/0' || ((g - 1) % 2 + 1)",
                product_id=lot_product(f"{final} + (g - 1) / 2 * 4"),
                create_date=date(f"{stages} * 1440 + 1440 + g"),
                parent_lot_id=f"{lot} + {final} + (g - 1) / 2 * 4",
                **(
                    {"manufacturing_date": date(f"{stages} * 1440 + g")}
                    if "manufacturing_date" in lot_overrides
                    else {}
                ),
            ),
        )
    else:
        sub_lot = None

    # deliveries: finished lot i in delivery i / 10, 20 of its 30 units
    deliveries = clone(
        cr,
        "stock_picking",
        t["receipt"],
        (width + 9) // 10,
        {
            "name": "'BENCH/OUT/' || g",
            "picking_type_id": str(t["out_type"]),
            "location_id": str(t["stock"]),
            "location_dest_id": str(t["customer_location"]),
            "partner_id": str(t["customer"]),
            "date_done": date(f"{stages} * 1440 + 2880 + g * 10"),
        },
    )
    delivery_common = {
        "picking_id": f"{deliveries} + (g - 1) / 10",
        "product_id": lot_product(f"{final} + g - 1"),
        "location_id": str(t["stock"]),
        "location_dest_id": str(t["customer_location"]),
        "date": date(f"{stages} * 1440 + 2880 + g"),
        "reference": "'BENCH/OUT/' || ((g - 1) / 10 + 1)",
    }
    delivery_move = clone(
        cr,
        "stock_move",
        t["receipt_move"],
        width,
        dict(
            delivery_common,
            picking_type_id=str(t["out_type"]),
            product_uom_qty="20",
            product_qty="20",
            quantity="20",
            warehouse_id=str(t["warehouse"]),
        ),
    )
    clone(
        cr,
        "stock_move_line",
        t["receipt_line"],
        width,
        dict(
            delivery_common,
            move_id=f"{delivery_move} + g - 1",
            lot_id=f"{lot} + {final} + g - 1",
            lot_name="NULL",
            quantity="20",
            quantity_product_uom="20",
        ),
    )

    # on hand: what came in less what went out, per lot, in stock
    quant_overrides = {
        "product_id": "x.product_id",
        "lot_id": "x.lot_id",
        "quantity": "x.qty",
        "reserved_quantity": "0",
        "in_date": "x.in_date",
    }
    for column, expression in (
        ("parent_lot_id", "NULL"),
        ("manufacturing_date", "x.in_date"),
        ("secondary_quantity", "0"),
    ):
        if has_column(cr, "stock_quant", column):
            quant_overrides[column] = expression
    cols = [c for c in columns(cr, "stock_quant") if c != "id"]
    cr.execute(
        f"""INSERT INTO stock_quant ({", ".join(f'"{c}"' for c in cols)})
            SELECT {", ".join(quant_overrides.get(c, f't."{c}"') for c in cols)}
              FROM stock_quant t, (
                   SELECT ml.lot_id, ml.product_id, MIN(ml.date) AS in_date,
                          SUM(CASE WHEN ml.location_dest_id = {t["stock"]}
                                   THEN ml.quantity ELSE -ml.quantity END) AS qty
                     FROM stock_move_line ml
                    WHERE ml.lot_id >= {lot}
                      AND {t["stock"]} IN (ml.location_id, ml.location_dest_id)
                    GROUP BY ml.lot_id, ml.product_id) x
             WHERE t.id = {t["quant"]} AND x.qty > 0"""
    )

    # open demand and supply: a sales order line per finished product, a
    # purchase order line per raw product, each with its open move
    demand_line = clone(
        cr,
        "sale_order_line",
        t["sale_line"],
        per,
        {"product_id": f"{prod} + {stages * per} + g - 1", "product_uom_qty": "5"},
    )
    clone(
        cr,
        "stock_move",
        t["sale_move"],
        per,
        {
            "sale_line_id": f"{demand_line} + g - 1",
            "product_id": f"{prod} + {stages * per} + g - 1",
            "product_uom_qty": "5",
            "product_qty": "5",
        },
    )
    supply_line = clone(
        cr,
        "purchase_order_line",
        t["purchase_line"],
        per,
        {"product_id": f"{prod} + g - 1", "product_qty": "50"},
    )
    clone(
        cr,
        "stock_move",
        t["purchase_move"],
        per,
        {
            "purchase_line_id": f"{supply_line} + g - 1",
            "product_id": f"{prod} + g - 1",
            "product_uom_qty": "50",
            "product_qty": "50",
        },
    )
    cr.commit()
    env.invalidate_all()
    env.registry.clear_cache()
    return {
        "lot": lot,
        "width": width,
        "stages": stages,
        "products": prod,
        "product_count": per * (stages + 1),
        "sub_lots": sub_lot,
        "stock": t["stock"],
        "warehouse": t["warehouse"],
        "customer": t["customer"],
    }


def analyze(database):
    import psycopg2

    conn = psycopg2.connect(dbname=database)
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute("VACUUM ANALYZE")
    conn.close()


def counts(cr):
    cr.execute(
        """SELECT (SELECT count(*) FROM stock_move_line WHERE state = 'done'),
                  (SELECT count(*) FROM stock_lot),
                  (SELECT count(*) FROM product_product)"""
    )
    return cr.fetchone()


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
    sub-lots."""
    near, far = ("produce_line_id", "consume_line_id")
    if not forward:
        near, far = far, near
    env.cr.execute(
        f"""WITH RECURSIVE links(from_lot, to_lot) AS (
                SELECT n.lot_id, f.lot_id
                  FROM stock_move_line_consume_rel r
                  JOIN stock_move_line n ON n.id = r.{near}
                  JOIN stock_move_line f ON f.id = r.{far}
                 WHERE n.state = 'done' AND f.state = 'done'
                UNION ALL
                SELECT {"parent_lot_id, id" if forward else "id, parent_lot_id"}
                  FROM stock_lot WHERE parent_lot_id IS NOT NULL
            ), walk(lot_id) AS (
                SELECT %s::int
                UNION
                SELECT l.to_lot FROM walk w JOIN links l ON l.from_lot = w.lot_id
                 WHERE l.to_lot IS NOT NULL
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
        "--skip", default="", help="comma-separated: trace,quantities,validation"
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
    registry, data = load(database)
    native_registry, native_data = (
        load(native_database) if native_database else (None, None)
    )
    with registry.cursor() as cr:
        done, lots, products = counts(cr)
    print(f"{database}: {done} done move lines, {lots} lots, {products} products")
    skip = set(args.skip.split(","))
    table = []
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

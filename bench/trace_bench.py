#!/usr/bin/env python3
"""Lot genealogy benchmark: process_inventory's one-query trace against Odoo's
stock.traceability.report (one query per line and unfold) on the same lot.

Generates a layered production genealogy (``--stages`` levels of ``--width``
lots; every lot of a stage is made by one manufacturing order consuming two
lots of the stage before), then times, for the first raw lot (forward) and the
last finished lot (backward):

* ``stock.lot.genealogy.trace`` (the whole genealogy), and
* Odoo's traceability report fully unfolded, as clicking every line open.

It prints both times and query counts side by side. The data is rolled back
unless ``--commit`` is given.

Run it on a database where process_inventory is installed, either as a script::

    python3 bench/trace_bench.py DBNAME [-c odoo.conf] [--stages 6 --width 5]

or from ``odoo shell`` (same defaults)::

    odoo-bin shell -c odoo.conf -d DBNAME < bench/trace_bench.py
"""

import argparse
import sys
import time

ODOO_UNFOLD_CAP = 20000


def generate(env, stages, width):
    from odoo import Command

    Product = env["product.product"]
    Lot = env["stock.lot"]
    stock = env.ref("stock.warehouse0").lot_stock_id
    tag = str(int(time.time() * 1000))[-8:]
    values = {"is_storable": True, "tracking": "lot", "resource_type": "inventory"}
    products = [
        Product.create(dict(values, name=f"Bench {tag} stage {s}"))
        for s in range(stages)
    ]
    lots = [
        [
            Lot.create({"name": f"B{tag}-0-{i}", "product_id": products[0].id})
            for i in range(width)
        ]
    ]
    for lot in lots[0]:
        env["stock.quant"]._update_available_quantity(
            products[0], stock, 100, lot_id=lot
        )
    for s in range(1, stages):
        bom = env["mrp.bom"].create(
            {
                "product_tmpl_id": products[s].product_tmpl_id.id,
                "product_qty": 1,
                "bom_line_ids": [
                    Command.create({"product_id": products[s - 1].id, "product_qty": 1})
                ],
            }
        )
        stage_lots = []
        for i in range(width):
            lot = Lot.create({"name": f"B{tag}-{s}-{i}", "product_id": products[s].id})
            production = env["mrp.production"].create(
                {"product_id": products[s].id, "bom_id": bom.id, "product_qty": 20}
            )
            production.action_confirm()
            raw = production.move_raw_ids
            raw.move_line_ids.unlink()
            for consumed in (lots[-1][i], lots[-1][(i + 1) % width]):
                env["stock.move.line"].create(
                    {
                        "move_id": raw.id,
                        "product_id": raw.product_id.id,
                        "lot_id": consumed.id,
                        "quantity": 10,
                        "location_id": raw.location_id.id,
                        "location_dest_id": raw.location_dest_id.id,
                    }
                )
            raw.picked = True
            raw.manual_consumption = True
            production.lot_producing_id = lot
            production.qty_producing = 20
            production._set_qty_producing(False)
            production.button_mark_done()
            stage_lots.append(lot)
        lots.append(stage_lots)
    env.flush_all()
    return lots


def odoo_full_unfold(env, lot):
    report = env["stock.traceability.report"].with_context(
        active_id=lot.id, model="stock.lot"
    )
    todo = list(report.get_lines())
    count = 0
    while todo and count < ODOO_UNFOLD_CAP:
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


def measure(env, function):
    env.invalidate_all()
    queries = env.cr.sql_log_count
    start = time.perf_counter()
    size = function()
    return time.perf_counter() - start, env.cr.sql_log_count - queries, size


def run(env, stages=6, width=5, commit=False):
    print(f"generating {stages} stages x {width} lots ...", flush=True)
    lots = generate(env, stages, width)
    genealogy = env["stock.lot.genealogy"]
    cases = [
        ("forward from raw lot", lots[0][0], "forward"),
        ("backward from finished lot", lots[-1][0], "backward"),
    ]
    print(
        f"{'case':30} {'genealogy':>24} {'odoo traceability':>30}\n"
        f"{'':30} {'s / queries / nodes':>24} {'s / queries / report lines':>30}"
    )
    for label, lot, direction in cases:
        ours = measure(
            env,
            lambda lot=lot, direction=direction: len(
                genealogy.trace("stock.lot", lot.id, direction)["nodes"]
            ),
        )
        theirs = measure(env, lambda lot=lot: odoo_full_unfold(env, lot))
        print(
            f"{label:30} {ours[0]:10.3f} / {ours[1]:4d} / {ours[2]:5d}"
            f" {theirs[0]:12.3f} / {theirs[1]:6d} / {theirs[2]:6d}"
        )
    if commit:
        env.cr.commit()
    else:
        env.cr.rollback()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("database")
    parser.add_argument("-c", "--config", help="Odoo configuration file")
    parser.add_argument("--stages", type=int, default=6)
    parser.add_argument("--width", type=int, default=5)
    parser.add_argument("--commit", action="store_true", help="keep the data")
    args = parser.parse_args()

    import odoo
    from odoo.tools import config

    config.parse_config(["-c", args.config] if args.config else [])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        run(env, args.stages, args.width, args.commit)


if __name__ == "__main__":
    if "env" in globals():  # odoo shell
        run(globals()["env"])
    else:
        sys.exit(main())

#!/usr/bin/env python3
"""Inventory flow buckets benchmark: process_inventory's set-based buckets
(``product.product.get_flow_quantities``: on hand, nettable, WIP, on demand,
on order, allocated, dependent demand, available) against Odoo's own quantity
fields (``qty_available``, ``incoming_qty``, ``outgoing_qty``,
``virtual_available``) on the same products.

Generates ``--products`` storable products with lots in stock (one lot of each
in a non-nettable classification), one confirmed sales order and one
confirmed purchase order with a line per product, then times both reads with
caches cleared and prints time and query count side by side. The data is
rolled back unless ``--commit`` is given.

Run it on a database where process_inventory is installed::

    python3 bench/flow_bench.py DBNAME [-c odoo.conf] [--products 200]

or from ``odoo shell`` (same defaults)::

    odoo-bin shell -c odoo.conf -d DBNAME < bench/flow_bench.py
"""

import argparse
import sys
import time

NATIVE_FIELDS = ["qty_available", "incoming_qty", "outgoing_qty", "virtual_available"]


def generate(env, count):
    from odoo import Command

    tag = str(int(time.time() * 1000))[-8:]
    stock = env.ref("stock.warehouse0").lot_stock_id
    failed = env.ref("process_inventory.classification_fail")
    partner = env["res.partner"].create({"name": f"Bench {tag} partner"})
    products = env["product.product"].create(
        [
            {
                "name": f"Bench {tag} part {index}",
                "resource_type": "inventory",
                "tracking": "lot",
            }
            for index in range(count)
        ]
    )
    lots = env["stock.lot"].create(
        [
            {"name": f"BF{tag}-{product.id}-{suffix}", "product_id": product.id}
            | ({"classification_id": failed.id} if suffix == "F" else {})
            for product in products
            for suffix in ("A", "B", "F")
        ]
    )
    for lot in lots:
        env["stock.quant"]._update_available_quantity(
            lot.product_id, stock, 10, lot_id=lot
        )
    for model in ("sale.order", "purchase.order"):
        quantity_field = "product_uom_qty" if model == "sale.order" else "product_qty"
        order = env[model].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create({"product_id": product.id, quantity_field: 7})
                    for product in products
                ],
            }
        )
        order.button_confirm() if model == "purchase.order" else order.action_confirm()
    return products


def measure(env, function):
    env.invalidate_all()
    queries = env.cr.sql_log_count
    start = time.perf_counter()
    function()
    return time.perf_counter() - start, env.cr.sql_log_count - queries


def run(env, count=200, commit=False):
    print(f"generating {count} products with lots, a sale and a purchase ...")
    products = generate(env, count)
    ours = measure(env, lambda: products.get_flow_quantities(products.ids))
    theirs = measure(env, lambda: products.read(NATIVE_FIELDS))
    print(
        f"{'products':>10} {'flow buckets (ours)':>24} {'odoo quantity fields':>24}\n"
        f"{'':>10} {'s / queries':>24} {'s / queries':>24}\n"
        f"{count:>10} {ours[0]:16.3f} / {ours[1]:5d} {theirs[0]:16.3f} / {theirs[1]:5d}"
    )
    if commit:
        env.cr.commit()
    else:
        env.cr.rollback()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("database")
    parser.add_argument("-c", "--config", help="Odoo configuration file")
    parser.add_argument("--products", type=int, default=200)
    parser.add_argument("--commit", action="store_true", help="keep the data")
    args = parser.parse_args()

    import odoo
    from odoo.tools import config

    config.parse_config(["-c", args.config] if args.config else [])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        run(env, args.products, args.commit)


if __name__ == "__main__":
    if "env" in globals():  # odoo shell
        run(globals()["env"])
    else:
        sys.exit(main())

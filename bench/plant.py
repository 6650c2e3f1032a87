"""Deterministic plant generator of ``bench/run.py``: a template of each
document made once through the ORM, then cloned in bulk by SQL with
arithmetic ids (see ``generate``)."""

BASE_DATE = "2025-01-06 08:00:00"


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

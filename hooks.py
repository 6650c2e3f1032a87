"""Install hooks: what an install on a database with history does.

Odoo computes a new stored computed field for every existing record, through
the ORM, when it creates its column; a tracked one also writes a chatter
message per record. Every column below has the same value for every existing
record at install (the add-on's settings they depend on are all still empty),
so it is created here, filled in one statement, and Odoo finds it existing
and computes nothing.
"""

from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column

# (table, column, type, value for existing rows): the result of each field's
# compute on a database where the add-on was never installed.
PREFILLED_COLUMNS = [
    # lots: no sub-lot yet, made when created; no retest interval yet
    ("stock_lot", "manufacturing_date", "timestamp", SQL("create_date")),
    ("stock_lot", "retest_date", "timestamp", None),
    ("stock_quant", "parent_lot_id", "int4", None),
    # products: the resource type follows Odoo's product type
    (
        "product_template",
        "resource_type",
        "varchar",
        SQL(
            "CASE type WHEN 'service' THEN 'capacity' "
            "WHEN 'combo' THEN 'non_inventory' ELSE 'inventory' END"
        ),
    ),
    # second units: no product has one yet
    ("stock_move", "secondary_uom_id", "int4", None),
    ("stock_move", "secondary_product_uom_qty", "numeric", 0),
    ("stock_move", "secondary_quantity", "numeric", 0),
    ("stock_move_line", "secondary_uom_id", "int4", None),
    ("stock_move_line", "secondary_quantity", "numeric", 0),
    ("stock_quant", "secondary_uom_id", "int4", None),
    ("stock_quant", "secondary_inventory_quantity", "numeric", 0),
    ("sale_order_line", "secondary_uom_id", "int4", None),
    ("sale_order_line", "secondary_quantity", "numeric", 0),
    ("purchase_order_line", "secondary_uom_id", "int4", None),
    ("purchase_order_line", "secondary_quantity", "numeric", 0),
    ("account_move_line", "secondary_uom_id", "int4", None),
    ("account_move_line", "secondary_quantity", "numeric", 0),
]


def pre_init_hook(env):
    """Create and fill the columns of ``PREFILLED_COLUMNS`` before Odoo
    creates them, so that installing on a large database writes no chatter
    message for history and computes nothing record by record."""
    cr = env.cr
    for table, column, column_type, value in PREFILLED_COLUMNS:
        if column_exists(cr, table, column):
            continue
        if value is None or isinstance(value, SQL):
            create_column(cr, table, column, column_type)
        else:
            # a constant default is stored once in the catalog, not per row
            cr.execute(
                SQL(
                    "ALTER TABLE %(t)s ADD COLUMN %(c)s %(type)s DEFAULT %(value)s;"
                    "ALTER TABLE %(t)s ALTER COLUMN %(c)s DROP DEFAULT",
                    t=SQL.identifier(table),
                    c=SQL.identifier(column),
                    type=SQL(column_type),
                    value=value,
                )
            )
        if isinstance(value, SQL):
            cr.execute(
                SQL(
                    "UPDATE %s SET %s = %s",
                    SQL.identifier(table),
                    SQL.identifier(column),
                    value,
                )
            )
    # the stored related field follows its lot's new column
    if column_exists(cr, "stock_quant", "manufacturing_date"):
        return
    create_column(cr, "stock_quant", "manufacturing_date", "timestamp")
    cr.execute(
        """UPDATE stock_quant q SET manufacturing_date = lot.create_date
             FROM stock_lot lot WHERE lot.id = q.lot_id"""
    )

# Capabilities, each using only those before it. Odoo builds a model's class
# in import order, so a later package's override runs outermost.
from . import units
from . import lots
from . import classification
from . import audit
from . import genealogy

# Not yet moved into their capability package.
from . import product_secondary_quantity_mixin
from . import uom_uom
from . import product_uom_conversion
from . import product_template
from . import product_product
from . import product_supplierinfo
from . import stock_location
from . import stock_warehouse
from . import stock_picking_type
from . import stock_picking
from . import stock_quant
from . import stock_move
from . import stock_move_line
from . import stock_lot_genealogy
from . import mrp_production
from . import purchase_order_line
from . import purchase_consolidation
from . import purchase_consolidation_line
from . import sale_order
from . import sale_order_line
from . import res_company
from . import stock_inventory_reason
from . import stock_activity_type
from . import stock_inventory_ledger
from . import account_move_line

# Flat modules not yet moved into their capability package.
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
from . import purchase_order_line
from . import sale_order
from . import sale_order_line
from . import res_company
from . import stock_inventory_reason
from . import stock_activity_type
from . import stock_inventory_ledger
from . import account_move_line

# Capability packages, lower first: a package may use only those before it,
# and the last one's override of a shared method runs outermost.
from . import resources
from . import units
from . import lots
from . import classification
from . import audit
from . import genealogy
from . import flow

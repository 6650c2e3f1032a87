# Flat modules not split yet (owned by the other layout helpers).
from . import product_secondary_quantity_mixin
from . import uom_uom
from . import product_uom_conversion
from . import product_characteristic
from . import product_characteristic_value
from . import product_category
from . import product_template
from . import product_product
from . import product_supplierinfo
from . import stock_lot_classification
from . import stock_lot_classification_history
from . import stock_lot
from . import stock_lot_characteristic
from . import stock_lot_genealogy
from . import mrp_production
from . import purchase_order_line
from . import purchase_consolidation
from . import purchase_consolidation_line
from . import sale_order
from . import sale_order_line
from . import res_company
from . import account_move_line

# Capability packages, lowest first: a package may use the ones above it, and
# the last one to override a method runs outermost.
from . import resources
from . import storage
from . import units
from . import lots
from . import classification
from . import audit
from . import genealogy
from . import flow

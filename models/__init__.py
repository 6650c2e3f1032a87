# Capabilities, each may use only those imported before it. Odoo builds every
# model in import order: a later package's override runs outside an earlier's.
# Full order: resources, storage, units, lots, classification, audit,
# genealogy, flow (storage and genealogy hold nothing of this branch yet).
from . import resources
from . import units
from . import lots
from . import classification
from . import audit
from . import flow

# Flat modules not yet moved into their capability package.
from . import product_characteristic
from . import product_characteristic_value
from . import product_category
from . import stock_lot_classification
from . import stock_lot_classification_history
from . import stock_lot
from . import stock_lot_characteristic
from . import stock_location
from . import stock_warehouse
from . import stock_picking_type
from . import stock_picking
from . import stock_quant
from . import stock_move
from . import stock_move_line
from . import stock_lot_genealogy
from . import mrp_production
from . import purchase_consolidation
from . import purchase_consolidation_line
from . import stock_inventory_reason
from . import stock_activity_type
from . import stock_inventory_ledger

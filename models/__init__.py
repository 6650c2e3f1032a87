# Flat modules not split yet (owned by the other layout helpers).
from . import product_secondary_quantity_mixin
from . import uom_uom
from . import product_uom_conversion
from . import product_template
from . import product_product
from . import product_supplierinfo
from . import purchase_order_line
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

from . import product_secondary_quantity_mixin
from . import uom_uom
from . import product_uom_conversion
from . import product_template
from . import product_product
from . import purchase_order_line
from . import sale_order_line
from . import account_move_line

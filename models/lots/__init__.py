from . import product_template
from . import product_characteristic
from . import product_characteristic_value
from . import product_category
from . import stock_lot

# After stock_lot: a typed expiration date is marked entered before a
# sub-lot's parent is created from its name.
from . import stock_lot_dates
from . import stock_lot_characteristics
from . import stock_lot_characteristic
from . import mrp_production
from . import stock_location
from . import stock_quant
from . import stock_move_line
from . import stock_move

from . import product_template
from . import stock_lot_classification
from . import stock_lot
from . import stock_location
from . import stock_quant
from . import stock_move
from . import mrp_production

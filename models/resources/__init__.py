from . import product_template
from . import mrp_production
from . import stock_quant
from . import stock_move

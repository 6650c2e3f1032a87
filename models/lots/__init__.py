from . import stock_location
from . import stock_quant
from . import stock_move_line

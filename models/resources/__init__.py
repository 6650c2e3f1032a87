from . import stock_quant
from . import stock_move

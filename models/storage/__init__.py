from . import stock_location
from . import stock_quant

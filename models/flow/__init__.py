from . import stock_location
from . import stock_warehouse
from . import stock_move
from . import stock_picking

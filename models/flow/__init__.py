from . import mrp_production
from . import purchase_consolidation
from . import purchase_consolidation_line
from . import stock_location
from . import stock_warehouse
from . import stock_move
from . import stock_picking

from . import stock_lot_genealogy
from . import stock_lot_genealogy_edges
from . import stock_lot_genealogy_query
from . import stock_lot_genealogy_render
from . import stock_lot
from . import mrp_production
from . import stock_move_line

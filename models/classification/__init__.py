from . import stock_lot_classification
from . import stock_lot_classification_history
from . import stock_lot
from . import stock_location
from . import stock_picking_type
from . import stock_quant
from . import stock_move
from . import stock_move_line

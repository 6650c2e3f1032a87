from . import stock_inventory_reason
from . import stock_activity_type
from . import stock_inventory_ledger
from . import stock_lot
from . import stock_quant
from . import stock_move
from . import stock_move_line
from . import res_company

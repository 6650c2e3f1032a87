from . import stock_lot_trace
from . import stock_lot_trace_line

from . import stock_lot_split
from . import stock_lot_split_line
from . import stock_quant_expiry_inquiry
from . import mrp_production_sub_lot
from . import mrp_production_sub_lot_line

from . import stock_lot_reclassify

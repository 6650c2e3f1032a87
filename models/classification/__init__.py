from . import stock_lot_classification
from . import stock_lot_classification_history
from . import stock_lot

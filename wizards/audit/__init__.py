from . import stock_activity_record
from . import stock_activity_record_line
from . import stock_inventory_ledger_report
from . import stock_inventory_adjustment_name

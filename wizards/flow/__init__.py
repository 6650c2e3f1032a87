from . import mrp_production_issue
from . import mrp_production_issue_line
from . import mrp_production_receive
from . import mrp_production_convert
from . import mrp_production_convert_line
from . import stock_wip_reference_operation

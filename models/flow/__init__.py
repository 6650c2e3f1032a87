from . import mrp_production
from . import purchase_consolidation
from . import purchase_consolidation_line

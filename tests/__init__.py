from . import test_resource_type
from . import test_storage_hierarchy
from . import test_views
from . import test_xmlrpc
from . import test_sub_lots
from . import test_lot_dates
from . import test_expiry_inquiry
from . import test_lot_characteristics

from . import test_resource_type
from . import test_storage_hierarchy
from . import test_views
from . import test_xmlrpc
from . import test_inventory_flow
from . import test_stock_room
from . import test_carry_sale
from . import test_inventory_flow_xmlrpc

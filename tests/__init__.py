from . import test_resource_type
from . import test_storage_hierarchy
from . import test_views
from . import test_xmlrpc
from . import test_inventory_ledger
from . import test_inventory_ledger_xmlrpc
from . import test_inventory_audit_report

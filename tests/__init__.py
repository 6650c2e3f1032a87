from . import test_resource_type
from . import test_storage_hierarchy
from . import test_views
from . import test_xmlrpc
from . import test_lot_genealogy
from . import test_lot_genealogy_xmlrpc

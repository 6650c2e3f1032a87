from . import process_inventory_api_request
from . import process_inventory_api_base
from . import process_inventory_api
from . import process_inventory_lot_api
from . import process_inventory_flow_api

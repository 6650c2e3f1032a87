from . import product_template
from . import product_product
from . import product_supplierinfo
from . import sale_order

# Capability packages, lowest first: a package may use the ones above it, and
# the last one to override a method runs outermost.
# Argument checks of the public entry points, used by every package.
from . import input_validation_mixin
from . import resources
from . import storage
from . import units
from . import lots
from . import classification
from . import audit
from . import genealogy
from . import flow

# The integration API uses every capability: it comes last.
from . import api

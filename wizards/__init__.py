# Capability packages in dependency order: a package may use those before it.
from . import lots
from . import classification
from . import audit
from . import genealogy
from . import flow

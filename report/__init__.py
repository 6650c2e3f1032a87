from . import inventory_audit_trail

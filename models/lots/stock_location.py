from odoo import models


class StockLocation(models.Model):
    _inherit = "stock.location"

    def _get_removal_strategy_location(self):
        """The nearest of this location and its ancestors that sets a removal
        strategy (empty recordset when none does)."""
        location = self
        while location and not location.removal_strategy_id:
            location = location.location_id
        return location

from odoo import fields, models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    wip_location_id = fields.Many2one(
        "stock.location",
        string="WIP Location",
        check_company=True,
        help="Internal location holding the parts issued to work orders.",
    )

    def _get_wip_location(self):
        """The warehouse's WIP location, created on first use."""
        self.ensure_one()
        if not self.wip_location_id:
            self.sudo().wip_location_id = (
                self.env["stock.location"]
                .sudo()
                .create(
                    {
                        "name": self.env._("WIP"),
                        "usage": "internal",
                        "location_id": self.view_location_id.id,
                        "is_wip_location": True,
                        "company_id": self.company_id.id,
                    }
                )
            )
        return self.wip_location_id

from odoo import fields, models

UNSTOCKED_CONSUMED_TYPES = ("non_inventory", "flow")


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    resource_consumption_count = fields.Integer(
        compute="_compute_resource_consumption_count",
        string="Utilities and Flow Consumed",
    )

    def _compute_resource_consumption_count(self):
        counts = dict(
            self.env["stock.move"]._read_group(
                self._resource_consumption_domain(),
                ["raw_material_production_id"],
                ["__count"],
            )
        )
        for production in self:
            production.resource_consumption_count = counts.get(production, 0)

    def _resource_consumption_domain(self):
        return [
            ("raw_material_production_id", "in", self.ids),
            ("product_id.resource_type", "in", UNSTOCKED_CONSUMED_TYPES),
        ]

    def action_view_resource_consumption(self):
        """Open the utility and flow consumption of these manufacturing orders."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "process_inventory.stock_move_resource_consumption_action"
        )
        action["domain"] = self._resource_consumption_domain()
        action["context"] = {"search_default_done": 0}
        return action

from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    flow_qty_on_hand = fields.Float(
        "Flow On Hand",
        compute="_compute_flow_quantities",
        digits="Product Unit of Measure",
    )
    flow_qty_on_demand = fields.Float(
        "Flow On Demand",
        compute="_compute_flow_quantities",
        digits="Product Unit of Measure",
    )
    flow_qty_available = fields.Float(
        "Flow Available",
        compute="_compute_flow_quantities",
        digits="Product Unit of Measure",
        help="Sum of the variants' flow available quantities.",
    )

    def _compute_flow_quantities(self):
        Product = self.env["product.product"]
        quantities = Product._get_flow_quantities_by_product(
            Product._flow_context_warehouse(), products=self.product_variant_ids
        )
        for template in self:
            variants = [
                quantities.get(pid, {}) for pid in template.product_variant_ids.ids
            ]
            for bucket in ("on_hand", "on_demand", "available"):
                template[f"flow_qty_{bucket}"] = sum(
                    values.get(bucket, 0.0) for values in variants
                )

    def action_view_flow_quantities(self):
        """Open the inventory flow buckets of these products' variants."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "process_inventory.product_product_flow_action"
        )
        action["domain"] = [("product_tmpl_id", "in", self.ids)]
        return action

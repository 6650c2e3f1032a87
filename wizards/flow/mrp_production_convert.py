from odoo import api, fields, models


class MrpProductionConvert(models.TransientModel):
    _name = "mrp.production.convert"
    _inherit = ["input.validation.mixin"]
    _description = "Convert Parts to Assemblies"

    bom_id = fields.Many2one(
        "mrp.bom",
        string="Bill of Materials",
        required=True,
        domain=[("type", "=", "normal")],
    )
    picking_type_id = fields.Many2one(
        "stock.picking.type",
        string="Operation Type",
        domain=[("code", "=", "mrp_operation")],
        help="Its warehouse's stock gives the parts and receives the "
        "assemblies. Default: the bill of materials' operation type.",
    )
    product_qty = fields.Float(
        "Quantity", required=True, default=1.0, digits="Product Unit of Measure"
    )
    product_uom_id = fields.Many2one(related="bom_id.product_uom_id")
    lot_name = fields.Char(
        "Output Lot", help="Leave empty to number the lot automatically."
    )
    line_ids = fields.One2many(
        "mrp.production.convert.line",
        "convert_id",
        string="Component Lots",
        help="Optional: the lots to consume. Components not listed are taken "
        "by the usual reservation rules.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        self.env["uom.uom"]._check_quantity_vals(
            self, vals_list, {"product_qty": "product_uom_id"}
        )
        return super().create(vals_list)

    def write(self, vals):
        self.env["uom.uom"]._check_quantity_vals(
            self, [vals], {"product_qty": "product_uom_id"}
        )
        return super().write(vals)

    @api.onchange("bom_id")
    def _onchange_bom_id(self):
        self.product_qty = self.bom_id.product_qty or 1.0
        self.picking_type_id = self.bom_id.picking_type_id

    def action_convert(self):
        self.ensure_one()
        production = self.env["mrp.production"]._convert_from_bom(
            self.bom_id,
            self.product_qty,
            components=[
                {
                    "product": line.product_id,
                    "lot": line.lot_id,
                    "quantity": line.quantity,
                }
                for line in self.line_ids
            ],
            lot_name=self.lot_name,
            picking_type=self.picking_type_id,
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "mrp.production",
            "res_id": production.id,
            "view_mode": "form",
        }

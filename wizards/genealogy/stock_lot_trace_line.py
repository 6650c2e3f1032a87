from odoo import fields, models


class StockLotTraceLine(models.TransientModel):
    _name = "stock.lot.trace.line"
    _description = "Lot Genealogy Tree Line"
    _order = "trace_id, sequence"

    trace_id = fields.Many2one("stock.lot.trace", required=True, ondelete="cascade")
    parent_id = fields.Many2one("stock.lot.trace.line", ondelete="cascade")
    child_ids = fields.One2many("stock.lot.trace.line", "parent_id")
    sequence = fields.Integer()
    level = fields.Integer()
    direction = fields.Selection([("backward", "Upstream"), ("forward", "Downstream")])
    node_key = fields.Char()
    node_type = fields.Selection(
        [
            ("lot", "Lot"),
            ("untracked", "Untracked Quantity"),
            ("supplier", "Supplier"),
            ("customer", "Customer"),
            ("location", "Location"),
        ]
    )
    name = fields.Char(string="Node")
    lot_id = fields.Many2one("stock.lot")
    partner_id = fields.Many2one("res.partner")
    product_id = fields.Many2one("product.product")
    quantity = fields.Float(digits="Product Unit of Measure")
    uom_name = fields.Char(string="Unit")
    secondary_quantity = fields.Float(
        string="Second Quantity", digits="Product Unit of Measure"
    )
    secondary_uom_name = fields.Char(string="Second Unit")
    manufacturing_date = fields.Datetime()
    expiration_date = fields.Datetime()
    classification = fields.Char()
    kind = fields.Selection(
        [
            ("receipt", "Receipt"),
            ("production", "Production"),
            ("split", "Sub-lot Split"),
            ("delivery", "Delivery"),
            ("return", "Return"),
        ],
        string="Link",
    )
    link_label = fields.Char(string="Linked By")
    document = fields.Char()
    res_model = fields.Char()
    res_id = fields.Integer()
    origin = fields.Char(string="Order")
    date = fields.Datetime()
    is_loop = fields.Boolean(
        string="Loop", help="Already on this path (rework): not unfolded again."
    )

    def action_open_document(self):
        """Open the document of the link (receipt, MO, delivery, sub-lot)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
            "target": "current",
        }

    def action_open_lot(self):
        """Open the lot of this node."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.lot",
            "res_id": self.lot_id.id,
            "view_mode": "form",
            "target": "current",
        }

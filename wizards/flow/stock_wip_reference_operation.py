from odoo import fields, models

from ...models.flow.stock_wip_reference import WIP_OPERATIONS


class StockWipReferenceOperation(models.TransientModel):
    _name = "stock.wip.reference.operation"
    _description = "Issue, Return or Consume Parts against a WIP Reference"

    reference_id = fields.Many2one("stock.wip.reference", required=True)
    operation = fields.Selection(WIP_OPERATIONS, required=True, default="issue")
    line_ids = fields.One2many(
        "stock.wip.reference.operation.line", "operation_id", string="Parts"
    )

    def action_apply(self):
        """Issue, return or consume the parts (see
        ``stock.wip.reference._wip_operate``).

        :return: an action closing the wizard (dict)
        """
        self.ensure_one()
        self.reference_id._wip_operate(
            self.operation,
            [
                {
                    "product": line.product_id,
                    "lot": line.lot_id,
                    "quantity": line.quantity,
                    "location": line.location_id,
                }
                for line in self.line_ids
            ],
        )
        return {"type": "ir.actions.act_window_close"}


class StockWipReferenceOperationLine(models.TransientModel):
    _name = "stock.wip.reference.operation.line"
    _description = "Part of a WIP Reference Operation"

    operation_id = fields.Many2one(
        "stock.wip.reference.operation", required=True, ondelete="cascade"
    )
    product_id = fields.Many2one("product.product", required=True)
    lot_id = fields.Many2one(
        "stock.lot", string="Lot / Sub-lot", domain="[('product_id', '=', product_id)]"
    )
    quantity = fields.Float(required=True, digits="Product Unit of Measure")
    product_uom_id = fields.Many2one(related="product_id.uom_id")
    location_id = fields.Many2one(
        "stock.location",
        string="Stock Location",
        domain=[("usage", "=", "internal")],
        help="Taken from on issue, put back to on return; the warehouse's "
        "stock when empty.",
    )

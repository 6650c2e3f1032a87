from odoo import fields, models


class PurchaseConsolidationLine(models.Model):
    _name = "purchase.consolidation.line"
    _description = "Purchasing Consolidation Line"
    _order = "consolidation_id, partner_id, product_id"

    consolidation_id = fields.Many2one(
        "purchase.consolidation", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="consolidation_id.company_id", store=True)
    product_id = fields.Many2one("product.product", required=True)
    product_uom_id = fields.Many2one("uom.uom", string="Purchase Unit", required=True)
    product_base_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    qty_on_hand = fields.Float("On Hand", digits="Product Unit of Measure")
    qty_on_order = fields.Float("On Order", digits="Product Unit of Measure")
    qty_demand = fields.Float(
        "Demand",
        digits="Product Unit of Measure",
        help="Sales demand, allocation to work orders and dependent demand.",
    )
    qty_available = fields.Float("Available", digits="Product Unit of Measure")
    qty_in_rfq = fields.Float("In RFQs", digits="Product Unit of Measure")
    qty_needed = fields.Float(
        "Short",
        digits="Product Unit of Measure",
        help="What must be bought (product unit), before the vendor's minimum "
        "and multiple.",
    )
    qty_to_order = fields.Float(
        "To Order",
        digits="Product Unit of Measure",
        help="In the purchase unit, rounded up to the vendor's multiple and minimum.",
    )
    supplierinfo_id = fields.Many2one("product.supplierinfo", string="Vendor Price")
    partner_id = fields.Many2one("res.partner", string="Preferred Vendor")
    min_qty = fields.Float("Vendor Minimum", digits="Product Unit of Measure")
    order_multiple = fields.Float("Vendor Multiple", digits="Product Unit of Measure")
    delay = fields.Integer("Lead Time (Days)")
    purchase_line_id = fields.Many2one("purchase.order.line", readonly=True)
    purchase_id = fields.Many2one(
        related="purchase_line_id.order_id", string="Request for Quotation"
    )

from odoo import fields, models


class StockQuantExpiryInquiry(models.TransientModel):
    _name = "stock.quant.expiry.inquiry"
    _inherit = ["input.validation.mixin"]
    _description = "Expiry Inquiry"

    date_limit = fields.Date(
        string="Expiring On or Before",
        default=fields.Date.context_today,
        help="List stock whose lot expires on or before this date. Empty: all "
        "stock with an expiration date.",
    )
    product_ids = fields.Many2many("product.product", string="Products")
    site_ids = fields.Many2many(
        "stock.location",
        string="Sites",
        domain="[('storage_level', '=', 'site')]",
    )

    def _get_quant_domain(self):
        self.ensure_one()
        domain = [
            ("location_id.usage", "=", "internal"),
            ("quantity", ">", 0),
            ("expiration_date", "!=", False),
            # a lot shared between companies: the caller's companies' stock
            ("company_id", "in", self.env.companies.ids),
        ]
        if self.date_limit:
            end = fields.Datetime.to_datetime(self.date_limit).replace(
                hour=23, minute=59, second=59
            )
            domain.append(("expiration_date", "<=", end))
        if self.product_ids:
            domain.append(("product_id", "in", self.product_ids.ids))
        if self.site_ids:
            domain.append(("site_id", "in", self.site_ids.ids))
        return domain

    def action_open(self):
        """Classify the lots that have expired (when a classification is
        configured to apply on expiry), then open the expiry inquiry on the
        stock matching the criteria."""
        self.env["stock.lot"]._classify_expired()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "process_inventory.stock_quant_expiry_action"
        )
        action["domain"] = self._get_quant_domain()
        return action

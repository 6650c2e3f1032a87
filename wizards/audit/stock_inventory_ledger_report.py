from odoo import fields, models

from ...models.audit.stock_inventory_ledger import ACTIVITIES


class StockInventoryLedgerReport(models.TransientModel):
    _name = "stock.inventory.ledger.report"
    _inherit = ["input.validation.mixin"]
    _description = "Inventory Audit Trail Report Options"

    date_from = fields.Datetime(string="From")
    date_to = fields.Datetime(string="To")
    product_ids = fields.Many2many("product.product", string="Products")
    lot_ids = fields.Many2many("stock.lot")
    activity = fields.Selection(ACTIVITIES)
    activity_type_id = fields.Many2one("stock.activity.type")
    site_id = fields.Many2one("stock.location", domain=[("storage_level", "=", "site")])

    def _get_domain(self):
        self.ensure_one()
        domain = [("company_id", "in", self.env.companies.ids)]
        if self.date_from:
            domain.append(("date", ">=", self.date_from))
        if self.date_to:
            domain.append(("date", "<=", self.date_to))
        if self.product_ids:
            domain.append(("product_id", "in", self.product_ids.ids))
        if self.lot_ids:
            domain.append(("lot_id", "in", self.lot_ids.ids))
        if self.activity:
            domain.append(("activity", "=", self.activity))
        if self.activity_type_id:
            domain.append(("activity_type_id", "=", self.activity_type_id.id))
        if self.site_id:
            domain.append(("site_id", "=", self.site_id.id))
        return domain

    def _get_entries(self):
        # in id order: the order the post-commit seal numbers them in, and
        # the only one for entries not sealed yet (no sequence)
        return self.env["stock.inventory.ledger"].search(
            self._get_domain(), order="company_id, id"
        )

    def action_print(self):
        """Render the "Inventory audit trail" PDF for these options.

        :return: the report action
        """
        return self.env.ref(
            "process_inventory.stock_inventory_ledger_report_action"
        ).report_action(self, data={})  # {} not None: marshals over XML-RPC

    def action_open_entries(self):
        """List the audit trail entries matching these options.

        :return: a window action on ``stock.inventory.ledger``
        """
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "process_inventory.stock_inventory_ledger_action"
        )
        action["domain"] = self._get_domain()
        return action

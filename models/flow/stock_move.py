from odoo import api, fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    wip_production_id = fields.Many2one(
        "mrp.production",
        string="Issued to Manufacturing Order",
        index="btree_not_null",
        readonly=True,
        copy=False,
        help="Set on the issue of parts to WIP: the manufacturing order that "
        "will consume them.",
    )

    wip_reference_id = fields.Many2one(
        "stock.wip.reference",
        string="WIP Reference",
        index="btree_not_null",
        readonly=True,
        help="Set on parts issued to WIP against a sales or work-order "
        "reference without a manufacturing order, and on their return or "
        "consumption.",
    )

    def _is_issue_to_production(self):
        # Parts issued to WIP are on their way into the order: classifications
        # that forbid production issue apply to them already.
        return (
            super()._is_issue_to_production()
            or bool(self.wip_production_id)
            or bool(self.wip_reference_id and self.location_dest_id.is_wip_location)
        )

    @api.model
    def _system_set_fields(self):
        return super()._system_set_fields() | {"wip_production_id"}

    def _inventory_ledger_activity(self):
        # The stock room's issue to WIP hands stock to the order; conversions
        # record their components and product as one activity.
        if self.wip_production_id:
            return "production_issue"
        if (self.raw_material_production_id or self.production_id).is_conversion:
            return "conversion"
        return super()._inventory_ledger_activity()

    def _inventory_ledger_source(self):
        if self.wip_production_id:
            return self.wip_production_id, None
        return super()._inventory_ledger_source()

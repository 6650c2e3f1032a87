from odoo import fields, models
from odoo.tools import float_is_zero

# Fields whose change on a done line moves stock again (stock.move.line.write).
DONE_LINE_STOCK_FIELDS = {
    "quantity",
    "product_uom_id",
    "location_id",
    "location_dest_id",
    "lot_id",
    "package_id",
    "result_package_id",
    "owner_id",
}
# Ledger values compared to tell whether a done line edit changed inventory.
LEDGER_STOCK_KEYS = ("quantity", "location_id", "location_dest_id", "lot_id")


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    def _action_done(self):
        result = super()._action_done()
        # After the arrival classification: the entry records the lot's status.
        self.exists()._create_inventory_ledger_entries()
        return result

    def write(self, vals):
        done = self.browse()
        if DONE_LINE_STOCK_FIELDS.intersection(vals):
            done = self.filtered(
                lambda ml: ml.state == "done" and ml.product_id.is_storable
            )
        before = {ml.id: ml._prepare_inventory_ledger_values() for ml in done}
        res = super().write(vals)
        if done:
            self._create_inventory_ledger_corrections(before)
        return res

    def _create_inventory_ledger_corrections(self, before):
        """Edits of done lines undo and redo their stock move: record both
        halves, the old values reversed and the new values, as corrections."""
        vals_list = []
        now = fields.Datetime.now()
        for line in self.browse(before):
            old = before[line.id]
            new = line._prepare_inventory_ledger_values()
            if all(old[key] == new[key] for key in LEDGER_STOCK_KEYS):
                continue
            vals_list.append(
                {
                    **old,
                    "activity": "correction",
                    "location_id": old["location_dest_id"],
                    "location_dest_id": old["location_id"],
                    "date": now,
                }
            )
            if not float_is_zero(
                new["quantity"], precision_rounding=line.product_id.uom_id.rounding
            ):
                vals_list.append({**new, "activity": "correction", "date": now})
        if vals_list:
            self.env["stock.inventory.ledger"].sudo().create(vals_list)

    def _create_inventory_ledger_entries(self):
        """Write one audit trail entry per done line that moved stock."""
        lines = self.exists().filtered(
            lambda ml: (
                ml.product_id.is_storable
                and not float_is_zero(
                    ml.quantity, precision_rounding=ml.product_uom_id.rounding
                )
            )
        )
        if lines:
            self.env["stock.inventory.ledger"].sudo().create(
                [line._prepare_inventory_ledger_values() for line in lines]
            )

    def _prepare_inventory_ledger_values(self):
        """Values of the audit trail entry of one done move line.

        :return: dict for ``stock.inventory.ledger.create``
        """
        self.ensure_one()
        move = self.move_id
        reference, res_model, res_id = self._get_inventory_ledger_source()
        location = self.location_id
        location_dest = self.location_dest_id
        site = (
            location_dest.site_id
            if location_dest.usage == "internal"
            else location.site_id
        )
        return {
            "date": self.date,
            "user_id": self.env.uid,
            "activity": self._get_inventory_ledger_activity(),
            "activity_type_id": move.activity_type_id.id,
            "reference": reference,
            "res_model": res_model,
            "res_id": res_id,
            "move_line_id": self.id,
            "product_id": self.product_id.id,
            "lot_id": self.lot_id.id,
            "location_id": location.id,
            "location_dest_id": location_dest.id,
            "site_id": site.id,
            "quantity": self.quantity_product_uom,
            "product_uom_id": self.product_id.uom_id.id,
            "classification_id": (
                self.lot_id.classification_id
                or location_dest.effective_classification_id
            ).id,
            "secondary_quantity": self.secondary_quantity,
            "secondary_uom_id": self.secondary_uom_id.id,
            "reason_id": move.inventory_reason_id.id,
            "analytic_account_id": move.analytic_account_id.id,
            "company_id": self.company_id.id,
        }

    def _get_inventory_ledger_activity(self):
        """Kind of inventory transaction of this line, a ``stock.inventory.ledger``
        activity: the move's own (``stock.move._inventory_ledger_activity``),
        else what its locations say. Nothing the client sends chooses it."""
        self.ensure_one()
        activity = self.move_id._inventory_ledger_activity()
        if activity:
            return activity
        if self.location_id.usage == "internal" and (
            self.location_dest_id.usage == "internal"
        ):
            return "internal"
        if self.location_dest_id.usage == "customer":
            return "shipment"
        if self.location_id.usage == "supplier":
            return "receipt"
        return "other"

    def _get_inventory_ledger_source(self):
        """Source document of this line.

        :return: tuple ``(reference, res_model, res_id)``
        """
        self.ensure_one()
        move = self.move_id
        record, reference = move._inventory_ledger_source()
        if record:
            return (reference or record.display_name, record._name, record.id)
        return (move.reference or move.name, move._name, move.id)

from collections import defaultdict

from odoo import api, fields, models


class StockLot(models.Model):
    _inherit = "stock.lot"

    @api.ondelete(at_uninstall=False)
    def _unlink_except_ledger(self):
        entries = (
            self.env["stock.inventory.ledger"]
            .sudo()
            .search([("lot_id", "in", self.ids)])
        )
        for lot in entries.lot_id:
            lot._raise_lot_has_history(self.env._("audit trail entries"))

    def _log_classification_change(self, origins, reason, quantities=None, ledger=True):
        if ledger:
            self._create_classification_ledger_entries(origins, reason)
        return super()._log_classification_change(
            origins, reason, quantities=quantities, ledger=ledger
        )

    def _create_classification_ledger_entries(self, origins, reason):
        """One audit trail entry per lot whose classification changed: its
        on-hand quantity in both units, from and to, who and why. It moves no
        stock: the location (from = to) is set when the lot is in one
        internal location only."""
        groups = self.env["stock.quant"]._read_group(
            [("lot_id", "in", self.ids), ("location_id.usage", "=", "internal")],
            ["lot_id", "location_id"],
            ["quantity:sum", "secondary_quantity:sum"],
        )
        on_hand = defaultdict(lambda: [0.0, 0.0, self.env["stock.location"]])
        for lot, location, quantity, secondary in groups:
            held = on_hand[lot]
            held[0] += quantity
            held[1] += secondary
            held[2] |= location
        now = fields.Datetime.now()
        vals_list = []
        for lot in self:
            quantity, secondary, locations = on_hand[lot]
            location = locations if len(locations) == 1 else locations.browse()
            product = lot.product_id
            vals_list.append(
                {
                    "date": now,
                    "user_id": self.env.uid,
                    "activity": "classification_change",
                    "reference": lot.name,
                    "res_model": lot._name,
                    "res_id": lot.id,
                    "product_id": product.id,
                    "lot_id": lot.id,
                    "location_id": location.id,
                    "location_dest_id": location.id,
                    "site_id": location.site_id.id,
                    "quantity": quantity,
                    "product_uom_id": product.uom_id.id,
                    "secondary_quantity": secondary,
                    "secondary_uom_id": product.secondary_uom_id.id,
                    "from_classification_id": origins[lot].id,
                    "classification_id": lot.classification_id.id,
                    "note": reason,
                    "company_id": (lot.company_id or self.env.company).id,
                }
            )
        self.env["stock.inventory.ledger"].sudo().create(vals_list)

import math
from collections import defaultdict

from odoo import api, models
from odoo.tools import float_round
from odoo.tools.misc import format_datetime, formatLang

from ..models.audit.stock_inventory_ledger import NO_STOCK_ACTIVITIES


class ReportInventoryAuditTrail(models.AbstractModel):
    _name = "report.process_inventory.report_inventory_audit_trail"
    _description = "Inventory Audit Trail Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        options = self.env["stock.inventory.ledger.report"].browse(docids)
        docs = []
        for option in options:
            entries = self._arrival_after_receipt(option._get_entries())
            totals = defaultdict(
                lambda: {
                    "in": 0.0,
                    "out": 0.0,
                    "secondary": 0.0,
                    "secondary_uom": self.env["uom.uom"],
                }
            )
            for entry in entries:
                if entry.activity in NO_STOCK_ACTIVITIES:
                    # a reclassification moves no stock: listed, not totalled
                    continue
                total = totals[entry.product_id]
                sign = entry._stock_sign()
                if sign > 0:
                    total["in"] += entry.quantity
                elif sign < 0:
                    total["out"] += entry.quantity
                total["secondary"] += sign * entry.secondary_quantity
                if entry.secondary_uom_id:
                    total["secondary_uom"] = entry.secondary_uom_id
            docs.append(
                {
                    "options": option,
                    "entries": entries,
                    "totals": [
                        {
                            "product": product,
                            "uom": product.uom_id,
                            "net": total["in"] - total["out"],
                            **total,
                        }
                        for product, total in sorted(
                            totals.items(), key=lambda item: item[0].display_name
                        )
                    ],
                    "chain": self.env["stock.inventory.ledger"]._check_chain(),
                }
            )
        return {
            "doc_ids": docids,
            "doc_model": "stock.inventory.ledger.report",
            "docs": options,
            "reports": docs,
            "format_quantity": self._format_quantity,
            "format_date": self._format_date,
        }

    @api.model
    def _arrival_after_receipt(self, entries):
        """The entries in id order (the order the seal numbers them in; an
        entry not sealed yet has no sequence), except that a lot's first
        classification (its arrival classification, logged when the lot is
        created, before its receipt is done) is listed right after the lot's
        receipt row."""
        arrivals = {
            entry.lot_id: entry
            for entry in entries
            if entry.activity == "classification_change"
            and entry.lot_id
            and not entry.from_classification_id
        }
        receipt_of = {}
        for entry in entries:
            arrival = arrivals.get(entry.lot_id)
            if (
                arrival
                and entry.activity in ("receipt", "production_receipt")
                and entry.id > arrival.id
                and arrival not in receipt_of
            ):
                receipt_of[arrival] = entry
        followers = defaultdict(list)
        for arrival, receipt in receipt_of.items():
            followers[receipt].append(arrival.id)
        ordered = []
        for entry in entries:
            if entry in receipt_of:
                continue
            ordered.append(entry.id)
            ordered.extend(followers.get(entry, []))
        return entries.browse(ordered)

    @api.model
    def _format_date(self, value):
        """`value` (UTC) in the reader's time zone."""
        return format_datetime(self.env, value, tz=self.env.user.tz) if value else ""

    @api.model
    def _format_quantity(self, quantity, uom):
        """``quantity`` in the user's language with as many decimals as
        ``uom``'s rounding keeps (14.06 kg, not 14.059999999999999); empty
        without a unit, so a product with no second unit shows nothing."""
        if not uom:
            return ""
        digits = max(0, -math.floor(math.log10(uom.rounding))) if uom.rounding else 2
        rounded = float_round(quantity, precision_rounding=uom.rounding)
        return formatLang(self.env, rounded, digits=digits)

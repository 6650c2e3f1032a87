from collections import defaultdict

from odoo import api, models

from ..models.audit.stock_inventory_ledger import NO_STOCK_ACTIVITIES


class ReportInventoryAuditTrail(models.AbstractModel):
    _name = "report.process_inventory.report_inventory_audit_trail"
    _description = "Inventory Audit Trail Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        options = self.env["stock.inventory.ledger.report"].browse(docids)
        docs = []
        for option in options:
            entries = option._get_entries()
            totals = defaultdict(
                lambda: {"in": 0.0, "out": 0.0, "secondary": 0.0, "secondary_uom": ""}
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
                    total["secondary_uom"] = entry.secondary_uom_id.name
            docs.append(
                {
                    "options": option,
                    "entries": entries,
                    "totals": [
                        {
                            "product": product,
                            "uom": product.uom_id.name,
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
        }

from odoo import Command

from .common import ProcessInventoryCommon


class InventoryLedgerCommon(ProcessInventoryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Ledger = cls.env["stock.inventory.ledger"]
        cls.lot_product = cls.env["product.product"].create(
            {
                "name": "Solvent",
                "resource_type": "inventory",
                "tracking": "lot",
                "uom_id": cls.uom_kg.id,
                "uom_po_id": cls.uom_kg.id,
            }
        )
        cls.loss_location = cls.env["stock.location"].create(
            {
                "name": "QC Lab",
                "usage": "inventory",
                "location_id": cls.env.ref("stock.stock_location_locations_virtual").id,
            }
        )
        plan = cls.env["account.analytic.plan"].create({"name": "Cost Centers"})
        cls.cost_center = cls.env["account.analytic.account"].create(
            {"name": "Quality Lab", "plan_id": plan.id}
        )
        cls.sampling = cls.env["stock.activity.type"].create(
            {
                "name": "QC Sampling",
                "code": "T-QCS",
                "direction": "issue",
                "location_id": cls.shelf.id,
                "location_dest_id": cls.loss_location.id,
                "is_analytic_required": True,
            }
        )
        cls.found_stock = cls.env["stock.activity.type"].create(
            {
                "name": "Found Stock",
                "code": "T-FOUND",
                "direction": "receipt",
                "location_id": cls.loss_location.id,
                "location_dest_id": cls.shelf.id,
                "classification_id": cls.env.ref(
                    "process_inventory.classification_qc"
                ).id,
            }
        )
        cls.reason_damage = cls.env.ref("process_inventory.inventory_reason_damage")

    def _entries(self, product):
        self._seal()
        return self.Ledger.search([("product_id", "=", product.id)], order="sequence")

    def _seal(self):
        """Chain the pending entries in the test's own cursor (their own
        transaction's post-commit seal never runs in a test)."""
        self.env["stock.inventory.ledger.seal"]._seal_pending()

    def _record_activity(self, activity_type, lines, **values):
        record = (
            self.env["stock.activity.record"]
            .with_user(self.stock_user)
            .create(
                {
                    "activity_type_id": activity_type.id,
                    "line_ids": [Command.create(line) for line in lines],
                    **values,
                }
            )
        )
        moves = record._record_moves()
        self._seal()
        return moves

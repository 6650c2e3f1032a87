from odoo import models


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    def action_open_lot_allocation(self):
        """Allocate the consumed component lots to the output lots (sub-lots)
        of this run, so that the lot genealogy links each output to its own
        inputs only."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(
                "Lot Allocation of %(production)s", production=self.name
            ),
            "res_model": "stock.move.line",
            "view_mode": "list",
            "views": [
                (
                    self.env.ref(
                        "process_inventory.stock_move_line_view_list_allocation"
                    ).id,
                    "list",
                )
            ],
            "domain": [("move_id", "in", self.move_finished_ids.ids)],
            "context": {"create": False},
        }

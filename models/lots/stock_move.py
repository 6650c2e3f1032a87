from odoo import api, fields, models
from odoo.exceptions import UserError


class StockMove(models.Model):
    _inherit = "stock.move"

    split_lot_id = fields.Many2one(
        "stock.lot",
        string="Split of Lot",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Set on the moves of a sub-lot split: the lot that was split.",
    )

    @api.model
    def _system_set_fields(self):
        """Fields that say which operation made the move: only the code of
        that operation sets them (in sudo mode), never a client, since the
        audit trail and the genealogy believe them.

        :return: set of field names
        """
        return {"split_lot_id"}

    def _check_system_set_fields(self, vals):
        refused = self._system_set_fields().intersection(vals)
        if refused and not self.env.su:
            raise UserError(
                self.env._(
                    "Stock move field(s) %(fields)s are set by the operation "
                    "that makes the move (split, issue to WIP...), not by hand.",
                    fields=", ".join(
                        self._fields[name].string for name in sorted(refused)
                    ),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_system_set_fields(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_system_set_fields(vals)
        return super().write(vals)

from odoo import fields, models
from odoo.exceptions import UserError


class StockActivityRecord(models.TransientModel):
    _name = "stock.activity.record"
    _inherit = ["input.validation.mixin"]
    _description = "Record an Inventory Activity"
    _check_company_auto = True

    activity_type_id = fields.Many2one(
        "stock.activity.type",
        string="Activity",
        required=True,
        check_company=True,
    )
    direction = fields.Selection(related="activity_type_id.direction")
    is_analytic_required = fields.Boolean(
        related="activity_type_id.is_analytic_required"
    )
    reference = fields.Char(
        help="Source document of the activity (work order, sample request...).",
    )
    analytic_account_id = fields.Many2one(
        "account.analytic.account",
        string="Cost Center",
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    line_ids = fields.One2many(
        "stock.activity.record.line", "record_id", string="Products"
    )

    def action_record(self):
        """Create the activity's stock moves and validate them at once.

        :return: an action opening the done moves
        """
        self.ensure_one()
        moves = self._record_moves()
        return {
            "type": "ir.actions.act_window",
            "name": self.activity_type_id.display_name,
            "res_model": "stock.move",
            "view_mode": "list,form",
            "domain": [("id", "in", moves.ids)],
        }

    def _record_moves(self):
        self.ensure_one()
        activity_type = self.activity_type_id
        if activity_type.is_analytic_required and not self.analytic_account_id:
            raise UserError(
                self.env._(
                    "Activity '%(activity)s' requires a cost center: choose an "
                    "analytic account.",
                    activity=activity_type.display_name,
                )
            )
        if not self.line_ids:
            raise UserError(
                self.env._(
                    "Add at least one product to record activity '%(activity)s'.",
                    activity=activity_type.display_name,
                )
            )
        self.line_ids._check_recordable()
        reference = self.reference or activity_type.code
        # all or nothing, also for server code that catches the error
        with self.env.cr.savepoint():
            moves = self.env["stock.move"].create(
                [line._prepare_move_values(reference) for line in self.line_ids]
            )
            if activity_type.direction == "issue":
                moves._take_available_stock(
                    [
                        (move, line.lot_id, move.product_qty)
                        for move, line in zip(moves, self.line_ids, strict=True)
                    ]
                )
            moves._action_done()
        return moves

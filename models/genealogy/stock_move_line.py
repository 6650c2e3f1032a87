from odoo import api, fields, models
from odoo.exceptions import ValidationError


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    allocated_consume_line_ids = fields.Many2many(
        "stock.move.line",
        "stock_move_line_allocation_rel",
        "produce_line_id",
        "consume_line_id",
        string="Allocated Inputs",
        copy=False,
        help="On a produced line of a manufacturing order: the consumed lines "
        "that went into this output lot only. When set, the lot genealogy "
        "follows it instead of linking every output to every input of the run.",
    )
    allocation_production_id = fields.Many2one(
        related="move_id.production_id", string="Produced by"
    )

    def init(self):
        res = super().init()
        # the genealogy walks move lines by lot: keep that lookup indexed
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS stock_move_line_lot_id_index "
            "ON stock_move_line (lot_id) WHERE lot_id IS NOT NULL"
        )
        return res

    @api.constrains("allocated_consume_line_ids")
    def _check_allocation_same_production(self):
        for line in self.filtered("allocated_consume_line_ids"):
            production = line.move_id.production_id
            strangers = line.allocated_consume_line_ids.filtered(
                lambda consumed, production=production: (
                    not production
                    or consumed.move_id.raw_material_production_id != production
                )
            )
            if strangers:
                raise ValidationError(
                    self.env._(
                        "Output %(lot)s of %(production)s can only be allocated "
                        "inputs consumed by that manufacturing order, not "
                        "%(inputs)s.",
                        lot=line.lot_id.display_name or line.product_id.display_name,
                        production=production.display_name or line.reference,
                        inputs=", ".join(
                            strangers.mapped(
                                lambda c: (
                                    c.lot_id.display_name or c.product_id.display_name
                                )
                            )
                        ),
                    )
                )

from odoo import api, fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    secondary_uom_id = fields.Many2one(
        "uom.uom",
        string="Second Unit",
        compute="_compute_secondary_uom_id",
        store=True,
        precompute=True,
    )
    secondary_product_uom_qty = fields.Float(
        string="Demand (Second Unit)",
        digits="Product Unit of Measure",
        compute="_compute_secondary_product_uom_qty",
        store=True,
        readonly=False,
        precompute=True,
        copy=False,
        help="The demand in the product's second unit, from the order line "
        "or the product's ratio.",
    )
    secondary_quantity = fields.Float(
        string="Second Quantity",
        digits="Product Unit of Measure",
        compute="_compute_secondary_quantity",
        store=True,
        help="The quantity in the product's second unit: the sum of the "
        "move lines' (actual when entered).",
    )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_move_quantities(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_move_quantities([vals])
        return super().write(vals)

    def _check_move_quantities(self, vals_list):
        self.env["uom.uom"]._check_quantity_vals(
            self,
            vals_list,
            {
                "product_uom_qty": "product_uom",
                "quantity": "product_uom",
                "secondary_product_uom_qty": "secondary_uom_id",
            },
        )

    @api.depends("product_id", "product_uom", "product_uom_qty", "state")
    def _compute_product_qty(self):  # pylint: disable=missing-return
        # A move in a unit the product has its own ratio for (1 case = 10
        # units) demands that many of the product's unit, not Odoo's generic.
        own = self.filtered(
            lambda move: (
                move.product_id and move.product_id._pi_has_own_ratio(move.product_uom)
            )
        )
        super(StockMove, self - own)._compute_product_qty()
        for move in own:
            super(
                StockMove,
                move.with_context(**move.product_id._pi_document_context()),
            )._compute_product_qty()

    @api.depends("product_id")
    def _compute_secondary_uom_id(self):
        for move in self:
            move.secondary_uom_id = move.product_id.secondary_uom_id

    @api.depends("product_uom_qty", "product_uom", "secondary_uom_id")
    def _compute_secondary_product_uom_qty(self):
        for move in self:
            move.secondary_product_uom_qty = (
                move.product_id._pi_convert(
                    move.product_uom_qty, move.product_uom, move.secondary_uom_id
                )
                if move.secondary_uom_id
                else 0.0
            )

    @api.depends("move_line_ids.secondary_quantity", "secondary_uom_id")
    def _compute_secondary_quantity(self):
        for move in self:
            move.secondary_quantity = sum(
                move.move_line_ids.mapped("secondary_quantity")
            )

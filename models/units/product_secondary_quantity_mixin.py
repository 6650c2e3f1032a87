from odoo import api, fields, models
from odoo.tools import float_compare


class ProductSecondaryQuantityMixin(models.AbstractModel):
    """A quantity kept in the product's second unit beside the record's own
    quantity: computed from the applicable ratio (lot, parent lots, product)
    unless an actual value is entered."""

    _name = "product.secondary.quantity.mixin"
    _description = "Quantity in the Product's Second Unit"
    # The record's own quantity, its unit and its lot (empty: no lot).
    _secondary_qty_field = "product_qty"
    _secondary_uom_field = "product_uom_id"
    _secondary_lot_field = ""
    # True: entering the second quantity sets the record's own quantity (order
    # lines). False: it is an actual value kept as entered (catch weight).
    _secondary_drives_qty = False

    secondary_uom_id = fields.Many2one(
        "uom.uom",
        string="Second Unit",
        compute="_compute_secondary_uom_id",
        store=True,
        precompute=True,
    )
    secondary_quantity = fields.Float(
        string="Second Quantity",
        digits="Product Unit of Measure",
        compute="_compute_secondary_quantity",
        inverse="_inverse_secondary_quantity",
        store=True,
        readonly=False,
        copy=False,
        help="The quantity in the product's second unit, from the lot's or "
        "the product's ratio unless an actual value was entered.",
    )
    is_secondary_quantity_entered = fields.Boolean(
        string="Actual Second Quantity",
        copy=False,
        help="The second quantity was entered (e.g. weighed) rather than "
        "computed from a ratio; it is kept when the quantity changes.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_secondary_mixin_quantities(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_secondary_mixin_quantities([vals])
        return super().write(vals)

    def _check_secondary_mixin_quantities(self, vals_list):
        self.env["uom.uom"]._check_quantity_vals(
            self,
            vals_list,
            {
                self._secondary_qty_field: self._secondary_uom_field,
                "secondary_quantity": "secondary_uom_id",
            },
        )

    @api.depends("product_id")
    def _compute_secondary_uom_id(self):
        for record in self:
            record.secondary_uom_id = record.product_id.secondary_uom_id

    @api.depends(
        lambda self: [
            name
            for name in (
                self._secondary_qty_field,
                self._secondary_uom_field,
                self._secondary_lot_field,
                "secondary_uom_id",
            )
            if name
        ]
    )
    def _compute_secondary_quantity(self):
        to_compute = self.filtered(
            lambda r: r.secondary_uom_id and not r.is_secondary_quantity_entered
        )
        for record in self - to_compute:
            if not record.secondary_uom_id:
                record.secondary_quantity = 0.0
        values = to_compute._secondary_quantity_values()
        for record in to_compute:
            record.secondary_quantity = values[record]

    def _inverse_secondary_quantity(self):
        records = self.filtered("secondary_uom_id")
        if self._secondary_drives_qty:
            for record in records:
                record[self._secondary_qty_field] = record.product_id._pi_convert(
                    record.secondary_quantity,
                    record.secondary_uom_id,
                    record[self._secondary_uom_field],
                    lot=record._secondary_lot(),
                )
            return
        values = records._secondary_quantity_values()
        for record in records:
            # Clients send computed values back unchanged: only a different
            # value is an entered one.
            record.is_secondary_quantity_entered = bool(
                float_compare(
                    record.secondary_quantity,
                    values[record],
                    precision_rounding=record.secondary_uom_id.rounding,
                )
            )

    def _secondary_lot(self):
        self.ensure_one()
        if not self._secondary_lot_field:
            return self.env["stock.lot"]
        return self[self._secondary_lot_field]

    def _secondary_quantity_values(self):
        """{record: second quantity computed from the applicable ratio}."""
        return {
            record: record.product_id._pi_convert(
                record[self._secondary_qty_field],
                record[self._secondary_uom_field],
                record.secondary_uom_id,
                lot=record._secondary_lot(),
            )
            for record in self
        }

    @api.onchange("secondary_quantity")
    def _onchange_secondary_quantity(self):
        if self._secondary_drives_qty:
            self._inverse_secondary_quantity()

    def _pi_own_ratio_lines(self):
        """The records whose unit their product converts with its own ratio
        (1 case = 10 units), not Odoo's generic one."""
        return self.filtered(
            lambda record: (
                record.product_id
                and record.product_id._pi_has_own_ratio(
                    record[self._secondary_uom_field]
                )
            )
        )

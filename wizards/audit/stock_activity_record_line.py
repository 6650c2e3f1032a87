from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class StockActivityRecordLine(models.TransientModel):
    _name = "stock.activity.record.line"
    _inherit = ["input.validation.mixin"]
    _description = "Product of a Recorded Inventory Activity"

    record_id = fields.Many2one(
        "stock.activity.record", required=True, ondelete="cascade"
    )
    product_id = fields.Many2one(
        "product.product",
        required=True,
        domain=[("is_storable", "=", True)],
    )
    tracking = fields.Selection(related="product_id.tracking")
    lot_id = fields.Many2one("stock.lot", domain="[('product_id', '=', product_id)]")
    lot_name = fields.Char(
        string="New Lot", help="Receipts: name of a lot to create for this product."
    )
    quantity = fields.Float(required=True, digits="Product Unit of Measure")
    product_uom_id = fields.Many2one(
        "uom.uom",
        string="Unit",
        compute="_compute_product_uom_id",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
    )

    @api.model_create_multi
    def create(self, vals_list):
        self.env["uom.uom"]._check_quantity_vals(
            self, vals_list, {"quantity": "product_uom_id"}
        )
        return super().create(vals_list)

    def write(self, vals):
        self.env["uom.uom"]._check_quantity_vals(
            self, [vals], {"quantity": "product_uom_id"}
        )
        return super().write(vals)

    @api.depends("product_id")
    def _compute_product_uom_id(self):
        for line in self:
            line.product_uom_id = line.product_id.uom_id

    def _check_recordable(self):
        activity_type = self.record_id.activity_type_id
        for line in self:
            product = line.product_id
            line.product_uom_id._check_quantity_value(
                line.quantity,
                self.env._("quantity of %s", product.display_name),
            )
            rounding = line.product_uom_id.rounding
            if float_compare(line.quantity, 0, precision_rounding=rounding) <= 0:
                raise UserError(
                    self.env._(
                        "The quantity of %(product)s must be positive.",
                        product=product.display_name,
                    )
                )
            if (
                product.tracking != "none"
                and not line.lot_id
                and not (activity_type.direction == "receipt" and line.lot_name)
            ):
                raise UserError(
                    self.env._(
                        "Product %(product)s is tracked by lot: choose its lot.",
                        product=product.display_name,
                    )
                )

    def _get_or_create_lot(self):
        self.ensure_one()
        activity_type = self.record_id.activity_type_id
        if self.lot_id or not self.lot_name:
            return self.lot_id
        return self.env["stock.lot"].create(
            {
                "name": self.lot_name,
                "product_id": self.product_id.id,
                "company_id": self.record_id.company_id.id,
                "classification_id": activity_type.classification_id.id,
            }
        )

    def _prepare_move_values(self, reference):
        self.ensure_one()
        record = self.record_id
        activity_type = record.activity_type_id
        lot = self._get_or_create_lot()
        values = {
            "name": activity_type.name,
            "origin": reference,
            "product_id": self.product_id.id,
            "product_uom": self.product_uom_id.id,
            "product_uom_qty": self.quantity,
            "location_id": activity_type.location_id.id,
            "location_dest_id": activity_type.location_dest_id.id,
            "company_id": record.company_id.id,
            "activity_type_id": activity_type.id,
            "analytic_account_id": record.analytic_account_id.id,
            "state": "confirmed",
        }
        if activity_type.direction == "issue":
            # taken from where the stock is, by the record's reservation
            return values
        return values | {
            "picked": True,
            "move_line_ids": [
                Command.create(
                    {
                        "product_id": self.product_id.id,
                        "product_uom_id": self.product_uom_id.id,
                        "quantity": self.quantity,
                        "location_id": activity_type.location_id.id,
                        "location_dest_id": activity_type.location_dest_id.id,
                        "lot_id": lot.id,
                        "company_id": record.company_id.id,
                    }
                )
            ],
        }

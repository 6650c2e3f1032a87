from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class MrpProduction(models.Model):
    """Convert parts to assemblies in one step: a manufacturing order made and
    done at once from a bill of materials, recorded as a conversion."""

    _inherit = "mrp.production"

    is_conversion = fields.Boolean(
        readonly=True,
        copy=False,
        help="Made by a conversion (Convert by BOM): its moves are recorded as "
        "a conversion in the inventory audit trail.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_is_conversion_set_by_system(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_is_conversion_set_by_system(vals)
        return super().write(vals)

    def _check_is_conversion_set_by_system(self, vals):
        # The audit trail records a conversion on this flag's word.
        if "is_conversion" in vals and not self.env.su:
            raise UserError(
                self.env._(
                    "Only Convert by BOM marks a manufacturing order as a conversion."
                )
            )

    def _convert_from_bom(
        self, bom, quantity, components=None, lot_name=None, picking_type=None
    ):
        """Convert parts to assemblies in one step: a manufacturing order of
        `quantity` (in the BOM's unit) is created, its components consumed
        from stock and its product put on hand at once. All or nothing.

        :param components: optional list of dicts {product, lot, quantity
            (product unit)} choosing the lots consumed; other components are
            reserved by Odoo's rules.
        :return: the done mrp.production
        """
        bom.product_uom_id._check_quantity_value(
            quantity, self.env._("quantity to convert")
        )
        if (
            float_compare(quantity, 0.0, precision_rounding=bom.product_uom_id.rounding)
            <= 0
        ):
            raise UserError(self.env._("The quantity to convert must be positive."))
        components = components or []
        for line in components:
            line["product"].uom_id._check_quantity_value(
                line["quantity"],
                self.env._("quantity of %s to convert", line["product"].display_name),
            )
            if (
                float_compare(
                    line["quantity"],
                    0.0,
                    precision_rounding=line["product"].uom_id.rounding,
                )
                <= 0
            ):
                raise UserError(
                    self.env._(
                        "The quantity of %(product)s to convert must be positive.",
                        product=line["product"].display_name,
                    )
                )
        self._check_lots_issuable(
            self.env["stock.lot"].union(*(line["lot"] for line in components))
        )
        with self.env.cr.savepoint():
            product = bom.product_id or bom.product_tmpl_id.product_variant_id
            production = self.create(
                {
                    "product_id": product.id,
                    "bom_id": bom.id,
                    "product_qty": quantity,
                    "product_uom_id": bom.product_uom_id.id,
                    "company_id": bom.company_id.id or self.env.company.id,
                    **(picking_type and {"picking_type_id": picking_type.id} or {}),
                }
            )
            # Only this method marks a conversion (see write).
            production.sudo().is_conversion = True
            production.action_confirm()
            chosen = {line["product"] for line in components}
            raw_moves = production.move_raw_ids
            raw_moves.filtered(
                lambda move: move.product_id not in chosen
            )._action_assign()
            requests = []
            for product in chosen:
                move = raw_moves.filtered(lambda m, p=product: m.product_id == p)[:1]
                if not move:
                    raise UserError(
                        self.env._(
                            "%(product)s is not a component of %(bom)s.",
                            product=product.display_name,
                            bom=bom.display_name,
                        )
                    )
                # the lots chosen replace what confirmation may have reserved
                move._do_unreserve()
                requests += [
                    (move, line["lot"], line["quantity"])
                    for line in components
                    if line["product"] == product
                ]
            self.env["stock.move"].union(
                *(move for move, _lot, _quantity in requests)
            )._take_available_stock(requests)
            for move in raw_moves:
                if (
                    move.product_id.is_storable
                    and float_compare(
                        move.quantity,
                        move.product_uom_qty,
                        precision_rounding=move.product_uom.rounding,
                    )
                    < 0
                ):
                    raise UserError(
                        self.env._(
                            "Not enough %(product)s to convert: %(quantity)s "
                            "%(uom)s needed, %(available)s available.",
                            product=move.product_id.display_name,
                            quantity=move.product_uom_qty,
                            uom=move.product_uom.name,
                            available=move.quantity,
                        )
                    )
            self._check_lots_issuable(raw_moves.move_line_ids.lot_id)
            raw_moves.picked = True
            production._produce_now(lot_name=lot_name)
        return production

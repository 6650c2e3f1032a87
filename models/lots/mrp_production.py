from odoo import Command, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    use_sub_lots = fields.Boolean(related="product_id.use_sub_lots")

    def action_open_produce_sub_lots(self):
        """Open the wizard producing this order into several sub-lots."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "process_inventory.mrp_production_sub_lot_action"
        )
        action["context"] = {"default_production_id": self.id}
        return action

    def _prepare_finished_extra_vals(self):
        # A product tracking sub-lots is produced onto sub-lots of the batch
        # (`lot_producing_id`): keep the sub-lots already on the finished lines,
        # otherwise put the output on the batch's next sub-lot.
        vals = super()._prepare_finished_extra_vals()
        batch = self.lot_producing_id
        if not (self.product_id.use_sub_lots and batch and not batch.parent_lot_id):
            return vals
        lines = self._finished_product_moves().move_line_ids
        if lines and all(line.lot_id.parent_lot_id == batch for line in lines):
            vals.pop("lot_id", None)
            return vals
        sub_lot = self.env["stock.lot"].create(
            batch._prepare_sub_lot_vals(batch, batch._next_sub_lot_names(1)[0])
        )
        return dict(vals, lot_id=sub_lot.id)

    def _finished_product_moves(self):
        self.ensure_one()
        return self.move_finished_ids.filtered(
            lambda move: (
                move.product_id == self.product_id
                and move.state not in ("done", "cancel")
            )
        )

    def _produce_into_sub_lots(self, split_lines):
        """Produce this order's output directly into several sub-lots of its
        batch (`lot_producing_id`, generated when empty).

        :param split_lines: list of ``(quantity, name)`` tuples, quantity in
            the order's unit, name ``None`` / ``False`` for the next
            `<batch>/nn`.
        :return: the sub-lots (``stock.lot`` recordset, in input order); the
            quantity producing becomes their total, and marking the order done
            puts each quantity on its sub-lot.
        """
        self.ensure_one()
        if not self.product_id.use_sub_lots:
            raise UserError(
                self.env._(
                    "Product '%(product)s' does not track sub-lots: %(order)s "
                    "cannot produce into sub-lots.",
                    product=self.product_id.display_name,
                    order=self.name,
                )
            )
        rounding = self.product_uom_id.rounding
        for quantity, _name in split_lines or ():
            self.product_uom_id._check_quantity_value(
                quantity, self.env._("sub-lot quantity of %s", self.name)
            )
        if not split_lines or any(
            float_compare(quantity, 0, precision_rounding=rounding) <= 0
            for quantity, _name in split_lines
        ):
            raise UserError(
                self.env._(
                    "%(order)s: give a positive quantity for each sub-lot.",
                    order=self.name,
                )
            )
        remaining = self.product_qty - self.qty_produced
        total = sum(quantity for quantity, _name in split_lines)
        if float_compare(total, remaining, precision_rounding=rounding) > 0:
            raise UserError(
                self.env._(
                    "%(order)s: the sub-lots add up to %(total)s %(unit)s, more "
                    "than the %(remaining)s %(unit)s left to produce. Lower their "
                    "quantities or raise the order's quantity first.",
                    order=self.name,
                    total=total,
                    remaining=remaining,
                    unit=self.product_uom_id.name,
                )
            )
        if not self.lot_producing_id:
            self.action_generate_serial()
        batch = self.lot_producing_id
        if batch.parent_lot_id:
            batch = batch.parent_lot_id
            self.lot_producing_id = batch
        move = self._finished_product_moves()[:1]
        # A new run replaces the previous one: its sub-lots, still empty (the
        # order is not done), go with its lines instead of staying behind.
        previous = move.move_line_ids.lot_id.filtered(
            lambda lot: lot.parent_lot_id == batch
        )
        # Command.clear() would only detach the lines (move_id has no cascade).
        move.move_line_ids.unlink()
        previous._pi_unlink_unused()
        generated = iter(
            batch._next_sub_lot_names(sum(1 for line in split_lines if not line[1]))
        )
        sub_lots = self.env["stock.lot"].create(
            [
                batch._prepare_sub_lot_vals(batch, name or next(generated))
                for _quantity, name in split_lines
            ]
        )
        self.qty_producing = self.qty_produced + sum(q for q, _name in split_lines)
        self._set_qty_producing()
        move.move_line_ids = [
            Command.create(
                move._prepare_move_line_vals(
                    quantity=self.product_uom_id._compute_quantity(
                        quantity, self.product_id.uom_id
                    )
                )
                | {"lot_id": sub_lot.id}
            )
            for (quantity, _name), sub_lot in zip(split_lines, sub_lots, strict=True)
        ]
        return sub_lots

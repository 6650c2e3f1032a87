from collections import defaultdict

from odoo import Command, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    wip_move_ids = fields.One2many(
        "stock.move", "wip_production_id", string="Issued to WIP", readonly=True
    )

    def action_open_issue(self):
        """Open the issue-to-WIP wizard on this manufacturing order."""
        self.ensure_one()
        return self._flow_wizard_action(
            "mrp.production.issue", self.env._("Issue to WIP")
        )

    def action_open_receive(self):
        """Open the receive-assemblies wizard on this manufacturing order."""
        self.ensure_one()
        return self._flow_wizard_action(
            "mrp.production.receive", self.env._("Receive Assemblies")
        )

    def _flow_wizard_action(self, model, name):
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": "form",
            "target": "new",
            "context": {"default_production_id": self.id},
        }

    def _check_lots_issuable(self, lots):
        """Refuse lots whose classification forbids issue to production."""
        refused = lots.filtered(
            lambda lot: (
                lot.classification_id
                and not lot.classification_id.allow_production_issue
            )
        )
        if refused:
            raise UserError(
                self.env._(
                    "Lot %(lot)s of %(product)s is classified %(classification)s, "
                    "which may not be issued to production. Reclassify it or "
                    "choose another lot.",
                    lot=refused[0].name,
                    product=refused[0].product_id.display_name,
                    classification=refused[0].classification_id.name,
                )
            )

    def _issue_to_wip(self, issues):
        """Step 1 of the stock room: move parts from stock to the warehouse's
        WIP location for this manufacturing order, whose components are then
        taken from WIP.

        :param issues: list of dicts {product, lot, quantity (product unit),
            location}
        :return: the done stock.move records
        """
        self.ensure_one()
        if self.state not in ("confirmed", "progress", "to_close"):
            raise UserError(
                self.env._(
                    "Manufacturing order %(production)s is %(state)s: only "
                    "confirmed orders in progress receive parts.",
                    production=self.name,
                    state=self.state,
                )
            )
        if not issues:
            raise UserError(self.env._("Give at least one part to issue."))
        lots = self.env["stock.lot"].union(*(issue["lot"] for issue in issues))
        # what consuming the parts from WIP will check, checked before they move
        self._check_lots_issuable(lots)
        lots._check_required_characteristics()
        wip = self.picking_type_id.warehouse_id._get_wip_location()
        move_vals, lot_of = [], []
        for issue in issues:
            product, lot, quantity = issue["product"], issue["lot"], issue["quantity"]
            product.uom_id._check_quantity_value(
                quantity, self.env._("quantity of %s to issue", product.display_name)
            )
            rounding = product.uom_id.rounding
            if float_compare(quantity, 0.0, precision_rounding=rounding) <= 0:
                raise UserError(
                    self.env._(
                        "The quantity of %(product)s to issue must be positive.",
                        product=product.display_name,
                    )
                )
            if product.tracking != "none" and not lot:
                raise UserError(
                    self.env._(
                        "%(product)s is tracked: choose the lot to issue.",
                        product=product.display_name,
                    )
                )
            location = issue.get("location") or self.location_src_id
            self._check_location_issuable(location)
            lot_of.append(lot)
            move_vals.append(
                {
                    "name": self.env._("Issue to %(production)s", production=self.name),
                    "origin": self.name,
                    "product_id": product.id,
                    "product_uom": product.uom_id.id,
                    "product_uom_qty": quantity,
                    "location_id": location.id,
                    "location_dest_id": wip.id,
                    "company_id": self.company_id.id,
                }
            )
        # The order's own reservations in stock give way to the issue: its
        # components will be taken from WIP.
        open_raw = self.move_raw_ids.filtered(
            lambda move: (
                move.state not in ("done", "cancel") and move.location_id != wip
            )
        )
        # all or nothing, also for server code that catches the error
        with self.env.cr.savepoint():
            # picked lines too (Odoo's unreserve keeps them): they would hold
            # the very stock the issue takes
            open_raw.move_line_ids.unlink()
            moves = self.env["stock.move"].create(move_vals)
            # The marker is the system's (see stock.move._system_set_fields).
            moves.sudo().wip_production_id = self
            moves._action_confirm(merge=False)
            moves._take_available_stock(
                [
                    (move, lot, move.product_qty)
                    for move, lot in zip(moves, lot_of, strict=True)
                ]
            )
            moves._action_done()
            open_raw.location_id = wip
            self._assign_issued_lots()
        return moves

    def _check_location_issuable(self, location):
        """Refuse a source location whose classification forbids issue to
        production (stock kept there could never be consumed)."""
        classification = location.effective_classification_id
        if not classification._allows("production"):
            raise UserError(
                self.env._(
                    "%(location)s is classified %(classification)s, whose "
                    "stock may not be issued to production. Choose another "
                    "location.",
                    location=location.display_name,
                    classification=classification.display_name,
                )
            )

    def _assign_issued_lots(self):
        """Put on the order's open component moves, taken from WIP, exactly
        what was issued to it, lot by lot, so that consuming them ("Produce
        All" or the receive wizard) takes the issued lots without asking."""
        wip = self.picking_type_id.warehouse_id._get_wip_location()
        issued = defaultdict(float)
        for line in self.wip_move_ids.filtered(
            lambda move: move.state == "done"
        ).move_line_ids:
            issued[line.product_id, line.lot_id] += line.quantity_product_uom
        raw_moves = self.move_raw_ids.filtered(
            lambda move: move.state not in ("done", "cancel")
        )
        raw_moves._do_unreserve()
        raw_moves.move_line_ids.unlink()
        for product in {product for product, _lot in issued}:
            move = raw_moves.filtered(lambda m, p=product: m.product_id == p)[:1]
            if not move:
                move = self.env["stock.move"].create(
                    self._get_move_raw_values(product, 0.0, product.uom_id)
                    | {"location_id": wip.id}
                )
                move._action_confirm()
            move.write(
                {
                    "location_id": wip.id,
                    "move_line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_uom_id": move.product_uom.id,
                                "lot_id": line_lot.id,
                                "quantity": product.uom_id._compute_quantity(
                                    quantity, move.product_uom
                                ),
                                "location_id": wip.id,
                                "location_dest_id": move.location_dest_id.id,
                            }
                        )
                        for (line_product, line_lot), quantity in issued.items()
                        if line_product == product
                    ],
                }
            )

    def _receive_shortages(self):
        """What the bill of materials needs that was not issued to WIP:
        [(product, needed, issued)] in the product's unit, for the open
        storable components issued less than their demand."""
        self.ensure_one()
        issued = defaultdict(float)
        for move in self.wip_move_ids.filtered(lambda move: move.state == "done"):
            issued[move.product_id] += move.product_qty
        needed = defaultdict(float)
        for move in self.move_raw_ids.filtered(
            lambda move: (
                move.state not in ("done", "cancel") and move.product_id.is_storable
            )
        ):
            needed[move.product_id] += move.product_qty
        return [
            (product, quantity, issued[product])
            for product, quantity in needed.items()
            if float_compare(
                issued[product], quantity, precision_rounding=product.uom_id.rounding
            )
            < 0
        ]

    def _receive_shortage_text(self):
        """The shortages of `_receive_shortages` as lines a user reads."""
        return "\n".join(
            self.env._(
                "%(product)s: %(needed)s %(uom)s needed, %(issued)s issued",
                product=product.display_name,
                needed=needed,
                issued=issued,
                uom=product.uom_id.name,
            )
            for product, needed, issued in self._receive_shortages()
        )

    def _receive_from_wip(self, lot=None, lot_name=None, accept_shortage=False):
        """Step 2 of the stock room: consume from WIP exactly what was issued
        to this manufacturing order (lot by lot) and put its finished product
        on hand, with its output lot (`lot`, or a new one named `lot_name`,
        or a generated one).

        Fewer parts issued than the bill of materials needs are refused,
        naming what is missing, unless `accept_shortage`: the assemblies are
        then received with only what was issued, and the order's chatter says
        what was not consumed. Parts not issued are never consumed."""
        self.ensure_one()
        issued_lines = self.wip_move_ids.filtered(
            lambda move: move.state == "done"
        ).move_line_ids
        if not issued_lines:
            raise UserError(
                self.env._(
                    "Nothing was issued to %(production)s: issue its parts to "
                    "WIP first.",
                    production=self.name,
                )
            )
        shortage = self._receive_shortage_text()
        if shortage and not accept_shortage:
            raise UserError(
                self.env._(
                    "%(production)s was issued fewer parts than its bill of "
                    "materials needs:\n%(shortage)s\nIssue the missing parts, "
                    "or confirm receiving with what was issued.",
                    production=self.name,
                    shortage=shortage,
                )
            )
        self._assign_issued_lots()
        raw_moves = self.move_raw_ids.filtered(
            lambda move: move.state not in ("done", "cancel")
        )
        # Components nothing was issued for consume nothing (Odoo would
        # otherwise reserve them from stock when the order is marked done).
        raw_moves.filtered(lambda move: not move.move_line_ids).quantity = 0.0
        raw_moves.picked = True
        self._produce_now(lot=lot, lot_name=lot_name)
        if shortage:
            self.message_post(
                body=self.env._(
                    "Received with fewer parts than the bill of materials "
                    "needs; not consumed:\n%(shortage)s",
                    shortage=shortage,
                )
            )

    def _produce_now(self, lot=None, lot_name=None):
        """Mark the whole order produced with the components as set on its
        moves (no consumption question, no backorder)."""
        if self.product_id.tracking != "none" and not lot:
            if lot_name:
                lot = self.env["stock.lot"].create(
                    {
                        "name": lot_name,
                        "product_id": self.product_id.id,
                        "company_id": self.company_id.id,
                    }
                )
            else:
                self.action_generate_serial()
                lot = self.lot_producing_id
        self.write(
            {"qty_producing": self.product_qty, "lot_producing_id": lot and lot.id}
        )
        self.with_context(skip_consumption=True, skip_backorder=True).button_mark_done()
        if self.state != "done":
            raise UserError(
                self.env._(
                    "Manufacturing order %(production)s could not be completed.",
                    production=self.name,
                )
            )

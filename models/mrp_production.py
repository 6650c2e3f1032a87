from collections import defaultdict

from odoo import Command, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

UNSTOCKED_CONSUMED_TYPES = ("non_inventory", "flow")


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    use_sub_lots = fields.Boolean(related="product_id.use_sub_lots")
    resource_consumption_count = fields.Integer(
        compute="_compute_resource_consumption_count",
        string="Utilities and Flow Consumed",
    )

    wip_move_ids = fields.One2many(
        "stock.move", "wip_production_id", string="Issued to WIP", readonly=True
    )

    def _compute_resource_consumption_count(self):
        counts = dict(
            self.env["stock.move"]._read_group(
                self._resource_consumption_domain(),
                ["raw_material_production_id"],
                ["__count"],
            )
        )
        for production in self:
            production.resource_consumption_count = counts.get(production, 0)

    def _resource_consumption_domain(self):
        return [
            ("raw_material_production_id", "in", self.ids),
            ("product_id.resource_type", "in", UNSTOCKED_CONSUMED_TYPES),
        ]

    def action_view_resource_consumption(self):
        """Open the utility and flow consumption of these manufacturing orders."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "process_inventory.stock_move_resource_consumption_action"
        )
        action["domain"] = self._resource_consumption_domain()
        action["context"] = {"search_default_done": 0}
        return action

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
        if not self.lot_producing_id:
            self.action_generate_serial()
        batch = self.lot_producing_id
        if batch.parent_lot_id:
            batch = batch.parent_lot_id
            self.lot_producing_id = batch
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
        move = self._finished_product_moves()[:1]
        # Command.clear() would only detach the lines (move_id has no cascade).
        move.move_line_ids.unlink()
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

    def _check_available(self, product, location, lot, quantity):
        """Refuse to take more of a product (lot) than `location` holds
        unreserved."""
        available = self.env["stock.quant"]._get_available_quantity(
            product, location, lot_id=lot or None, strict=bool(lot)
        )
        if (
            float_compare(
                available, quantity, precision_rounding=product.uom_id.rounding
            )
            < 0
        ):
            raise UserError(
                self.env._(
                    "Only %(available)s %(uom)s of %(product)s %(lot)s are "
                    "available in %(location)s, %(quantity)s asked.",
                    available=available,
                    uom=product.uom_id.name,
                    product=product.display_name,
                    lot=lot.name or "",
                    location=location.display_name,
                    quantity=quantity,
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
        self._check_lots_issuable(
            self.env["stock.lot"].union(*(issue["lot"] for issue in issues))
        )
        wip = self.picking_type_id.warehouse_id._get_wip_location()
        # The order's own reservations in stock give way to the issue: its
        # components will be taken from WIP.
        open_raw = self.move_raw_ids.filtered(
            lambda move: (
                move.state not in ("done", "cancel") and move.location_id != wip
            )
        )
        open_raw._do_unreserve()
        move_vals = []
        for issue in issues:
            product, lot, quantity = issue["product"], issue["lot"], issue["quantity"]
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
            self._check_available(product, location, lot, quantity)
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
                    "wip_production_id": self.id,
                    "picked": True,
                    "move_line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_uom_id": product.uom_id.id,
                                "lot_id": lot.id,
                                "quantity": quantity,
                                "location_id": location.id,
                                "location_dest_id": wip.id,
                                "picked": True,
                            }
                        )
                    ],
                }
            )
        moves = self.env["stock.move"].create(move_vals)
        moves._action_confirm(merge=False)
        moves._action_done()
        open_raw.location_id = wip
        return moves

    def _receive_from_wip(self, lot=None, lot_name=None):
        """Step 2 of the stock room: consume from WIP exactly what was issued
        to this manufacturing order (lot by lot) and put its finished product
        on hand, with its output lot (`lot`, or a new one named `lot_name`,
        or a generated one)."""
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
        wip = self.picking_type_id.warehouse_id._get_wip_location()
        issued = defaultdict(float)
        for line in issued_lines:
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
        self.move_raw_ids.filtered(
            lambda move: move.state not in ("done", "cancel")
        ).picked = True
        self._produce_now(lot=lot, lot_name=lot_name)

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
        if (
            float_compare(quantity, 0.0, precision_rounding=bom.product_uom_id.rounding)
            <= 0
        ):
            raise UserError(self.env._("The quantity to convert must be positive."))
        components = components or []
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
            production.action_confirm()
            chosen = {line["product"] for line in components}
            raw_moves = production.move_raw_ids
            raw_moves.filtered(
                lambda move: move.product_id not in chosen
            )._action_assign()
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
                for line in components:
                    if line["product"] == product:
                        self._check_available(
                            product, move.location_id, line["lot"], line["quantity"]
                        )
                move.move_line_ids = [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_id": move.product_uom.id,
                            "lot_id": line["lot"].id,
                            "quantity": product.uom_id._compute_quantity(
                                line["quantity"], move.product_uom
                            ),
                            "location_id": move.location_id.id,
                            "location_dest_id": move.location_dest_id.id,
                        }
                    )
                    for line in components
                    if line["product"] == product
                ]
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
            production.with_context(
                inventory_ledger_activity="conversion"
            )._produce_now(lot_name=lot_name)
        return production

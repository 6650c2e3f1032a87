import datetime
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, float_is_zero

ARRIVAL_SOURCE_USAGES = ("supplier", "production")
# Where stock goes when it is used (shipped or consumed): required lot
# characteristics must be known first. Returns to the vendor, transfers
# through transit, inventory losses, scrap and lot splits need not.
LEAVING_STOCK_USAGES = ("customer", "production")


# Fields whose change on a done line moves stock again (stock.move.line.write).
DONE_LINE_STOCK_FIELDS = {
    "quantity",
    "product_uom_id",
    "location_id",
    "location_dest_id",
    "lot_id",
    "package_id",
    "result_package_id",
    "owner_id",
}
# Ledger values compared to tell whether a done line edit changed inventory.
LEDGER_STOCK_KEYS = ("quantity", "location_id", "location_dest_id", "lot_id")


class StockMoveLine(models.Model):
    _name = "stock.move.line"
    _inherit = ["stock.move.line", "product.secondary.quantity.mixin"]
    _secondary_qty_field = "quantity"
    _secondary_uom_field = "product_uom_id"
    _secondary_lot_field = "lot_id"

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

    def _action_done(self):
        self._check_sub_lot_destination()
        leaving = self.filtered(
            lambda line: (
                line.lot_id
                and line.location_id.usage == "internal"
                and line.location_dest_id.usage in LEAVING_STOCK_USAGES
            )
        )
        leaving.lot_id._check_required_characteristics()
        self._check_classification_allows_move()
        result = super()._action_done()
        done = self.exists()
        done._apply_arrival_classification()
        # After the arrival classification: the entry records the lot's status.
        done._create_inventory_ledger_entries()
        return result

    def _check_sub_lot_destination(self):
        """Stock of a product tracking sub-lots enters stock on sub-lots only."""
        for line in self:
            if (
                line.product_id.use_sub_lots
                and line.location_dest_id.usage == "internal"
                and line.lot_id
                and not line.lot_id.parent_lot_id
                and line.quantity
            ):
                raise UserError(
                    self.env._(
                        "Product '%(product)s' tracks sub-lots: %(quantity)s "
                        "%(uom)s cannot be put in %(location)s on lot '%(lot)s'. "
                        "Use a sub-lot (e.g. '%(example)s') or split the lot.",
                        product=line.product_id.display_name,
                        quantity=line.quantity,
                        uom=line.product_uom_id.name,
                        location=line.location_dest_id.display_name,
                        lot=line.lot_id.name,
                        example=line.lot_id.name + "/01",
                    )
                )

    def _prepare_new_lot_vals(self):
        # product_expiry proposes "scheduled date + shelf life" on the line and
        # passes it as if entered: keep it generated, from that manufacturing
        # date, unless the user changed it.
        vals = super()._prepare_new_lot_vals()
        product = self.product_id
        if vals.get("expiration_date") and product.use_expiration_date:
            shelf_life = datetime.timedelta(days=product.expiration_time)
            for start in filter(
                None, (self.picking_id.scheduled_date, fields.Datetime.today())
            ):
                if abs(vals["expiration_date"] - (start + shelf_life)) < (
                    datetime.timedelta(minutes=1)
                ):
                    del vals["expiration_date"]
                    vals["manufacturing_date"] = start
                    break
        return vals

    def _check_classification_allows_move(self):
        """Refuse to move stock out of an internal location for a purpose its
        effective classification (lot's, else location's) forbids."""
        purposes = {}
        for line in self:
            if (
                line.location_id.usage != "internal"
                or float_compare(
                    line.quantity, 0, precision_rounding=line.product_uom_id.rounding
                )
                <= 0
            ):
                continue
            move = line.move_id
            if move not in purposes:
                purposes[move] = move._classification_purpose() if move else False
            classification = (
                line.lot_id.classification_id
                or line.location_id.effective_classification_id
            )
            if not classification._allows(purposes[move]):
                raise UserError(line._classification_refusal(classification))

    def _classification_refusal(self, classification):
        self.ensure_one()
        operation = (
            self.move_id.raw_material_production_id.display_name
            or self.picking_id.display_name
            or self.move_id.reference
            or self.location_dest_id.display_name
        )
        if self.lot_id:
            stock = self.env._(
                "lot '%(lot)s' of %(product)s",
                lot=self.lot_id.display_name,
                product=self.product_id.display_name,
            )
        else:
            stock = self.env._(
                "%(product)s in %(location)s",
                product=self.product_id.display_name,
                location=self.location_id.display_name,
            )
        if self.move_id._classification_purpose() == "production":
            rule = self.env._("may not be issued to production")
        else:
            rule = self.env._("may not be shipped")
        return self.env._(
            "%(operation)s cannot take %(stock)s: it is classified "
            "%(classification)s, which %(rule)s. Reclassify it or take other "
            "stock.",
            operation=operation,
            stock=stock,
            classification=classification.display_name,
            rule=rule,
        )

    def _apply_arrival_classification(self):
        """Give lots received or produced without a classification the one of
        their operation type, else of their product."""
        arrivals = defaultdict(lambda: defaultdict(float))
        references = defaultdict(set)
        for line in self:
            if (
                not line.lot_id
                or line.lot_id.classification_id
                or line.location_id.usage not in ARRIVAL_SOURCE_USAGES
                or line.location_dest_id.usage != "internal"
            ):
                continue
            classification = (
                line.move_id.picking_type_id.arrival_classification_id
                or line.product_id.arrival_classification_id
            )
            if classification:
                arrivals[classification][line.lot_id] += line.quantity_product_uom
                references[classification].add(
                    line.move_id.production_id.name or line.reference or ""
                )
        for classification, quantities in arrivals.items():
            lots = self.env["stock.lot"].union(*quantities)
            lots._classify_on_arrival(
                classification,
                self.env._(
                    "Classification on arrival (%(references)s)",
                    references=", ".join(
                        sorted(filter(None, references[classification]))
                    ),
                ),
                quantities,
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

    @api.depends("location_id", "package_id", "owner_id")
    def _compute_secondary_quantity(self):
        return super()._compute_secondary_quantity()

    def _secondary_quantity_values(self):
        """Lines taking stock from a location take it at the actual ratio of
        the stock they take (10 cases weighed 126.4 kg: 3 of them weigh
        37.92 kg), other lines at the lot's or product's ratio."""
        values = super()._secondary_quantity_values()
        taking = self.filtered(
            lambda line: line.location_id.usage in ("internal", "transit")
        )
        if not taking:
            return values
        groups = self.env["stock.quant"]._read_group(
            [
                ("product_id", "in", taking.product_id.ids),
                ("location_id", "in", taking.location_id.ids),
            ],
            ["product_id", "location_id", "lot_id", "package_id", "owner_id"],
            ["quantity:sum", "secondary_quantity:sum"],
        )
        actual = {tuple(group[:5]): group[5:] for group in groups}
        for line in taking:
            quantity, secondary = actual.get(
                (
                    line.product_id,
                    line.location_id,
                    line.lot_id,
                    line.package_id,
                    line.owner_id,
                ),
                (0.0, 0.0),
            )
            if float_is_zero(
                quantity, precision_rounding=line.product_id.uom_id.rounding
            ) or float_is_zero(
                secondary, precision_rounding=line.secondary_uom_id.rounding
            ):
                continue
            values[line] = line.quantity_product_uom * secondary / quantity
        return values

    def _synchronize_quant(
        self, quantity, location, action="available", in_date=False, **quants_value
    ):
        if action != "available" or not self.secondary_uom_id or not self.quantity:
            return super()._synchronize_quant(
                quantity, location, action=action, in_date=in_date, **quants_value
            )
        # This line's second quantity, in proportion when only part of it moves.
        secondary = (
            self.secondary_quantity * abs(quantity) / self.quantity_product_uom
            if self.quantity_product_uom
            else self.secondary_quantity
        )
        return super(
            StockMoveLine,
            self.with_context(pi_secondary_move=(abs(quantity), secondary)),
        )._synchronize_quant(
            quantity, location, action=action, in_date=in_date, **quants_value
        )

    def _get_aggregated_product_quantities(self, **kwargs):
        """Add each aggregated line's second quantity (actual values summed)
        for the delivery slip."""
        aggregated = super()._get_aggregated_product_quantities(**kwargs)
        for line in self.filtered("secondary_uom_id"):
            if kwargs.get("except_package") and line.result_package_id:
                continue
            key = self._get_aggregated_properties(move_line=line)["line_key"]
            if key not in aggregated:
                continue
            values = aggregated[key]
            values["secondary_uom"] = line.secondary_uom_id
            values["secondary_quantity"] = (
                values.get("secondary_quantity", 0.0) + line.secondary_quantity
            )
        return aggregated

    def write(self, vals):
        done = self.browse()
        if DONE_LINE_STOCK_FIELDS.intersection(vals):
            done = self.filtered(
                lambda ml: ml.state == "done" and ml.product_id.is_storable
            )
        before = {ml.id: ml._prepare_inventory_ledger_values() for ml in done}
        res = super().write(vals)
        if done:
            self._create_inventory_ledger_corrections(before)
        return res

    def _create_inventory_ledger_corrections(self, before):
        """Edits of done lines undo and redo their stock move: record both
        halves, the old values reversed and the new values, as corrections."""
        vals_list = []
        now = fields.Datetime.now()
        for line in self.browse(before):
            old = before[line.id]
            new = line._prepare_inventory_ledger_values()
            if all(old[key] == new[key] for key in LEDGER_STOCK_KEYS):
                continue
            vals_list.append(
                {
                    **old,
                    "activity": "correction",
                    "location_id": old["location_dest_id"],
                    "location_dest_id": old["location_id"],
                    "date": now,
                }
            )
            if not float_is_zero(
                new["quantity"], precision_rounding=line.product_id.uom_id.rounding
            ):
                vals_list.append({**new, "activity": "correction", "date": now})
        if vals_list:
            self.env["stock.inventory.ledger"].sudo().create(vals_list)

    def _create_inventory_ledger_entries(self):
        """Write one audit trail entry per done line that moved stock."""
        lines = self.exists().filtered(
            lambda ml: (
                ml.product_id.is_storable
                and not float_is_zero(
                    ml.quantity, precision_rounding=ml.product_uom_id.rounding
                )
            )
        )
        if lines:
            self.env["stock.inventory.ledger"].sudo().create(
                [line._prepare_inventory_ledger_values() for line in lines]
            )

    def _prepare_inventory_ledger_values(self):
        """Values of the audit trail entry of one done move line.

        :return: dict for ``stock.inventory.ledger.create``
        """
        self.ensure_one()
        move = self.move_id
        reference, res_model, res_id = self._get_inventory_ledger_source()
        location = self.location_id
        location_dest = self.location_dest_id
        site = (
            location_dest.site_id
            if location_dest.usage == "internal"
            else location.site_id
        )
        return {
            "date": self.date,
            "user_id": self.env.uid,
            "activity": self._get_inventory_ledger_activity(),
            "activity_type_id": move.activity_type_id.id,
            "reference": reference,
            "res_model": res_model,
            "res_id": res_id,
            "move_line_id": self.id,
            "product_id": self.product_id.id,
            "lot_id": self.lot_id.id,
            "location_id": location.id,
            "location_dest_id": location_dest.id,
            "site_id": site.id,
            "quantity": self.quantity_product_uom,
            "product_uom_id": self.product_id.uom_id.id,
            "classification_id": (
                self.lot_id.classification_id
                or location_dest.effective_classification_id
            ).id,
            "secondary_quantity": self.secondary_quantity,
            "secondary_uom_id": self.secondary_uom_id.id,
            "reason_id": move.inventory_reason_id.id,
            "analytic_account_id": move.analytic_account_id.id,
            "company_id": self.company_id.id,
        }

    def _get_inventory_ledger_activity(self):
        """Kind of inventory transaction of this line, a ``stock.inventory.ledger``
        activity. Callers doing conversions or sub-lot splits pass it in the
        context key ``inventory_ledger_activity`` (and their source document as
        ``(model, id)`` in ``inventory_ledger_source``)."""
        self.ensure_one()
        move = self.move_id
        forced = self.env.context.get("inventory_ledger_activity")
        if forced:
            return forced
        if move.activity_type_id:
            return "activity"
        if move.is_inventory:
            return "adjustment"
        if move.scrapped or move.scrap_id:
            return "scrap"
        if move.raw_material_production_id or move.wip_production_id:
            return "production_issue"
        if move.production_id:
            return "production_receipt"
        code = move.picking_code
        if code == "incoming":
            return "receipt"
        if code == "outgoing":
            return "shipment"
        if self.location_id.usage == "internal" and (
            self.location_dest_id.usage == "internal"
        ):
            return "internal"
        if self.location_dest_id.usage == "customer":
            return "shipment"
        if self.location_id.usage == "supplier":
            return "receipt"
        return "other"

    def _get_inventory_ledger_source(self):
        """Source document of this line.

        :return: tuple ``(reference, res_model, res_id)``
        """
        self.ensure_one()
        move = self.move_id
        forced = self.env.context.get("inventory_ledger_source")
        if forced:
            record = self.env[forced[0]].browse(forced[1])
            return (record.display_name, record._name, record.id)
        sources = [
            (move.activity_type_id, move.origin or move.reference),
            (move.purchase_line_id.order_id, None),
            (move.sale_line_id.order_id, None),
            (move.raw_material_production_id, None),
            (move.wip_production_id, None),
            (move.production_id, None),
            (move.scrap_id, None),
            (move.picking_id, None),
        ]
        for record, reference in sources:
            if record:
                return (reference or record.display_name, record._name, record.id)
        return (move.reference or move.name, move._name, move.id)

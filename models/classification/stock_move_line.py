from collections import defaultdict

from odoo import models
from odoo.exceptions import UserError
from odoo.tools import float_compare

ARRIVAL_SOURCE_USAGES = ("supplier", "production")


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    def _action_done(self):
        self._check_classification_allows_move()
        result = super()._action_done()
        self.exists()._apply_arrival_classification()
        return result

    def _check_done_line_edit(self):
        result = super()._check_done_line_edit()
        self._apply_arrival_classification()
        return result

    def _check_done_line_rules(self):
        result = super()._check_done_line_rules()
        self._check_classification_allows_move()
        return result

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
        """Put the lots received or produced in the arrival classification of
        their operation type, else of their product (see
        ``stock.lot._classify_on_arrival``)."""
        arrivals = defaultdict(lambda: defaultdict(float))
        references = defaultdict(set)
        for line in self:
            if (
                not line.lot_id
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

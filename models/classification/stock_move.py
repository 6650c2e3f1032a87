from collections import defaultdict

from odoo import models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_round


class StockMove(models.Model):
    _inherit = "stock.move"

    def _classification_purpose(self):
        """What this move takes stock for, as far as classifications care:
        'production' (components of a manufacturing order, any issue to a
        production location, or a move feeding one), 'shipping' (delivery to
        a customer, or a move feeding one) or False."""
        self.ensure_one()
        if self.scrapped or self.scrap_id or self.consume_unbuild_id:
            return False
        moves, seen = self, self.browse()
        while moves:
            for move in moves:
                if move._is_issue_to_production():
                    return "production"
                if move.location_dest_id.usage == "customer":
                    return "shipping"
            seen |= moves
            moves = moves.move_dest_ids - seen
        return False

    def _is_issue_to_production(self):
        """Whether this move itself hands stock to production."""
        self.ensure_one()
        return bool(
            self.raw_material_production_id
            or self.location_dest_id.usage == "production"
        )

    def _update_reserved_quantity(
        self,
        need,
        location_id,
        lot_id=None,
        package_id=None,
        owner_id=None,
        strict=True,
    ):
        move = self.with_context(classification_purpose=self._classification_purpose())
        return super(StockMove, move)._update_reserved_quantity(
            need, location_id, lot_id, package_id, owner_id, strict
        )

    def _get_available_quantity(
        self,
        location_id,
        lot_id=None,
        package_id=None,
        owner_id=None,
        strict=False,
        allow_negative=False,
    ):
        move = self.with_context(classification_purpose=self._classification_purpose())
        return super(StockMove, move)._get_available_quantity(
            location_id, lot_id, package_id, owner_id, strict, allow_negative
        )

    def _take_available_stock(self, requests):
        """Reserve stock for these moves (confirmed, not done) where it is, as Odoo's
        reservation does: in the move's source location or a location below
        it, in whatever package, from stock whose classification may serve the
        move's purpose, and mark the moves picked. Requests sharing a product,
        lot and location are checked together, so that no call takes more
        than there is, whatever the number of its lines.

        :param requests: list of (move, stock.lot or empty, quantity in the
            product's unit)
        :raise UserError: naming the product, lot, location and quantities
            when the stock does not cover the requests
        """
        # what confirmation may have reserved gives way to the requests
        self.move_line_ids.unlink()
        wanted = defaultdict(float)
        for move, lot, quantity in requests:
            key = (move.product_id, lot, move.location_id)
            wanted[key, move._classification_purpose()] += quantity
        Quant = self.env["stock.quant"]
        for (key, purpose), quantity in wanted.items():
            product, lot, location = key
            available = Quant.with_context(
                classification_purpose=purpose
            )._get_available_quantity(product, location, lot_id=lot or None)
            self._check_covered(product, lot, location, quantity, available)
        for move, lot, quantity in requests:
            taken = move._update_reserved_quantity(
                quantity, move.location_id, lot_id=lot or None, strict=False
            )
            # what the quant search above counted may not be reservable
            # (expired lots, stock in a package held elsewhere)
            self._check_covered(move.product_id, lot, move.location_id, quantity, taken)
        self.picked = True

    def _check_covered(self, product, lot, location, quantity, available):
        if (
            float_compare(
                available, quantity, precision_rounding=product.uom_id.rounding
            )
            >= 0
        ):
            return
        raise UserError(
            self.env._(
                "Cannot take %(quantity)s %(uom)s of %(product)s%(lot)s from "
                "%(location)s and the locations below it: only %(available)s "
                "are available.",
                available=float_round(
                    max(available, 0.0), precision_rounding=product.uom_id.rounding
                ),
                uom=product.uom_id.name,
                product=product.display_name,
                lot=lot and self.env._(" lot %(lot)s", lot=lot.name) or "",
                location=location.display_name,
                quantity=float_round(
                    quantity, precision_rounding=product.uom_id.rounding
                ),
            )
        )

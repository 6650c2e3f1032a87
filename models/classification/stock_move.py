from odoo import models


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

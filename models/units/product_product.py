import pint

from odoo import models
from odoo.exceptions import UserError

from .uom_uom import pint_quantity


class ProductProduct(models.Model):
    _inherit = "product.product"

    def _pi_convert(self, quantity, from_uom, to_uom, lot=None):
        """Convert a quantity of this product between two units of any
        category: the lot's ratios (then its parent lots'), then the
        product's, then the standard ratios (pint for physical units), then
        a density (lot, parent lots, product) between mass and volume.

        :param float quantity: quantity in `from_uom`
        :param from_uom: ``uom.uom`` record
        :param to_uom: ``uom.uom`` record
        :param lot: optional ``stock.lot`` whose ratios override the product's
        :return: float, the quantity in `to_uom` (not rounded)
        :raise UserError: when no ratio links the two units
        """
        self.ensure_one()
        if from_uom == to_uom or not quantity:
            return quantity
        lot = lot or self.env["stock.lot"]
        ratios = self._pi_lot_ratios(lot)
        if from_uom not in ratios and to_uom not in ratios:
            direct = from_uom._pi_physical_ratio(to_uom)
            if direct is not None:
                return quantity * direct
        from_factor = self._pi_uom_factor(from_uom, lot, ratios)
        to_factor = self._pi_uom_factor(to_uom, lot, ratios)
        if from_factor is None or to_factor is None:
            raise UserError(
                self.env._(
                    "%(product)s%(lot)s: no ratio converts %(from_uom)s into "
                    "%(to_uom)s. Add a unit conversion on the product or the "
                    "lot, or a density between mass and volume.",
                    product=self.display_name,
                    lot=self.env._(" (lot %(lot)s)", lot=lot.name) if lot else "",
                    from_uom=from_uom.display_name,
                    to_uom=to_uom.display_name,
                )
            )
        return quantity * from_factor / to_factor

    def _pi_has_own_ratio(self, uoms):
        """True when the product (not a lot) has its own ratio for one of
        `uoms`: documents in that unit then convert through it."""
        self.ensure_one()
        # Ratios are product data every document user may apply, whatever
        # their stock rights (a salesman confirming an order).
        return bool(self.product_tmpl_id.sudo().uom_conversion_ids.uom_id & uoms)

    def _pi_document_context(self):
        """The context under which Odoo's document conversions of this
        product's quantities use its own ratios (see uom.uom)."""
        self.ensure_one()
        return {"pi_uom_product": self}

    def _pi_lot_ratios(self, lot):
        """{uom: product units in one uom}, the lot's ratios overriding its
        parent lots', overriding the product's."""
        self.ensure_one()
        ratios = {
            conversion.uom_id: conversion.factor
            for conversion in self.product_tmpl_id.uom_conversion_ids
        }
        for ancestor in reversed(lot._pi_lineage()):
            ratios.update(
                {
                    conversion.uom_id: conversion.factor
                    for conversion in ancestor.uom_conversion_ids
                }
            )
        return ratios

    def _pi_density(self, lot):
        """The density (kg/L) applying to the lot: its own, its parent
        lots', then the product's; 0 when none is known."""
        self.ensure_one()
        for ancestor in lot._pi_lineage():
            if ancestor.density:
                return ancestor.density
        return self.product_tmpl_id.density

    def _pi_uom_factor(self, uom, lot, ratios):
        """How many of the product's unit one `uom` holds, or None."""
        product_uom = self.uom_id
        if uom in ratios:
            return ratios[uom]
        standard = uom._pi_physical_ratio(product_uom)
        if standard is not None:
            return standard
        # A unit of the same kind as one with a ratio (grams for a ratio in kg).
        for anchor, factor in ratios.items():
            through_anchor = uom._pi_physical_ratio(anchor)
            if through_anchor is not None:
                return through_anchor * factor
        density = self._pi_density(lot)
        if not density or not uom._pi_dimension():
            return None
        anchors = [(product_uom, 1.0), *ratios.items()]
        for anchor, factor in anchors:
            through_density = self._pi_density_ratio(uom, anchor, density)
            if through_density is not None:
                return through_density * factor
        return None

    def _pi_density_ratio(self, uom, anchor, density):
        """How many `anchor` in one `uom` through a density (kg/L), when one
        measures mass and the other volume; else None."""
        dimensions = {uom._pi_dimension(), anchor._pi_dimension()}
        if dimensions != {"mass", "volume"}:
            return None
        quantity = pint_quantity(1.0, uom.pint_unit)
        density_quantity = pint_quantity(density, "kilogram / liter")
        converted = (
            quantity * density_quantity
            if uom._pi_dimension() == "volume"
            else quantity / density_quantity
        )
        try:
            return converted.to(anchor.pint_unit).magnitude
        except pint.errors.PintError:
            return None

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import Form

from .common import ProcessInventoryCommon


class ClassificationCommon(ProcessInventoryCommon):
    """Own classifications (not the shipped data), a lot-tracked material and
    an operator's view of the warehouse."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Classification = cls.env["stock.lot.classification"]
        cls.cls_released = Classification.create(
            {"name": "T Released", "code": "T-REL", "company_id": cls.company.id}
        )
        cls.cls_fail = Classification.create(
            {
                "name": "T Failed",
                "code": "T-FAIL",
                "company_id": cls.company.id,
                "allow_production_issue": False,
                "allow_shipping": False,
                "is_nettable": False,
            }
        )
        cls.cls_rework = Classification.create(
            {
                "name": "T Rework",
                "code": "T-REWORK",
                "company_id": cls.company.id,
                "allow_shipping": False,
                "is_nettable": False,
            }
        )
        cls.cls_quarantine = Classification.create(
            {
                "name": "T Quarantine",
                "code": "T-QUAR",
                "company_id": cls.company.id,
                "allow_production_issue": False,
                "allow_shipping": False,
                "is_nettable": False,
            }
        )
        cls.cls_qc = Classification.create(
            {
                "name": "T Quality Control",
                "code": "T-QC",
                "company_id": cls.company.id,
                "allow_production_issue": False,
                "allow_shipping": False,
                "allowed_next_ids": [
                    Command.set((cls.cls_released | cls.cls_fail | cls.cls_rework).ids)
                ],
            }
        )
        cls.cls_expired = Classification.create(
            {
                "name": "T Expired",
                "code": "T-EXP",
                "company_id": cls.company.id,
                "allow_production_issue": False,
                "allow_shipping": False,
                "is_nettable": False,
                "apply_on_expiry": True,
            }
        )
        cls.tracked = cls.env["product.product"].create(
            {
                "name": "Pigment",
                "resource_type": "inventory",
                "tracking": "lot",
                "uom_id": cls.uom_kg.id,
                "uom_po_id": cls.uom_kg.id,
            }
        )
        cls.quarantine_bay = cls.env["stock.location"].create(
            {
                "name": "Quarantine",
                "location_id": cls.area.id,
                "storage_level": "location",
                "classification_id": cls.cls_quarantine.id,
            }
        )
        cls.env = cls.env(user=cls.stock_user)

    @classmethod
    def _lot(cls, name, classification, quantity=10.0, days_old=0, product=None):
        product = product or cls.tracked
        # Lots created released are a quality user's.
        lot = (
            cls.env["stock.lot"]
            .with_user(cls.quality_user)
            .create(
                {
                    "name": name,
                    "product_id": product.id,
                    "classification_id": classification.id,
                }
            )
            .with_env(cls.env)
        )
        if quantity:
            cls._set_stock(
                product,
                cls.shelf,
                quantity,
                lot_id=lot,
                in_date=fields.Datetime.now() - timedelta(days=days_old),
            )
        return lot

    def _delivery(self, product, quantity):
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.out_type_id.id,
                "location_id": self.stock_location.id,
                "location_dest_id": self.customer_location.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": quantity,
                            "product_uom": product.uom_id.id,
                            "location_id": self.stock_location.id,
                            "location_dest_id": self.customer_location.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        return picking

    def _bom(self, product, component, quantity):
        # Bills of materials are a manufacturing manager's data.
        return (
            self.env["mrp.bom"]
            .sudo()
            .create(
                {
                    "product_tmpl_id": product.product_tmpl_id.id,
                    "product_qty": 1,
                    "product_uom_id": product.uom_id.id,
                    "bom_line_ids": [
                        Command.create(
                            {
                                "product_id": component.id,
                                "product_qty": quantity,
                                "product_uom_id": component.uom_id.id,
                            }
                        )
                    ],
                }
            )
        )

    def _production(self, component, quantity=5.0):
        bom = self._bom(self.finished_product, component, quantity)
        form = Form(self.env["mrp.production"])
        form.product_id = self.finished_product
        form.bom_id = bom
        form.picking_type_id = self.warehouse.manu_type_id
        form.product_qty = 1
        production = form.save()
        production.action_confirm()
        return production

    @staticmethod
    def _take_lot(move, lot, quantity, location=None):
        """Pick `quantity` of `lot` on `move` (from `location`, by default the
        move's), as an operator choosing the lot in the detailed operations
        would."""
        move.move_line_ids.unlink()
        move.write(
            {
                "move_line_ids": [
                    Command.create(
                        {
                            "product_id": move.product_id.id,
                            "product_uom_id": move.product_uom.id,
                            "lot_id": lot.id,
                            "quantity": quantity,
                            "location_id": (location or move.location_id).id,
                            "location_dest_id": move.location_dest_id.id,
                        }
                    )
                ],
                "picked": True,
            }
        )

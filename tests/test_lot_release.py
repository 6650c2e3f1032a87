from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .classification_common import ClassificationCommon


class LotReleaseCommon(ClassificationCommon):
    """A sub-lot tracked product with a required characteristic; releases
    are a quality user's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(user=cls.quality_user)
        cls.assay = (
            cls.env["product.characteristic"]
            .sudo()
            .create(
                {
                    "name": "Assay",
                    "code": "ASSAY",
                    "value_type": "numeric",
                    "is_required": True,
                }
            )
            .sudo(False)
        )
        cls.graded = (
            cls.env["product.product"]
            .sudo()
            .create(
                {
                    "name": "Graded Resin",
                    "resource_type": "inventory",
                    "tracking": "lot",
                    "use_sub_lots": True,
                    "uom_id": cls.uom_kg.id,
                    "uom_po_id": cls.uom_kg.id,
                    "characteristic_ids": [Command.set(cls.assay.ids)],
                }
            )
            .sudo(False)
        )

    def _set_assay(self, lot, value="98.5"):
        lot.write(
            {
                "characteristic_value_ids": [
                    Command.create({"characteristic_id": self.assay.id, "value": value})
                ]
            }
        )

    def _wizard_form(self, lots):
        action = lots.action_reclassify()
        return Form(self.env[action["res_model"]].with_context(**action["context"]))


@tagged("post_install", "-at_install")
class TestLotRelease(LotReleaseCommon):
    """Reclassifying into a classification that may be issued or shipped
    (a release) needs every required characteristic of the lot."""

    def test_release_without_required_characteristic_refused_by_model(self):
        lot = self._lot("GR-1/01", self.cls_qc, product=self.graded)
        with self.assertRaisesRegex(UserError, "GR-1.*Assay"):
            lot._reclassify(self.cls_released, "QC passed")
        self.assertEqual(lot.classification_id, self.cls_qc)
        self.assertEqual(len(lot.classification_history_ids), 1)

    def test_release_without_required_characteristic_refused_in_wizard(self):
        lot = self._lot("GR-2/01", self.cls_qc, product=self.graded)
        form = self._wizard_form(lot)
        form.classification_id = self.cls_released
        form.reason = "QC passed"
        wizard = form.save()
        with self.assertRaisesRegex(UserError, "GR-2.*Assay"):
            wizard.action_reclassify()
        self.assertEqual(lot.classification_id, self.cls_qc)

    def test_release_allowed_once_characteristic_set(self):
        lot = self._lot("GR-3/01", self.cls_qc, product=self.graded)
        self._set_assay(lot)
        form = self._wizard_form(lot)
        form.classification_id = self.cls_released
        form.reason = "QC passed"
        form.save().action_reclassify()
        self.assertEqual(lot.classification_id, self.cls_released)

    def test_sub_lot_released_with_parent_characteristic(self):
        parent = self.env["stock.lot"].create(
            {"name": "GR-4", "product_id": self.graded.id}
        )
        self._set_assay(parent)
        sub_lot = self._lot("GR-4/01", self.cls_qc, product=self.graded)
        self.assertEqual(sub_lot.parent_lot_id, parent)
        sub_lot._reclassify(self.cls_released, "QC passed")
        self.assertEqual(sub_lot.classification_id, self.cls_released)

    def test_non_release_reclassification_not_blocked(self):
        lot = self._lot("GR-5/01", self.cls_qc, product=self.graded)
        lot._reclassify(self.cls_fail, "Assay out of spec")
        self.assertEqual(lot.classification_id, self.cls_fail)

    def test_arrival_into_qc_not_blocked(self):
        self.warehouse.in_type_id.sudo().arrival_classification_id = self.cls_qc
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.in_type_id.id,
                "location_id": self.supplier_location.id,
                "location_dest_id": self.stock_location.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": self.graded.name,
                            "product_id": self.graded.id,
                            "product_uom_qty": 9,
                            "product_uom": self.uom_kg.id,
                            "location_id": self.supplier_location.id,
                            "location_dest_id": self.stock_location.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.move_ids.move_line_ids.write({"lot_name": "GR-6/01", "quantity": 9})
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        lot = self.env["stock.lot"].search([("name", "=", "GR-6/01")])
        self.assertEqual(lot.classification_id, self.cls_qc)

    def test_expiry_not_blocked_by_missing_characteristic(self):
        self.graded.sudo().write({"use_expiration_date": True, "expiration_time": 1})
        lot = self._lot("GR-7/01", self.cls_qc, product=self.graded)
        lot.expiration_date = fields.Datetime.now() - timedelta(days=1)
        self.env["stock.lot"].sudo()._cron_classify_expired()
        self.assertEqual(lot.classification_id, self.cls_expired)


@tagged("post_install", "-at_install")
class TestPartialReclassification(LotReleaseCommon):
    def _stocked_lot(self, name, quantity=10.0, classification=None):
        lot = self._lot(
            name, classification or self.cls_qc, quantity=quantity, product=self.graded
        )
        self._set_assay(lot)
        return lot

    def _strict_quantity(self, lot, location=None):
        return self.env["stock.quant"]._get_available_quantity(
            lot.product_id, location or self.shelf, lot_id=lot, strict=True
        )

    def test_quantity_split_onto_reclassified_sub_lot(self):
        lot = self._stocked_lot("PQ-1/01")
        sub_lot = lot._reclassify_quantity(self.cls_rework, "Lumps", 4, self.shelf)
        self.assertEqual(sub_lot.parent_lot_id, lot.parent_lot_id)
        self.assertEqual(sub_lot.name, "PQ-1/02")
        self.assertEqual(sub_lot.classification_id, self.cls_rework)
        self.assertEqual(self._strict_quantity(sub_lot), 4)
        self.assertEqual(self._strict_quantity(lot), 6)
        self.assertEqual(lot.classification_id, self.cls_qc)
        row = sub_lot.classification_history_ids.filtered(
            lambda r: r.to_classification_id == self.cls_rework
        )
        self.assertEqual(row.from_classification_id, self.cls_qc)
        self.assertEqual(row.quantity, 4)
        self.assertEqual(row.reason, "Lumps")

    def test_partial_reclassification_from_wizard(self):
        lot = self._stocked_lot("PQ-2/01")
        form = self._wizard_form(lot)
        form.classification_id = self.cls_released
        form.reason = "Half the batch passed"
        form.partial = True
        self.assertEqual(form.location_id, self.shelf)
        form.quantity = 5
        form.save().action_reclassify()
        sub_lot = lot.parent_lot_id.child_lot_ids - lot
        self.assertEqual(sub_lot.classification_id, self.cls_released)
        self.assertEqual(self._strict_quantity(sub_lot), 5)
        self.assertEqual(self._strict_quantity(lot), 5)
        self.assertEqual(lot.classification_id, self.cls_qc)

    def test_partial_refused_for_product_without_sub_lots(self):
        lot = self._lot("PQ-3", self.cls_qc)
        with self.assertRaisesRegex(UserError, "PQ-3.*does not track sub-lots"):
            lot._reclassify_quantity(self.cls_released, "Passed", 4, self.shelf)
        self.assertEqual(lot.classification_id, self.cls_qc)

    def test_partial_refused_above_available_quantity(self):
        lot = self._stocked_lot("PQ-4/01")
        with self.assertRaisesRegex(UserError, "PQ-4.*has 10.0 kg available"):
            lot._reclassify_quantity(self.cls_released, "Passed", 11, self.shelf)
        self.assertEqual(lot.parent_lot_id.child_lot_ids, lot)

    def test_partial_refused_in_location_without_the_lot(self):
        lot = self._stocked_lot("PQ-5/01")
        with self.assertRaisesRegex(UserError, "PQ-5.*has 0 kg available in .*Area A"):
            lot._reclassify_quantity(self.cls_released, "Passed", 1, self.area)
        self.assertEqual(lot.parent_lot_id.child_lot_ids, lot)

    def test_partial_refused_for_zero_quantity(self):
        lot = self._stocked_lot("PQ-6/01")
        with self.assertRaisesRegex(UserError, "PQ-6.*must be positive"):
            lot._reclassify_quantity(self.cls_released, "Passed", 0, self.shelf)
        self.assertEqual(lot.parent_lot_id.child_lot_ids, lot)

    def test_partial_refused_for_negative_quantity(self):
        lot = self._stocked_lot("PQ-7/01")
        with self.assertRaisesRegex(UserError, "PQ-7.*must be positive"):
            lot._reclassify_quantity(self.cls_released, "Passed", -2, self.shelf)
        self.assertEqual(lot.parent_lot_id.child_lot_ids, lot)

    def test_partial_refused_transition_leaves_no_sub_lot(self):
        lot = self._stocked_lot("PQ-8/01")
        with self.assertRaisesRegex(UserError, "PQ-8.*only"):
            lot._reclassify_quantity(self.cls_quarantine, "Suspect", 3, self.shelf)
        self.assertEqual(lot.parent_lot_id.child_lot_ids, lot)
        self.assertEqual(self._strict_quantity(lot), 10)

    def test_partial_release_without_characteristic_leaves_no_sub_lot(self):
        lot = self._lot("PQ-9/01", self.cls_qc, product=self.graded)
        with self.assertRaisesRegex(UserError, "PQ-9.*Assay"):
            lot._reclassify_quantity(self.cls_released, "Passed", 3, self.shelf)
        self.assertEqual(lot.parent_lot_id.child_lot_ids, lot)
        self.assertEqual(self._strict_quantity(lot), 10)

    def test_partial_refused_for_several_lots_in_wizard(self):
        first = self._stocked_lot("PQ-10/01")
        second = self._stocked_lot("PQ-11/01")
        form = self._wizard_form(first | second)
        form.classification_id = self.cls_released
        form.reason = "Passed"
        form.partial = True
        form.quantity = 2
        form.location_id = self.shelf
        with self.assertRaisesRegex(UserError, "one lot at a time"):
            form.save().action_reclassify()
        self.assertEqual(first.parent_lot_id.child_lot_ids, first)
        self.assertEqual(second.parent_lot_id.child_lot_ids, second)

    def test_split_sub_lot_keeps_classification(self):
        lot = self._stocked_lot("PQ-12/01", classification=self.cls_rework)
        sub_lot = lot._split_into_sub_lots([(3, self.shelf, None)])
        self.assertEqual(sub_lot.classification_id, self.cls_rework)
        self.assertIn(
            "Split from lot PQ-12/01", sub_lot.classification_history_ids.reason
        )

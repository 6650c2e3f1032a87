from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .classification_common import ClassificationCommon


class QcGateCommon(ClassificationCommon):
    """Receipts into QC, a quality user and a product tracking sub-lots."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse.in_type_id.sudo().arrival_classification_id = cls.cls_qc
        cls.batch_product = (
            cls.env["product.product"]
            .sudo()
            .create(
                {
                    "name": "Batch Resin",
                    "resource_type": "inventory",
                    "tracking": "lot",
                    "use_sub_lots": True,
                    "uom_id": cls.uom_kg.id,
                    "uom_po_id": cls.uom_kg.id,
                }
            )
            .sudo(False)
        )

    def _receive(self, quantity, lot=None, lot_name=None, product=None):
        product = product or self.tracked
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.in_type_id.id,
                "location_id": self.supplier_location.id,
                "location_dest_id": self.shelf.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": quantity,
                            "product_uom": product.uom_id.id,
                            "location_id": self.supplier_location.id,
                            "location_dest_id": self.shelf.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        line_vals = {"quantity": quantity}
        if lot:
            line_vals["lot_id"] = lot.id
        else:
            line_vals["lot_name"] = lot_name
        picking.move_ids.move_line_ids.write(line_vals)
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        return picking

    def _ledger(self, lot, classification=None):
        domain = [("lot_id", "=", lot.id), ("activity", "=", "classification_change")]
        if classification:
            domain.append(("classification_id", "=", classification.id))
        return self.env["stock.inventory.ledger"].sudo().search(domain)


@tagged("post_install", "-at_install")
class TestArrivalCannotBeSkipped(QcGateCommon):
    def test_lot_created_released_lands_in_qc_on_receipt(self):
        lot = self._lot("PRE-1", self.cls_released, quantity=0)
        self._receive(7, lot=lot)
        self.assertEqual(lot.classification_id, self.cls_qc)
        history = lot.classification_history_ids.sorted("id")[-1]
        self.assertEqual(history.from_classification_id, self.cls_released)
        self.assertEqual(history.to_classification_id, self.cls_qc)
        self.assertEqual(history.quantity, 7)
        picking = self._delivery(self.tracked, 7)
        picking.action_assign()
        self.assertFalse(picking.move_ids.move_line_ids)

    def test_new_stock_on_released_lot_returns_whole_lot_to_qc(self):
        lot = self._lot("REL-31", self.cls_released, quantity=10)
        self._receive(5, lot=lot)
        self.assertEqual(lot.classification_id, self.cls_qc)
        ledger = self._ledger(lot)
        self.assertEqual(len(ledger), 1)
        self.assertEqual(ledger.quantity, 15)
        self.assertEqual(ledger.from_classification_id, self.cls_released)

    def test_new_stock_on_failed_lot_stays_failed(self):
        lot = self._lot("FAIL-31", self.cls_fail, quantity=10)
        self._receive(5, lot=lot)
        self.assertEqual(lot.classification_id, self.cls_fail)
        self.assertFalse(self._ledger(lot))

    def test_new_stock_of_sub_lot_product_lands_on_new_sub_lot_in_qc(self):
        self._receive(4, lot_name="B-31/01", product=self.batch_product)
        first = self.env["stock.lot"].search([("name", "=", "B-31/01")])
        self.assertEqual(first.classification_id, self.cls_qc)
        first.with_user(self.quality_user)._reclassify(self.cls_released, "Passed")
        self._receive(6, lot_name="B-31/02", product=self.batch_product)
        second = self.env["stock.lot"].search([("name", "=", "B-31/02")])
        self.assertEqual(second.parent_lot_id, first.parent_lot_id)
        self.assertEqual(second.classification_id, self.cls_qc)
        self.assertEqual(first.classification_id, self.cls_released)

    def test_inventory_user_cannot_create_a_released_lot(self):
        vals = {
            "name": "PRE-34",
            "product_id": self.tracked.id,
            "classification_id": self.cls_released.id,
        }
        with self.assertRaises(AccessError) as error:
            self.env["stock.lot"].create(vals)
        self.assertRegex(str(error.exception), "PRE-34.*T Released.*Quality")
        self.assertFalse(self.env["stock.lot"].search([("name", "=", "PRE-34")]))
        # Holding classifications need no quality decision.
        held = self.env["stock.lot"].create(
            dict(vals, classification_id=self.cls_qc.id)
        )
        self.assertEqual(held.classification_id, self.cls_qc)

    def test_copied_lot_does_not_keep_classification(self):
        lot = self._lot("REL-32", self.cls_released, quantity=0)
        copy = lot.copy({"name": "REL-32-COPY"})
        self.assertFalse(copy.classification_id)

    def test_creation_reason_not_chosen_by_context(self):
        lot = (
            self.env["stock.lot"]
            .with_context(process_inventory_classification_reason="Lab approved")
            .create(
                {
                    "name": "CTX-33",
                    "product_id": self.tracked.id,
                    "classification_id": self.cls_qc.id,
                }
            )
        )
        self.assertEqual(
            lot.classification_history_ids.reason, "Initial classification"
        )


@tagged("post_install", "-at_install")
class TestQuantFieldsDerived(QcGateCommon):
    def test_quant_fields_not_writable(self):
        lot = self._lot("Q-41", self.cls_qc, quantity=10)
        quant = lot.quant_ids.filtered(lambda q: q.location_id == self.shelf)
        for user in (self.stock_user, self.stock_manager):
            for vals in (
                {"quantity": 100},
                {"reserved_quantity": 5},
                {"classification_id": self.cls_released.id},
                {"is_nettable": True},
                {"secondary_quantity": 3},
                {"site_id": self.site.id},
            ):
                with self.assertRaisesRegex(UserError, "only through stock moves"):
                    quant.with_user(user).write(vals)
            with self.assertRaisesRegex(UserError, "cannot be moved by editing"):
                quant.with_user(user).write({"location_id": self.quarantine_bay.id})
        self.assertEqual(quant.quantity, 10)
        self.assertEqual(quant.location_id, self.shelf)

    def test_quant_not_created_with_quantity(self):
        lot = self._lot("Q-42", self.cls_released, quantity=0)
        for context in ({}, {"inventory_mode": True}):
            with self.assertRaisesRegex(UserError, "only through stock moves"):
                self.env["stock.quant"].with_context(**context).create(
                    {
                        "product_id": self.tracked.id,
                        "location_id": self.shelf.id,
                        "lot_id": lot.id,
                        "quantity": 50,
                    }
                )
        self.assertFalse(lot.quant_ids)

    def test_inventory_count_applies_through_a_move(self):
        lot = self._lot("Q-43", self.cls_qc, quantity=0)
        quant = (
            self.env["stock.quant"]
            .with_context(inventory_mode=True)
            .create(
                {
                    "product_id": self.tracked.id,
                    "location_id": self.shelf.id,
                    "lot_id": lot.id,
                    "inventory_quantity": 12,
                }
            )
        )
        quant.inventory_reason_id = self.env.ref(
            "process_inventory.inventory_reason_quantity_update"
        )
        quant.action_apply_inventory()
        self.assertEqual(quant.quantity, 12)
        self.assertTrue(
            self.env["stock.move.line"].search(
                [("lot_id", "=", lot.id), ("state", "=", "done")]
            )
        )
        # The on-hand quick edit (a manager's) applies at once, through a move.
        quant.with_user(self.stock_manager).with_context(inventory_mode=True).write(
            {"inventory_quantity_auto_apply": 9}
        )
        self.assertEqual(quant.quantity, 9)


@tagged("post_install", "-at_install")
class TestDoneLineCorrection(QcGateCommon):
    def _done_delivery(self, lot, quantity):
        # The lot is taken where its stock is (the shelf, under the stock
        # location): a lot never goes below zero in an internal location.
        picking = self._delivery(self.tracked, quantity)
        self._take_lot(picking.move_ids, lot, quantity, location=self.shelf)
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        picking.action_toggle_is_locked()
        return picking

    def test_done_delivery_corrected_onto_qc_lot_refused(self):
        released = self._lot("REL-51", self.cls_released, quantity=10)
        qc = self._lot("QC-51", self.cls_qc, quantity=10)
        line = self._done_delivery(released, 4).move_ids.move_line_ids
        # Odoo's assertRaises rolls back to a savepoint, as a refused call does.
        with self.assertRaises(UserError) as error:
            line.write({"lot_id": qc.id})
        self.assertRegex(str(error.exception), "QC-51.*T Quality Control")
        self.env.invalidate_all()
        self.assertEqual(qc.product_qty, 10)
        self.assertEqual(line.lot_id, released)

    def test_done_delivery_corrected_onto_qc_lot_without_stock_names_the_rule(self):
        # The correction is refused for the lot's classification before it
        # moves stock, not for the shortage it would leave on the shelf.
        released = self._lot("REL-57", self.cls_released, quantity=10)
        qc = self._lot("QC-57", self.cls_qc, quantity=0)
        line = self._done_delivery(released, 4).move_ids.move_line_ids
        with self.assertRaises(UserError) as error:
            line.write({"lot_id": qc.id})
        self.assertRegex(str(error.exception), "QC-57.*T Quality Control")
        self.env.invalidate_all()
        self.assertFalse(qc.quant_ids)
        self.assertEqual(line.lot_id, released)
        self.assertEqual(released.product_qty, 6)

    def test_done_delivery_quantity_raised_on_held_lot_refused(self):
        lot = self._lot("REL-52", self.cls_released, quantity=10)
        line = self._done_delivery(lot, 4).move_ids.move_line_ids
        lot.with_user(self.quality_user)._reclassify(self.cls_fail, "Recall")
        with self.assertRaisesRegex(UserError, "REL-52.*T Failed"):
            line.write({"quantity": 6})

    def test_done_delivery_corrected_onto_lot_missing_characteristic_refused(self):
        assay = (
            self.env["product.characteristic"]
            .sudo()
            .create(
                {
                    "name": "Gate Assay",
                    "code": "G-ASSAY",
                    "value_type": "numeric",
                    "is_required": True,
                }
            )
        )
        self.tracked.sudo().characteristic_ids = assay
        measured = self._lot("REL-55", self.cls_released, quantity=10)
        measured.sudo().characteristic_value_ids = [
            Command.create({"characteristic_id": assay.id, "value": "99"})
        ]
        unmeasured = self._lot("REL-56", self.cls_released, quantity=10)
        line = self._done_delivery(measured, 4).move_ids.move_line_ids
        with self.assertRaises(UserError) as error:
            line.write({"lot_id": unmeasured.id})
        self.assertRegex(str(error.exception), "REL-56.*Gate Assay")

    def test_done_receipt_corrected_to_new_lot_lands_in_qc(self):
        picking = self._receive(5, lot_name="RC-53")
        picking.action_toggle_is_locked()
        new_lot = self._lot("RC-53B", self.cls_released, quantity=0)
        picking.move_ids.move_line_ids.write({"lot_id": new_lot.id})
        self.assertEqual(new_lot.classification_id, self.cls_qc)

    def test_done_receipt_corrected_to_batch_lot_refused(self):
        picking = self._receive(5, lot_name="B-54/01", product=self.batch_product)
        picking.action_toggle_is_locked()
        batch = self.env["stock.lot"].search([("name", "=", "B-54")])
        with self.assertRaisesRegex(UserError, "tracks sub-lots"):
            picking.move_ids.move_line_ids.write({"lot_id": batch.id})


@tagged("post_install", "-at_install")
class TestReleaseIsAQualityDecision(QcGateCommon):
    def test_inventory_user_cannot_release(self):
        lot = self._lot("QC-61", self.cls_qc)
        with self.assertRaisesRegex(AccessError, "QC-61.*T Released.*Quality"):
            lot._reclassify(self.cls_released, "Looks fine")
        self.assertEqual(lot.classification_id, self.cls_qc)

    def test_inventory_user_cannot_release_a_quantity(self):
        lot = self._lot("B-62/01", self.cls_qc, product=self.batch_product)
        with self.assertRaisesRegex(AccessError, "B-62/01"):
            lot._reclassify_quantity(self.cls_released, "Looks fine", 3, self.shelf)
        self.assertFalse(lot.parent_lot_id.child_lot_ids - lot)

    def test_inventory_user_may_hold_stock(self):
        lot = self._lot("REL-63", self.cls_released)
        lot._reclassify(self.cls_quarantine, "Customer complaint")
        lot._reclassify(self.cls_fail, "Confirmed")
        self.assertEqual(lot.classification_id, self.cls_fail)

    def test_quality_user_and_manager_may_release(self):
        first = self._lot("QC-64", self.cls_qc)
        second = self._lot("QC-65", self.cls_qc)
        first.with_user(self.quality_user)._reclassify(self.cls_released, "Passed")
        second.with_user(self.stock_manager)._reclassify(self.cls_released, "Passed")
        self.assertEqual((first | second).classification_id, self.cls_released)

    def test_hold_undoes_forbidden_reservations(self):
        lot = self._lot("REL-66", self.cls_released)
        picking = self._delivery(self.tracked, 6)
        picking.action_assign()
        self.assertEqual(picking.move_ids.move_line_ids.lot_id, lot)
        lot._reclassify(self.cls_quarantine, "Customer complaint")
        self.assertFalse(picking.move_ids.move_line_ids)
        self.assertEqual(picking.move_ids.state, "confirmed")
        self.assertEqual(sum(lot.quant_ids.mapped("reserved_quantity")), 0)


@tagged("post_install", "-at_install")
class TestBatchReclassification(QcGateCommon):
    def test_sub_lots_follow_their_batch(self):
        self._receive(4, lot_name="B-71/01", product=self.batch_product)
        self._receive(6, lot_name="B-71/02", product=self.batch_product)
        batch = self.env["stock.lot"].search([("name", "=", "B-71")])
        sub_lots = batch.child_lot_ids
        self.assertEqual(len(sub_lots), 2)
        batch._reclassify(self.cls_fail, "Batch contaminated")
        self.assertEqual(sub_lots.classification_id, self.cls_fail)
        self.assertEqual(batch.classification_id, self.cls_fail)
        for sub_lot, quantity in zip(sub_lots.sorted("name"), (4, 6), strict=True):
            self.assertEqual(
                sub_lot.classification_history_ids.sorted("id")[-1].quantity,
                quantity,
            )
            self.assertEqual(self._ledger(sub_lot, self.cls_fail).quantity, quantity)
        self.assertEqual(batch.classification_history_ids.quantity, 10)
        self.assertFalse(self._ledger(batch))

    def test_batch_release_checks_every_sub_lot(self):
        self._receive(4, lot_name="B-72/01", product=self.batch_product)
        batch = self.env["stock.lot"].search([("name", "=", "B-72")])
        with self.assertRaisesRegex(AccessError, "B-72"):
            batch._reclassify(self.cls_released, "Passed")
        self.assertEqual(batch.child_lot_ids.classification_id, self.cls_qc)


@tagged("post_install", "-at_install")
class TestLotDeletion(QcGateCommon):
    def test_lot_with_moves_cannot_be_deleted(self):
        self._receive(3, lot_name="DEL-81")
        lot = self.env["stock.lot"].search([("name", "=", "DEL-81")])
        with self.assertRaisesRegex(UserError, "DEL-81.*cannot be deleted"):
            lot.with_user(self.stock_manager).unlink()
        self.assertTrue(lot.exists())

    def test_lot_with_classification_changes_cannot_be_deleted(self):
        lot = self._lot("DEL-82", self.cls_released, quantity=0)
        lot._reclassify(self.cls_fail, "Recall")
        with self.assertRaisesRegex(UserError, "DEL-82.*classification changes"):
            lot.with_user(self.stock_manager).unlink()
        self.assertTrue(lot.exists())

    def test_unused_lot_can_be_deleted(self):
        lot = self._lot("DEL-83", self.cls_qc, quantity=0)
        lot.with_user(self.stock_manager).unlink()
        self.assertFalse(lot.exists())

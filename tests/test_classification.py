from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .classification_common import ClassificationCommon


@tagged("post_install", "-at_install")
class TestClassificationReservation(ClassificationCommon):
    def test_delivery_reserves_only_shippable_lots(self):
        self._lot("QC-1", self.cls_qc, days_old=10)
        released = self._lot("REL-1", self.cls_released, days_old=1)
        picking = self._delivery(self.tracked, 15)
        picking.action_assign()
        self.assertEqual(picking.move_ids.move_line_ids.lot_id, released)
        self.assertEqual(picking.move_ids.quantity, 10)
        self.assertEqual(picking.move_ids.state, "partially_available")

    def test_production_reserves_rework_but_not_qc(self):
        self._lot("QC-2", self.cls_qc, days_old=10)
        rework = self._lot("RW-2", self.cls_rework, days_old=1)
        production = self._production(self.tracked)
        production.action_assign()
        self.assertEqual(production.move_raw_ids.move_line_ids.lot_id, rework)
        self.assertEqual(production.move_raw_ids.quantity, 5)

    def test_rework_lot_not_reserved_for_delivery(self):
        self._lot("RW-3", self.cls_rework)
        picking = self._delivery(self.tracked, 5)
        picking.action_assign()
        self.assertFalse(picking.move_ids.move_line_ids)
        self.assertEqual(picking.move_ids.state, "confirmed")

    def test_quarantine_location_stock_not_reserved(self):
        self._set_stock(self.raw_material, self.quarantine_bay, 50)
        self._set_stock(self.raw_material, self.shelf, 8)
        picking = self._delivery(self.raw_material, 20)
        picking.action_assign()
        self.assertEqual(picking.move_ids.move_line_ids.location_id, self.shelf)
        self.assertEqual(picking.move_ids.quantity, 8)

    def test_pick_feeding_a_delivery_reserves_only_shippable_lots(self):
        self._lot("QC-5", self.cls_qc, days_old=10)
        released = self._lot("REL-5", self.cls_released, days_old=1)
        output = self.warehouse.wh_output_stock_loc_id
        ship = self.env["stock.move"].create(
            {
                "name": "ship",
                "product_id": self.tracked.id,
                "product_uom_qty": 6,
                "product_uom": self.uom_kg.id,
                "location_id": output.id,
                "location_dest_id": self.customer_location.id,
            }
        )
        pick = self.env["stock.move"].create(
            {
                "name": "pick",
                "product_id": self.tracked.id,
                "product_uom_qty": 6,
                "product_uom": self.uom_kg.id,
                "location_id": self.stock_location.id,
                "location_dest_id": output.id,
                "move_dest_ids": [Command.link(ship.id)],
            }
        )
        (pick | ship)._action_confirm()
        pick._action_assign()
        self.assertEqual(pick.move_line_ids.lot_id, released)

    def test_internal_transfer_may_move_classified_stock(self):
        qc = self._lot("QC-4", self.cls_qc)
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.int_type_id.id,
                "location_id": self.shelf.id,
                "location_dest_id": self.quarantine_bay.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": "to quarantine",
                            "product_id": self.tracked.id,
                            "product_uom_qty": 10,
                            "product_uom": self.uom_kg.id,
                            "location_id": self.shelf.id,
                            "location_dest_id": self.quarantine_bay.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        self.assertEqual(picking.move_ids.move_line_ids.lot_id, qc)
        picking.button_validate()
        self.assertEqual(picking.state, "done")


@tagged("post_install", "-at_install")
class TestClassificationValidation(ClassificationCommon):
    def test_delivery_of_qc_lot_refused_on_validation(self):
        qc = self._lot("QC-10", self.cls_qc)
        picking = self._delivery(self.tracked, 4)
        self._take_lot(picking.move_ids, qc, 4)
        with self.assertRaises(UserError) as error:
            picking.button_validate()
        message = str(error.exception)
        self.assertIn("QC-10", message)
        self.assertIn("T Quality Control", message)
        self.assertIn(picking.name, message)
        self.assertIn("may not be shipped", message)
        self.assertEqual(qc.product_qty, 4 + 6)

    def test_delivery_of_released_lot_validates(self):
        released = self._lot("REL-10", self.cls_released)
        picking = self._delivery(self.tracked, 4)
        picking.action_assign()
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(released.product_qty, 6)

    def test_delivery_from_quarantine_location_refused(self):
        self._set_stock(self.raw_material, self.quarantine_bay, 5)
        picking = self._delivery(self.raw_material, 5)
        move = picking.move_ids
        move.write(
            {
                "move_line_ids": [
                    Command.create(
                        {
                            "product_id": self.raw_material.id,
                            "quantity": 5,
                            "location_id": self.quarantine_bay.id,
                            "location_dest_id": self.customer_location.id,
                        }
                    )
                ],
                "picked": True,
            }
        )
        with self.assertRaisesRegex(UserError, "T Quarantine"):
            picking.button_validate()

    def test_consumption_of_fail_lot_refused(self):
        fail = self._lot("FAIL-10", self.cls_fail)
        production = self._production(self.tracked)
        production.action_assign()
        self.assertFalse(production.move_raw_ids.move_line_ids)
        with Form(production) as form:
            form.qty_producing = 1
        self._take_lot(production.move_raw_ids, fail, 5)
        with self.assertRaises(UserError) as error:
            production.button_mark_done()
        message = str(error.exception)
        self.assertIn("FAIL-10", message)
        self.assertIn("T Failed", message)
        self.assertIn(production.name, message)
        self.assertIn("may not be issued to production", message)
        self.assertNotEqual(production.state, "done")

    def test_consumption_of_rework_lot_validates(self):
        self._lot("RW-10", self.cls_rework)
        production = self._production(self.tracked)
        production.action_assign()
        with Form(production) as form:
            form.qty_producing = 1
        production.move_raw_ids.picked = True
        production.button_mark_done()
        self.assertEqual(production.state, "done")

    def test_fail_lot_may_be_scrapped(self):
        fail = self._lot("FAIL-11", self.cls_fail)
        scrap = self.env["stock.scrap"].create(
            {
                "product_id": self.tracked.id,
                "lot_id": fail.id,
                "scrap_qty": 3,
                "location_id": self.shelf.id,
            }
        )
        scrap.action_validate()
        self.assertEqual(scrap.state, "done")
        self.assertEqual(fail.product_qty, 7)

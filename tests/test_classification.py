from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

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


@tagged("post_install", "-at_install")
class TestReclassification(ClassificationCommon):
    def _wizard(self, lots, classification, reason="QC analysis passed"):
        return (
            self.env["stock.lot.reclassify"]
            .with_context(active_model="stock.lot", active_ids=lots.ids)
            .create({"classification_id": classification.id, "reason": reason})
        )

    def test_reclassify_from_lot_form(self):
        lot = self._lot("QC-19", self.cls_qc)
        # Rework may be issued to production: a release, a quality decision.
        action = lot.with_user(self.quality_user).action_reclassify()
        form = Form(
            self.env[action["res_model"]]
            .with_user(self.quality_user)
            .with_context(**action["context"])
        )
        form.classification_id = self.cls_rework
        form.reason = "Lumps found, to be milled again"
        form.save().action_reclassify()
        self.assertEqual(lot.classification_id, self.cls_rework)

    def test_history_cannot_be_edited(self):
        lot = self._lot("QC-18", self.cls_qc)
        with self.assertRaises(AccessError):
            lot.classification_history_ids.write({"reason": "rewritten"})
        with self.assertRaises(AccessError):
            lot.classification_history_ids.unlink()

    def test_allowed_transition_applies(self):
        lot = self._lot("QC-20", self.cls_qc)
        self._wizard(lot, self.cls_released).with_user(
            self.quality_user
        ).action_reclassify()
        self.assertEqual(lot.classification_id, self.cls_released)

    def test_transition_outside_table_refused(self):
        lot = self._lot("QC-21", self.cls_qc)
        with self.assertRaisesRegex(UserError, "only .*T Released"):
            self._wizard(lot, self.cls_quarantine).action_reclassify()
        self.assertEqual(lot.classification_id, self.cls_qc)
        self.assertEqual(len(lot.classification_history_ids), 1)

    def test_refused_lot_leaves_whole_batch_unchanged(self):
        released = self._lot("REL-22", self.cls_released)
        qc = self._lot("QC-22", self.cls_qc)
        with self.assertRaises(UserError):
            self._wizard(released | qc, self.cls_quarantine).action_reclassify()
        self.assertEqual(released.classification_id, self.cls_released)

    def test_classification_without_table_allows_any_transition(self):
        lot = self._lot("REL-23", self.cls_released)
        self._wizard(lot, self.cls_quarantine).action_reclassify()
        self.assertEqual(lot.classification_id, self.cls_quarantine)

    def test_reason_is_mandatory(self):
        lot = self._lot("QC-24", self.cls_qc)
        with self.assertRaisesRegex(UserError, "Give a reason"):
            lot._reclassify(self.cls_released, "  ")
        self.assertEqual(lot.classification_id, self.cls_qc)

    def test_same_classification_refused(self):
        lot = self._lot("QC-25", self.cls_qc)
        with self.assertRaisesRegex(UserError, "already classified"):
            lot._reclassify(self.cls_qc, "again")

    def test_direct_write_of_classification_refused(self):
        lot = self._lot("QC-26", self.cls_qc)
        with self.assertRaisesRegex(UserError, "only through Reclassify"):
            lot.write({"classification_id": self.cls_released.id})
        # No context key opens a back door (any XML-RPC caller can send one).
        with self.assertRaisesRegex(UserError, "only through Reclassify"):
            lot.with_context(process_inventory_reclassify=True).write(
                {"classification_id": self.cls_released.id}
            )

    def test_history_rows_cannot_be_forged_by_users(self):
        lot = self._lot("QC-26B", self.cls_qc)
        with self.assertRaises(AccessError):
            self.env["stock.lot.classification.history"].with_user(
                self.stock_manager
            ).create(
                {
                    "lot_id": lot.id,
                    "from_classification_id": self.cls_qc.id,
                    "to_classification_id": self.cls_released.id,
                    "reason": "forged",
                }
            )

    def test_history_rows_written(self):
        first = self._lot("QC-27", self.cls_qc, quantity=12)
        second = self._lot("QC-28", self.cls_qc, quantity=3)
        self._wizard(
            first | second, self.cls_fail, "Viscosity out of spec"
        ).action_reclassify()
        rows = self.env["stock.lot.classification.history"].search(
            [
                ("lot_id", "in", (first | second).ids),
                ("to_classification_id", "=", self.cls_fail.id),
            ]
        )
        self.assertEqual(len(rows), 2)
        for row, quantity in (
            (rows.filtered(lambda r: r.lot_id == first), 12),
            (rows.filtered(lambda r: r.lot_id == second), 3),
        ):
            self.assertEqual(row.from_classification_id, self.cls_qc)
            self.assertEqual(row.user_id, self.stock_user)
            self.assertEqual(row.reason, "Viscosity out of spec")
            self.assertEqual(row.quantity, quantity)
            self.assertTrue(row.date)
        self.assertEqual(
            first.classification_history_ids.mapped("to_classification_id"),
            self.cls_fail | self.cls_qc,
        )

    def test_change_is_tracked_in_chatter(self):
        tracked_env = self.env(
            context=dict(self.env.context, tracking_disable=False, mail_notrack=False)
        )
        lot = tracked_env["stock.lot"].create(
            {
                "name": "QC-29",
                "product_id": self.tracked.id,
                "classification_id": self.cls_qc.id,
            }
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        lot.with_user(self.quality_user)._reclassify(self.cls_released, "Passed")
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracking = (
            self.env["mail.tracking.value"]
            .sudo()
            .search(
                [
                    ("mail_message_id.model", "=", "stock.lot"),
                    ("mail_message_id.res_id", "=", lot.id),
                    ("field_id.name", "=", "classification_id"),
                ]
            )
        )
        self.assertEqual(tracking.old_value_char, "T Quality Control")
        self.assertEqual(tracking.new_value_char, "T Released")

    def test_quant_follows_lot_classification(self):
        lot = self._lot("QC-30", self.cls_qc)
        quant = self.env["stock.quant"].search([("lot_id", "=", lot.id)])
        self.assertEqual(quant.classification_id, self.cls_qc)
        lot._reclassify(self.cls_fail, "Failed")
        self.assertEqual(quant.classification_id, self.cls_fail)
        self.assertFalse(quant.is_nettable)


@tagged("post_install", "-at_install")
class TestEffectiveClassification(ClassificationCommon):
    def test_unclassified_lot_takes_location_classification(self):
        lot = self.env["stock.lot"].create(
            {"name": "NC-1", "product_id": self.tracked.id}
        )
        self._set_stock(self.tracked, self.quarantine_bay, 4, lot_id=lot)
        self._set_stock(self.raw_material, self.quarantine_bay, 6)
        quants = self.env["stock.quant"].search(
            [("location_id", "=", self.quarantine_bay.id)]
        )
        self.assertEqual(quants.classification_id, self.cls_quarantine)

    def test_stock_below_a_quarantine_area_is_quarantined(self):
        area = (
            self.env["stock.location"]
            .sudo()
            .create(
                {
                    "name": "Quarantine Area",
                    "location_id": self.stock_location.id,
                    "storage_level": "area",
                    "classification_id": self.cls_quarantine.id,
                }
            )
        )
        cage = (
            self.env["stock.location"]
            .sudo()
            .create(
                {"name": "Cage 1", "location_id": area.id, "storage_level": "location"}
            )
        )
        self._set_stock(self.raw_material, cage, 3)
        quant = self.env["stock.quant"].search([("location_id", "=", cage.id)])
        self.assertEqual(quant.classification_id, self.cls_quarantine)
        picking = self._delivery(self.raw_material, 3)
        picking.action_assign()
        self.assertFalse(picking.move_ids.move_line_ids)

    def test_quants_group_by_classification(self):
        self._lot("QC-40", self.cls_qc, quantity=7)
        self._lot("REL-40", self.cls_released, quantity=5)
        self._set_stock(
            self.tracked,
            self.shelf,
            2,
            lot_id=self._lot("REL-41", self.cls_released, quantity=0),
        )
        groups = self.env["stock.quant"]._read_group(
            [("product_id", "=", self.tracked.id)],
            ["classification_id"],
            ["quantity:sum"],
        )
        self.assertEqual(dict(groups), {self.cls_qc: 7, self.cls_released: 7})

    def test_nettable_domain_excludes_failed_and_quarantined_stock(self):
        self._lot("REL-42", self.cls_released, quantity=5)
        self._lot("QC-42", self.cls_qc, quantity=3)
        self._lot("FAIL-42", self.cls_fail, quantity=11)
        self._set_stock(
            self.tracked,
            self.quarantine_bay,
            1,
            lot_id=self._lot("NC-42", self.env["stock.lot.classification"], quantity=0),
        )
        Quant = self.env["stock.quant"]
        nettable = Quant.search(
            Quant._nettable_domain() + [("product_id", "=", self.tracked.id)]
        )
        self.assertEqual(sum(nettable.mapped("quantity")), 8)


@tagged("post_install", "-at_install")
class TestArrivalClassification(ClassificationCommon):
    def _receive(self, lot_name, picking_type):
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "location_id": self.supplier_location.id,
                "location_dest_id": self.stock_location.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": self.tracked.name,
                            "product_id": self.tracked.id,
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
        picking.move_ids.move_line_ids.write({"lot_name": lot_name, "quantity": 9})
        picking.move_ids.picked = True
        picking.button_validate()
        return self.env["stock.lot"].search([("name", "=", lot_name)])

    def test_receipt_type_classifies_new_lots(self):
        self.warehouse.in_type_id.sudo().arrival_classification_id = self.cls_qc
        self.tracked.sudo().arrival_classification_id = self.cls_released
        lot = self._receive("RCV-1", self.warehouse.in_type_id)
        self.assertEqual(lot.classification_id, self.cls_qc)
        history = lot.classification_history_ids
        self.assertEqual(history.to_classification_id, self.cls_qc)
        self.assertEqual(history.quantity, 9)
        self.assertIn("Classification on arrival", history.reason)

    def test_product_classifies_new_lots_without_receipt_type_setting(self):
        self.tracked.sudo().arrival_classification_id = self.cls_released
        lot = self._receive("RCV-2", self.warehouse.in_type_id)
        self.assertEqual(lot.classification_id, self.cls_released)

    def test_produced_lot_gets_operation_type_classification(self):
        self.warehouse.manu_type_id.sudo().arrival_classification_id = self.cls_qc
        finished = self.tracked
        component = self.raw_material
        self._set_stock(component, self.shelf, 10)
        bom = self._bom(finished, component, 2)
        form = Form(self.env["mrp.production"])
        form.product_id = finished
        form.bom_id = bom
        form.picking_type_id = self.warehouse.manu_type_id
        form.product_qty = 1
        production = form.save()
        production.action_confirm()
        production.action_generate_serial()
        with Form(production) as mo_form:
            mo_form.qty_producing = 1
        production.move_raw_ids.picked = True
        production.button_mark_done()
        self.assertEqual(production.lot_producing_id.classification_id, self.cls_qc)


@tagged("post_install", "-at_install")
class TestExpiryClassification(ClassificationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.perishable = (
            cls.env["product.product"]
            .sudo()
            .create(
                {
                    "name": "Perishable Resin",
                    "resource_type": "inventory",
                    "tracking": "lot",
                    "use_expiration_date": True,
                    "expiration_time": 30,
                }
            )
        )

    def _perishable_lot(self, name, expires_in_days):
        lot = self._lot(name, self.cls_released, product=self.perishable)
        lot.expiration_date = fields.Datetime.now() + timedelta(days=expires_in_days)
        return lot

    def test_cron_classifies_expired_lots(self):
        expired = self._perishable_lot("EXP-1", -1)
        fresh = self._perishable_lot("EXP-2", 10)
        self.env["stock.lot"].sudo()._cron_classify_expired()
        self.assertEqual(expired.classification_id, self.cls_expired)
        self.assertEqual(fresh.classification_id, self.cls_released)
        self.assertEqual(
            expired.classification_history_ids.filtered(
                lambda row: row.to_classification_id == self.cls_expired
            ).reason,
            "Expiration date reached",
        )

    def test_expired_lots_left_alone_without_expiry_classification(self):
        self.env["stock.lot.classification"].sudo().search(
            [("apply_on_expiry", "=", True)]
        ).apply_on_expiry = False
        expired = self._perishable_lot("EXP-3", -1)
        self.env["stock.lot"].sudo()._cron_classify_expired()
        self.assertEqual(expired.classification_id, self.cls_released)

    def test_expiry_inquiry_classifies_expired_lots(self):
        expired = self._perishable_lot("EXP-4", -2)
        action = self.env["stock.quant.expiry.inquiry"].create({}).action_open()
        self.assertEqual(action["res_model"], "stock.quant")
        self.assertEqual(expired.classification_id, self.cls_expired)

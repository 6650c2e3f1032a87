import io

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .test_unit_conversion import DualUnitCommon


@tagged("post_install", "-at_install")
class TestDualUnitStock(DualUnitCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.picking_type_in = cls.warehouse.in_type_id
        cls.picking_type_out = cls.warehouse.out_type_id
        cls.inventory_location = cls.fish.property_stock_inventory

    def _picking(self, picking_type, product, quantity, source, destination):
        return (
            self.env["stock.picking"]
            .with_user(self.stock_user)
            .create(
                {
                    "picking_type_id": picking_type.id,
                    "location_id": source.id,
                    "location_dest_id": destination.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": product.name,
                                "product_id": product.id,
                                "product_uom": product.uom_id.id,
                                "product_uom_qty": quantity,
                                "location_id": source.id,
                                "location_dest_id": destination.id,
                            }
                        )
                    ],
                }
            )
        )

    def _receive(self, product, quantity, lot_name, secondary=None):
        picking = self._picking(
            self.picking_type_in,
            product,
            quantity,
            self.supplier_location,
            self.stock_location,
        )
        picking.action_confirm()
        line = picking.move_ids.move_line_ids
        line.write({"lot_name": lot_name, "quantity": quantity})
        if secondary is not None:
            line.secondary_quantity = secondary
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        return picking

    def _deliver(self, product, demand, quantity, secondary=None):
        """Deliver `quantity` of a `demand`, leaving the rest in a backorder."""
        picking = self._picking(
            self.picking_type_out,
            product,
            demand,
            self.stock_location,
            self.customer_location,
        )
        picking.action_confirm()
        picking.action_assign()
        line = picking.move_ids.move_line_ids
        line.quantity = quantity
        if secondary is not None:
            line.secondary_quantity = secondary
        picking.move_ids.picked = True
        result = picking.button_validate()
        if isinstance(result, dict):
            Form.from_action(self.env, result).save().process()
        self.assertEqual(picking.state, "done")
        return picking

    def _quant(self, product, lot):
        return self.env["stock.quant"].search(
            [
                ("product_id", "=", product.id),
                ("lot_id", "=", lot.id),
                ("location_id", "=", self.stock_location.id),
            ]
        )

    def _lot_named(self, product, name):
        return self.env["stock.lot"].search(
            [("product_id", "=", product.id), ("name", "=", name)]
        )

    # receipts
    def test_receipt_second_quantity_from_product_ratio(self):
        picking = self._receive(self.paste, 250.0, "P-1")
        move = picking.move_ids
        self.assertEqual(move.secondary_uom_id, self.uom_case)
        self.assertAlmostEqual(move.secondary_product_uom_qty, 20.0)
        self.assertAlmostEqual(move.move_line_ids.secondary_quantity, 20.0)
        self.assertEqual(move.move_line_ids.secondary_uom_id, self.uom_case)
        self.assertAlmostEqual(move.secondary_quantity, 20.0)
        quant = self._quant(self.paste, self._lot_named(self.paste, "P-1"))
        self.assertAlmostEqual(quant.quantity, 250.0)
        self.assertAlmostEqual(quant.secondary_quantity, 20.0)
        self.assertEqual(quant.secondary_uom_id, self.uom_case)

    def test_receipt_second_quantity_from_lot_ratio(self):
        self._receive(self.hardener, 374.6, "H-1")
        lot = self._lot_named(self.hardener, "H-1")
        # Weighed after receipt: the lot's own ratio applies to what follows.
        lot.with_user(self.stock_manager).uom_conversion_ids = [
            Command.create({"uom_id": self.uom_drum.id, "factor": 187.3})
        ]
        self._receive(self.hardener, 187.3, "H-1")
        quant = self._quant(self.hardener, lot)
        # 374.6 kg at 180 kg a drum, then 187.3 kg at 187.3 kg a drum.
        # Second quantities are kept at the unit's precision (2.08 drums).
        self.assertAlmostEqual(quant.secondary_quantity, round(374.6 / 180, 2) + 1.0)
        self.assertAlmostEqual(lot.secondary_product_qty, quant.secondary_quantity)

    # catch weight
    def test_catch_weight_entered_kept_computed_otherwise(self):
        picking = self._picking(
            self.picking_type_in,
            self.fish,
            10.0,
            self.supplier_location,
            self.stock_location,
        )
        picking.action_confirm()
        line = picking.move_ids.move_line_ids
        line.write({"lot_name": "F-1", "quantity": 10.0})
        self.assertAlmostEqual(line.secondary_quantity, 125.0)
        self.assertFalse(line.is_secondary_quantity_entered)
        line.secondary_quantity = 126.4
        self.assertTrue(line.is_secondary_quantity_entered)
        # Writing back the computed value is not an entry.
        line.secondary_quantity = 125.0
        self.assertFalse(line.is_secondary_quantity_entered)
        line.secondary_quantity = 126.4
        line.quantity = 11.0
        line.flush_recordset()
        line.invalidate_recordset()
        self.assertAlmostEqual(line.secondary_quantity, 126.4)
        line.quantity = 10.0
        picking.move_ids.picked = True
        picking.button_validate()
        quant = self._quant(self.fish, self._lot_named(self.fish, "F-1"))
        self.assertAlmostEqual(quant.quantity, 10.0)
        self.assertAlmostEqual(quant.secondary_quantity, 126.4)

    def test_catch_weights_of_receipts_add_up(self):
        self._receive(self.fish, 10.0, "F-2", secondary=126.4)
        self._receive(self.fish, 4.0, "F-2", secondary=49.1)
        self._receive(self.fish, 2.0, "F-2")
        quant = self._quant(self.fish, self._lot_named(self.fish, "F-2"))
        self.assertAlmostEqual(quant.quantity, 16.0)
        self.assertAlmostEqual(quant.secondary_quantity, 126.4 + 49.1 + 25.0)

    # deliveries
    def test_partial_delivery_takes_actual_ratio_of_stock(self):
        self._receive(self.fish, 10.0, "F-3", secondary=126.4)
        picking = self._deliver(self.fish, 10.0, 3.0)
        line = picking.move_ids.move_line_ids
        self.assertAlmostEqual(line.secondary_quantity, 37.92)
        self.assertAlmostEqual(picking.move_ids.secondary_quantity, 37.92)
        quant = self._quant(self.fish, self._lot_named(self.fish, "F-3"))
        self.assertAlmostEqual(quant.quantity, 7.0)
        self.assertAlmostEqual(quant.secondary_quantity, 88.48)
        backorder = picking.backorder_ids
        self.assertAlmostEqual(backorder.move_ids.product_uom_qty, 7.0)
        self.assertAlmostEqual(backorder.move_ids.secondary_product_uom_qty, 87.5)
        # The last cases take the rest of the weight: nothing is left behind.
        backorder.action_assign()
        backorder.move_ids.picked = True
        backorder.button_validate()
        self.assertAlmostEqual(backorder.move_ids.secondary_quantity, 88.48)
        self.assertFalse(quant.exists() and quant.secondary_quantity)

    def test_delivery_with_entered_weight(self):
        self._receive(self.fish, 10.0, "F-4", secondary=126.4)
        self._deliver(self.fish, 3.0, 3.0, secondary=38.1)
        quant = self._quant(self.fish, self._lot_named(self.fish, "F-4"))
        self.assertAlmostEqual(quant.secondary_quantity, 88.3)

    # sub-lots
    def test_split_into_sub_lot_keeps_second_quantities(self):
        parent = self._lot(
            self.hardener,
            "H-PARENT",
            uom_conversion_ids=[
                Command.create({"uom_id": self.uom_drum.id, "factor": 187.3})
            ],
        )
        # stock received on the lot before the product tracked sub-lots
        self._set_stock(self.hardener, self.stock_location, 749.2, lot_id=parent)
        self.hardener.use_sub_lots = True
        child = self._lot(self.hardener, "H-PARENT-1", parent_lot_id=parent.id)
        self.assertAlmostEqual(self._quant(self.hardener, parent).secondary_quantity, 4)
        # Split half of the lot off into the sub-lot.
        moves = (
            self.env["stock.move"]
            .with_user(self.stock_user)
            .create(
                [
                    {
                        "name": "Split out",
                        "product_id": self.hardener.id,
                        "product_uom": self.uom_kg.id,
                        "product_uom_qty": 374.6,
                        "location_id": source.id,
                        "location_dest_id": destination.id,
                        "is_inventory": True,
                        "picked": True,
                        "move_line_ids": [
                            Command.create(
                                {
                                    "product_id": self.hardener.id,
                                    "product_uom_id": self.uom_kg.id,
                                    "quantity": 374.6,
                                    "location_id": source.id,
                                    "location_dest_id": destination.id,
                                    "lot_id": lot.id,
                                }
                            )
                        ],
                    }
                    for source, destination, lot in (
                        (self.stock_location, self.inventory_location, parent),
                        (self.inventory_location, self.stock_location, child),
                    )
                ]
            )
        )
        moves._action_done()
        self.assertAlmostEqual(self._quant(self.hardener, parent).secondary_quantity, 2)
        # The sub-lot has no ratio of its own: its parent lot's applies.
        self.assertAlmostEqual(self._quant(self.hardener, child).secondary_quantity, 2)
        self.assertAlmostEqual(child.secondary_product_qty, 2)

    # inventory count
    def test_inventory_count_with_counted_second_quantity(self):
        self._receive(self.fish, 10.0, "F-5", secondary=126.4)
        quant = self._quant(self.fish, self._lot_named(self.fish, "F-5"))
        counted = quant.with_user(self.stock_user).with_context(inventory_mode=True)
        counted.write({"inventory_quantity": 9.0})
        counted.write({"secondary_inventory_quantity": 113.0})
        counted.inventory_reason_id = self.env.ref(
            "process_inventory.inventory_reason_count_correction"
        )
        counted.action_apply_inventory()
        self.assertAlmostEqual(quant.quantity, 9.0)
        self.assertAlmostEqual(quant.secondary_quantity, 113.0)
        line = self.env["stock.move.line"].search(
            [("lot_id", "=", quant.lot_id.id), ("move_id.is_inventory", "=", True)]
        )
        self.assertAlmostEqual(line.secondary_quantity, 13.4)

    def test_inventory_count_without_second_count_uses_actual_ratio(self):
        self._receive(self.fish, 10.0, "F-6", secondary=126.4)
        quant = self._quant(self.fish, self._lot_named(self.fish, "F-6"))
        counted = quant.with_user(self.stock_user).with_context(inventory_mode=True)
        counted.write({"inventory_quantity": 12.0})
        self.assertAlmostEqual(quant.secondary_inventory_quantity, 151.68)
        counted.inventory_reason_id = self.env.ref(
            "process_inventory.inventory_reason_count_correction"
        )
        counted.action_apply_inventory()
        self.assertAlmostEqual(quant.quantity, 12.0)
        self.assertAlmostEqual(quant.secondary_quantity, 151.68)

    # orders
    def test_purchase_entered_in_second_unit(self):
        vendor = self.env["res.partner"].create({"name": "Paste Supplier"})
        with Form(self.env["purchase.order"]) as order_form:
            order_form.partner_id = vendor
            with order_form.order_line.new() as line:
                line.product_id = self.paste
                line.secondary_quantity = 10.0
                self.assertAlmostEqual(line.product_qty, 125.0)
        order = order_form.record
        self.assertAlmostEqual(order.order_line.product_qty, 125.0)
        self.assertAlmostEqual(order.order_line.secondary_quantity, 10.0)
        order.button_confirm()
        move = order.picking_ids.move_ids
        self.assertAlmostEqual(move.product_uom_qty, 125.0)
        self.assertAlmostEqual(move.secondary_product_uom_qty, 10.0)
        self.assertEqual(move.secondary_uom_id, self.uom_case)

    def test_sale_entered_in_second_unit(self):
        customer = self.env["res.partner"].create({"name": "Paste Customer"})
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "warehouse_id": self.warehouse.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.paste.id, "secondary_quantity": 4.0}
                    )
                ],
            }
        )
        self.assertAlmostEqual(order.order_line.product_uom_qty, 50.0)
        order.action_confirm()
        move = order.picking_ids.move_ids
        self.assertAlmostEqual(move.product_uom_qty, 50.0)
        self.assertAlmostEqual(move.secondary_product_uom_qty, 4.0)

    # reports
    def test_delivery_slip_shows_both_units(self):
        from PyPDF2 import PdfReader

        self._receive(self.fish, 10.0, "F-7", secondary=126.4)
        picking = self._deliver(self.fish, 3.0, 3.0)
        pdf, _format = (
            self.env["ir.actions.report"]
            .with_user(self.stock_user)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("stock.action_report_delivery", picking.ids)
        )
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        self.assertIn("37.92", text)
        self.assertIn("Test Case", text)

    def test_picking_operations_show_both_units(self):
        self._receive(self.fish, 10.0, "F-8", secondary=126.4)
        picking = self._picking(
            self.picking_type_out,
            self.fish,
            3.0,
            self.stock_location,
            self.customer_location,
        )
        picking.action_confirm()
        picking.action_assign()
        html = (
            self.env["ir.actions.report"]
            .with_user(self.stock_user)
            ._render_qweb_html("stock.action_report_picking", picking.ids)[0]
            .decode()
        )
        self.assertIn("37.92", html)
        self.assertIn("o_pi_secondary_quantity", html)

    def test_recount_of_second_quantity_alone(self):
        self._receive(self.fish, 10.0, "F-9", secondary=126.4)
        quant = self._quant(self.fish, self._lot_named(self.fish, "F-9"))
        counted = quant.with_user(self.stock_user).with_context(inventory_mode=True)
        counted.write({"inventory_quantity": 10.0})
        counted.write({"secondary_inventory_quantity": 124.9})
        counted.inventory_reason_id = self.env.ref(
            "process_inventory.inventory_reason_count_correction"
        )
        counted.action_apply_inventory()
        self.assertAlmostEqual(quant.quantity, 10.0)
        self.assertAlmostEqual(quant.secondary_quantity, 124.9)

    # rejected input
    def test_second_unit_change_with_stock_refused(self):
        self._receive(self.paste, 25.0, "P-2")
        with self.assertRaisesRegex(UserError, r"Paste.*Test Case"):
            self.paste.with_user(self.stock_manager).secondary_uom_id = self.uom_kg

    def test_removing_the_ratio_of_the_second_unit_refused(self):
        with self.assertRaisesRegex(ValidationError, r"Glycol.*L.*kg"):
            self.glycol.with_user(self.stock_manager).density = 0.0
        with self.assertRaisesRegex(ValidationError, r"Paste.*kg.*Test Case"):
            self.paste.with_user(self.stock_manager).uom_conversion_ids = [
                Command.clear()
            ]

    def test_deleting_the_ratio_of_the_second_unit_refused(self):
        conversion = self.paste.uom_conversion_ids
        with self.assertRaisesRegex(ValidationError, r"Paste.*kg.*Test Case"):
            conversion.with_user(self.stock_manager).unlink()

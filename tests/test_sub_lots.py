from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import ProcessInventoryCommon


@tagged("post_install", "-at_install")
class TestSubLots(ProcessInventoryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Product = cls.env["product.product"]
        cls.batch_product = Product.create(
            {
                "name": "Alkyd Batch",
                "resource_type": "inventory",
                "uom_id": cls.uom_kg.id,
                "uom_po_id": cls.uom_kg.id,
                "tracking": "lot",
                "use_sub_lots": True,
            }
        )
        cls.lot_product = Product.create(
            {
                "name": "Plain Lot Product",
                "resource_type": "inventory",
                "tracking": "lot",
            }
        )
        cls.Lot = cls.env["stock.lot"]
        cls.batch = cls.Lot.create(
            {"name": "B2311-001", "product_id": cls.batch_product.id}
        )

    def _legacy_stock_on_parent(self, quantity):
        """Stock received on the batch before the product tracked sub-lots."""
        self.batch_product.use_sub_lots = False
        self._set_stock(self.batch_product, self.shelf, quantity, lot_id=self.batch)
        self.batch_product.use_sub_lots = True

    def _quantity(self, lot, location=None):
        return self.env["stock.quant"]._get_available_quantity(
            self.batch_product, location or self.shelf, lot_id=lot, strict=True
        )

    # Rules on the lot itself

    def test_sub_lot_of_another_product_is_refused(self):
        other = self.env["product.product"].create(
            {"name": "Other Batch Product", "tracking": "lot", "use_sub_lots": True}
        )
        with self.assertRaisesRegex(ValidationError, "must be of its parent's product"):
            self.Lot.with_user(self.stock_user).create(
                {
                    "name": "B2311-001/09",
                    "product_id": other.id,
                    "parent_lot_id": self.batch.id,
                }
            )

    def test_sub_lot_of_product_without_sub_lot_tracking_is_refused(self):
        parent = self.Lot.create({"name": "L-1", "product_id": self.lot_product.id})
        with self.assertRaisesRegex(ValidationError, "does not track sub-lots"):
            self.Lot.with_user(self.stock_user).create(
                {
                    "name": "L-1/01",
                    "product_id": self.lot_product.id,
                    "parent_lot_id": parent.id,
                }
            )

    def test_sub_lot_of_a_sub_lot_is_refused(self):
        sub_lot = self.Lot.create(
            {
                "name": "B2311-001/01",
                "product_id": self.batch_product.id,
                "parent_lot_id": self.batch.id,
            }
        )
        with self.assertRaisesRegex(ValidationError, "sub-lots have one level"):
            self.Lot.create(
                {
                    "name": "B2311-001/01/01",
                    "product_id": self.batch_product.id,
                    "parent_lot_id": sub_lot.id,
                }
            )

    def test_sub_lots_need_lot_tracking(self):
        with self.assertRaisesRegex(ValidationError, "must be tracked by lots"):
            self.env["product.product"].create(
                {"name": "Untracked", "tracking": "none", "use_sub_lots": True}
            )

    def test_lot_name_with_separator_becomes_sub_lot_of_its_batch(self):
        sub_lot = self.Lot.with_user(self.stock_user).create(
            {"name": "B2311-002/01", "product_id": self.batch_product.id}
        )
        self.assertEqual(sub_lot.parent_lot_id.name, "B2311-002")
        self.assertEqual(sub_lot.parent_lot_id.product_id, self.batch_product)
        again = self.Lot.create(
            {"name": "B2311-002/02", "product_id": self.batch_product.id}
        )
        self.assertEqual(again.parent_lot_id, sub_lot.parent_lot_id)

    # Stock always sits on a sub-lot

    def test_stock_on_parent_lot_is_refused_at_quant_level(self):
        with self.assertRaisesRegex(ValidationError, "must sit on a sub-lot"):
            self.env["stock.quant"].with_user(self.stock_manager).with_context(
                inventory_mode=True
            ).create(
                {
                    "product_id": self.batch_product.id,
                    "location_id": self.shelf.id,
                    "lot_id": self.batch.id,
                    "inventory_quantity": 10,
                }
            )

    def test_receipt_onto_parent_lot_is_refused(self):
        receipt = self._receipt(lot_id=self.batch.id)
        with self.assertRaisesRegex(UserError, "tracks sub-lots"):
            receipt.button_validate()

    def test_receipt_onto_typed_sub_lot_name_lands_on_a_sub_lot(self):
        receipt = self._receipt(lot_name="B2311-003/01")
        receipt.button_validate()
        lot = receipt.move_line_ids.lot_id
        self.assertEqual(lot.name, "B2311-003/01")
        self.assertEqual(lot.parent_lot_id.name, "B2311-003")
        self.assertEqual(lot.parent_lot_id.product_qty, 25)

    def _receipt(self, **line_vals):
        picking = (
            self.env["stock.picking"]
            .with_user(self.stock_user)
            .create(
                {
                    "picking_type_id": self.warehouse.in_type_id.id,
                    "location_id": self.supplier_location.id,
                    "location_dest_id": self.shelf.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": "Batch receipt",
                                "product_id": self.batch_product.id,
                                "product_uom_qty": 25,
                                "product_uom": self.uom_kg.id,
                                "location_id": self.supplier_location.id,
                                "location_dest_id": self.shelf.id,
                            }
                        )
                    ],
                }
            )
        )
        picking.action_confirm()
        picking.move_ids.move_line_ids.write({**line_vals, "quantity": 25})
        picking.move_ids.picked = True
        return picking

    # Quantities of a parent include its sub-lots

    def test_parent_quantity_and_on_hand_include_sub_lots(self):
        first, second = self.Lot.create(
            [
                {"name": "B2311-001/01", "product_id": self.batch_product.id},
                {"name": "B2311-001/02", "product_id": self.batch_product.id},
            ]
        )
        self._set_stock(self.batch_product, self.shelf, 30, lot_id=first)
        self._set_stock(self.batch_product, self.area, 20, lot_id=second)
        batch = self.batch.with_user(self.stock_user)
        self.assertEqual(batch.product_qty, 50)
        self.assertEqual(first.product_qty, 30)
        self.assertIn(batch, self.Lot.search([("product_qty", ">", 0)]))
        action = batch.action_lot_open_quants()
        quants = self.env["stock.quant"].search(
            action["domain"] + [("location_id.usage", "=", "internal")]
        )
        self.assertEqual(sum(quants.mapped("quantity")), 50)

    # Split

    def test_split_moves_chosen_quantities_to_named_sub_lots(self):
        self._legacy_stock_on_parent(100)
        sub_lots = self.batch.with_user(self.stock_user)._split_into_sub_lots(
            [(60, self.shelf, None), (40, self.shelf, None)]
        )
        self.assertEqual(sub_lots.mapped("name"), ["B2311-001/01", "B2311-001/02"])
        self.assertEqual(sub_lots.parent_lot_id, self.batch)
        self.assertEqual(self._quantity(sub_lots[0]), 60)
        self.assertEqual(self._quantity(sub_lots[1]), 40)
        self.assertEqual(self._quantity(self.batch), 0)
        self.assertEqual(self.batch.product_qty, 100)

    def test_split_leaves_a_move_trail(self):
        self._legacy_stock_on_parent(10)
        sub_lot = self.batch.with_user(self.stock_user)._split_into_sub_lots(
            [(10, self.shelf, "B2311-001/A")]
        )
        lines = self.env["stock.move.line"].search(
            [("lot_id", "in", (self.batch | sub_lot).ids), ("state", "=", "done")]
        )
        out_line = lines.filtered(lambda line: line.lot_id == self.batch)
        in_line = lines.filtered(lambda line: line.lot_id == sub_lot)
        self.assertEqual(out_line.location_id, self.shelf)
        self.assertEqual(in_line.location_dest_id, self.shelf)
        self.assertEqual(out_line.location_dest_id, in_line.location_id)
        self.assertEqual(out_line.location_dest_id.usage, "inventory")
        self.assertEqual(in_line.quantity, 10)

    def test_split_of_a_sub_lot_adds_siblings_keeping_its_overrides(self):
        first = self.Lot.create(
            {
                "name": "B2311-001/01",
                "product_id": self.batch_product.id,
                "expiration_date": "2031-01-01 00:00:00",
            }
        )
        self._set_stock(self.batch_product, self.shelf, 50, lot_id=first)
        new = first.with_user(self.stock_user)._split_into_sub_lots(
            [(20, self.shelf, None)]
        )
        self.assertEqual(new.name, "B2311-001/02")
        self.assertEqual(new.parent_lot_id, self.batch)
        self.assertEqual(str(new.expiration_date), "2031-01-01 00:00:00")
        self.assertEqual(self._quantity(first), 30)
        self.assertEqual(self._quantity(new), 20)

    def test_split_of_more_than_available_is_refused(self):
        self._legacy_stock_on_parent(10)
        with self.assertRaisesRegex(UserError, "cannot be split off"):
            self.batch.with_user(self.stock_user)._split_into_sub_lots(
                [(8, self.shelf, None), (5, self.shelf, None)]
            )
        self.assertFalse(self.batch.child_lot_ids)

    def test_split_of_non_positive_quantity_is_refused(self):
        self._legacy_stock_on_parent(10)
        with self.assertRaisesRegex(UserError, "must be positive"):
            self.batch._split_into_sub_lots([(0, self.shelf, None)])

    def test_split_of_product_without_sub_lots_is_refused(self):
        lot = self.Lot.create({"name": "L-2", "product_id": self.lot_product.id})
        with self.assertRaisesRegex(UserError, "does not track sub-lots"):
            lot._split_into_sub_lots([(1, self.shelf, None)])

    def test_split_wizard_splits_the_entered_quantities(self):
        self._legacy_stock_on_parent(30)
        wizard_form = Form(
            self.env["stock.lot.split"]
            .with_user(self.stock_user)
            .with_context(default_lot_id=self.batch.id)
        )
        self.assertEqual(len(wizard_form.line_ids), 1)
        with wizard_form.line_ids.edit(0) as line:
            line.quantity = 12
        with wizard_form.line_ids.new() as line:
            line.location_id = self.shelf
            line.name = "B2311-001/NIGHT"
            line.quantity = 18
        action = wizard_form.save().action_split()
        sub_lots = self.Lot.search(action["domain"])
        self.assertEqual(
            sorted(sub_lots.mapped("name")), ["B2311-001/01", "B2311-001/NIGHT"]
        )
        self.assertEqual(self._quantity(self.batch), 0)

    # Production

    def _production(self, quantity):
        self._set_stock(self.raw_material, self.stock_location, 100)
        self._make_bom(self.batch_product, [(self.raw_material, 1.0)])
        production_form = Form(self.env["mrp.production"].with_user(self.stock_user))
        production_form.product_id = self.batch_product
        production_form.product_qty = quantity
        production = production_form.save()
        production.action_confirm()
        return production

    def test_production_into_several_sub_lots_of_one_batch(self):
        production = self._production(10)
        sub_lots = production._produce_into_sub_lots([(6, None), (4, "SHIFT-B")])
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        batch = production.lot_producing_id
        self.assertEqual(sub_lots.parent_lot_id, batch)
        self.assertEqual(sub_lots.mapped("name"), [f"{batch.name}/01", "SHIFT-B"])
        quants = self.env["stock.quant"].search(
            [
                ("product_id", "=", self.batch_product.id),
                ("location_id.usage", "=", "internal"),
            ]
        )
        self.assertEqual(
            {quant.lot_id: quant.quantity for quant in quants},
            {sub_lots[0]: 6, sub_lots[1]: 4},
        )
        self.assertEqual(batch.product_qty, 10)

    def test_production_without_split_lands_on_a_sub_lot(self):
        production = self._production(5)
        production.action_generate_serial()
        production.qty_producing = 5
        production._set_qty_producing()
        production.button_mark_done()
        lot = production.move_finished_ids.move_line_ids.lot_id
        self.assertEqual(lot.parent_lot_id, production.lot_producing_id)
        self.assertEqual(lot.name, f"{production.lot_producing_id.name}/01")

    def test_produce_sub_lots_wizard_splits_the_output(self):
        production = self._production(8)
        action = production.with_user(self.stock_user).action_open_produce_sub_lots()
        wizard_form = Form(
            self.env[action["res_model"]]
            .with_user(self.stock_user)
            .with_context(**action["context"])
        )
        with wizard_form.line_ids.edit(0) as line:
            line.quantity = 5
        with wizard_form.line_ids.new() as line:
            line.quantity = 3
        wizard_form.save().action_produce()
        production.button_mark_done()
        lines = production.move_finished_ids.move_line_ids
        batch = production.lot_producing_id
        self.assertEqual(
            {line.lot_id.name: line.quantity for line in lines},
            {f"{batch.name}/01": 5, f"{batch.name}/02": 3},
        )

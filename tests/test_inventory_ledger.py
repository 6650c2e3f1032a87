from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .inventory_ledger_common import InventoryLedgerCommon


@tagged("post_install", "-at_install")
class TestInventoryActivities(InventoryLedgerCommon):
    def test_receipt_updates_quants_and_writes_ledger_row(self):
        partner = self.env["res.partner"].create({"name": "Supplier"})
        order = self.env["purchase.order"].create(
            {
                "partner_id": partner.id,
                "picking_type_id": self.warehouse.in_type_id.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.raw_material.id,
                            "product_qty": 40,
                            "price_unit": 2,
                        }
                    )
                ],
            }
        )
        order.button_confirm()
        picking = order.picking_ids.with_user(self.stock_user)
        picking.move_ids.quantity = 40
        picking.move_ids.picked = True
        picking.button_validate()

        self.assertEqual(
            self.raw_material.with_context(
                warehouse_id=self.warehouse.id
            ).qty_available,
            40,
        )
        entry = self._entries(self.raw_material)
        self.assertEqual(len(entry), 1)
        self.assertRecordValues(
            entry,
            [
                {
                    "activity": "receipt",
                    "reference": order.name,
                    "res_model": "purchase.order",
                    "res_id": order.id,
                    "quantity": 40,
                    "product_uom_id": self.uom_kg.id,
                    "location_dest_id": self.stock_location.id,
                    "site_id": self.site.id,
                    "user_id": self.stock_user.id,
                    "stock_delta": 40,
                }
            ],
        )

    def test_shipment_updates_quants_and_writes_ledger_row(self):
        self._set_stock(self.raw_material, self.stock_location, 10)
        partner = self.env["res.partner"].create({"name": "Customer"})
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "warehouse_id": self.warehouse.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.raw_material.id, "product_uom_qty": 4}
                    )
                ],
            }
        )
        order.action_confirm()
        picking = order.picking_ids.with_user(self.stock_user)
        picking.move_ids.quantity = 4
        picking.move_ids.picked = True
        picking.button_validate()

        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(
                self.raw_material, self.stock_location
            ),
            6,
        )
        self.assertRecordValues(
            self._entries(self.raw_material),
            [
                {
                    "activity": "shipment",
                    "reference": order.name,
                    "res_model": "sale.order",
                    "res_id": order.id,
                    "quantity": 4,
                    "location_id": self.stock_location.id,
                    "stock_delta": -4,
                }
            ],
        )

    def test_user_defined_issue_with_cost_center(self):
        self.lot_product.standard_price = 4
        lot = self.env["stock.lot"].create(
            {"name": "S-1", "product_id": self.lot_product.id}
        )
        self._set_stock(self.lot_product, self.shelf, 10, lot_id=lot)

        moves = self._record_activity(
            self.sampling,
            [{"product_id": self.lot_product.id, "lot_id": lot.id, "quantity": 1.5}],
            analytic_account_id=self.cost_center.id,
            reference="SR-7",
        )

        self.assertEqual(moves.state, "done")
        self.assertEqual(moves.analytic_account_id, self.cost_center)
        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(
                self.lot_product, self.shelf, lot_id=lot
            ),
            8.5,
        )
        self.assertRecordValues(
            self._entries(self.lot_product),
            [
                {
                    "activity": "activity",
                    "activity_type_id": self.sampling.id,
                    "reference": "SR-7",
                    "res_model": "stock.activity.type",
                    "res_id": self.sampling.id,
                    "lot_id": lot.id,
                    "quantity": 1.5,
                    "location_id": self.shelf.id,
                    "location_dest_id": self.loss_location.id,
                    "analytic_account_id": self.cost_center.id,
                    "user_id": self.stock_user.id,
                }
            ],
        )
        # Periodic valuation (community default): the move's analytic lines
        # carry the value to the cost center.
        analytic_line = moves.analytic_account_line_ids
        self.assertEqual(
            analytic_line[self.cost_center.plan_id._column_name()], self.cost_center
        )
        self.assertEqual(analytic_line.amount, -6)

    def test_user_defined_issue_puts_cost_center_on_valuation_entry(self):
        category = self.env["product.category"].create(
            {
                "name": "Automated",
                "property_cost_method": "standard",
                "property_valuation": "real_time",
            }
        )
        self.raw_material.write({"categ_id": category.id, "standard_price": 3})
        self._set_stock(self.raw_material, self.shelf, 10)

        moves = self._record_activity(
            self.sampling,
            [{"product_id": self.raw_material.id, "quantity": 2}],
            analytic_account_id=self.cost_center.id,
        )

        valuation_account = category.property_stock_valuation_account_id
        lines = moves.account_move_ids.line_ids
        self.assertEqual(len(lines), 2)
        expense = lines.filtered(lambda line: line.account_id != valuation_account)
        self.assertEqual(expense.analytic_distribution, {str(self.cost_center.id): 100})
        self.assertEqual(expense.debit, 6)

    def test_user_defined_receipt_creates_classified_lot(self):
        self._record_activity(
            self.found_stock,
            [{"product_id": self.lot_product.id, "lot_name": "F-1", "quantity": 3}],
        )
        entry = self._entries(self.lot_product)
        self.assertEqual(entry.lot_id.name, "F-1")
        self.assertRecordValues(
            entry,
            [
                {
                    "activity": "activity",
                    "quantity": 3,
                    "location_dest_id": self.shelf.id,
                    "classification_id": self.env.ref(
                        "process_inventory.classification_qc"
                    ).id,
                    "stock_delta": 3,
                }
            ],
        )
        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(
                self.lot_product, self.shelf, lot_id=entry.lot_id
            ),
            3,
        )

    def test_fail_activity_without_required_cost_center(self):
        self._set_stock(self.raw_material, self.shelf, 10)
        with self.assertRaisesRegex(UserError, "QC Sampling.*requires a cost center"):
            self._record_activity(
                self.sampling, [{"product_id": self.raw_material.id, "quantity": 1}]
            )
        self.assertFalse(self._entries(self.raw_material))

    def test_fail_issue_more_than_available(self):
        self._set_stock(self.raw_material, self.shelf, 1)
        with self.assertRaisesRegex(UserError, "only 1.0 are available"):
            self._record_activity(
                self.sampling,
                [{"product_id": self.raw_material.id, "quantity": 2}],
                analytic_account_id=self.cost_center.id,
            )

    def test_fail_issue_type_from_virtual_location(self):
        with self.assertRaisesRegex(Exception, "must be internal"):
            self.env["stock.activity.type"].create(
                {
                    "name": "Wrong",
                    "code": "WRONG",
                    "direction": "issue",
                    "location_id": self.loss_location.id,
                    "location_dest_id": self.shelf.id,
                }
            )

    def test_adjustment_with_reason_updates_quant_and_ledger(self):
        self._set_stock(self.raw_material, self.shelf, 10)
        quant = self.env["stock.quant"].search(
            [
                ("product_id", "=", self.raw_material.id),
                ("location_id", "=", self.shelf.id),
            ]
        )
        quant = quant.with_user(self.stock_user).with_context(inventory_mode=True)
        quant.write(
            {"inventory_quantity": 7.25, "inventory_reason_id": self.reason_damage.id}
        )
        quant.action_apply_inventory()

        self.assertEqual(quant.quantity, 7.25)
        self.assertFalse(quant.inventory_reason_id)
        self.assertRecordValues(
            self._entries(self.raw_material),
            [
                {
                    "activity": "adjustment",
                    "reason_id": self.reason_damage.id,
                    "quantity": 2.75,
                    "location_id": self.shelf.id,
                    "res_model": "stock.move",
                    "stock_delta": -2.75,
                }
            ],
        )

    def test_fail_count_adjustment_without_reason(self):
        self._set_stock(self.raw_material, self.shelf, 10)
        quant = self.env["stock.quant"].search(
            [
                ("product_id", "=", self.raw_material.id),
                ("location_id", "=", self.shelf.id),
            ]
        )
        quant = quant.with_user(self.stock_user).with_context(inventory_mode=True)
        quant.inventory_quantity = 9
        with self.assertRaisesRegex(UserError, "Raw Material / .*Shelf 1"):
            quant.action_apply_inventory()
        self.assertEqual(quant.quantity, 10)
        self.assertFalse(self._entries(self.raw_material))

    def test_quick_quantity_update_gets_default_reason(self):
        wizard = (
            self.env["stock.change.product.qty"]
            .with_user(self.stock_manager)
            .create(
                {
                    "product_id": self.raw_material.id,
                    "product_tmpl_id": self.raw_material.product_tmpl_id.id,
                    "new_quantity": 4,
                }
            )
        )
        wizard.change_product_qty()
        self.assertEqual(self.raw_material.qty_available, 4)
        self.assertEqual(
            self._entries(self.raw_material).reason_id,
            self.env.ref("process_inventory.inventory_reason_quantity_update"),
        )

    def test_record_activity_form(self):
        self._set_stock(self.raw_material, self.shelf, 5)
        form = Form(self.env["stock.activity.record"].with_user(self.stock_user))
        form.activity_type_id = self.sampling
        form.analytic_account_id = self.cost_center
        with form.line_ids.new() as line:
            line.product_id = self.raw_material
            line.quantity = 5
        action = form.save().action_record()
        self.assertEqual(action["res_model"], "stock.move")
        self.assertFalse(
            self.env["stock.quant"]._get_available_quantity(
                self.raw_material, self.shelf
            )
        )

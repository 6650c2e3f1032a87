import psycopg2

from odoo import Command, sql_db
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools import SQL

from .common import ProcessInventoryCommon


class InventoryLedgerCommon(ProcessInventoryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Ledger = cls.env["stock.inventory.ledger"]
        cls.lot_product = cls.env["product.product"].create(
            {
                "name": "Solvent",
                "resource_type": "inventory",
                "tracking": "lot",
                "uom_id": cls.uom_kg.id,
                "uom_po_id": cls.uom_kg.id,
            }
        )
        cls.loss_location = cls.env["stock.location"].create(
            {
                "name": "QC Lab",
                "usage": "inventory",
                "location_id": cls.env.ref("stock.stock_location_locations_virtual").id,
            }
        )
        plan = cls.env["account.analytic.plan"].create({"name": "Cost Centers"})
        cls.cost_center = cls.env["account.analytic.account"].create(
            {"name": "Quality Lab", "plan_id": plan.id}
        )
        cls.sampling = cls.env["stock.activity.type"].create(
            {
                "name": "QC Sampling",
                "code": "T-QCS",
                "direction": "issue",
                "location_id": cls.shelf.id,
                "location_dest_id": cls.loss_location.id,
                "is_analytic_required": True,
            }
        )
        cls.found_stock = cls.env["stock.activity.type"].create(
            {
                "name": "Found Stock",
                "code": "T-FOUND",
                "direction": "receipt",
                "location_id": cls.loss_location.id,
                "location_dest_id": cls.shelf.id,
                "classification_id": cls.env.ref(
                    "process_inventory.classification_qc"
                ).id,
            }
        )
        cls.reason_damage = cls.env.ref("process_inventory.inventory_reason_damage")

    def _entries(self, product):
        self._seal()
        return self.Ledger.search([("product_id", "=", product.id)], order="sequence")

    def _seal(self):
        """Chain the pending entries in the test's own cursor (their own
        transaction's post-commit seal never runs in a test)."""
        self.env["stock.inventory.ledger.seal"]._seal_pending()

    def _record_activity(self, activity_type, lines, **values):
        record = (
            self.env["stock.activity.record"]
            .with_user(self.stock_user)
            .create(
                {
                    "activity_type_id": activity_type.id,
                    "line_ids": [Command.create(line) for line in lines],
                    **values,
                }
            )
        )
        moves = record._record_moves()
        self._seal()
        return moves


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


@tagged("post_install", "-at_install")
class TestInventoryLedgerChain(InventoryLedgerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_stock(cls.raw_material, cls.shelf, 100)

    def _issue(self, quantity):
        self._record_activity(
            self.sampling,
            [{"product_id": self.raw_material.id, "quantity": quantity}],
            analytic_account_id=self.cost_center.id,
        )
        return self._entries(self.raw_material)[-1]

    def _check(self):
        self.env.invalidate_all()
        (result,) = self.Ledger._check_chain(self.env.company)
        return result

    def test_entries_are_numbered_and_chained(self):
        first, second = self._issue(1), self._issue(2)
        self.assertEqual(second.sequence, first.sequence + 1)
        self.assertEqual(len(second.chain_hash), 64)
        self.assertEqual(
            second.chain_hash,
            self.Ledger._compute_chain_hash(
                first.chain_hash, self.Ledger._fetch_rows(SQL("id = %s", second.id))[0]
            ),
        )
        self.assertFalse(self._check()["broken_id"])

    def test_fail_write_refused_even_as_superuser(self):
        entry = self._issue(1)
        with self.assertRaisesRegex(UserError, "append-only"):
            entry.sudo().write({"quantity": 100})
        with self.assertRaisesRegex(UserError, "append-only"):
            entry.with_user(self.stock_manager).write({"quantity": 100})

    def test_fail_unlink_refused_even_as_superuser(self):
        entry = self._issue(1)
        with self.assertRaisesRegex(UserError, "append-only"):
            entry.sudo().unlink()

    def test_fail_user_cannot_create_entries(self):
        with self.assertRaises(AccessError):
            self.Ledger.with_user(self.stock_manager).create(
                {
                    "activity": "other",
                    "product_id": self.raw_material.id,
                    "location_id": self.shelf.id,
                    "location_dest_id": self.loss_location.id,
                    "quantity": 1,
                }
            )

    def test_sql_tampering_detected_at_exact_row(self):
        self._issue(1)
        tampered = self._issue(2)
        self._issue(3)
        self.env.cr.execute(
            "UPDATE stock_inventory_ledger SET quantity = 0.5 WHERE id = %s",
            (tampered.id,),
        )
        result = self._check()
        self.assertEqual(result["broken_id"], tampered.id)
        self.assertIn(f"#{tampered.sequence}", result["message"])

    def test_sql_deletion_detected_at_exact_row(self):
        self._issue(1)
        deleted = self._issue(2)
        following = self._issue(3)
        self.env.cr.execute(
            "DELETE FROM stock_inventory_ledger WHERE id = %s", (deleted.id,)
        )
        self.assertEqual(self._check()["broken_id"], following.id)

    def test_check_chain_action_notifies(self):
        self._issue(1)
        action = self.Ledger.with_user(self.stock_user).action_check_chain()
        self.assertEqual(action["params"]["type"], "success")
        self.assertIn("chain intact", action["params"]["message"])


@tagged("post_install", "-at_install")
class TestInventoryLedgerSources(InventoryLedgerCommon):
    def test_done_line_edit_writes_reversal_and_new_entry(self):
        self._set_stock(self.raw_material, self.shelf, 10)
        moves = self._record_activity(
            self.sampling,
            [{"product_id": self.raw_material.id, "quantity": 5}],
            analytic_account_id=self.cost_center.id,
        )
        moves.move_line_ids.with_user(self.stock_manager).quantity = 3

        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(
                self.raw_material, self.shelf
            ),
            7,
        )
        entries = self._entries(self.raw_material)
        self.assertRecordValues(
            entries,
            [
                {"activity": "activity", "quantity": 5, "stock_delta": -5},
                {"activity": "correction", "quantity": 5, "stock_delta": 5},
                {"activity": "correction", "quantity": 3, "stock_delta": -3},
            ],
        )
        self.assertEqual(entries[1].user_id, self.stock_manager)
        self.assertFalse(self.Ledger._check_chain(self.env.company)[0]["broken_id"])

    def test_production_writes_issue_and_receipt_entries(self):
        self._set_stock(self.raw_material, self.stock_location, 10)
        self._make_bom(self.finished_product, [(self.raw_material, 2)])
        form = Form(self.env["mrp.production"].with_user(self.stock_manager))
        form.product_id = self.finished_product
        form.product_qty = 3
        form.picking_type_id = self.warehouse.manu_type_id
        production = form.save()
        production.action_confirm()
        production.action_assign()
        production.qty_producing = 3
        production.move_raw_ids.picked = True
        production.button_mark_done()

        self.assertRecordValues(
            self.Ledger.search(
                [("res_model", "=", "mrp.production")], order="sequence"
            ),
            [
                {
                    "activity": "production_issue",
                    "product_id": self.raw_material.id,
                    "quantity": 6,
                    "res_id": production.id,
                    "reference": production.name,
                },
                {
                    "activity": "production_receipt",
                    "product_id": self.finished_product.id,
                    "quantity": 3,
                    "res_id": production.id,
                    "reference": production.name,
                },
            ],
        )

    def test_scrap_writes_scrap_entry(self):
        self._set_stock(self.raw_material, self.shelf, 10)
        scrap = (
            self.env["stock.scrap"]
            .with_user(self.stock_user)
            .create(
                {
                    "product_id": self.raw_material.id,
                    "scrap_qty": 1,
                    "location_id": self.shelf.id,
                }
            )
        )
        scrap.action_validate()
        self.assertRecordValues(
            self._entries(self.raw_material),
            [{"activity": "scrap", "res_model": "stock.scrap", "res_id": scrap.id}],
        )

    def test_chains_are_numbered_per_company(self):
        other = self.env["res.company"].create({"name": "Other Plant Co"})
        self._set_stock(self.raw_material, self.shelf, 10)
        self._record_activity(
            self.sampling,
            [{"product_id": self.raw_material.id, "quantity": 1}],
            analytic_account_id=self.cost_center.id,
        )
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", other.id)])
        product = self.raw_material.with_company(other)
        self.env["stock.quant"].with_company(other).with_context(
            inventory_mode=True
        ).create(
            {
                "product_id": product.id,
                "location_id": warehouse.lot_stock_id.id,
                "inventory_quantity": 4,
                "inventory_reason_id": self.reason_damage.id,
            }
        ).action_apply_inventory()
        self._seal()
        other_entries = self.Ledger.search([("company_id", "=", other.id)])
        self.assertEqual(other_entries.mapped("sequence"), [1])
        results = self.Ledger._check_chain(self.env.company | other)
        self.assertEqual([r["broken_id"] for r in results], [False, False])


@tagged("post_install", "-at_install")
class TestInventoryAdjustmentReason(InventoryLedgerCommon):
    def test_apply_all_wizard_gives_reason_to_counts_without_one(self):
        self._set_stock(self.raw_material, self.shelf, 10)
        self._set_stock(self.finished_product, self.shelf, 10)
        Quant = self.env["stock.quant"].with_user(self.stock_user)
        quants = Quant.search(
            [
                ("product_id", "in", (self.raw_material | self.finished_product).ids),
                ("location_id", "=", self.shelf.id),
            ]
        ).with_context(inventory_mode=True)
        sampling = self.env.ref("process_inventory.inventory_reason_sampling")
        quants.filtered(lambda q: q.product_id == self.raw_material).write(
            {"inventory_quantity": 9, "inventory_reason_id": sampling.id}
        )
        quants.filtered(lambda q: q.product_id == self.finished_product).write(
            {"inventory_quantity": 8}
        )
        wizard = (
            self.env["stock.inventory.adjustment.name"]
            .with_user(self.stock_user)
            .create(
                {
                    "quant_ids": [Command.set(quants.ids)],
                    "inventory_reason_id": self.reason_damage.id,
                }
            )
        )
        wizard.action_apply()
        self.assertEqual(self._entries(self.raw_material).reason_id, sampling)
        self.assertEqual(
            self._entries(self.finished_product).reason_id, self.reason_damage
        )


@tagged("post_install", "-at_install")
class TestInventoryLedgerConcurrency(InventoryLedgerCommon):
    def test_concurrent_transaction_waits_for_company_chain_head(self):
        """Another transaction extending the company's chain holds the head
        row: sealing a new entry waits for it instead of forking the chain."""
        self._set_stock(self.raw_material, self.shelf, 10)
        other = sql_db.db_connect(self.env.cr.dbname).cursor()
        try:
            other.execute(
                "SELECT id FROM res_company WHERE id = %s FOR NO KEY UPDATE",
                (self.env.company.id,),
            )
            with self.assertRaises(psycopg2.errors.LockNotAvailable):
                self.env.cr.execute("SET LOCAL lock_timeout = '300ms'")
                self._record_activity(
                    self.sampling,
                    [{"product_id": self.raw_material.id, "quantity": 1}],
                    analytic_account_id=self.cost_center.id,
                )
        finally:
            other.rollback()
            other.close()
        self.assertFalse(self._entries(self.raw_material))

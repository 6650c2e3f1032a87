from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import ProcessInventoryCommon


@tagged("post_install", "-at_install")
class TestSubLotProductionRerun(ProcessInventoryCommon):
    """The sub-lot production wizard produces at most what is left of the
    order, and a second run replaces the first without leaving its sub-lots."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.batch_product = cls.env["product.product"].create(
            {
                "name": "Rerun Batch",
                "resource_type": "inventory",
                "uom_id": cls.uom_kg.id,
                "uom_po_id": cls.uom_kg.id,
                "tracking": "lot",
                "use_sub_lots": True,
            }
        )
        cls._set_stock(cls.raw_material, cls.stock_location, 100)
        cls._make_bom(cls.batch_product, [(cls.raw_material, 1.0)])

    def _production(self, quantity):
        production_form = Form(self.env["mrp.production"].with_user(self.stock_user))
        production_form.product_id = self.batch_product
        production_form.product_qty = quantity
        production = production_form.save()
        production.action_confirm()
        return production

    def _run_wizard(self, production, quantities):
        action = production.with_user(self.stock_user).action_open_produce_sub_lots()
        wizard_form = Form(
            self.env[action["res_model"]]
            .with_user(self.stock_user)
            .with_context(**action["context"])
        )
        with wizard_form.line_ids.edit(0) as line:
            line.quantity = quantities[0]
        for quantity in quantities[1:]:
            with wizard_form.line_ids.new() as line:
                line.quantity = quantity
        return wizard_form.save().action_produce()

    def test_fail_sub_lots_beyond_the_order_quantity(self):
        production = self._production(8)
        with self.assertRaisesRegex(UserError, "more than the 8.0 kg left"):
            self._run_wizard(production, [8, 8])
        self.assertFalse(
            self.env["stock.lot"].search([("product_id", "=", self.batch_product.id)])
        )
        self.assertEqual(production.qty_producing, 0)

    def test_rerun_replaces_the_previous_sub_lots(self):
        production = self._production(8)
        self._run_wizard(production, [4, 4])
        self._run_wizard(production, [5, 3])
        batch = production.lot_producing_id
        self.assertEqual(production.qty_producing, 8)
        production.button_mark_done()
        sub_lots = self.env["stock.lot"].search([("parent_lot_id", "=", batch.id)])
        self.assertEqual(
            {lot.name: lot.product_qty for lot in sub_lots},
            {f"{batch.name}/01": 5, f"{batch.name}/02": 3},
        )

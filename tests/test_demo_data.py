from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    """The README's demo works from the first screen: its stock entered
    through moves, its released lots complete and a computed consolidation.
    (These tests read the demo data the test command installs.)"""

    def _demo(self, model):
        data = self.env["ir.model.data"].search(
            [("module", "=", "process_inventory"), ("model", "=", model)]
        )
        return self.env[model].browse(data.mapped("res_id")).exists()

    def test_demo_stock_entered_through_moves(self):
        products = self._demo("product.product")
        self.assertTrue(products)
        for product in products.filtered("is_storable"):
            on_hand = sum(
                self.env["stock.quant"]
                .search(
                    [
                        ("product_id", "=", product.id),
                        ("location_id.usage", "in", ("internal", "transit")),
                    ]
                )
                .mapped("quantity")
            )
            lines = self.env["stock.move.line"].search(
                [("product_id", "=", product.id), ("state", "=", "done")]
            )
            moved = sum(
                line.quantity_product_uom
                for line in lines
                if line.location_dest_id.usage in ("internal", "transit")
                and line.location_id.usage not in ("internal", "transit")
            ) - sum(
                line.quantity_product_uom
                for line in lines
                if line.location_id.usage in ("internal", "transit")
                and line.location_dest_id.usage not in ("internal", "transit")
            )
            with self.subTest(product=product.display_name):
                self.assertAlmostEqual(on_hand, moved, places=4)

    def test_released_demo_lots_carry_required_characteristics(self):
        released = self.env.ref("process_inventory.classification_released")
        lots = self._demo("stock.lot").filtered(
            lambda lot: lot.classification_id == released
        )
        self.assertTrue(lots)
        self.assertTrue(lots._check_required_characteristics())

    def test_demo_consolidation_is_computed(self):
        consolidation = self.env.ref("process_inventory.purchase_consolidation_demo")
        pedal = self.env.ref("process_inventory.product_pedal_demo")
        line = consolidation.line_ids.filtered(lambda line: line.product_id == pedal)
        self.assertEqual(line.qty_to_order, 200)

    def test_demo_product_names_unique(self):
        names = self._demo("product.product").mapped("name")
        self.assertEqual(len(names), len(set(names)))

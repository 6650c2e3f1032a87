from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .inventory_flow_common import InventoryFlowCommon, render_pdf_text


@tagged("post_install", "-at_install")
class TestConsolidation(InventoryFlowCommon):
    """A cart: a wheel set (phantom kit of 4 wheels), a chassis (sub-assembly
    of 150 cm of tube, in metres, and a dozen screws, in units) and 250 g of
    paint (bought in kg)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.uom_m = cls.env.ref("uom.product_uom_meter")
        cls.uom_cm = cls.env.ref("uom.product_uom_cm")
        cls.uom_g = cls.env.ref("uom.product_uom_gram")
        cls.paint_vendor = cls.env["res.partner"].create({"name": "Paint Co"})
        Product = cls.env["product.product"]
        cls.cart = Product.create({"name": "Cart", "resource_type": "inventory"})
        cls.wheel_set = Product.create(
            {"name": "Wheel Set", "resource_type": "non_inventory"}
        )
        cls.wheel = Product.create(
            {
                "name": "Wheel",
                "resource_type": "inventory",
                "seller_ids": [
                    Command.create(
                        {"partner_id": cls.vendor.id, "price": 3, "delay": 5}
                    )
                ],
            }
        )
        cls.chassis = Product.create({"name": "Chassis", "resource_type": "inventory"})
        cls.tube = Product.create(
            {
                "name": "Tube",
                "resource_type": "inventory",
                "uom_id": cls.uom_m.id,
                "uom_po_id": cls.uom_m.id,
                "seller_ids": [
                    Command.create(
                        {"partner_id": cls.vendor.id, "price": 2, "order_multiple": 2}
                    )
                ],
            }
        )
        cls.screw = Product.create(
            {
                "name": "Screw",
                "resource_type": "inventory",
                "seller_ids": [Command.create({"partner_id": cls.vendor.id})],
            }
        )
        cls.paint = Product.create(
            {
                "name": "Paint",
                "resource_type": "inventory",
                "uom_id": cls.uom_kg.id,
                "uom_po_id": cls.uom_kg.id,
                "seller_ids": [
                    Command.create(
                        {"partner_id": cls.paint_vendor.id, "min_qty": 5, "delay": 10}
                    )
                ],
            }
        )
        Bom = cls.env["mrp.bom"]
        Bom.create(
            {
                "product_tmpl_id": cls.wheel_set.product_tmpl_id.id,
                "type": "phantom",
                "bom_line_ids": [
                    Command.create({"product_id": cls.wheel.id, "product_qty": 4})
                ],
            }
        )
        Bom.create(
            {
                "product_tmpl_id": cls.chassis.product_tmpl_id.id,
                "bom_line_ids": [
                    Command.create(
                        {
                            "product_id": cls.tube.id,
                            "product_qty": 150,
                            "product_uom_id": cls.uom_cm.id,
                        }
                    ),
                    Command.create(
                        {
                            "product_id": cls.screw.id,
                            "product_qty": 1,
                            "product_uom_id": cls.env.ref("uom.product_uom_dozen").id,
                        }
                    ),
                ],
            }
        )
        Bom.create(
            {
                "product_tmpl_id": cls.cart.product_tmpl_id.id,
                "bom_line_ids": [
                    Command.create({"product_id": cls.wheel_set.id, "product_qty": 1}),
                    Command.create({"product_id": cls.chassis.id, "product_qty": 1}),
                    Command.create(
                        {
                            "product_id": cls.paint.id,
                            "product_qty": 250,
                            "product_uom_id": cls.uom_g.id,
                        }
                    ),
                ],
            }
        )
        cls._set_stock(cls.cart, cls.stock_location, 2)
        cls._set_stock(cls.wheel, cls.stock_location, 10)
        cls._set_stock(cls.chassis, cls.stock_location, 3)
        cls._set_stock(cls.screw, cls.stock_location, 100)
        cls._set_stock(cls.paint, cls.stock_location, 0.5)

    def _consolidate(self):
        consolidation = (
            self.env["purchase.consolidation"]
            .with_user(self.buyer)
            .create({"warehouse_id": self.warehouse.id})
        )
        consolidation.action_compute()
        return consolidation

    def test_multi_level_bom_nets_each_level_with_kits_and_units(self):
        self._sell(self.cart, 10)
        # 8 carts to build: 32 wheels through the kit, 8 chassis of which 3
        # on hand, so 5 to build: 7.5 m of tube and 60 screws; 2 kg of paint.
        self.assertBuckets(self.cart, on_demand=10, available=-8)
        self.assertBuckets(self.chassis, dependent=8, available=-5)
        self.assertBuckets(self.wheel, dependent=32, available=-22)
        self.assertBuckets(self.tube, dependent=7.5, available=-7.5)
        self.assertBuckets(self.screw, dependent=60, available=40)
        self.assertBuckets(self.paint, dependent=2, available=-1.5)
        lines = self._consolidate().line_ids
        self.assertEqual(
            {
                line.product_id: (line.qty_needed, line.qty_to_order, line.partner_id)
                for line in lines
            },
            {
                self.wheel: (22, 22, self.vendor),
                self.tube: (7.5, 8, self.vendor),
                self.paint: (1.5, 5, self.paint_vendor),
            },
            "purchased parts only, rounded to the vendor's multiple and minimum",
        )
        paint_line = lines.filtered(lambda line: line.product_id == self.paint)
        self.assertEqual((paint_line.min_qty, paint_line.delay), (5, 10))

    def test_rfqs_grouped_by_vendor(self):
        self._sell(self.cart, 10)
        consolidation = self._consolidate()
        consolidation.action_create_rfqs()
        orders = consolidation.purchase_ids
        self.assertEqual(orders.partner_id, self.vendor | self.paint_vendor)
        by_vendor = {
            order.partner_id: {
                line.product_id: line.product_qty for line in order.order_line
            }
            for order in orders
        }
        self.assertEqual(
            by_vendor,
            {
                self.vendor: {self.wheel: 22, self.tube: 8},
                self.paint_vendor: {self.paint: 5},
            },
        )
        self.assertEqual(consolidation.state, "ordered")
        self.assertFalse(
            self._consolidate().line_ids, "parts asked in RFQs are not asked again"
        )

    def test_consolidation_without_vendor_lines_cannot_create_rfqs(self):
        self.wheel.seller_ids.unlink()
        self._sell(self.wheel, 50)
        consolidation = self._consolidate()
        self.assertEqual(consolidation.line_ids.product_id, self.wheel)
        with self.assertRaises(UserError):
            consolidation.action_create_rfqs()
        self.assertFalse(consolidation.purchase_ids)

    def test_consolidation_pdf_lists_parts(self):
        self._sell(self.cart, 10)
        consolidation = self._consolidate()
        text = render_pdf_text(
            self.env(user=self.buyer),
            "process_inventory.purchase_consolidation_report",
            consolidation,
        )
        self.assertIn("Purchasing Consolidation", text)
        for name in ("Wheel", "Tube", "Paint", "Paint Co", "Pedal Works"):
            self.assertIn(name, text)

    def test_daily_cron_leaves_consolidation_for_purchasing(self):
        self._sell(self.bicycle, 500)
        Consolidation = self.env["purchase.consolidation"]
        mine = [("company_id", "=", self.env.company.id)]
        before = Consolidation.search(mine)
        self.env.ref(
            "process_inventory.purchase_consolidation_cron"
        ).method_direct_trigger()
        consolidation = Consolidation.search(mine) - before
        self.assertEqual(len(consolidation), 1)
        self.assertEqual(consolidation.state, "computed")
        pedal_line = consolidation.line_ids.filtered(
            lambda line: line.product_id == self.pedal
        )
        self.assertEqual(pedal_line.qty_to_order, 200)


@tagged("post_install", "-at_install")
class TestFlowProductForm(InventoryFlowCommon):
    def test_template_smart_button_sums_its_variants(self):
        self._sell(self.bicycle, 30)
        template = self.bicycle.product_tmpl_id.with_user(self.stock_user)
        self.assertEqual(template.flow_qty_available, 70)
        action = template.action_view_flow_quantities()
        self.assertEqual(
            self.env["product.product"].search(action["domain"]), self.bicycle
        )

    def _count_queries(self, products):
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        rows = (
            self.env["product.product"]
            .with_user(self.stock_user)
            .get_flow_quantities(products.ids, self.warehouse.id)
        )
        return self.env.cr.sql_log_count - before, rows

    def _parts_with_stock_and_demand(self, count):
        parts = self.env["product.product"].create(
            [
                {"name": f"Part {index}", "resource_type": "inventory"}
                for index in range(count)
            ]
        )
        for index, part in enumerate(parts):
            self._set_stock(part, self.stock_location, index + 1)
            self._sell(part, 1)
        return parts

    def test_buckets_cost_the_same_queries_for_more_products(self):
        few = self._parts_with_stock_and_demand(1)
        queries_for_one, _rows = self._count_queries(few)
        many = self._parts_with_stock_and_demand(10)
        queries_for_eleven, rows = self._count_queries(few | many)
        self.assertEqual(queries_for_eleven, queries_for_one)
        self.assertEqual(
            [(row["on_hand"], row["on_demand"]) for row in rows],
            [(1, 1)] + [(index + 1, 1) for index in range(10)],
        )

import io

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools.pdf import PdfReader

from .common import ProcessInventoryCommon


def render_pdf_text(env, report, records):
    """Render a QWeb report with wkhtmltopdf (even in test mode) and return
    the text of its pages."""
    pdf, report_type = (
        env["ir.actions.report"]
        .with_context(force_report_rendering=True)
        ._render_qweb_pdf(report, records.ids)
    )
    assert report_type == "pdf", report_type
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


class InventoryFlowCommon(ProcessInventoryCommon):
    """The bicycle company of seed 002: a bicycle of two pedals and a frame,
    100 bicycles, 600 pedals and 400 frames on hand, a pedal vendor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env,
            login="pi_flow_salesman",
            groups="sales_team.group_sale_salesman",
        )
        cls.buyer = new_test_user(
            cls.env,
            login="pi_flow_buyer",
            groups="purchase.group_purchase_user,stock.group_stock_user",
        )
        cls.vendor = cls.env["res.partner"].create({"name": "Pedal Works"})
        cls.customer = cls.env["res.partner"].create({"name": "City Cycles"})
        Product = cls.env["product.product"]
        cls.bicycle = Product.create(
            {"name": "Bicycle", "resource_type": "inventory", "list_price": 350}
        )
        cls.pedal = Product.create(
            {
                "name": "Pedal",
                "resource_type": "inventory",
                "seller_ids": [
                    Command.create(
                        {"partner_id": cls.vendor.id, "price": 4.5, "delay": 7}
                    )
                ],
            }
        )
        cls.frame = Product.create(
            {
                "name": "Frame",
                "resource_type": "inventory",
                "seller_ids": [
                    Command.create({"partner_id": cls.vendor.id, "price": 60})
                ],
            }
        )
        cls.bicycle_bom = cls._make_bom(cls.bicycle, [(cls.pedal, 2), (cls.frame, 1)])
        cls._set_stock(cls.bicycle, cls.stock_location, 100)
        cls._set_stock(cls.pedal, cls.stock_location, 600)
        cls._set_stock(cls.frame, cls.stock_location, 400)

    def assertBuckets(self, product, **expected):
        """Compare the named buckets, read as the stock user for the test
        warehouse, with the expected quantities."""
        (values,) = (
            self.env["product.product"]
            .with_user(self.stock_user)
            .get_flow_quantities(product.ids, self.warehouse.id)
        )
        self.assertEqual(
            {bucket: values[bucket] for bucket in expected},
            expected,
            f"buckets of {product.name}",
        )

    def _sell(self, product, quantity, **values):
        order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "warehouse_id": self.warehouse.id,
                    "order_line": [
                        Command.create(
                            {"product_id": product.id, "product_uom_qty": quantity}
                        )
                    ],
                    **values,
                }
            )
        )
        order.action_confirm()
        return order

    def _validate(self, pickings, user):
        pickings = pickings.with_user(user)
        pickings.action_assign()
        for move in pickings.move_ids:
            move.quantity = move.product_uom_qty
        pickings.move_ids.picked = True
        pickings.button_validate()
        self.assertEqual(set(pickings.mapped("state")), {"done"})


@tagged("post_install", "-at_install")
class TestBicycleStory(InventoryFlowCommon):
    def test_bicycle_story_buckets_after_every_step(self):
        self.assertBuckets(self.bicycle, on_hand=100, on_demand=0, available=100)
        self.assertBuckets(self.pedal, on_hand=600, on_demand=0, available=600)

        # Sales enters the order: on demand rises for the bicycle only.
        order = self._sell(self.bicycle, 500)
        self.assertBuckets(
            self.bicycle, on_hand=100, on_demand=500, dependent=0, available=-400
        )
        self.assertBuckets(
            self.pedal, on_hand=600, on_demand=0, dependent=800, available=-200
        )
        self.assertBuckets(self.frame, on_hand=400, dependent=400, available=0)

        # Purchasing consolidation: exactly 200 pedals, nothing else.
        consolidation = (
            self.env["purchase.consolidation"]
            .with_user(self.buyer)
            .create({"warehouse_id": self.warehouse.id})
        )
        consolidation.action_compute()
        self.assertEqual(
            [
                (line.product_id, line.qty_to_order, line.partner_id, line.delay)
                for line in consolidation.line_ids
            ],
            [(self.pedal, 200, self.vendor, 7)],
        )
        consolidation.action_create_rfqs()
        purchase = consolidation.purchase_ids
        self.assertEqual(purchase.partner_id, self.vendor)
        self.assertEqual(purchase.order_line.product_qty, 200)
        self.assertBuckets(self.pedal, on_order=0, in_rfq=200, available=-200)

        # Purchasing places the order: on order rises.
        purchase.with_user(self.buyer).button_confirm()
        self.assertBuckets(self.pedal, on_hand=600, on_order=200, available=0)

        # Receiving: on order down, on hand 800.
        self._validate(purchase.picking_ids, self.buyer)
        self.assertBuckets(self.pedal, on_hand=800, on_order=0, available=0)

        # Stock room, step 1: a work order for 400 bicycles, parts to WIP.
        production = (
            self.env["mrp.production"]
            .with_user(self.stock_user)
            .create(
                {
                    "product_id": self.bicycle.id,
                    "product_qty": 400,
                    "bom_id": self.bicycle_bom.id,
                    "picking_type_id": self.warehouse.manu_type_id.id,
                }
            )
        )
        production.action_confirm()
        self.assertBuckets(self.bicycle, in_production=400, available=0)
        self.assertBuckets(
            self.pedal, on_hand=800, allocated=800, dependent=0, wip=0, available=0
        )
        issue = self._issue_all(production)
        self.assertEqual(len(issue.line_ids), 2)
        self.assertBuckets(self.pedal, on_hand=0, wip=800, allocated=0, available=0)
        self.assertBuckets(self.frame, on_hand=0, wip=400, available=0)

        # Step 2: receive the assemblies, WIP emptied.
        self.env["mrp.production.receive"].with_user(self.stock_user).create(
            {"production_id": production.id}
        ).action_receive()
        self.assertEqual(production.state, "done")
        self.assertBuckets(self.pedal, on_hand=0, wip=0, available=0)
        self.assertBuckets(
            self.bicycle, on_hand=500, in_production=0, on_demand=500, available=0
        )

        # Shipping and invoicing the order: demand back to zero.
        self._validate(order.picking_ids, self.stock_user)
        self.assertBuckets(self.bicycle, on_hand=0, on_demand=0, available=0)
        self.assertBuckets(self.pedal, on_hand=0, on_demand=0, available=0)

    def _issue_all(self, production):
        """Issue what the order needs, as proposed by the wizard opened from
        the manufacturing order."""
        action = production.with_user(self.stock_user).action_open_issue()
        with Form(
            self.env[action["res_model"]]
            .with_user(self.stock_user)
            .with_context(**action["context"])
        ) as form:
            self.assertEqual(form.production_id, production)
        issue = form.save()
        issue.action_issue()
        return issue


@tagged("post_install", "-at_install")
class TestFlowBuckets(InventoryFlowCommon):
    def test_non_nettable_lot_is_on_hand_but_not_available(self):
        self.pedal.tracking = "lot"
        lot = self.env["stock.lot"].create(
            {
                "name": "PED-FAIL",
                "product_id": self.pedal.id,
                "classification_id": self.env.ref(
                    "process_inventory.classification_fail"
                ).id,
            }
        )
        self._set_stock(self.pedal, self.stock_location, 50, lot_id=lot)
        self.assertBuckets(self.pedal, on_hand=650, nettable=600, available=600)

    def test_expired_lot_is_not_available(self):
        self.pedal.write({"tracking": "lot", "use_expiration_date": True})
        lot = self.env["stock.lot"].create(
            {
                "name": "PED-OLD",
                "product_id": self.pedal.id,
                "expiration_date": "2020-01-01 00:00:00",
            }
        )
        self._set_stock(self.pedal, self.stock_location, 30, lot_id=lot)
        self.assertBuckets(self.pedal, on_hand=630, nettable=600, available=600)

    def test_other_warehouse_stock_and_demand_not_counted(self):
        other = self.env["stock.warehouse"].create({"name": "Other", "code": "OTH"})
        self._set_stock(self.pedal, other.lot_stock_id, 40)
        self.assertBuckets(self.pedal, on_hand=600)
        (values,) = self.env["product.product"].get_flow_quantities(self.pedal.ids)
        self.assertEqual(values["on_hand"], 640)

    def test_site_limits_buckets_to_its_warehouses(self):
        other = self.env["stock.warehouse"].create({"name": "Other", "code": "OTH"})
        self._set_stock(self.pedal, other.lot_stock_id, 40)
        (values,) = (
            self.env["product.product"]
            .with_user(self.stock_user)
            .get_flow_quantities(self.pedal.ids, site_id=self.site.id)
        )
        self.assertEqual(values["on_hand"], 600)
        pedal = self.pedal.with_context(site_id=self.site.id)
        self.assertEqual(pedal.flow_qty_on_hand, 600)

    def test_product_form_fields_follow_warehouse_context(self):
        self._sell(self.bicycle, 30)
        bicycle = self.bicycle.with_user(self.stock_user).with_context(
            warehouse_id=self.warehouse.id
        )
        self.assertEqual(bicycle.flow_qty_on_hand, 100)
        self.assertEqual(bicycle.flow_qty_on_demand, 30)
        self.assertEqual(bicycle.flow_qty_available, 70)

    def test_demand_counts_sale_units_in_product_unit(self):
        dozen = self.env.ref("uom.product_uom_dozen")
        order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "warehouse_id": self.warehouse.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.bicycle.id,
                                "product_uom_qty": 2,
                                "product_uom": dozen.id,
                            }
                        )
                    ],
                }
            )
        )
        self.assertBuckets(self.bicycle, on_demand=0)
        order.action_confirm()
        self.assertBuckets(self.bicycle, on_demand=24, available=76)


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

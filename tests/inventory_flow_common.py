import io

from odoo import Command
from odoo.tests import new_test_user
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

import xmlrpc.client

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCatchWeightXmlRpc(HttpCase):
    """A receipt line's weighed second quantity, entered over XML-RPC, is what
    the stock gets, whether the line names an existing lot or a new one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_test_user(
            cls.env,
            login="pi_catch_rpc_user",
            password="pi_catch_rpc_user_pw",
            groups="stock.group_stock_user,stock.group_production_lot",
        )
        cls.uom_kg = cls.env.ref("uom.product_uom_kgm")
        cls.product = cls.env["product.product"].create(
            {
                "name": "RPC Fish Fillets",
                "resource_type": "inventory",
                "tracking": "lot",
                "uom_id": cls.env.ref("uom.product_uom_unit").id,
                "uom_po_id": cls.env.ref("uom.product_uom_unit").id,
                "uom_conversion_ids": [
                    Command.create({"uom_id": cls.uom_kg.id, "factor": 0.08})
                ],
                "secondary_uom_id": cls.uom_kg.id,
            }
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )

    def _rpc(self, login):
        common = xmlrpc.client.ServerProxy(f"{self.base_url()}/xmlrpc/2/common")
        password = f"{login}_pw"
        uid = common.authenticate(self.env.cr.dbname, login, password, {})
        self.assertTrue(uid)
        models = xmlrpc.client.ServerProxy(f"{self.base_url()}/xmlrpc/2/object")
        return lambda *args, **kw: models.execute_kw(
            self.env.cr.dbname, uid, password, *args, kw
        )

    def _receive(self, lot_values):
        """Receive 10 units weighed 126.4 kg (12.5 kg a unit by the ratio)
        the way a scale integration does, and return the lot's stock."""
        rpc = self._rpc("pi_catch_rpc_user")
        stock = self.warehouse.lot_stock_id
        supplier = self.env.ref("stock.stock_location_suppliers")
        picking_id = rpc(
            "stock.picking",
            "create",
            [
                {
                    "picking_type_id": self.warehouse.in_type_id.id,
                    "location_id": supplier.id,
                    "location_dest_id": stock.id,
                    "move_ids": [
                        (
                            0,
                            0,
                            {
                                "name": self.product.name,
                                "product_id": self.product.id,
                                "product_uom": self.product.uom_id.id,
                                "product_uom_qty": 10.0,
                                "location_id": supplier.id,
                                "location_dest_id": stock.id,
                            },
                        )
                    ],
                }
            ],
        )
        rpc("stock.picking", "action_confirm", [[picking_id]])
        [picking] = rpc("stock.picking", "read", [[picking_id], ["move_line_ids"]])
        rpc(
            "stock.move.line",
            "write",
            [
                picking["move_line_ids"],
                {**lot_values, "quantity": 10.0, "secondary_quantity": 126.4},
            ],
        )
        [line] = rpc(
            "stock.move.line",
            "read",
            [picking["move_line_ids"], ["secondary_quantity", "move_id"]],
        )
        self.assertAlmostEqual(line["secondary_quantity"], 126.4)
        rpc("stock.move", "write", [[line["move_id"][0]], {"picked": True}])
        rpc("stock.picking", "button_validate", [[picking_id]])
        return self.env["stock.quant"].search(
            [("product_id", "=", self.product.id), ("location_id", "=", stock.id)]
        )

    def test_weight_kept_for_an_existing_lot(self):
        lot = self.env["stock.lot"].create(
            {"name": "RPC-F-OLD", "product_id": self.product.id}
        )
        quant = self._receive({"lot_id": lot.id})
        self.assertEqual(quant.lot_id, lot)
        self.assertAlmostEqual(quant.secondary_quantity, 126.4)

    def test_weight_kept_for_a_new_lot_named_on_the_line(self):
        quant = self._receive({"lot_name": "RPC-F-NEW"})
        self.assertEqual(quant.lot_id.name, "RPC-F-NEW")
        self.assertAlmostEqual(quant.secondary_quantity, 126.4)
        line = self.env["stock.move.line"].search([("lot_id", "=", quant.lot_id.id)])
        self.assertAlmostEqual(line.secondary_quantity, 126.4)
        self.assertTrue(line.is_secondary_quantity_entered)

    def test_weight_kept_for_a_new_lot_created_with_the_line(self):
        # One call, as an integration sends a weighed receipt: the line and
        # its new lot's name come with the picking.
        rpc = self._rpc("pi_catch_rpc_user")
        stock = self.warehouse.lot_stock_id
        supplier = self.env.ref("stock.stock_location_suppliers")
        line_values = {
            "product_id": self.product.id,
            "product_uom_id": self.product.uom_id.id,
            "location_id": supplier.id,
            "location_dest_id": stock.id,
            "lot_name": "RPC-F-ONE",
            "quantity": 10.0,
            "secondary_quantity": 126.4,
            "picked": True,
        }
        picking_id = rpc(
            "stock.picking",
            "create",
            [
                {
                    "picking_type_id": self.warehouse.in_type_id.id,
                    "location_id": supplier.id,
                    "location_dest_id": stock.id,
                    "move_ids": [
                        (
                            0,
                            0,
                            {
                                "name": self.product.name,
                                "product_id": self.product.id,
                                "product_uom": self.product.uom_id.id,
                                "product_uom_qty": 10.0,
                                "location_id": supplier.id,
                                "location_dest_id": stock.id,
                                "move_line_ids": [(0, 0, line_values)],
                            },
                        )
                    ],
                }
            ],
        )
        rpc("stock.picking", "button_validate", [[picking_id]])
        quant = self.env["stock.quant"].search(
            [("product_id", "=", self.product.id), ("location_id", "=", stock.id)]
        )
        self.assertEqual(quant.lot_id.name, "RPC-F-ONE")
        self.assertAlmostEqual(quant.secondary_quantity, 126.4)

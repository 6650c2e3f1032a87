from odoo import Command
from odoo.tests import tagged

from .inventory_flow_common import InventoryFlowCommon


@tagged("post_install", "-at_install")
class TestGenealogyWip(InventoryFlowCommon):
    """Issues to WIP and their consumption are one production step in the
    genealogy: raw lot -> produced lot, nothing between the issued lots."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Product = cls.env["product.product"]
        cls.bolt = Product.create(
            {"name": "Trace Bolt", "resource_type": "inventory", "tracking": "lot"}
        )
        cls.bracket = Product.create(
            {"name": "Trace Bracket", "resource_type": "inventory", "tracking": "lot"}
        )
        cls.bom = cls._make_bom(cls.bracket, [(cls.bolt, 2)])
        released = cls.env.ref("process_inventory.classification_released")
        cls.lot_a, cls.lot_b = cls.env["stock.lot"].create(
            [
                {
                    "name": name,
                    "product_id": cls.bolt.id,
                    "classification_id": released.id,
                }
                for name in ("TBOLT-A", "TBOLT-B")
            ]
        )
        for lot in (cls.lot_a, cls.lot_b):
            cls._set_stock(cls.bolt, cls.stock_location, 20, lot_id=lot)

    def _produce_through_wip(self):
        production = (
            self.env["mrp.production"]
            .with_user(self.stock_user)
            .create(
                {
                    "product_id": self.bracket.id,
                    "product_qty": 5,
                    "bom_id": self.bom.id,
                    "picking_type_id": self.warehouse.manu_type_id.id,
                }
            )
        )
        production.action_confirm()
        self.env["mrp.production.issue"].with_user(self.stock_user).create(
            {
                "production_id": production.id,
                "line_ids": [
                    Command.create(
                        {
                            "product_id": self.bolt.id,
                            "lot_id": lot.id,
                            "quantity": quantity,
                            "location_id": self.stock_location.id,
                        }
                    )
                    for lot, quantity in ((self.lot_a, 6), (self.lot_b, 4))
                ],
            }
        ).action_issue()
        self.env["mrp.production.receive"].with_user(self.stock_user).create(
            {"production_id": production.id, "lot_name": "TBRK-001"}
        ).action_receive()
        self.assertEqual(production.state, "done")
        return production.lot_producing_id

    def _lot_edges(self, lot, direction):
        result = (
            self.env["stock.lot.genealogy"]
            .with_user(self.stock_user)
            .trace("stock.lot", lot.id, direction=direction)
        )
        names = {node["key"]: node["name"] for node in result["nodes"]}
        return {
            (names[edge["source"]], names[edge["target"]], edge["kind"])
            for edge in result["edges"]
            if edge["source"].startswith("L") and edge["target"].startswith("L")
        }

    def test_forward_trace_of_an_issued_lot_reaches_the_product_only(self):
        produced = self._produce_through_wip()
        self.assertEqual(
            self._lot_edges(self.lot_a, "forward"),
            {("TBOLT-A", produced.name, "production")},
        )

    def test_backward_trace_of_the_product_reaches_each_issued_lot_once(self):
        produced = self._produce_through_wip()
        self.assertEqual(
            self._lot_edges(produced, "backward"),
            {
                ("TBOLT-A", produced.name, "production"),
                ("TBOLT-B", produced.name, "production"),
            },
        )

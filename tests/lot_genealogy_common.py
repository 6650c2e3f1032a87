from odoo import Command

from .common import ProcessInventoryCommon


class LotGenealogyCommon(ProcessInventoryCommon):
    """A multi-stage genealogy built the way users build it:

    PO1 (Supplier One) -> R1, PO2 (Supplier Two) -> R2
    MO1: R1 + R2 -> batch B (made before the premix tracked sub-lots);
    B split into sub-lots B-1, B-2 (``stock.lot._split_into_sub_lots``)
    MO2: B-1 -> F1; MO3: B-2 -> F2; MO4 (rework): F2 -> B-2 (a loop)
    D1: F1 -> Customer One, D2: F1 -> Customer Two, D3: F2 -> Customer One
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.wh = cls.env.ref("stock.warehouse0")
        cls.wh_stock = cls.wh.lot_stock_id
        Partner = cls.env["res.partner"]
        cls.supplier_1 = Partner.create({"name": "Gen Supplier One"})
        cls.supplier_2 = Partner.create({"name": "Gen Supplier Two"})
        cls.customer_1 = Partner.create({"name": "Gen Customer One"})
        cls.customer_2 = Partner.create({"name": "Gen Customer Two"})
        Product = cls.env["product.product"]
        values = {
            "resource_type": "inventory",
            "is_storable": True,
            "tracking": "lot",
            "uom_id": cls.uom_kg.id,
            "uom_po_id": cls.uom_kg.id,
        }
        cls.gen_raw = Product.create(dict(values, name="Gen Resin"))
        cls.gen_int = Product.create(dict(values, name="Gen Premix"))
        cls.gen_fin = Product.create(dict(values, name="Gen Coating"))
        cls.bom_int = cls._make_bom(cls.gen_int, [(cls.gen_raw, 1.0)])
        cls.bom_fin = cls._make_bom(cls.gen_fin, [(cls.gen_int, 1.0)])

        cls.r1, cls.po1 = cls._receive(cls.supplier_1, cls.gen_raw, "GEN-R1", 10)
        cls.r2, cls.po2 = cls._receive(cls.supplier_2, cls.gen_raw, "GEN-R2", 10)
        cls.b = cls._lot(cls.gen_int, "GEN-B")
        cls.mo1 = cls._produce(cls.bom_int, cls.b, 20, [(cls.r1, 10), (cls.r2, 10)])
        cls.gen_int.use_sub_lots = True
        cls.b1, cls.b2 = cls.b._split_into_sub_lots(
            [(10, cls.wh_stock, "GEN-B-1"), (10, cls.wh_stock, "GEN-B-2")]
        )
        cls.f1 = cls._lot(cls.gen_fin, "GEN-F1")
        cls.f2 = cls._lot(cls.gen_fin, "GEN-F2")
        cls.mo2 = cls._produce(cls.bom_fin, cls.f1, 10, [(cls.b1, 10)])
        cls.mo3 = cls._produce(cls.bom_fin, cls.f2, 10, [(cls.b2, 10)])
        cls.mo4 = cls._produce(None, cls.b2, 2, [(cls.f2, 2)])
        cls.d1, cls.so1 = cls._deliver(cls.customer_1, cls.f1, 4)
        cls.d2, cls.so2 = cls._deliver(cls.customer_2, cls.f1, 3)
        cls.d3, cls.so3 = cls._deliver(cls.customer_1, cls.f2, 5)

    @classmethod
    def _lot(cls, product, name, parent=None):
        return cls.env["stock.lot"].create(
            {
                "name": name,
                "product_id": product.id,
                "parent_lot_id": parent and parent.id,
            }
        )

    @classmethod
    def _receive(cls, partner, product, lot_name, quantity):
        order = cls.env["purchase.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_qty": quantity,
                            "price_unit": 2.0,
                        }
                    )
                ],
            }
        )
        order.button_confirm()
        lot = cls._lot(product, lot_name)
        picking = order.picking_ids
        picking.move_ids.move_line_ids.write({"lot_id": lot.id, "quantity": quantity})
        picking.move_ids.picked = True
        picking.button_validate()
        return lot, order

    @classmethod
    def _produce(cls, bom, lot, quantity, inputs, outputs=None):
        """Manufacture ``lot`` consuming ``inputs`` [(lot, qty)]; ``outputs``
        [(lot, qty)] records several output lots of the one run. Without a
        bill of materials it is a rework order: the inputs' product is the
        component (a BoM may not loop back on its product)."""
        production = cls.env["mrp.production"].create(
            {
                "product_id": bom.product_tmpl_id.product_variant_id.id
                if bom
                else lot.product_id.id,
                "bom_id": bom and bom.id,
                "product_qty": quantity,
            }
        )
        if not bom:
            component = inputs[0][0].product_id
            cls.env["stock.move"].create(
                production._get_move_raw_values(component, quantity, component.uom_id)
            )
        production.action_confirm()
        raw_move = production.move_raw_ids
        raw_move.move_line_ids.unlink()
        for consumed, consumed_qty in inputs:
            cls.env["stock.move.line"].create(
                {
                    "move_id": raw_move.id,
                    "product_id": raw_move.product_id.id,
                    "lot_id": consumed.id,
                    "quantity": consumed_qty,
                    "location_id": raw_move.location_id.id,
                    "location_dest_id": raw_move.location_dest_id.id,
                }
            )
        raw_move.picked = True
        raw_move.manual_consumption = True
        production.lot_producing_id = lot
        production.qty_producing = quantity
        production._set_qty_producing(False)
        production.button_mark_done()
        assert production.state == "done", production.state
        if outputs:
            # Odoo produces one lot per run: the shifts' sub-lots are recorded
            # by editing the produced lines of the done order, as users do.
            finished = production.move_finished_ids.filtered(
                lambda m: m.product_id == production.product_id
            )
            (first_lot, first_qty), *others = outputs
            finished.move_line_ids.write(
                {"lot_id": first_lot.id, "quantity": first_qty}
            )
            for produced, produced_qty in others:
                cls.env["stock.move.line"].create(
                    {
                        "move_id": finished.id,
                        "product_id": finished.product_id.id,
                        "lot_id": produced.id,
                        "quantity": produced_qty,
                        "location_id": finished.location_id.id,
                        "location_dest_id": finished.location_dest_id.id,
                    }
                )
        return production

    @classmethod
    def _deliver(cls, partner, lot, quantity):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create(
                        {"product_id": lot.product_id.id, "product_uom_qty": quantity}
                    )
                ],
            }
        )
        order.action_confirm()
        picking = order.picking_ids
        move = picking.move_ids
        move.move_line_ids.unlink()
        cls.env["stock.move.line"].create(
            {
                "move_id": move.id,
                "picking_id": picking.id,
                "product_id": move.product_id.id,
                "lot_id": lot.id,
                "quantity": quantity,
                "location_id": move.location_id.id,
                "location_dest_id": move.location_dest_id.id,
            }
        )
        move.picked = True
        picking.button_validate()
        assert picking.state == "done", picking.state
        return picking, order

    @staticmethod
    def _node_keys(result):
        return {node["key"] for node in result["nodes"]}

    @staticmethod
    def _edge_set(result):
        return {
            (edge["source"], edge["target"], edge["kind"], edge["document"])
            for edge in result["edges"]
        }

    @staticmethod
    def key(record):
        if record._name == "stock.lot":
            return f"L{record.id}"
        return record.id

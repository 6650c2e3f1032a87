from odoo import models

from ..input_checks import check_records


class StockLot(models.Model):
    _inherit = "stock.lot"

    def recall_deliveries(self):
        """Every delivery of anything made from these lots (forward genealogy).

        :return: list of dicts ``{"partner_id", "partner", "res_model",
            "res_id", "delivery", "sale_order_id", "sale_order", "lot_id",
            "lot", "product", "date", "quantity", "uom"}``, one per delivery
            and delivered lot
        """
        return self._recall("forward", "delivery", "target")

    def recall_purchases(self):
        """Every receipt behind these lots (backward genealogy): the
        suppliers and purchase orders of the raw materials.

        :return: list of dicts ``{"partner_id", "partner", "res_model",
            "res_id", "receipt", "purchase_order_id", "purchase_order",
            "lot_id", "lot", "product", "date", "quantity", "uom"}``
        """
        return self._recall("backward", "receipt", "source")

    def _recall(self, direction, kind, partner_end):
        genealogy = self.env["stock.lot.genealogy"]
        genealogy._check_trace_access()
        lots = check_records(self.env, self._name, list(self._ids), "lot ids")
        result = []
        for lot in lots:
            trace = genealogy.trace("stock.lot", lot.id, direction)
            nodes = {node["key"]: node for node in trace["nodes"]}
            lot_end = "source" if partner_end == "target" else "target"
            document = "delivery" if kind == "delivery" else "receipt"
            order = "sale_order" if kind == "delivery" else "purchase_order"
            for edge in trace["edges"]:
                if edge["kind"] != kind:
                    continue
                partner = nodes[edge[partner_end]]
                traced_lot = nodes[edge[lot_end]]
                row = {
                    "partner_id": partner["id"]
                    if partner["type"] in ("supplier", "customer")
                    else False,
                    "partner": partner["name"],
                    "res_model": edge["res_model"],
                    "res_id": edge["res_id"],
                    document: edge["document"],
                    f"{order}_id": edge["origin_id"] or False,
                    order: edge["origin"] or False,
                    "lot_id": traced_lot["id"],
                    "lot": traced_lot["name"],
                    "product": traced_lot["product"],
                    "date": edge["date"],
                    "quantity": edge["quantity"],
                    "uom": edge["uom"],
                }
                if row not in result:
                    result.append(row)
        return result

    def action_trace_forward(self):
        """Open the genealogy of this lot towards customers (recall)."""
        return self._action_trace("forward")

    def action_trace_backward(self):
        """Open the genealogy of this lot back to suppliers."""
        return self._action_trace("backward")

    def _action_trace(self, direction):
        self.ensure_one()
        trace = self.env["stock.lot.trace"].create(
            {"start_ref": f"stock.lot,{self.id}", "direction": direction}
        )
        return trace.action_trace()

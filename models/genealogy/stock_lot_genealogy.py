from datetime import datetime, time

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..input_checks import (
    check_choice,
    check_count,
    check_datetime,
    check_id,
)

DIRECTIONS = ("backward", "forward", "both")
START_MODELS = (
    "stock.lot",
    "purchase.order",
    "stock.picking",
    "mrp.production",
    "sale.order",
)


class StockLotGenealogy(models.AbstractModel):
    """Lot genealogy engine: walks lots, sub-lots, production runs, receipts and
    deliveries with one recursive SQL query (see ``trace``)."""

    _name = "stock.lot.genealogy"
    _description = "Lot Genealogy"

    # ------------------------------------------------------------------
    # Public API
    # ------------------------------------------------------------------
    @api.model
    def trace(
        self,
        start_model,
        start_id,
        direction="both",
        depth=None,
        date_from=None,
        date_to=None,
    ):
        """Genealogy of a lot, purchase order, receipt / delivery (picking),
        manufacturing order or sales order.

        :param start_model: ``stock.lot``, ``purchase.order``, ``stock.picking``,
            ``mrp.production`` or ``sale.order``
        :param start_id: id of the start record
        :param direction: ``backward`` (towards raw materials, receipts and
            suppliers), ``forward`` (towards production, sub-lots, deliveries
            and customers) or ``both``
        :param depth: maximum number of edges from the start (0 / False:
            unlimited)
        :param date_from: only follow links dated on or after (``YYYY-MM-DD
            HH:MM:SS`` or date)
        :param date_to: only follow links dated on or before
        :return: a JSON- and XML-RPC-serialisable dict (missing values are
            ``False``)::

            {"start": {"model", "id", "name", "nodes": [node keys]},
             "direction", "depth", "date_from", "date_to",
             "nodes": [{"key": "L12" (lot) | "U7" (untracked move line) |
                        "S3" (supplier) | "C4" (customer) | "X9" (location),
                        "type": "lot" | "untracked" | "supplier" | "customer" |
                        "location", "id", "name", "depth" (edges from the
                        start, negative upstream), "product_id", "product",
                        "uom", "quantity_in", "quantity_on_hand",
                        "classification", "parent_lot_id", "create_date",
                        "manufacturing_date", "expiration_date",
                        "retest_date", "secondary_uom" (the product's second
                        unit), "secondary_quantity_in",
                        "secondary_quantity_on_hand"}],
             "edges": [{"source", "target" (node keys, in the direction the
                        material flows), "kind": "receipt" | "production" |
                        "split" | "delivery" | "return", "res_model", "res_id",
                        "document", "origin_model", "origin_id", "origin"
                        (purchase / sales order), "operation" (operation
                        type: the activity), "date", "quantity" (of the
                        source node carried by the link, product unit; of
                        the sub-lot for a split), "uom", "secondary_quantity"
                        (the same in the product's second unit),
                        "secondary_uom"}]}
        :raise AccessError: without the Inventory / User right
        :raise UserError: on an argument of the wrong type or value (the
            message names it)
        """
        self._check_trace_access()
        check_choice(self.env, direction, "direction", DIRECTIONS)
        depth = check_count(self.env, depth, "depth") or None
        date_from = check_datetime(self.env, date_from, "date_from")
        date_to = check_datetime(self.env, date_to, "date_to")
        start = self._trace_start(start_model, start_id)
        if isinstance(date_to, datetime) and date_to.time() == time():
            # a bare date means the whole day
            date_to = date_to.replace(hour=23, minute=59, second=59)
        directions = ("backward", "forward") if direction == "both" else (direction,)
        nodes, edges = self._trace_query(
            start["lot_ids"], start["line_ids"], directions, depth, date_from, date_to
        )
        result = {
            "start": {
                "model": start_model,
                "id": start_id,
                "name": start["name"],
                "nodes": [f"L{i}" for i in start["lot_ids"]]
                + [f"U{i}" for i in start["line_ids"]],
            },
            "direction": direction,
            "depth": depth,
            "date_from": date_from and fields.Datetime.to_string(date_from),
            "date_to": date_to and fields.Datetime.to_string(date_to),
            "nodes": nodes,
            "edges": edges,
        }
        # XML-RPC has no None: missing values are False, as everywhere in Odoo
        for item in [result, result["start"], *nodes, *edges]:
            for name, value in item.items():
                if value is None:
                    item[name] = False
        return result

    # ------------------------------------------------------------------
    # Start records
    # ------------------------------------------------------------------
    @api.model
    def _check_trace_access(self):
        """A trace reads lots, stock and partners of every document it
        crosses: inventory users only (a salesperson may read their orders,
        not the genealogy behind them)."""
        if not self.env.su and not self.env.user.has_group("stock.group_stock_user"):
            raise AccessError(
                self.env._(
                    "Only inventory users may trace lot genealogy (Inventory / "
                    "User rights)."
                )
            )

    @api.model
    def _trace_start(self, start_model, start_id):
        if not isinstance(start_model, str) or start_model not in START_MODELS:
            raise UserError(
                self.env._(
                    "A trace starts (start_model) from a lot, purchase order, "
                    "transfer, manufacturing order or sales order, not from "
                    "%(model)s.",
                    model=start_model,
                )
            )
        check_id(self.env, start_id, "start_id")
        record = self.env[start_model].browse(start_id).exists()
        if not record:
            raise UserError(
                self.env._(
                    "The trace start %(model)s #%(id)s (start_id) does not exist.",
                    model=start_model,
                    id=start_id,
                )
            )
        record.check_access("read")
        if start_model == "stock.lot":
            return {"name": record.display_name, "lot_ids": record.ids, "line_ids": []}
        if start_model in ("purchase.order", "sale.order"):
            lines = record.order_line.move_ids.move_line_ids
        elif start_model == "stock.picking":
            lines = record.move_line_ids
        else:
            lines = record.move_finished_ids.move_line_ids
        lines = lines.filtered(lambda line: line.state == "done")
        untracked = (
            lines.filtered(lambda line: not line.lot_id)
            if start_model == "mrp.production"
            else lines.browse()
        )
        return {
            "name": record.display_name,
            "lot_ids": sorted(set(lines.lot_id.ids)),
            "line_ids": sorted(untracked.ids),
        }

    # ------------------------------------------------------------------
    # Result rows
    # ------------------------------------------------------------------
    @api.model
    def _trace_result(self, rows):
        def stamp(value):
            return value and fields.Datetime.to_string(value)

        def number(value):
            return None if value is None else float(value)

        nodes, edges = [], []
        for row in rows:
            if row[0] == "node":
                (_, key, depth, node_type, rec_id, name, product_id, product, uom) = (
                    row[:9]
                )
                nodes.append(
                    {
                        "key": key,
                        "type": node_type,
                        "id": rec_id,
                        "name": name,
                        "depth": depth,
                        "product_id": product_id,
                        "product": product,
                        "uom": uom,
                        "quantity_in": number(row[9]),
                        "quantity_on_hand": number(row[10]),
                        "classification": row[11],
                        "parent_lot_id": row[12],
                        "create_date": stamp(row[13]),
                        "expiration_date": stamp(row[14]),
                        "secondary_uom": row[22],
                        "secondary_quantity_in": number(row[23]),
                        "secondary_quantity_on_hand": number(row[24]),
                        "manufacturing_date": stamp(row[25]),
                        "retest_date": stamp(row[26]),
                    }
                )
            else:
                edges.append(
                    {
                        "source": row[1],
                        "target": row[15],
                        "kind": row[3],
                        "res_model": row[16],
                        "res_id": row[4],
                        "document": row[5],
                        "origin_model": row[17],
                        "origin_id": row[18],
                        "origin": row[19],
                        "operation": row[20],
                        "date": stamp(row[13]),
                        "quantity": number(row[9]),
                        "uom": row[8],
                        "secondary_quantity": number(row[23]),
                        "secondary_uom": row[22],
                    }
                )
        nodes.sort(key=lambda node: (node["depth"], node["name"] or "", node["key"]))
        edges.sort(
            key=lambda edge: (edge["date"] or "", edge["source"], edge["target"])
        )
        return nodes, edges

from datetime import datetime, time

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

DIRECTIONS = ("backward", "forward", "both")
START_MODELS = (
    "stock.lot",
    "purchase.order",
    "stock.picking",
    "mrp.production",
    "sale.order",
)
# Location usages a lot leaves the plant to / enters it from: their edges end
# at a partner (supplier or customer) node and the walk stops there.
PARTNER_USAGES = ("supplier", "customer")


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
        """
        self.env["stock.move.line"].check_access("read")
        if direction not in DIRECTIONS:
            raise UserError(
                self.env._(
                    "Unknown trace direction %(direction)s: use backward, "
                    "forward or both.",
                    direction=direction,
                )
            )
        start = self._trace_start(start_model, start_id)
        date_from = fields.Datetime.to_datetime(date_from) if date_from else None
        date_to = fields.Datetime.to_datetime(date_to) if date_to else None
        if isinstance(date_to, datetime) and date_to.time() == time():
            # a bare date means the whole day
            date_to = date_to.replace(hour=23, minute=59, second=59)
        depth = depth or None
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
    def _trace_start(self, start_model, start_id):
        if start_model not in START_MODELS:
            raise UserError(
                self.env._(
                    "A trace starts from a lot, purchase order, transfer, "
                    "manufacturing order or sales order, not from %(model)s.",
                    model=start_model,
                )
            )
        record = self.env[start_model].browse(start_id).exists()
        if not record:
            raise UserError(
                self.env._(
                    "The trace start %(model)s #%(id)s does not exist.",
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
    # The query
    # ------------------------------------------------------------------
    @api.model
    def _links_sql(self):
        """Input line -> output line of production runs and unbuilds. An output
        line with an allocation follows it instead of Odoo's all-to-all link.
        In ``stock_move_line_consume_rel`` the ``consume_line_id`` column holds
        the output line and ``produce_line_id`` the input (Many2many column
        order of ``consume_line_ids``)."""
        return SQL(
            """(SELECT a.consume_line_id AS input_id, a.produce_line_id AS output_id
                  FROM stock_move_line_allocation_rel a
                UNION ALL
                SELECT r.produce_line_id, r.consume_line_id
                  FROM stock_move_line_consume_rel r
                 WHERE NOT EXISTS (
                       SELECT 1 FROM stock_move_line_allocation_rel a
                        WHERE a.produce_line_id = r.consume_line_id))"""
        )

    @api.model
    def _walk_edges_sql(self, forward, lots, lines, window):
        """Next nodes (lot id or untracked line id) reachable in one step from
        the frontier arrays ``lots`` / ``lines``."""
        companies = self.env.companies.ids
        near, far = ("c", "p") if forward else ("p", "c")
        if forward:
            split = SQL(
                """SELECT child.id AS next_lot, NULL::int AS next_line
                     FROM stock_lot child
                    WHERE child.parent_lot_id = ANY(%(lots)s)
                      AND (child.company_id IS NULL
                           OR child.company_id = ANY(%(companies)s))
                      AND %(window)s""",
                lots=lots,
                companies=companies,
                window=window(SQL("child.create_date")),
            )
        else:
            split = SQL(
                """SELECT child.parent_lot_id, NULL::int
                     FROM stock_lot child
                    WHERE child.id = ANY(%(lots)s)
                      AND child.parent_lot_id IS NOT NULL
                      AND %(window)s""",
                lots=lots,
                window=window(SQL("child.create_date")),
            )
        return SQL(
            """SELECT %(far)s.lot_id AS next_lot,
                      CASE WHEN %(far)s.lot_id IS NULL THEN %(far)s.id END AS next_line
                 FROM stock_move_line %(near)s
                 JOIN %(links)s l ON l.%(near_col)s = %(near)s.id
                 JOIN stock_move_line %(far)s ON %(far)s.id = l.%(far_col)s
                WHERE (%(near)s.lot_id = ANY(%(lots)s) OR %(near)s.id = ANY(%(lines)s))
                  AND c.state = 'done' AND p.state = 'done'
                  AND %(near)s.company_id = ANY(%(companies)s)
                  AND %(window)s
               UNION ALL
               %(split)s
               UNION ALL
               SELECT %(chain_far)s.lot_id, NULL::int
                 FROM %(chain)s""",
            far=SQL.identifier(far),
            near=SQL.identifier(near),
            near_col=SQL.identifier("input_id" if forward else "output_id"),
            far_col=SQL.identifier("output_id" if forward else "input_id"),
            links=self._links_sql(),
            lots=lots,
            lines=lines,
            companies=companies,
            window=window(SQL("p.date")),
            split=split,
            chain=self._split_chain_sql(window, forward, lots),
            chain_far=SQL.identifier("li" if forward else "lo"),
        )

    @api.model
    def _full_edges_sql(self, forward, lots, lines, window):
        """Every edge leaving (forward) or entering (backward) the expanded
        nodes, one row per move line, with its document."""
        companies = self.env.companies.ids
        near = "c" if forward else "p"

        def node_key(alias):
            return SQL(
                "CASE WHEN %(t)s.lot_id IS NOT NULL THEN 'L' || %(t)s.lot_id "
                "ELSE 'U' || %(t)s.id END",
                t=SQL.identifier(alias),
            )

        production = SQL(
            """SELECT %(c_key)s AS source, %(p_key)s AS target,
                      'production' AS kind,
                      CASE WHEN pm.production_id IS NOT NULL THEN 'mrp.production'
                           ELSE 'mrp.unbuild' END AS res_model,
                      COALESCE(pm.production_id, pm.unbuild_id) AS res_id,
                      c.id AS line_id, p.date AS date,
                      c.quantity_product_uom AS quantity,
                      c.secondary_quantity AS secondary_quantity,
                      NULL::varchar AS origin_model, NULL::int AS origin_id,
                      mp.picking_type_id AS picking_type_id,
                      c.product_id AS product_id
                 FROM stock_move_line c
                 JOIN %(links)s l ON l.input_id = c.id
                 JOIN stock_move_line p ON p.id = l.output_id
                 JOIN stock_move pm ON pm.id = p.move_id
                 LEFT JOIN mrp_production mp ON mp.id = pm.production_id
                WHERE (%(near)s.lot_id = ANY(%(lots)s) OR %(near)s.id = ANY(%(lines)s))
                  AND c.state = 'done' AND p.state = 'done'
                  AND %(near)s.company_id = ANY(%(companies)s)
                  AND %(window_p)s""",
            c_key=node_key("c"),
            p_key=node_key("p"),
            links=self._links_sql(),
            near=SQL.identifier(near),
            lots=lots,
            lines=lines,
            companies=companies,
            window_p=window(SQL("p.date")),
        )
        if forward:
            split = SQL(
                """SELECT 'L' || child.parent_lot_id, 'L' || child.id, 'split',
                          'stock.lot', child.id, NULL::int, child.create_date,
                          NULL::numeric, NULL::numeric, NULL::varchar, NULL::int,
                          NULL::int, child.product_id
                     FROM stock_lot child
                    WHERE child.parent_lot_id = ANY(%(lots)s)
                      AND (child.company_id IS NULL
                           OR child.company_id = ANY(%(companies)s))
                      AND %(window)s""",
                lots=lots,
                companies=companies,
                window=window(SQL("child.create_date")),
            )
            partner_usage = SQL("dst.usage")
            other_usage = SQL("src.usage")
        else:
            split = SQL(
                """SELECT 'L' || child.parent_lot_id, 'L' || child.id, 'split',
                          'stock.lot', child.id, NULL::int, child.create_date,
                          NULL::numeric, NULL::numeric, NULL::varchar, NULL::int,
                          NULL::int, child.product_id
                     FROM stock_lot child
                    WHERE child.id = ANY(%(lots)s)
                      AND child.parent_lot_id IS NOT NULL
                      AND %(window)s""",
                lots=lots,
                window=window(SQL("child.create_date")),
            )
            partner_usage = SQL("src.usage")
            other_usage = SQL("dst.usage")
        partner_key = SQL(
            """CASE WHEN partner.id IS NULL
                    THEN 'X' || %(loc)s
                    WHEN %(usage)s = 'supplier'
                    THEN 'S' || partner.commercial_partner_id
                    ELSE 'C' || partner.commercial_partner_id END""",
            loc=SQL("m.location_dest_id" if forward else "m.location_id"),
            usage=partner_usage,
        )
        lot_key = SQL("'L' || m.lot_id")
        partner = SQL(
            """SELECT %(source)s, %(target)s,
                      CASE WHEN src.usage = 'supplier' THEN 'receipt'
                           WHEN dst.usage = 'customer' THEN 'delivery'
                           ELSE 'return' END,
                      CASE WHEN m.picking_id IS NOT NULL THEN 'stock.picking'
                           ELSE 'stock.move' END,
                      COALESCE(m.picking_id, m.move_id),
                      m.id, m.date, m.quantity_product_uom, m.secondary_quantity,
                      CASE WHEN pol.order_id IS NOT NULL THEN 'purchase.order'
                           WHEN sol.order_id IS NOT NULL THEN 'sale.order' END,
                      COALESCE(pol.order_id, sol.order_id),
                      COALESCE(pk.picking_type_id, mv.picking_type_id),
                      m.product_id
                 FROM stock_move_line m
                 JOIN stock_location src ON src.id = m.location_id
                 JOIN stock_location dst ON dst.id = m.location_dest_id
                 JOIN stock_move mv ON mv.id = m.move_id
                 LEFT JOIN stock_picking pk ON pk.id = m.picking_id
                 LEFT JOIN purchase_order_line pol ON pol.id = mv.purchase_line_id
                 LEFT JOIN sale_order_line sol ON sol.id = mv.sale_line_id
                 LEFT JOIN res_partner partner
                        ON partner.id = COALESCE(pk.partner_id, mv.partner_id)
                WHERE m.lot_id = ANY(%(lots)s)
                  AND m.state = 'done'
                  AND m.company_id = ANY(%(companies)s)
                  AND %(partner_usage)s IN %(usages)s
                  AND %(other_usage)s NOT IN %(usages)s
                  AND %(window)s""",
            source=lot_key if forward else partner_key,
            target=partner_key if forward else lot_key,
            lots=lots,
            companies=companies,
            partner_usage=partner_usage,
            other_usage=other_usage,
            usages=PARTNER_USAGES,
            window=window(SQL("m.date")),
        )
        chain = SQL(
            """SELECT 'L' || lo.lot_id, 'L' || li.lot_id, 'split', 'stock.lot',
                      li.lot_id, li.id, li.date, li.quantity_product_uom,
                      li.secondary_quantity, NULL::varchar, NULL::int, NULL::int,
                      li.product_id
                 FROM %(chain)s""",
            chain=self._split_chain_sql(window, forward, lots),
        )
        return SQL(
            "%s UNION ALL %s UNION ALL %s UNION ALL %s",
            production,
            split,
            chain,
            partner,
        )

    @api.model
    def _split_chain_sql(self, window, forward, lots):
        """FROM / WHERE of lot splits recorded as moves
        (``stock.lot._split_into_sub_lots``) leaving (forward) or entering
        (backward) the lots ``lots``: the lot's line ``lo`` leaves through an
        inventory location and the chained move's line ``li`` brings in
        another lot, e.g. a sub-lot split into sibling sub-lots, which
        ``parent_lot_id`` alone cannot tell."""
        return SQL(
            """stock_move_line lo
                 JOIN stock_location lx ON lx.id = lo.location_dest_id
                 JOIN stock_move_move_rel mr ON mr.move_orig_id = lo.move_id
                 JOIN stock_move_line li ON li.move_id = mr.move_dest_id
                WHERE %(near)s.lot_id = ANY(%(lots)s)
                  AND lx.usage = 'inventory'
                  AND lo.state = 'done' AND li.state = 'done'
                  AND li.lot_id IS NOT NULL
                  AND li.lot_id <> lo.lot_id
                  AND lo.company_id = ANY(%(companies)s)
                  AND %(window)s""",
            near=SQL.identifier("lo" if forward else "li"),
            lots=lots,
            companies=self.env.companies.ids,
            window=window(SQL("li.date")),
        )

    @api.model
    def _trace_query(self, lot_ids, line_ids, directions, depth, date_from, date_to):
        """Run the one query: a breadth-first recursive walk per direction whose
        row is a whole level (frontier and visited arrays), so that rework
        loops end and every node is expanded once, then every edge of the
        expanded nodes and the node details."""

        def window(column):
            return SQL(
                "(%(from)s::timestamp IS NULL OR %(col)s >= %(from)s::timestamp)"
                " AND (%(to)s::timestamp IS NULL OR %(col)s <= %(to)s::timestamp)",
                col=column,
                **{"from": date_from, "to": date_to},
            )

        ctes = []
        edge_selects = []
        node_selects = []
        for direction in directions:
            forward = direction == "forward"
            sign = 1 if forward else -1
            walk = SQL.identifier(f"walk_{direction}")
            expanded = SQL.identifier(f"expanded_{direction}")
            step = self._walk_edges_sql(forward, SQL("w.lots"), SQL("w.lines"), window)
            ctes.append(
                SQL(
                    """%(walk)s(depth, lots, lines, seen_lots, seen_lines) AS (
                        SELECT 0, %(lot_ids)s::int[], %(line_ids)s::int[],
                               %(lot_ids)s::int[], %(line_ids)s::int[]
                        UNION ALL
                        SELECT w.depth + 1, n.lots, n.lines,
                               w.seen_lots || n.lots, w.seen_lines || n.lines
                          FROM %(walk)s w
                          CROSS JOIN LATERAL (
                              SELECT COALESCE(array_agg(DISTINCT e.next_lot) FILTER (
                                         WHERE e.next_lot IS NOT NULL
                                           AND e.next_lot <> ALL(w.seen_lots)),
                                         '{}') AS lots,
                                     COALESCE(array_agg(DISTINCT e.next_line) FILTER (
                                         WHERE e.next_line IS NOT NULL
                                           AND e.next_line <> ALL(w.seen_lines)),
                                         '{}') AS lines
                                FROM (%(step)s) e
                          ) n
                         WHERE cardinality(w.lots) + cardinality(w.lines) > 0
                           AND (%(depth)s::int IS NULL OR w.depth < %(depth)s::int)
                    ),
                    %(expanded)s AS (
                        SELECT COALESCE(array_agg(lot), '{}') AS lots,
                               COALESCE(array_agg(line), '{}') AS lines
                          FROM (SELECT unnest(w.lots) AS lot, NULL::int AS line
                                  FROM %(walk)s w
                                 WHERE %(depth)s::int IS NULL
                                    OR w.depth < %(depth)s::int
                                UNION ALL
                                SELECT NULL, unnest(w.lines)
                                  FROM %(walk)s w
                                 WHERE %(depth)s::int IS NULL
                                    OR w.depth < %(depth)s::int
                               ) x
                    )""",
                    walk=walk,
                    expanded=expanded,
                    lot_ids=lot_ids,
                    line_ids=line_ids,
                    step=step,
                    depth=depth,
                )
            )
            edges = self._full_edges_sql(
                forward,
                SQL("(SELECT lots FROM %s)::int[]", expanded),
                SQL("(SELECT lines FROM %s)::int[]", expanded),
                window,
            )
            edge_selects.append(SQL("SELECT %s AS sign, e.* FROM (%s) e", sign, edges))
            node_selects.append(
                SQL(
                    """SELECT 'L' || unnest(w.lots) AS key, %(sign)s * w.depth AS depth
                         FROM %(walk)s w
                       UNION ALL
                       SELECT 'U' || unnest(w.lines), %(sign)s * w.depth
                         FROM %(walk)s w""",
                    sign=sign,
                    walk=walk,
                )
            )
        lang = self.env.lang or "en_US"

        def tr(column):
            return SQL(
                "COALESCE(%(col)s->>%(lang)s, %(col)s->>'en_US')", col=column, lang=lang
            )

        query = SQL(
            """WITH RECURSIVE %(ctes)s,
            raw_edges AS (%(edges)s),
            edges AS (
                SELECT source, target, kind, res_model, res_id,
                       origin_model, origin_id, picking_type_id, product_id,
                       MAX(date) AS date, SUM(quantity) AS quantity,
                       SUM(secondary_quantity) AS secondary_quantity
                  FROM (SELECT DISTINCT ON (source, target, kind, res_model, res_id,
                                           line_id)
                               *
                          FROM raw_edges) d
                 GROUP BY source, target, kind, res_model, res_id,
                          origin_model, origin_id, picking_type_id, product_id
            ),
            walked AS (%(nodes)s),
            node_depth AS (
                SELECT key, depth FROM (
                    SELECT key, depth,
                           row_number() OVER (PARTITION BY key
                                              ORDER BY abs(depth), depth)
                               AS rn
                      FROM (SELECT key, depth FROM walked
                            UNION ALL
                            SELECT e.target, d.depth + 1
                              FROM edges e JOIN walked d ON d.key = e.source
                             WHERE d.depth >= 0 AND e.target !~ '^[LU]'
                            UNION ALL
                            SELECT e.source, d.depth - 1
                              FROM edges e JOIN walked d ON d.key = e.target
                             WHERE d.depth <= 0 AND e.source !~ '^[LU]') a
                ) r WHERE rn = 1
            ),
            lot_nodes AS (
                SELECT nd.key, nd.depth, lot.id AS lot_id FROM node_depth nd
                  JOIN stock_lot lot ON nd.key = 'L' || lot.id
                 WHERE lot.id = ANY(ARRAY(SELECT substr(key, 2)::int FROM node_depth
                                           WHERE left(key, 1) = 'L'))
            ),
            quantities AS (
                SELECT q.lot_id, SUM(q.quantity) AS on_hand,
                       SUM(q.secondary_quantity) AS secondary_on_hand
                  FROM stock_quant q JOIN stock_location ql ON ql.id = q.location_id
                 WHERE q.lot_id IN (SELECT lot_id FROM lot_nodes)
                   AND ql.usage IN ('internal', 'transit')
                 GROUP BY q.lot_id
            ),
            inflows AS (
                SELECT m.lot_id, SUM(m.quantity_product_uom) AS qty_in,
                       SUM(m.secondary_quantity) AS secondary_in
                  FROM stock_move_line m
                  JOIN stock_location s ON s.id = m.location_id
                  JOIN stock_location d ON d.id = m.location_dest_id
                 WHERE m.lot_id IN (SELECT lot_id FROM lot_nodes)
                   AND m.state = 'done'
                   AND s.usage NOT IN ('internal', 'transit')
                   AND d.usage IN ('internal', 'transit')
                 GROUP BY m.lot_id
            )
            SELECT 'node', ln.key, ln.depth, 'lot', lot.id, lot.name,
                   pp.id, CASE WHEN pp.default_code IS NOT NULL
                               THEN '[' || pp.default_code || '] ' ELSE '' END
                          || %(tmpl_name)s,
                   %(uom_name)s, COALESCE(i.qty_in, 0), COALESCE(q.on_hand, 0),
                   %(classification)s, lot.parent_lot_id, lot.create_date,
                   lot.expiration_date, NULL, NULL, NULL, NULL::int, NULL, NULL, NULL,
                   %(secondary_uom_name)s,
                   CASE WHEN pt.secondary_uom_id IS NOT NULL
                        THEN COALESCE(i.secondary_in, 0) END,
                   CASE WHEN pt.secondary_uom_id IS NOT NULL
                        THEN COALESCE(q.secondary_on_hand, 0) END,
                   lot.manufacturing_date, lot.retest_date
              FROM lot_nodes ln
              JOIN stock_lot lot ON lot.id = ln.lot_id
              JOIN product_product pp ON pp.id = lot.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              JOIN uom_uom uom ON uom.id = pt.uom_id
              LEFT JOIN uom_uom suom ON suom.id = pt.secondary_uom_id
              LEFT JOIN stock_lot_classification cl ON cl.id = lot.classification_id
              LEFT JOIN quantities q ON q.lot_id = lot.id
              LEFT JOIN inflows i ON i.lot_id = lot.id
            UNION ALL
            SELECT 'node', nd.key, nd.depth, 'untracked', m.id,
                   COALESCE(mv.reference, ''),
                   pp.id, CASE WHEN pp.default_code IS NOT NULL
                               THEN '[' || pp.default_code || '] ' ELSE '' END
                          || %(tmpl_name)s,
                   %(uom_name)s, m.quantity_product_uom, NULL, NULL, NULL, m.date,
                   NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                   %(secondary_uom_name)s,
                   CASE WHEN pt.secondary_uom_id IS NOT NULL
                        THEN m.secondary_quantity END,
                   NULL, NULL, NULL
              FROM node_depth nd
              JOIN stock_move_line m ON nd.key = 'U' || m.id
              JOIN stock_move mv ON mv.id = m.move_id
              JOIN product_product pp ON pp.id = m.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              JOIN uom_uom uom ON uom.id = pt.uom_id
              LEFT JOIN uom_uom suom ON suom.id = pt.secondary_uom_id
             WHERE m.id = ANY(ARRAY(SELECT substr(key, 2)::int FROM node_depth
                                     WHERE left(key, 1) = 'U'))
            UNION ALL
            SELECT 'node', nd.key, nd.depth,
                   CASE WHEN left(nd.key, 1) = 'S' THEN 'supplier' ELSE 'customer' END,
                   partner.id, partner.name, NULL, NULL, NULL, NULL, NULL, NULL,
                   NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                   NULL, NULL, NULL, NULL, NULL
              FROM node_depth nd
              JOIN res_partner partner ON partner.id = substr(nd.key, 2)::int
             WHERE nd.key ~ '^[SC]'
            UNION ALL
            SELECT 'node', nd.key, nd.depth, 'location', loc.id, loc.complete_name,
                   NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                   NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
              FROM node_depth nd
              JOIN stock_location loc ON loc.id = substr(nd.key, 2)::int
             WHERE left(nd.key, 1) = 'X'
            UNION ALL
            SELECT 'edge', e.source, NULL, e.kind, e.res_id,
                   COALESCE(pk.name, mp.name, ub.name, sl.name, sm.reference),
                   NULL, NULL, %(uom_name)s,
                   CASE WHEN e.kind = 'split' THEN COALESCE(e.quantity, si.qty_in)
                        ELSE e.quantity END,
                   NULL, NULL, NULL, e.date,
                   NULL, e.target, e.res_model, e.origin_model, e.origin_id,
                   COALESCE(po.name, so.name), %(operation)s, NULL,
                   %(secondary_uom_name)s,
                   CASE WHEN pt.secondary_uom_id IS NULL THEN NULL
                        WHEN e.kind = 'split'
                        THEN COALESCE(e.secondary_quantity, si.secondary_in, 0)
                        ELSE COALESCE(e.secondary_quantity, 0) END,
                   NULL, NULL, NULL
              FROM edges e
              LEFT JOIN inflows si
                     ON e.kind = 'split' AND e.target = 'L' || si.lot_id
              LEFT JOIN stock_picking pk
                     ON e.res_model = 'stock.picking' AND pk.id = e.res_id
              LEFT JOIN stock_move sm ON e.res_model = 'stock.move' AND sm.id = e.res_id
              LEFT JOIN mrp_production mp
                     ON e.res_model = 'mrp.production' AND mp.id = e.res_id
              LEFT JOIN mrp_unbuild ub
                     ON e.res_model = 'mrp.unbuild' AND ub.id = e.res_id
              LEFT JOIN stock_lot sl ON e.res_model = 'stock.lot' AND sl.id = e.res_id
              LEFT JOIN purchase_order po
                     ON e.origin_model = 'purchase.order' AND po.id = e.origin_id
              LEFT JOIN sale_order so
                     ON e.origin_model = 'sale.order' AND so.id = e.origin_id
              LEFT JOIN stock_picking_type spt ON spt.id = e.picking_type_id
              LEFT JOIN product_product pp ON pp.id = e.product_id
              LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
              LEFT JOIN uom_uom uom ON uom.id = pt.uom_id
              LEFT JOIN uom_uom suom ON suom.id = pt.secondary_uom_id
            """,
            ctes=SQL(", ").join(ctes),
            edges=SQL(" UNION ALL ").join(edge_selects),
            nodes=SQL(" UNION ALL ").join(node_selects),
            tmpl_name=tr(SQL("pt.name")),
            uom_name=tr(SQL("uom.name")),
            secondary_uom_name=tr(SQL("suom.name")),
            classification=tr(SQL("cl.name")),
            operation=tr(SQL("spt.name")),
        )
        self.env.flush_all()
        self.env.cr.execute(query)
        return self._trace_result(self.env.cr.fetchall())

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

    # ------------------------------------------------------------------
    # Presentation helpers (tree paths and picture)
    # ------------------------------------------------------------------
    @api.model
    def _trace_tree(self, trace, limit=1000):
        """Unfold the genealogy into trees, one per direction and start node:
        list of ``(direction, level, node_key, edge, parent_index, is_loop)``
        in depth-first order. A node already on the path is listed once more
        as a loop and not unfolded again."""
        directions = (
            ("backward", "forward")
            if trace["direction"] == "both"
            else (trace["direction"],)
        )
        children = {"forward": {}, "backward": {}}
        for edge in trace["edges"]:
            children["forward"].setdefault(edge["source"], []).append(
                (edge["target"], edge)
            )
            children["backward"].setdefault(edge["target"], []).append(
                (edge["source"], edge)
            )
        rows = []
        for direction in directions:
            for start in trace["start"]["nodes"]:
                stack = [(start, None, None, 0, (start,))]
                while stack and len(rows) < limit:
                    key, edge, parent, level, path = stack.pop()
                    is_loop = edge is not None and key in path[:-1]
                    rows.append((direction, level, key, edge, parent, is_loop))
                    if is_loop:
                        continue
                    index = len(rows) - 1
                    for child, child_edge in reversed(children[direction].get(key, [])):
                        stack.append(
                            (child, child_edge, index, level + 1, path + (child,))
                        )
        return rows

    @api.model
    def _trace_paths(self, trace, limit=500):
        """Every path of the unfolded trees in the direction material flows,
        as ``(node keys, edges)`` with ``edges[i]`` linking ``keys[i]`` to
        ``keys[i + 1]``."""
        rows = self._trace_tree(trace)
        has_child = {row[4] for row in rows if row[4] is not None}
        paths = []
        for index in range(len(rows)):
            if index in has_child:
                continue
            chain = []
            current = index
            while current is not None:
                direction, _level, key, edge, parent, _loop = rows[current]
                chain.append((key, edge))
                current = parent
            keys = [key for key, _edge in chain]
            edges = [edge for _key, edge in chain]
            if direction == "forward":
                keys.reverse()
                edges = list(reversed(edges))[1:]
            else:
                edges = edges[:-1]
            paths.append((keys, edges))
            if len(paths) >= limit:
                break
        return paths

    @api.model
    def _quantity_label(self, item, field, secondary_field):
        """``"20 kg / 4 Drum"``: a node's or edge's quantity in its product's
        unit and, for a product with a second unit, in that one too."""
        value = item.get(field)
        if value is None or value is False:
            return ""
        label = f"{value:g} {item['uom'] or ''}".strip()
        if item.get("secondary_uom") and item.get(secondary_field) is not False:
            label += f" / {item[secondary_field] or 0.0:g} {item['secondary_uom']}"
        return label

    @api.model
    def _trace_svg(self, trace):
        """The genealogy as an SVG picture: one column per depth, material
        flowing from left to right, an arrow per edge labelled with its
        document."""
        nodes = trace["nodes"]
        if not nodes:
            return Markup("")
        box_w, box_h, col_w, row_h, margin = 190, 50, 280, 70, 30
        columns = {}
        for node in nodes:
            columns.setdefault(node["depth"], []).append(node)
        min_depth = min(columns)
        position = {}
        for depth, column in columns.items():
            for row, node in enumerate(column):
                position[node["key"]] = (
                    margin + (depth - min_depth) * col_w,
                    margin + 20 + row * row_h,
                )
        width = margin * 2 + (max(columns) - min_depth) * col_w + box_w
        height = margin * 2 + 20 + max(len(c) for c in columns.values()) * row_h
        colors = {
            "lot": "#e7f0fb",
            "supplier": "#fdf0d5",
            "customer": "#e2f5e4",
        }
        start_keys = set(trace["start"]["nodes"])
        parts = [
            Markup(
                '<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" '
                'viewBox="0 0 %s %s" font-family="sans-serif">'
                '<defs><marker id="pi_arrow" markerWidth="10" markerHeight="8" '
                'refX="9" refY="4" orient="auto"><path d="M0,0 L10,4 L0,8 z" '
                'fill="#555"/></marker></defs>'
            )
            % (width, height, width, height)
        ]
        for edge in trace["edges"]:
            if edge["source"] not in position or edge["target"] not in position:
                continue
            sx, sy = position[edge["source"]]
            tx, ty = position[edge["target"]]
            if tx > sx:
                x1, y1, x2, y2 = sx + box_w, sy + box_h / 2, tx, ty + box_h / 2
                path = f"M{x1},{y1} C{x1 + 45},{y1} {x2 - 45},{y2} {x2},{y2}"
                lx, ly = (x1 + x2) / 2, (y1 + y2) / 2 - 4
            else:
                # a loop (rework) or a link back to an earlier column
                x1, y1, x2, y2 = sx + box_w / 2 + 20, sy, tx + box_w / 2 - 20, ty
                top = min(y1, y2) - 18
                path = f"M{x1},{y1} C{x1},{top} {x2},{top} {x2},{y2}"
                lx, ly = (x1 + x2) / 2, top + 2
            parts.append(
                Markup(
                    '<path d="%s" fill="none" stroke="#555" stroke-width="1.3" '
                    'marker-end="url(#pi_arrow)"/>'
                    '<text x="%s" y="%s" font-size="9" fill="#333" '
                    'text-anchor="middle">%s</text>'
                )
                % (path, lx, ly, edge["document"] or edge["kind"])
            )
        for node in nodes:
            x, y = position[node["key"]]
            detail = node["product"] or node["type"].capitalize()
            quantities = (
                self._quantity_label(node, "quantity_in", "secondary_quantity_in")
                if node["type"] in ("lot", "untracked") and node["quantity_in"]
                else ""
            )
            parts.append(
                Markup(
                    '<g><rect x="%s" y="%s" width="%s" height="%s" rx="6" '
                    'fill="%s" stroke="%s" stroke-width="%s"/>'
                    '<text x="%s" y="%s" font-size="12" font-weight="bold">%s</text>'
                    '<text x="%s" y="%s" font-size="9" fill="#444">%s</text>'
                    '<text x="%s" y="%s" font-size="9" fill="#444">%s</text></g>'
                )
                % (
                    x,
                    y,
                    box_w,
                    box_h,
                    colors.get(node["type"], "#eeeeee"),
                    "#c0392b" if node["key"] in start_keys else "#7a8a99",
                    2.5 if node["key"] in start_keys else 1,
                    x + 8,
                    y + 17,
                    (node["name"] or "")[:26],
                    x + 8,
                    y + 31,
                    detail[:36],
                    x + 8,
                    y + 44,
                    quantities[:40],
                )
            )
        parts.append(Markup("</svg>"))
        return Markup("").join(parts)

from odoo import api, models
from odoo.tools import SQL


class StockLotGenealogy(models.AbstractModel):
    """The one recursive query of the trace, built from the step SQL."""

    _inherit = "stock.lot.genealogy"

    @api.model
    def _trace_query(self, lot_ids, line_ids, directions, depth, date_from, date_to):
        """Run the one query: a breadth-first recursive walk per direction whose
        row is a whole level (frontier and visited arrays), so that rework
        loops end and every node is expanded once, then every edge of the
        expanded nodes and the node details. The next frontier is the step's
        nodes less the visited ones as a set difference (hashed), not a
        comparison of every new node with every visited one."""

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
                              SELECT COALESCE(array_agg(e.next_lot) FILTER (
                                         WHERE e.next_lot IS NOT NULL), '{}') AS lots,
                                     COALESCE(array_agg(e.next_line) FILTER (
                                         WHERE e.next_line IS NOT NULL), '{}') AS lines
                                FROM (SELECT s.next_lot, s.next_line FROM (%(step)s) s
                                      EXCEPT
                                      SELECT unnest(w.seen_lots), NULL::int
                                      EXCEPT
                                      SELECT NULL::int, unnest(w.seen_lines)) e
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
            lot_nodes AS MATERIALIZED (
                SELECT key, depth, substr(key, 2)::int AS lot_id FROM node_depth
                 WHERE left(key, 1) = 'L'
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
              LEFT JOIN LATERAL (%(on_hand)s) q ON TRUE
              LEFT JOIN LATERAL (%(inflow)s) i ON TRUE
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
              JOIN stock_move_line m ON m.id = substr(nd.key, 2)::int
              JOIN stock_move mv ON mv.id = m.move_id
              JOIN product_product pp ON pp.id = m.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              JOIN uom_uom uom ON uom.id = pt.uom_id
              LEFT JOIN uom_uom suom ON suom.id = pt.secondary_uom_id
             WHERE left(nd.key, 1) = 'U'
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
              LEFT JOIN LATERAL (%(split_inflow)s) si ON TRUE
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
            on_hand=self._trace_on_hand_sql(SQL("lot.id")),
            inflow=self._trace_inflow_sql(SQL("lot.id")),
            split_inflow=self._trace_inflow_sql(
                SQL("CASE WHEN e.kind = 'split' THEN substr(e.target, 2)::int END")
            ),
            edges=SQL(" UNION ALL ").join(edge_selects),
            nodes=SQL(" UNION ALL ").join(node_selects),
            tmpl_name=tr(SQL("pt.name")),
            uom_name=tr(SQL("uom.name")),
            secondary_uom_name=tr(SQL("suom.name")),
            classification=tr(SQL("cl.name")),
            operation=tr(SQL("spt.name")),
        )
        self.env.flush_all()
        cr = self.env.cr
        # JIT compiling a big plan costs more than the trace itself; the
        # connection's own setting is back once the query has run.
        cr.execute(SQL("SET LOCAL jit = off; %s", query))
        rows = cr.fetchall()
        cr.execute("RESET jit")
        return self._trace_result(rows)

    @api.model
    def _trace_on_hand_sql(self, lot_id):
        """One row: the quantity on hand of lot ``lot_id`` (SQL) in both
        units, in the caller's companies only (a lot may be shared). Read
        per node through the lot's index, so that the cost grows with the
        nodes, whatever the planner estimates."""
        return SQL(
            """SELECT SUM(q.quantity) AS on_hand,
                      SUM(q.secondary_quantity) AS secondary_on_hand
                 FROM stock_quant q JOIN stock_location ql ON ql.id = q.location_id
                WHERE q.lot_id = %(lot_id)s
                  AND ql.usage IN ('internal', 'transit')
                  AND q.company_id = ANY(%(companies)s)""",
            lot_id=lot_id,
            companies=self.env.companies.ids,
        )

    @api.model
    def _trace_inflow_sql(self, lot_id):
        """One row: what came into stock on lot ``lot_id`` (SQL) from
        outside (received, produced), in both units."""
        return SQL(
            """SELECT SUM(m.quantity_product_uom) AS qty_in,
                      SUM(m.secondary_quantity) AS secondary_in
                 FROM stock_move_line m
                 JOIN stock_location s ON s.id = m.location_id
                 JOIN stock_location d ON d.id = m.location_dest_id
                WHERE m.lot_id = %(lot_id)s
                  AND m.state = 'done'
                  AND m.company_id = ANY(%(companies)s)
                  AND s.usage NOT IN ('internal', 'transit')
                  AND d.usage IN ('internal', 'transit')""",
            lot_id=lot_id,
            companies=self.env.companies.ids,
        )

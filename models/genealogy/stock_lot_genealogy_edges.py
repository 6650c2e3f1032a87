from odoo import api, models
from odoo.tools import SQL

# Location usages a lot leaves the plant to / enters it from: their edges end
# at a partner (supplier or customer) node and the walk stops there.
PARTNER_USAGES = ("supplier", "customer")


class StockLotGenealogy(models.AbstractModel):
    """The SQL of one trace step: production links, lot splits and partner
    moves, as the walk follows them and as the result lists them (edges)."""

    _inherit = "stock.lot.genealogy"

    # ------------------------------------------------------------------
    # Edges of one step: production links, lot splits, partners
    # ------------------------------------------------------------------
    @api.model
    def _links_sql(self):
        """Input line -> output line of production runs and unbuilds. An output
        line with an allocation follows it instead of Odoo's all-to-all link:
        the caller filters the Odoo links with ``_links_filter_sql``.
        In ``stock_move_line_consume_rel`` the ``consume_line_id`` column holds
        the output line and ``produce_line_id`` the input (Many2many column
        order of ``consume_line_ids``)."""
        # Both branches stay plain table scans, so that PostgreSQL can push the
        # join on the frontier's lines into each of them (index lookups): an
        # anti-join inside a branch made it scan the whole relation at every
        # level of the walk, whatever the size of the trace.
        return SQL(
            """(SELECT a.consume_line_id AS input_id, a.produce_line_id AS output_id,
                       TRUE AS is_allocation
                  FROM stock_move_line_allocation_rel a
                UNION ALL
                SELECT r.produce_line_id, r.consume_line_id, FALSE
                  FROM stock_move_line_consume_rel r)"""
        )

    @api.model
    def _links_filter_sql(self, links):
        """Keep an Odoo link of ``_links_sql`` only when its output line has
        no allocation, checked on the links the trace reached."""
        return SQL(
            """(%(l)s.is_allocation OR NOT EXISTS (
                    SELECT 1 FROM stock_move_line_allocation_rel ax
                     WHERE ax.produce_line_id = %(l)s.output_id))""",
            l=SQL.identifier(links),
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
                  AND %(allocated)s
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
            allocated=self._links_filter_sql("l"),
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
                  AND %(window_p)s
                  AND %(allocated)s""",
            c_key=node_key("c"),
            p_key=node_key("p"),
            links=self._links_sql(),
            allocated=self._links_filter_sql("l"),
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

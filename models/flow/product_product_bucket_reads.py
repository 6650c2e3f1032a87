from odoo import api, models
from odoo.tools import SQL, float_compare

from .product_product import OPEN_PRODUCTION_STATES


class ProductProduct(models.Model):
    """The set-based reads behind the flow buckets: sales demand, purchase
    supply, production, and the net demand exploded through the bills of
    materials."""

    _inherit = "product.product"

    @api.model
    def _flow_bom_ancestor_ids(self, products):
        """Ids of `products` and of every product whose bill of materials
        (of the current companies) uses one of them, at any level: one
        recursive query up the bills of materials."""
        if not products:
            return []
        self.env["mrp.bom"].flush_model(
            ["product_id", "product_tmpl_id", "company_id", "active"]
        )
        self.env["mrp.bom.line"].flush_model(["bom_id", "product_id"])
        self.env.cr.execute(
            SQL(
                """
                WITH RECURSIVE up(product_id) AS (
                    SELECT unnest(%(ids)s::int[])
                    UNION
                    SELECT pp.id
                      FROM up
                      JOIN mrp_bom_line bl ON bl.product_id = up.product_id
                      JOIN mrp_bom b ON b.id = bl.bom_id
                      JOIN product_product pp
                        ON pp.product_tmpl_id = b.product_tmpl_id
                       AND (b.product_id IS NULL OR b.product_id = pp.id)
                     WHERE b.active
                       AND (b.company_id IS NULL
                            OR b.company_id = ANY(%(companies)s))
                )
                SELECT product_id FROM up
                """,
                ids=products.ids,
                companies=self.env.companies.ids,
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _flow_read_sale_demand(self, warehouse, scope=None):
        warehouse_filter = (
            SQL("AND so.warehouse_id IN %s", tuple(warehouse.ids))
            if warehouse
            else SQL()
        )
        scope_filter = (
            SQL("AND sol.product_id = ANY(%s)", scope) if scope is not None else SQL()
        )
        self.env["sale.order.line"].flush_model(
            ["product_id", "product_uom", "product_uom_qty", "qty_delivered", "state"]
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT sol.product_id, sol.product_uom,
                       SUM(sol.product_uom_qty - sol.qty_delivered)
                  FROM sale_order_line sol
                  JOIN sale_order so ON so.id = sol.order_id
                 WHERE sol.state = 'sale'
                   AND sol.product_id IS NOT NULL
                   AND sol.product_uom_qty > sol.qty_delivered
                   AND sol.company_id IN %s
                   %s %s
              GROUP BY sol.product_id, sol.product_uom
                """,
                tuple(self.env.companies.ids),
                warehouse_filter,
                scope_filter,
            )
        )
        return self._flow_goods_rows(self.env.cr.fetchall())

    @api.model
    def _flow_read_purchase_supply(self, warehouse, states, scope=None):
        warehouse_filter = (
            SQL("AND spt.warehouse_id IN %s", tuple(warehouse.ids))
            if warehouse
            else SQL()
        )
        scope_filter = (
            SQL("AND pol.product_id = ANY(%s)", scope) if scope is not None else SQL()
        )
        self.env["purchase.order.line"].flush_model(
            ["product_id", "product_uom", "product_qty", "qty_received", "state"]
        )
        self.env["purchase.order"].flush_model(["picking_type_id"])
        self.env.cr.execute(
            SQL(
                """
                SELECT pol.product_id, pol.product_uom,
                       SUM(pol.product_qty - pol.qty_received)
                  FROM purchase_order_line pol
                  JOIN purchase_order po ON po.id = pol.order_id
             LEFT JOIN stock_picking_type spt ON spt.id = po.picking_type_id
                 WHERE pol.state IN %s
                   AND pol.product_id IS NOT NULL
                   AND pol.product_qty > pol.qty_received
                   AND pol.company_id IN %s
                   %s %s
              GROUP BY pol.product_id, pol.product_uom
                """,
                tuple(states),
                tuple(self.env.companies.ids),
                warehouse_filter,
                scope_filter,
            )
        )
        return self._flow_goods_rows(self.env.cr.fetchall())

    @api.model
    def _flow_goods_rows(self, rows):
        goods = set(
            self.browse({row[0] for row in rows})
            .filtered(lambda product: product.type == "consu")
            .ids
        )
        return [row for row in rows if row[0] in goods]

    @api.model
    def _flow_read_production(self, warehouse, quantities, companies, scope=None):
        """In production (finished moves of open manufacturing orders) and
        allocated (their components not yet issued to WIP), of the
        ``companies`` ids and the products `scope` (ids; None: all)."""
        Move = self.env["stock.move"]
        open_moves = [
            ("state", "not in", ("done", "cancel")),
            ("company_id", "in", companies),
        ]
        if scope is not None:
            open_moves.append(("product_id", "in", scope))
        finished_domain = open_moves + [
            ("production_id.state", "in", OPEN_PRODUCTION_STATES),
        ]
        raw_domain = open_moves + [
            ("raw_material_production_id.state", "in", OPEN_PRODUCTION_STATES),
        ]
        if warehouse:
            finished_domain.append(
                ("production_id.picking_type_id.warehouse_id", "in", warehouse.ids)
            )
            raw_domain.append(
                (
                    "raw_material_production_id.picking_type_id.warehouse_id",
                    "in",
                    warehouse.ids,
                )
            )
        for product, quantity in Move._read_group(
            finished_domain, ["product_id"], ["product_qty:sum"]
        ):
            quantities[product.id]["in_production"] += quantity
        needed = Move._read_group(
            raw_domain,
            ["product_id", "raw_material_production_id"],
            ["product_qty:sum"],
        )
        issued = {
            (product.id, production.id): quantity
            for product, production, quantity in Move._read_group(
                [
                    ("state", "=", "done"),
                    ("product_id", "in", [product.id for product, *_rest in needed]),
                    (
                        "wip_production_id",
                        "in",
                        [production.id for _product, production, _qty in needed],
                    ),
                ],
                ["product_id", "wip_production_id"],
                ["product_qty:sum"],
            )
        }
        for product, production, quantity in needed:
            quantities[product.id]["allocated"] += max(
                0.0, quantity - issued.get((product.id, production.id), 0.0)
            )

    @api.model
    def _flow_explode_net_demand(self, quantities, scope=None):
        """Fill `dependent`: walk the bills of materials from the products
        with demand, lowest level first (a part used at several levels is
        netted once, after every parent), exploding each product's shortfall
        (its demand not covered by its own supply) into its components.
        Phantom kits are exploded by `mrp.bom.explode` itself. With `scope`
        (ids closed under bill of materials parents), components outside it
        are not walked: none of them feeds a product of the scope."""
        in_scope = set(scope) if scope is not None else None
        Bom = self.env["mrp.bom"].sudo()
        company_id = self.env.company.id
        boms = {}
        levels = {
            product_id: 0
            for product_id, values in quantities.items()
            if values["on_demand"] or values["allocated"]
        }
        frontier = set(levels)
        while frontier:
            products = self.sudo().browse(frontier)
            found = Bom._bom_find(products, company_id=company_id)
            frontier = set()
            for product in products:
                bom = found[product]
                boms[product.id] = bom
                if not bom:
                    continue
                # The order only needs every component below its parents: the
                # bill's own lines do (a phantom kit's parts come one level
                # further down), read in batch, without exploding each bill.
                for line in bom.bom_line_ids:
                    component_id = line.product_id.id
                    if in_scope is not None and component_id not in in_scope:
                        continue
                    if levels.get(component_id, -1) < levels[product.id] + 1:
                        levels[component_id] = levels[product.id] + 1
                        frontier.add(component_id)
        for product_id in sorted(levels, key=levels.get):
            values = quantities[product_id]
            bom = boms.get(product_id)
            shortfall = (
                values["on_demand"]
                + values["allocated"]
                + values["dependent"]
                - values["nettable"]
                - values["on_order"]
                - values["in_production"]
            )
            product = self.sudo().browse(product_id)
            if (
                not bom
                or float_compare(
                    shortfall, 0.0, precision_rounding=product.uom_id.rounding
                )
                <= 0
            ):
                continue
            factor = (
                product.uom_id._compute_quantity(shortfall, bom.product_uom_id)
                / bom.product_qty
            )
            _boms, lines = bom.explode(product, factor)
            for line, data in lines:
                if in_scope is not None and line.product_id.id not in in_scope:
                    continue
                quantities[line.product_id.id]["dependent"] += (
                    line.product_uom_id._compute_quantity(
                        data["qty"], line.product_id.uom_id
                    )
                )

from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..input_checks import check_records

FLOW_BUCKETS = (
    "on_hand",
    "nettable",
    "wip",
    "on_demand",
    "on_order",
    "in_rfq",
    "in_production",
    "allocated",
    "dependent",
    "available",
)
# Manufacturing orders whose components are promised but not yet consumed.
OPEN_PRODUCTION_STATES = ("confirmed", "progress", "to_close")


class ProductProduct(models.Model):
    _inherit = "product.product"

    flow_qty_on_hand = fields.Float(
        "Flow On Hand",
        compute="_compute_flow_quantities",
        digits="Product Unit of Measure",
        help="Physical stock in internal locations, outside work in process.",
    )
    flow_qty_wip = fields.Float(
        "Flow WIP",
        compute="_compute_flow_quantities",
        digits="Product Unit of Measure",
        help="Issued to a work order and not yet consumed.",
    )
    flow_qty_on_demand = fields.Float(
        "Flow On Demand",
        compute="_compute_flow_quantities",
        digits="Product Unit of Measure",
        help="Confirmed sales order lines of this product not yet delivered.",
    )
    flow_qty_on_order = fields.Float(
        "Flow On Order",
        compute="_compute_flow_quantities",
        digits="Product Unit of Measure",
        help="Confirmed purchase order lines not yet received.",
    )
    flow_qty_in_production = fields.Float(
        "Flow In Production",
        compute="_compute_flow_quantities",
        digits="Product Unit of Measure",
        help="Open manufacturing orders producing this product.",
    )
    flow_qty_allocated = fields.Float(
        "Flow Allocated",
        compute="_compute_flow_quantities",
        digits="Product Unit of Measure",
        help="Components of open manufacturing orders not yet issued to WIP.",
    )
    flow_qty_dependent = fields.Float(
        "Flow Dependent Demand",
        compute="_compute_flow_quantities",
        digits="Product Unit of Measure",
        help="What the net open demand of sold items needs of this part, "
        "exploded through the bills of materials.",
    )
    flow_qty_available = fields.Float(
        "Flow Available",
        compute="_compute_flow_quantities",
        digits="Product Unit of Measure",
        help="Nettable, unexpired on hand + on order + in production - on "
        "demand - allocated - dependent demand. Negative: to be bought or built.",
    )

    def _compute_flow_quantities(self):
        quantities = self._get_flow_quantities_by_product(
            self._flow_context_warehouse(), products=self
        )
        for product in self:
            values = quantities.get(product.id, {})
            for bucket in (
                "on_hand",
                "wip",
                "on_demand",
                "on_order",
                "in_production",
                "allocated",
                "dependent",
                "available",
            ):
                product[f"flow_qty_{bucket}"] = values.get(bucket, 0.0)

    def _flow_context_warehouse(self):
        """The warehouses the buckets are limited to: `warehouse_id` (as for
        Odoo's qty_available) or `site_id` (every warehouse whose stock is in
        that site) in the context; none means all."""
        return self._flow_warehouses(
            self.env.context.get("warehouse_id"), self.env.context.get("site_id")
        )

    @api.model
    def _flow_warehouses(self, warehouse_id=None, site_id=None):
        Warehouse = self.env["stock.warehouse"]
        if isinstance(warehouse_id, int):
            return Warehouse.browse(warehouse_id)
        if isinstance(site_id, int):
            # a site without warehouse still limits: to no warehouse at all
            return Warehouse.search([("lot_stock_id.site_id", "=", site_id)]) or None
        return Warehouse

    def action_view_flow_quantities(self):
        """Open the inventory flow buckets of these products."""
        action = self.product_tmpl_id.action_view_flow_quantities()
        action["domain"] = [("id", "in", self.ids)]
        return action

    @api.model
    def get_flow_quantities(self, product_ids, warehouse_id=None, site_id=None):
        """Quantity buckets of the inventory flow model, for XML-RPC.

        :param list product_ids: ids of product.product
        :param int warehouse_id: limit to one warehouse (default: all of the
            user's companies' warehouses)
        :param int site_id: limit to the warehouses of a site (a location of
            storage level "site")
        :return: a list of dicts, one per product, in the order given:
            ``{"product_id", "on_hand", "nettable", "wip", "on_demand",
            "on_order", "in_rfq", "in_production", "allocated", "dependent",
            "available"}``, all quantities in the product's unit of measure.
        :raise UserError: on an unknown or unreadable product, warehouse or
            site, or an argument of the wrong type (the message names it)
        """
        products = check_records(self.env, self._name, product_ids, "product_ids")
        products.check_access("read")
        warehouse = check_records(
            self.env, "stock.warehouse", warehouse_id, "warehouse_id", optional=True
        )
        site = check_records(
            self.env, "stock.location", site_id, "site_id", optional=True
        )
        if site and site.storage_level != "site":
            raise UserError(
                self.env._(
                    "site_id: %(location)s is not a site (storage level Site).",
                    location=site.display_name,
                )
            )
        quantities = self._get_flow_quantities_by_product(
            self._flow_warehouses(warehouse.id or None, site.id or None),
            products=products,
        )
        return [
            dict(
                {
                    bucket: quantities.get(product.id, {}).get(bucket, 0.0)
                    for bucket in FLOW_BUCKETS
                },
                product_id=product.id,
            )
            for product in products
        ]

    @api.model
    def _flow_nettable_quant_domain(self):
        """Quants that planning may count on: an effective classification
        (lot's, else location's) that is nettable, and not past the lot's
        expiration date."""
        return self.env["stock.quant"]._nettable_domain() + [
            "|",
            ("expiration_date", "=", False),
            ("expiration_date", ">", fields.Datetime.now()),
        ]

    @api.model
    def _get_flow_quantities_by_product(self, warehouse=False, products=None):
        """Every bucket of every product with stock or open documents in the
        current companies (or in the `warehouse` recordset; None: no
        warehouse at all), as {product_id: {bucket: qty}}.

        The buckets are read set-based (one grouped query each) and the
        dependent demand is the net open demand exploded through the bills
        of materials level by level. With `products`, only those products and
        their bills of materials' parents (whose demand their dependent
        demand comes from) are read, so that the cost follows what is asked,
        not the size of the database; the result then holds exact buckets
        for `products` only."""
        if warehouse is None:
            return defaultdict(lambda: dict.fromkeys(FLOW_BUCKETS, 0.0))
        warehouse = warehouse or self.env["stock.warehouse"]
        quantities = defaultdict(lambda: dict.fromkeys(FLOW_BUCKETS, 0.0))
        scope = None if products is None else self._flow_bom_ancestor_ids(products)
        if scope == []:
            return quantities

        Quant = self.env["stock.quant"]
        # explicit, as record rules do not apply to the daily consolidation
        # (superuser) nor pick one company of a user allowed several
        companies = self.env.companies.ids
        quant_domain = [
            ("location_id.usage", "=", "internal"),
            ("company_id", "in", companies),
        ]
        if scope is not None:
            quant_domain.append(("product_id", "in", scope))
        if warehouse:
            quant_domain.append(("location_id.warehouse_id", "in", warehouse.ids))
        not_wip = [("location_id.is_wip_location", "=", False)]
        for bucket, domain in (
            ("on_hand", quant_domain + not_wip),
            ("nettable", quant_domain + not_wip + self._flow_nettable_quant_domain()),
            ("wip", quant_domain + [("location_id.is_wip_location", "=", True)]),
        ):
            for product, quantity in Quant._read_group(
                domain, ["product_id"], ["quantity:sum"]
            ):
                quantities[product.id][bucket] = quantity

        for bucket, rows in (
            ("on_demand", self._flow_read_sale_demand(warehouse, scope)),
            (
                "on_order",
                self._flow_read_purchase_supply(warehouse, ("purchase", "done"), scope),
            ),
            (
                "in_rfq",
                self._flow_read_purchase_supply(
                    warehouse, ("draft", "sent", "to approve"), scope
                ),
            ),
        ):
            for product_id, uom_id, quantity in rows:
                product = self.browse(product_id)
                uom = self.env["uom.uom"].browse(uom_id)
                quantities[product_id][bucket] += uom.with_context(
                    **product._pi_document_context()
                )._compute_quantity(quantity, product.uom_id, rounding_method="HALF-UP")

        self._flow_read_production(warehouse, quantities, companies, scope)
        self._flow_explode_net_demand(quantities, scope)
        for values in quantities.values():
            values["available"] = (
                values["nettable"]
                + values["on_order"]
                + values["in_production"]
                - values["on_demand"]
                - values["allocated"]
                - values["dependent"]
            )
        return quantities

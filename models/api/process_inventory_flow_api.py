from odoo import api, models
from odoo.exceptions import UserError

ISSUE_KEYS = ("product_id", "lot_id", "quantity", "location_id")
COMPONENT_KEYS = ("product_id", "lot_id", "quantity")


class ProcessInventoryFlowApi(models.AbstractModel):
    """The integration surface of the inventory flow model, for
    ``execute_kw``: quantity buckets, purchasing consolidation, the stock
    room and carry sales. Conventions as ``process.inventory.api``."""

    _name = "process.inventory.flow.api"
    _inherit = ["process.inventory.api.base"]
    _description = "Process Inventory Flow Integration API"

    @api.model
    def get_flow_quantities(self, product_ids, warehouse_id=False, site_id=False):
        """Quantity buckets: ``product.product.get_flow_quantities``.

        :param product_ids: list of ``product.product`` ids
        :param warehouse_id: optional warehouse id
        :param site_id: optional site location id
        :return: ``[{"product_id", "on_hand", "nettable", "wip", "on_demand",
            "on_order", "in_rfq", "in_production", "allocated", "dependent",
            "available"}]`` in the order given, product unit
        """
        products = self._records("product.product", product_ids, "product_ids")
        self._records("stock.warehouse", warehouse_id, "warehouse_id", False, True)
        self._records("stock.location", site_id, "site_id", False, True)
        return self.env["product.product"].get_flow_quantities(
            products.ids, warehouse_id or None, site_id or None
        )

    @api.model
    def _consolidation_values(self, consolidation):
        return {
            "consolidation_id": consolidation.id,
            "name": consolidation.name,
            "state": consolidation.state,
            "lines": [
                {
                    "product_id": line.product_id.id,
                    "product": line.product_id.display_name,
                    "qty_available": line.qty_available,
                    "qty_needed": line.qty_needed,
                    "qty_to_order": line.qty_to_order,
                    "uom": line.product_uom_id.name,
                    "partner_id": line.partner_id.id,
                    "partner": line.partner_id.display_name or False,
                    "purchase_id": line.purchase_line_id.order_id.id,
                }
                for line in consolidation.line_ids
            ],
            "purchases": [
                {"id": order.id, "name": order.name, "partner_id": order.partner_id.id}
                for order in consolidation.purchase_ids
            ],
        }

    @api.model
    def consolidation_compute(self, warehouse_id=False, client_reference=False):
        """Compute a purchasing consolidation (the preview purchasing reviews):
        every purchased part whose available quantity is negative, with its
        vendor and the quantity to order.

        :param warehouse_id: optional warehouse id (default: the company)
        :param client_reference: optional idempotency key
        :return: ``{"consolidation_id", "name", "state", "lines": [{
            "product_id", "product", "qty_available", "qty_needed",
            "qty_to_order", "uom", "partner_id", "partner", "purchase_id"}],
            "purchases": [{"id", "name", "partner_id"}]}``
        """
        arguments = [warehouse_id]
        return self._once(
            "consolidation_compute",
            client_reference,
            arguments,
            lambda: self._consolidation_compute(*arguments),
        )

    @api.model
    def _consolidation_compute(self, warehouse_id):
        warehouse = self._records(
            "stock.warehouse", warehouse_id, "warehouse_id", False, True
        )
        consolidation = self.env["purchase.consolidation"].create(
            {
                "warehouse_id": warehouse.id,
                "company_id": (warehouse.company_id or self.env.company).id,
            }
        )
        consolidation.action_compute()
        return self._consolidation_values(consolidation)

    @api.model
    def consolidation_create_rfqs(self, consolidation_id, client_reference=False):
        """Create one request for quotation per vendor from a computed
        consolidation.

        :param consolidation_id: ``purchase.consolidation`` id
        :param client_reference: optional idempotency key
        :return: as ``consolidation_compute``, state ``ordered`` and the
            purchases filled
        """
        arguments = [consolidation_id]
        return self._once(
            "consolidation_create_rfqs",
            client_reference,
            arguments,
            lambda: self._consolidation_create_rfqs(*arguments),
        )

    @api.model
    def _consolidation_create_rfqs(self, consolidation_id):
        consolidation = self._records(
            "purchase.consolidation", consolidation_id, "consolidation_id", single=True
        )
        if consolidation.state != "computed":
            raise UserError(
                self.env._(
                    "%(consolidation)s is %(state)s: only a computed "
                    "consolidation creates RFQs.",
                    consolidation=consolidation.name,
                    state=consolidation.state,
                )
            )
        consolidation.action_create_rfqs()
        return self._consolidation_values(consolidation)

    @api.model
    def _production_values(self, production):
        return {
            "production_id": production.id,
            "name": production.name,
            "state": production.state,
            "lot_id": production.lot_producing_id.id,
            "lot": production.lot_producing_id.name or False,
            "wip_move_ids": production.wip_move_ids.ids,
        }

    @api.model
    def issue_to_wip(self, production_id, lines, client_reference=False):
        """Stock room, step 1: issue parts by lot to a manufacturing order's
        WIP location.

        :param production_id: ``mrp.production`` id (confirmed or in progress)
        :param lines: ``[{"product_id", "lot_id" (tracked products),
            "quantity" (product unit), "location_id" (optional, default the
            order's source)}]``
        :param client_reference: optional idempotency key
        :return: ``{"production_id", "name", "state", "lot_id", "lot",
            "wip_move_ids"}``
        """
        arguments = [production_id, lines]
        return self._once(
            "issue_to_wip",
            client_reference,
            arguments,
            lambda: self._issue_to_wip(*arguments),
        )

    @api.model
    def _issue_to_wip(self, production_id, lines):
        production = self._records(
            "mrp.production", production_id, "production_id", single=True
        )
        self._lines(lines, "lines", ISSUE_KEYS)
        production._issue_to_wip(
            [
                dict(
                    self._component(line, f"lines[{index}]"),
                    location=self._records(
                        "stock.location",
                        line.get("location_id"),
                        f"lines[{index}].location_id",
                        False,
                        True,
                    ),
                )
                for index, line in enumerate(lines, 1)
            ]
        )
        return self._production_values(production)

    @api.model
    def _component(self, line, name):
        return {
            "product": self._records(
                "product.product",
                line.get("product_id"),
                name + ".product_id",
                single=True,
            ),
            "lot": self._records(
                "stock.lot", line.get("lot_id"), name + ".lot_id", False, True
            ),
            "quantity": self._quantity(line.get("quantity"), name + ".quantity"),
        }

    @api.model
    def receive_from_wip(
        self, production_id, lot_id=False, lot_name=False, client_reference=False
    ):
        """Stock room, step 2: consume from WIP what was issued to the order
        and put its product on hand.

        :param production_id: ``mrp.production`` id
        :param lot_id: output lot id, or ``lot_name`` a new lot's name
            (neither: a generated lot)
        :param client_reference: optional idempotency key
        :return: as ``issue_to_wip``, state ``done``
        """
        arguments = [production_id, lot_id, lot_name]
        return self._once(
            "receive_from_wip",
            client_reference,
            arguments,
            lambda: self._receive_from_wip(*arguments),
        )

    @api.model
    def _receive_from_wip(self, production_id, lot_id, lot_name):
        production = self._records(
            "mrp.production", production_id, "production_id", single=True
        )
        production._receive_from_wip(
            lot=self._records("stock.lot", lot_id, "lot_id", False, True) or None,
            lot_name=self._text(lot_name, "lot_name", False) or None,
        )
        return self._production_values(production)

    @api.model
    def convert(
        self,
        bom_id,
        quantity,
        components=False,
        lot_name=False,
        picking_type_id=False,
        client_reference=False,
    ):
        """Convert parts to assemblies in one step (a manufacturing order
        created and done at once, all or nothing).

        :param bom_id: ``mrp.bom`` id
        :param quantity: quantity to build, in the bill of materials' unit
        :param components: optional ``[{"product_id", "lot_id", "quantity"}]``
            choosing the lots consumed
        :param lot_name: optional name of the output lot
        :param picking_type_id: optional manufacturing operation type id
            (its warehouse's stock is consumed; default: the company's)
        :param client_reference: optional idempotency key
        :return: as ``issue_to_wip``
        """
        arguments = [bom_id, quantity, components, lot_name, picking_type_id]
        return self._once(
            "convert",
            client_reference,
            arguments,
            lambda: self._convert(*arguments),
        )

    @api.model
    def _convert(self, bom_id, quantity, components, lot_name, picking_type_id):
        bom = self._records("mrp.bom", bom_id, "bom_id", single=True)
        quantity = self._quantity(quantity, "quantity")
        if components:
            self._lines(components, "components", COMPONENT_KEYS)
        production = self.env["mrp.production"]._convert_from_bom(
            bom,
            quantity,
            components=[
                self._component(line, f"components[{index}]")
                for index, line in enumerate(components or [], 1)
            ],
            lot_name=self._text(lot_name, "lot_name", False) or None,
            picking_type=self._records(
                "stock.picking.type", picking_type_id, "picking_type_id", False, True
            )
            or None,
        )
        return self._production_values(production)

    @api.model
    def confirm_carry_sale(self, order_id, client_reference=False):
        """Confirm a carry sale: delivered from stock, invoiced (and paid for
        cash) at once.

        :param order_id: ``sale.order`` id of a quotation with a carry mode
        :param client_reference: optional idempotency key
        :return: ``{"order_id", "name", "state", "picking_ids", "invoices":
            [{"id", "name", "state", "payment_state", "amount_total"}]}``
        """
        arguments = [order_id]
        return self._once(
            "confirm_carry_sale",
            client_reference,
            arguments,
            lambda: self._confirm_carry_sale(*arguments),
        )

    @api.model
    def _confirm_carry_sale(self, order_id):
        order = self._records("sale.order", order_id, "order_id", single=True)
        if not order.carry_mode:
            self._fail(
                "order_id",
                self.env._("%(order)s is not a carry sale", order=order.name),
            )
        if order.state not in ("draft", "sent"):
            raise UserError(
                self.env._("%(order)s is already confirmed.", order=order.name)
            )
        order.action_confirm()
        return {
            "order_id": order.id,
            "name": order.name,
            "state": order.state,
            "picking_ids": order.picking_ids.ids,
            "invoices": [
                {
                    "id": invoice.id,
                    "name": invoice.name,
                    "state": invoice.state,
                    "payment_state": invoice.payment_state,
                    "amount_total": invoice.amount_total,
                }
                for invoice in order.invoice_ids
            ],
        }

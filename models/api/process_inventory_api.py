from odoo import Command, api, models
from odoo.exceptions import UserError

RECEIPT_KEYS = (
    "product_id",
    "quantity",
    "secondary_quantity",
    "lot_name",
    "package_name",
    "package_type_id",
    "location_dest_id",
)
ACTIVITY_KEYS = ("product_id", "quantity", "lot_id", "lot_name")
COUNT_KEYS = ("product_id", "location_id", "lot_id", "quantity")


class ProcessInventoryApi(models.AbstractModel):
    """The integration surface of the add-on's stock transactions, for
    ``execute_kw`` (lots: ``process.inventory.lot.api``, flow:
    ``process.inventory.flow.api``): plain arguments in, plain dicts and lists
    out (``False`` for a missing value, never ``None`` or a record). Each
    method checks its arguments, then delegates to the add-on's model methods
    as the caller (no sudo: rights and companies apply). Write methods take an
    optional ``client_reference`` (see ``process.inventory.api.request``)."""

    _name = "process.inventory.api"
    _inherit = ["process.inventory.api.base"]
    _description = "Process Inventory Integration API"

    # ------------------------------------------------------------------
    # Stock transactions
    # ------------------------------------------------------------------
    @api.model
    def record_receipt(
        self,
        lines,
        partner_id=False,
        picking_type_id=False,
        origin=False,
        client_reference=False,
    ):
        """Receive goods in one validated receipt.

        :param lines: ``[{"product_id", "quantity" (product unit),
            "secondary_quantity" (optional, actual weight / count in the
            product's second unit), "lot_name" (tracked products; ``B/01``
            names sub-lot ``/01`` of lot ``B``), "package_name" (optional
            handling unit, created when new), "package_type_id" (optional),
            "location_dest_id" (optional, default the operation's)}]``
        :param partner_id: vendor id (optional)
        :param picking_type_id: receipt operation type id (default: the first
            receipt type of the current company)
        :param origin: source document text
        :param client_reference: optional idempotency key
        :return: ``{"picking_id", "picking", "state", "move_lines": [{"id",
            "product_id", "quantity", "secondary_quantity", "lot_id", "lot",
            "parent_lot_id", "package_id", "package", "location_dest_id"}]}``
        """
        arguments = [lines, partner_id, picking_type_id, origin]
        return self._once(
            "record_receipt",
            client_reference,
            arguments,
            lambda: self._record_receipt(*arguments),
        )

    @api.model
    def _record_receipt(self, lines, partner_id, picking_type_id, origin):
        self._lines(lines, "lines", RECEIPT_KEYS)
        partner = self._records("res.partner", partner_id, "partner_id", False, True)
        if picking_type_id:
            picking_type = self._records(
                "stock.picking.type", picking_type_id, "picking_type_id", single=True
            )
        else:
            picking_type = self.env["stock.picking.type"].search(
                [("code", "=", "incoming"), ("company_id", "=", self.env.company.id)],
                limit=1,
            )
        if picking_type.code != "incoming":
            self._fail(
                "picking_type_id",
                self.env._("%(type)s is not a receipt", type=picking_type.display_name),
            )
        checked = []
        for index, line in enumerate(lines, 1):
            name = f"lines[{index}]"
            product = self._records(
                "product.product",
                line.get("product_id"),
                name + ".product_id",
                single=True,
            )
            lot_name = self._text(line.get("lot_name"), name + ".lot_name", False)
            if product.tracking != "none" and not lot_name:
                self._fail(
                    name + ".lot_name",
                    self.env._(
                        "%(product)s is tracked: give the lot name",
                        product=product.display_name,
                    ),
                )
            checked.append(
                {
                    "product": product,
                    "quantity": self._quantity(
                        line.get("quantity"), name + ".quantity"
                    ),
                    "secondary": self._quantity(
                        line.get("secondary_quantity"),
                        name + ".secondary_quantity",
                        required=False,
                    ),
                    "lot_name": lot_name,
                    "package": self._package(line, name),
                    "location": self._records(
                        "stock.location",
                        line.get("location_dest_id"),
                        name + ".location_dest_id",
                        False,
                        True,
                    )
                    or picking_type.default_location_dest_id,
                }
            )
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": partner.id,
                "origin": origin or False,
                "location_id": picking_type.default_location_src_id.id
                or self.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": picking_type.default_location_dest_id.id,
            }
        )
        for line in checked:
            product = line["product"]
            line_vals = {
                "product_id": product.id,
                "product_uom_id": product.uom_id.id,
                "quantity": line["quantity"],
                "lot_name": line["lot_name"],
                "result_package_id": line["package"].id,
                "location_id": picking.location_id.id,
                "location_dest_id": line["location"].id,
                "picking_id": picking.id,
            }
            if line["secondary"] is not False:
                line_vals["secondary_quantity"] = line["secondary"]
            self.env["stock.move"].create(
                {
                    "name": product.display_name,
                    "picking_id": picking.id,
                    "product_id": product.id,
                    "product_uom": product.uom_id.id,
                    "product_uom_qty": line["quantity"],
                    "location_id": picking.location_id.id,
                    "location_dest_id": line["location"].id,
                    "picked": True,
                    "move_line_ids": [Command.create(line_vals)],
                }
            )
        picking.action_confirm()
        picking.move_ids.picked = True
        picking.button_validate()
        if picking.state != "done":
            raise UserError(
                self.env._(
                    "Receipt %(picking)s could not be validated.", picking=picking.name
                )
            )
        return {
            "picking_id": picking.id,
            "picking": picking.name,
            "state": picking.state,
            "move_lines": [
                {
                    "id": ml.id,
                    "product_id": ml.product_id.id,
                    "quantity": ml.quantity,
                    "secondary_quantity": ml.secondary_quantity,
                    "lot_id": ml.lot_id.id,
                    "lot": ml.lot_id.name or False,
                    "parent_lot_id": ml.lot_id.parent_lot_id.id,
                    "package_id": ml.result_package_id.id,
                    "package": ml.result_package_id.name or False,
                    "location_dest_id": ml.location_dest_id.id,
                }
                for ml in picking.move_line_ids
            ],
        }

    @api.model
    def _package(self, line, name):
        package_name = self._text(
            line.get("package_name"), name + ".package_name", False
        )
        if not package_name:
            return self.env["stock.quant.package"]
        package_type = self._records(
            "stock.package.type",
            line.get("package_type_id"),
            name + ".package_type_id",
            False,
            True,
        )
        Package = self.env["stock.quant.package"]
        return Package.search([("name", "=", package_name)], limit=1) or Package.create(
            {"name": package_name, "package_type_id": package_type.id}
        )

    @api.model
    def record_activity(
        self,
        activity_type,
        lines,
        reference=False,
        analytic_account_id=False,
        client_reference=False,
    ):
        """Record a user-defined activity (``stock.activity.type``): its moves
        are created and validated at once.

        :param activity_type: activity type id or code
        :param lines: ``[{"product_id", "quantity" (product unit), "lot_id"
            (tracked products) or "lot_name" (receipts: a new lot)}]``
        :param reference: source document text
        :param analytic_account_id: cost center id (required by some types)
        :param client_reference: optional idempotency key
        :return: ``{"move_ids": [ids], "lots": [{"id", "name", "product_id",
            "parent_lot_id", "classification_id", "classification"}]}``
        """
        arguments = [activity_type, lines, reference, analytic_account_id]
        return self._once(
            "record_activity",
            client_reference,
            arguments,
            lambda: self._record_activity(*arguments),
        )

    @api.model
    def _record_activity(self, activity_type, lines, reference, analytic_account_id):
        activity = self._record_by_code(
            "stock.activity.type", activity_type, "activity_type"
        )
        self._lines(lines, "lines", ACTIVITY_KEYS)
        analytic = self._records(
            "account.analytic.account",
            analytic_account_id,
            "analytic_account_id",
            False,
            True,
        )
        line_commands = []
        for index, line in enumerate(lines, 1):
            name = f"lines[{index}]"
            product = self._records(
                "product.product",
                line.get("product_id"),
                name + ".product_id",
                single=True,
            )
            line_commands.append(
                Command.create(
                    {
                        "product_id": product.id,
                        "quantity": self._quantity(
                            line.get("quantity"), name + ".quantity"
                        ),
                        "lot_id": self._records(
                            "stock.lot",
                            line.get("lot_id"),
                            name + ".lot_id",
                            False,
                            True,
                        ).id,
                        "lot_name": self._text(
                            line.get("lot_name"), name + ".lot_name", False
                        ),
                    }
                )
            )
        record = self.env["stock.activity.record"].create(
            {
                "activity_type_id": activity.id,
                "reference": self._text(reference, "reference", False),
                "analytic_account_id": analytic.id,
                "company_id": activity.company_id.id,
                "line_ids": line_commands,
            }
        )
        moves = record._record_moves()
        return {
            "move_ids": moves.ids,
            "lots": self._lot_values(moves.move_line_ids.lot_id),
        }

    @api.model
    def post_count(self, lines, reason, client_reference=False):
        """Apply a physical count with its adjustment reason.

        :param lines: ``[{"product_id", "location_id" (internal), "lot_id"
            (tracked products), "quantity" (counted, product unit, >= 0)}]``
        :param reason: ``stock.inventory.reason`` id or code
        :param client_reference: optional idempotency key
        :return: ``{"quants": [{"id", "product_id", "location_id", "lot_id",
            "quantity"}]}`` (quantities after the count)
        """
        arguments = [lines, reason]
        return self._once(
            "post_count",
            client_reference,
            arguments,
            lambda: self._post_count(*arguments),
        )

    @api.model
    def _post_count(self, lines, reason):
        reason = self._record_by_code("stock.inventory.reason", reason, "reason")
        self._lines(lines, "lines", COUNT_KEYS)
        Quant = self.env["stock.quant"].with_context(inventory_mode=True)
        quants = Quant
        for index, line in enumerate(lines, 1):
            name = f"lines[{index}]"
            product = self._records(
                "product.product",
                line.get("product_id"),
                name + ".product_id",
                single=True,
            )
            location = self._records(
                "stock.location",
                line.get("location_id"),
                name + ".location_id",
                single=True,
            )
            if location.usage != "internal":
                self._fail(
                    name + ".location_id",
                    self.env._(
                        "%(location)s is not an internal location",
                        location=location.display_name,
                    ),
                )
            lot = self._records(
                "stock.lot", line.get("lot_id"), name + ".lot_id", False, True
            )
            if product.tracking != "none" and not lot:
                self._fail(
                    name + ".lot_id",
                    self.env._(
                        "%(product)s is tracked: give the lot counted",
                        product=product.display_name,
                    ),
                )
            # Odoo's inventory-mode create finds the quant (as sudo) and keeps
            # only the counted quantity: the reason is written after, as the
            # caller
            quant = Quant.create(
                {
                    "product_id": product.id,
                    "location_id": location.id,
                    "lot_id": lot.id,
                    "inventory_quantity": self._quantity(
                        line.get("quantity"), name + ".quantity", positive=False
                    ),
                }
            )
            quants |= Quant.browse(quant.id)
        quants.inventory_reason_id = reason
        # a count is authoritative: an outdated quant is not a conflict here
        quants.with_context(
            set_inventory_quantity_auto_apply=True
        ).action_apply_inventory()
        return {
            "quants": [
                {
                    "id": quant.id,
                    "product_id": quant.product_id.id,
                    "location_id": quant.location_id.id,
                    "lot_id": quant.lot_id.id,
                    "quantity": quant.quantity,
                }
                for quant in quants.exists()
            ]
        }

import xmlrpc.client
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user

from .inventory_flow_common import InventoryFlowCommon

# What a write call may leave behind: counted before and after a refused call.
WRITTEN_MODELS = (
    "stock.picking",
    "stock.move",
    "stock.lot",
    "stock.quant.package",
    "stock.lot.characteristic",
    "stock.lot.classification.history",
    "stock.inventory.ledger",
    "purchase.consolidation",
    "purchase.order",
    "mrp.production",
    "account.move",
    "process.inventory.api.request",
)


class ApiCommon(HttpCase, InventoryFlowCommon):
    """The bicycle company of the flow tests served over HTTP, with lots of a
    paste (sub-lots, second unit, a lab characteristic), a resin and a milk
    (expiration dates), a sample activity and the users integrators log in
    as (password = login)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.nobody = new_test_user(
            cls.env, login="pi_api_nobody", groups="base.group_user"
        )
        cls.cashier = new_test_user(
            cls.env,
            login="pi_api_cashier",
            groups="sales_team.group_sale_salesman,stock.group_stock_user,"
            "account.group_account_invoice",
        )
        case = cls.env["uom.uom"].create(
            {
                "name": "API Case",
                "category_id": cls.env.ref("uom.product_uom_categ_unit").id,
                "uom_type": "bigger",
                "factor_inv": 6.0,
            }
        )
        category = cls.env["product.category"].create({"name": "API Pastes"})
        Product = cls.env["product.product"]
        cls.paste = Product.create(
            {
                "name": "API Paste",
                "default_code": "API-PASTE",
                "resource_type": "inventory",
                "tracking": "lot",
                "use_sub_lots": True,
                "categ_id": category.id,
                "uom_id": cls.uom_kg.id,
                "uom_po_id": cls.uom_kg.id,
                "uom_conversion_ids": [
                    Command.create({"uom_id": case.id, "factor": 5})
                ],
                "secondary_uom_id": case.id,
            }
        )
        cls.viscosity = cls.env["product.characteristic"].create(
            {
                "name": "API Viscosity",
                "code": "APIVISC",
                "value_type": "numeric",
                "use_min_value": True,
                "min_value": 5,
                "use_max_value": True,
                "max_value": 40,
                "categ_ids": [Command.link(category.id)],
            }
        )
        Lot = cls.env["stock.lot"]
        cls.paste_lot = Lot.create({"name": "APIP-001/01", "product_id": cls.paste.id})
        cls._set_stock(cls.paste, cls.stock_location, 50, lot_id=cls.paste_lot)
        cls.resin = Product.create(
            {"name": "API Resin", "resource_type": "inventory", "tracking": "lot"}
        )
        cls.resin_lot = Lot.create({"name": "APIR-001", "product_id": cls.resin.id})
        cls._set_stock(cls.resin, cls.stock_location, 50, lot_id=cls.resin_lot)
        cls.milk = Product.create(
            {
                "name": "API Milk",
                "resource_type": "inventory",
                "tracking": "lot",
                "use_expiration_date": True,
            }
        )
        cls.milk_lot = Lot.create(
            {
                "name": "APIM-001",
                "product_id": cls.milk.id,
                "expiration_date": fields.Datetime.now() + timedelta(days=3),
            }
        )
        cls._set_stock(cls.milk, cls.stock_location, 10, lot_id=cls.milk_lot)
        cls.sample = cls.env["stock.activity.type"].create(
            {
                "name": "API Lab Sample",
                "code": "API-SAMPLE",
                "direction": "issue",
                "location_id": cls.stock_location.id,
                "location_dest_id": cls.resin.property_stock_inventory.id,
            }
        )

    def rpc(self, user):
        """A function calling ``execute_kw`` as ``user`` over XML-RPC."""
        db = self.env.cr.dbname
        common = xmlrpc.client.ServerProxy(f"{self.base_url()}/xmlrpc/2/common")
        uid = common.authenticate(db, user.login, user.login, {})
        self.assertTrue(uid)
        models = xmlrpc.client.ServerProxy(
            f"{self.base_url()}/xmlrpc/2/object", allow_none=False
        )

        def call(model, method, *args, **kw):
            # the server shares the test's cursor, not its ORM cache
            self.env.flush_all()
            try:
                return models.execute_kw(
                    db, uid, user.login, model, method, list(args), kw
                )
            finally:
                self.env.invalidate_all()

        return call

    def counts(self):
        self.env.invalidate_all()
        return {
            model: self.env[model]
            .sudo()
            .with_context(active_test=False)
            .search_count([])
            for model in WRITTEN_MODELS
        }

    def assertFaultWritesNothing(self, call, *args, contains=(), code=2, **kw):
        """The call ends in a fault of ``code`` (2: UserError / ValidationError,
        4: AccessError) whose message contains each of ``contains``, and
        leaves nothing behind."""
        before = self.counts()
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            call(*args, **kw)
        self.assertEqual(caught.exception.faultCode, code, caught.exception.faultString)
        for text in contains:
            self.assertIn(text, caught.exception.faultString)
        self.assertEqual(self.counts(), before)
        return caught.exception

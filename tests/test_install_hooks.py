from odoo.addons.process_inventory.hooks import pre_init_hook
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestInstallHooks(TransactionCase):
    """Installing on a database with history fills the new columns by SQL,
    with the values the computes would give, and writes no chatter message
    per existing record. The schema changes below roll back with the test."""

    def test_install_fills_lot_manufacturing_date_without_messages(self):
        product = self.env["product.product"].create(
            {"name": "Hook Resin", "is_storable": True, "tracking": "lot"}
        )
        lot = self.env["stock.lot"].create({"name": "HOOK-1", "product_id": product.id})
        self.env.flush_all()
        messages = self.env["mail.message"].search_count([])
        self.env.cr.execute(
            "ALTER TABLE stock_lot DROP COLUMN manufacturing_date CASCADE"
        )
        pre_init_hook(self.env)
        self.env.cr.execute(
            "SELECT manufacturing_date = create_date FROM stock_lot WHERE id = %s",
            [lot.id],
        )
        self.assertTrue(self.env.cr.fetchone()[0])
        self.assertEqual(self.env["mail.message"].search_count([]), messages)

    def test_install_resource_type_follows_odoo_type(self):
        Template = self.env["product.template"]
        goods, service = Template.create(
            [
                {"name": "Hook Goods", "type": "consu"},
                {"name": "Hook Service", "type": "service"},
            ]
        )
        self.env.flush_all()
        self.env.cr.execute(
            "ALTER TABLE product_template DROP COLUMN resource_type CASCADE"
        )
        pre_init_hook(self.env)
        self.env.cr.execute(
            "SELECT id, resource_type FROM product_template WHERE id IN %s",
            [(goods.id, service.id)],
        )
        self.assertEqual(
            dict(self.env.cr.fetchall()),
            {goods.id: "inventory", service.id: "capacity"},
        )
        # the values are those of the add-on's own compute
        for template in (goods, service):
            self.assertEqual(
                template.resource_type,
                Template.new({"type": template.type}).resource_type,
            )

from odoo import Command
from odoo.addons.base.tests.common import BaseCommon
from odoo.tests import new_test_user


class ProcessInventoryCommon(BaseCommon):
    """Shared fixtures: a warehouse with a site / area / location hierarchy,
    resources of every type and the least-privileged users."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.stock_user = new_test_user(
            cls.env,
            login="pi_stock_user",
            groups="stock.group_stock_user,mrp.group_mrp_user",
        )
        cls.stock_manager = new_test_user(
            cls.env,
            login="pi_stock_manager",
            groups="stock.group_stock_manager,mrp.group_mrp_manager",
        )
        # Releases lots (see stock.lot._check_release_right).
        cls.quality_user = new_test_user(
            cls.env,
            login="pi_quality_user",
            groups="process_inventory.group_process_inventory_quality",
        )
        cls.warehouse = cls.env["stock.warehouse"].create(
            {"name": "Test Plant", "code": "TPL"}
        )
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.uom_kg = cls.env.ref("uom.product_uom_kgm")
        cls.uom_unit = cls.env.ref("uom.product_uom_unit")
        cls.supplier_location = cls.env.ref("stock.stock_location_suppliers")
        cls.customer_location = cls.env.ref("stock.stock_location_customers")

        Location = cls.env["stock.location"]
        cls.warehouse.view_location_id.storage_level = "site"
        cls.site = cls.warehouse.view_location_id
        cls.area = Location.create(
            {
                "name": "Area A",
                "location_id": cls.stock_location.id,
                "storage_level": "area",
            }
        )
        cls.shelf = Location.create(
            {"name": "Shelf 1", "location_id": cls.area.id, "storage_level": "location"}
        )

        Product = cls.env["product.product"]
        cls.raw_material = Product.create(
            {
                "name": "Raw Material",
                "resource_type": "inventory",
                "uom_id": cls.uom_kg.id,
                "uom_po_id": cls.uom_kg.id,
            }
        )
        cls.finished_product = Product.create(
            {
                "name": "Finished Product",
                "resource_type": "inventory",
                "uom_id": cls.uom_kg.id,
                "uom_po_id": cls.uom_kg.id,
            }
        )
        cls.utility = Product.create(
            {"name": "Steam", "resource_type": "non_inventory"}
        )
        cls.capacity = Product.create(
            {"name": "Mixer Hours", "resource_type": "capacity"}
        )
        cls.flow_item = Product.create({"name": "Premix Flow", "resource_type": "flow"})

    @classmethod
    def _make_bom(cls, product, lines, quantity=1.0):
        return cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": product.product_tmpl_id.id,
                "product_qty": quantity,
                "product_uom_id": product.uom_id.id,
                "bom_line_ids": [
                    Command.create({"product_id": component.id, "product_qty": qty})
                    for component, qty in lines
                ],
            }
        )

    @classmethod
    def _set_stock(cls, product, location, quantity, **kwargs):
        cls.env["stock.quant"]._update_available_quantity(
            product, location, quantity, **kwargs
        )

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import ProcessInventoryCommon


@tagged("post_install", "-at_install")
class TestStorageHierarchy(ProcessInventoryCommon):
    def _location(self, name, parent, level):
        return (
            self.env["stock.location"]
            .with_user(self.stock_manager)
            .create({"name": name, "location_id": parent.id, "storage_level": level})
        )

    def test_levels_know_their_site_and_area(self):
        self.assertEqual(self.site.site_id, self.site)
        self.assertFalse(self.site.area_id)
        self.assertEqual((self.area.site_id, self.area.area_id), (self.site, self.area))
        self.assertEqual(
            (self.shelf.site_id, self.shelf.area_id), (self.site, self.area)
        )
        bin_location = self._location("Bin 1", self.shelf, "location")
        self.assertEqual(bin_location.area_id, self.area)

    def test_location_directly_under_site_refused(self):
        with self.assertRaisesRegex(ValidationError, "needs an area"):
            self._location("Loose Shelf", self.site, "location")

    def test_area_under_location_refused(self):
        with self.assertRaisesRegex(ValidationError, "needs a site above it"):
            self._location("Wrong Area", self.shelf, "area")

    def test_area_without_site_refused(self):
        other_warehouse = self.env["stock.warehouse"].create(
            {"name": "No Site", "code": "NOS"}
        )
        with self.assertRaisesRegex(ValidationError, "finds nothing"):
            self._location("Orphan Area", other_warehouse.lot_stock_id, "area")

    def test_site_inside_site_refused(self):
        with self.assertRaisesRegex(ValidationError, "no site, area or location"):
            self._location("Plant in Plant", self.stock_location, "site")

    def test_changing_level_that_breaks_children_refused(self):
        with self.assertRaisesRegex(ValidationError, "Shelf 1"):
            self.area.storage_level = False

    def test_level_on_non_internal_location_refused(self):
        with self.assertRaisesRegex(ValidationError, "only internal and view"):
            self.customer_location.storage_level = "site"

    def test_quant_knows_site_area_and_handling_unit(self):
        drum = self.env["stock.quant.package"].create(
            {
                "name": "DRUM-T1",
                "package_type_id": self.env.ref(
                    "process_inventory.package_type_drum"
                ).id,
            }
        )
        self._set_stock(self.raw_material, self.shelf, 180, package_id=drum)
        quant = self.env["stock.quant"].search(
            [("product_id", "=", self.raw_material.id)]
        )
        self.assertEqual(quant.site_id, self.site)
        self.assertEqual(quant.area_id, self.area)
        self.assertEqual(quant.package_type_id.name, "Drum")

    def test_moving_a_location_updates_stock_hierarchy(self):
        other_area = self._location("Area B", self.stock_location, "area")
        self._set_stock(self.raw_material, self.shelf, 10)
        self.shelf.location_id = other_area
        quant = self.env["stock.quant"].search(
            [("product_id", "=", self.raw_material.id)]
        )
        self.assertEqual(quant.area_id, other_area)

    def test_stock_grouped_by_site_area_location_and_unit(self):
        pallet_type = self.env.ref("process_inventory.package_type_pallet")
        pallet = self.env["stock.quant.package"].create(
            {"name": "PAL-T1", "package_type_id": pallet_type.id}
        )
        self._set_stock(self.raw_material, self.shelf, 500, package_id=pallet)
        self._set_stock(self.raw_material, self.shelf, 20)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "process_inventory.stock_quant_storage_action"
        )
        groups = (
            self.env["stock.quant"]
            .with_user(self.stock_user)
            ._read_group(
                action_domain(action) + [("product_id", "=", self.raw_material.id)],
                ["site_id", "area_id", "location_id", "package_type_id"],
                ["quantity:sum"],
            )
        )
        self.assertEqual(
            {(g[0], g[1], g[2], g[3]): g[4] for g in groups},
            {
                (self.site, self.area, self.shelf, pallet_type): 500,
                (self.site, self.area, self.shelf, self.env["stock.package.type"]): 20,
            },
        )


def action_domain(action):
    from odoo.tools.safe_eval import safe_eval

    return safe_eval(action["domain"])

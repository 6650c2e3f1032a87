from odoo.tests import tagged

from .common import ProcessInventoryCommon


@tagged("post_install", "-at_install")
class TestCodeSearch(ProcessInventoryCommon):
    """Characteristics and classifications are found by their short code in
    many2one fields, where users type what the labels and SOPs say."""

    def test_characteristic_found_by_code(self):
        characteristic = self.env["product.characteristic"].create(
            {"name": "Colour Index", "code": "PI-COLR"}
        )
        found = (
            self.env["product.characteristic"]
            .with_user(self.stock_user)
            .name_search("PI-COLR")
        )
        self.assertIn(characteristic.id, [record_id for record_id, _name in found])

    def test_classification_found_by_code(self):
        classification = self.env["stock.lot.classification"].create(
            {"name": "Awaiting Lab", "code": "PI-QCX"}
        )
        found = (
            self.env["stock.lot.classification"]
            .with_user(self.stock_user)
            .name_search("pi-qcx")
        )
        self.assertIn(classification.id, [record_id for record_id, _name in found])

    def test_no_quick_create_of_records_needing_a_code(self):
        # Quick-create sends only a name: with a required code it can only
        # fail, so every editable field offering these records turns it off.
        fields_by_view = {
            "product.template": ["characteristic_ids", "arrival_classification_id"],
            "product.category": ["characteristic_ids"],
            "stock.activity.type": ["classification_id"],
            "stock.picking.type": ["arrival_classification_id"],
        }
        for model, names in fields_by_view.items():
            arch = self.env[model].get_views([(False, "form")])["views"]["form"]["arch"]
            for name in names:
                with self.subTest(model=model, field=name):
                    self.assertRegex(
                        arch,
                        rf"name=\"{name}\"[^>]*'no_quick_create': True",
                    )

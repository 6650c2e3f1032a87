from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import ProcessInventoryCommon


class DualUnitCommon(ProcessInventoryCommon):
    """Units and products of the dual-unit tests: a paste tracked in kg and
    cases, drums weighed per lot, a liquid with a density, and cases weighed
    at receipt (catch weight)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Uom = cls.env["uom.uom"]
        cls.uom_g = cls.env.ref("uom.product_uom_gram")
        cls.uom_lb = cls.env.ref("uom.product_uom_lb")
        cls.uom_litre = cls.env.ref("uom.product_uom_litre")
        cls.uom_m3 = cls.env.ref("uom.product_uom_cubic_meter")
        cls.uom_meter = cls.env.ref("uom.product_uom_meter")
        cls.uom_case = Uom.create(
            {
                "name": "Test Case",
                "category_id": cls.env.ref("uom.product_uom_categ_unit").id,
                "uom_type": "bigger",
                "factor_inv": 12.0,
                "rounding": 1.0,
            }
        )
        container = cls.env["uom.category"].create({"name": "Test Containers"})
        cls.uom_drum = Uom.create(
            {
                "name": "Test Drum",
                "category_id": container.id,
                "uom_type": "reference",
                "rounding": 0.01,
            }
        )
        Product = cls.env["product.product"].with_user(cls.stock_manager)
        cls.paste = Product.create(
            {
                "name": "Paste",
                "resource_type": "inventory",
                "tracking": "lot",
                "uom_id": cls.uom_kg.id,
                "uom_po_id": cls.uom_kg.id,
                "uom_conversion_ids": [
                    Command.create({"uom_id": cls.uom_case.id, "factor": 12.5})
                ],
                "secondary_uom_id": cls.uom_case.id,
            }
        )
        cls.hardener = Product.create(
            {
                "name": "Hardener",
                "resource_type": "inventory",
                "tracking": "lot",
                "uom_id": cls.uom_kg.id,
                "uom_po_id": cls.uom_kg.id,
                "uom_conversion_ids": [
                    Command.create({"uom_id": cls.uom_drum.id, "factor": 180.0})
                ],
                "secondary_uom_id": cls.uom_drum.id,
            }
        )
        cls.glycol = Product.create(
            {
                "name": "Glycol",
                "resource_type": "inventory",
                "tracking": "lot",
                "uom_id": cls.uom_litre.id,
                "uom_po_id": cls.uom_litre.id,
                "density": 1.11,
                "secondary_uom_id": cls.uom_kg.id,
            }
        )
        # Counted in cases, weighed in kg: 1 kg is 0.08 case (12.5 kg a case).
        cls.fish = Product.create(
            {
                "name": "Fish Fillets",
                "resource_type": "inventory",
                "tracking": "lot",
                "uom_id": cls.uom_case.id,
                "uom_po_id": cls.uom_case.id,
                "uom_conversion_ids": [
                    Command.create({"uom_id": cls.uom_kg.id, "factor": 0.08})
                ],
                "secondary_uom_id": cls.uom_kg.id,
            }
        )

    @classmethod
    def _lot(cls, product, name, **values):
        return cls.env["stock.lot"].create(
            {"name": name, "product_id": product.id, **values}
        )


@tagged("post_install", "-at_install")
class TestUnitConversion(DualUnitCommon):
    # pint agreement
    def test_odoo_standard_units_agree_with_pint(self):
        Uom = self.env["uom.uom"].with_user(self.stock_manager)
        self.assertEqual(Uom._pi_check_pint(), [])
        action = Uom.action_check_pint()
        self.assertEqual(action["params"]["type"], "success")

    def test_wrong_odoo_factor_reported_against_pint(self):
        self.uom_lb.factor = 2.0
        Uom = self.env["uom.uom"].with_user(self.stock_manager)
        mismatches = Uom._pi_check_pint()
        self.assertEqual([m["uom_id"] for m in mismatches], [self.uom_lb.id])
        mismatch = mismatches[0]
        self.assertEqual(mismatch["reference_uom_id"], self.uom_kg.id)
        self.assertAlmostEqual(mismatch["odoo_ratio"], 0.5)
        self.assertAlmostEqual(mismatch["pint_ratio"], 0.45359237)
        self.assertIn("lb", mismatch["message"])
        self.assertIn("0.45359237", mismatch["message"])
        action = Uom.action_check_pint()
        self.assertEqual(action["params"]["type"], "warning")
        self.assertIn("lb", action["params"]["message"])

    def test_pint_unit_of_another_dimension_reported(self):
        wrong = self.env["uom.uom"].create(
            {
                "name": "Wrong Sack",
                "category_id": self.uom_kg.category_id.id,
                "uom_type": "bigger",
                "factor_inv": 25.0,
                "pint_unit": "meter",
            }
        )
        mismatches = wrong.with_user(self.stock_manager)._pi_check_pint()
        self.assertEqual(len(mismatches), 1)
        self.assertFalse(mismatches[0]["pint_ratio"])
        self.assertIn("Wrong Sack", mismatches[0]["message"])

    def test_unknown_pint_unit_refused(self):
        with self.assertRaisesRegex(ValidationError, "not a unit pint knows"):
            self.uom_case.pint_unit = "cases_of_beer"

    def test_physical_units_convert_through_pint(self):
        # Odoo's 2.20462 lb/kg gives 0.4535929 kg; pint knows 0.45359237.
        product = self.raw_material.with_user(self.stock_user)
        self.assertAlmostEqual(
            product._pi_convert(1.0, self.uom_lb, self.uom_kg), 0.45359237, places=9
        )
        self.assertAlmostEqual(product._pi_convert(2500, self.uom_g, self.uom_kg), 2.5)

    # product and lot ratios
    def test_cross_category_product_ratio(self):
        paste = self.paste.with_user(self.stock_user)
        self.assertAlmostEqual(paste._pi_convert(3, self.uom_case, self.uom_kg), 37.5)
        self.assertAlmostEqual(paste._pi_convert(25, self.uom_kg, self.uom_case), 2.0)
        # Any mass unit goes through the kg ratio.
        self.assertAlmostEqual(paste._pi_convert(12500, self.uom_g, self.uom_case), 1.0)

    def test_product_ratio_overrides_generic_ratio(self):
        # Generically a Test Case holds 12 units; this product's case holds 10.
        bottles = self.env["product.product"].create(
            {
                "name": "Bottles",
                "uom_id": self.uom_unit.id,
                "uom_po_id": self.uom_unit.id,
                "uom_conversion_ids": [
                    Command.create({"uom_id": self.uom_case.id, "factor": 10.0})
                ],
            }
        )
        self.assertAlmostEqual(
            self.raw_material._pi_convert(1, self.uom_case, self.uom_unit), 12.0
        )
        self.assertAlmostEqual(
            bottles._pi_convert(1, self.uom_case, self.uom_unit), 10.0
        )

    def test_lot_ratio_overrides_product_ratio(self):
        heavy = self._lot(
            self.hardener,
            "HEAVY",
            uom_conversion_ids=[
                Command.create({"uom_id": self.uom_drum.id, "factor": 187.3})
            ],
        )
        nominal = self._lot(self.hardener, "NOMINAL")
        hardener = self.hardener.with_user(self.stock_user)
        self.assertAlmostEqual(
            hardener._pi_convert(2, self.uom_drum, self.uom_kg, lot=heavy), 374.6
        )
        self.assertAlmostEqual(
            hardener._pi_convert(2, self.uom_drum, self.uom_kg, lot=nominal), 360.0
        )
        self.assertAlmostEqual(
            hardener._pi_convert(2, self.uom_drum, self.uom_kg), 360.0
        )

    def test_sub_lot_uses_parent_lot_ratio_unless_its_own(self):
        self.hardener.use_sub_lots = True
        parent = self._lot(
            self.hardener,
            "PARENT",
            uom_conversion_ids=[
                Command.create({"uom_id": self.uom_drum.id, "factor": 187.3})
            ],
        )
        child = self._lot(self.hardener, "PARENT-1", parent_lot_id=parent.id)
        own = self._lot(
            self.hardener,
            "PARENT-2",
            parent_lot_id=parent.id,
            uom_conversion_ids=[
                Command.create({"uom_id": self.uom_drum.id, "factor": 185.0})
            ],
        )
        self.assertAlmostEqual(
            self.hardener._pi_convert(1, self.uom_drum, self.uom_kg, lot=child), 187.3
        )
        self.assertAlmostEqual(
            self.hardener._pi_convert(1, self.uom_drum, self.uom_kg, lot=own), 185.0
        )

    def test_density_converts_mass_and_volume(self):
        glycol = self.glycol.with_user(self.stock_user)
        self.assertAlmostEqual(
            glycol._pi_convert(10, self.uom_litre, self.uom_kg), 11.1
        )
        self.assertAlmostEqual(glycol._pi_convert(1, self.uom_m3, self.uom_kg), 1110.0)
        self.assertAlmostEqual(
            glycol._pi_convert(111, self.uom_kg, self.uom_litre), 100
        )

    def test_lot_density_overrides_product_density(self):
        lot = self._lot(self.glycol, "DENSE", density=1.12)
        self.assertAlmostEqual(
            self.glycol._pi_convert(10, self.uom_litre, self.uom_kg, lot=lot), 11.2
        )

    # rejected input
    def test_incompatible_units_without_ratio_refused(self):
        with self.assertRaisesRegex(UserError, r"Raw Material.*kg.*m"):
            self.raw_material._pi_convert(1, self.uom_kg, self.uom_meter)

    def test_mass_to_volume_without_density_refused(self):
        with self.assertRaisesRegex(UserError, r"Raw Material.*kg.*L"):
            self.raw_material._pi_convert(1, self.uom_kg, self.uom_litre)

    def test_error_names_the_lot(self):
        lot = self._lot(self.hardener, "NO-VOLUME")
        with self.assertRaisesRegex(UserError, "NO-VOLUME"):
            self.hardener._pi_convert(1, self.uom_kg, self.uom_litre, lot=lot)

    def test_second_unit_without_ratio_refused(self):
        with self.assertRaisesRegex(ValidationError, r"Raw Material.*kg.*m"):
            self.raw_material.secondary_uom_id = self.uom_meter

    def test_zero_ratio_refused(self):
        with self.assertRaisesRegex(ValidationError, r"Paste.*Test Drum.*positive"):
            self.paste.uom_conversion_ids = [
                Command.create({"uom_id": self.uom_drum.id, "factor": 0.0})
            ]

    def test_negative_lot_ratio_refused(self):
        lot = self._lot(self.hardener, "NEGATIVE")
        with self.assertRaisesRegex(ValidationError, r"NEGATIVE.*Test Drum.*positive"):
            lot.uom_conversion_ids = [
                Command.create({"uom_id": self.uom_drum.id, "factor": -180.0})
            ]

    def test_negative_product_density_refused(self):
        with self.assertRaisesRegex(ValidationError, "Glycol.*negative"):
            self.glycol.density = -1.0

    def test_negative_lot_density_refused(self):
        lot = self._lot(self.glycol, "LIGHT")
        with self.assertRaisesRegex(ValidationError, "LIGHT.*negative"):
            lot.density = -0.5

    def test_ratio_to_own_unit_refused(self):
        with self.assertRaisesRegex(ValidationError, "own unit of measure"):
            self.paste.uom_conversion_ids = [
                Command.create({"uom_id": self.uom_kg.id, "factor": 2.0})
            ]

    def test_two_ratios_for_one_unit_refused(self):
        with self.assertRaisesRegex(ValidationError, "two ratios"):
            self.paste.uom_conversion_ids = [
                Command.create({"uom_id": self.uom_case.id, "factor": 13.0})
            ]

    def test_lot_ratio_for_another_product_refused(self):
        lot = self._lot(self.hardener, "OTHER")
        with self.assertRaisesRegex(ValidationError, "OTHER"):
            self.env["product.uom.conversion"].create(
                {
                    "product_tmpl_id": self.paste.product_tmpl_id.id,
                    "lot_id": lot.id,
                    "uom_id": self.uom_drum.id,
                    "factor": 1.0,
                }
            )

    def test_conversions_read_nothing_more_once_loaded(self):
        lot = self._lot(
            self.hardener,
            "CACHED",
            uom_conversion_ids=[
                Command.create({"uom_id": self.uom_drum.id, "factor": 187.3})
            ],
        )
        hardener = self.hardener.with_user(self.stock_user)
        hardener._pi_convert(1, self.uom_drum, self.uom_g, lot=lot)
        self.glycol._pi_convert(1, self.uom_m3, self.uom_lb)
        with self.assertQueryCount(0):
            for _index in range(20):
                hardener._pi_convert(1, self.uom_drum, self.uom_g, lot=lot)
                self.glycol._pi_convert(1, self.uom_m3, self.uom_lb)

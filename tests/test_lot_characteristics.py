import xmlrpc.client

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ProcessInventoryCommon


class CharacteristicsMixin:
    @classmethod
    def _setup_characteristics(cls):
        Characteristic = cls.env["product.characteristic"]
        cls.category = cls.env["product.category"].create({"name": "Binders"})
        cls.viscosity = Characteristic.create(
            {
                "name": "Viscosity",
                "code": "VISC",
                "value_type": "numeric",
                "use_min_value": True,
                "min_value": 5,
                "use_max_value": True,
                "max_value": 40,
            }
        )
        cls.colour = Characteristic.create(
            {
                "name": "Colour",
                "code": "COLOR",
                "value_type": "alphanumeric",
                "is_required": True,
                "categ_ids": [Command.link(cls.category.id)],
                "value_ids": [
                    Command.create({"name": "RED"}),
                    Command.create({"name": "BLUE"}),
                ],
            }
        )
        cls.solids = Characteristic.create(
            {
                "name": "Solids",
                "code": "SOLIDS",
                "value_type": "numeric",
                "value_ids": [
                    Command.create({"name": "40"}),
                    Command.create({"name": "50"}),
                ],
            }
        )
        cls.food_grade = Characteristic.create(
            {
                "name": "Food Grade",
                "code": "FOODGRADE",
                "value_type": "boolean",
            }
        )
        cls.foreign = Characteristic.create(
            {"name": "Pore Size", "code": "PORE", "value_type": "numeric"}
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Characterised Binder",
                "resource_type": "inventory",
                "categ_id": cls.category.id,
                "tracking": "lot",
                "use_sub_lots": True,
                "characteristic_ids": [
                    Command.set((cls.viscosity | cls.solids | cls.food_grade).ids)
                ],
            }
        )
        Lot = cls.env["stock.lot"]
        cls.batch_a = Lot.create({"name": "CA", "product_id": cls.product.id})
        cls.batch_b = Lot.create({"name": "CB", "product_id": cls.product.id})
        cls.sub_a1 = Lot.create({"name": "CA/01", "product_id": cls.product.id})
        cls.sub_a2 = Lot.create({"name": "CA/02", "product_id": cls.product.id})
        cls._values(cls.batch_a, VISC="12.5", COLOR="red", FOODGRADE="yes")
        cls._values(cls.batch_b, VISC="25", COLOR="BLUE", FOODGRADE="no")
        # CA/02 was measured thicker than its batch
        cls._values(cls.sub_a2, VISC="30")

    @classmethod
    def _values(cls, lot, **values):
        characteristics = {
            c.code: c
            for c in cls.viscosity
            | cls.colour
            | cls.solids
            | cls.food_grade
            | cls.foreign
        }
        lot.write(
            {
                "characteristic_value_ids": [
                    Command.create(
                        {"characteristic_id": characteristics[code].id, "value": value}
                    )
                    for code, value in values.items()
                ]
            }
        )


@tagged("post_install", "-at_install")
class TestLotCharacteristics(CharacteristicsMixin, ProcessInventoryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_characteristics()

    def _set(self, lot, characteristic, value):
        return (
            self.env["stock.lot.characteristic"]
            .with_user(self.stock_user)
            .create(
                {
                    "lot_id": lot.id,
                    "characteristic_id": characteristic.id,
                    "value": value,
                }
            )
        )

    # Validation: every rejected input names lot, characteristic and rule

    def test_numeric_value_that_is_not_a_number_is_refused(self):
        with self.assertRaisesRegex(
            ValidationError, r"Lot 'CB'.*\[SOLIDS\] Solids.*'abc' is not a number"
        ):
            self._set(self.batch_b, self.solids, "abc")

    def test_boolean_value_that_is_not_yes_or_no_is_refused(self):
        with self.assertRaisesRegex(
            ValidationError, r"Lot 'CA/01'.*Food Grade.*'maybe' is not a yes / no"
        ):
            self._set(self.sub_a1, self.food_grade, "maybe")

    def test_value_below_minimum_is_refused(self):
        with self.assertRaisesRegex(
            ValidationError, r"Lot 'CA/01'.*Viscosity.*4 is below the minimum 5"
        ):
            self._set(self.sub_a1, self.viscosity, "4")

    def test_value_above_maximum_is_refused(self):
        with self.assertRaisesRegex(
            ValidationError, r"Viscosity.*41 is above the maximum 40"
        ):
            self._set(self.sub_a1, self.viscosity, "41")

    def test_value_changed_out_of_range_is_refused(self):
        line = self.batch_a.characteristic_value_ids.filtered(
            lambda v: v.characteristic_id == self.viscosity
        )
        with self.assertRaisesRegex(ValidationError, "above the maximum"):
            line.with_user(self.stock_user).value = "99"

    def test_alphanumeric_value_not_in_table_is_refused(self):
        with self.assertRaisesRegex(
            ValidationError,
            r"Lot 'CA/01'.*Colour.*'GREEN' is not in the value table "
            r"\(allowed: RED, BLUE\)",
        ):
            self._set(self.sub_a1, self.colour, "GREEN")

    def test_numeric_value_not_in_table_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "'45' is not in the value table"):
            self._set(self.sub_a1, self.solids, "45")

    def test_characteristic_of_another_product_is_refused(self):
        with self.assertRaisesRegex(
            ValidationError, "not defined for product 'Characterised Binder'"
        ):
            self._set(self.sub_a1, self.foreign, "3")

    def test_value_table_entry_of_wrong_type_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "'high' is not a valid numeric"):
            self.solids.value_ids = [Command.create({"name": "high"})]

    def test_minimum_above_maximum_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "is above the maximum"):
            self.viscosity.min_value = 50

    def test_valid_values_are_stored_typed(self):
        solids = self._set(self.sub_a1, self.solids, "50.0")
        self.assertEqual(solids.value_float, 50)
        food = self._set(self.sub_a1, self.food_grade, "No")
        self.assertFalse(food.value_bool)
        colour = self._set(self.sub_a1, self.colour, "blue")
        self.assertEqual(colour.value, "blue")

    # Required characteristics

    def test_missing_required_value_blocks_leaving_stock(self):
        lot = self.env["stock.lot"].create(
            {"name": "CC/01", "product_id": self.product.id}
        )
        self._values(lot, VISC="10")
        self._set_stock(self.product, self.stock_location, 5, lot_id=lot)
        delivery = self._delivery(lot)
        with self.assertRaisesRegex(UserError, r"lot 'CC/01': \[COLOR\] Colour"):
            delivery.button_validate()
        self._values(lot, COLOR="RED")
        delivery.button_validate()
        self.assertEqual(delivery.state, "done")

    def test_check_required_characteristics_raises_naming_lot(self):
        lot = self.env["stock.lot"].create(
            {"name": "CD/01", "product_id": self.product.id}
        )
        with self.assertRaisesRegex(UserError, r"lot 'CD/01': \[COLOR\] Colour"):
            lot.with_user(self.stock_user)._check_required_characteristics()

    def test_sub_lot_satisfies_required_value_through_its_parent(self):
        self.assertTrue(self.sub_a1._check_required_characteristics())

    def _delivery(self, lot):
        picking = (
            self.env["stock.picking"]
            .with_user(self.stock_user)
            .create(
                {
                    "picking_type_id": self.warehouse.out_type_id.id,
                    "location_id": self.stock_location.id,
                    "location_dest_id": self.customer_location.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": "Binder",
                                "product_id": self.product.id,
                                "product_uom_qty": 5,
                                "product_uom": self.product.uom_id.id,
                                "location_id": self.stock_location.id,
                                "location_dest_id": self.customer_location.id,
                            }
                        )
                    ],
                }
            )
        )
        picking.action_confirm()
        picking.action_assign()
        self.assertEqual(picking.move_line_ids.lot_id, lot)
        picking.move_ids.picked = True
        return picking

    # Inheritance and search

    def test_sub_lot_shows_values_inherited_from_parent(self):
        inherited = self.sub_a2.inherited_characteristic_value_ids
        self.assertEqual(inherited.characteristic_id, self.colour | self.food_grade)
        effective = self.sub_a2._get_effective_characteristic_values()[self.sub_a2]
        self.assertEqual(effective[self.viscosity].value, "30")
        self.assertEqual(effective[self.colour].value, "red")

    def _search(self, condition):
        Lot = self.env["stock.lot"].with_user(self.stock_user)
        return Lot.search(
            [
                ("characteristic_filter", "=", condition),
                ("product_id", "=", self.product.id),
            ]
        )

    def test_search_numeric_range(self):
        lots = self._search([["VISC", ">=", 10], ["VISC", "<=", 20]])
        self.assertEqual(lots, self.batch_a | self.sub_a1)

    def test_search_text_form_from_the_search_box(self):
        lots = self._search("VISC >= 20; VISC <= 30")
        self.assertEqual(lots, self.batch_b | self.sub_a2)

    def test_search_box_of_the_lot_list_filters_by_characteristic(self):
        # The search view sends what the user typed with 'ilike'.
        lots = (
            self.env["stock.lot"]
            .with_user(self.stock_user)
            .search(
                [
                    ("characteristic_filter", "ilike", "SOLIDS = 50; COLOR != blue"),
                    ("product_id", "=", self.product.id),
                ]
            )
        )
        self.assertFalse(lots)
        self._values(self.sub_a1, SOLIDS="50")
        lots = (
            self.env["stock.lot"]
            .with_user(self.stock_user)
            .search(
                [
                    ("characteristic_filter", "ilike", "SOLIDS = 50; COLOR != blue"),
                    ("product_id", "=", self.product.id),
                ]
            )
        )
        self.assertEqual(lots, self.sub_a1)

    def test_search_alphanumeric_equality_ignores_case(self):
        lots = self._search(["COLOR", "=", "RED"])
        self.assertEqual(lots, self.batch_a | self.sub_a1 | self.sub_a2)

    def test_search_boolean(self):
        self.assertEqual(self._search("FOODGRADE = no"), self.batch_b)

    def test_search_combined_with_other_conditions(self):
        lots = self._search("COLOR = red; VISC > 20")
        self.assertEqual(lots, self.sub_a2)

    def test_search_with_unknown_code_is_refused(self):
        with self.assertRaisesRegex(UserError, "No lot characteristic has the code"):
            self._search("NOPE = 1")

    def test_search_with_wrong_typed_value_is_refused(self):
        with self.assertRaisesRegex(UserError, "not a valid value"):
            self._search("VISC >= thick")

    def test_search_unreadable_condition_is_refused(self):
        with self.assertRaisesRegex(UserError, "Cannot read the characteristic"):
            self._search("VISC about 10")


@tagged("post_install", "-at_install")
class TestLotCharacteristicsXmlRpc(CharacteristicsMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_test_user(
            cls.env,
            login="pi_rpc_lots",
            password="pi_rpc_lots_pw",
            groups="stock.group_stock_user",
        )
        cls._setup_characteristics()

    def test_lots_searched_by_characteristic_over_xmlrpc(self):
        common = xmlrpc.client.ServerProxy(f"{self.base_url()}/xmlrpc/2/common")
        uid = common.authenticate(
            self.env.cr.dbname, "pi_rpc_lots", "pi_rpc_lots_pw", {}
        )
        models = xmlrpc.client.ServerProxy(f"{self.base_url()}/xmlrpc/2/object")
        rows = models.execute_kw(
            self.env.cr.dbname,
            uid,
            "pi_rpc_lots_pw",
            "stock.lot",
            "search_read",
            [
                [
                    ("product_id", "=", self.product.id),
                    (
                        "characteristic_filter",
                        "=",
                        [["VISC", ">=", 10], ["VISC", "<=", 20]],
                    ),
                    ("characteristic_filter", "=", [["COLOR", "=", "RED"]]),
                ]
            ],
            {"fields": ["name", "parent_lot_id"], "order": "name"},
        )
        self.assertEqual([row["name"] for row in rows], ["CA", "CA/01"])
        values = models.execute_kw(
            self.env.cr.dbname,
            uid,
            "pi_rpc_lots_pw",
            "stock.lot.characteristic",
            "search_read",
            [[("lot_id", "=", self.batch_a.id)]],
            {"fields": ["characteristic_id", "value", "value_float"]},
        )
        self.assertIn(12.5, [row["value_float"] for row in values])
        with self.assertRaises(xmlrpc.client.Fault) as error:
            models.execute_kw(
                self.env.cr.dbname,
                uid,
                "pi_rpc_lots_pw",
                "stock.lot.characteristic",
                "create",
                [
                    {
                        "lot_id": self.batch_b.id,
                        "characteristic_id": self.solids.id,
                        "value": "45",
                    }
                ],
            )
        self.assertIn("not in the value table", error.exception.faultString)

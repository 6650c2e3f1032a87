from odoo import api, fields, models
from odoo.exceptions import ValidationError

STORAGE_LEVELS = [
    ("site", "Site"),
    ("area", "Area"),
    ("location", "Location"),
]

# The levels a location of each level may sit under (its nearest ancestor
# that has a level); None means "no levelled ancestor at all".
ALLOWED_PARENT_LEVELS = {
    "site": {None},
    "area": {"site"},
    "location": {"area", "location"},
}


class StockLocation(models.Model):
    _inherit = "stock.location"

    storage_level = fields.Selection(
        STORAGE_LEVELS,
        index=True,
        help="Site: a plant. Area: a warehouse or zone inside a site. "
        "Location: a shelf, tank or bay inside an area. Levels must nest.",
    )
    site_id = fields.Many2one(
        "stock.location",
        compute="_compute_storage_hierarchy",
        store=True,
        recursive=True,
        index=True,
        help="The site (plant) this location belongs to.",
    )
    area_id = fields.Many2one(
        "stock.location",
        compute="_compute_storage_hierarchy",
        store=True,
        recursive=True,
        index=True,
        help="The area (warehouse, zone) this location belongs to.",
    )

    @api.depends("storage_level", "location_id.site_id", "location_id.area_id")
    def _compute_storage_hierarchy(self):
        for location in self:
            parent = location.location_id
            if location.storage_level == "site":
                location.site_id = location
                location.area_id = False
            elif location.storage_level == "area":
                location.site_id = parent.site_id
                location.area_id = location
            else:
                location.site_id = parent.site_id
                location.area_id = parent.area_id

    @api.constrains("storage_level", "location_id", "usage")
    def _check_storage_level_nesting(self):
        levelled = self.search(
            [("id", "child_of", self.ids), ("storage_level", "!=", False)]
        )
        for location in levelled:
            if location.usage not in ("internal", "view"):
                raise ValidationError(
                    self.env._(
                        "Location '%(location)s' cannot be a %(level)s: only "
                        "internal and view locations belong to the storage "
                        "hierarchy.",
                        location=location.display_name,
                        level=location._storage_level_label(),
                    )
                )
            ancestor = location._nearest_levelled_ancestor()
            allowed = ALLOWED_PARENT_LEVELS[location.storage_level]
            if (ancestor.storage_level or None) not in allowed:
                raise ValidationError(location._storage_nesting_error_message(ancestor))

    def _nearest_levelled_ancestor(self):
        self.ensure_one()
        ancestor = self.location_id
        while ancestor and not ancestor.storage_level:
            ancestor = ancestor.location_id
        return ancestor

    def _storage_nesting_error_message(self, ancestor):
        expected = {
            "site": self.env._("no site, area or location above it"),
            "area": self.env._("a site above it"),
            "location": self.env._("an area (or another location) above it"),
        }[self.storage_level]
        if ancestor:
            found = self.env._(
                "%(level)s '%(ancestor)s'",
                level=ancestor._storage_level_label(),
                ancestor=ancestor.display_name,
            )
        else:
            found = self.env._("nothing")
        return self.env._(
            "Storage levels must nest (site > area > location): "
            "%(level)s '%(location)s' needs %(expected)s, but finds %(found)s.",
            level=self._storage_level_label(),
            location=self.display_name,
            expected=expected,
            found=found,
        )

    def _storage_level_label(self):
        self.ensure_one()
        return dict(self._fields["storage_level"]._description_selection(self.env)).get(
            self.storage_level
        )

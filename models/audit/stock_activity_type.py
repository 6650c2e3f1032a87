from odoo import api, fields, models
from odoo.exceptions import ValidationError


class StockActivityType(models.Model):
    _name = "stock.activity.type"
    _description = "Inventory Activity Type"
    _inherit = ["mail.thread"]
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    direction = fields.Selection(
        [("issue", "Issue"), ("receipt", "Receipt")],
        required=True,
        default="issue",
        tracking=True,
        help="Issue: stock leaves an internal location. Receipt: stock enters one.",
    )
    location_id = fields.Many2one(
        "stock.location",
        string="Source Location",
        required=True,
        check_company=True,
        tracking=True,
    )
    location_dest_id = fields.Many2one(
        "stock.location",
        string="Destination Location",
        required=True,
        check_company=True,
        tracking=True,
    )
    is_analytic_required = fields.Boolean(
        string="Cost Center Required",
        tracking=True,
        help="Recording this activity requires an analytic account (cost center).",
    )
    classification_id = fields.Many2one(
        "stock.lot.classification",
        string="Default Classification",
        tracking=True,
        help="Classification given to the lots this receipt activity creates.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    note = fields.Text(translate=True)

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "The code of an activity type must be unique per company.",
        )
    ]

    @api.constrains("direction", "location_id", "location_dest_id")
    def _check_direction_locations(self):
        for activity_type in self:
            source_internal = activity_type.location_id.usage == "internal"
            dest_internal = activity_type.location_dest_id.usage == "internal"
            if activity_type.direction == "issue" and not (
                source_internal and not dest_internal
            ):
                raise ValidationError(
                    self.env._(
                        "Activity type '%(name)s' is an issue: its source location "
                        "must be internal and its destination must not be.",
                        name=activity_type.display_name,
                    )
                )
            if activity_type.direction == "receipt" and not (
                dest_internal and not source_internal
            ):
                raise ValidationError(
                    self.env._(
                        "Activity type '%(name)s' is a receipt: its destination "
                        "location must be internal and its source must not be.",
                        name=activity_type.display_name,
                    )
                )

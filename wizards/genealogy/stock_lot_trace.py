import json

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools.misc import format_datetime, formatLang

# Above this many nodes the form shows no picture: drawing and sending it
# would cost more than it tells (the tree and the PDF's lists still do).
SVG_NODE_LIMIT = 300
# Rows of the tree the form lists; the trace itself is never cut.
TREE_ROW_LIMIT = 1000

TRACE_START_MODELS = [
    ("stock.lot", "Lot / Sub-lot"),
    ("purchase.order", "Purchase Order"),
    ("stock.picking", "Receipt / Delivery"),
    ("mrp.production", "Manufacturing Order"),
    ("sale.order", "Sales Order"),
]


class StockLotTrace(models.TransientModel):
    _name = "stock.lot.trace"
    _inherit = ["input.validation.mixin"]
    _description = "Lot Genealogy Trace"

    start_ref = fields.Reference(TRACE_START_MODELS, string="Start From", required=True)
    direction = fields.Selection(
        [
            ("backward", "Backward (to raw materials and suppliers)"),
            ("forward", "Forward (to products and customers)"),
            ("both", "Both"),
        ],
        required=True,
        default="both",
    )
    depth = fields.Integer(help="Maximum number of links from the start; 0: no limit.")
    date_from = fields.Datetime(string="Links From")
    date_to = fields.Datetime(string="Links To")
    # The result stays on the server: the form reads only the fields it shows.
    result_json = fields.Text(readonly=True, prefetch=False)
    is_traced = fields.Boolean(readonly=True)
    is_truncated = fields.Boolean(
        string="Tree Truncated",
        readonly=True,
        help="The tree lists its first rows only; the graph, counts and "
        "printout cover the whole trace.",
    )
    node_count = fields.Integer(readonly=True)
    edge_count = fields.Integer(readonly=True)
    line_ids = fields.One2many("stock.lot.trace.line", "trace_id", string="Tree")
    graph_svg = fields.Html(
        string="Graph", sanitize=False, readonly=True, compute="_compute_graph_svg"
    )
    roots_html = fields.Html(
        string="Suppliers and Purchase Orders",
        sanitize=False,
        readonly=True,
        compute="_compute_graph_svg",
    )
    leaves_html = fields.Html(
        string="Customers and Deliveries",
        sanitize=False,
        readonly=True,
        compute="_compute_graph_svg",
    )

    @api.depends("start_ref", "direction")
    def _compute_display_name(self):
        # breadcrumbs and window titles name the trace, not "stock.lot.trace,1"
        directions = dict(self._fields["direction"]._description_selection(self.env))
        for trace in self:
            if trace.start_ref:
                trace.display_name = self.env._(
                    "Genealogy of %(start)s (%(direction)s)",
                    start=trace.start_ref.display_name,
                    direction=directions.get(trace.direction, "").split(" (")[0],
                )
            else:
                trace.display_name = self.env._("Lot Genealogy")

    @api.depends("result_json")
    def _compute_graph_svg(self):
        genealogy = self.env["stock.lot.genealogy"]
        for trace in self:
            result = trace._result()
            if result and len(result["nodes"]) > SVG_NODE_LIMIT:
                trace.graph_svg = Markup("<p>%s</p>") % self.env._(
                    "%(count)s nodes: too many to draw. Use the tree or print "
                    "the lot genealogy.",
                    count=len(result["nodes"]),
                )
            else:
                trace.graph_svg = genealogy._trace_svg(result) if result else False
            trace.roots_html = trace._ends_html(result, "receipt") if result else False
            trace.leaves_html = (
                trace._ends_html(result, "delivery") if result else False
            )

    def _result(self):
        self.ensure_one()
        return json.loads(self.result_json) if self.result_json else None

    def _ends(self, result, kind):
        """Receipts (roots) or deliveries (leaves) of the result, with their
        partner and lot: list of dicts."""
        nodes = {node["key"]: node for node in result["nodes"]}
        ends = []
        for edge in result["edges"]:
            if edge["kind"] != kind:
                continue
            partner, lot = (
                (edge["source"], edge["target"])
                if kind == "receipt"
                else (edge["target"], edge["source"])
            )
            ends.append(
                {
                    "partner": nodes[partner]["name"],
                    "document": edge["document"],
                    "origin": edge["origin"] or "",
                    "lot": nodes[lot]["name"],
                    "product": nodes[lot]["product"],
                    # the reader's time zone and the unit precision, as
                    # the web client shows them
                    "date": edge["date"]
                    and format_datetime(self.env, edge["date"], dt_format="short"),
                    "quantity": formatLang(
                        self.env, edge["quantity"] or 0.0, dp="Product Unit of Measure"
                    ),
                    "uom": edge["uom"] or "",
                    "secondary": edge["secondary_uom"]
                    and formatLang(
                        self.env,
                        edge["secondary_quantity"] or 0.0,
                        dp="Product Unit of Measure",
                    )
                    + f" {edge['secondary_uom']}",
                }
            )
        return ends

    def _ends_html(self, result, kind):
        return self.env["ir.qweb"]._render(
            "process_inventory.lot_genealogy_ends_table",
            {"ends": self._ends(result, kind)},
        )

    def action_trace(self):
        """Run the trace, fill the tree and reopen the form on the result."""
        self.ensure_one()
        result = self.env["stock.lot.genealogy"].trace(
            self.start_ref._name,
            self.start_ref.id,
            self.direction,
            self.depth,
            self.date_from,
            self.date_to,
        )
        self.line_ids.unlink()
        truncated = self._create_lines(result)
        self.write(
            {
                "result_json": json.dumps(dict(result, truncated=truncated)),
                "is_traced": True,
                "is_truncated": truncated,
                "node_count": len(result["nodes"]),
                "edge_count": len(result["edges"]),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
            "name": self.env._("Lot Genealogy"),
        }

    def _create_lines(self, result):
        """Create the tree's lines; return whether the tree was cut at
        ``TREE_ROW_LIMIT`` rows."""
        nodes = {node["key"]: node for node in result["nodes"]}
        rows, truncated = self.env["stock.lot.genealogy"]._trace_tree_cut(
            result, TREE_ROW_LIMIT
        )
        kinds = dict(self.env["stock.lot.trace.line"]._fields["kind"].selection)
        line_ids = {}
        for level in sorted({row[1] for row in rows}):
            batch = [(i, row) for i, row in enumerate(rows) if row[1] == level]
            vals_list = []
            for index, (direction, _level, key, edge, parent, is_loop) in batch:
                node = nodes[key]
                # the quantity the link carries, else the node's own
                carrier = edge if edge and edge["quantity"] else node
                carried = "quantity" if carrier is edge else "quantity_in"
                vals_list.append(
                    {
                        "trace_id": self.id,
                        "sequence": index,
                        "level": level,
                        "parent_id": line_ids.get(parent),
                        "direction": direction,
                        "node_key": key,
                        "node_type": node["type"],
                        "name": ("\u2003" * level) + (node["name"] or ""),
                        "lot_id": node["id"] if node["type"] == "lot" else False,
                        "partner_id": node["id"]
                        if node["type"] in ("supplier", "customer")
                        else False,
                        "product_id": node["product_id"],
                        "quantity": carrier[carried] or 0.0,
                        "uom_name": (edge or {}).get("uom") or node["uom"],
                        "secondary_quantity": carrier[f"secondary_{carried}"] or 0.0,
                        "secondary_uom_name": node.get("secondary_uom")
                        or (edge or {}).get("secondary_uom"),
                        "manufacturing_date": node.get("manufacturing_date"),
                        "expiration_date": node.get("expiration_date"),
                        "classification": node["classification"],
                        "kind": edge and edge["kind"],
                        "link_label": edge
                        and f"{kinds.get(edge['kind'])}: {edge['document'] or ''}",
                        "document": edge and edge["document"],
                        "res_model": edge and edge["res_model"],
                        "res_id": edge and edge["res_id"],
                        "origin": edge and edge["origin"],
                        "date": edge and edge["date"],
                        "is_loop": is_loop,
                    }
                )
            created = self.env["stock.lot.trace.line"].create(vals_list)
            for (index, _row), line in zip(batch, created, strict=True):
                line_ids[index] = line.id
        return truncated

    def action_print(self):
        """Print the Lot genealogy PDF of this trace."""
        self.ensure_one()
        if not self.is_traced:
            self.action_trace()
        # data={} (not None) prints the same and marshals over XML-RPC
        return self.env.ref("process_inventory.lot_genealogy_report").report_action(
            self, data={}
        )

    def action_open_tree(self):
        """Open the genealogy as an expandable hierarchy."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Genealogy Tree"),
            "res_model": "stock.lot.trace.line",
            "view_mode": "hierarchy,list",
            "domain": [("trace_id", "=", self.id)],
            "context": {"hierarchy_res_id": False},
        }

    def _report_lots(self):
        """The lot and untracked nodes of the result, for the PDF: dicts with
        the node and its quantities received / on hand in both units."""
        self.ensure_one()
        genealogy = self.env["stock.lot.genealogy"]
        return [
            dict(
                node,
                received=genealogy._quantity_label(
                    node, "quantity_in", "secondary_quantity_in"
                ),
                on_hand=genealogy._quantity_label(
                    node, "quantity_on_hand", "secondary_quantity_on_hand"
                ),
            )
            for node in self._result()["nodes"]
            if node["type"] in ("lot", "untracked")
        ]

    def _report_paths(self):
        """Every path as a list of labels, for the PDF."""
        self.ensure_one()
        result = self._result()
        nodes = {node["key"]: node for node in result["nodes"]}
        paths = []
        for keys, edges in self.env["stock.lot.genealogy"]._trace_paths(result):
            labels = [nodes[keys[0]]["name"] or keys[0]]
            for key, edge in zip(keys[1:], edges, strict=True):
                labels.append(f"--[{edge['document'] or edge['kind']}]-->")
                labels.append(nodes[key]["name"] or key)
            paths.append(" ".join(labels))
        return paths

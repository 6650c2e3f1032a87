from markupsafe import Markup

from odoo import api, models


class StockLotGenealogy(models.AbstractModel):
    """Presentation of a trace result: tree rows, paths and SVG picture."""

    _inherit = "stock.lot.genealogy"

    # ------------------------------------------------------------------
    # Presentation helpers (tree paths and picture)
    # ------------------------------------------------------------------
    @api.model
    def _trace_tree(self, trace, limit=1000):
        """Unfold the genealogy into trees, one per direction and start node:
        list of ``(direction, level, node_key, edge, parent_index, is_loop)``
        in depth-first order, at most ``limit`` rows (see
        ``_trace_tree_cut``)."""
        return self._trace_tree_cut(trace, limit)[0]

    @api.model
    def _trace_tree_cut(self, trace, limit=1000):
        """``(rows, truncated)``: the rows of ``_trace_tree`` and whether the
        trees were cut at ``limit`` rows. A node already on the path is listed
        once more as a loop and not unfolded again."""
        directions = (
            ("backward", "forward")
            if trace["direction"] == "both"
            else (trace["direction"],)
        )
        children = {"forward": {}, "backward": {}}
        for edge in trace["edges"]:
            children["forward"].setdefault(edge["source"], []).append(
                (edge["target"], edge)
            )
            children["backward"].setdefault(edge["target"], []).append(
                (edge["source"], edge)
            )
        rows = []
        truncated = False
        for direction in directions:
            for start in trace["start"]["nodes"]:
                stack = [(start, None, None, 0, (start,))]
                while stack and len(rows) < limit:
                    key, edge, parent, level, path = stack.pop()
                    is_loop = edge is not None and key in path[:-1]
                    rows.append((direction, level, key, edge, parent, is_loop))
                    if is_loop:
                        continue
                    index = len(rows) - 1
                    for child, child_edge in reversed(children[direction].get(key, [])):
                        stack.append(
                            (child, child_edge, index, level + 1, path + (child,))
                        )
                truncated = truncated or bool(stack)
        return rows, truncated

    @api.model
    def _trace_paths(self, trace, limit=500):
        """Every path of the unfolded trees in the direction material flows,
        as ``(node keys, edges)`` with ``edges[i]`` linking ``keys[i]`` to
        ``keys[i + 1]``."""
        rows = self._trace_tree(trace)
        has_child = {row[4] for row in rows if row[4] is not None}
        paths = []
        for index in range(len(rows)):
            if index in has_child:
                continue
            chain = []
            current = index
            while current is not None:
                direction, _level, key, edge, parent, _loop = rows[current]
                chain.append((key, edge))
                current = parent
            keys = [key for key, _edge in chain]
            edges = [edge for _key, edge in chain]
            if direction == "forward":
                keys.reverse()
                edges = list(reversed(edges))[1:]
            else:
                edges = edges[:-1]
            paths.append((keys, edges))
            if len(paths) >= limit:
                break
        return paths

    @api.model
    def _quantity_label(self, item, field, secondary_field):
        """``"20 kg / 4 Drum"``: a node's or edge's quantity in its product's
        unit and, for a product with a second unit, in that one too."""
        value = item.get(field)
        if value is None or value is False:
            return ""
        label = f"{value:g} {item['uom'] or ''}".strip()
        if item.get("secondary_uom") and item.get(secondary_field) is not False:
            label += f" / {item[secondary_field] or 0.0:g} {item['secondary_uom']}"
        return label

    @api.model
    def _trace_svg(self, trace):
        """The genealogy as an SVG picture: one column per depth, material
        flowing from left to right, an arrow per edge labelled with its
        document."""
        nodes = trace["nodes"]
        if not nodes:
            return Markup("")
        box_w, box_h, col_w, row_h, margin = 190, 50, 280, 70, 30
        columns = {}
        for node in nodes:
            columns.setdefault(node["depth"], []).append(node)
        min_depth = min(columns)
        position = {}
        for depth, column in columns.items():
            for row, node in enumerate(column):
                position[node["key"]] = (
                    margin + (depth - min_depth) * col_w,
                    margin + 20 + row * row_h,
                )
        width = margin * 2 + (max(columns) - min_depth) * col_w + box_w
        height = margin * 2 + 20 + max(len(c) for c in columns.values()) * row_h
        colors = {
            "lot": "#e7f0fb",
            "supplier": "#fdf0d5",
            "customer": "#e2f5e4",
        }
        start_keys = set(trace["start"]["nodes"])
        parts = [
            Markup(
                '<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" '
                'viewBox="0 0 %s %s" font-family="sans-serif">'
                '<defs><marker id="pi_arrow" markerWidth="10" markerHeight="8" '
                'refX="9" refY="4" orient="auto"><path d="M0,0 L10,4 L0,8 z" '
                'fill="#555"/></marker></defs>'
            )
            % (width, height, width, height)
        ]
        for edge in trace["edges"]:
            if edge["source"] not in position or edge["target"] not in position:
                continue
            sx, sy = position[edge["source"]]
            tx, ty = position[edge["target"]]
            if tx > sx:
                x1, y1, x2, y2 = sx + box_w, sy + box_h / 2, tx, ty + box_h / 2
                path = f"M{x1},{y1} C{x1 + 45},{y1} {x2 - 45},{y2} {x2},{y2}"
                lx, ly = (x1 + x2) / 2, (y1 + y2) / 2 - 4
            else:
                # a loop (rework) or a link back to an earlier column
                x1, y1, x2, y2 = sx + box_w / 2 + 20, sy, tx + box_w / 2 - 20, ty
                top = min(y1, y2) - 18
                path = f"M{x1},{y1} C{x1},{top} {x2},{top} {x2},{y2}"
                lx, ly = (x1 + x2) / 2, top + 2
            parts.append(
                Markup(
                    '<path d="%s" fill="none" stroke="#555" stroke-width="1.3" '
                    'marker-end="url(#pi_arrow)"/>'
                    '<text x="%s" y="%s" font-size="9" fill="#333" '
                    'text-anchor="middle">%s</text>'
                )
                % (path, lx, ly, edge["document"] or edge["kind"])
            )
        for node in nodes:
            x, y = position[node["key"]]
            detail = node["product"] or node["type"].capitalize()
            quantities = (
                self._quantity_label(node, "quantity_in", "secondary_quantity_in")
                if node["type"] in ("lot", "untracked") and node["quantity_in"]
                else ""
            )
            parts.append(
                Markup(
                    '<g><rect x="%s" y="%s" width="%s" height="%s" rx="6" '
                    'fill="%s" stroke="%s" stroke-width="%s"/>'
                    '<text x="%s" y="%s" font-size="12" font-weight="bold">%s</text>'
                    '<text x="%s" y="%s" font-size="9" fill="#444">%s</text>'
                    '<text x="%s" y="%s" font-size="9" fill="#444">%s</text></g>'
                )
                % (
                    x,
                    y,
                    box_w,
                    box_h,
                    colors.get(node["type"], "#eeeeee"),
                    "#c0392b" if node["key"] in start_keys else "#7a8a99",
                    2.5 if node["key"] in start_keys else 1,
                    x + 8,
                    y + 17,
                    (node["name"] or "")[:26],
                    x + 8,
                    y + 31,
                    detail[:36],
                    x + 8,
                    y + 44,
                    quantities[:40],
                )
            )
        parts.append(Markup("</svg>"))
        return Markup("").join(parts)

#!/usr/bin/env python3
"""Recall report: trace a lot forward (to the deliveries and customers that
received anything made from it) or backward (to its suppliers) and write
every link as a CSV row.

    python3 recall_report.py --lot B2311-001 --output recall.csv
"""

import csv
import sys
import xmlrpc.client

import pi_client

COLUMNS = (
    "kind",
    "date",
    "document",
    "origin",
    "from",
    "from_product",
    "to",
    "to_type",
    "quantity",
    "uom",
    "secondary_quantity",
    "secondary_uom",
)


def write_links(output, trace):
    """One CSV row per link of the trace."""
    nodes = {node["key"]: node for node in trace["nodes"]}
    writer = csv.writer(output)
    writer.writerow(COLUMNS)
    for edge in trace["edges"]:
        source = nodes.get(edge["source"], {})
        target = nodes.get(edge["target"], {})
        writer.writerow(
            [
                edge["kind"],
                edge["date"] or "",
                edge["document"] or "",
                edge["origin"] or "",
                source.get("name") or "",
                source.get("product") or "",
                target.get("name") or "",
                target.get("type") or "",
                edge["quantity"] or 0,
                edge["uom"] or "",
                edge["secondary_quantity"] or 0,
                edge["secondary_uom"] or "",
            ]
        )


def main():
    parser = pi_client.parser(__doc__.splitlines()[0])
    parser.add_argument("--lot", required=True, help="lot or sub-lot name")
    parser.add_argument("--product", help="product internal reference")
    parser.add_argument(
        "--direction", default="forward", choices=("forward", "backward", "both")
    )
    parser.add_argument("--output", help="CSV file (default: standard output)")
    args = parser.parse_args()
    client = pi_client.Client(args)
    domain = [("name", "=", args.lot)]
    if args.product:
        domain.append(("product_id.default_code", "=", args.product))
    lot_id = client.find_one("stock.lot", domain, f"lot {args.lot}")
    try:
        trace = client.call(
            "process.inventory.lot.api", "trace", "stock.lot", lot_id, args.direction
        )
    except xmlrpc.client.Fault as fault:
        sys.exit(f"trace refused: {pi_client.fault_message(fault)}")
    if args.output:
        with open(args.output, "w", newline="", encoding="utf-8") as output:
            write_links(output, trace)
    else:
        write_links(sys.stdout, trace)
    customers = sorted({n["name"] for n in trace["nodes"] if n["type"] == "customer"})
    print(
        f"{args.lot}: {len(trace['edges'])} links, customers: "
        + (", ".join(customers) or "none"),
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()

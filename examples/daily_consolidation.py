#!/usr/bin/env python3
"""Daily purchasing consolidation: compute the parts to order (the preview)
and, with --create-rfqs, one request for quotation per vendor. The run's
client reference is the day (and warehouse): running it twice the same day
returns the first run instead of ordering twice.

    python3 daily_consolidation.py --warehouse-id 1 --create-rfqs
"""

import csv
import datetime
import sys
import xmlrpc.client

import pi_client

API = "process.inventory.flow.api"


def main():
    parser = pi_client.parser(__doc__.splitlines()[0])
    parser.add_argument("--warehouse-id", type=int, help="default: the company")
    parser.add_argument("--create-rfqs", action="store_true", help="also order")
    parser.add_argument(
        "--date", default=datetime.date.today().isoformat(), help="run date (reference)"
    )
    args = parser.parse_args()
    client = pi_client.Client(args)
    reference = f"consolidation:{args.date}:{args.warehouse_id or 'company'}"
    try:
        run = client.call(
            API,
            "consolidation_compute",
            warehouse_id=args.warehouse_id or False,
            client_reference=reference,
        )
        if args.create_rfqs and run["lines"]:
            run = client.call(
                API,
                "consolidation_create_rfqs",
                run["consolidation_id"],
                client_reference=reference + ":rfqs",
            )
    except xmlrpc.client.Fault as fault:
        sys.exit(f"consolidation refused: {pi_client.fault_message(fault)}")
    writer = csv.writer(sys.stdout)
    writer.writerow(("product", "available", "to_order", "uom", "vendor"))
    for line in run["lines"]:
        writer.writerow(
            (
                line["product"],
                line["qty_available"],
                line["qty_to_order"],
                line["uom"],
                line["partner"] or "",
            )
        )
    print(
        f"{run['name']}: {len(run['lines'])} parts, RFQs: "
        + (", ".join(order["name"] for order in run["purchases"]) or "none"),
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()

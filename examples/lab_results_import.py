#!/usr/bin/env python3
"""Import lab results into lot characteristics from a CSV file.

Columns: lot, characteristic (code), value, and optionally product (internal
reference) when lot names repeat across products. Every lot's values are sent
in one call with a client reference built from the file's content and the
lot, so importing the same file again changes nothing.

    python3 lab_results_import.py results.csv
"""

import csv
import hashlib
import sys
import xmlrpc.client
from collections import defaultdict

import pi_client


def main():
    parser = pi_client.parser(__doc__.splitlines()[0])
    parser.add_argument("csv_file", help="CSV with lot, characteristic, value")
    args = parser.parse_args()
    with open(args.csv_file, newline="", encoding="utf-8") as handle:
        content = handle.read()
    rows = list(csv.DictReader(content.splitlines()))
    if not rows or not {"lot", "characteristic", "value"} <= set(rows[0]):
        sys.exit("the CSV needs the columns lot, characteristic, value")
    digest = hashlib.sha256(content.encode()).hexdigest()[:16]
    values = defaultdict(dict)
    for row in rows:
        values[row["lot"], row.get("product") or ""][row["characteristic"]] = row[
            "value"
        ]
    client = pi_client.Client(args)
    failed = 0
    for (lot, product), lot_values in values.items():
        domain = [("name", "=", lot)]
        if product:
            domain.append(("product_id.default_code", "=", product))
        try:
            lot_id = client.find_one("stock.lot", domain, f"lot {lot}")
            result = client.call(
                "process.inventory.lot.api",
                "set_lot_characteristics",
                lot_id,
                lot_values,
                client_reference=f"lab-import:{digest}:{lot}:{product}",
            )
        except (SystemExit, xmlrpc.client.Fault) as error:
            failed += 1
            message = (
                pi_client.fault_message(error)
                if isinstance(error, xmlrpc.client.Fault)
                else error.code
            )
            print(f"{lot}: refused: {message}", file=sys.stderr)
            continue
        shown = ", ".join(f"{v['code']}={v['value']}" for v in result["values"])
        print(f"{lot}: {shown}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Record a receipt weighed on a scale: one product, its lot or sub-lot, the
quantity, the actual weight in the product's second unit and the handling
unit, validated at once.

The scale ticket number is the client reference: sending the same ticket
again (a timeout, a retry) returns the first receipt instead of a second one.

    python3 scale_receipt.py --ticket T-0042 --product PASTE --quantity 25 \\
        --weight 5.2 --lot B2311-001/01 --package PAL-0042
"""

import json
import sys
import xmlrpc.client

import pi_client


def main():
    parser = pi_client.parser(__doc__.splitlines()[0])
    parser.add_argument("--ticket", required=True, help="scale ticket number")
    parser.add_argument("--product", required=True, help="product internal reference")
    parser.add_argument("--quantity", required=True, type=float, help="product unit")
    parser.add_argument("--weight", type=float, help="quantity in the second unit")
    parser.add_argument("--lot", help="lot or sub-lot name (parent/NN)")
    parser.add_argument("--package", help="handling unit (package) name")
    parser.add_argument("--vendor-id", type=int, help="vendor (res.partner) id")
    parser.add_argument("--picking-type-id", type=int, help="receipt operation type")
    args = parser.parse_args()
    client = pi_client.Client(args)
    product_id = client.find_one(
        "product.product", [("default_code", "=", args.product)], args.product
    )
    line = {"product_id": product_id, "quantity": args.quantity}
    if args.weight is not None:
        line["secondary_quantity"] = args.weight
    if args.lot:
        line["lot_name"] = args.lot
    if args.package:
        line["package_name"] = args.package
    try:
        result = client.call(
            "process.inventory.api",
            "record_receipt",
            [line],
            partner_id=args.vendor_id or False,
            picking_type_id=args.picking_type_id or False,
            origin=f"Scale ticket {args.ticket}",
            client_reference=f"scale:{args.ticket}",
        )
    except xmlrpc.client.Fault as fault:
        sys.exit(f"receipt refused: {pi_client.fault_message(fault)}")
    print(json.dumps(result, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()

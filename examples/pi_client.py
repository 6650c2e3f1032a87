"""Connection shared by the example scripts: standard library only.

Every script takes --url, --db, --user and --api-key, or the environment
variables PI_URL, PI_DB, PI_USER and PI_API_KEY (an API key from the user's
preferences, or the password).
"""

import argparse
import os
import sys
import xmlrpc.client


def parser(description):
    """An argument parser with the connection options."""
    result = argparse.ArgumentParser(
        description=description,
        epilog="Connection: --url/--db/--user/--api-key or PI_URL, PI_DB, "
        "PI_USER, PI_API_KEY.",
    )
    result.add_argument("--url", default=os.environ.get("PI_URL"), help="Odoo URL")
    result.add_argument("--db", default=os.environ.get("PI_DB"), help="database")
    result.add_argument("--user", default=os.environ.get("PI_USER"), help="login")
    result.add_argument(
        "--api-key",
        default=os.environ.get("PI_API_KEY"),
        help="API key (or password); prefer the PI_API_KEY environment variable",
    )
    return result


class Client:
    """``execute_kw`` as one user."""

    def __init__(self, args):
        missing = [
            name for name in ("url", "db", "user", "api_key") if not getattr(args, name)
        ]
        if missing:
            sys.exit(
                "missing connection settings: "
                + ", ".join("--" + name.replace("_", "-") for name in missing)
            )
        url = args.url.rstrip("/")
        self.db, self.key = args.db, args.api_key
        common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common")
        self.uid = common.authenticate(self.db, args.user, self.key, {})
        if not self.uid:
            sys.exit(f"login refused for {args.user} on {self.db}")
        self.models = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object")

    def call(self, model, method, *args, **kwargs):
        return self.models.execute_kw(
            self.db, self.uid, self.key, model, method, list(args), kwargs
        )

    def find_one(self, model, domain, label):
        """The id of the one record matching ``domain``; exit otherwise."""
        ids = self.call(model, "search", domain, limit=2)
        if len(ids) != 1:
            sys.exit(f"{label}: {'no' if not ids else 'more than one'} {model} found")
        return ids[0]


def fault_message(fault):
    """The user-facing line of an XML-RPC fault."""
    lines = [line for line in fault.faultString.strip().splitlines() if line.strip()]
    return lines[-1] if lines else str(fault)

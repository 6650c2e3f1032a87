#!/usr/bin/env python3
"""Screenshots of the demo for the Apps listing (static/description/).

    python3 tools/dev.py demo          # in another terminal: the demo server
    python3 tools/screenshots.py       # headless Chromium, admin / admin

Logs in to the demo server (PI_SCREENSHOT_URL, default http://127.0.0.1:8069,
or PI_HTTP_PORT's port; database PI_DEMO_DB, default process_inventory_demo),
opens each screen of SHOTS at 1366 x 768 and saves it as
static/description/screenshots/<name>.png. Rerun it after a change of the
screens: it overwrites the files. Needs Chromium (Debian's ``chromium``) and
websocket-client (requirements.txt).
"""

import base64
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "static" / "description" / "screenshots"
PORT = os.environ.get("PI_HTTP_PORT", "8069")
BASE = os.environ.get("PI_SCREENSHOT_URL", f"http://127.0.0.1:{PORT}")
DATABASE = os.environ.get("PI_DEMO_DB", "process_inventory_demo")
# (file name, path under /odoo, CSS selector that says the screen is ready)
SHOTS = [
    (
        "resources",
        "action-process_inventory.product_template_resource_action",
        ".o_list_view",
    ),
    ("storage", "action-process_inventory.stock_quant_storage_action", ".o_list_view"),
    ("lots", "action-stock.action_production_lot_form", ".o_list_view"),
    (
        "classifications",
        "action-process_inventory.stock_lot_classification_action",
        ".o_list_view",
    ),
    (
        "audit_trail",
        "action-process_inventory.stock_inventory_ledger_action",
        ".o_list_view",
    ),
    ("genealogy", "action-process_inventory.stock_lot_trace_action", ".o_form_view"),
    (
        "inventory_flow",
        "action-process_inventory.product_product_flow_action",
        ".o_list_view",
    ),
    (
        "consolidation",
        "action-process_inventory.purchase_consolidation_action",
        ".o_list_view",
    ),
    (
        "stock_room",
        "action-process_inventory.mrp_production_issue_action",
        ".o_form_view",
    ),
]


class Browser:
    """Just enough of the Chrome DevTools protocol: navigate, evaluate,
    wait for a selector, capture the page."""

    def __init__(self):
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        if not chromium:
            raise SystemExit(
                "screenshots.py: Chromium not found (apt install chromium)"
            )
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.profile = tempfile.mkdtemp(prefix="pi-screenshots-")
        self.process = subprocess.Popen(
            [
                chromium,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--window-size=1366,768",
                f"--remote-debugging-port={self.port}",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.socket = websocket.create_connection(self._page_socket(), timeout=60)
        self.next_id = 0

    def _page_socket(self):
        for _attempt in range(100):
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{self.port}/json/list", timeout=2
                ) as answer:
                    pages = [t for t in json.load(answer) if t["type"] == "page"]
                if pages:
                    return pages[0]["webSocketDebuggerUrl"]
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit("screenshots.py: Chromium did not start")

    def call(self, method, **params):
        self.next_id += 1
        self.socket.send(
            json.dumps({"id": self.next_id, "method": method, "params": params})
        )
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise SystemExit(f"screenshots.py: {method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.call(
            "Runtime.evaluate", expression=expression, returnByValue=True
        )
        return result.get("result", {}).get("value")

    def open(self, url, ready):
        self.call("Page.navigate", url=url)
        for _attempt in range(300):
            time.sleep(0.2)
            if self.evaluate(f"!!document.querySelector({json.dumps(ready)})"):
                time.sleep(1.0)  # let the last rows and fonts settle
                return
        raise SystemExit(f"screenshots.py: {url} never showed {ready}")

    def screenshot(self, path):
        # notifications (e.g. "the page is out of date" after an upgrade) are
        # not part of the screen
        self.evaluate(
            "document.querySelectorAll('.o_notification_close')"
            ".forEach((button) => button.click())"
        )
        time.sleep(0.5)
        data = self.call("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self):
        self.socket.close()
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    browser = Browser()
    try:
        browser.call("Page.enable")
        browser.open(f"{BASE}/web/login?db={DATABASE}", "form.oe_login_form")
        browser.evaluate(
            "document.querySelector('#login').value = 'admin';"
            "document.querySelector('#password').value = 'admin';"
            "document.querySelector('form.oe_login_form').submit();"
        )
        time.sleep(3)
        for name, path, ready in SHOTS:
            browser.open(f"{BASE}/odoo/{path}", ready)
            target = OUT / f"{name}.png"
            browser.screenshot(target)
            print(target.relative_to(REPO))
    finally:
        browser.close()


if __name__ == "__main__":
    main()

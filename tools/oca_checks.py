#!/usr/bin/env python3
"""Run OCA's module checks on this checkout through a link named after the
add-on: the checks take the module name from the directory name."""

import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

with tempfile.TemporaryDirectory() as tmp:
    link = Path(tmp) / "process_inventory"
    link.symlink_to(REPO)
    result = subprocess.run(
        ["oca-checks-odoo-module", "--no-verbose", *sys.argv[1:], str(link)],
        check=False,
    )
sys.exit(result.returncode)

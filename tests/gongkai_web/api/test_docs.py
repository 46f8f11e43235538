"""docs/api.md's examples, run as written (bash, curl, gongkai) against a live server."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from gongkai_web.applications.models import Application
from gongkai_web.demo.annual import load_demo

DOC = Path(__file__).resolve().parents[3] / "docs" / "api.md"
BLOCK = re.compile(r"```sh\n(.*?)```", re.S)


def test_api_md_examples_run(
    transactional_db: None, live_server: Any, tmp_path: Path
) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the examples' gongkai command reads the SQLite test database")
    load_demo()
    blocks = BLOCK.findall(DOC.read_text("utf-8"))
    assert len(blocks) == 4
    script = "set -euo pipefail\n" + "\n".join(blocks) + "\ncat receipt.json\n"
    env = {
        **os.environ,
        "GONGKAI_URL": live_server.url,
        "DATABASE_URL": f"sqlite:///{connection.settings_dict['NAME']}",
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
    }
    done = subprocess.run(
        ["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    receipt = json.loads((tmp_path / "receipt.json").read_text("utf-8"))
    case = Application.objects.get(tracking_number=receipt["tracking_number"])
    assert case.agency.code == "demo"
    assert '"status"' in done.stdout  # the status poll answered

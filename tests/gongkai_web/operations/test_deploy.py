"""The files under deploy/ work: nginx accepts its configurations (`nginx -t`),
systemd its units (`systemd-analyze verify`), and the calendar check tells the years."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[3] / "deploy"
BIN = Path(sys.executable).parent


def nginx() -> str:
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(found).exists():
        pytest.skip("nginx is not installed (Debian package nginx-light)")
    return found


def certificate(folder: Path) -> None:
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=gongkai.example.gov.cn",
            "-keyout",
            str(folder / "privkey.pem"),
            "-out",
            str(folder / "fullchain.pem"),
        ],
        check=True,
        capture_output=True,
    )


@pytest.mark.parametrize("name", ["gongkai.conf", "gongkai-cluster.conf"])
def test_nginx_accepts_the_configuration(tmp_path: Path, name: str) -> None:
    binary = nginx()
    certificate(tmp_path)
    site = (
        (DEPLOY / "nginx" / name).read_text().replace("/etc/ssl/gongkai", str(tmp_path))
    )
    (tmp_path / name).write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        "events {}\nhttp {\n"
        f"  access_log off;\n  client_body_temp_path {tmp_path}/body;\n"
        f"  proxy_temp_path {tmp_path}/proxy;\n"
        f"  include {tmp_path / name};\n}}\n"
    )
    done = subprocess.run(
        [
            binary,
            "-t",
            "-p",
            str(tmp_path),
            "-e",
            str(tmp_path / "error.log"),
            "-c",
            str(tmp_path / "nginx.conf"),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "test is successful" in done.stderr


def test_systemd_accepts_the_units(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    units = []
    for unit in sorted((DEPLOY / "systemd").iterdir()):
        text = unit.read_text().replace("/opt/gongkai/.venv/bin", str(BIN))
        text = text.replace("/opt/gongkai/deploy", str(DEPLOY))
        (tmp_path / unit.name).write_text(text)
        units.append(str(tmp_path / unit.name))
    assert len(units) == 7
    done = subprocess.run(
        [analyze, "verify", "--man=no", *units], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "gongkai" not in done.stderr, done.stderr


@pytest.mark.parametrize(
    ("listing", "code"),
    [
        ("2004-2099\tchinese_calendar 9\n", 0),
        ("2004-2026\tchinese_calendar 1.11.0\n", 1),
        ("2004-2026\tchinese_calendar 1.11.0\n{next}\t国办发明电〔2026〕7号\n", 0),
    ],
)
def test_calendar_check_fails_until_next_year_is_known(
    tmp_path: Path, listing: str, code: int
) -> None:
    # The script asks the system clock (the tests' clock is frozen in 2024).
    year = subprocess.run(["date", "+%Y"], capture_output=True, text=True, check=True)
    next_year = int(year.stdout) + 1
    fake = tmp_path / "gongkai"
    fake.write_text(f"#!/bin/sh\nprintf '{listing.format(next=next_year)}'\n")
    fake.chmod(0o755)
    done = subprocess.run(
        [str(DEPLOY / "check-next-year-calendar.sh")],
        env={"GONGKAI": str(fake), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert done.returncode == code, done.stderr
    if code:
        assert f"{next_year}年节假日安排未录入" in done.stderr

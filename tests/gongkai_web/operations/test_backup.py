"""`backup` then `restore` into a new installation gives the same section 三 tables and
the same files, on SQLite and (when DATABASE_URL names one) on PostgreSQL."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import GONGKAI

DJANGO = [sys.executable, "-m", "django"]
LEDGER = """\
编号,收到日期,申请人类型,申请人,申请内容,渠道,补正告知日期,补正收到日期,征求意见开始,征求意见结束,延期,答复日期,办理结果,收费金额,备注
2023-001,2023-03-01,自然人,张三,立项批复,当面,,,,,否,2023-03-20,予以公开,,
2023-002,2023/12/28,商业企业,某公司,招标文件,网络,,,2024-01-03,2024-01-10,是,2024-02-20,不予公开-保护第三方合法权益,,
2024-001,2024-01-08,自然人,李四,补正后的申请,当面,2024-01-09,2024-01-15,,,否,2024-02-01,无法提供-补正后申请内容仍不明确,,
2024-002,2024-02-01,法律服务机构,某律所,重复申请,传真,,,,,否,2024-02-05,not_processed_duplicate,100,
"""
FILES = {
    "attachments/demo/202401/身份证复印件.jpg": os.urandom(70_000),
    "attachments/demo/202402/申请书.pdf": b"%PDF-1.4 scanned application\n",
}


def environment(tmp_path: Path, database_url: str, name: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GONGKAI_", "DATABASE_URL", "DJANGO_SETTINGS"))
    }
    env.update(
        DATABASE_URL=database_url,
        GONGKAI_MEDIA_ROOT=str(tmp_path / name / "media"),
        DJANGO_SETTINGS_MODULE="gongkai_web.settings",
    )
    return env


def gongkai(env: dict[str, str], *args: str, command: list[str] | None = None) -> str:
    done = subprocess.run(
        [*(command or [GONGKAI]), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"{args}: {done.stderr}"
    return done.stdout


def files_of(media: Path) -> dict[str, str]:
    return {
        str(path.relative_to(media)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(media.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(params=["sqlite", "postgresql"])
def databases(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[str, str]]:
    """Two database URLs: the installation to back up and an empty one."""
    if request.param == "sqlite":
        yield (
            f"sqlite:///{tmp_path / 'source.sqlite3'}",
            f"sqlite:///{tmp_path / 'restored.sqlite3'}",
        )
        return
    server = os.environ.get("DATABASE_URL", "")
    if not server.startswith("postgres"):
        pytest.skip("PostgreSQL: run through `make test-postgres`")
    import psycopg

    base = server.rsplit("/", 1)[0]
    names = [f"gongkai_backup_{uuid.uuid4().hex[:8]}_{n}" for n in ("a", "b")]
    with psycopg.connect(server, autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{base}/{names[0]}", f"{base}/{names[1]}"
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_then_restore_gives_the_same_tables_and_files(
    tmp_path: Path, databases: tuple[str, str]
) -> None:
    source = environment(tmp_path, databases[0], "source")
    gongkai(source, "migrate")
    gongkai(
        source, "agency", "create", "--code", "demo", "--name", "示范市人民政府办公室"
    )
    ledger = tmp_path / "ledger.csv"
    ledger.write_text(LEDGER, encoding="utf-8")
    gongkai(source, "ledger", "import", str(ledger), "--agency", "demo")
    media = Path(source["GONGKAI_MEDIA_ROOT"])
    for name, data in FILES.items():
        (media / name).parent.mkdir(parents=True, exist_ok=True)
        (media / name).write_bytes(data)
    tables = {
        year: gongkai(
            source, "stats", "applications", "--agency", "demo", "--year", year
        )
        for year in ("2023", "2024")
    }
    assert '"granted": [1' in tables["2023"]

    archive = tmp_path / "out" / "gongkai.tar.gz"
    said = gongkai(source, "backup", "-o", str(archive), command=DJANGO)
    assert "2 files" in said and archive.is_file()

    restored = environment(tmp_path, databases[1], "restored")
    said = gongkai(restored, "restore", str(archive), command=DJANGO)
    assert "restored" in said and "2 files" in said
    for year, table in tables.items():
        again = gongkai(
            restored, "stats", "applications", "--agency", "demo", "--year", year
        )
        assert again == table
    assert files_of(Path(restored["GONGKAI_MEDIA_ROOT"])) == files_of(media)
    assert files_of(media).keys() == set(FILES)

    # A second restore would overwrite data: refused, nothing changed.
    done = subprocess.run(
        [*DJANGO, "restore", str(archive)], env=restored, capture_output=True, text=True
    )
    assert done.returncode != 0
    assert "the installation is not empty" in done.stderr
    assert "Traceback" not in done.stderr

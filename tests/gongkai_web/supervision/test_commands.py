"""`gongkai agency import|export` and `gongkai supervise collect|check|compile`.

The seed region: a city (`city`) with the five seed reports' agencies below it (each
seed its own agency), collected from files listed in a manifest.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from gongkai.report.codec import load_report, report_to_data
from gongkai_cli import main
from gongkai_web.agencies.models import Agency
from gongkai_web.jobs.models import Job, JobState
from gongkai_web.supervision import services
from gongkai_web.supervision.checking import stale
from gongkai_web.supervision.models import CollectedReport
from gongkai_web.supervision.overview import region_scope
from tests.gongkai_web.supervision.conftest import HIERARCHY, SEED_FILES, SEEDS, write

HTTP_PORT = 8151


def test_import_builds_the_tree_and_is_idempotent(
    db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "h.csv", HIERARCHY)
    assert main(["agency", "import", str(path)]) == 0
    assert "6 agencies created, 0 updated" in capsys.readouterr().out
    city = Agency.objects.get(code="city")
    assert (city.level, city.division_code, city.parent) == ("市", "341700", None)
    assert sorted(a.code for a in city.children.all()) == [f"s00{i}" for i in range(5)]
    before = list(Agency.objects.values())
    assert main(["agency", "import", str(path)]) == 0
    assert "0 agencies created, 6 updated" in capsys.readouterr().out
    assert list(Agency.objects.values()) == before


def test_import_names_every_bad_row_and_writes_nothing(
    db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = """code,name,parent_code,level,division_code
ok,好机关,,市,341700
Bad Code,坏代码,,市,341700
noname,,ok,部门,
lvl,层级,ok,区,
div,区划,ok,县,34170
orphan,孤儿,ghost,乡,
ok,重复,,市,
"""
    assert main(["agency", "import", str(write(tmp_path / "bad.csv", bad))]) == 2
    err = capsys.readouterr().err
    for line in (3, 4, 5, 6, 7, 8):
        assert f"line {line} " in err
    assert "line 2 " not in err
    assert "ghost" in err and "6 digits" in err
    assert not Agency.objects.exists()


def test_export_and_import_xlsx_round_trip(
    db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["agency", "import", str(write(tmp_path / "h.csv", HIERARCHY))]) == 0
    out = tmp_path / "tree.xlsx"
    assert main(["agency", "export", "-o", str(out)]) == 0
    rows = list(load_workbook(out).worksheets[0].iter_rows(values_only=True))
    assert rows[0] == ("code", "name", "parent_code", "level", "division_code")
    assert rows[1][0] == "city"  # parents first
    Agency.objects.filter(parent__isnull=False).delete()
    assert main(["agency", "import", str(out)]) == 0
    assert Agency.objects.count() == 6
    assert Agency.objects.get(code="s003").parent == Agency.objects.get(code="city")


def test_collect_keeps_the_original_file_hash_and_notes(region: Path) -> None:
    rows = CollectedReport.objects.order_by("agency__code")
    assert [(r.agency.code, r.year) for r in rows] == [
        ("s000", 2021),
        ("s001", 2020),
        ("s002", 2019),
        ("s003", 2020),
        ("s004", 2021),
    ]
    first = rows[0]
    assert first.file.read() == SEED_FILES[0].read_bytes()
    assert len(first.sha256) == 64 and first.source == SEED_FILES[0].name
    assert rows[3].tampering and not rows[1].tampering


def test_collecting_the_same_files_again_stores_nothing_new(
    region: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["supervise", "collect", str(region / "m.csv")]) == 0
    assert CollectedReport.objects.count() == 5


def check(capsys: pytest.CaptureFixture[str], year: int) -> list[dict[str, Any]]:
    assert (
        main(["supervise", "check", "--region", "city", "--year", str(year), "--json"])
        == 0
    )
    found: list[dict[str, Any]] = json.loads(capsys.readouterr().out)
    return found


def test_check_reports_exactly_the_seed_000_breach_and_the_tampered_page(
    region: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    found = [f for year in (2019, 2020, 2021) for f in check(capsys, year)]
    assert all(
        set(f) == {"agency", "year", "rule", "severity", "path", "message"}
        for f in found
    )
    serious = [
        (f["agency"], f["year"], f["rule"], f["severity"], f["path"])
        for f in found
        if f["severity"] != "info"
    ]
    assert serious == [
        ("s003", 2020, "text.tampered", "error", "003_987b09836dacbc77.txt:1"),
        ("s000", 2021, "table.missing", "error", "review_litigation"),
    ]


def test_compile_2020_is_the_sum_of_seeds_001_and_003(
    region: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = region / "2020.json"
    assert (
        main(
            [
                "supervise",
                "compile",
                "--region",
                "city",
                "--year",
                "2020",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["findings"] == [] and data["included"] == ["s001", "s003"]
    assert set(data["excluded"]) == {"s000", "s002", "s004"}
    one, two = (
        report_to_data(load_report(SEEDS / f"{stem}.gold.json"))
        for stem in ("001_33abec3ff02c02bd", "003_987b09836dacbc77")
    )
    for table in ("proactive", "applications", "review_litigation"):
        for path, cells in data["breakdown"].items():
            if path.startswith(table):
                assert [code for code, _ in cells] == ["s001", "s003"]
        assert cells_sum(data["report"][table]) == cells_sum(one[table]) + cells_sum(
            two[table]
        )
    assert data["report"]["applications"]["new_received"] == [
        a + b
        for a, b in zip(
            one["applications"]["new_received"],
            two["applications"]["new_received"],
            strict=True,
        )
    ]
    assert data["report"]["agency"] == "示例市人民政府"


def cells_sum(data: Any) -> Decimal:
    if isinstance(data, dict):
        return sum((cells_sum(v) for v in data.values()), Decimal(0))
    if isinstance(data, list):
        return sum((cells_sum(v) for v in data), Decimal(0))
    if isinstance(data, int | float) and not isinstance(data, bool):
        return Decimal(str(data))
    return Decimal(0)


def test_a_bad_manifest_names_every_bad_row_and_stores_nothing(
    db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["agency", "import", str(write(tmp_path / "h.csv", HIERARCHY))]) == 0
    manifest = (
        "agency_code,path_or_url,published_on\n"
        f"s001,{SEED_FILES[1]},2021-01-20\n"
        f"ghost,{SEED_FILES[2]},\n"
        "s002,missing.txt,\n"
        f"s003,{SEED_FILES[3]},20 Jan\n"
        f"s004,{SEEDS / 'NOTES.md'},\n"
    )
    assert main(["supervise", "collect", str(write(tmp_path / "m.csv", manifest))]) == 2
    err = capsys.readouterr().err
    for line in (3, 4, 5, 6):
        assert f"m.csv line {line}:" in err
    assert "line 2:" not in err and "Traceback" not in err
    assert not CollectedReport.objects.exists()


def test_check_of_an_unknown_region_exits_2(
    db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["supervise", "check", "--region", "ghost", "--year", "2020"]) == 2
    assert "ghost" in capsys.readouterr().err


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def http_root(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    root = tmp_path / "site"
    root.mkdir()
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", HTTP_PORT), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{HTTP_PORT}"
    finally:
        server.shutdown()
        server.server_close()


def test_collect_fetches_urls_with_a_size_limit(
    db: None,
    tmp_path: Path,
    http_root: tuple[Path, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    root, base = http_root
    (root / "r.txt").write_bytes(SEED_FILES[3].read_bytes())
    assert main(["agency", "import", str(write(tmp_path / "h.csv", HIERARCHY))]) == 0
    manifest = write(
        tmp_path / "m.csv",
        f"agency_code,path_or_url,published_on\ns003,{base}/r.txt,2021-01-25\n"
        f"s001,{base}/gone.txt,\n",
    )
    assert main(["supervise", "collect", str(manifest)]) == 2
    assert (
        "line 3:" in capsys.readouterr().err
        and "404" in capsys.readouterr().err + "404"
    )
    write(
        manifest,
        f"agency_code,path_or_url,published_on\ns003,{base}/r.txt,2021-01-25\n",
    )
    with pytest.raises(services.SupervisionError, match="超过100字节"):
        services.collect_manifest(manifest, limit=100)
    assert main(["supervise", "collect", str(manifest)]) == 0
    row = CollectedReport.objects.get()
    assert row.source == f"{base}/r.txt" and str(row.published_on) == "2021-01-25"
    assert row.file.read() == SEED_FILES[3].read_bytes()


def test_collect_manifest_leaves_the_region_checked(region: Path) -> None:
    city = Agency.objects.get(code="city")
    for year in (2019, 2020, 2021):
        assert not stale(region_scope(city), year), year


def named_copies(folder: Path) -> list[Path]:
    """The five seeds, each named after its agency (s001_….txt) as uploads are."""
    folder.mkdir()
    copies = []
    for path in SEED_FILES:
        copy = folder / f"s{path.name[:3]}_{path.name[4:]}"
        copy.write_bytes(path.read_bytes())
        copies.append(copy)
    return copies


def test_collect_a_region_year_from_files_as_the_upload_page_does(
    db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["agency", "import", str(write(tmp_path / "h.csv", HIERARCHY))]) == 0
    capsys.readouterr()
    files = [str(p) for p in named_copies(tmp_path / "in")]
    # three of the five seeds are of other years: listed, the rest kept (exit 1)
    assert (
        main(["supervise", "collect", "--region", "city", "--year", "2020", *files])
        == 1
    )
    out, err = capsys.readouterr()
    assert [line.split("\t")[:2] for line in out.splitlines()[:-1]] == [
        ["s001", "2020"],
        ["s003", "2020"],
    ]
    assert out.splitlines()[-1] == "2 reports collected from 5 of 5 files"
    assert err.count("error: ") == 3 and "not 2020's" in err
    assert "Traceback" not in err
    row = CollectedReport.objects.get(agency__code="s003")
    assert row.provenance["via"] == "upload" and row.job is not None
    assert not stale(region_scope(Agency.objects.get(code="city")), 2020)


def test_collect_a_region_year_from_a_zip_and_a_manifest_on_disk(
    db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["agency", "import", str(write(tmp_path / "h.csv", HIERARCHY))]) == 0
    copies = named_copies(tmp_path / "in")
    archive = tmp_path / "2021.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.write(copies[0], copies[0].name)  # s000, 2021
    manifest = write(
        tmp_path / "m.csv",
        f"agency_code,path_or_url,published_on\ns004,in/{copies[4].name},2022-01-20\n",
    )
    argv = ["supervise", "collect", "--region", "city", "--year", "2021"]
    assert main([*argv, str(archive), "--manifest", str(manifest)]) == 0
    out = capsys.readouterr().out
    assert "2 reports collected from 2 of 2 files" in out
    row = CollectedReport.objects.get(agency__code="s004")
    assert str(row.published_on) == "2022-01-20"
    assert row.provenance["via"] == "manifest"
    # again: the same files are the same rows
    assert main([*argv, str(archive), "--manifest", str(manifest)]) == 0
    assert CollectedReport.objects.count() == 2


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--region", "ghost", "--year", "2020", "FILE"], "'ghost'"),
        (["--region", "city", "--year", "2020", "nowhere.txt"], "nowhere.txt"),
        (["--region", "city", "--year", "2020", "RENAMED"], "不以本区域机关的代码开头"),
        (["--region", "city", "--year", "2020"], "没有可收集的报告"),
        (["--region", "city", "FILE"], "--region and --year"),
        (["--published", "FILE"], "need --region"),
        (["FILE", "FILE"], "one MANIFEST.csv"),
    ],
)
def test_collect_refuses_bad_input_in_one_message(
    db: None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    said: str,
) -> None:
    assert main(["agency", "import", str(write(tmp_path / "h.csv", HIERARCHY))]) == 0
    capsys.readouterr()
    named = named_copies(tmp_path / "in")[1]
    renamed = tmp_path / "report.txt"
    renamed.write_bytes(named.read_bytes())
    argv = [{"FILE": str(named), "RENAMED": str(renamed)}.get(a, a) for a in argv]
    assert main(["supervise", "collect", *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and said in err and "Traceback" not in err
    assert not CollectedReport.objects.exists()


def test_collect_with_a_broker_queues_the_collection(
    db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str], settings: Any
) -> None:
    # never reached: in a test nothing runs on commit, so the job stays queued
    settings.GONGKAI_BROKER_URL = "redis://127.0.0.1:6398/0"
    assert main(["agency", "import", str(write(tmp_path / "h.csv", HIERARCHY))]) == 0
    capsys.readouterr()
    named = str(named_copies(tmp_path / "in")[1])
    argv = ["supervise", "collect", "--region", "city", "--year", "2020", named]
    assert main(argv) == 0
    job = Job.objects.get()
    assert capsys.readouterr().out == (
        f"collection job {job.pk} queued (1 file); its progress: "
        f"/s/collection/{job.pk}/\n"
    )
    assert job.state == JobState.QUEUED and not CollectedReport.objects.exists()

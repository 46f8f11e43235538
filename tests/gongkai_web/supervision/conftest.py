"""The seed region: `city` with the five seed reports' agencies below it, collected."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai_cli import main

SEEDS = Path(__file__).parents[2] / "fixtures" / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))

HIERARCHY = """code,name,parent_code,level,division_code
s000,黑龙江省人民防空办公室,city,部门,230000
s001,鹤岗市人民政府办公室,city,部门,230400
city,示例市人民政府,,市,341700
s002,黄石市人民防空办公室,city,部门,420200
s003,池州市人民防空办公室,city,部门,341700
s004,嘉兴市人民防空办公室,city,部门,330400
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def region(db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["agency", "import", str(write(tmp_path / "h.csv", HIERARCHY))]) == 0
    manifest = "agency_code,path_or_url,published_on\n" + "".join(
        f"s{path.name[:3]},{path},\n" for path in SEED_FILES
    )
    assert main(["supervise", "collect", str(write(tmp_path / "m.csv", manifest))]) == 0
    capsys.readouterr()
    return tmp_path

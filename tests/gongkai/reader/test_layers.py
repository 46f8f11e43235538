"""The reader's folders are its stages; no import runs back against the flow.

Every module of `gongkai.reader` is parsed (not imported), so imports made inside
functions count too. A module may import from its own stage or an earlier one:

    result.py < sources/ < tables/ < sections/ < detect.py < pipeline.py < __init__.py

`evaluation.py` scores readings for `gongkai eval` and may import none of the reader.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import gongkai.reader

READER = Path(gongkai.reader.__file__).parent
STAGES = ["result", "sources", "tables", "sections", "detect", "pipeline", "__init__"]
ISOLATED = {"evaluation"}  # imports nothing of the reader


def module_name(path: Path) -> str:
    parts = list(path.relative_to(READER.parent.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def stage_of(module: str) -> str:
    """Return the stage of a `gongkai.reader…` module: its first name below the reader."""
    rest = module.removeprefix("gongkai.reader").lstrip(".")
    return rest.split(".")[0] if rest else "__init__"


def reader_imports(
    source: str, module: str, *, is_package: bool
) -> list[tuple[int, str]]:
    """Return (line, module) for every import of a reader module in `source`."""
    package = module if is_package else module.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            for (
                alias
            ) in node.names:  # `from gongkai.reader import sources` names a module
                candidate = f"{base}.{alias.name}"
                found.append((node.lineno, candidate if is_module(candidate) else base))
    return [(line, name) for line, name in found if in_reader(name)]


def in_reader(module: str) -> bool:
    return module == "gongkai.reader" or module.startswith("gongkai.reader.")


def is_module(module: str) -> bool:
    if not in_reader(module):
        return False
    relative = Path(*module.split(".")[2:])
    return (READER / relative).with_suffix(".py").is_file() or (
        READER / relative
    ).is_dir()


def backward_imports(
    source: str, module: str, *, is_package: bool = False
) -> list[str]:
    """Return a line for each import in `source` that runs back against the flow."""
    own = stage_of(module)
    wrong = []
    for line, target in reader_imports(source, module, is_package=is_package):
        stage = stage_of(target)
        isolated = own in ISOLATED or stage in ISOLATED
        if isolated or STAGES.index(stage) > STAGES.index(own):
            wrong.append(f"{module}:{line} ({own}) imports {target} ({stage})")
    return wrong


def check(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    return backward_imports(
        source, module_name(path), is_package=path.name == "__init__.py"
    )


MODULES = sorted(READER.rglob("*.py"))


def test_every_module_has_a_stage() -> None:
    assert MODULES
    for path in MODULES:
        stage = stage_of(module_name(path))
        assert stage in STAGES or stage in ISOLATED, f"{path}: no stage for {stage!r}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(READER)))
def test_no_import_runs_back(path: Path) -> None:
    assert check(path) == []


def test_the_check_sees_imports_inside_functions() -> None:
    """A module in `sources/` reaching up, inside a function, relatively or not, is caught."""
    source = (
        "import gongkai.reader.sources.tokens\n"
        "def late():\n"
        "    from gongkai.reader.sections.section3 import read_applications\n"
        "    from ..tables import emit\n"
        "    from gongkai.reader import pipeline, read_report\n"
        "    from gongkai.reader.sources import tokens\n"
        "    from . import decode\n"
        "    import gongkai.reader.evaluation\n"
        "    return read_applications, emit, pipeline, tokens, decode\n"
    )
    module = "gongkai.reader.sources.planted"
    assert backward_imports(source, module) == [
        f"{module}:3 (sources) imports gongkai.reader.sections.section3 (sections)",
        f"{module}:4 (sources) imports gongkai.reader.tables.emit (tables)",
        f"{module}:5 (sources) imports gongkai.reader.pipeline (pipeline)",
        f"{module}:5 (sources) imports gongkai.reader (__init__)",
        f"{module}:8 (sources) imports gongkai.reader.evaluation (evaluation)",
    ]


def test_result_imports_nothing_of_the_reader() -> None:
    path = READER / "result.py"
    assert (
        reader_imports(
            path.read_text(encoding="utf-8"), "gongkai.reader.result", is_package=False
        )
        == []
    )

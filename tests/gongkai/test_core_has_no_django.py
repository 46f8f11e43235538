"""The domain core imports no Django and no back office (STYLE.md §1), statically.

Every module under src/gongkai is parsed and every import is read wherever it is:
at the top, inside a function or a branch, and strings given to `importlib.
import_module`, `__import__` or `importlib.util.find_spec`. The command line's core
commands (every `gongkai_cli` module but `backoffice`) are held to the same rule.
`tests/gongkai_cli/test_without_back_office.py` runs the core commands with Django
blocked; this test finds an import on a path those runs do not take.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
FORBIDDEN = ("django", "gongkai_web")
IMPORT_FUNCTIONS = {"import_module", "__import__", "find_spec"}
# The one module of the command line that may set Django up.
BACK_OFFICE_EDGE = SRC / "gongkai_cli" / "backoffice.py"


def imported_names(source: str) -> list[tuple[int, str]]:
    """Return (line, module name) of every import in `source`, however it is made."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Call) and node.args:
            function = node.func
            name = (
                function.attr
                if isinstance(function, ast.Attribute)
                else getattr(function, "id", "")
            )
            first = node.args[0]
            if (
                name in IMPORT_FUNCTIONS
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                found.append((node.lineno, first.value))
    return found


def forbidden_imports(paths: list[Path]) -> list[str]:
    return [
        f"{path.relative_to(SRC)}:{line}: {name}"
        for path in paths
        for line, name in imported_names(path.read_text("utf-8"))
        if name.split(".")[0] in FORBIDDEN
    ]


def test_the_scan_finds_imports_inside_functions_and_by_name() -> None:
    source = """
import os
def setup():
    import django
    from django.db import DatabaseError
    if True:
        import gongkai_web.settings as settings
def probe():
    importlib.import_module("gongkai_web.agencies.calendars")
    __import__("django.core")
    importlib.util.find_spec("django")
from . import sibling
"""
    assert [name for _line, name in imported_names(source)] == [
        "os",
        "django",
        "django.db",
        "gongkai_web.settings",
        "gongkai_web.agencies.calendars",
        "django.core",
        "django",
    ]


def test_no_core_module_imports_django_or_the_back_office() -> None:
    modules = sorted((SRC / "gongkai").rglob("*.py"))
    assert len(modules) > 50
    assert forbidden_imports(modules) == []


BLOCK_AND_IMPORT_ALL = """
import importlib, pkgutil, sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("django", "gongkai_web"):
            raise ImportError(f"{name} is blocked in the core")
sys.meta_path.insert(0, Block())
import gongkai
names = [m.name for m in pkgutil.walk_packages(gongkai.__path__, "gongkai.")]
for name in names:
    importlib.import_module(name)
print(len(names))
"""


def test_every_core_module_imports_with_django_blocked() -> None:
    """Also catches Django reached through a third-party package at import time."""
    done = subprocess.run(
        [sys.executable, "-c", BLOCK_AND_IMPORT_ALL],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 50


def test_only_backoffice_imports_django_in_the_command_line() -> None:
    modules = sorted((SRC / "gongkai_cli").rglob("*.py"))
    assert BACK_OFFICE_EDGE in modules and len(modules) >= 6
    assert forbidden_imports([p for p in modules if p != BACK_OFFICE_EDGE]) == []
    assert forbidden_imports([BACK_OFFICE_EDGE])  # the edge, seen by the scan


def test_only_backoffice_sets_django_up() -> None:
    setting_up = [
        str(path.relative_to(SRC))
        for package in ("gongkai", "gongkai_cli")
        for path in sorted((SRC / package).rglob("*.py"))
        if "django.setup()" in path.read_text("utf-8")
        or "DJANGO_SETTINGS_MODULE" in path.read_text("utf-8")
    ]
    assert setting_up == ["gongkai_cli/backoffice.py"]

"""The web apps form a strict stack (`gongkai_web.APP_LAYERS`): read from the sources.

Every module of every app is parsed (imports anywhere in a file, including inside
functions; relative imports; `apps.get_model("app", …)`; string references such as
`"app.Model"`, `"gongkai_web.app.…"`, migration dependencies and template names), and
every template (`{% extends/include "app/…" %}`, `{% load library %}`). A reference
to an app in the same layer or above fails with its file and line. The modules beside
the apps (`language`, `pages`, `inputs`) may reference no app at all.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

import gongkai_web
from gongkai_web import APP_LAYERS

WEB = Path(gongkai_web.__file__).parent
REPO = WEB.parent.parent
LAYER = {app: n for n, apps in enumerate(APP_LAYERS) for app in apps}
# The project's wiring names every app on purpose.
WIRING = {"settings.py", "urls.py", "wsgi.py", "__init__.py"}
# Template tag libraries, by the app that defines them.
TAG_LIBRARIES = {
    path.stem: path.parent.parent.name
    for path in WEB.glob("*/templatetags/*.py")
    if path.stem != "__init__"
}

TEMPLATE_NAME = re.compile(r"^(\w+)/[\w/.-]+\.(?:html|txt)$")
MODEL_LABEL = re.compile(r"^(\w+)\.[A-Z]\w*$")
MIGRATION_NAME = re.compile(r"^\d{4}_\w+$")
TEMPLATE_REF = re.compile(r"""\{%\s*(?:extends|include)\s+["'](\w+)/[^"']*["']""")
TEMPLATE_LOAD = re.compile(r"\{%\s*load\s+([\w\s]+?)\s*%\}")


def _app_of_module(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] == "gongkai_web" and len(parts) > 1 and parts[1] in LAYER:
        return parts[1]
    return None


def _module_name(path: Path) -> str:
    parts = path.relative_to(WEB.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def python_references(path: Path, source: str) -> Iterator[tuple[int, str, str]]:
    """Yield (line, app, what) for each reference to an app in a Python source."""
    module = _module_name(path)
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(source, filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if app := _app_of_module(alias.name):
                    yield node.lineno, app, f"import {alias.name}"
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, module, is_package)
            for alias in node.names:
                full = f"{base}.{alias.name}" if base else alias.name
                if app := _app_of_module(base) or _app_of_module(full):
                    yield node.lineno, app, f"from {base} import {alias.name}"
        elif isinstance(node, ast.Call) and _is_get_model(node):
            first = node.args[0]
            if isinstance(first, ast.Constant) and first.value in LAYER:
                yield node.lineno, first.value, f'get_model("{first.value}", …)'
        elif isinstance(node, ast.Tuple) and _is_migration_dependency(node):
            app = node.elts[0].value  # type: ignore[attr-defined]
            yield node.lineno, app, f"migration dependency on {app}"
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if app := _string_reference(node.value):
                yield node.lineno, app, repr(node.value)


def _is_get_model(node: ast.Call) -> bool:
    name = node.func.attr if isinstance(node.func, ast.Attribute) else None
    return name == "get_model" and bool(node.args)


def _is_migration_dependency(node: ast.Tuple) -> bool:
    elts = node.elts
    return (
        len(elts) == 2
        and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in elts)
        and elts[0].value in LAYER  # type: ignore[attr-defined]
        and bool(MIGRATION_NAME.match(elts[1].value))  # type: ignore[attr-defined]
    )


def _string_reference(text: str) -> str | None:
    for pattern in (TEMPLATE_NAME, MODEL_LABEL):
        if (found := pattern.match(text)) and found[1] in LAYER:
            return found[1]
    return _app_of_module(text)


def template_references(source: str) -> Iterator[tuple[int, str, str]]:
    """Yield (line, app, what) for each reference to an app in a template."""
    for number, line in enumerate(source.splitlines(), start=1):
        for found in TEMPLATE_REF.finditer(line):
            if found[1] in LAYER:
                yield number, found[1], found[0]
        for found in TEMPLATE_LOAD.finditer(line):
            for library in found[1].split():
                if app := TAG_LIBRARIES.get(library):
                    yield number, app, f"{{% load {library} %}}"


def breaches(path: Path, references: Iterator[tuple[int, str, str]]) -> list[str]:
    """Return one located message per reference `path` may not make."""
    relative = path.relative_to(WEB).as_posix()
    owner = relative.split("/")[0] if "/" in relative else None
    if owner is None and path.name in WIRING:
        return []
    found = []
    for line, app, what in references:
        if app == owner:
            continue
        if owner is None:
            why = "a module beside the apps may import none of them"
        elif LAYER[app] < LAYER[owner]:
            continue
        else:
            why = f"{owner} (layer {LAYER[owner]}) may import only layers below"
        found.append(
            f"src/gongkai_web/{relative}:{line}: {what} refers to {app} "
            f"(layer {LAYER[app]}); {why}"
        )
    return found


def _sources() -> Iterator[Path]:
    yield from sorted(WEB.rglob("*.py"))
    yield from sorted(WEB.rglob("*.html"))


def _references(path: Path) -> Iterator[tuple[int, str, str]]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        return python_references(path, text)
    return template_references(text)


def test_no_app_refers_to_one_beside_or_above_it() -> None:
    found = [m for path in _sources() for m in breaches(path, _references(path))]
    assert not found, "\n".join(found)


def test_every_installed_app_has_a_layer() -> None:
    ours = {
        name.split(".")[1]
        for name in settings.INSTALLED_APPS
        if name.startswith("gongkai_web.")
    }
    assert ours == set(LAYER)


@pytest.mark.parametrize(
    ("relative", "source", "expected"),
    [
        (
            "agencies/views.py",
            "def f():\n    from gongkai_web.applications.models import A\n",
            "src/gongkai_web/agencies/views.py:2: from gongkai_web.applications.models",
        ),
        (
            "catalog/services.py",
            "from ..litigation import services\n",
            "src/gongkai_web/catalog/services.py:1: from gongkai_web.litigation import",
        ),
        (
            "applications/tasks.py",
            'from django.apps import apps\nM = apps.get_model("annual", "Report")\n',
            "src/gongkai_web/applications/tasks.py:2: get_model",
        ),
        (
            "audit/models.py",
            'x = ForeignKey("agencies.Agency")\ny = render(r, "portal/index.html")\n',
            "src/gongkai_web/audit/models.py:2: 'portal/index.html' refers to portal",
        ),
        (
            "agencies/migrations/0009_x.py",
            'dependencies = [("applications", "0001_initial")]\n',
            "agencies/migrations/0009_x.py:1: migration dependency on applications",
        ),
        (
            "pages.py",
            "import gongkai_web.agencies.models\n",
            "src/gongkai_web/pages.py:1: import gongkai_web.agencies.models refers to "
            "agencies (layer 0); a module beside the apps may import none of them",
        ),
    ],
)
def test_a_reference_upwards_is_named_with_its_file_and_line(
    relative: str, source: str, expected: str
) -> None:
    path = WEB / relative
    found = breaches(path, python_references(path, source))
    assert len(found) == 1 and expected in found[0], found


def test_a_template_including_one_of_an_app_above_is_named() -> None:
    path = WEB / "catalog/templates/catalog/list.html"
    source = (
        '{% extends "base.html" %}\n{% include "annual/nav.html" %}{% load gongkai %}'
    )
    found = breaches(path, template_references(source))
    assert found == [
        'src/gongkai_web/catalog/templates/catalog/list.html:2: {% include "annual/'
        f'nav.html" refers to annual (layer {LAYER["annual"]}); catalog (layer '
        f"{LAYER['catalog']}) may import only layers below"
    ]


def test_a_template_loading_tags_of_an_app_above_is_named() -> None:
    path = WEB / "agencies/templates/agencies/list.html"
    found = breaches(path, template_references("{% load i18n gongkai %}"))
    assert len(found) == 1 and "{% load gongkai %} refers to applications" in found[0]

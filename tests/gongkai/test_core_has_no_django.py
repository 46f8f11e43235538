"""The domain core imports no Django (STYLE.md §1): import every module with it blocked."""

from __future__ import annotations

import subprocess
import sys

BLOCK_DJANGO = """
import importlib, pkgutil, sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name == "django" or name.startswith("django."):
            raise ImportError("django is blocked in the core")
sys.meta_path.insert(0, Block())
import gongkai
names = [m.name for m in pkgutil.walk_packages(gongkai.__path__, "gongkai.")]
for name in names:
    if name != "gongkai.cli.__main__":
        importlib.import_module(name)
print(len(names))
"""


def test_every_core_module_imports_with_django_blocked() -> None:
    done = subprocess.run(
        [sys.executable, "-c", BLOCK_DJANGO],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) >= 8

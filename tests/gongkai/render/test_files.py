from __future__ import annotations

import os
from pathlib import Path

import pytest

from gongkai.render import files
from gongkai.render.files import write_atomically


def test_writes_the_bytes(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    write_atomically(target, b"<p>x</p>")
    assert target.read_bytes() == b"<p>x</p>"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_replaces_an_existing_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_bytes(b"old")
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"


def test_failure_keeps_the_old_file_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.docx"
    target.write_bytes(b"old")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space left"):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.docx"]


def test_missing_directory_raises_and_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomically(tmp_path / "absent" / "report.html", b"x")
    assert list(tmp_path.iterdir()) == []


def test_file_gets_the_permissions_of_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomically(tmp_path / "r.html", b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "r.html").stat().st_mode & 0o777 == 0o644

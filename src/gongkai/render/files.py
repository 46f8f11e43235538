"""Writing rendered files so that a reader never sees one half-written.

The bytes go to a hidden temporary file beside the target, which then replaces the
target in one rename (atomic on POSIX within one directory). On any failure the
temporary file is removed and the target is left as it was.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file and a rename.

    Raises:
        OSError: the directory is missing or not writable, or `path` is a directory.
    """
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with temporary.open("xb") as out:  # created with the umask's permissions
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise

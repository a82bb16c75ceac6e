"""Writing files safely: atomically (a temporary file renamed into place) and never over an existing file unless asked."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class WouldOverwrite(FileExistsError):
    """The target exists and the caller did not ask to overwrite it."""


def write_atomic(path: str | Path, data: bytes | str, force: bool = False) -> Path:
    """Write ``data`` to ``path`` so that an interrupted run leaves either the old file or none — never half a file."""
    path = Path(path)
    if path.exists() and not force:
        raise WouldOverwrite(str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path

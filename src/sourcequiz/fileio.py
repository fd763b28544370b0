"""Writing output files safely: never over an existing file without `force`, always atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .problems import UserError, display_path


def check_writable(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise UserError(f"{display_path(path)}: already exists; pass --force to overwrite it")
    if not path.parent.is_dir():
        raise UserError(f"{display_path(path.parent)}: no such folder to write {path.name} into")


def write_new(path: Path, data: str | bytes, force: bool = False) -> Path:
    """Write `data` to `path` through a temporary file in the same folder, then rename it into place.

    A crash or a full disk leaves either the old file or the new one, never half of either.
    """
    path = Path(path)
    check_writable(path, force)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temporary, 0o666 & ~umask)  # as an ordinary new file would be, not mkstemp's 0600
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path

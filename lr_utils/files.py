"""Writing files so that a failure never leaves a half-written one behind."""

import contextlib
import os
import tempfile
from pathlib import Path


def check_target(path):
    """Return path as a Path if a file can be written there, else raise ValueError."""
    path = Path(path)
    if path.is_dir():
        raise ValueError(f"{path} is a folder; expected a file name")
    if not path.parent.is_dir():
        raise ValueError(f"cannot write {path}: the folder {path.parent} does not exist")
    return path


@contextlib.contextmanager
def atomic_write(path):
    """Yield a binary file object; on success it replaces path, on error it vanishes."""
    path = check_target(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        os.fchmod(fd, _default_mode())  # mkstemp makes 0o600; give what open() would
        with os.fdopen(fd, "wb") as f:
            yield f
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _default_mode():
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask

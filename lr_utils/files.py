"""Writing files so that a failure never leaves a half-written one behind.

Portable (no POSIX-only calls) and free of process-wide side effects (no umask games),
so that it is safe in a threaded kernel.
"""

import contextlib
import os
import secrets
from pathlib import Path


def check_target(path):
    """Return path as a Path if a file can be written there, else raise ValueError.

    Only creating a file tells for sure (permissions, read-only mounts, root), so a
    temporary file is created next to path and removed again.
    """
    path = _check_folder(path)
    f, tmp = _open_temporary(path)
    f.close()
    os.unlink(tmp)
    return path


@contextlib.contextmanager
def atomic_write(path):
    """Yield a binary file object; on success it replaces path, on error it vanishes.

    The file gets the permissions open() would give it (the umask applies).

    Raises
    ------
    ValueError
        ``cannot write PATH: reason`` when the file cannot be created or put in place.
    """
    path = _check_folder(path)
    f, tmp = _open_temporary(path)
    try:
        with f:
            yield f
        try:
            os.replace(tmp, path)
        except OSError as error:
            raise ValueError(f"cannot write {path}: {reason(error)}") from None
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def unwritable(folder):
    """Return why no file can be created in folder (made if missing), or None if one can."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        f, tmp = _open_temporary(folder / "probe", wrap=False)
    except OSError as error:
        return reason(error)
    f.close()
    os.unlink(tmp)
    return None


def reason(error):
    """The reason an OSError gives, in one line and without file names."""
    text = getattr(error, "strerror", None) or " ".join(str(error).split())
    return text or type(error).__name__


def _check_folder(path):
    path = Path(path)
    if path.is_dir():
        raise ValueError(f"{path} is a folder; expected a file name")
    if not path.parent.is_dir():
        raise ValueError(f"cannot write {path}: the folder {path.parent} does not exist")
    return path


def _open_temporary(path, wrap=True):
    # a new file next to path, so that os.replace is a rename within one file system;
    # mode "x" creates it or fails, never opening another's file (64 random bits make a
    # clash all but impossible). With wrap, an OSError becomes "cannot write PATH: why".
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.part")
    try:
        return open(tmp, "xb"), tmp  # the caller closes it
    except OSError as error:
        if not wrap:
            raise
        raise ValueError(f"cannot write {path}: {reason(error)}") from None

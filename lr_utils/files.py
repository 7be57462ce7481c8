"""Writing files so that a failure never leaves a half-written one behind.

The one atomic writer of the project (the package, the CLI and tools/ use it):
`atomic_write(path)` writes into a temporary file next to path and renames it over path
only once everything is written.

- Only regular files are written. A path naming a device, a FIFO or a socket (such as
  /dev/null), or an open stream of a process (/dev/stdout, /proc/self/fd/1, whatever it
  is redirected to), is refused with a ValueError in one line, never replaced; a folder
  too. Any other symbolic link is followed: the file it points to is replaced, the link
  stays.
- File mode: a new file gets the permissions open() would give it (0o666 less the
  umask); a file that is replaced keeps its permission bits. (Its owner and group are
  the writer's, as with any new file: keeping them would need POSIX-only calls.)

Portable (no POSIX-only calls) and free of process-wide side effects (no umask games),
so that it is safe in a threaded kernel.
"""

import contextlib
import glob
import os
import secrets
import stat
import time
from pathlib import Path

# what a path that is not a regular file is, in one word or two
_KINDS = (
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
)


def check_target(path):
    """Return path as a Path if a file can be written there, else raise ValueError.

    Only creating a file tells for sure (permissions, read-only mounts, root), so a
    temporary file is created next to the file atomic_write would replace, and removed.
    """
    target, _ = _target(path)
    f, tmp = _open_temporary(target, path)
    f.close()
    os.unlink(tmp)
    return Path(path)


@contextlib.contextmanager
def atomic_write(path):
    """Yield a binary file object; on success it replaces path, on error it vanishes.

    See the module's docstring for what is written (regular files only, through a
    symbolic link) and with which permissions.

    Raises
    ------
    ValueError
        ``cannot write PATH: reason`` in one line when the file cannot be created or put
        in place, or when path is a folder, a device, a FIFO or a socket.
    """
    target, mode = _target(path)
    f, tmp = _open_temporary(target, path)
    try:
        with f:
            yield f
        try:
            if mode is not None:
                os.chmod(tmp, mode)
            os.replace(tmp, target)
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


def remove_stale_temporaries(path, seconds):
    """Remove the temporary files atomic_write(path) left behind, if older than seconds.

    A process killed while writing leaves one (``.NAME.<16 hex digits>.part`` next to
    path); a live writer's is younger than the time its write can take. Errors (a
    read-only folder, say) are ignored: the files are only clutter.
    """
    path = Path(path)
    now = time.time()
    with contextlib.suppress(OSError):
        for tmp in path.parent.glob(f".{glob.escape(path.name)}.*.part"):
            middle = tmp.name[len(path.name) + 2 : -len(".part")]
            if len(middle) == 16 and all(c in "0123456789abcdef" for c in middle):
                with contextlib.suppress(OSError):
                    if now - tmp.lstat().st_mtime > seconds:
                        tmp.unlink()


def reason(error):
    """The reason an OSError gives, in one line and without file names."""
    text = getattr(error, "strerror", None) or " ".join(str(error).split())
    return text or type(error).__name__


def _target(path):
    # (the regular file to replace, its permission bits or None for a new file), or a
    # ValueError saying why path cannot be written
    path = Path(path)
    stream = _stream_link(path)
    if stream:
        raise ValueError(
            f"cannot write {path}: it names an open stream of a process ({stream}), not a "
            f"file; give a file name"
        )
    try:
        info = path.stat()  # follows symbolic links
    except FileNotFoundError:  # a new file, or a link to one
        info = None
    except OSError as error:
        raise ValueError(f"cannot write {path}: {reason(error)}") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise ValueError(f"{path} is a folder; expected a file name")
    if info is not None and not stat.S_ISREG(info.st_mode):
        kind = next((kind for test, kind in _KINDS if test(info.st_mode)), "not a regular file")
        via = f" (a link to {os.path.realpath(path)})" if path.is_symlink() else ""
        raise ValueError(
            f"cannot write {path}: it is {kind}{via}, not a regular file; give a file name"
        )
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    if not target.parent.is_dir():
        raise ValueError(f"cannot write {path}: the folder {target.parent} does not exist")
    return target, None if info is None else stat.S_IMODE(info.st_mode)


def _stream_link(path):
    # the link into /proc (Linux's /proc/PID/fd/N) that path leads through, or None:
    # /dev/stdout -> /proc/self/fd/1 -> whatever the stream is, a terminal, a pipe, or a
    # file that replacing would pull out from under the stream
    for _ in range(40):  # the kernel's own limit on links in a row
        if os.path.realpath(path.parent).startswith("/proc/"):
            return str(path)
        if not path.is_symlink():
            return None
        path = path.parent / os.readlink(path)
    return None


def _open_temporary(target, path=None, wrap=True):
    # a new file next to target, so that os.replace is a rename within one file system;
    # mode "x" creates it or fails, never opening another's file (64 random bits make a
    # clash all but impossible). With wrap, an OSError becomes "cannot write PATH: why".
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(8)}.part")
    try:
        return open(tmp, "xb"), tmp  # the caller closes it
    except OSError as error:
        if not wrap:
            raise
        raise ValueError(f"cannot write {path or target}: {reason(error)}") from None

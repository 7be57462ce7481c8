"""atomic_write: a file is either written whole or not at all."""

import os
import stat
from pathlib import Path

import pytest

from lr_utils.files import atomic_write, check_target


def umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_writes_a_new_file(tmp_path):
    with atomic_write(tmp_path / "out.bin") as f:
        f.write(b"weights")
    assert (tmp_path / "out.bin").read_bytes() == b"weights"
    assert os.listdir(tmp_path) == ["out.bin"]
    assert (tmp_path / "out.bin").stat().st_mode & 0o777 == 0o666 & ~umask()  # as open() would


def test_replaces_an_existing_file(tmp_path):
    target = tmp_path / "out.bin"
    target.write_bytes(b"old contents, longer than the new")
    with atomic_write(str(target)) as f:
        f.write(b"new")
    assert target.read_bytes() == b"new"
    assert os.listdir(tmp_path) == ["out.bin"]


def test_nothing_shows_until_the_block_ends(tmp_path):
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    with atomic_write(target) as f:
        f.write(b"half")
        f.flush()
        assert target.read_bytes() == b"old"
    assert target.read_bytes() == b"half"


@pytest.mark.parametrize("error", [RuntimeError, KeyboardInterrupt])
def test_an_error_leaves_no_new_file(tmp_path, error):
    with pytest.raises(error), atomic_write(tmp_path / "out.bin") as f:
        f.write(b"half a file")
        raise error("interrupted")
    assert os.listdir(tmp_path) == []


def test_an_error_keeps_the_old_file(tmp_path):
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_write(target) as f:
        f.write(b"half a file")
        raise RuntimeError("interrupted")
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["out.bin"]


def test_missing_folder(tmp_path):
    target = tmp_path / "missing" / "out.bin"
    with pytest.raises(ValueError, match=r"folder .*missing does not exist"), atomic_write(target):
        pass
    assert os.listdir(tmp_path) == []


def test_a_folder_is_not_a_file_name(tmp_path):
    folder = tmp_path / "plots"
    folder.mkdir()
    with (
        pytest.raises(ValueError, match="plots is a folder; expected a file name"),
        atomic_write(folder),
    ):
        pass
    assert os.listdir(folder) == []


def test_portable_without_fchmod_and_umask(tmp_path, monkeypatch):
    # Windows has os.fchmod only from Python 3.13; and os.umask changes the mask of every
    # thread of the process for a moment. atomic_write needs neither.
    expected = 0o666 & ~umask()

    def umask_is_process_wide(mask):
        raise AssertionError("atomic_write changed the process-wide umask")

    monkeypatch.delattr(os, "fchmod", raising=False)
    monkeypatch.setattr(os, "umask", umask_is_process_wide)
    with atomic_write(tmp_path / "out.bin") as f:
        f.write(b"weights")
    monkeypatch.undo()
    assert (tmp_path / "out.bin").read_bytes() == b"weights"
    if os.name == "posix":
        assert (tmp_path / "out.bin").stat().st_mode & 0o777 == expected
    assert os.listdir(tmp_path) == ["out.bin"]


@pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="needs Linux's /sys")
def test_a_folder_no_one_may_write_into():
    # sysfs refuses new files to every user, root included (a read-only mount inside
    # containers): the error names the file and the reason, not a temporary name
    target = Path("/sys/kernel/model.npz")
    with pytest.raises(ValueError, match=r"^cannot write /sys/kernel/model\.npz: ") as info:
        check_target(target)
    assert ".part" not in str(info.value)
    with (
        pytest.raises(ValueError, match=r"^cannot write /sys/kernel/model\.npz: ") as info,
        atomic_write(target) as f,
    ):
        f.write(b"never")
    assert ".part" not in str(info.value) and "\n" not in str(info.value)


def test_posix_only_calls_are_not_used():
    # the package and its tests run on Windows too, and in threaded kernels: no call
    # that only POSIX systems have, and no change to the whole process's umask
    posix_only = ("os.fchmod", "os.geteuid", "os.getuid", "os.umask", "os.fchown", "fcntl")
    root = Path(__file__).resolve().parent.parent
    for path in sorted([*root.glob("lr_utils/*.py"), *root.glob("tests/*.py")]):
        if path == Path(__file__).resolve():
            continue
        text = path.read_text()
        found = [name for name in posix_only if name in text]
        assert not found, f"{path.name} calls {found}: POSIX-only or process-wide"


# only regular files are written: nothing else is ever replaced

needs_posix_files = pytest.mark.skipif(
    not (hasattr(os, "mkfifo") and Path("/dev/null").exists()), reason="needs FIFOs and /dev"
)


def assert_refused(path, *fragments):
    for attempt in ("check_target", "atomic_write"):
        with pytest.raises(ValueError) as info:
            if attempt == "check_target":
                check_target(path)
            else:
                with atomic_write(path) as f:
                    f.write(b"never")
        message = str(info.value)
        assert message.startswith(f"cannot write {path}: ") and "\n" not in message, message
        for fragment in fragments:
            assert fragment in message, (attempt, message)


# Each path below is made in tmp_path, or cannot be replaced by anyone (/proc): were the
# refusal ever to break, a run as root would otherwise replace the system's /dev/null.


def device_node(folder):
    """A character device in folder: a copy of /dev/null's node if we may make one, else a
    link to /dev/null."""
    path = folder / "null"
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.stat("/dev/null").st_rdev)
    except (OSError, AttributeError):  # no CAP_MKNOD (not root, or a container)
        path.symlink_to("/dev/null")
    return path


@needs_posix_files
def test_a_device_is_never_replaced(tmp_path):
    node = device_node(tmp_path)
    before = os.lstat(node)
    assert_refused(node, "a character device", "not a regular file")
    after = os.lstat(node)
    assert (after.st_mode, after.st_rdev, after.st_ino) == (
        before.st_mode,
        before.st_rdev,
        before.st_ino,
    )
    assert os.listdir(tmp_path) == ["null"]  # no temporary file left


@needs_posix_files
def test_a_fifo_is_never_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert_refused(fifo, "a FIFO", "not a regular file")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert os.listdir(tmp_path) == ["pipe"]  # no temporary file left


@needs_posix_files
def test_a_link_to_a_device_is_never_replaced(tmp_path):
    link = tmp_path / "model.npz"
    link.symlink_to("/dev/null")
    assert_refused(link, "a character device", "/dev/null")
    assert link.is_symlink() and os.readlink(link) == "/dev/null"
    assert os.listdir(tmp_path) == ["model.npz"]


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs Linux's /proc")
@pytest.mark.parametrize("name", ["/proc/self/fd/1", "/dev/stdout", "/dev/fd/1"])
def test_a_link_to_a_stream_is_never_replaced(tmp_path, name):
    # whatever standard output is (a pipe, a terminal, or a file it is redirected to),
    # the stream is not a file to replace
    assert_refused("/proc/self/fd/1", "an open stream of a process")
    link = tmp_path / "out.png"
    link.symlink_to(name)
    assert_refused(link, "an open stream of a process")
    assert link.is_symlink() and os.readlink(link) == name
    assert os.listdir(tmp_path) == ["out.png"]


def test_a_link_to_a_file_is_written_through(tmp_path):
    real = tmp_path / "real.npz"
    real.write_bytes(b"old")
    link = tmp_path / "model.npz"
    link.symlink_to("real.npz")  # a relative link
    with atomic_write(link) as f:
        f.write(b"new")
    assert link.is_symlink() and os.readlink(link) == "real.npz"
    assert real.read_bytes() == b"new"
    assert sorted(os.listdir(tmp_path)) == ["model.npz", "real.npz"]


def test_a_dangling_link_makes_its_file(tmp_path):
    link = tmp_path / "model.npz"
    link.symlink_to(tmp_path / "made.npz")
    with atomic_write(link) as f:
        f.write(b"new")
    assert link.is_symlink() and (tmp_path / "made.npz").read_bytes() == b"new"


@pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX's")
@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755])
def test_a_replaced_file_keeps_its_mode(tmp_path, mode):
    # the one file-mode policy: new files as open() makes them, replaced ones keep theirs
    target = tmp_path / "out.ipynb"
    target.write_bytes(b"old")
    target.chmod(mode)
    with atomic_write(target) as f:
        f.write(b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == mode

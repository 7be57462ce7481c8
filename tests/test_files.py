"""atomic_write: a file is either written whole or not at all."""

import os
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

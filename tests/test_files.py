"""atomic_write: a file is either written whole or not at all."""

import os

import pytest

from lr_utils.files import atomic_write


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

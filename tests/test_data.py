"""The data set: fetching from mirrors over real HTTP on 127.0.0.1, verifying, loading."""

import contextlib
import functools
import hashlib
import os
import re
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pooch
import pytest

import lr_utils
from lr_utils import data
from lr_utils.data import (
    DatasetError,
    default_data_dir,
    fetch_dataset,
    load_dataset,
    mirror_urls,
    resolve_data_dir,
)

# the published checksums (shared datasets README), kept apart from the package's copy
SHA256 = {
    "train_catvnoncat.h5": "fbe56ab67c3ae28d564e3a644189117976d6b31af0a3ce9bb17dbf22908af242",
    "test_catvnoncat.h5": "6a9d39ce52fa85953c5834695b8534a30ed8cfd54971fb2f080b5a24d002b951",
}
NAMES = sorted(SHA256)


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def serve(folder):
    """Serve folder over HTTP on 127.0.0.1 and yield its base URL."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def verified_dir():
    """The folder with the two verified files (LR_UTILS_DATA_DIR in dev and CI); read-only."""
    return fetch_dataset()


@pytest.fixture(scope="module")
def good_url(verified_dir):
    with serve(verified_dir) as url:
        yield url


@pytest.fixture(scope="module")
def bad_url(tmp_path_factory):
    """A mirror serving garbage under the right names."""
    folder = tmp_path_factory.mktemp("bad_mirror")
    for name in NAMES:
        (folder / name).write_bytes(b"not the cat data\n" * 4096)
    with serve(folder) as url:
        yield url


@pytest.fixture(scope="module")
def empty_url(tmp_path_factory):
    """A mirror answering 404 for everything."""
    with serve(tmp_path_factory.mktemp("empty_mirror")) as url:
        yield url


@pytest.fixture
def present_dir(tmp_path, verified_dir):
    """A tmp data folder holding copies of the verified files."""
    folder = tmp_path / "data"
    folder.mkdir()
    for name in NAMES:
        shutil.copyfile(verified_dir / name, folder / name)
    return folder


def assert_verified(folder):
    assert sorted(os.listdir(folder)) == NAMES  # nothing else: no temporary files left
    for name in NAMES:
        assert sha256(folder / name) == SHA256[name]


def corrupt(path, how):
    raw = bytearray(path.read_bytes())
    if how == "flipped":
        for i in range(1000, 1010):
            raw[i] ^= 0xFF
    else:  # a partial download
        del raw[len(raw) // 2 :]
    path.write_bytes(bytes(raw))


def test_package_checksums_are_the_published_ones(verified_dir):
    assert data.FILES == SHA256
    for name in NAMES:
        assert sha256(verified_dir / name) == SHA256[name]


def test_default_mirrors_are_pinned_to_a_commit(monkeypatch):
    monkeypatch.delenv("LR_UTILS_DATA_URL", raising=False)
    assert mirror_urls() == data.MIRRORS
    assert len(data.MIRRORS) >= 2
    for base in data.MIRRORS:
        assert base.startswith("https://") and base.endswith("/")
        assert re.search(r"/[0-9a-f]{40}/", base)


def test_fetch_into_empty_folder(tmp_path, good_url):
    folder = tmp_path / "new" / "data"  # not there yet
    assert fetch_dataset(folder, mirrors=[good_url]) == folder
    assert_verified(folder)


def test_fetch_from_env_url(tmp_path, monkeypatch, good_url, dead_url):
    monkeypatch.setenv("LR_UTILS_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("LR_UTILS_DATA_URL", good_url)
    assert mirror_urls() == (good_url,)  # when set, the only source
    assert fetch_dataset() == tmp_path
    assert_verified(tmp_path)


def test_env_url_is_the_only_source(tmp_path, monkeypatch, dead_url):
    monkeypatch.setenv("LR_UTILS_DATA_URL", dead_url)
    with pytest.raises(DatasetError, match="cannot connect") as info:
        fetch_dataset(tmp_path)
    assert dead_url in str(info.value)
    assert "raw.githubusercontent.com" not in str(info.value)


def test_wrong_bytes_then_good_mirror(tmp_path, bad_url, good_url):
    assert fetch_dataset(tmp_path, mirrors=[bad_url, good_url]) == tmp_path
    assert_verified(tmp_path)


def test_only_a_bad_mirror_is_refused_and_leaves_nothing(tmp_path, bad_url):
    with pytest.raises(DatasetError) as info:
        fetch_dataset(tmp_path, mirrors=[bad_url])
    message = str(info.value)
    assert "\n" not in message
    assert str(tmp_path / "train_catvnoncat.h5") in message
    assert "is missing" in message
    assert f"{bad_url}train_catvnoncat.h5: served bytes whose SHA-256 does not match" in message
    assert "python -m lr_utils fetch" in message and "LR_UTILS_DATA_DIR" in message
    assert os.listdir(tmp_path) == []


def test_dead_mirror_then_good_one(tmp_path, dead_url, good_url):
    fetch_dataset(tmp_path, mirrors=[dead_url, good_url])
    assert_verified(tmp_path)


def test_missing_file_mirror_falls_through(tmp_path, empty_url, good_url):
    fetch_dataset(tmp_path, mirrors=[empty_url, good_url])
    assert_verified(tmp_path)


def test_every_failure_is_reported(tmp_path, dead_url, empty_url, bad_url):
    with pytest.raises(DatasetError) as info:
        fetch_dataset(tmp_path, mirrors=[dead_url, empty_url, bad_url])
    message = str(info.value)
    assert "\n" not in message
    assert f"{dead_url}train_catvnoncat.h5: cannot connect" in message
    assert f"{empty_url}train_catvnoncat.h5: HTTP 404" in message
    assert f"{bad_url}train_catvnoncat.h5: served bytes" in message
    assert os.listdir(tmp_path) == []


def test_url_without_scheme_is_a_connection_problem_not_a_checksum(tmp_path):
    with pytest.raises(DatasetError) as info:
        fetch_dataset(tmp_path, mirrors=["127.0.0.1:9/"])
    assert "SHA-256 does not match" not in str(info.value)
    assert os.listdir(tmp_path) == []


def test_offline_once_present(present_dir, dead_url, monkeypatch):
    before = {name: (present_dir / name).stat().st_mtime_ns for name in NAMES}
    assert fetch_dataset(present_dir, mirrors=[dead_url]) == present_dir
    monkeypatch.setenv("LR_UTILS_DATA_URL", dead_url)
    assert load_dataset(present_dir)[0].shape == (209, 64, 64, 3)
    assert_verified(present_dir)
    assert {name: (present_dir / name).stat().st_mtime_ns for name in NAMES} == before


@pytest.mark.parametrize("how", ["flipped", "truncated"])
def test_corrupt_file_is_downloaded_again(present_dir, bad_url, good_url, how):
    corrupt(present_dir / "train_catvnoncat.h5", how)
    fetch_dataset(present_dir, mirrors=[bad_url, good_url])
    assert_verified(present_dir)


@pytest.mark.parametrize("how", ["flipped", "truncated"])
def test_corrupt_file_is_never_read(present_dir, dead_url, bad_url, monkeypatch, how):
    path = present_dir / "test_catvnoncat.h5"
    corrupt(path, how)
    damaged = path.read_bytes()
    with pytest.raises(DatasetError) as info:
        fetch_dataset(present_dir, mirrors=[dead_url, bad_url])
    message = str(info.value)
    assert "\n" not in message
    assert f"{path} is corrupt" in message
    monkeypatch.setenv("LR_UTILS_DATA_URL", dead_url)
    with pytest.raises(DatasetError, match="corrupt"):
        load_dataset(present_dir)
    assert sorted(os.listdir(present_dir)) == NAMES  # no temporary file left behind
    assert path.read_bytes() == damaged  # left for the user to see, never replaced by junk


def test_read_only_folder_with_good_files(present_dir, dead_url, monkeypatch):
    # as root the mode does not stop writes; this still shows nothing is written
    before = {name: (present_dir / name).stat().st_mtime_ns for name in NAMES}
    present_dir.chmod(0o555)
    try:
        monkeypatch.setenv("LR_UTILS_DATA_URL", dead_url)
        assert fetch_dataset(present_dir) == present_dir
        assert load_dataset(present_dir)[2].shape == (50, 64, 64, 3)
        assert_verified(present_dir)
        assert {name: (present_dir / name).stat().st_mtime_ns for name in NAMES} == before
    finally:
        present_dir.chmod(0o755)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a 0o555 folder anyway")
def test_read_only_folder_missing_a_file(present_dir, good_url):
    (present_dir / "test_catvnoncat.h5").unlink()
    present_dir.chmod(0o555)
    try:
        with pytest.raises(DatasetError, match=r"test_catvnoncat\.h5 is missing") as info:
            fetch_dataset(present_dir, mirrors=[good_url])
        assert "\n" not in str(info.value)
        assert os.listdir(present_dir) == ["train_catvnoncat.h5"]
    finally:
        present_dir.chmod(0o755)


def test_load_dataset(verified_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # from another working folder
    train_x, train_y, test_x, test_y, classes = load_dataset()
    assert train_x.shape == (209, 64, 64, 3) and train_x.dtype == np.uint8
    assert test_x.shape == (50, 64, 64, 3) and test_x.dtype == np.uint8
    assert train_y.shape == (1, 209) and test_y.shape == (1, 50)
    assert set(np.unique(train_y)) == {0, 1} and set(np.unique(test_y)) == {0, 1}
    assert int(train_y.sum()) == 72 and int(test_y.sum()) == 33
    # exactly the course's load_dataset: the names as bytes, straight from the file
    assert classes.tolist() == [b"non-cat", b"cat"] and classes.dtype == np.dtype("S7")
    assert classes[np.squeeze(train_y[:, 2])].decode("utf-8") == "cat"
    assert train_y.dtype == test_y.dtype == np.int64
    for array in (train_x, train_y, test_x, test_y, classes):
        assert type(array) is np.ndarray  # read into memory, not h5py datasets
    assert os.listdir(tmp_path) == []  # nothing written into the working folder


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_load_dataset_closes_its_files(verified_dir):
    load_dataset(verified_dir)
    fds = Path("/proc/self/fd")
    opened = set()
    for fd in os.listdir(fds):
        with contextlib.suppress(OSError):
            opened.add(os.readlink(fds / fd))
    assert not opened & {str((verified_dir / name).resolve()) for name in NAMES}


def test_resolve_data_dir_precedence(tmp_path, monkeypatch):
    monkeypatch.setenv("LR_UTILS_DATA_DIR", str(tmp_path / "env"))
    assert resolve_data_dir(tmp_path / "arg") == tmp_path / "arg"
    assert resolve_data_dir(str(tmp_path / "arg")) == tmp_path / "arg"
    assert resolve_data_dir() == tmp_path / "env"
    monkeypatch.setenv("LR_UTILS_DATA_DIR", "")
    assert resolve_data_dir() == default_data_dir()
    monkeypatch.delenv("LR_UTILS_DATA_DIR")
    assert resolve_data_dir() == default_data_dir()
    monkeypatch.setenv("HOME", str(tmp_path))
    assert resolve_data_dir("~/cats") == tmp_path / "cats"


def test_default_data_dir_is_the_clones_datasets_folder(tmp_path, monkeypatch):
    clone = Path(lr_utils.__file__).resolve().parent.parent
    monkeypatch.chdir(tmp_path)
    assert default_data_dir() == clone / "datasets"
    assert default_data_dir().is_absolute()
    assert (clone / "pyproject.toml").is_file()


def test_default_data_dir_outside_a_clone_is_a_user_cache(tmp_path, monkeypatch):
    # an installed package: no pyproject.toml and datasets/ next to it
    monkeypatch.setattr(data, "_CLONE_ROOT", tmp_path)
    cache = Path(pooch.os_cache("lr_utils"))
    assert default_data_dir() == cache
    (tmp_path / "pyproject.toml").write_text("")
    assert default_data_dir() == cache  # a pyproject.toml alone is not a clone
    (tmp_path / "datasets").mkdir()
    assert default_data_dir() == tmp_path / "datasets"


def test_dataset_error_is_a_runtime_error():
    # callers that catch RuntimeError still see it; the CLI turns it into exit status 1
    assert issubclass(DatasetError, RuntimeError)
    assert lr_utils.DatasetError is DatasetError

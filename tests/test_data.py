"""The data set: fetching from mirrors over real HTTP on 127.0.0.1, verifying, loading."""

import contextlib
import functools
import hashlib
import logging
import os
import re
import shutil
import signal
import ssl
import subprocess
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import h5py
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
def serve(folder, handler_class=QuietHandler):
    """Serve folder over HTTP on 127.0.0.1 and yield its base URL."""
    handler = functools.partial(handler_class, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    # a short poll interval: shutdown() waits for it, three times per module
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def good_url(data_dir):
    with serve(data_dir) as url:
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
def present_dir(tmp_path, data_dir):
    """A tmp data folder holding copies of the verified files."""
    folder = tmp_path / "data"
    folder.mkdir()
    for name in NAMES:
        shutil.copyfile(data_dir / name, folder / name)
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


def test_package_checksums_are_the_published_ones(data_dir):
    assert data.FILES == SHA256
    for name in NAMES:
        assert sha256(data_dir / name) == SHA256[name]


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


# A read-only file system, for root too (root ignores a folder's permission bits, not a
# read-only mount): a private mount namespace, where a user namespace makes us root, and
# in it a read-only bind mount of the folder ($0); then the command ("$@") runs.
UNSHARE = ["unshare", "--map-root-user", "--mount"]
MOUNT_READ_ONLY = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'


def read_only_mounts_work():
    if shutil.which("unshare") is None:
        return False
    return subprocess.run([*UNSHARE, "true"], capture_output=True).returncode == 0


def run_in_read_only_folder(folder, code, *args):
    """Run Python CODE with folder mounted read-only; sys.argv[1:] is folder, *args."""
    command = [*UNSHARE, "sh", "-c", MOUNT_READ_ONLY, str(folder)]
    result = subprocess.run(
        [*command, sys.executable, "-c", code, str(folder), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


needs_read_only_mounts = pytest.mark.skipif(
    not read_only_mounts_work(), reason="needs unshare and user namespaces (Linux)"
)


@needs_read_only_mounts
def test_read_only_folder_with_good_files(present_dir, dead_url):
    before = {name: (present_dir / name).stat().st_mtime_ns for name in NAMES}
    code = (
        "import os, sys\n"
        "from lr_utils.data import fetch_dataset, load_dataset\n"
        "os.environ['LR_UTILS_DATA_URL'] = sys.argv[2]\n"
        "print(fetch_dataset(sys.argv[1]), load_dataset(sys.argv[1])[2].shape)\n"
    )
    out = run_in_read_only_folder(present_dir, code, dead_url)
    assert out == f"{present_dir} (50, 64, 64, 3)\n"
    assert_verified(present_dir)
    assert {name: (present_dir / name).stat().st_mtime_ns for name in NAMES} == before


@needs_read_only_mounts
def test_read_only_folder_missing_a_file(present_dir, good_url):
    (present_dir / "test_catvnoncat.h5").unlink()
    code = (
        "import sys\n"
        "from lr_utils.data import DatasetError, fetch_dataset\n"
        "try:\n"
        "    fetch_dataset(sys.argv[1], mirrors=[sys.argv[2]])\n"
        "except DatasetError as error:\n"
        "    print(error)\n"
    )
    message = run_in_read_only_folder(present_dir, code, good_url).rstrip("\n")
    assert message and "\n" not in message
    assert f"{present_dir / 'test_catvnoncat.h5'} is missing" in message
    assert f"the folder {present_dir} cannot be written (Read-only file system)" in message
    assert "LR_UTILS_DATA_DIR" in message
    assert "network" not in message and good_url not in message  # no mirror is blamed
    assert os.listdir(present_dir) == ["train_catvnoncat.h5"]


@pytest.mark.parametrize("folder", ["/sys/kernel", "/sys/kernel/lr_utils_data"])
@pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="needs Linux's /sys")
def test_folder_no_one_may_write_into(folder, dead_url):
    # sysfs takes no new files or folders from anyone, root included
    with pytest.raises(DatasetError) as info:
        fetch_dataset(folder, mirrors=[dead_url])
    message = str(info.value)
    assert "\n" not in message
    assert f"{folder}/train_catvnoncat.h5 is missing" in message
    assert f"the folder {folder} cannot be written (" in message
    assert "network" not in message and "cannot connect" not in message


def test_fetching_in_two_threads_leaves_the_logging_alone(tmp_path, data_dir):
    # two downloads at once, each request held until the other has arrived; while they
    # are in flight, pooch's logger (global state) must keep its level
    logger = pooch.get_logger()
    records, levels, barrier = [], [], threading.Barrier(2, timeout=20)

    class Collect(logging.Handler):
        def emit(self, record):
            records.append(record.getMessage())

    class TogetherHandler(QuietHandler):
        def do_GET(self):
            barrier.wait()
            levels.append(logging.getLevelName(logger.level))
            super().do_GET()

    collect = Collect()
    level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(collect)
    try:
        with serve(data_dir, TogetherHandler) as url:
            threads = [
                threading.Thread(target=fetch_dataset, args=(tmp_path / f"{i}", [url]))
                for i in range(2)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
        assert levels == ["INFO"] * 4, f"pooch's level during the downloads: {levels}"
        assert logging.getLevelName(logger.level) == "INFO"
        assert records == [], f"pooch logged {records}"  # quiet, without a level change
    finally:
        logger.removeHandler(collect)
        logger.setLevel(level)
    for i in range(2):
        assert_verified(tmp_path / f"{i}")


def course_load_dataset(folder):
    """The course's own load_dataset (its lr_utils.py), reading from folder: the oracle."""
    train_dataset = h5py.File(folder / "train_catvnoncat.h5", "r")
    train_set_x_orig = np.array(train_dataset["train_set_x"][:])
    train_set_y_orig = np.array(train_dataset["train_set_y"][:])
    test_dataset = h5py.File(folder / "test_catvnoncat.h5", "r")
    test_set_x_orig = np.array(test_dataset["test_set_x"][:])
    test_set_y_orig = np.array(test_dataset["test_set_y"][:])
    classes = np.array(test_dataset["list_classes"][:])
    train_set_y_orig = train_set_y_orig.reshape((1, train_set_y_orig.shape[0]))
    test_set_y_orig = test_set_y_orig.reshape((1, test_set_y_orig.shape[0]))
    train_dataset.close()
    test_dataset.close()
    return train_set_x_orig, train_set_y_orig, test_set_x_orig, test_set_y_orig, classes


def test_load_dataset_returns_what_the_courses_returns(data_dir):
    ours, course = load_dataset(data_dir), course_load_dataset(data_dir)
    expected = [
        ((209, 64, 64, 3), np.uint8),
        ((1, 209), np.int64),
        ((50, 64, 64, 3), np.uint8),
        ((1, 50), np.int64),
        ((2,), np.dtype("S7")),
    ]
    for i, (got, want, (shape, dtype)) in enumerate(zip(ours, course, expected, strict=True)):
        assert type(got) is np.ndarray, f"value {i}: {type(got).__name__}"
        assert (got.shape, got.dtype) == (want.shape, want.dtype) == (shape, dtype), (
            f"value {i}: {got.shape} {got.dtype}, the course's {want.shape} {want.dtype}"
        )
        np.testing.assert_array_equal(got, want, err_msg=f"value {i}", strict=True)


def test_load_dataset(data_dir, tmp_path, monkeypatch):
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
def test_load_dataset_closes_its_files(data_dir):
    load_dataset(data_dir)
    fds = Path("/proc/self/fd")
    opened = set()
    for fd in os.listdir(fds):
        with contextlib.suppress(OSError):
            opened.add(os.readlink(fds / fd))
    assert not opened & {str((data_dir / name).resolve()) for name in NAMES}


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


def test_dataset_error_is_a_runtime_error(tmp_path, dead_url):
    # what fetch raises: caught as a RuntimeError by callers that know nothing of lr_utils
    with pytest.raises(RuntimeError) as info:
        fetch_dataset(tmp_path, mirrors=[dead_url])
    assert type(info.value) is lr_utils.DatasetError
    assert "train_catvnoncat.h5 is missing" in str(info.value)


# a download is bounded: in size, in time; a killed one leaves nothing


def test_package_sizes_are_the_files_sizes(data_dir):
    assert set(data.SIZES) == set(NAMES)
    for name in NAMES:
        assert data.SIZES[name] == (data_dir / name).stat().st_size


def streaming_handler(
    body, *, length=None, delay=0.0, seconds=10.0, most=2**26, sent=None, arrived=None
):
    """A handler class answering every GET with 200 and body(i) for i = 0, 1, ... (bytes),
    one piece each delay seconds, for at most seconds and most bytes (64 MiB); sent[0]
    counts the bytes it sent."""

    class Handler(QuietHandler):
        protocol_version = "HTTP/1.0"  # without a length, the body ends when the connection does

        def do_GET(self):
            if arrived is not None:
                arrived.set()
            self.send_response(200)
            if length is not None:
                self.send_header("Content-Length", str(length))
            self.end_headers()
            start, i, total = time.monotonic(), 0, 0
            try:
                while time.monotonic() - start < seconds and total < most:
                    piece = body(i)
                    self.wfile.write(piece)
                    total += len(piece)
                    if sent is not None:
                        sent[0] += len(piece)
                    i += 1
                    time.sleep(delay)
            except OSError:  # the client went away
                pass

    return Handler


def test_an_endless_mirror_is_left_at_the_files_size(tmp_path, good_url):
    sent = [0]
    endless = streaming_handler(lambda i: b"\0" * 2**16, sent=sent, seconds=30.0)
    with serve(tmp_path, endless) as url:
        with pytest.raises(DatasetError) as info:
            fetch_dataset(tmp_path / "data", mirrors=[url])
        message = str(info.value)
        assert f"{url}train_catvnoncat.h5: sent more than the 2,572,022 bytes expected" in message
        assert "\n" not in message
        fetch_dataset(tmp_path / "data", mirrors=[url, good_url])  # then the next mirror
    assert_verified(tmp_path / "data")
    # the probe wrote 300 MiB; over these three requests the client stops reading each at
    # the file's size (socket buffers aside), long before the mirror's own stop at 64 MiB
    assert sent[0] < 48 * 2**20, f"the mirror sent {sent[0]:,} bytes: the client read on"


def test_a_mirror_announcing_too_much_is_left_at_once(tmp_path):
    handler = streaming_handler(lambda i: b"\0", length=10**12, delay=0.01, seconds=5.0)
    with serve(tmp_path, handler) as url, pytest.raises(DatasetError) as info:
        fetch_dataset(tmp_path / "data", mirrors=[url])
    assert "announced 1,000,000,000,000 bytes, more than the 2,572,022 expected" in str(info.value)
    assert os.listdir(tmp_path / "data") == []


@pytest.fixture
def short_deadline(monkeypatch):
    monkeypatch.setattr(data, "DOWNLOAD_DEADLINE", 0.5)
    return 0.5


def test_a_slow_mirror_is_left_at_the_deadline_for_the_next(tmp_path, good_url, short_deadline):
    # one byte every 50 ms is never a read timeout; for 2.5 MB it would take 1.5 days
    slow = streaming_handler(lambda i: b"\0", length=2_572_022, delay=0.05, seconds=10.0)
    with serve(tmp_path, slow) as url:
        fetch_dataset(tmp_path / "data", mirrors=[url, good_url])
        assert_verified(tmp_path / "data")
        with pytest.raises(DatasetError) as info:
            fetch_dataset(tmp_path / "other", mirrors=[url])
    message = str(info.value)
    assert "\n" not in message and "train_catvnoncat.h5 is missing" in message
    assert f"{url}train_catvnoncat.h5: not complete after 0.5 s (" in message
    assert "of 2,572,022 bytes; the deadline for one file)" in message
    assert os.listdir(tmp_path / "other") == []


def test_a_mirror_dribbling_its_headers_is_left_at_the_deadline(tmp_path, short_deadline):
    class Dribble(QuietHandler):
        def do_GET(self):
            try:
                self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
                for _ in range(200):  # 10 s at most
                    self.wfile.write(b"a")
                    time.sleep(0.05)
            except OSError:
                pass

    with serve(tmp_path, Dribble) as url, pytest.raises(DatasetError) as info:
        fetch_dataset(tmp_path / "data", mirrors=[url])
    assert "not complete after 0.5 s" in str(info.value)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_killed_fetch_leaves_no_partial_file(tmp_path):
    sent, arrived = [0], threading.Event()
    slow = streaming_handler(
        lambda i: b"\0" * 100,
        length=2_572_022,
        delay=0.01,
        seconds=20.0,
        sent=sent,
        arrived=arrived,
    )
    folder = tmp_path / "data"
    folder.mkdir()
    code = (
        "import sys\nfrom lr_utils import fetch_dataset\nfetch_dataset(sys.argv[1], [sys.argv[2]])"
    )
    with serve(tmp_path / "data", slow) as url:
        process = subprocess.Popen([sys.executable, "-c", code, str(folder), url])
        try:
            assert arrived.wait(60), "the fetch never reached the mirror"
            while sent[0] < 5000 and process.poll() is None:  # some bytes are on their way
                time.sleep(0.05)
        finally:
            process.kill()
            process.wait()
    assert os.listdir(folder) == []


def plant(folder, name, age):
    path = folder / name
    path.write_bytes(b"half a download")
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def test_a_stale_temporary_file_is_removed_by_the_next_fetch(present_dir, dead_url):
    stale = plant(present_dir, ".train_catvnoncat.h5.0123456789abcdef.part", 3600)
    stale_test = plant(present_dir, ".test_catvnoncat.h5.fedcba9876543210.part", 3600)
    live = plant(present_dir, ".train_catvnoncat.h5.00112233445566ff.part", 1)  # a live fetch's
    mine = plant(present_dir, ".train_catvnoncat.h5.notes.part", 3600)  # not atomic_write's
    assert fetch_dataset(present_dir, mirrors=[dead_url]) == present_dir  # no download needed
    assert not stale.exists() and not stale_test.exists()
    assert live.exists() and mine.exists()


# an unreadable data file: the API's one line


def test_an_unreadable_data_file_is_one_line_from_the_api(present_dir):
    path = present_dir / "train_catvnoncat.h5"
    path.chmod(0)
    code = (
        "import sys\n"
        "from lr_utils import DatasetError, fetch_dataset\n"
        "try:\n"
        "    fetch_dataset(sys.argv[1], mirrors=[])\n"
        "except DatasetError as error:\n"
        "    print(error)\n"
    )
    try:
        try:
            open(path, "rb").close()
            readable = True  # root: permission bits do not stop it
        except PermissionError:
            readable = False
        if not readable:
            with pytest.raises(DatasetError) as info:
                fetch_dataset(present_dir, mirrors=[])
            message = str(info.value)
        elif (
            shutil.which("unshare")
            and subprocess.run(["unshare", "--user", "true"]).returncode == 0
        ):
            # in a user namespace of its own, root's override of permission bits is gone
            result = subprocess.run(
                ["unshare", "--user", sys.executable, "-c", code, str(present_dir)],
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert result.returncode == 0 and result.stderr == "", result.stderr
            message = result.stdout.rstrip("\n")
        else:
            pytest.skip("running as root without unshare: the file stays readable")
    finally:
        path.chmod(0o644)
    assert "\n" not in message
    assert f"{path} cannot be read (Permission denied)" in message
    assert "LR_UTILS_DATA_DIR" in message


# the mirrors are HTTPS: the same bounds hold over TLS


@pytest.fixture
def tls(tmp_path, monkeypatch):
    """(serve_tls(handler) -> base URL, ...): HTTPS on 127.0.0.1 with a self-signed
    certificate, which the package's TLS context is made to trust (and nothing else)."""
    if shutil.which("openssl") is None:
        pytest.skip("needs openssl to make a certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", key, "-out", cert, "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    trusting = ssl.create_default_context(cafile=cert)
    monkeypatch.setattr(data, "_ssl_context", lambda: trusting)
    servers = contextlib.ExitStack()

    def serve_tls(handler_class):
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler_class)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
        thread.start()
        servers.callback(thread.join)
        servers.callback(server.server_close)
        servers.callback(server.shutdown)
        return f"https://127.0.0.1:{server.server_port}/"

    with servers:
        yield serve_tls


def test_https_mirrors_slow_then_good(tmp_path, data_dir, tls, short_deadline):
    slow = tls(streaming_handler(lambda i: b"\0", length=2_572_022, delay=0.05, seconds=10.0))
    good = tls(functools.partial(QuietHandler, directory=str(data_dir)))
    folder = tmp_path / "data"
    assert fetch_dataset(folder, mirrors=[slow, good]) == folder
    assert_verified(folder)
    with pytest.raises(DatasetError) as info:
        fetch_dataset(tmp_path / "other", mirrors=[slow])
    assert f"{slow}train_catvnoncat.h5: not complete after 0.5 s" in str(info.value)

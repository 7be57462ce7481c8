"""The cat / non-cat data set: where it lives, how it is fetched and verified, how it is read.

Two HDF5 files, each checked by SHA-256 before it is read, so that a corrupt or partial
file is never taken for data. Settings (environment variables):

- ``LR_UTILS_DATA_DIR``: the folder where the files are, or are downloaded to.
- ``LR_UTILS_DATA_URL``: base URL of a mirror serving both files by name; when set,
  it is the only source tried.

A download is bounded: a mirror gets DOWNLOAD_DEADLINE seconds in all for one file
(connecting, waiting and reading; a mirror that sends nothing for READ_TIMEOUT seconds is
left sooner), and may send no more than the file's known size (SIZES). Then the next
mirror is tried. The bytes are held in memory (the larger file is 2.5 MB) until their
SHA-256 matches, and only then written, with files.atomic_write: a killed fetch leaves
no partial file. A temporary file left by one killed in that last moment is removed by
the next fetch, once it is STALE_SECONDS old (no live fetch keeps one that long).
"""

import contextlib
import hashlib
import http.client
import os
import socket
import ssl
import threading
import urllib.error
import urllib.request
from pathlib import Path

import h5py
import pooch

from .files import atomic_write, reason, remove_stale_temporaries, unwritable

FILES = {
    "train_catvnoncat.h5": "fbe56ab67c3ae28d564e3a644189117976d6b31af0a3ce9bb17dbf22908af242",
    "test_catvnoncat.h5": "6a9d39ce52fa85953c5834695b8534a30ed8cfd54971fb2f080b5a24d002b951",
}

# the size of each file in bytes: no download may exceed it
SIZES = {
    "train_catvnoncat.h5": 2_572_022,
    "test_catvnoncat.h5": 616_958,
}

DOWNLOAD_DEADLINE = 300.0  # seconds one mirror gets for one file, in all
READ_TIMEOUT = 30.0  # seconds to connect, or with no data, before a mirror is left
STALE_SECONDS = 60.0  # a temporary data file this old belongs to no live fetch

# public copies of exactly these bytes, pinned to a commit so they cannot change
MIRRORS = (
    "https://raw.githubusercontent.com/ramakris/coursera-deeplearning/"
    "c79617ebb9ff38e765e821f80352adee93f19357/neuralnetworks/week2/datasets/",
    "https://raw.githubusercontent.com/Hiren2002/Logistic-Regression/"
    "a6139a838a0e624f4ab923377df0c5d3386fdf1f/datasets/",
)

DATA_DIR_ENV = "LR_UTILS_DATA_DIR"
DATA_URL_ENV = "LR_UTILS_DATA_URL"
_CLONE_ROOT = Path(__file__).resolve().parent.parent


class DatasetError(RuntimeError):
    """A data file is missing or corrupt and could not be fetched."""


def default_data_dir():
    """The folder the files go to when neither an argument nor LR_UTILS_DATA_DIR says.

    The clone's ``datasets/`` when the package runs from a clone, else a per-user cache.
    """
    if (_CLONE_ROOT / "pyproject.toml").is_file() and (_CLONE_ROOT / "datasets").is_dir():
        return _CLONE_ROOT / "datasets"
    return Path(pooch.os_cache("lr_utils"))


def resolve_data_dir(data_dir=None):
    """Return the data folder: data_dir, else LR_UTILS_DATA_DIR, else default_data_dir().

    LR_UTILS_DATA_DIR must be absolute (``~`` allowed): a relative one would name another
    folder in each place Python starts (a notebook's kernel starts in the notebook's folder).
    """
    if data_dir is None:
        data_dir = os.environ.get(DATA_DIR_ENV) or default_data_dir()
        if not Path(data_dir).expanduser().is_absolute():
            raise DatasetError(
                f"{DATA_DIR_ENV} must be an absolute path, got {str(data_dir)!r}, which would "
                f"name another folder wherever Python starts (a notebook's kernel starts in "
                f"the notebook's folder): set it to an absolute path, e.g. "
                f'{DATA_DIR_ENV}="$PWD/{data_dir}" in the folder it is relative to'
            )
    return Path(data_dir).expanduser()


def mirror_urls():
    """Base URLs to try in order: LR_UTILS_DATA_URL alone when set, else MIRRORS."""
    url = os.environ.get(DATA_URL_ENV)
    return (url,) if url else MIRRORS


def fetch_dataset(data_dir=None, mirrors=None):
    """Make sure both files are in the data folder and match their SHA-256; return the folder.

    A file already present and intact is used as it is, with no network. A missing or
    corrupt one is downloaded from each mirror in turn until one serves the right bytes;
    a download that fails or does not match is deleted, never kept.

    Raises
    ------
    DatasetError
        naming the file, what went wrong at each mirror, and what to do.
    """
    folder = resolve_data_dir(data_dir)
    bases = tuple(mirrors) if mirrors is not None else mirror_urls()
    for name, sha256 in FILES.items():
        _fetch_file(folder, name, sha256, bases)
    return folder


def _fetch_file(folder, name, sha256, bases):
    path = folder / name
    remove_stale_temporaries(path, STALE_SECONDS)
    present = path.is_file()
    try:
        if present and pooch.file_hash(str(path)) == sha256:
            return path
    except OSError as error:
        raise DatasetError(
            f"{path} cannot be read ({reason(error)}): make it readable, or delete it so that "
            f"it is downloaded again, or set {DATA_DIR_ENV} to a folder holding readable copies"
        ) from None
    if present:
        state = f"{path} is corrupt (its SHA-256 does not match {sha256[:12]}...)"
    else:
        state = f"{path} is missing"
    problem = unwritable(folder)
    if problem is not None:  # a local fault: no mirror is tried, none is blamed
        raise DatasetError(
            f"{state}, and the folder {folder} cannot be written ({problem}), so it cannot "
            f"be downloaded there: copy the verified files into {folder}, or set "
            f"{DATA_DIR_ENV} to a folder that has them or that you can write to"
        )
    failures = []
    for base in bases:
        url = base.rstrip("/") + "/" + name
        try:
            content = _download(url, SIZES[name])
        except _Failed as failure:
            failures.append(f"{url}: {failure}")
            continue
        if hashlib.sha256(content).hexdigest() != sha256:
            failures.append(f"{url}: served bytes whose SHA-256 does not match")
            continue
        try:
            with atomic_write(path) as f:
                f.write(content)
        except ValueError as error:  # atomic_write: the file could not be put in place
            raise DatasetError(f"{state}, and {error}") from None
        except OSError as error:  # the local disk (full, say)
            raise DatasetError(f"{state}, and writing it failed: {reason(error)}") from None
        return path
    tried = "; ".join(failures) if failures else "no mirror was given"
    raise DatasetError(
        f"{state} and could not be downloaded ({tried}); run 'python -m lr_utils fetch' "
        f"where the network is reachable, or set {DATA_URL_ENV} to a mirror serving "
        f"{name}, or copy the verified file there or set {DATA_DIR_ENV} to a folder that has it"
    )


class _Failed(Exception):
    """A mirror did not serve the file; the message says why, in a few words."""


def _download(url, size):
    # the body at url, at most size bytes, within DOWNLOAD_DEADLINE seconds, or _Failed
    received = 0
    deadline = _Deadline(DOWNLOAD_DEADLINE)
    opener = urllib.request.build_opener(
        _TrackedHTTPHandler(deadline), _TrackedHTTPSHandler(deadline, context=_ssl_context())
    )
    try:
        with deadline, opener.open(url, timeout=READ_TIMEOUT) as response:
            announced = response.headers.get("Content-Length", "")
            if announced.isdigit() and int(announced) > size:
                raise _Failed(
                    f"announced {int(announced):,} bytes, more than the {size:,} expected"
                )
            chunks = []
            while chunk := response.read(min(2**16, size + 1 - received)):
                chunks.append(chunk)
                received += len(chunk)
                if received > size:
                    raise _Failed(f"sent more than the {size:,} bytes expected")
            if deadline.expired:  # it shut the connection between two reads
                raise _Failed(deadline.message(received, size))
            return b"".join(chunks)
    except _Failed:
        raise
    except urllib.error.HTTPError as error:
        raise _Failed(f"HTTP {error.code}") from None
    except Exception as error:  # the network's, the server's or the URL's fault
        if deadline.expired:
            raise _Failed(deadline.message(received, size)) from None
        if isinstance(error, urllib.error.URLError):
            raise _Failed(f"cannot connect ({_words(error.reason)})") from None
        if isinstance(error, TimeoutError):
            raise _Failed(f"sent nothing for {READ_TIMEOUT:g} s (the read timeout)") from None
        if isinstance(error, http.client.IncompleteRead):
            raise _Failed(f"closed the connection after {received:,} of {size:,} bytes") from None
        raise _Failed(_words(error)) from None


def _words(error):
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return " ".join(str(error).split()) or type(error).__name__


def _ssl_context():
    # the system's certificates, and certifi's where installed (as requests uses them)
    context = ssl.create_default_context()
    with contextlib.suppress(ImportError, OSError):
        import certifi

        context.load_verify_locations(certifi.where())
    return context


class _Deadline:
    """A timer that shuts the connections of one download when its time is up.

    A socket timeout only bounds each read; a mirror sending a byte now and then would
    never reach it. shutdown() wakes a read blocked in another thread, on any platform.
    """

    def __init__(self, seconds):
        self.seconds = seconds
        self.expired = False
        self._sockets = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self):
        self._timer.start()
        return self

    def __exit__(self, *exc_info):
        self._timer.cancel()

    def message(self, received, size):
        return (
            f"not complete after {self.seconds:g} s ({received:,} of {size:,} bytes; "
            f"the deadline for one file)"
        )

    def track(self, connection_class):
        # connection_class, whose sockets the timer can shut once they are connected
        # (urllib drops the connection's own reference to its socket once the headers
        # are in, so the socket is kept here)
        deadline = self

        class Tracked(connection_class):
            def connect(self):
                super().connect()
                deadline._add(self.sock)

        return Tracked

    def _add(self, sock):
        with self._lock:
            self._sockets.append(sock)
            if self.expired:  # connected after the time was up
                _shut(sock)

    def _expire(self):
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock):
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


class _TrackedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline):
        super().__init__()
        self._deadline = deadline

    def do_open(self, http_class, req, **kwargs):
        return super().do_open(self._deadline.track(http_class), req, **kwargs)


class _TrackedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline, context):
        super().__init__(context=context)
        self._deadline = deadline

    def do_open(self, http_class, req, **kwargs):
        return super().do_open(self._deadline.track(http_class), req, **kwargs)


def load_dataset(data_dir=None):
    """Load the cat / non-cat images, fetching and verifying the files first.

    Returns
    -------
    train_set_x_orig : uint8 ndarray (209, 64, 64, 3), one image per row
    train_set_y : int64 ndarray (1, 209) of 0/1 labels
    test_set_x_orig : uint8 ndarray (50, 64, 64, 3)
    test_set_y : int64 ndarray (1, 50)
    classes : bytes ndarray (2,) of dtype |S7, [b"non-cat", b"cat"], as the course's
        load_dataset returns it: ``classes[1].decode("utf-8")`` is "cat"
    """
    folder = fetch_dataset(data_dir)
    train_x, train_y, _ = _read(folder / "train_catvnoncat.h5", "train")
    test_x, test_y, classes = _read(folder / "test_catvnoncat.h5", "test")
    return train_x, train_y, test_x, test_y, classes


def _read(path, split):
    with h5py.File(path, "r") as f:
        x = f[f"{split}_set_x"][()]
        y = f[f"{split}_set_y"][()].reshape(1, -1)
        classes = f["list_classes"][()]
    return x, y, classes

"""The cat / non-cat data set: where it lives, how it is fetched and verified, how it is read.

Two HDF5 files, each checked by SHA-256 before it is read, so that a corrupt or partial
file is never taken for data. Settings (environment variables):

- ``LR_UTILS_DATA_DIR``: the folder where the files are, or are downloaded to.
- ``LR_UTILS_DATA_URL``: base URL of a mirror serving both files by name; when set,
  it is the only source tried.
"""

import os
from pathlib import Path

import h5py
import pooch

from .files import atomic_write, unwritable

FILES = {
    "train_catvnoncat.h5": "fbe56ab67c3ae28d564e3a644189117976d6b31af0a3ce9bb17dbf22908af242",
    "test_catvnoncat.h5": "6a9d39ce52fa85953c5834695b8534a30ed8cfd54971fb2f080b5a24d002b951",
}

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
    present = path.is_file()
    if present and pooch.file_hash(str(path)) == sha256:
        return path
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
            _download(url, path, sha256)
            return path
        except _Mismatch:
            failures.append(f"{url}: served bytes whose SHA-256 does not match")
        except OSError as error:
            if error.errno is not None:  # the local disk (full, say), not the network
                raise DatasetError(f"{state}, and writing it failed: {error}") from None
            failures.append(f"{url}: {_reason(error)}")  # requests' errors, bad URLs too
        except ValueError as error:  # atomic_write: the file could not be put in place
            raise DatasetError(f"{state}, and {error}") from None
    tried = "; ".join(failures) if failures else "no mirror was given"
    raise DatasetError(
        f"{state} and could not be downloaded ({tried}); run 'python -m lr_utils fetch' "
        f"where the network is reachable, or set {DATA_URL_ENV} to a mirror serving "
        f"{name}, or copy the verified file there or set {DATA_DIR_ENV} to a folder that has it"
    )


class _Mismatch(Exception):
    pass


def _download(url, path, sha256):
    # into a temporary file next to path, renamed to path only once its SHA-256 matches;
    # pooch's downloader alone, so that nothing touches pooch's (global) logger
    download = pooch.HTTPDownloader(progressbar=False, timeout=30)
    with atomic_write(path) as f:
        download(url, f, None)
        f.flush()
        if pooch.file_hash(f.name) != sha256:
            raise _Mismatch  # atomic_write deletes the download


def _reason(error):
    response = getattr(error, "response", None)
    if response is not None:
        return f"HTTP {response.status_code}"
    if type(error).__name__ in ("ConnectionError", "Timeout", "ConnectTimeout", "ReadTimeout"):
        return f"cannot connect ({type(error).__name__})"
    return " ".join(str(error).split()) or type(error).__name__


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

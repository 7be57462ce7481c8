"""Options and fixtures shared by the test modules in tests/."""

import io
import socket
import struct
import zipfile

import numpy as np
import pytest

from lr_utils import LogisticRegression


def pytest_addoption(parser):
    parser.addoption(
        "--browser-screenshots",
        metavar="DIR",
        default=None,
        help="save a full-page screenshot of each notebook run in JupyterLab by "
        "tests/test_browser.py into DIR (same as env LR_UTILS_SCREENSHOTS=DIR)",
    )


@pytest.fixture(scope="session")
def dead_url():
    """The URL of a local port that refuses connections: a mirror that is down."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}/"


def _patch_member(raw, name, local=None, central=None):
    """Overwrite fields of member name in a zip archive: {offset: bytes} in its headers."""
    raw = bytearray(raw)
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as archive:
        start = archive.getinfo(name).header_offset
    for offset, value in (local or {}).items():
        raw[start + offset : start + offset + len(value)] = value
    at = raw.find(b"PK\x01\x02")  # the central directory, one entry per member
    while at != -1:
        length = struct.unpack("<H", raw[at + 28 : at + 30])[0]
        if raw[at + 46 : at + 46 + length] == name.encode():
            for offset, value in (central or {}).items():
                raw[at + offset : at + offset + len(value)] = value
        at = raw.find(b"PK\x01\x02", at + 4)
    return bytes(raw)


def _member_data(raw, name):
    """(start, end) of the stored bytes of member name in a zip archive."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        info = archive.getinfo(name)
    start = info.header_offset
    name_length, extra_length = struct.unpack("<HH", raw[start + 26 : start + 30])
    data = start + 30 + name_length + extra_length
    return data, data + info.compress_size


def _npz(**arrays):
    out = io.BytesIO()
    np.savez(out, **arrays)
    return out.getvalue()


def _npy_claiming(shape):
    """A w.npy whose header claims shape but which holds only 8 bytes of data."""
    out = io.BytesIO()
    header = {"descr": "<f8", "fortran_order": False, "shape": shape}
    np.lib.format.write_array_header_1_0(out, header)
    out.write(b"\0" * 8)
    return out.getvalue()


def _with_member(raw, name, content):
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.namelist():
            target.writestr(item, content if item == name else source.read(item))
    return out.getvalue()


def _damages(raw):
    """Every way we know a model file can be damaged: {label: bytes}."""
    start, end = _member_data(raw, "w.npy")
    flipped_data = bytearray(raw)
    flipped_data[end - 1] ^= 0xFF  # the last byte of w: the zip directory is intact
    flipped_header = bytearray(raw)
    flipped_header[start + 12] ^= 0xFF  # inside the .npy header of w
    w = np.linspace(-1.0, 1.0, 12).reshape(-1, 1)
    return {
        "a flipped byte in w": bytes(flipped_data),
        "a flipped byte in the header of w": bytes(flipped_header),
        "cut in half": raw[: len(raw) // 2],
        "cut short by 10 bytes": raw[:-10],
        "empty": b"",
        "text": b"w = 1, b = 2\n",
        "an unknown compression method": _patch_member(
            raw, "w.npy", local={8: b"\x63\x00"}, central={10: b"\x63\x00"}
        ),
        "stored bytes marked as deflated": _patch_member(
            raw, "w.npy", local={8: b"\x08\x00"}, central={10: b"\x08\x00"}
        ),
        "marked as encrypted": _patch_member(
            raw, "w.npy", local={6: b"\x01\x00"}, central={8: b"\x01\x00"}
        ),
        "w claiming 10**12 weights": _with_member(raw, "w.npy", _npy_claiming((10**12, 1))),
        "w claiming a negative size": _with_member(raw, "w.npy", _npy_claiming((-5, 1))),
        "w as pickled objects": _npz(w=w.astype(object), b=np.float64(0.5)),
        "w as strings": _npz(w=w.astype(str), b=np.float64(0.5)),
        "w as complex numbers": _npz(w=w + 0j, b=np.float64(0.5)),
        "b as a bool": _npz(w=w, b=np.True_),
        "b as two numbers": _npz(w=w, b=np.zeros(2)),
        "w as a row": _npz(w=w.T, b=np.float64(0.5)),
        "w with NaN": _npz(w=np.full((12, 1), np.nan), b=np.float64(0.5)),
        "no b": _npz(w=w),
        "an .npy, not an .npz": _npy_claiming((1, 1)),
    }


@pytest.fixture
def damaged_models(tmp_path):
    """{label: path} of damaged copies of a model file written by save, 12 weights."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(12, 20))
    Y = (X[0] > 0).astype(np.int64).reshape(1, -1)
    good = LogisticRegression().fit(X, Y, 5, 0.1).save(tmp_path / "good.npz")
    paths = {}
    for i, (label, content) in enumerate(_damages(good.read_bytes()).items()):
        paths[label] = tmp_path / f"damaged_{i}.npz"
        paths[label].write_bytes(content)
    good.unlink()
    return paths

"""Options and fixtures shared by the test modules in tests/."""

import socket

import pytest


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

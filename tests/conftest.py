"""Options for the test modules in tests/."""


def pytest_addoption(parser):
    parser.addoption(
        "--browser-screenshots",
        metavar="DIR",
        default=None,
        help="save a full-page screenshot of each notebook run in JupyterLab by "
        "tests/test_browser.py into DIR (same as env LR_UTILS_SCREENSHOTS=DIR)",
    )

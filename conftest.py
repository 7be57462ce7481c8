"""Settings shared by the unit tests and the notebooks that nbval re-executes.

It also adds the rerun check to nbval's run of each lesson (at the end of this file).
"""

import copy
import json
import os
import sys

# Python's bytecode caches (__pycache__/, ignored by git), written even where
# PYTHONDONTWRITEBYTECODE is set (containers often set it): this process writes the compiled
# lr_utils and tools and the assert-rewritten test modules once, and the suite's other pytest
# runs, kernels and subprocesses read them instead of compiling them again, each of them
sys.dont_write_bytecode = False
# warnings printed by a notebook cell name the cell; make that name stable across runs
# (the suite's kernels only: `make lab` never sets it, see the Makefile)
os.environ.setdefault("IPYKERNEL_CELL_NAME", "<IPY-INPUT>")
# one BLAS thread, here and in the notebook kernels and subprocesses (they inherit it):
# the suite keeps both cores busy itself, and beside other work two threads were several
# times slower (measured: README, Tests); set before anything imports numpy
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import matplotlib
import pytest

matplotlib.use("Agg")
# a fresh environment builds matplotlib's font cache on first import and says so on
# stderr; do it here, once, so that no notebook kernel prints it into a cell's output
import matplotlib.font_manager

from lr_utils.data import DATA_DIR_ENV, DatasetError, fetch_dataset

# Paths relative to this file, wherever pytest starts. Learners' notebooks: their outputs
# are empty by design, so nbval must never collect them (tests/test_exercises.py runs them
# its own way). The Chinese lessons: their code cells and outputs are copies of the English
# ones, which nbval runs in strict mode, and tests/test_translations.py checks the copies.
collect_ignore = ["exercises", "notebooks/zh-CN"]

# the fixtures of tests/conftest.py that read the data set all depend on this one
DATA_FIXTURE = "data_dir"
FETCH = "python -m lr_utils fetch"


def pytest_addoption(parser):
    # Here, not in tests/conftest.py. Before pytest knows this option, it takes the DIR of
    # `--browser-screenshots DIR` (with a space) for a test path, and loads the conftest
    # files on the way to it: this one, for a DIR in the clone, but not tests/conftest.py,
    # so the option was then unknown. (A DIR that exists outside the clone still misleads
    # pytest, which then finds neither file: `--browser-screenshots=DIR` always works.)
    parser.addoption(
        "--browser-screenshots",
        metavar="DIR",
        default=None,
        help="save a full-page screenshot of each notebook run in JupyterLab by "
        "tests/test_browser.py into DIR (same as env LR_UTILS_SCREENSHOTS=DIR)",
    )


def pytest_configure(config):
    # nbval is a dev tool, not a requirement: where it is installed, a plain `pytest`
    # runs every notebook under strict nbval in this environment's kernel (as
    # `pytest --nbval --nbval-current-env` would); without it, `pytest tests` runs the
    # unit tests alone. `--nbval-lax` and `--nbval-kernel-name` still win.
    if config.pluginmanager.hasplugin("nbval"):
        option = config.option
        if not option.nbval_lax:
            option.nbval = True
        if not option.nbval_kernel_name:
            option.nbval_current_env = True


def _needs_data(item):
    """Whether a test reads the data set: a lesson under nbval, a test asking for the data
    (its fixtures depend on data_dir), or a module that runs whole notebooks."""
    if item.path.suffix == ".ipynb":
        return True
    if DATA_FIXTURE in getattr(item, "fixturenames", ()):
        return True
    return hasattr(getattr(item, "module", None), "kernel_jobs")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_finish(session):
    # Without the data, every test that reads it fails, each with a long traceback. Stop at
    # once instead, with one line that says what to do. First, before any background work
    # (tests/conftest.py) starts.
    if session.config.option.collectonly or not any(map(_needs_data, session.items)):
        return
    try:
        fetch_dataset()
    except DatasetError as error:
        line = f"no test ran: the tests need the cat / non-cat data set, and {error}"
        advice = {
            FETCH: f"run `{FETCH}` where the network is reachable",
            DATA_DIR_ENV: f"set {DATA_DIR_ENV} to the absolute path of a folder that has the files",
        }
        missing = [text for name, text in advice.items() if name not in line]
        if missing:
            line += f" ({'; or '.join(missing)})"
        pytest.exit(line, returncode=pytest.ExitCode.USAGE_ERROR)


# In the pytest that tests/conftest.py starts for the files it runs apart (ELSEWHERE there),
# the outcome of each test's every phase, for the pytest that started it: one JSON line each.
ELSEWHERE_REPORT = "LR_UTILS_SUITE_REPORT"


def pytest_runtest_logreport(report):
    path = os.environ.get(ELSEWHERE_REPORT)
    if not path or report.when not in ("setup", "call", "teardown"):
        return
    if report.skipped and isinstance(report.longrepr, tuple):
        text = report.longrepr[2]  # (file, line, reason)
    else:
        text = report.longreprtext
    with open(path, "a") as f:
        f.write(json.dumps([report.nodeid, report.when, report.outcome, text]) + "\n")


# ------------------------------------------------------------ nbval, then every cell rerun
#
# A learner reruns cells out of order: any cell of a lesson must still work, and show the
# same thing, after every cell below it has run. Once nbval has run a notebook's cells in
# order (each compared with its stored outputs), the same kernel reruns every code cell once
# more, from the last to the first. Each rerun is a test item of its own,
# ``Cell N (rerun after the cells below)``, which fails when the cell raises or shows
# something else than it did in the run in order (compared as nbval compares: text outputs
# and error names; ``# NBVAL_IGNORE_OUTPUT`` cells only have to run). A cell whose run in
# order failed is not rerun. No extra kernel, no extra pass in order.

try:
    from nbval.plugin import IPyNbCell, IPyNbFile
except ImportError:  # nbval is a dev tool: without it there is nothing to rerun
    IPyNbCell = IPyNbFile = None

SUFFIX = " (rerun after the cells below)"

if IPyNbCell is not None:

    class RerunCell(IPyNbCell):
        """A code cell run again, after the cells below it, compared with its first run."""

        def __init__(self, *args, first, **kwargs):
            super().__init__(*args, **kwargs)
            self.first = first  # the item that ran this cell in order

        def runtest(self):
            shown = getattr(self.first, "test_outputs", None)
            if shown is None or self.first.rep_call_failed:
                pytest.skip(f"{self.first.name} failed in the run in order")
            # nbval compares the outputs with self.cell's: make them the run in order's
            self.cell = copy.deepcopy(self.cell)
            self.cell.outputs = copy.deepcopy(shown)
            self.cell.execution_count = self.cell.execution_count or 1
            super().runtest()

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(item, call):
        report = (yield).get_result()
        if isinstance(item, IPyNbCell) and report.when == "call":
            item.rep_call_failed = report.failed

    def pytest_collection_modifyitems(session, config, items):
        """After each notebook's cells, its cells again, last to first, in the same kernel."""
        ordered, pending = [], []
        for item in items:
            if pending and item.parent is not pending[0].parent:
                ordered += _reruns(pending)
                pending = []
            ordered.append(item)
            if isinstance(item, IPyNbCell) and isinstance(item.parent, IPyNbFile):
                pending.append(item)
        ordered += _reruns(pending)
        items[:] = ordered

    def _reruns(firsts):
        reruns = []
        for first in reversed(firsts):
            first.rep_call_failed = False
            reruns.append(
                RerunCell.from_parent(
                    first.parent,
                    name=first.name + SUFFIX,
                    cell_num=first.cell_num,
                    cell=first.cell,
                    options=first.options,
                    first=first,
                )
            )
        return reruns

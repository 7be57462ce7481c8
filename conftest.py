"""Settings shared by the unit tests and the notebooks that nbval re-executes."""

import os

# warnings printed by a notebook cell name the cell; make that name stable across runs
os.environ.setdefault("IPYKERNEL_CELL_NAME", "<IPY-INPUT>")
# one BLAS thread, here and in the notebook kernels and subprocesses (they inherit it):
# the suite keeps both cores busy itself, and beside other work two threads were several
# times slower (measured: README, Tests); set before anything imports numpy
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import matplotlib

matplotlib.use("Agg")
# a fresh environment builds matplotlib's font cache on first import and says so on
# stderr; do it here, once, so that no notebook kernel prints it into a cell's output
import matplotlib.font_manager

# Paths relative to this file, wherever pytest starts. Learners' notebooks: their outputs
# are empty by design, so nbval must never collect them (tests/test_exercises.py runs them
# its own way). The Chinese lessons: their code cells and outputs are copies of the English
# ones, which nbval runs in strict mode, and tests/test_translations.py checks the copies.
collect_ignore = ["exercises", "notebooks/zh-CN"]
# after nbval has run a lesson in order, its cells again, last to first (tests/nbval_rerun.py)
pytest_plugins = ["tests.nbval_rerun"]


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

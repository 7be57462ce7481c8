"""Settings shared by the unit tests and the notebooks that nbval re-executes."""

import os

# warnings printed by a notebook cell name the cell; make that name stable across runs
os.environ.setdefault("IPYKERNEL_CELL_NAME", "<IPY-INPUT>")

import matplotlib

matplotlib.use("Agg")
# a fresh environment builds matplotlib's font cache on first import and says so on
# stderr; do it here, once, so that no notebook kernel prints it into a cell's output
import matplotlib.font_manager

# The Chinese lessons are not run by nbval: their code cells and outputs are copies of the
# English ones, which nbval runs in strict mode, and tests/test_translations.py checks that
# the copies are exact. (A path here is relative to this file, wherever pytest starts.)
collect_ignore = ["notebooks/zh-CN"]

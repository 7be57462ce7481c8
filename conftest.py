"""Settings shared by the unit tests and the notebooks that nbval re-executes."""

import os

# warnings printed by a notebook cell name the cell; make that name stable across runs
os.environ.setdefault("IPYKERNEL_CELL_NAME", "<IPY-INPUT>")

import matplotlib

matplotlib.use("Agg")
# a fresh environment builds matplotlib's font cache on first import and says so on
# stderr; do it here, once, so that no notebook kernel prints it into a cell's output
import matplotlib.font_manager

# learners' notebooks: their outputs are empty by design, so nbval must never collect them
# (tests/test_exercises.py runs them its own way)
collect_ignore = ["exercises"]

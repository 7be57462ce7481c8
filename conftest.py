"""Settings shared by the unit tests and the notebooks that nbval re-executes."""

import os

# warnings printed by a notebook cell name the cell; make that name stable across runs
os.environ.setdefault("IPYKERNEL_CELL_NAME", "<IPY-INPUT>")

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

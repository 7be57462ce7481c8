"""Settings shared by the unit tests and the notebooks that nbval re-executes."""

import os

# warnings printed by a notebook cell name the cell; make that name stable across runs
os.environ.setdefault("IPYKERNEL_CELL_NAME", "<IPY-INPUT>")

import matplotlib

matplotlib.use("Agg")
# a fresh environment builds matplotlib's font cache on first import and says so on
# stderr; do it here, once, so that no notebook kernel prints it into a cell's output
import matplotlib.font_manager

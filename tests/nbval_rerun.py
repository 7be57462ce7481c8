"""nbval, then every cell rerun from the last to the first, in the same kernel.

A learner reruns cells out of order: any cell of a lesson must still work, and show the same
thing, after every cell below it has run. This plugin adds that check to nbval's own run of a
notebook, at no extra kernel: once nbval has run the notebook's cells in order (each compared
with its stored outputs), the same kernel reruns every code cell once more, from the last to
the first. Each rerun is a test item of its own, ``Cell N (rerun after the cells below)``,
which fails when the cell raises or shows something else than it did in the run in order (as
nbval compares: text outputs and error names; ``# NBVAL_IGNORE_OUTPUT`` cells only have to
run). A cell whose run in order failed is not rerun.

Loaded by the root conftest.py; without nbval it adds nothing.
"""

import copy

import pytest

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

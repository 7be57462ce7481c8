"""Every lesson survives its cells being rerun out of order, as a learner reruns them.

For each notebook in notebooks/: run all cells in a fresh kernel (Restart and Run All), then,
in the same kernel, rerun every code cell once more, from the last to the first, so that each
cell runs again after every cell below it. A cell fails the test when it raises, or when the
rerun shows something else than the first run did (a later cell changed a name it reads);
cells marked ``# NBVAL_IGNORE_OUTPUT`` (timings) only have to run without an error.

nbval checks the first run's outputs against the stored ones; this test checks the rerun.
The runs start when collection is over, in the background, beside the other tests
(tests/conftest.py, kernel_jobs).
"""

import copy
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
CELL_TIMEOUT = 300  # seconds for one cell, generous: the machine may be busy
IGNORE_OUTPUT = "NBVAL_IGNORE_OUTPUT"


def _notebook_names():
    return sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))


def _shown(cell):
    """What a cell showed, as nbval compares it: text streams, text results, error names."""
    shown = []
    for out in cell.outputs:
        if out.output_type == "stream":
            shown.append((out.name, out.text))
        elif out.output_type in ("execute_result", "display_data"):
            shown.append(("text/plain", out.get("data", {}).get("text/plain", "")))
        elif out.output_type == "error":
            shown.append(("error", out.ename))
    return shown


def _describe(index, cell, what):
    head = "\n".join(f"    {line}" for line in cell.source.strip().splitlines()[:3])
    return f"cell {index} {what}:\n{head}"


def run_then_rerun_backwards(path):
    """Run all cells of the notebook at path, then rerun its code cells last to first.

    Returns
    -------
    problems : list of str, one per failing cell (empty when every cell passed); the run
        stops at the first cell that raises during Run All, as Run All does
    """
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",  # ipykernel's own spec: this environment's Python
        resources={"metadata": {"path": str(path.parent)}},  # cells run in notebooks/
        force_raise_errors=True,  # a raises-exception tag does not excuse a cell here
        coalesce_streams=True,  # one stdout text per cell, however it was chunked
    )
    code = [i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"]
    first, problems = {}, []
    with client.setup_kernel():
        for i in code:
            try:
                client.execute_cell(nb.cells[i], i)
            except CellExecutionError as error:
                what = f"raised during Run All: {error.ename}: {error.evalue}"
                return [_describe(i, nb.cells[i], what)]
            first[i] = _shown(nb.cells[i])
        for i in reversed(code):
            cell = copy.deepcopy(nb.cells[i])
            try:
                client.execute_cell(cell, i)
            except CellExecutionError as error:
                what = f"raised when rerun after the cells below it: {error.ename}: {error.evalue}"
                problems.append(_describe(i, cell, what))
                continue
            if IGNORE_OUTPUT not in cell.source and _shown(cell) != first[i]:
                what = "showed something else when rerun after the cells below it"
                problems.append(
                    f"{_describe(i, cell, what)}\n"
                    f"first run: {first[i]!r}\nrerun:     {_shown(cell)!r}"
                )
    return problems


def kernel_jobs(items):
    """The background jobs of the selected tests (tests/conftest.py): one per notebook.

    The last lesson, the longest, is submitted first, so that it does not finish last.
    """
    test = test_every_cell_reruns_after_the_later_ones
    names = {
        item.callspec.params["name"] for item in items if getattr(item, "function", None) is test
    }
    return {("rerun", name): _job(name) for name in sorted(names, reverse=True)}


def _job(name):
    return lambda: run_then_rerun_backwards(NOTEBOOKS / name)


@pytest.mark.parametrize("name", _notebook_names())
def test_every_cell_reruns_after_the_later_ones(name, kernel_job):
    problems = kernel_job(("rerun", name), _job(name))
    where = "cells counted from 0, markdown cells included"
    assert not problems, f"{name} ({where}):\n" + "\n\n".join(problems)


def test_the_rerun_check_catches_hidden_state(tmp_path):
    # a name that a later cell turns into another kind of thing: one cell then prints
    # something else, the other raises; a self-contained cell passes
    nb = nbformat.v4.new_notebook()
    sources = ["x = 1", "print(x)", "y = x + 1", "x = 'one'", "z = 2\nprint(z)"]
    nb.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    path = tmp_path / "hidden_state.ipynb"
    nbformat.write(nb, path)
    problems = run_then_rerun_backwards(path)
    heads = [p.splitlines()[0] for p in problems]  # last cell first, as they were rerun
    assert len(heads) == 2, problems
    after = "when rerun after the cells below it"
    assert heads[0].startswith(f"cell 2 raised {after}: TypeError"), heads
    assert heads[1] == f"cell 1 showed something else {after}:", heads
    assert "y = x + 1" in problems[0] and "'1\\n'" in problems[1], problems

"""Every lesson survives its cells being rerun out of order, as a learner reruns them.

The check itself is part of nbval's run of each lesson (the root conftest.py adds it): after
nbval has run a notebook's cells in order, the same kernel reruns every code cell from the last
to the first, and each rerun must run and show what the run in order showed. These tests prove
that the check is there for every lesson and that it catches what it is for.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import nbval  # noqa: F401 - the rerun check is part of nbval's run: without nbval, no test here

ROOT = Path(__file__).resolve().parent.parent
# the environment pytest started with: background jobs (tests/conftest.py) read this, never
# os.environ, which a test in pytest's own thread may change for a moment (monkeypatch)
ENV_AT_START = dict(os.environ)
NOTEBOOKS = ROOT / "notebooks"
SUFFIX = " (rerun after the cells below)"


def _pytest(*args, cwd=ROOT):
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *map(str, args)],
        cwd=cwd,
        env=ENV_AT_START,
        capture_output=True,
        text=True,
        check=False,
    )


def test_every_lesson_is_rerun_last_to_first_after_nbval(collected_notebook_items):
    ids = collected_notebook_items
    lessons = sorted(NOTEBOOKS.glob("*.ipynb"))
    assert lessons, "no lesson in notebooks/"
    for lesson in lessons:
        cells = json.loads(lesson.read_text())["cells"]
        n = sum(cell["cell_type"] == "code" for cell in cells)
        prefix = f"notebooks/{lesson.name}::Cell "
        mine = [i[len(prefix) :] for i in ids if i.startswith(prefix)]
        in_order = [f"{k}" for k in range(n)]
        rerun = [f"{k}{SUFFIX}" for k in reversed(range(n))]
        assert mine == in_order + rerun, f"{lesson.name}: {mine}"


def _hidden_state_run():
    """The rerun check on a notebook with hidden state: pytest's result, in a scratch folder
    with a copy of the root conftest.py (nbval, then the reruns)."""
    # a name that a later cell turns into another kind of thing: one cell then prints
    # something else, the other raises; a self-contained cell passes
    nb = nbformat.v4.new_notebook()
    printed = {"print(x)": "1\n", "z = 2\nprint(z)": "2\n"}  # what the run in order shows
    sources = ["x = 1", "print(x)", "y = x + 1", "x = 'one'", "z = 2\nprint(z)"]
    for count, source in enumerate(sources, start=1):
        cell = nbformat.v4.new_code_cell(source, execution_count=count)
        if source in printed:
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=printed[source])]
        nb.cells.append(cell)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    with tempfile.TemporaryDirectory(prefix="lr_utils_hidden_state_") as folder:
        folder = Path(folder)
        nbformat.write(nb, folder / "hidden_state.ipynb")
        shutil.copyfile(ROOT / "conftest.py", folder / "conftest.py")
        return _pytest("-rf", "--rootdir", folder, folder / "hidden_state.ipynb", cwd=folder)


# a pytest of its own takes a few seconds: it starts when collection is over, in a thread
# beside the other tests (tests/conftest.py, kernel_jobs)
KERNEL_JOB_LANE = "processes"


def kernel_jobs(items):
    test = test_the_rerun_check_catches_hidden_state
    if any(getattr(item, "function", None) is test for item in items):
        return {("hidden state",): _hidden_state_run}
    return {}


def test_the_rerun_check_catches_hidden_state(kernel_job):
    done = kernel_job(("hidden state",), _hidden_state_run)
    failed = sorted(
        line.split("::", 1)[1].split(" - ")[0]
        for line in done.stdout.splitlines()
        if line.startswith("FAILED")
    )
    assert failed == [f"Cell 1{SUFFIX}", f"Cell 2{SUFFIX}"], done.stdout[-3000:]
    assert "TypeError" in done.stdout and "'1\\n' == 'one\\n'" in done.stdout, done.stdout
    assert "8 passed" in done.stdout, done.stdout[-500:]

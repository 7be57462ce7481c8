"""Re-execute notebooks in place, storing their fresh outputs (the first step of
`make notebooks`).

Each notebook runs top to bottom in a fresh kernel started in its own folder, as
`jupyter nbconvert --execute` runs it, and stops at the first error (a cell tagged
``raises-exception`` may raise). The outputs are stored as nbval compares them: the
stream outputs of a cell merged into one per stream (stdout, stderr), so that how the
kernel happened to chunk a cell's printing never changes a stored notebook. No timing
metadata is recorded. A notebook is replaced only once it has run to the end.

Usage: python tools/execute_notebooks.py NOTEBOOK [NOTEBOOK ...]
"""

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from lr_utils.files import atomic_write


def execute(path):
    """Run the notebook at path and write it back with its new outputs."""
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        resources={"metadata": {"path": str(path.parent.resolve())}},
        record_timing=False,
        coalesce_streams=True,
    )
    client.execute()
    with atomic_write(path) as f:
        f.write((nbformat.writes(nb) + "\n").encode())  # as every tool here writes them


def main(argv=None):
    paths = sys.argv[1:] if argv is None else argv
    if not paths:
        print("usage: python tools/execute_notebooks.py NOTEBOOK [NOTEBOOK ...]", file=sys.stderr)
        return 2
    for path in paths:
        print(f"executing {path}", file=sys.stderr)
        try:
            execute(path)
        except CellExecutionError as error:
            print(
                f"{path}: a cell failed, the notebook is left as it was:\n{error}", file=sys.stderr
            )
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Compare the code cells of two folders of notebooks: same notebooks, same cells, same code.

Usage: python tools/compare_code_cells.py CLEARED EXERCISES

.ci/run uses it to prove that nbgrader's ClearSolutions, applied to notebooks/ with
`jupyter nbconvert`, gives the code cells of exercises/ (ids and sources, in order). Only
nbformat is needed, so it runs in the throwaway environment that holds nbgrader.
"""

import sys
from pathlib import Path

import nbformat


def code_cells(path):
    """[(id, source)] of the notebook's code cells, in order."""
    nb = nbformat.read(path, as_version=4)
    return [(c.get("id"), c.source) for c in nb.cells if c.cell_type == "code"]


def notebooks(folder):
    folder = Path(folder)
    return {
        p.relative_to(folder)
        for p in folder.rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.relative_to(folder).parts
    }


def differences(left, right):
    """Lines describing every difference between the code cells of two folders."""
    left, right = Path(left), Path(right)
    found = []
    names_left, names_right = notebooks(left), notebooks(right)
    for name in sorted(names_left ^ names_right):
        found.append(f"{name}: only in {left if name in names_left else right}")
    for name in sorted(names_left & names_right):
        a, b = code_cells(left / name), code_cells(right / name)
        if len(a) != len(b):
            found.append(f"{name}: {len(a)} code cells in {left}, {len(b)} in {right}")
            continue
        for (id_a, src_a), (id_b, src_b) in zip(a, b, strict=True):
            if id_a != id_b:
                found.append(f"{name}: cell id {id_a!r} in {left}, {id_b!r} in {right}")
            elif src_a != src_b:
                found.append(
                    f"{name}: code cell {id_a!r} differs:\n{src_a}\n--- versus ---\n{src_b}"
                )
    return found


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    found = differences(*args)
    for line in found:
        print(line, file=sys.stderr)
    if found:
        return 1
    print(f"same code cells in {len(notebooks(args[0]))} notebooks: {args[0]} and {args[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

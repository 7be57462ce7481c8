"""Write nbgrader's cell metadata into the English lessons, so that they are a course as they are.

In a lesson, each exercise is a code cell holding nbgrader's markers (``### BEGIN SOLUTION``,
``### END SOLUTION``), and the next code cell is its check, a call such as
``checks.sigmoid(sigmoid)``. This script marks them the way nbgrader's *Create Assignment*
toolbar would, in ``metadata.nbgrader`` (schema version 3):

- the exercise cell, an "Autograded answer": solution, not graded itself, not locked;
- the check cell, "Autograder tests": graded, locked, worth POINTS[check] points (1 unless
  listed there).

Each grade_id is ``<lesson number>-<cell id>``, the lesson number being the digits that start
the file name: ``05-sigmoid`` and ``05-sigmoid-check`` in 05_cat_classifier.ipynb. Any other
cell loses nbgrader metadata it may carry (say, from a check that has gone). Nothing else in
a lesson changes, so running the script again changes nothing, and it can be re-applied after
any edit of the lessons.

Usage: python tools/nbgrader_metadata.py [--check | --points] [NOTEBOOK ...]
NOTEBOOK: English lessons (default: every notebooks/*.ipynb).
--check   write nothing; exit 1 naming each lesson whose metadata is missing or out of date.
--points  print the points of each lesson's checks as the Markdown table in the README.
"""

import argparse
import re
import sys
from pathlib import Path

import nbformat

from lr_utils.files import atomic_write

ROOT = Path(__file__).resolve().parent.parent

BEGIN = "### BEGIN SOLUTION"
CHECK_CALL = re.compile(r"\bchecks\.(\w+)\(")
# calls on checks that grade no exercise: the Chinese editions' checks.set_language("zh-CN"),
# and lesson 5's checks.reference_run(d), which compares the learner's model's run on the cat
# pictures with the reference run (the model's own check grades the model)
NOT_CHECKS = {"set_language", "reference_run"}
# a check of a whole pass or of training is worth 2 points; every other check 1
POINTS = {
    "loop_over_examples": 2,
    "propagate_vectorized": 2,
    "propagate": 2,
    "optimize": 2,
    "model": 2,
}
SCHEMA_VERSION = 3


class LessonError(ValueError):
    """A lesson's exercises and checks cannot be paired unambiguously."""


def lesson_number(path):
    """The digits that start a lesson's file name: '05' for 05_cat_classifier.ipynb."""
    found = re.match(r"(\d+)_", Path(path).name)
    if found is None:
        raise LessonError(
            f"{Path(path).name}: expected a lesson file name that starts with its number, "
            f"such as 05_cat_classifier.ipynb"
        )
    return found.group(1)


def is_exercise(cell):
    """True for a code cell holding a marked region (a line ### BEGIN SOLUTION)."""
    return cell.cell_type == "code" and any(
        line.strip() == BEGIN for line in cell.source.split("\n")
    )


def check_names(cell):
    """The checks a code cell calls: ['sigmoid'] for checks.sigmoid(sigmoid)."""
    if cell.cell_type != "code":
        return []
    return [name for name in CHECK_CALL.findall(cell.source) if name not in NOT_CHECKS]


def graded_pairs(nb):
    """[(exercise cell, check cell, check name)] in the notebook's order.

    Each exercise cell must be followed, as the next code cell, by a cell calling exactly one
    check; each cell calling a check must follow an exercise cell so. Raises LessonError,
    naming the cell, otherwise.
    """
    pairs = []
    code = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    paired = set()
    for k, (index, cell) in enumerate(code):
        if not is_exercise(cell):
            continue
        where = f"cell {index} (id {cell.get('id')!r})"
        if check_names(cell):
            raise LessonError(f"{where} holds an exercise and calls a check: split them")
        if k + 1 == len(code) or not check_names(code[k + 1][1]):
            raise LessonError(
                f"{where} holds an exercise, but the next code cell is not its check "
                "(a cell calling checks.<name>(...)); nbgrader would not grade it"
            )
        check_index, check = code[k + 1]
        names = check_names(check)
        if len(set(names)) != 1:
            raise LessonError(
                f"cell {check_index} (id {check.get('id')!r}) calls {len(set(names))} checks "
                f"({', '.join(sorted(set(names)))}); a check cell calls one"
            )
        pairs.append((cell, check, names[0]))
        paired.add(check_index)
    for index, cell in enumerate(nb.cells):
        if check_names(cell) and index not in paired:
            raise LessonError(
                f"cell {index} (id {cell.get('id')!r}) calls checks.{check_names(cell)[0]} but "
                f"does not follow an exercise cell; nbgrader would grade it as no exercise"
            )
    return pairs


def exercise_metadata(grade_id):
    """nbgrader's metadata of an autograded answer cell."""
    return {
        "grade": False,
        "grade_id": grade_id,
        "locked": False,
        "schema_version": SCHEMA_VERSION,
        "solution": True,
    }


def check_metadata(grade_id, points):
    """nbgrader's metadata of an autograder tests cell worth points."""
    return {
        "grade": True,
        "grade_id": grade_id,
        "locked": True,
        "points": points,
        "schema_version": SCHEMA_VERSION,
        "solution": False,
    }


def marked(nb, number):
    """{cell id: nbgrader metadata} for the notebook of lesson number ('05').

    Raises LessonError for an exercise without its check, and for a cell without an id.
    """
    wanted = {}
    for exercise, check, name in graded_pairs(nb):
        for cell in (exercise, check):
            if not cell.get("id"):
                raise LessonError(f"an exercise or check cell has no id: {cell.source[:60]!r}")
        wanted[exercise.id] = exercise_metadata(f"{number}-{exercise.id}")
        wanted[check.id] = check_metadata(f"{number}-{check.id}", POINTS.get(name, 1))
    return wanted


def apply(nb, number):
    """Set the nbgrader metadata of lesson number's notebook nb in place; True if it changed."""
    wanted = marked(nb, number)
    changed = False
    for cell in nb.cells:
        meta = wanted.get(cell.get("id"))
        if meta is None and "nbgrader" in cell.metadata:
            del cell.metadata["nbgrader"]
            changed = True
        elif meta is not None and cell.metadata.get("nbgrader") != meta:
            cell.metadata["nbgrader"] = meta
            changed = True
    return changed


def points(nb):
    """[(check name, grade_id, points)] of the notebook's check cells, as they are marked."""
    return [
        (name, check.metadata["nbgrader"]["grade_id"], check.metadata["nbgrader"]["points"])
        for _, check, name in graded_pairs(nb)
        if "nbgrader" in check.metadata
    ]


def points_table(paths):
    """The Markdown table of each lesson's checks and points, as in the README."""
    rows = [
        "| Assignment (lesson) | Checks, with their points | Points |",
        "| --- | --- | ---: |",
    ]
    for path in paths:
        listed = points(nbformat.read(path, as_version=4))
        if listed:
            checks = ", ".join(f"`{name}` {p}" for name, _, p in listed)
            rows.append(f"| `{Path(path).stem}` | {checks} | {sum(p for *_, p in listed)} |")
    return "\n".join(rows)


def render(nb):
    """The notebook's bytes, as nbformat writes them (and as the lessons are stored)."""
    return (nbformat.writes(nb) + "\n").encode("utf-8")


def lessons(folder=ROOT / "notebooks"):
    """The English lessons: every notebook directly in folder, in order."""
    return sorted(Path(folder).glob("*.ipynb"))


def _shown(path):
    """path relative to the current folder when it is inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="write nothing; exit 1 if out of date")
    mode.add_argument("--points", action="store_true", help="print the points table")
    parser.add_argument("paths", nargs="*", type=Path, metavar="NOTEBOOK")
    args = parser.parse_args(argv)
    paths = args.paths or lessons()
    for path in paths:
        if not path.is_file():
            print(f"error: no lesson notebook {_shown(path)}", file=sys.stderr)
            return 2
    if args.points:
        try:
            print(points_table(paths))
        except LessonError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        return 0

    # every lesson is read and checked before any is written
    planned = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        try:
            changed = apply(nb, lesson_number(path))
        except LessonError as error:
            print(f"error: {_shown(path)}: {error}", file=sys.stderr)
            return 2
        if changed:
            planned.append((path, render(nb)))
    if args.check:
        for path, _ in planned:
            print(f"{_shown(path)}: nbgrader metadata missing or out of date", file=sys.stderr)
        if planned:
            print("run `python tools/nbgrader_metadata.py` to write it", file=sys.stderr)
            return 1
        print(f"nbgrader metadata up to date in {len(paths)} lessons")
        return 0
    for path, data in planned:
        with atomic_write(path) as f:
            f.write(data)
        print(f"wrote {_shown(path)}")
    print(f"{len(planned)} written, {len(paths) - len(planned)} already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())

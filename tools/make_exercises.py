"""Generate the exercise edition: exercises/<path> from each lesson notebooks/<path>.

In a lesson's code cells, what the learner writes is marked with nbgrader's markers, each on
a line of its own:

    ### BEGIN SOLUTION
    ...the solution...
    ### END SOLUTION

The exercise notebook is the lesson with each marked region replaced by nbgrader's own stub,
``# YOUR CODE HERE`` and ``raise NotImplementedError()`` at the indentation of the BEGIN
line, every output and execution count cleared, and every Markdown cell tagged
``solution-only`` left out (the one way the two editions' Markdown may differ). Cell ids,
tags and the notebook's metadata are kept; the result is the same bytes on every run.

Learners work in exercises/, so an exercise notebook that differs from what this script
would write (a learner's work) is never overwritten without --force: the script names it and
writes nothing at all. The one exception: in a git clone, an exercise notebook that git
tracks and that has no change since the last commit is not a learner's work in progress (an
older generated version, or work already committed) and is regenerated.

Usage: python tools/make_exercises.py [--force | --check] [NOTEBOOK ...]
NOTEBOOK is a lesson (notebooks/...) or an exercise (exercises/...) path; default: all.
--check writes nothing and exits 1 if exercises/ is not what the lessons generate; an
exercise notebook a learner has changed counts as up to date when its committed version is.
"""

import argparse
import copy
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
STUB = ["# YOUR CODE HERE", "raise NotImplementedError()"]
SOLUTION_ONLY = "solution-only"
# nbgrader treats any line containing these words as a marker; so do we, and refuse the rest
MARKER = re.compile(r"BEGIN SOLUTION|END SOLUTION")


class MarkerError(ValueError):
    """A lesson's markers cannot be blanked unambiguously."""


def blank(source):
    """Return source with each marked region replaced by nbgrader's stub, as nbgrader does."""
    out, begin = [], None
    for number, line in enumerate(source.split("\n"), start=1):
        stripped = line.strip()
        if MARKER.search(line) and stripped not in (BEGIN, END):
            raise MarkerError(f"line {number}: a marker must be a line of its own: {line!r}")
        if stripped == BEGIN:
            if begin is not None:
                raise MarkerError(
                    f"line {number}: BEGIN SOLUTION inside the region of line {begin}"
                )
            begin = number
            indent = line[: len(line) - len(line.lstrip())]
            out += [indent + stub for stub in STUB]
        elif stripped == END:
            if begin is None:
                raise MarkerError(f"line {number}: END SOLUTION without a BEGIN SOLUTION")
            begin = None
        elif begin is None:
            out.append(line)
    if begin is not None:
        raise MarkerError(f"line {begin}: BEGIN SOLUTION without an END SOLUTION")
    return "\n".join(out)


def has_markers(nb):
    """True if any code cell of the notebook holds a marked region."""
    return any(c.cell_type == "code" and BEGIN in c.source for c in nb.cells)


def exercise_notebook(lesson):
    """Return the exercise edition of a lesson notebook (a new notebook; lesson unchanged)."""
    nb = copy.deepcopy(lesson)
    cells = []
    for index, cell in enumerate(nb.cells):
        where = f"cell {index} (id {cell.get('id')!r})"
        tags = cell.get("metadata", {}).get("tags", [])
        if cell.cell_type != "code":
            if MARKER.search(cell.source):
                raise MarkerError(f"{where}: solution markers belong in code cells only")
            if SOLUTION_ONLY in tags:
                continue
        else:
            if SOLUTION_ONLY in tags:
                raise MarkerError(
                    f"{where}: only Markdown cells may be tagged {SOLUTION_ONLY}; code cells "
                    f"must be the same in both editions, apart from the marked regions"
                )
            try:
                cell.source = blank(cell.source)
            except MarkerError as error:
                raise MarkerError(f"{where}, {error}") from None
            cell.outputs = []
            cell.execution_count = None
            for key in ("collapsed", "scrolled"):  # what nbconvert's ClearOutput drops too
                cell.metadata.pop(key, None)
        cells.append(cell)
    nb.cells = cells
    return nb


def render(nb):
    """The notebook's bytes, exactly as nbformat.write would write them."""
    return (nbformat.writes(nb) + "\n").encode("utf-8")


def lessons(notebooks_dir):
    """Every lesson notebook under notebooks_dir, recursively, in sorted order."""
    return sorted(
        p
        for p in Path(notebooks_dir).rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.relative_to(notebooks_dir).parts
    )


def plan(notebooks_dir, exercises_dir, only=None):
    """[(lesson, exercise, bytes to write)] for every lesson, or for those named in only."""
    notebooks_dir, exercises_dir = Path(notebooks_dir), Path(exercises_dir)
    chosen = lessons(notebooks_dir)
    if only:
        wanted = {_lesson_path(p, notebooks_dir, exercises_dir) for p in only}
        missing = sorted(str(p) for p in wanted - set(chosen))
        if missing:
            raise FileNotFoundError(f"no lesson notebook {', '.join(missing)}")
        chosen = [p for p in chosen if p in wanted]
    steps = []
    for lesson in chosen:
        exercise = exercises_dir / lesson.relative_to(notebooks_dir)
        try:
            text = render(exercise_notebook(nbformat.read(lesson, as_version=4)))
        except MarkerError as error:
            raise MarkerError(f"{lesson}: {error}") from None
        steps.append((lesson, exercise, text))
    return steps


def _lesson_path(path, notebooks_dir, exercises_dir):
    path = Path(path).resolve()
    for folder in (exercises_dir.resolve(), notebooks_dir.resolve()):
        if path.is_relative_to(folder):
            return notebooks_dir / path.relative_to(folder)
    raise FileNotFoundError(f"{path} is neither under {notebooks_dir} nor under {exercises_dir}")


def stale(notebooks_dir, exercises_dir):
    """Exercise notebooks that no lesson generates any more."""
    made = {e for _, e, _ in plan(notebooks_dir, exercises_dir)}
    return (
        [p for p in lessons(exercises_dir) if p not in made] if Path(exercises_dir).is_dir() else []
    )


def committed_unchanged(path):
    """True if git tracks path and it has no change since the last commit (False without git)."""
    folder, name = Path(path).parent, Path(path).name
    try:
        for command in (["ls-files", "--error-unmatch"], ["diff", "--quiet", "HEAD"]):
            done = subprocess.run(
                ["git", "-C", str(folder), *command, "--", name], capture_output=True, check=False
            )
            if done.returncode != 0:
                return False
    except OSError:  # no git
        return False
    return True


def committed_bytes(path):
    """The bytes of path at git's HEAD, or None (no git, or git does not track it)."""
    folder, name = Path(path).parent, Path(path).name
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), "show", f"HEAD:./{name}"], capture_output=True, check=False
        )
    except OSError:  # no git
        return None
    return done.stdout if done.returncode == 0 else None


def write(path, data):
    """Write data to path through a temporary file, so that no half-written file is left."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _shown(path):
    """path relative to the current folder when it is inside it, as a learner typed it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--force", action="store_true", help="overwrite changed exercise notebooks")
    mode.add_argument("--check", action="store_true", help="write nothing; exit 1 if out of date")
    parser.add_argument(
        "--notebooks", type=Path, default=ROOT / "notebooks", help=argparse.SUPPRESS
    )
    parser.add_argument(
        "--exercises", type=Path, default=ROOT / "exercises", help=argparse.SUPPRESS
    )
    parser.add_argument("paths", nargs="*", metavar="NOTEBOOK")
    args = parser.parse_args(argv)
    try:
        steps = plan(args.notebooks, args.exercises, args.paths)
    except (MarkerError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    changed = [(e, t) for _, e, t in steps if not e.is_file() or e.read_bytes() != t]

    if args.check:
        # a learner's work in an exercise notebook is theirs: when the committed version is
        # what the lesson generates, the notebook is up to date whatever the learner wrote
        yours = [e for e, t in changed if e.is_file() and committed_bytes(e) == t]
        for e in yours:
            print(f"{_shown(e)}: your changes; as committed, it is up to date", file=sys.stderr)
        problems = [
            f"{_shown(e)} is {'out of date' if e.is_file() else 'missing'}"
            for e, _ in changed
            if e not in yours
        ]
        if not args.paths:
            problems += [
                f"{_shown(p)} has no lesson" for p in stale(args.notebooks, args.exercises)
            ]
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print("run `make exercises` to regenerate them", file=sys.stderr)
            return 1
        print(f"{len(steps)} exercise notebooks up to date")
        return 0

    edited = [e for e, _ in changed if e.is_file() and not committed_unchanged(e)]
    if edited and not args.force:
        for e in edited:
            print(
                f"refusing to overwrite {_shown(e)}: it differs from what its lesson generates",
                file=sys.stderr,
            )
        print(
            "if that is your work, keep it; to replace it anyway: make exercises FORCE=1 "
            "(or FORCE=1 EXERCISES=<that notebook>). Nothing was written.",
            file=sys.stderr,
        )
        return 1
    for e, t in changed:
        write(e, t)
        print(f"wrote {_shown(e)}")
    for p in stale(args.notebooks, args.exercises) if not args.paths else []:
        print(f"warning: {_shown(p)} has no lesson any more; left as it is", file=sys.stderr)
    print(f"{len(changed)} written, {len(steps) - len(changed)} already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Lay out an nbgrader course folder from the lessons: one assignment per lesson.

    DIR/nbgrader_config.py                 the course's id; written once, then the instructor's
    DIR/README.md                          the assignments, their points, nbgrader's commands
    DIR/source/<lesson>/<lesson>.ipynb     each lesson, solved, with its nbgrader metadata

The lessons carry nbgrader's metadata already (tools/nbgrader_metadata.py writes it), so
nbgrader's own commands take it from there, run in DIR: ``nbgrader generate_assignment``,
``release_assignment``, ``collect``, ``autograde``, ``generate_feedback``. A lesson whose
metadata is missing or out of date is refused, naming it, and nothing is written.

A course folder holds the instructor's work (the gradebook, submissions, a config edited by
hand), so nothing in DIR is ever overwritten without --force, and nbgrader_config.py not even
then; files other than those above are never touched.

Usage: python tools/make_course.py [--force] [--lessons FOLDER] [--course-id ID] DIR
--lessons: the lessons to lay out (default notebooks/; notebooks/zh-CN for a Chinese course).
"""

import argparse
import copy
import sys
from pathlib import Path

import nbformat
import nbgrader_metadata as metadata
from edition_exercises import mark_may_raise

from lr_utils.files import atomic_write

ROOT = Path(__file__).resolve().parent.parent
COURSE_ID = "logistic-regression"

CONFIG = '''\
"""nbgrader's configuration for this course (written by the workbook's tools/make_course.py).

Run nbgrader's commands in this folder. This file is yours to edit: make_course never
overwrites it. Each assignment is one lesson (source/<lesson>/); the lessons import lr_utils,
so install the workbook (pip install <clone>) where the notebooks run, students' servers and
the one that autogrades; the data: see README.md.
"""

c = get_config()  # noqa: F821 - nbgrader provides it

c.CourseDirectory.course_id = {course_id!r}

# nbgrader's exchange (release_assignment, fetch, submit, collect) on a JupyterHub: the folder
# shared with the students, the same on every server of the hub; this is nbgrader's default
# c.Exchange.root = "/usr/local/share/nbgrader/exchange"
'''

README = """\
# {course_id}: an nbgrader course

Laid out by the workbook's `tools/make_course.py` from its lessons; each assignment is one
lesson, released, collected, graded and returned on its own, in order (each lesson builds on
the one before). In each exercise the student replaces `raise NotImplementedError()`; the
locked cell after it runs that exercise's check, which nbgrader counts as passed (all its
points) or failed (none).

{table}
{ungraded}
Run in this folder, with nbgrader installed beside the workbook (`pip install nbgrader`):

```bash
nbgrader generate_assignment 01_notation_and_data   # source/ -> release/
nbgrader release_assignment 01_notation_and_data    # through nbgrader's exchange
nbgrader collect 01_notation_and_data
nbgrader autograde 01_notation_and_data             # runs every submission
nbgrader generate_feedback 01_notation_and_data     # feedback/<student>/..., HTML
nbgrader release_feedback 01_notation_and_data
nbgrader export --to grades.csv
```

The notebooks read the data set with `load_dataset()`: it downloads and verifies the two
files once, or reads them from the folder `LR_UTILS_DATA_DIR` names, which may be shared and
read-only. Set it for the students' servers and for the one that runs `nbgrader autograde`.
"""


class CourseError(ValueError):
    """The lessons cannot be laid out as a course, or DIR holds work that would be lost."""


def course_notebook(lesson):
    """The source notebook of a lesson's assignment (a new notebook; lesson unchanged)."""
    nb = copy.deepcopy(lesson)
    # the cells that may raise while an exercise is unwritten get the raises-exception tag,
    # exactly as in the exercise editions, so that a student's Run All reaches the end
    mark_may_raise(nb)
    return nb


def plan(lessons_dir, course_id=COURSE_ID):
    """{relative path: bytes} of every file of the course folder, from the lessons."""
    lessons = metadata.lessons(lessons_dir)
    if not lessons:
        raise CourseError(f"no lesson notebook (*.ipynb) in {lessons_dir}")
    files = {}
    for path in lessons:
        lesson = nbformat.read(path, as_version=4)
        check = copy.deepcopy(lesson)
        try:
            stale = metadata.apply(check, metadata.lesson_number(path))
        except metadata.LessonError as error:
            raise CourseError(f"{path}: {error}") from None
        if stale:
            raise CourseError(
                f"{path}: its nbgrader metadata is missing or out of date; "
                f"tools/nbgrader_metadata.py writes it into the English lessons, and the "
                f"Chinese ones take it from them when they are rebuilt"
            )
        files[f"source/{path.stem}/{path.name}"] = metadata.render(course_notebook(lesson))
    table = metadata.points_table(lessons)
    ungraded = [p.stem for p in lessons if f"| `{p.stem}` |" not in table]
    note = (
        f"\n{', '.join(f'`{name}`' for name in ungraded)}: no exercises, to release for reading; "
        f"nothing to collect or grade.\n"
        if ungraded
        else ""
    )
    readme = README.format(course_id=course_id, table=table, ungraded=note)
    files["README.md"] = readme.encode()
    files["nbgrader_config.py"] = CONFIG.format(course_id=course_id).encode()
    return files


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--force", action="store_true", help="overwrite changed source files")
    parser.add_argument("--lessons", type=Path, default=ROOT / "notebooks", help="lessons folder")
    parser.add_argument("--course-id", default=COURSE_ID, help=f"default {COURSE_ID}")
    parser.add_argument("dir", type=Path, metavar="DIR", help="the course folder (made if missing)")
    args = parser.parse_args(argv)
    if args.dir.exists() and not args.dir.is_dir():
        print(f"error: {args.dir} is a file; expected a course folder", file=sys.stderr)
        return 2
    try:
        files = plan(args.lessons, args.course_id)
    except CourseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2

    writes, kept, changed = [], [], []
    for name, data in files.items():
        target = args.dir / name
        if not target.is_file():
            writes.append((target, data))
        elif target.read_bytes() == data:
            continue
        elif name == "nbgrader_config.py":
            kept.append(target)
        elif args.force:
            writes.append((target, data))
        else:
            changed.append(target)
    if changed:
        for target in changed:
            print(f"refusing to overwrite {target}: it differs from the lessons", file=sys.stderr)
        print(
            "if that is your work (or an assignment already released), keep it; to replace it "
            "anyway: make course DIR=... FORCE=1. Nothing was written.",
            file=sys.stderr,
        )
        return 1
    for target, data in writes:
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(target) as f:
            f.write(data)
        print(f"wrote {target}")
    for target in kept:
        print(f"kept {target} as it is (yours to edit)")
    assignments = sum(name.startswith("source/") for name in files)
    print(f"course in {args.dir}: {assignments} assignments, {len(writes)} files written")
    return 0


if __name__ == "__main__":
    sys.exit(main())

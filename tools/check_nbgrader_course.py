"""Prove a course folder with nbgrader's own pipeline, as an instructor runs it.

Usage: python tools/check_nbgrader_course.py COURSE

COURSE is a fresh folder laid out by `make course DIR=COURSE`. Run in the throwaway
environment that holds nbgrader and the workbook (tools/check_nbgrader.sh makes it), in
COURSE, with nbgrader's commands:

1. ``nbgrader generate_assignment`` of every lesson. Each release keeps the source's cell ids
   and tags, and its code cells are those of exercises/ (what learners get without nbgrader).
2. Three students submit every lesson that has exercises: ``untouched`` the release as it is,
   ``some-right`` every exercise right but one wrong in a usual way (compute_cost without the
   minus sign) and two left unwritten (optimize, model), ``solutions`` every exercise right
   (the lessons' own solutions).
3. ``nbgrader autograde``, ``nbgrader generate_feedback``, ``nbgrader export``.
4. The scores, from the CSV export and from each check cell's grade in the gradebook:
   0, exactly the points of the right exercises, full marks. The wrong answer failed with an
   AssertionError and its feedback HTML shows the check's hint; each unwritten exercise
   scored 0 and every later cell still ran.

Exits 1 listing every difference found; prints how long each step took.
"""

import csv
import html
import itertools
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import numpy as np
from compare_code_cells import code_cells
from nbgrader.api import Gradebook, MissingEntry
from nbgrader_metadata import BEGIN, graded_pairs

from lr_utils import checks

ROOT = Path(__file__).resolve().parent.parent
END = "### END SOLUTION"
STUDENTS = ("untouched", "some-right", "solutions")
WRONG_ID = "01-cost"  # the exercise some-right gets wrong, and how
WRONG = """\
def compute_cost(A, Y):
    m = Y.shape[1]
    return float(np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)  # the minus sign forgotten
"""
UNWRITTEN_IDS = {"05-optimize", "05-model"}  # left as released by some-right
NBGRADER = Path(sys.executable).with_name("nbgrader")


def nbgrader(*args):
    """Run one nbgrader command in the course folder (the current folder); stop if it fails.

    Its log (and the kernels' warnings) is shown only when it fails.
    """
    done = subprocess.run(
        [str(NBGRADER), *args, "--log-level=WARN"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        print(done.stdout, file=sys.stderr)
        sys.exit(f"nbgrader {' '.join(args)} failed (exit {done.returncode})")


def solution(source):
    """A solved exercise cell as a student writes it: the lesson's code without the markers."""
    return "\n".join(line for line in source.split("\n") if line.strip() not in (BEGIN, END))


def right(student, exercise_id):
    """True if student answers exercise exercise_id with its solution."""
    if student == "untouched":
        return False
    if student == "some-right":
        return exercise_id != WRONG_ID and exercise_id not in UNWRITTEN_IDS
    return True


def answer(student, exercise_id, solved):
    """The source student writes in exercise exercise_id, or None to leave it as released."""
    if right(student, exercise_id):
        return solution(solved)
    if (student, exercise_id) == ("some-right", WRONG_ID):
        return WRONG
    return None


def expected_hint():
    """The hint the check of compute_cost gives for WRONG, called directly in Python."""
    namespace = {"np": np}
    exec(WRONG, namespace)
    try:
        checks.compute_cost(namespace["compute_cost"])
    except checks.CheckFailed as failure:
        return failure.hint
    return None


def text_of(page):
    """The text a browser shows for an HTML page, whitespace collapsed."""
    page = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", page)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    os.chdir(args[0])
    problems = []
    started = time.monotonic()
    timings = []

    def step(name):
        timings.append((name, time.monotonic()))

    # 1. the releases
    sources = {p.parent.name: p for p in sorted(Path("source").glob("*/*.ipynb"))}
    step("generate_assignment")
    nbgrader("generate_assignment", "*", "--force")
    graded = {}  # assignment: [(exercise id, check id, points)]
    for assignment, source_path in sources.items():
        source = nbformat.read(source_path, as_version=4)
        release_path = Path("release", assignment, source_path.name)
        release = nbformat.read(release_path, as_version=4)
        if [c.id for c in release.cells] != [c.id for c in source.cells]:
            problems.append(f"{release_path}: its cell ids are not the source's")
        for s, r in zip(source.cells, release.cells, strict=False):
            if s.metadata.get("tags", []) != r.metadata.get("tags", []):
                problems.append(f"{release_path}: cell {s.id}: tags {r.metadata.get('tags')}")
        exercise_path = ROOT / "exercises" / source_path.name
        if code_cells(release_path) != code_cells(exercise_path):
            problems.append(f"{release_path}: its code cells are not those of {exercise_path}")
        pairs = [
            (e.metadata.nbgrader.grade_id, c.metadata.nbgrader.grade_id, c.metadata.nbgrader.points)
            for e, c, _ in graded_pairs(source)
        ]
        if pairs:
            graded[assignment] = pairs

    # the plan must still fit the lessons: the wrong and unwritten exercises exist, and a
    # check after an unwritten exercise expects points (grading went on past it)
    exercises = [e for pairs in graded.values() for e, _, _ in pairs]
    for exercise_id in [WRONG_ID, *sorted(UNWRITTEN_IDS)]:
        if exercise_id not in exercises:
            problems.append(f"no exercise {exercise_id} in the lessons: update this script's plan")

    def goes_on(ids):  # in one notebook, an exercise done right after an unwritten one
        return any(
            right("some-right", e) and UNWRITTEN_IDS & set(ids[:i]) for i, e in enumerate(ids)
        )

    if not any(goes_on([e for e, _, _ in pairs]) for pairs in graded.values()):
        problems.append("no exercise done right follows an unwritten one: update the plan")

    # 2. the students' submissions, from the releases
    step("submissions")
    for assignment in graded:
        source = nbformat.read(sources[assignment], as_version=4)
        solved = {
            c.metadata["nbgrader"]["grade_id"]: c.source
            for c in source.cells
            if "nbgrader" in c.metadata
        }
        for student in STUDENTS:
            nb = nbformat.read(Path("release", assignment, sources[assignment].name), as_version=4)
            for cell in nb.cells:
                grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
                if cell.metadata.get("nbgrader", {}).get("solution"):
                    written = answer(student, grade_id, solved[grade_id])
                    if written is not None:
                        cell.source = written
            folder = Path("submitted", student, assignment)
            folder.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, folder / sources[assignment].name)

    # 3. nbgrader's pipeline
    step("autograde")
    nbgrader("autograde", "*", "--force")
    step("generate_feedback")
    nbgrader("generate_feedback", "*", "--force")
    step("export")
    nbgrader("export", "--to", "grades.csv")
    step("checks of the results")

    # 4. the scores: the CSV export, then each check's grade in the gradebook
    expected = {
        (assignment, student): sum(p for e, _, p in pairs if right(student, e))
        for assignment, pairs in graded.items()
        for student in STUDENTS
    }
    full = {a: sum(p for *_, p in pairs) for a, pairs in graded.items()}
    with open("grades.csv", newline="") as f:
        rows = {(r["assignment"], r["student_id"]): r for r in csv.DictReader(f)}
    for (assignment, student), score in expected.items():
        row = rows.get((assignment, student))
        if row is None:
            problems.append(f"grades.csv: no row for {student} in {assignment}")
        elif float(row["raw_score"]) != score or float(row["max_score"]) != full[assignment]:
            problems.append(
                f"grades.csv: {student} in {assignment}: {row['raw_score']} of "
                f"{row['max_score']}, expected {score} of {full[assignment]}"
            )
    for student, wanted in [("untouched", 0), ("solutions", sum(full.values()))]:
        total = sum(expected[a, student] for a in graded)
        if total != wanted:
            problems.append(f"the plan gives {student} {total} points, not {wanted}")

    course_id = re.search(r"course_id = '([^']+)'", Path("nbgrader_config.py").read_text())[1]
    with Gradebook("sqlite:///gradebook.db", course_id=course_id) as gb:
        for assignment, pairs in graded.items():
            notebook = sources[assignment].stem
            for student in STUDENTS:
                for exercise_id, check_id, points in pairs:
                    try:
                        grade = gb.find_grade(check_id, notebook, assignment, student)
                    except MissingEntry:
                        problems.append(f"gradebook: no grade of {check_id} for {student}")
                        continue
                    want = points if right(student, exercise_id) else 0
                    if grade.score != want or grade.max_score != points:
                        problems.append(
                            f"gradebook: {student}, {check_id}: {grade.score} of "
                            f"{grade.max_score}, expected {want} of {points}"
                        )

    # how the checks failed, in the graded notebooks: every cell ran, whatever failed before it
    for assignment, pairs in graded.items():
        for student in STUDENTS:
            path = Path("autograded", student, assignment, sources[assignment].name)
            nb = nbformat.read(path, as_version=4)
            unrun = [c.id for c in nb.cells if c.cell_type == "code" and c.execution_count is None]
            if unrun:
                problems.append(f"{path}: cells {', '.join(unrun)} did not run")
            by_grade_id = {
                c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells if "nbgrader" in c.metadata
            }
            for exercise_id, check_id, _ in pairs:
                errors = [o for o in by_grade_id[check_id].outputs if o.output_type == "error"]
                if right(student, exercise_id):
                    if errors:
                        problems.append(f"{path}: {check_id} failed: {errors[0].ename}")
                elif not errors:
                    problems.append(f"{path}: {check_id} did not fail")
                elif (student, exercise_id) == ("some-right", WRONG_ID):
                    cls = getattr(checks, errors[0].ename, None)
                    if not (isinstance(cls, type) and issubclass(cls, AssertionError)):
                        problems.append(
                            f"{path}: {check_id} failed with {errors[0].ename}, not an "
                            f"AssertionError"
                        )

    # the feedback of the wrong answer shows its check's hint
    hint = expected_hint()
    feedback = Path("feedback", "some-right", "01_notation_and_data", "01_notation_and_data.html")
    if not hint:
        problems.append(f"checks.compute_cost gives no hint for the wrong answer:\n{WRONG}")
    elif not feedback.is_file():
        problems.append(f"no feedback {feedback}")
    elif " ".join(hint.split()) not in text_of(feedback.read_text()):
        problems.append(f"{feedback} does not show the hint {hint!r}")

    step("done")
    for (name, t0), (_, t1) in itertools.pairwise(timings):
        print(f"{t1 - t0:6.1f} s  {name}")
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    scores = ", ".join(
        f"{s} {sum(expected[a, s] for a in graded)}/{sum(full.values())}" for s in STUDENTS
    )
    print(
        f"nbgrader graded {len(graded)} assignments for {len(STUDENTS)} students as expected "
        f"({scores}) in {time.monotonic() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

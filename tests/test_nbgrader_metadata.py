"""The lessons carry nbgrader's cell metadata, consistent and as the README documents it.

Each exercise cell (one holding ### BEGIN SOLUTION) is an autograded answer and the check
cell after it an autograder test with its points; grade_id is <lesson number>-<cell id>;
no other cell carries nbgrader metadata. tools/nbgrader_metadata.py writes it; it is tested
here on small notebooks, and the lessons are checked both against it and on their own terms.
nbgrader itself is not needed: tools/check_nbgrader.sh (CI) runs nbgrader's pipeline.
"""

import copy
import inspect
import re
from pathlib import Path

import nbformat

# the scripts of tools/, by name (pytest's pythonpath in pyproject.toml has tools/)
import nbgrader_metadata as tool
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from lr_utils import checks

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "notebooks").glob("*.ipynb"))
BEGIN = "### BEGIN SOLUTION"
# the checks a lesson may call: the public functions of lr_utils.checks
CHECKS = {name for name in checks.__all__ if inspect.isfunction(getattr(checks, name, None))} - {
    "set_language",
    "reference_run",
}


# ------------------------------------------------------------------------- the lessons


def test_there_are_lessons_with_exercises():
    assert any(BEGIN in path.read_text() for path in LESSONS), "no lesson holds an exercise"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_each_lesson_carries_the_metadata_the_script_writes(path):
    nb = nbformat.read(path, as_version=4)
    assert not tool.apply(nb, tool.lesson_number(path)), (
        f"{path.name}: nbgrader metadata missing or out of date; "
        f"run python tools/nbgrader_metadata.py"
    )


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_the_script_changes_nothing_but_the_nbgrader_metadata(path):
    # stripped of it and marked again, the lesson is byte for byte the file committed
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        cell.metadata.pop("nbgrader", None)
    tool.apply(nb, tool.lesson_number(path))
    assert tool.render(nb) == path.read_bytes()


def test_every_exercise_and_check_is_marked_and_nothing_else():
    """Read on its own terms, without the script: the documented metadata, ids unique."""
    problems, grade_ids = [], []
    for path in LESSONS:
        number = re.match(r"\d+", path.name).group()
        code = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
        for i, cell in enumerate(code):
            meta = cell.metadata.get("nbgrader")
            calls = set(re.findall(r"\bchecks\.(\w+)\(", cell.source)) & CHECKS
            after_exercise = i > 0 and BEGIN in code[i - 1].source
            where = f"{path.name}, cell {cell.id}"
            if BEGIN in cell.source:
                want = {
                    "grade": False,
                    "grade_id": f"{number}-{cell.id}",
                    "locked": False,
                    "schema_version": 3,
                    "solution": True,
                }
            elif calls:
                if not after_exercise or len(calls) != 1:
                    problems.append(f"{where}: calls {calls} but is no exercise's one check")
                    continue
                (name,) = calls
                want = {
                    "grade": True,
                    "grade_id": f"{number}-{cell.id}",
                    "locked": True,
                    "points": tool.POINTS.get(name, 1),
                    "schema_version": 3,
                    "solution": False,
                }
            else:
                want = None
                if after_exercise:
                    problems.append(f"{where}: follows an exercise but calls no check")
            if meta != want:
                problems.append(f"{where}: nbgrader metadata {meta}, expected {want}")
            if meta:
                grade_ids.append(meta.get("grade_id"))
    duplicates = sorted({g for g in grade_ids if grade_ids.count(g) > 1})
    assert problems == [] and duplicates == [], [*problems, f"duplicate ids {duplicates}"]
    assert grade_ids, "no cell carries nbgrader metadata"


def test_the_points_scale_is_the_one_documented():
    # 1 point per check, 2 for those in POINTS; the README shows the resulting table
    assert set(tool.POINTS.values()) == {2}
    assert set(tool.POINTS) <= CHECKS, "POINTS names a check that lr_utils.checks lacks"
    table = tool.points_table(LESSONS)
    assert table.count("\n") >= 3, table
    readme = (ROOT / "README.md").read_text()
    assert table in readme, (
        "README.md does not show the points table; python tools/nbgrader_metadata.py "
        f"--points prints it:\n{table}"
    )
    for name in tool.POINTS:
        assert f"`{name}` 2" in table, f"{name}: no check worth 2 points in the lessons"


# ------------------------------------------------------------------------- the script


def _nb(*cells):
    nb = new_notebook(cells=list(cells))
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3",
        "language": "python",
        "name": "python3",
    }
    return nb


def _lesson():
    return _nb(
        new_markdown_cell("# Sigmoid", id="title"),
        new_code_cell("from lr_utils import checks\nimport numpy as np", id="imports"),
        new_code_cell(
            "def sigmoid(z):\n    ### BEGIN SOLUTION\n    return 1 / (1 + np.exp(-z))\n"
            "    ### END SOLUTION",
            id="sigmoid",
        ),
        new_markdown_cell("Check it:", id="say"),
        new_code_cell("checks.sigmoid(sigmoid)", id="sigmoid-check"),
        new_code_cell(
            "def propagate(w, b, X, Y):\n    ### BEGIN SOLUTION\n    pass\n    ### END SOLUTION",
            id="prop",
        ),
        new_code_cell("checks.propagate(propagate)", id="prop-check", outputs=[]),
        new_code_cell("print(sigmoid(0))", id="after"),
    )


def test_apply_marks_each_exercise_and_its_check():
    nb = _lesson()
    before = copy.deepcopy(nb)
    assert tool.apply(nb, "05") is True
    meta = {c.id: c.metadata.get("nbgrader") for c in nb.cells}
    assert meta["sigmoid"] == {
        "grade": False,
        "grade_id": "05-sigmoid",
        "locked": False,
        "schema_version": 3,
        "solution": True,
    }
    assert meta["sigmoid-check"] == {
        "grade": True,
        "grade_id": "05-sigmoid-check",
        "locked": True,
        "points": 1,
        "schema_version": 3,
        "solution": False,
    }
    assert meta["prop"]["grade_id"] == "05-prop"
    assert meta["prop-check"]["points"] == 2  # propagate is worth 2
    assert [k for k, v in meta.items() if v is None] == ["title", "imports", "say", "after"]
    for a, b in zip(nb.cells, before.cells, strict=True):  # only metadata.nbgrader changed
        a.metadata.pop("nbgrader", None)
        assert a == b


def test_apply_is_idempotent_and_removes_stale_metadata():
    nb = _lesson()
    tool.apply(nb, "05")
    once = copy.deepcopy(nb)
    assert tool.apply(nb, "05") is False
    assert nb == once
    nb.cells[7].metadata["nbgrader"] = {"grade": True, "grade_id": "old", "points": 3}
    nb.cells[4].metadata["nbgrader"]["points"] = 5
    assert tool.apply(nb, "05") is True
    assert nb == once


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda nb: nb.cells.pop(4), r"cell 2 \(id 'sigmoid'\) holds an exercise, but the next"),
        (lambda nb: nb.cells.pop(2), r"cell 3 \(id 'sigmoid-check'\) calls checks.sigmoid but"),
        (
            lambda nb: setattr(nb.cells[4], "source", "checks.sigmoid(sigmoid)\nchecks.model(m)"),
            r"cell 4 \(id 'sigmoid-check'\) calls 2 checks",
        ),
        (
            lambda nb: setattr(nb.cells[2], "source", nb.cells[2].source + "\nchecks.sigmoid(s)"),
            r"cell 2 \(id 'sigmoid'\) holds an exercise and calls a check",
        ),
    ],
    ids=["exercise without check", "check without exercise", "two checks", "both in one"],
)
def test_an_ambiguous_lesson_is_refused_naming_the_cell(change, message):
    nb = _lesson()
    change(nb)
    with pytest.raises(tool.LessonError, match=message):
        tool.apply(nb, "05")


def test_setting_the_checks_language_is_no_check():
    # the Chinese editions' import cell (DESIGN decision 2)
    nb = _lesson()
    nb.cells[1].source += '\nchecks.set_language("zh-CN")'
    assert tool.apply(nb, "05") is True
    assert "nbgrader" not in nb.cells[1].metadata


def test_the_lesson_number_comes_from_the_file_name():
    assert tool.lesson_number(Path("notebooks/05_cat_classifier.ipynb")) == "05"
    with pytest.raises(tool.LessonError, match="starts with its number"):
        tool.lesson_number(Path("cats.ipynb"))


def test_main_checks_writes_and_refuses_all_or_nothing(tmp_path, capsys):
    good, bad = tmp_path / "01_good.ipynb", tmp_path / "02_bad.ipynb"
    nbformat.write(_lesson(), good)
    broken = _lesson()
    broken.cells.pop(4)
    nbformat.write(broken, bad)
    before = good.read_bytes(), bad.read_bytes()

    assert tool.main([str(good), str(bad)]) == 2  # one bad lesson: nothing written
    assert "02_bad.ipynb" in capsys.readouterr().err
    assert (good.read_bytes(), bad.read_bytes()) == before

    assert tool.main(["--check", str(good)]) == 1
    assert "01_good.ipynb: nbgrader metadata missing" in capsys.readouterr().err
    assert good.read_bytes() == before[0]

    assert tool.main([str(good)]) == 0
    assert "05-sigmoid" not in good.read_text() and "01-sigmoid-check" in good.read_text()
    assert tool.main(["--check", str(good)]) == 0
    written = good.read_bytes()
    assert tool.main([str(good)]) == 0
    assert good.read_bytes() == written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["01_good.ipynb", "02_bad.ipynb"]

    capsys.readouterr()
    assert tool.main(["--points", str(good)]) == 0
    assert "| `01_good` | `sigmoid` 1, `propagate` 2 | 3 |" in capsys.readouterr().out

"""The exercise editions: generated from the lessons, in step, and right for a learner to run.

tools/build_editions.py makes exercises/ from notebooks/ and exercises/zh-CN/ from the Chinese
lessons (tools/edition_exercises.py: solutions blanked, outputs cleared, cells that may raise
tagged raises-exception). On the real folders these tests check that the editions are what a
build gives (the record in .editions-manifest.json, never the files, which are the
learners'); that, filled in with the solutions, each is its lesson, whose stored outputs show
every check's pass line; that their code passes ruff; and that both languages tag the same
cells. Run All on each unfilled one, as a learner meets it, runs in JupyterLab
(tests/test_browser.py): it reaches the last cell, errors allowed only where the tag says so.
The Chinese ones hold the same code, comments and the language line aside
(tests/test_translations.py), and the same tags (below): not run again; the checks' Chinese
one-line messages in Run All are tested in a kernel in tests/test_checks.py, and the Chinese
lesson 5 in JupyterLab. A small lesson is made into its exercise edition by the build and run
both ways, here.

On small notebooks in tmp_path: blanking, the tags, reproducibility, and the learner's work:
never overwritten without FORCE=1 (git or no git, committed or not), never an error in `make
test`, an extra notebook never touched.
"""

import copy
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# the scripts of tools/, by name (pytest's pythonpath in pyproject.toml has tools/)
import build_editions
import compare_code_cells
import edition_exercises as exercises
import editions_now
import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from unfilled import CHECK_CALL, STUB, must_raise

# the environment pytest started with: background jobs (tests/conftest.py) read this, never
# os.environ, which a test in pytest's own thread may change for a moment (monkeypatch)
ENV_AT_START = dict(os.environ)

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools"

ANSI = re.compile(r"\x1b\[[0-9;]*m")
REGION = re.compile(r"^[ \t]*### BEGIN SOLUTION$.*?^[ \t]*### END SOLUTION$", re.M | re.S)
MAY_RAISE = exercises.MAY_RAISE


# ------------------------------------------------------------------ what the tests assert


def fill(exercise_source, lesson_source):
    """The exercise's code with each stub replaced by the lesson's marked region, in order."""
    regions = REGION.findall(lesson_source)
    if len(regions) != len(STUB.findall(exercise_source)):
        return None
    regions = iter(regions)
    return STUB.sub(lambda _: next(regions), exercise_source)


def filled_problems(exercise, lesson):
    """What is wrong with the claim: the exercise, filled in, is the lesson, and it passes.

    Filled, each exercise code cell must be the lesson's; each marked lesson cell must be
    followed by a code cell calling a check; and each check call's stored output (which
    strict nbval verifies on the English lessons, whose outputs the Chinese ones carry) must
    show that check's pass line.
    """
    problems = []
    ex_code = [c for c in exercise.cells if c.cell_type == "code"]
    lesson_code = [c for c in lesson.cells if c.cell_type == "code"]
    if [c.id for c in ex_code] != [c.id for c in lesson_code]:
        return ["not the lesson's code cells"]
    for i, (ex, cell) in enumerate(zip(ex_code, lesson_code, strict=True)):
        if fill(ex.source, cell.source) != cell.source:
            problems.append(f"cell {cell.id}: with the solutions put back, not the lesson's code")
        if REGION.search(cell.source):
            after = lesson_code[i + 1].source if i + 1 < len(lesson_code) else ""
            if not CHECK_CALL.search(after):
                problems.append(f"cell {cell.id}: an exercise not followed by a check cell")
        stdout = "".join(
            o.get("text", "") for o in cell.get("outputs", []) if o.get("name") == "stdout"
        )
        for name in CHECK_CALL.findall(cell.source):
            if not re.search(rf"^✓ {name}: \d+ checks? passed$", stdout, re.M):
                problems.append(f"cell {cell.id}: no stored pass line for checks.{name}")
    return problems


def learner_env():
    """The suite's environment without what it sets for stable outputs (as `make lab`)."""
    return {k: v for k, v in ENV_AT_START.items() if k != "IPYKERNEL_CELL_NAME"}


def run_all(nb, folder, timeout=600):
    """Run All in a fresh kernel, as JupyterLab does: it stops at an error, unless the cell
    is tagged raises-exception. Returns nb, executed; raises CellExecutionError if it stops."""
    NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=False,  # only the raises-exception tag lets Run All go on
        resources={"metadata": {"path": str(folder)}},
    ).execute(env=learner_env())
    return nb


def errors(nb):
    """[(cell, ename, evalue, traceback text without colours)] for every error output."""
    return [
        (cell, out.ename, out.evalue, ANSI.sub("", "\n".join(out.traceback)))
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if out.output_type == "error"
    ]


def unfilled_problems(nb):
    """What is wrong with an unfilled exercise notebook after Run All, for a learner.

    Run All reached the last code cell; every error is in a tagged cell; every stub outside
    a function raised, and every check of an unwritten exercise; no check passed.
    """
    problems = []
    code = [c for c in nb.cells if c.cell_type == "code"]
    if code and code[-1].get("execution_count") is None:
        problems.append(f"Run All did not reach the last cell ({code[-1].id})")
    raised = {cell.id for cell, _, _, _ in errors(nb)}
    for cell, ename, evalue, _ in errors(nb):
        if MAY_RAISE not in cell.metadata.get("tags", []):
            problems.append(f"cell {cell.id}: {ename}: {evalue}, and not tagged {MAY_RAISE}")
    for i, what in must_raise([cell.source for cell in code]).items():
        if code[i].id not in raised:
            problems.append(f"cell {code[i].id}: {what}")
    for cell in code:
        text = "".join(o.get("text", "") for o in cell.outputs)
        if "✓" in text:
            problems.append(f"cell {cell.id}: a check passed with nothing written: {text!r}")
    return problems


# ------------------------------------------------------------------------ the real folders

LAYOUT = build_editions.Layout(ROOT)
LESSONS = build_editions.lesson_names(LAYOUT)
EXERCISE_KINDS = {"exercise", "chinese exercise"}


# {path: notebook} of every edition a build makes now (not the files on disk)
GENERATED = {
    path: nbformat.reads(data.decode("utf-8"), as_version=4)
    for path, data in editions_now.outputs().items()
}
PAIRS = [  # (exercise notebook, the lesson it is made from)
    (editions[kind], editions[lesson])
    for name in LESSONS
    for editions in [{**LAYOUT.editions(name), "english": LAYOUT.lessons / f"{name}.ipynb"}]
    for kind, lesson in (("exercise", "english"), ("chinese exercise", "chinese"))
]
MARKED = [
    (exercise, lesson)
    for exercise, lesson in PAIRS
    if any(STUB.search(c.source) for c in GENERATED[exercise].cells if c.cell_type == "code")
]
NO_MARKERS = "no lesson in notebooks/ holds an exercise marker yet"


def _lesson_notebook(path):
    return GENERATED.get(path) or nbformat.read(path, as_version=4)


def _ids(paths):
    return [str(Path(p).relative_to(ROOT)) for p in paths]


def test_exercise_editions_are_what_the_build_makes(capsys):
    """A fresh build is what was generated last: the record, not the learners' files."""
    assert MARKED, NO_MARKERS
    wanted = {name: set(EXERCISE_KINDS) for name in LESSONS}
    code = build_editions.check(LAYOUT, wanted)
    assert code == 0, f"exercises/ is out of date:\n{capsys.readouterr().err}"


@pytest.mark.parametrize(("exercise", "lesson"), MARKED, ids=_ids(p for p, _ in MARKED))
def test_filled_exercise_is_the_lesson_and_passes(exercise, lesson):
    assert filled_problems(GENERATED[exercise], _lesson_notebook(lesson)) == []


@pytest.mark.parametrize(("exercise", "lesson"), PAIRS, ids=_ids(p for p, _ in PAIRS))
def test_the_cells_that_may_raise_are_tagged_in_exercise_editions_only(exercise, lesson):
    solved = _lesson_notebook(lesson)
    assert not any(MAY_RAISE in c.metadata.get("tags", []) for c in solved.cells), lesson
    expected = copy.deepcopy(solved)
    expected.cells = [
        c
        for c in expected.cells
        if exercises.SOLUTION_ONLY not in c.get("metadata", {}).get("tags", [])
    ]
    tagged = exercises.mark_may_raise(expected)
    got = [c.id for c in GENERATED[exercise].cells if MAY_RAISE in c.metadata.get("tags", [])]
    assert got == tagged
    assert not any("nbgrader" in c.metadata for c in GENERATED[exercise].cells)


@pytest.mark.parametrize("name", LESSONS)
def test_both_languages_tag_the_same_cells(name):
    editions = LAYOUT.editions(name)

    def tagged(kind):
        nb = GENERATED[editions[kind]]
        return [(c.id, c.metadata.get("tags", [])) for c in nb.cells]

    assert tagged("exercise") == tagged("chinese exercise")


def test_the_generated_code_passes_ruff(tmp_path):
    """Learners' folders are out of ruff's reach (make lint/format); what the build writes
    there is checked here, with the project's settings, file by file."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "lr_utils").symlink_to(ROOT / "lr_utils")  # first-party for isort, as here
    files = []
    for path, nb in GENERATED.items():
        target = tmp_path / path.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)
        files.append(str(target.relative_to(tmp_path)))
    assert files
    for command in (["check", "--no-cache"], ["format", "--check", "--no-cache"]):
        done = subprocess.run(
            [sys.executable, "-m", "ruff", *command, *sorted(files)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, f"ruff {command[0]}:\n{done.stdout}{done.stderr}"


def kernel_jobs(items):
    """The background job of the selected tests (tests/conftest.py): the small lesson's."""
    if any(getattr(item, "function", None) is test_a_small_lesson_end_to_end for item in items):
        return {("small lesson",): _small_lesson_run}
    return {}


def test_nbgrader_stays_out_of_the_project():
    text = (ROOT / "pyproject.toml").read_text() + (ROOT / "environment.yml").read_text()
    assert "nbgrader" not in text
    assert importlib.util.find_spec("nbgrader") is None, "nbgrader is installed in this environment"


# ------------------------------------------------------------------------- the generator


def _nb(*cells):
    nb = new_notebook(cells=list(cells))
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3",
        "language": "python",
        "name": "python3",
    }
    return nb


def _write(path, nb):
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def _generate(root, *args):
    return build_editions.main(["--root", str(root), *args])


SOLVED = """\
def sigmoid(z):
    \"\"\"1 / (1 + exp(-z)).\"\"\"
    ### BEGIN SOLUTION
    s = 1 / (1 + np.exp(-z))
    return s
    ### END SOLUTION"""


def test_blank_replaces_each_region_with_the_stub_at_its_indentation():
    source = SOLVED + "\n\n\nx = None\n### BEGIN SOLUTION\nx = 3\n### END SOLUTION\nprint(x)"
    assert exercises.blank(source) == (
        'def sigmoid(z):\n    """1 / (1 + exp(-z))."""\n'
        "    # YOUR CODE HERE\n    raise NotImplementedError()\n\n\n"
        "x = None\n# YOUR CODE HERE\nraise NotImplementedError()\nprint(x)"
    )


def test_blank_keeps_deeper_indentation_and_tabs():
    source = "for i in range(3):\n    if i:\n\t\t### BEGIN SOLUTION\n\t\tpass\n\t\t### END SOLUTION"
    assert exercises.blank(source).split("\n")[2:] == [
        "\t\t# YOUR CODE HERE",
        "\t\traise NotImplementedError()",
    ]


def test_blank_leaves_code_without_markers_alone():
    source = "print('### BEGIN')\n\n"
    assert exercises.blank(source) == source


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("### BEGIN SOLUTION\nx = 1", "without an END SOLUTION"),
        ("x = 1\n### END SOLUTION", "END SOLUTION without a BEGIN SOLUTION"),
        ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION", "inside the region"),
        ("x = 1  ### BEGIN SOLUTION\n### END SOLUTION", "a line of its own"),
        ("s = 'END SOLUTION'", "a line of its own"),
    ],
)
def test_blank_refuses_ambiguous_markers(source, message):
    with pytest.raises(exercises.MarkerError, match=message):
        exercises.blank(source)


def test_exercise_clears_outputs_keeps_ids_tags_and_drops_nbgrader_metadata():
    lesson = _nb(
        new_markdown_cell("# Title", id="intro"),
        new_code_cell(
            SOLVED,
            id="sig",
            execution_count=4,
            metadata={
                "tags": ["nbval-ignore-output"],
                "scrolled": True,
                "nbgrader": {"solution": True, "grade": False, "grade_id": "01-sig"},
            },
            outputs=[nbformat.v4.new_output("stream", name="stdout", text="hi\n")],
        ),
        new_markdown_cell(
            "How the solution works", id="note", metadata={"tags": ["solution-only"]}
        ),
        new_code_cell("checks.sigmoid(sigmoid)", id="check", execution_count=5),
    )
    exercise = exercises.exercise_notebook(lesson)
    assert [c.id for c in exercise.cells] == ["intro", "sig", "check"]
    code = exercise.cells[1]
    assert code.outputs == [] and code.execution_count is None
    assert code.metadata == {"tags": ["nbval-ignore-output", MAY_RAISE]}
    assert "raise NotImplementedError()" in code.source
    assert exercise.cells[2].metadata == {"tags": [MAY_RAISE]}
    assert exercise.metadata == lesson.metadata
    assert lesson.cells[1].outputs, "the lesson itself was modified"
    assert "nbgrader" in lesson.cells[1].metadata


def test_solution_only_is_for_markdown_and_markers_for_code():
    code_tagged = _nb(new_code_cell("x = 1", metadata={"tags": ["solution-only"]}))
    with pytest.raises(exercises.MarkerError, match="only Markdown cells may be tagged"):
        exercises.exercise_notebook(code_tagged)
    marked_markdown = _nb(new_markdown_cell("### BEGIN SOLUTION\nanswer\n### END SOLUTION"))
    with pytest.raises(exercises.MarkerError, match="code cells only"):
        exercises.exercise_notebook(marked_markdown)


MAY_RAISE_CELLS = [  # (id, source, tagged?)
    ("imports", 'import numpy as np\n\nfrom lr_utils import checks\nchecks.set_language("en")', 0),
    ("helper", "def show(value):\n    print(model(value))  # model: not made yet", 0),
    ("sizes", "m = None  # yours\n### BEGIN SOLUTION\nm = 3\n### END SOLUTION", 1),
    ("model", "def model(x):\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION", 1),
    ("check", "checks.model(model)", 1),
    ("uses-m", "total = m + 1", 1),
    ("uses-total", "print(total)", 1),
    ("own-total", "total = 0\nfor i in range(3):\n    total += i\nprint(total)", 0),
    ("clean-again", "print(total)", 0),
    ("through-a-function", "show(2)", 1),
    ("in-a-magic", "%timeit model(1)", 1),
    ("comprehension", "squares = [m * m for m in range(3)]", 0),
    ("lambda", "f = lambda m: m + 1\nprint(f(2))", 0),
    ("plot", "import matplotlib.pyplot as plt\nplt.plot([1, 2])", 0),
]


def test_mark_may_raise_tags_what_can_raise_while_an_exercise_is_unwritten():
    nb = _nb(*(new_code_cell(src, id=cid) for cid, src, _ in MAY_RAISE_CELLS))
    nb.cells.insert(1, new_markdown_cell("uses m and model in prose", id="prose"))
    expected = [cid for cid, _, tagged in MAY_RAISE_CELLS if tagged]
    assert exercises.mark_may_raise(nb) == expected
    got = [c.id for c in nb.cells if MAY_RAISE in c.metadata.get("tags", [])]
    assert got == expected
    assert exercises.mark_may_raise(nb) == expected  # again: no tag twice
    assert all(c.metadata.get("tags", []).count(MAY_RAISE) <= 1 for c in nb.cells)
    # the build script offers it to other tools (tools/make_course.py)
    assert build_editions.mark_may_raise is exercises.mark_may_raise


def test_generation_is_reproducible_byte_for_byte(tmp_path):
    _write(tmp_path / "notebooks" / "01_a.ipynb", _nb(new_code_cell(SOLVED, id="sig")))
    assert _generate(tmp_path) == 0
    made = sorted(p for p in tmp_path.rglob("*.ipynb") if p.parent.name != "notebooks")
    first = {p: p.read_bytes() for p in made}
    assert len(first) == 3  # exercises/, notebooks/zh-CN/, exercises/zh-CN/
    for p in made:
        p.unlink()
    assert _generate(tmp_path) == 0
    assert {p: p.read_bytes() for p in made} == first
    assert _generate(tmp_path, "--check") == 0
    for data in first.values():
        assert data.endswith(b"}\n") and b"\r" not in data


def _learner_edits(path):
    nb = nbformat.read(path, as_version=4)
    nb.cells[0].source = nb.cells[0].source.replace("raise NotImplementedError()", "return 0.5")
    nbformat.write(nb, path)
    return path.read_bytes()


def _two_lessons(root):
    for name in ["01_a.ipynb", "02_b.ipynb"]:
        _write(root / "notebooks" / name, _nb(new_code_cell(SOLVED, id="sig")))
    assert _generate(root) == 0
    return root / "exercises" / "01_a.ipynb", root / "exercises" / "02_b.ipynb"


def test_a_learners_work_is_never_overwritten_without_force(tmp_path, capsys):
    mine, other = _two_lessons(tmp_path)
    work = _learner_edits(mine)
    # both lessons change: the edited exercise is refused, and nothing else written either
    for name in ["01_a.ipynb", "02_b.ipynb"]:
        _write(tmp_path / "notebooks" / name, _nb(new_code_cell(SOLVED + "\n# new", id="sig")))
    before = other.read_bytes()
    capsys.readouterr()

    assert _generate(tmp_path) == 1
    err = capsys.readouterr().err
    assert "refusing to overwrite exercises/01_a.ipynb" in err
    assert "exercises/02_b.ipynb" not in err, "an unchanged generated file is no one's work"
    assert "FORCE=1" in err and "Nothing was written" in err
    assert mine.read_bytes() == work and other.read_bytes() == before

    assert _generate(tmp_path, str(other)) == 0  # one notebook: the others are left alone
    assert mine.read_bytes() == work
    assert "# new" in other.read_text()
    assert _generate(tmp_path, "--force", str(mine)) == 0
    assert "raise NotImplementedError()" in mine.read_text() and "# new" in mine.read_text()


def _git(folder, *args):
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=folder,
        check=True,
        capture_output=True,
    )


def test_a_learners_committed_work_is_still_theirs(tmp_path, capsys):
    mine, _ = _two_lessons(tmp_path)
    _git(tmp_path, "init", "-q")
    work = _learner_edits(mine)
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "my work")
    _write(tmp_path / "notebooks" / "01_a.ipynb", _nb(new_code_cell(SOLVED + "\n# new", id="sig")))
    assert _generate(tmp_path) == 1, "committed work was overwritten"
    assert mine.read_bytes() == work
    assert _generate(tmp_path, "--check") == 1  # the lesson changed: the record is stale
    assert "exercises/01_a.ipynb: out of date" in capsys.readouterr().err


def test_outside_git_a_learners_edit_and_extra_notebook_do_not_fail_the_check(tmp_path, capsys):
    """A ZIP download: the check compares a fresh build with the record, not the files."""
    mine, _ = _two_lessons(tmp_path)
    _learner_edits(mine)
    extra = _write(tmp_path / "exercises" / "Untitled.ipynb", _nb(new_code_cell("1 + 1")))
    copy_of_mine = _write(tmp_path / "exercises" / "zh-CN" / "01_a-Copy1.ipynb", _nb())
    capsys.readouterr()
    assert _generate(tmp_path, "--check") == 0
    captured = capsys.readouterr()
    assert "Untitled" not in captured.out + captured.err
    # CI's clean clone: the files themselves must be what the build makes
    assert _generate(tmp_path, "--check", "--committed") == 1
    err = capsys.readouterr().err
    assert "exercises/01_a.ipynb: the file is not what the build generates" in err
    assert "Untitled" not in err
    # a build leaves the extra notebooks alone
    extra_bytes, copy_bytes = extra.read_bytes(), copy_of_mine.read_bytes()
    assert _generate(tmp_path, "--force") == 0
    assert extra.read_bytes() == extra_bytes and copy_of_mine.read_bytes() == copy_bytes


def test_a_changed_lesson_regenerates_its_untouched_editions(tmp_path):
    _, other = _two_lessons(tmp_path)
    _write(tmp_path / "notebooks" / "02_b.ipynb", _nb(new_code_cell(SOLVED + "\n# new", id="sig")))
    assert _generate(tmp_path, "--check") == 1
    assert _generate(tmp_path) == 0
    assert "# new" in other.read_text()
    assert _generate(tmp_path, "--check") == 0


def test_a_build_cut_short_is_finished_by_the_next_one(tmp_path):
    """Files written, the record not yet: what is on disk is what the build makes."""
    _two_lessons(tmp_path)
    record = (tmp_path / build_editions.MANIFEST).read_bytes()
    _write(tmp_path / "notebooks" / "02_b.ipynb", _nb(new_code_cell(SOLVED + "\n# new", id="sig")))
    assert _generate(tmp_path) == 0
    (tmp_path / build_editions.MANIFEST).write_bytes(record)  # as if cut before the record
    assert _generate(tmp_path) == 0
    assert _generate(tmp_path, "--check") == 0


def test_a_removed_lesson_takes_its_untouched_editions_along(tmp_path, capsys):
    mine, other = _two_lessons(tmp_path)
    work = _learner_edits(mine)
    (tmp_path / "notebooks" / "01_a.ipynb").unlink()
    (tmp_path / "notebooks" / "02_b.ipynb").unlink()
    _write(tmp_path / "notebooks" / "03_c.ipynb", _nb(new_code_cell("x = 1", id="x")))
    assert _generate(tmp_path, "--check") == 1
    capsys.readouterr()
    assert _generate(tmp_path) == 0
    captured = capsys.readouterr()
    assert not other.exists() and "removed exercises/02_b.ipynb: its lesson is gone" in captured.out
    assert mine.read_bytes() == work and "exercises/01_a.ipynb: its lesson is gone" in captured.err
    assert _generate(tmp_path, "--check") == 0


def _without_make(env):
    """env without what a make running the suite passes down to the makes it starts."""
    return {k: v for k, v in env.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "FORCE")}


def _make(*args, env=None):
    """The command `make -n exercises ...` would run (make only prints it)."""
    done = subprocess.run(
        ["make", "-n", "--no-print-directory", "exercises", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**_without_make(learner_env()), **(env or {})},
    )
    assert done.returncode == 0, done.stderr
    return next(line for line in done.stdout.splitlines() if "build_editions.py" in line)


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_only_force_1_on_makes_command_line_forces():
    assert "--force" in _make("FORCE=1").split()
    for args in (["FORCE=0"], ["FORCE=no"], ["FORCE=yes"], ["FORCE=11"], []):
        assert "--force" not in _make(*args).split(), args
    assert "--force" not in _make(env={"FORCE": "1"}).split(), "an exported FORCE forced"
    one = _make("FORCE=1", "EXERCISES=exercises/05_cat_classifier.ipynb").split()
    assert one[-2:] == ["--force", "exercises/05_cat_classifier.ipynb"]


def _script(capsys, *args):
    """tools/build_editions.py ARGS, as its command line runs it (main, in this process: an
    exception escaping main would fail the test): (exit code, stdout, stderr)."""
    capsys.readouterr()
    code = build_editions.main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess(args, code, out, err)


def test_a_folder_or_a_broken_lesson_is_one_line(tmp_path, capsys):
    _write(tmp_path / "notebooks" / "01_a.ipynb", _nb(new_code_cell(SOLVED, id="sig")))
    (tmp_path / "exercises").mkdir()
    done = _script(capsys, "--root", tmp_path, tmp_path / "exercises")
    assert done.returncode == 2 and done.stdout == ""
    [line] = done.stderr.splitlines()
    assert "is a folder; expected a notebook (.ipynb)" in line

    (tmp_path / "notebooks" / "02_b.ipynb").write_text('{"cells": [')
    done = _script(capsys, "--root", tmp_path)
    assert done.returncode == 2
    [line] = done.stderr.splitlines()
    assert "02_b.ipynb: not a notebook: the file is not valid JSON" in line
    assert not (tmp_path / "exercises" / "01_a.ipynb").exists(), "written despite the error"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("notebooks/09_none.ipynb", "no lesson notebooks/09_none.ipynb"),
        ("README.md", "expected a lesson (notebooks/*.ipynb), one of its editions"),
    ],
)
def test_a_path_that_names_no_lesson_is_one_line(tmp_path, path, message, capsys):
    _write(tmp_path / "notebooks" / "01_a.ipynb", _nb(new_code_cell(SOLVED, id="sig")))
    (tmp_path / "README.md").write_text("")
    done = _script(capsys, "--root", tmp_path, tmp_path / path)
    assert done.returncode == 2
    [line] = done.stderr.splitlines()
    assert message in line


def test_a_bad_marker_names_the_notebook_and_cell_and_writes_nothing(tmp_path, capsys):
    _write(tmp_path / "notebooks" / "01_a.ipynb", _nb(new_code_cell(SOLVED, id="sig")))
    _write(
        tmp_path / "notebooks" / "02_b.ipynb", _nb(new_code_cell("### BEGIN SOLUTION", id="bad"))
    )
    assert _generate(tmp_path) == 2
    err = capsys.readouterr().err
    assert "02_b.ipynb: cell 0 (id 'bad'), line 1: BEGIN SOLUTION without an END" in err
    assert not (tmp_path / "exercises").exists()


def test_compare_code_cells(tmp_path):
    _write(tmp_path / "a" / "x.ipynb", _nb(new_code_cell("1", id="c"), new_markdown_cell("m")))
    _write(tmp_path / "b" / "x.ipynb", _nb(new_code_cell("1", id="c")))
    assert compare_code_cells.differences(tmp_path / "a", tmp_path / "b") == []
    _write(tmp_path / "b" / "x.ipynb", _nb(new_code_cell("2", id="c")))
    _write(tmp_path / "b" / "y" / "z.ipynb", _nb())
    found = compare_code_cells.differences(tmp_path / "a", tmp_path / "b")
    assert len(found) == 2 and "y/z.ipynb: only in" in found[0] and "'c' differs" in found[1]


# ---------------------------------------------- a small lesson, end to end in real kernels

LESSON_CELLS = [
    ("md", "intro", "# A small lesson"),
    ("code", "imports", "import numpy as np\n\nfrom lr_utils import checks, load_dataset"),
    ("code", "data", "train_set_x_orig, _, test_set_x_orig, _, _ = load_dataset()"),
    (
        "code",
        "sizes",
        "m_train = m_test = num_px = None\n### BEGIN SOLUTION\n"
        "m_train = train_set_x_orig.shape[0]\nm_test = test_set_x_orig.shape[0]\n"
        "num_px = train_set_x_orig.shape[1]\n### END SOLUTION\nprint(m_train)",
    ),
    ("code", "sizes-check", "checks.dataset_sizes(m_train, m_test, num_px)"),
    ("code", "sigmoid", SOLVED),
    ("code", "sigmoid-check", "checks.sigmoid(sigmoid)"),
    ("md", "note", "Why this form of the sigmoid..."),
    ("code", "use", "print(f'{sigmoid(0.0):.2f}')"),
    ("code", "end", "print('the end')"),
]


def _lesson(tmp_path):
    cells = []
    for kind, cell_id, source in LESSON_CELLS:
        if kind == "md":
            tags = ["solution-only"] if cell_id == "note" else []
            cells.append(new_markdown_cell(source, id=cell_id, metadata={"tags": tags}))
        else:
            cells.append(new_code_cell(source, id=cell_id))
    path = _write(tmp_path / "notebooks" / "01_small.ipynb", _nb(*cells))
    nb = nbformat.read(path, as_version=4)
    nbformat.write(run_all(nb, path.parent, timeout=120), path)  # what nbval would verify
    return path


def _small_lesson_run():
    """The small lesson run as nbval would verify it, its exercise edition made by the build
    (in a process of its own, as it prints), then run unfilled: (the build's result, the
    solved lesson, the exercise notebook, the exercise after Run All)."""
    with tempfile.TemporaryDirectory(prefix="lr_utils_small_lesson_") as folder:
        root = Path(folder)
        lesson = _lesson(root)
        build = subprocess.run(
            [sys.executable, ROOT / "tools" / "build_editions.py", "--root", root],
            capture_output=True,
            text=True,
            env=ENV_AT_START,
        )
        exercise = nbformat.read(root / "exercises" / "01_small.ipynb", as_version=4)
        unfilled = run_all(copy.deepcopy(exercise), root / "exercises", timeout=120)
        return build, nbformat.read(lesson, as_version=4), exercise, unfilled


def test_a_small_lesson_end_to_end(kernel_job):
    build, solved, exercise, unfilled = kernel_job(("small lesson",), _small_lesson_run)
    assert build.returncode == 0, build.stdout + build.stderr
    assert filled_problems(exercise, solved) == []
    assert [c.id for c in exercise.cells if MAY_RAISE in c.metadata.get("tags", [])] == [
        "sizes",
        "sizes-check",
        "sigmoid",
        "sigmoid-check",
        "use",
    ]
    assert unfilled_problems(unfilled) == []  # Run All reached the end
    shown = {cell.id: ename for cell, ename, _, _ in errors(unfilled)}
    assert shown["sizes-check"] == shown["sigmoid-check"] == "NotWrittenYet"
    assert shown["sizes"] == "NotImplementedError"
    assert unfilled.cells[-1].outputs[0].text == "the end\n"

    # the same checks catch what the filled test and the unfilled test exist to catch
    next(c for c in solved.cells if c.id == "sigmoid-check").outputs = []
    assert filled_problems(exercise, solved) == [
        "cell sigmoid-check: no stored pass line for checks.sigmoid"
    ]
    untagged = copy.deepcopy(unfilled)
    next(c for c in untagged.cells if c.id == "use").metadata["tags"] = []
    assert "not tagged raises-exception" in unfilled_problems(untagged)[0]
    untagged.cells[-1].execution_count = None
    assert "did not reach the last cell" in unfilled_problems(untagged)[0]


def test_a_wrong_answer_in_a_kernel_shows_the_learners_traceback_and_the_hint(tmp_path):
    wrong = SOLVED.replace("s = 1 / (1 + np.exp(-z))", "s = 1 / (1 + math.exp(-z))")
    nb = _nb(
        new_code_cell("import math\n\nimport numpy as np\n\nfrom lr_utils import checks", id="i"),
        new_code_cell(wrong, id="sig"),
        new_code_cell("checks.sigmoid(sigmoid)", id="check", metadata={"tags": [MAY_RAISE]}),
    )
    run_all(nb, tmp_path, timeout=120)
    [(cell, ename, evalue, shown)] = errors(nb)
    assert cell.id == "check" and ename == "CheckFailed"
    assert "hint:     the math module" in shown
    assert "1 / (1 + math.exp(-z))" in shown, "the learner's own line is not shown"
    assert "checking.py" not in shown and "checks.py" not in shown
    assert shown.rstrip().endswith(evalue.rstrip().split("\n")[-1])

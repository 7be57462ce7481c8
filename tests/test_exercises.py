"""The exercise edition: generated from the lessons, in sync, and right for a learner to run.

tools/make_exercises.py is tested on small notebooks written here (blanking, indentation,
ids, reproducibility, refusal to overwrite a learner's work, nested folders). Then the real
exercises/ is checked against notebooks/: in sync; with the solutions put back, exactly the
lessons, whose stored outputs (verified by nbval) show every check's pass line; and run
unfilled in a kernel, every error is the stub's NotImplementedError or a check's one-line
"not written yet". Those tests skip, saying so, while no lesson holds an exercise marker.
"""

import copy
import importlib.util
import os
import re
import subprocess
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent


def _tool(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_exercises = _tool("make_exercises")
compare_code_cells = _tool("compare_code_cells")

ANSI = re.compile(r"\x1b\[[0-9;]*m")
STUB = re.compile(r"^([ \t]*)# YOUR CODE HERE\n\1raise NotImplementedError\(\)$", re.M)
REGION = re.compile(r"^[ \t]*### BEGIN SOLUTION$.*?^[ \t]*### END SOLUTION$", re.M | re.S)
CHECK_CALL = re.compile(r"\bchecks\.(\w+)\(")


# ------------------------------------------------------------------ what the tests assert


def fill(exercise_source, lesson_source):
    """The exercise's code with each stub replaced by the lesson's marked region, in order."""
    regions = REGION.findall(lesson_source)
    if len(regions) != len(STUB.findall(exercise_source)):
        return None
    regions = iter(regions)
    return STUB.sub(lambda _: next(regions), exercise_source)


def filled_problems(exercise, lesson_path):
    """What is wrong with the claim: the exercise, filled in, is the lesson, and it passes.

    exercise is the exercise notebook's path, or the notebook itself. Filled, each exercise
    code cell must be the lesson's; each marked lesson cell must be followed by a code cell
    calling a check; and each check call's stored output (which strict nbval verifies) must
    show that check's pass line.
    """
    if isinstance(exercise, Path):
        exercise = nbformat.read(exercise, as_version=4)
    lesson = nbformat.read(lesson_path, as_version=4)
    problems = []
    ex_code = [c for c in exercise.cells if c.cell_type == "code"]
    lesson_code = [c for c in lesson.cells if c.cell_type == "code"]
    if [c.id for c in ex_code] != [c.id for c in lesson_code]:
        return [f"the exercise of {lesson_path.name}: not the lesson's code cells"]
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


def execute(path, timeout=600, env=None, nb=None):
    """Run the notebook at path (or nb, in path's folder) in a fresh kernel, errors allowed;
    return it."""
    nb = nbformat.read(path, as_version=4) if nb is None else nb
    NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute(**({"env": env} if env is not None else {}))
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
    """What is wrong with an executed, unfilled exercise notebook, for a learner.

    Every error must be the stub's NotImplementedError or a check's one-line NotWrittenYet
    (no NameError cascade); every stub must have raised; no check may pass.
    """
    problems = []
    for cell, ename, evalue, shown in errors(nb):
        if ename == "NotWrittenYet":
            if "\n" in shown.strip():
                problems.append(f"cell {cell.id}: NotWrittenYet in more than one line:\n{shown}")
        elif ename != "NotImplementedError":
            problems.append(f"cell {cell.id}: {ename}: {evalue}")
    raised = {cell.id for cell, _, _, _ in errors(nb)}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if any(not m[1] for m in STUB.finditer(cell.source)) and cell.id not in raised:
            problems.append(f"cell {cell.id}: its stub, not in a function, did not raise")
        text = "".join(o.get("text", "") for o in cell.outputs)
        if "✓" in text:
            problems.append(f"cell {cell.id}: a check passed with nothing written: {text!r}")
    return problems


# ------------------------------------------------------------------------ the real folders

LESSONS = make_exercises.lessons(ROOT / "notebooks")
MARKED = [p for p in LESSONS if make_exercises.has_markers(nbformat.read(p, as_version=4))]
NO_MARKERS = "no lesson in notebooks/ holds an exercise marker yet"
# what `make exercises` generates, {exercise path: notebook}: the tests below run these, and
# test_exercises_are_in_sync_with_the_lessons ties the files in exercises/ to them (a learner's
# own work in exercises/ is theirs, and no test's business)
GENERATED = {
    exercise: nbformat.reads(text.decode("utf-8"), as_version=4)
    for _, exercise, text in make_exercises.plan(ROOT / "notebooks", ROOT / "exercises")
}
EXERCISES = sorted(GENERATED)
# an exercise notebook without a stub is its lesson with the outputs cleared, which nbval and
# tests/test_notebooks.py run already: the unfilled run is for the notebooks with exercises
# The Chinese exercise notebooks hold the same code cells as the English ones (the sync and
# tests/test_translations.py see to it), so they would run the same way: not run again here.
UNFILLED = [
    p
    for p in EXERCISES
    if "zh-CN" not in p.parts
    and any(STUB.search(c.source) for c in GENERATED[p].cells if c.cell_type == "code")
]


def _each(paths, reason):
    ids = [str(p.relative_to(ROOT)) for p in paths]
    return pytest.mark.parametrize(
        "path",
        paths or [pytest.param(None, marks=pytest.mark.skip(reason=reason))],
        ids=ids or ["none"],
    )


def test_exercises_are_in_sync_with_the_lessons(capsys):
    if not MARKED:
        pytest.skip(NO_MARKERS)
    code = make_exercises.main(["--check"])
    assert code == 0, f"exercises/ is out of date:\n{capsys.readouterr().err}"


@_each(MARKED, NO_MARKERS)
def test_filled_exercise_is_the_lesson_and_passes(path):
    exercise = ROOT / "exercises" / path.relative_to(ROOT / "notebooks")
    assert filled_problems(GENERATED[exercise], path) == []


def kernel_jobs(items):
    """The background jobs of the selected tests (tests/conftest.py): one per exercise
    notebook to run unfilled, the last lesson (the longest training) first."""
    test = test_unfilled_exercise_notebook_speaks_to_the_learner
    paths = {
        item.callspec.params["path"] for item in items if getattr(item, "function", None) is test
    }
    return {
        ("unfilled", path): _unfilled_job(path) for path in sorted(paths - {None}, reverse=True)
    }


def _unfilled_job(path):
    def job():
        try:
            return execute(path, nb=copy.deepcopy(GENERATED[path]))
        except Exception as error:  # reported by the test, with the others still run
            return error

    return job


@_each(UNFILLED, "no exercise notebook holds an exercise yet")
def test_unfilled_exercise_notebook_speaks_to_the_learner(path, kernel_job):
    run = kernel_job(("unfilled", path), _unfilled_job(path))
    if isinstance(run, BaseException):
        raise run
    assert unfilled_problems(run) == []


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


def _generate(tmp_path, *args):
    return make_exercises.main(
        [
            "--notebooks",
            str(tmp_path / "notebooks"),
            "--exercises",
            str(tmp_path / "exercises"),
            *args,
        ]
    )


SOLVED = """\
def sigmoid(z):
    \"\"\"1 / (1 + exp(-z)).\"\"\"
    ### BEGIN SOLUTION
    s = 1 / (1 + np.exp(-z))
    return s
    ### END SOLUTION"""


def test_blank_replaces_each_region_with_the_stub_at_its_indentation():
    source = SOLVED + "\n\n\nx = None\n### BEGIN SOLUTION\nx = 3\n### END SOLUTION\nprint(x)"
    assert make_exercises.blank(source) == (
        'def sigmoid(z):\n    """1 / (1 + exp(-z))."""\n'
        "    # YOUR CODE HERE\n    raise NotImplementedError()\n\n\n"
        "x = None\n# YOUR CODE HERE\nraise NotImplementedError()\nprint(x)"
    )


def test_blank_keeps_deeper_indentation_and_tabs():
    source = "for i in range(3):\n    if i:\n\t\t### BEGIN SOLUTION\n\t\tpass\n\t\t### END SOLUTION"
    assert make_exercises.blank(source).split("\n")[2:] == [
        "\t\t# YOUR CODE HERE",
        "\t\traise NotImplementedError()",
    ]


def test_blank_leaves_code_without_markers_alone():
    source = "print('### BEGIN')\n\n"
    assert make_exercises.blank(source) == source


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
    with pytest.raises(make_exercises.MarkerError, match=message):
        make_exercises.blank(source)


def test_exercise_clears_outputs_keeps_ids_tags_and_metadata():
    lesson = _nb(
        new_markdown_cell("# Title", id="intro"),
        new_code_cell(
            SOLVED,
            id="sig",
            execution_count=4,
            metadata={"tags": ["nbval-ignore-output"], "scrolled": True},
            outputs=[nbformat.v4.new_output("stream", name="stdout", text="hi\n")],
        ),
        new_markdown_cell(
            "How the solution works", id="note", metadata={"tags": ["solution-only"]}
        ),
        new_code_cell("checks.sigmoid(sigmoid)", id="check", execution_count=5),
    )
    exercise = make_exercises.exercise_notebook(lesson)
    assert [c.id for c in exercise.cells] == ["intro", "sig", "check"]
    code = exercise.cells[1]
    assert code.outputs == [] and code.execution_count is None
    assert code.metadata == {"tags": ["nbval-ignore-output"]}
    assert "raise NotImplementedError()" in code.source
    assert exercise.metadata == lesson.metadata
    assert lesson.cells[1].outputs, "the lesson itself was modified"


def test_solution_only_is_for_markdown_and_markers_for_code():
    code_tagged = _nb(new_code_cell("x = 1", metadata={"tags": ["solution-only"]}))
    with pytest.raises(make_exercises.MarkerError, match="only Markdown cells may be tagged"):
        make_exercises.exercise_notebook(code_tagged)
    marked_markdown = _nb(new_markdown_cell("### BEGIN SOLUTION\nanswer\n### END SOLUTION"))
    with pytest.raises(make_exercises.MarkerError, match="code cells only"):
        make_exercises.exercise_notebook(marked_markdown)


def test_generation_is_reproducible_byte_for_byte(tmp_path):
    _write(tmp_path / "notebooks" / "01_a.ipynb", _nb(new_code_cell(SOLVED, id="sig")))
    assert _generate(tmp_path) == 0
    first = (tmp_path / "exercises" / "01_a.ipynb").read_bytes()
    (tmp_path / "exercises" / "01_a.ipynb").unlink()
    assert _generate(tmp_path) == 0
    assert (tmp_path / "exercises" / "01_a.ipynb").read_bytes() == first
    assert _generate(tmp_path, "--check") == 0
    assert first.endswith(b"}\n") and b"\r" not in first


def test_nested_folders_map_to_the_same_path(tmp_path):
    for rel in ["01_a.ipynb", "zh-CN/01_a.ipynb", "zh-CN/.ipynb_checkpoints/01_a-checkpoint.ipynb"]:
        _write(tmp_path / "notebooks" / rel, _nb(new_code_cell(SOLVED, id="sig")))
    assert _generate(tmp_path) == 0
    made = sorted(str(p.relative_to(tmp_path)) for p in (tmp_path / "exercises").rglob("*.ipynb"))
    assert made == ["exercises/01_a.ipynb", "exercises/zh-CN/01_a.ipynb"]


def _learner_edits(path):
    nb = nbformat.read(path, as_version=4)
    nb.cells[0].source = nb.cells[0].source.replace("raise NotImplementedError()", "return 0.5")
    nbformat.write(nb, path)
    return path.read_bytes()


def test_a_learners_work_is_never_overwritten_without_force(tmp_path, capsys):
    for name in ["01_a.ipynb", "02_b.ipynb"]:
        _write(tmp_path / "notebooks" / name, _nb(new_code_cell(SOLVED, id="sig")))
    assert _generate(tmp_path) == 0
    mine = tmp_path / "exercises" / "01_a.ipynb"
    work = _learner_edits(mine)
    # a lesson changes too: outside git its old exercise may be someone's work as well
    _write(tmp_path / "notebooks" / "02_b.ipynb", _nb(new_code_cell(SOLVED + "\n# new", id="sig")))
    other = tmp_path / "exercises" / "02_b.ipynb"
    before = other.read_bytes()
    capsys.readouterr()

    assert _generate(tmp_path) == 1
    err = capsys.readouterr().err
    assert f"refusing to overwrite {mine}" in err and f"refusing to overwrite {other}" in err
    assert "FORCE=1" in err and "Nothing was written" in err
    assert mine.read_bytes() == work and other.read_bytes() == before

    assert _generate(tmp_path, "--force", str(other)) == 0
    assert mine.read_bytes() == work, "--force on one notebook touched another"
    assert "# new" in other.read_text()
    assert _generate(tmp_path, "--force") == 0
    assert "raise NotImplementedError()" in mine.read_text()


def _git(folder, *args):
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=folder,
        check=True,
        capture_output=True,
    )


def test_in_git_a_committed_exercise_is_regenerated_but_a_changed_one_is_not(tmp_path, capsys):
    _write(tmp_path / "notebooks" / "01_a.ipynb", _nb(new_code_cell(SOLVED, id="sig")))
    assert _generate(tmp_path) == 0
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "lessons and exercises")
    _write(tmp_path / "notebooks" / "01_a.ipynb", _nb(new_code_cell(SOLVED + "\n# new", id="sig")))
    assert _generate(tmp_path) == 0, "a committed, unchanged exercise was refused"
    exercise = tmp_path / "exercises" / "01_a.ipynb"
    assert "# new" in exercise.read_text()
    _git(tmp_path, "commit", "-qam", "regenerated")
    _write(tmp_path / "notebooks" / "01_a.ipynb", _nb(new_code_cell(SOLVED, id="sig")))
    work = _learner_edits(exercise)
    assert _generate(tmp_path) == 1
    assert exercise.read_bytes() == work


def test_in_git_check_mode_leaves_a_learners_work_alone_but_not_a_stale_lesson(tmp_path, capsys):
    _write(tmp_path / "notebooks" / "01_a.ipynb", _nb(new_code_cell(SOLVED, id="sig")))
    assert _generate(tmp_path) == 0
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "lessons and exercises")
    exercise = tmp_path / "exercises" / "01_a.ipynb"
    _learner_edits(exercise)
    capsys.readouterr()
    assert _generate(tmp_path, "--check") == 0, "a learner's work counted as out of date"
    assert "your changes; as committed, it is up to date" in capsys.readouterr().err
    _write(tmp_path / "notebooks" / "01_a.ipynb", _nb(new_code_cell(SOLVED + "\n# new", id="sig")))
    assert _generate(tmp_path, "--check") == 1
    assert "01_a.ipynb is out of date" in capsys.readouterr().err


def test_check_mode_reports_missing_outdated_and_orphaned_without_writing(tmp_path, capsys):
    _write(tmp_path / "notebooks" / "01_a.ipynb", _nb(new_code_cell(SOLVED, id="sig")))
    _write(tmp_path / "notebooks" / "02_b.ipynb", _nb(new_code_cell("x = 1", id="x")))
    assert _generate(tmp_path) == 0
    _write(tmp_path / "notebooks" / "01_a.ipynb", _nb(new_code_cell(SOLVED + "\n", id="sig")))
    (tmp_path / "exercises" / "02_b.ipynb").unlink()
    _write(tmp_path / "exercises" / "03_gone.ipynb", _nb())
    capsys.readouterr()
    assert _generate(tmp_path, "--check") == 1
    err = capsys.readouterr().err
    assert "01_a.ipynb is out of date" in err
    assert "02_b.ipynb is missing" in err
    assert "03_gone.ipynb has no lesson" in err
    assert not (tmp_path / "exercises" / "02_b.ipynb").exists()


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
    nbformat.write(execute(path, timeout=120), path)  # the stored outputs nbval would verify
    return path


def test_a_small_lesson_end_to_end(tmp_path):
    lesson = _lesson(tmp_path)
    assert errors(nbformat.read(lesson, as_version=4)) == []
    assert _generate(tmp_path) == 0
    exercise = tmp_path / "exercises" / "01_small.ipynb"

    assert filled_problems(exercise, lesson) == []
    unfilled = execute(exercise, timeout=120)
    assert unfilled_problems(unfilled) == []
    shown = {cell.id: (ename, text) for cell, ename, _, text in errors(unfilled)}
    assert shown["sizes-check"] == (
        "NotWrittenYet",
        "NotWrittenYet: m_train, m_test and num_px are not set yet: replace "
        "`raise NotImplementedError()` in the cell above with your code",
    )
    assert shown["sigmoid-check"][0] == "NotWrittenYet"
    assert shown["use"][0] == "NotImplementedError"

    # the same checks catch what the filled test and the unfilled test exist to catch
    nb = nbformat.read(lesson, as_version=4)
    next(c for c in nb.cells if c.id == "sigmoid-check").outputs = []
    nbformat.write(nb, lesson)
    assert filled_problems(exercise, lesson) == [
        "cell sigmoid-check: no stored pass line for checks.sigmoid"
    ]
    cascade = nbformat.v4.new_output("error", ename="NameError", evalue="x", traceback=[])
    next(c for c in unfilled.cells if c.id == "use").outputs = [cascade]
    assert unfilled_problems(unfilled) == ["cell use: NameError: x"]


def test_a_wrong_answer_in_a_kernel_shows_the_learners_traceback_and_the_hint(tmp_path):
    wrong = SOLVED.replace("s = 1 / (1 + np.exp(-z))", "s = 1 / (1 + math.exp(-z))")
    nb = _nb(
        new_code_cell("import math\n\nimport numpy as np\n\nfrom lr_utils import checks", id="i"),
        new_code_cell(wrong, id="sig"),
        new_code_cell("checks.sigmoid(sigmoid)", id="check"),
    )
    path = _write(tmp_path / "wrong.ipynb", nb)
    # as in JupyterLab: each cell its own name, so that IPython can show the learner's line
    env = {k: v for k, v in os.environ.items() if k != "IPYKERNEL_CELL_NAME"}
    [(cell, ename, evalue, shown)] = errors(execute(path, timeout=120, env=env))
    assert cell.id == "check" and ename == "CheckFailed"
    assert "hint:     the math module" in shown
    assert "1 / (1 + math.exp(-z))" in shown, "the learner's own line is not shown"
    assert "checking.py" not in shown and "checks.py" not in shown
    assert shown.rstrip().endswith(evalue.rstrip().split("\n")[-1])

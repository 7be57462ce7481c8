"""What the README, docs/lr_utils.md and CONTRIBUTING.md promise: every command they show runs
as written in a fresh clone, their example prints what they show, and the promises they make
about the package hold."""

import re
import shlex
import shutil
import subprocess
import sys
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from lr_utils import LogisticRegression

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
README_ZH = ROOT / "README.zh-CN.md"
DOCS = ROOT / "docs" / "lr_utils.md"
CONTRIBUTING = ROOT / "CONTRIBUTING.md"
VENV = Path(sys.prefix)


def _shell_commands(path):
    """Every command of the ```bash blocks of a Markdown file, comments and continuations
    joined, as (line, words)."""
    found = []
    for block in re.findall(r"```bash\n(.*?)```", path.read_text(encoding="utf-8"), re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = re.sub(r"(^|\s)#.*", "", line).strip()
            if line:
                found.append((line, shlex.split(line)))
    return found


DOCUMENTS = [README, README_ZH, DOCS, CONTRIBUTING]
COMMANDS = sorted({c for path in DOCUMENTS for c, _ in _shell_commands(path)})


def _make_dry_run(words):
    # make -n: what the target would run, with this environment standing in for .venv
    # (its stamp files not remade); a target or variable make does not know fails here
    keep = [f"-o{VENV / stamp}" for stamp in (".python", ".core-installed", ".dev-installed")]
    return subprocess.run(
        ["make", "-n", "--no-print-directory", *keep, f"VENV={VENV}", *words[1:]],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("line", COMMANDS)
def test_every_command_the_documents_show_runs(line):
    """make targets are dry-run (make -n); python commands and scripts are run with --help;
    pip installs name an extra that pyproject.toml defines; the rest is known by name."""
    words = shlex.split(line)
    if words[0] == "make":
        if shutil.which("make") is None:
            pytest.skip("needs GNU make")
        done = _make_dry_run(words)
        assert done.returncode == 0, f"{line}:\n{done.stdout}{done.stderr}"
        return
    if words[:2] in (["source", ".venv/bin/activate"], ["conda", "activate"]):
        return  # the environment make (or conda) made: nothing to run here
    if words[0] == "export":
        name = words[1].split("=")[0]
        assert name in (ROOT / "lr_utils" / "data.py").read_text(), f"{line}: unknown setting"
        return
    if words[:2] == ["sudo", "apt"]:
        assert words[2] == "install", line
        return
    if words[0] == "git":
        assert words[1] == "checkout" and (ROOT / words[2]).exists(), line
        return
    if words[:2] == ["conda", "env"]:
        assert (ROOT / words[-1]).is_file(), line
        return
    assert words[0] == ".venv/bin/python", f"{line}: a command the documents should not show"
    args = words[1:]
    if args[:4] == ["-m", "pip", "install", "-e"]:
        extra = re.fullmatch(r"\.\[([\w-]+)\]", args[4])
        assert extra, line
        assert f"\n{extra[1]} = [" in (ROOT / "pyproject.toml").read_text(), line
        return
    if args[0] == "-m":
        args = args[:2] + ([args[2]] if len(args) > 2 and not args[2].startswith("-") else [])
    else:
        assert (ROOT / args[0]).is_file(), line
        args = args[:1]
    done = subprocess.run(
        [sys.executable, *args, "--help"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"{line}:\n{done.stdout}{done.stderr}"


def test_the_documents_show_commands():
    assert len(COMMANDS) > 10, COMMANDS


def test_readme_shows_the_two_commands_and_the_reference_run():
    text = README.read_text()
    for line in (
        "make train",
        "make test",
        "Cost after iteration 2000: 0.135608",
        "training acc: 0.9904306220095693",
        "testing acc: 0.7",
    ):
        assert line in text, f"README lacks {line!r}"


def test_docs_example_output(docs_example, docs_example_run):
    # the example's code run with `python -c` from a scratch folder, as a reader would
    result = docs_example_run
    output = docs_example[1]
    assert result.returncode == 0, result.stderr
    assert result.stdout == output, f"got:\n{result.stdout}\ndocs/lr_utils.md shows:\n{output}"


def peak_memory_of_fit(X, Y):
    tracemalloc.start()
    try:
        LogisticRegression().fit(X, Y, 3, 0.01)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_when_fit_copies_X_is_as_contributing_says():
    rng = np.random.default_rng(0)
    X = rng.random((2000, 100))
    Y = (X[0] > 0.5).astype(np.int64).reshape(1, -1)
    # float64 in C or Fortran order, as images_to_columns returns it: no copy
    for layout in (X, np.asfortranarray(X)):
        assert peak_memory_of_fit(layout, Y) < 0.1 * X.nbytes
    # any other X is converted once: float32 costs a float64 copy, 2x its own size
    for other in (X.astype(np.float32), X[:, ::1].repeat(2, axis=1)[:, ::2]):
        assert peak_memory_of_fit(other, Y) >= X.nbytes
    text = " ".join(CONTRIBUTING.read_text().split())
    for promise in (
        "fit makes no copy of a float64 X in C or Fortran order",
        "Any other X (float32, integers, a strided view) is converted once to a float64 copy",
    ):
        assert promise in text, f"CONTRIBUTING.md lacks {promise!r}"

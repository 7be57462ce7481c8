"""The `make` targets a learner types, run for real: `make lab` (the environment its kernels
get, as root too, opening a given notebook), `make format` and `make lint` (a learner's
notebooks are out of their reach), `make notebooks` (run on what it made, it changes nothing but
the outputs of cells marked as varying), and a relative LR_UTILS_DATA_DIR.

make runs with this environment's tools (VENV=sys.prefix) and is told not to (re)make the
environment's stamp files, so that no test installs anything or touches .venv.
"""

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import psutil
import pytest

from lr_utils import DatasetError, load_dataset

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(sys.prefix)
NOTEBOOK = "exercises/01_notation_and_data.ipynb"
SERVER_TIMEOUT = 90  # seconds for make lab's server to answer, and for a kernel to start
# what the suite sets for itself (conftest.py), which a learner's shell does not have
SUITE_ONLY = ("IPYKERNEL_CELL_NAME", "OPENBLAS_NUM_THREADS", "MPLBACKEND")

# the environment pytest started with: background jobs (tests/conftest.py) read this, never
# os.environ, which a test in pytest's own thread may change for a moment (monkeypatch)
ENV_AT_START = dict(os.environ)

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make")


def make(*args, cwd=ROOT, env=None, **kwargs):
    """`make ARGS` with this environment's tools, never remaking its stamp files."""
    keep = [f"-o{VENV / stamp}" for stamp in (".python", ".core-installed", ".dev-installed")]
    command = ["make", "--no-print-directory", *keep, f"VENV={VENV}", *args]
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, check=False, **kwargs
    )


def learner_env(**extra):
    """The environment pytest started with, without what the suite sets for itself, plus extra."""
    env = {k: v for k, v in ENV_AT_START.items() if k not in SUITE_ONLY}
    return {**env, **extra}


# make lab


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(url, token, method="GET", body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Authorization", f"token {token}")
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"null")


def _stop(process):
    # make is the leader of its own process group: jupyter lab and its kernels are in it
    with _suppress_lookup():
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with _suppress_lookup():
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


class _suppress_lookup:
    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        return kind is ProcessLookupError


def _kernel_process(make_process, kernel_id):
    """The process of the kernel whose id is kernel_id, among make's descendants."""
    connection_file = f"kernel-{kernel_id}.json"
    deadline = time.monotonic() + SERVER_TIMEOUT
    while time.monotonic() < deadline:
        for child in psutil.Process(make_process.pid).children(recursive=True):
            try:
                if any(connection_file in part for part in child.cmdline()):
                    return child
            except psutil.NoSuchProcess:
                continue
        time.sleep(0.2)
    pytest.fail(f"no process of kernel {kernel_id} under make lab")


@pytest.fixture(scope="module")
def make_lab(tmp_path_factory, data_dir):
    """`make lab NB=exercises/01_notation_and_data.ipynb` as a learner starts it, with a
    relative LR_UTILS_DATA_DIR; yields (url, token, runtime folder, the process)."""
    tmp = tmp_path_factory.mktemp("make_lab")
    port, token = _free_port(), secrets.token_hex(16)
    folders = {}
    for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "JUPYTERLAB_SETTINGS_DIR"):
        folders[var] = tmp / var.lower()
        folders[var].mkdir()
    folders["JUPYTERLAB_WORKSPACES_DIR"] = tmp / "workspaces"
    folders["IPYTHONDIR"] = tmp / "ipython"
    # a port, a token and no browser, through make's LAB_ARGS; the learner's own Jupyter
    # settings (empty here) say nothing
    lab_args = (
        f"--ip=127.0.0.1 --port={port} --ServerApp.port_retries=0 --no-browser "
        f"--IdentityProvider.token={token} --LabApp.news_url=None "
        f"--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"
    )
    env = learner_env(
        **{var: str(path) for var, path in folders.items()},
        LR_UTILS_DATA_DIR=os.path.relpath(data_dir, ROOT),
    )
    log = tmp / "make_lab.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [
                "make",
                "--no-print-directory",
                *(f"-o{VENV / s}" for s in (".python", ".core-installed", ".dev-installed")),
                f"VENV={VENV}",
                "lab",
                f"NB={NOTEBOOK}",
                f"LAB_ARGS={lab_args}",
            ],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"make lab exited with {process.returncode}:\n{log.read_text()}")
            try:
                _request(f"{url}/api/status", token)
                break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    pytest.fail(
                        f"make lab did not answer in {SERVER_TIMEOUT} s:\n{log.read_text()}"
                    )
                time.sleep(0.05)
        yield url, token, folders["JUPYTER_RUNTIME_DIR"], process
    finally:
        _stop(process)


@pytest.fixture(scope="module")
def learner_kernel(make_lab):
    """The process of the kernel make lab's server starts for the notebook NB, as
    JupyterLab does when the learner opens it (a session for its path)."""
    url, token, _, process = make_lab
    session = _request(
        f"{url}/api/sessions",
        token,
        "POST",
        {"path": NOTEBOOK, "type": "notebook", "name": "", "kernel": {"name": "python3"}},
    )
    return _kernel_process(process, session["kernel"]["id"])


def test_make_lab_starts(make_lab):
    # the fixture fails if jupyter lab exits: run as root (as in Docker, and as this suite
    # runs in CI containers), it exits unless make lab tells it --allow-root
    url, token, _, _ = make_lab
    assert "version" in _request(f"{url}/api", token)


def test_make_lab_opens_the_given_notebook(make_lab):
    # what jupyter lab hands the browser to open (a file, with no browser here)
    _, _, runtime, _ = make_lab
    pages = list(runtime.glob("jpserver-file-to-run-*-open.html"))
    assert len(pages) == 1, sorted(p.name for p in runtime.iterdir())
    assert f"/lab/tree/{NOTEBOOK}" in pages[0].read_text()


def test_make_lab_serves_the_whole_clone(make_lab):
    url, token, _, _ = make_lab
    names = {item["name"] for item in _request(f"{url}/api/contents", token)["content"]}
    assert {"notebooks", "exercises"} <= names, names


def test_make_lab_kernel_has_nothing_of_the_suite(learner_kernel):
    env = learner_kernel.environ()
    assert "IPYKERNEL_CELL_NAME" not in env, "the suite's stable cell names reach a learner"
    assert Path(learner_kernel.cwd()) == (ROOT / NOTEBOOK).parent


def test_make_lab_kernel_gets_a_relative_data_dir_as_an_absolute_one(learner_kernel, data_dir):
    found = learner_kernel.environ().get("LR_UTILS_DATA_DIR", "")
    assert Path(found).is_absolute(), f"LR_UTILS_DATA_DIR={found!r} in the kernel"
    assert Path(found).resolve() == Path(data_dir).resolve()


def test_make_lab_refuses_a_missing_notebook_in_one_line():
    result = make("lab", "NB=exercises/no_such_lesson.ipynb", env=learner_env(), timeout=60)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2, result.stderr  # the line, then make's own "Error 1"
    assert "exercises/no_such_lesson.ipynb" in lines[0]
    assert NOTEBOOK in lines[0]  # an example of what is expected


# make format, make lint: the learners' notebooks (and the generated Chinese lessons) are out
# of ruff's reach; the lessons are not

MESSY = "import os,sys\nx=1;y = 2\ndef f( a ):\n  return a\n"
LEARNERS = (
    "exercises/01_notation_and_data.ipynb",
    "exercises/zh-CN/01_notation_and_data.ipynb",
    "notebooks/zh-CN/01_notation_and_data.ipynb",
)


def _messy_notebook(path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(MESSY)]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


def _tree(folder):
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".ruff_cache" not in p.parts
    }


@pytest.fixture
def clone_with_learners_work(tmp_path):
    """The Makefile and pyproject.toml, and a learner's messy code in each learners' folder."""
    for name in ("Makefile", "pyproject.toml"):
        shutil.copyfile(ROOT / name, tmp_path / name)
    (tmp_path / "ok.py").write_text('"""A clean module."""\n\nX = 1\n')
    for name in LEARNERS:
        _messy_notebook(tmp_path / name)
    return tmp_path


def test_make_format_and_lint_leave_learners_notebooks_alone(clone_with_learners_work):
    clone = clone_with_learners_work
    before = _tree(clone)
    result = make("lint", cwd=clone, env=learner_env(), timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    result = make("format", cwd=clone, env=learner_env(), timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert _tree(clone) == before


def test_make_lint_still_checks_the_lessons(clone_with_learners_work):
    # the same code in a lesson is linted: the exclusion is the learners' folders only
    clone = clone_with_learners_work
    _messy_notebook(clone / "notebooks" / "01_notation_and_data.ipynb")
    result = make("lint", cwd=clone, env=learner_env(), timeout=120)
    assert result.returncode != 0
    found = result.stdout + result.stderr
    assert "notebooks/01_notation_and_data.ipynb" in found
    for name in LEARNERS:
        assert name not in found


# make notebooks on a tree it has made: it changes only the outputs of cells marked as varying

CELLS = [
    # output in three chunks, each flushed apart: one stream output once stored
    "import sys\nimport time\n\nfor i in range(3):\n    print(f'line {i}', flush=True)\n"
    "    time.sleep(0.05)",
    # stdout, stderr, stdout: one output per stream, as nbval compares them
    "print('out 1', flush=True)\ntime.sleep(0.05)\nprint('a warning', file=sys.stderr, flush=True)"
    "\ntime.sleep(0.05)\nprint('out 2', flush=True)",
    "# NBVAL_IGNORE_OUTPUT\nprint(time.time_ns())",
    # the stable cell names that the suite's kernels get, set by make for the regeneration
    "import os\n\nprint(os.environ.get('IPYKERNEL_CELL_NAME'))",
]


def _varying(cell):
    return cell.cell_type == "code" and "NBVAL_IGNORE_OUTPUT" in cell.source


def _make_notebooks_on_its_own_output():
    """In a scratch clone (the Makefile, the tools its recipe calls, one small lesson, which
    the recipe's two steps have run already), run `make notebooks` once: (make's result, the
    tree before, the tree after, the lesson)."""
    with tempfile.TemporaryDirectory(prefix="lr_utils_make_notebooks_") as folder:
        clone = Path(folder)
        shutil.copyfile(ROOT / "Makefile", clone / "Makefile")
        shutil.copytree(ROOT / "tools", clone / "tools")
        lesson = clone / "notebooks" / "00_streams.ipynb"
        lesson.parent.mkdir()
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(source) for source in CELLS]
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
        nbformat.write(nb, lesson)
        for step in (
            [clone / "tools" / "execute_notebooks.py", lesson],
            [clone / "tools" / "build_editions.py", "--update-catalogs"],
        ):  # in processes of their own: this runs in a thread, and they print
            done = subprocess.run(
                [sys.executable, *map(str, step)], cwd=clone, env=ENV_AT_START, capture_output=True
            )
            assert done.returncode == 0, done.stderr
        first = _tree(clone)
        name = str(lesson.relative_to(clone))
        result = make("notebooks", f"NOTEBOOKS={name}", cwd=clone, env=learner_env(), timeout=300)
        return result, first, _tree(clone), name


# `make notebooks` takes a few seconds: it starts when collection is over, in a thread beside
# the other tests (tests/conftest.py, kernel_jobs)
KERNEL_JOB_LANE = "processes"


def kernel_jobs(items):
    test = test_make_notebooks_on_its_own_output_changes_nothing_but_varying_outputs
    if any(getattr(item, "function", None) is test for item in items):
        return {("make notebooks",): _make_notebooks_on_its_own_output}
    return {}


def test_make_notebooks_on_its_own_output_changes_nothing_but_varying_outputs(kernel_job):
    result, first, second, lesson = kernel_job(
        ("make notebooks",), _make_notebooks_on_its_own_output
    )
    assert result.returncode == 0, result.stdout + result.stderr
    stored = nbformat.reads(second[lesson], as_version=4)
    streams = [
        [(o.name, o.text) for o in cell.outputs if o.output_type == "stream"]
        for cell in stored.cells
    ]
    assert streams[0] == [("stdout", "line 0\nline 1\nline 2\n")]
    assert streams[1] == [("stdout", "out 1\nout 2\n"), ("stderr", "a warning\n")]
    assert streams[3] == [("stdout", "<IPY-INPUT>\n")]  # make notebooks set it

    # what changed: the varying cell's output, in the lesson and in what is made from it
    changed = sorted(n for n in first.keys() | second.keys() if first.get(n) != second.get(n))
    for name in changed:
        assert name.endswith(".ipynb") or name == ".editions-manifest.json", changed
        if name.endswith(".ipynb"):
            old = nbformat.reads(first[name], as_version=4)
            new = nbformat.reads(second[name], as_version=4)
            assert old.metadata == new.metadata, name
            for a, b in zip(old.cells, new.cells, strict=True):
                if not _varying(a):
                    assert a == b, f"{name}: cell {a.source[:40]!r} changed"


# a relative LR_UTILS_DATA_DIR: make passes it on as an absolute path (above, make lab);
# lr_utils refuses one, in one line, and creates no folder for it


def test_lr_utils_refuses_a_relative_data_dir(tmp_path, monkeypatch, dead_url):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LR_UTILS_DATA_DIR", "../shared/datasets")
    monkeypatch.setenv("LR_UTILS_DATA_URL", dead_url)
    with pytest.raises(DatasetError) as info:
        load_dataset()
    message = str(info.value)
    assert "\n" not in message
    assert "LR_UTILS_DATA_DIR" in message and "absolute" in message
    assert "'../shared/datasets'" in message
    assert list(tmp_path.iterdir()) == []
    assert not (tmp_path.parent / "shared").exists()


def test_a_relative_data_dir_from_a_notebooks_folder_leaves_nothing_in_the_clone(dead_url):
    # as a kernel started in notebooks/ would see it: before, it made shared/datasets/ there
    stray = ROOT / "shared"
    assert not stray.exists(), f"{stray} exists before the test"
    env = learner_env(LR_UTILS_DATA_DIR="../shared/datasets", LR_UTILS_DATA_URL=dead_url)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "lr_utils", "fetch"],
            cwd=ROOT / "notebooks",
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert not stray.exists(), f"{stray} was created"
    finally:
        if stray.exists():
            shutil.rmtree(stray)
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert re.search(r"LR_UTILS_DATA_DIR must be an absolute path", line), line

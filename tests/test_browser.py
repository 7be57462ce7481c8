"""Every lesson, as a learner first meets it, opened and run in JupyterLab in a real Chromium.

What a learner opens is the exercise edition (exercises/), with nothing written yet; the
solved lessons (notebooks/) run under nbval, in a kernel like JupyterLab's
(tests/test_makefile.py proves what make lab's kernels get). The exercise editions run here
are the ones tools/build_editions.py makes now, written to a scratch workbook: a learner's
own work in exercises/ is theirs, and never what a test runs or opens.

The server is the one a learner gets: ``make lab`` (rooted at that workbook, so that the file
browser shows exercises/; throwaway settings, autosave off, a port and a token given through
LAB_ARGS), with the learner's environment: none of the suite's stable cell names
(IPYKERNEL_CELL_NAME) reaches its kernels. One headless Chromium page with JupyterLab loaded
serves every scenario, one after the other:

- each English exercise notebook but lesson 5's: double-click its folder and the notebook in
  the file browser, run all cells in the kernel that opening it started, wait until the last
  code cell has run, then read the screen: each unwritten exercise and every cell that needs
  it say so in one line, in a cell tagged raises-exception, every other cell runs, no check
  passes, and the lesson's key result is shown;
- lesson 5's the same way, through Kernel > Restart Kernel and Run All Cells (the reference
  run's accuracies of the reference notes' class on screen); then a wrong sigmoid typed into
  the exercise cell gets the check's hint on screen and a right one the pass line;
- its Chinese edition (exercises/zh-CN/), as a Chinese learner starts on the first exercise:
  Run All Above from it, the exercise's statement shown in Chinese, then the same wrong and
  right sigmoids: the check's whole message in Chinese, exactly as lr_utils.checks words it,
  and its pass line.

Each notebook is closed without saving and its kernel shut down, and no file of the workbook
may change while JupyterLab runs.

The scenarios run in a background thread from the end of collection on (tests/conftest.py,
kernel_jobs, lane "browser"), beside the unit tests and nbval; each test reports one
scenario. Without Chromium or Playwright the tests skip; LR_UTILS_REQUIRE_BROWSER=1 (CI)
makes that a failure. Screenshots: ``--browser-screenshots=DIR`` or LR_UTILS_SCREENSHOTS=DIR.
"""

import contextlib
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
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np
import pytest
from unfilled import must_raise

from lr_utils import checks

pytestmark = pytest.mark.browser
KERNEL_JOB_LANE = "browser"  # tests/conftest.py: beside the unit tests and the other kernels

ROOT = Path(__file__).resolve().parent.parent
# where make lab is rooted: the exercise editions as the build makes them, written there
WORKBOOK = "workbook"
VENV = Path(sys.prefix)
CHROMIUM = "/usr/bin/chromium"
# flags that work as root on a machine with no display and a closed network
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_TIMEOUT = 90  # seconds for make lab's server to answer /api/status
OPEN_TIMEOUT = 60  # seconds for a notebook to show up with an idle kernel
RUN_TIMEOUT = 180  # seconds for restart and run all (the machine is busy with the other tests)
STOP_TIMEOUT = 10  # seconds for the server and its kernels to exit on teardown
VIEWPORT = {"width": 1280, "height": 900}
# what the suite sets for itself, which a learner's kernel must not get; OPENBLAS_NUM_THREADS
# stays: it only keeps these kernels to one core, beside the suite's other work
SUITE_ONLY = ("IPYKERNEL_CELL_NAME", "MPLBACKEND")

# the environment pytest started with: background jobs (tests/conftest.py) read this, never
# os.environ, which a test in pytest's own thread may change for a moment (monkeypatch)
ENV_AT_START = dict(os.environ)

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")

# a line each exercise notebook prints with nothing written yet, its key result, that a
# learner should see once Run All is done; a notebook not listed here is only checked for
# errors and unrun cells
EXPECTED = {
    "01_notation_and_data.ipynb": "X_train shape: (12288, 209)",
    "02_computation_graph.ipynb": "dc = dJ/dc = 9   (by hand: 9)",
    "03_vectorization.ipynb": "vectorized: cost 0.830982, db 0.285854",
    "04_broadcasting.ipynb": "matches the lines above: True cost 0.748971",
    "05_cat_classifier.ipynb": "testing acc: 0.7",
    "06_going_further.ipynb": "same w as the gradient solver (relative gap < 1e-12): True",
}
# what else the cell showing the key result says: lesson 1's sentence, that the notebook runs
# on whether or not flatten_and_scale is written, and shows what lr_utils computed for it
BESIDE_IT = {"01_notation_and_data.ipynb": "flatten_and_scale is not written yet"}

# the exercise notebook a learner works in, per language, and what is typed into it: first the
# sigmoid of -z, then a right sigmoid
EXERCISE = {
    "en": "exercises/05_cat_classifier.ipynb",
    "zh-CN": "exercises/zh-CN/05_cat_classifier.ipynb",
}
WRONG_SIGMOID = 'def sigmoid(z):\n    """The sigmoid, almost."""\n    return 1 / (1 + np.exp(z))\n'
RIGHT_SIGMOID = (
    'def sigmoid(z):\n    """The sigmoid."""\n    s = 1 / (1 + np.exp(-z))\n    return s\n'
)

# user settings: never save on our behalf, no news or update checks
SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


# polled while a notebook opens or runs: cheap to compute (the page is busy enough); the whole
# STATE_JS below is read only when this one has changed
PROGRESS_JS = """() => {
  const panel = document.querySelector('#jp-main-dock-panel .jp-NotebookPanel');
  if (!panel) return null;
  const indicator = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  const prompts = [...panel.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputArea-prompt')];
  return [
    indicator ? indicator.getAttribute('data-status') : null,
    panel.querySelectorAll('.jp-Notebook .jp-Cell').length,
    prompts.map(p => p.textContent.trim()).join(''),
    panel.querySelectorAll('.jp-OutputArea-output').length,
  ].join('|');
}"""

# what a learner sees of one notebook, read from the DOM
STATE_JS = """() => {
  const panel = document.querySelector('#jp-main-dock-panel .jp-NotebookPanel');
  if (!panel) return null;
  const indicator = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  const cells = [...panel.querySelectorAll('.jp-Notebook .jp-Cell')].map(cell => ({
    code: cell.classList.contains('jp-CodeCell'),
    prompt: (cell.querySelector('.jp-InputArea-prompt') || {}).textContent || '',
    outputs: [...cell.querySelectorAll('.jp-OutputArea-output')].map(o => ({
      mime: o.getAttribute('data-mime-type') || '',
      text: o.textContent,
    })),
  }));
  return {status: indicator ? indicator.getAttribute('data-status') : null, cells};
}"""


# ---------------------------------------------------------------------- the scenarios, run


def _lessons():
    """The lessons whose exercise notebooks are run here as they are: all but lesson 5,
    whose exercise scenario runs it (and more)."""
    lesson_5 = Path(EXERCISE["en"]).name
    return sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb") if p.name != lesson_5)


def kernel_jobs(items):
    """The one background job of the selected tests (tests/conftest.py): every scenario, in
    one JupyterLab, in the order the tests are listed."""
    wanted = [
        _scenario(item) for item in items if getattr(item, "module", None) is sys.modules[__name__]
    ]
    wanted = [name for name in wanted if name is not None]
    if not wanted:
        return {}
    config = items[0].config
    # worked out here, in pytest's own thread: the checks' language and sys.stdout are the
    # process's, not the lane's to change
    messages = {language: _expected_messages(language) for language in EXERCISE}
    return {("browser",): lambda: run_scenarios(wanted, _screenshots(config), messages)}


def _scenario(item):
    """The scenario a test reports, by its name; None for a test that reports none."""
    params = getattr(item, "callspec", None)
    params = params.params if params is not None else {}
    if "name" in params:
        return f"lesson:{params['name']}"
    if "language" in params:
        return f"exercise:{params['language']}"
    return "files" if item.name == "test_jupyterlab_leaves_every_file_as_it_was" else None


def _screenshots(config):
    folder = config.getoption("--browser-screenshots", default=None) or ENV_AT_START.get(
        "LR_UTILS_SCREENSHOTS"
    )
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        return Path(folder)
    return None


def run_scenarios(names, screenshots=None, messages=None):
    """Run the named scenarios in one JupyterLab; {name: None or the exception it raised}.

    A missing Chromium or Playwright, or a server that does not start, is every scenario's
    outcome; "files" is the check, after the server stopped, that no file changed.
    """
    outcomes = {}
    try:
        with _jupyterlab(screenshots) as lab:
            for name in names:
                if name == "files":
                    continue
                kind, _, arg = name.partition(":")
                _behind_pytest()  # a page Chromium may have put forward since
                try:
                    if kind == "lesson":
                        _lesson(lab, arg)
                    else:
                        _exercise(lab, arg, (messages or {}).get(arg))
                    outcomes[name] = None
                except (Exception, pytest.fail.Exception, pytest.skip.Exception) as error:
                    outcomes[name] = error
                    lab.give_up(arg)
    except (Exception, pytest.fail.Exception, pytest.skip.Exception) as error:
        return dict.fromkeys(names, error)
    if "files" in names:
        outcomes["files"] = lab.files_changed
    return outcomes


def _outcome(kernel_job, name, screenshots=None):
    job = ("browser",)
    messages = {language: _expected_messages(language) for language in EXERCISE}
    outcome = kernel_job(job, lambda: run_scenarios([name], screenshots, messages))[name]
    if outcome is not None:
        raise outcome


# ------------------------------------------------------------------------------- the tests


@pytest.mark.parametrize("name", _lessons())
def test_exercise_notebook_runs_all_in_jupyterlab(name, kernel_job, request):
    _outcome(kernel_job, f"lesson:{name}", _screenshots(request.config))


@pytest.mark.parametrize("language", sorted(EXERCISE))
def test_an_exercise_in_jupyterlab(language, kernel_job, request):
    _outcome(kernel_job, f"exercise:{language}", _screenshots(request.config))


def test_jupyterlab_leaves_every_file_as_it_was(kernel_job, request):
    _outcome(kernel_job, "files", _screenshots(request.config))


def test_what_jupyterlab_opens_is_the_build_not_a_learners_work(tmp_path):
    """The workbook holds every exercise edition, unfilled, as the build makes it, whatever a
    learner has written in exercises/ (make test never fails because of their work)."""
    pytest.importorskip("nbformat", reason="the editions are built with nbformat, a dev tool")
    import build_editions  # tools/ (pytest's pythonpath)

    clone = tmp_path / "clone"
    for folder in ("notebooks", "i18n"):
        shutil.copytree(ROOT / folder, clone / folder)
    mine = clone / EXERCISE["en"]  # a learner's work, and a notebook of their own
    mine.parent.mkdir()
    mine.write_text('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    (clone / "exercises" / "Untitled.ipynb").write_text("{}")
    layout = build_editions.Layout(clone)
    built, _ = build_editions.plan(layout, dict.fromkeys(build_editions.lesson_names(layout)))
    workbook = tmp_path / "workbook"
    _write_workbook(workbook, dict(built), clone)
    expected = sorted(
        Path(folder, p.name)
        for folder in ("exercises", "exercises/zh-CN")
        for p in (ROOT / "notebooks").glob("*.ipynb")
    )
    assert sorted(p.relative_to(workbook) for p in workbook.rglob("*.ipynb")) == expected
    opened = (workbook / EXERCISE["en"]).read_bytes()
    assert opened == dict(built)[mine] and b"raise NotImplementedError()" in opened


# ------------------------------------------------------------------------ JupyterLab, once


def _skip_or_fail(reason):
    if ENV_AT_START.get("LR_UTILS_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (LR_UTILS_REQUIRE_BROWSER=1 makes this a failure)")
    pytest.skip(f"{reason}; set LR_UTILS_REQUIRE_BROWSER=1 to make this a failure")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path, n=30):
    lines = Path(path).read_text(errors="replace").splitlines()
    return "\n".join(lines[-n:])


def _snapshot(workbook):
    return {
        p.relative_to(workbook).as_posix(): p.read_bytes() if p.is_file() else None
        for p in workbook.rglob("*")
    }


def _write_workbook(workbook, built, root=ROOT):
    """The English and Chinese exercise editions among built ({path: bytes} of the editions
    of the lessons in root, as tools/build_editions.py makes them), under workbook/exercises/."""
    for path, data in built.items():
        where = Path(path).relative_to(root)
        if where.parts[0] == "exercises":
            target = workbook / where
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)


def _request(url, method="GET"):
    with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=5) as r:
        body = r.read()
    return json.loads(body) if body else None


@contextlib.contextmanager
def _jupyterlab(screenshots):
    """The server (make lab), Chromium and a page with JupyterLab loaded: a Lab."""
    if not Path(CHROMIUM).exists():
        _skip_or_fail(f"browser tests need {CHROMIUM}: `apt-get install chromium`")
    if shutil.which("make") is None:
        _skip_or_fail("browser tests start JupyterLab with `make lab`: they need GNU make")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _skip_or_fail("browser tests need playwright: `pip install -e '.[dev]'`")
    with tempfile.TemporaryDirectory(prefix="lr_utils_jupyterlab_") as tmp:
        workbook = Path(tmp) / WORKBOOK
        import editions_now  # tests/: the build's editions; it needs the dev tools

        _write_workbook(workbook, editions_now.outputs())
        with _make_lab(Path(tmp), workbook) as (url, token), sync_playwright() as p:
            chromium = p.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=ENV_AT_START
            )
            try:
                page = chromium.new_context(viewport=VIEWPORT).new_page()
                page.on("dialog", lambda dialog: dialog.accept())  # a dirty page may reload
                lab = Lab(page, url, token, workbook, screenshots)
                lab.load()
                _behind_pytest()
                yield lab
            finally:
                chromium.close()
        after = _snapshot(workbook)
        before = lab.before
        changed = [n for n in sorted(before.keys() ^ after.keys())]
        changed += [n for n in sorted(before.keys() & after.keys()) if before[n] != after[n]]
        lab.files_changed = (
            AssertionError(f"files changed while JupyterLab ran: {changed}") if changed else None
        )


def _behind_pytest():
    """Give Chromium's processes this thread's priority: run as root, Chromium raises its
    own (tests/conftest.py puts the browser lane behind pytest's own thread)."""
    if sys.platform != "linux":
        return
    import psutil  # IPython, hence every kernel here, depends on it

    niceness = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    for process in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.Error):
            if "chrom" in process.name() and process.nice() < niceness:
                process.nice(niceness)


@contextlib.contextmanager
def _make_lab(tmp, workbook):
    """`make lab` as a learner types it, with throwaway settings, a port and a token, run in
    workbook (the clone's Makefile, and this environment's venv)."""
    env = {k: v for k, v in ENV_AT_START.items() if k not in SUITE_ONLY}
    for var in (
        "JUPYTER_CONFIG_DIR",
        "JUPYTER_DATA_DIR",
        "JUPYTER_RUNTIME_DIR",
        "JUPYTERLAB_SETTINGS_DIR",
        "JUPYTERLAB_WORKSPACES_DIR",
        "IPYTHONDIR",
    ):
        env[var] = str(tmp / var.lower())
        Path(env[var]).mkdir()
    for plugin, values in SETTINGS.items():
        path = Path(env["JUPYTERLAB_SETTINGS_DIR"], plugin + ".jupyterlab-settings")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    port, token = _free_port(), secrets.token_hex(16)
    lab_args = " ".join(
        [
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}",
            # opening a notebook writes a checkpoint: keep it out of the clone
            f"--FileCheckpoints.checkpoint_dir={tmp / 'checkpoints'}",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly",
        ]
    )
    keep = [f"-o{VENV / stamp}" for stamp in (".python", ".core-installed", ".dev-installed")]
    log = tmp / "make_lab.log"
    with open(log, "wb") as out:
        make = ["make", "--no-print-directory", "-f", ROOT / "Makefile", *keep, f"VENV={VENV}"]
        proc = subprocess.Popen(
            [*make, "lab", f"LAB_ARGS={lab_args}"],
            env=env,
            cwd=workbook,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + SERVER_TIMEOUT
        while True:
            if proc.poll() is not None:
                pytest.fail(f"make lab exited with {proc.returncode}:\n{_tail(log)}")
            try:
                _request(f"{url}/api/status?token={token}")
                break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    pytest.fail(f"make lab did not answer in {SERVER_TIMEOUT} s:\n{_tail(log)}")
                time.sleep(0.2)
        yield url, token
    finally:
        _stop(proc)


def _stop(proc):
    """Stop make, jupyter lab and every kernel it started (make leads their process group)."""
    import psutil  # IPython, hence every kernel here, depends on it

    try:
        kernels = psutil.Process(proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        kernels = []
    _kill_group(proc.pid, signal.SIGTERM)  # the server shuts its kernels down cleanly
    try:
        proc.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        _kill_group(proc.pid, signal.SIGKILL)
        proc.wait(STOP_TIMEOUT)
    _, alive = psutil.wait_procs(kernels, timeout=STOP_TIMEOUT)
    for p in alive:
        with contextlib.suppress(ProcessLookupError, psutil.NoSuchProcess):
            p.kill()
    psutil.wait_procs(alive, timeout=STOP_TIMEOUT)


def _kill_group(pgid, sig):
    if pgid == os.getpgrp():
        raise RuntimeError("refusing to signal the test run's own process group")
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, sig)


class Lab:
    """One JupyterLab page: what a learner does with it."""

    def __init__(self, page, url, token, workbook, screenshots):
        self.page, self.url, self.token, self.screenshots = page, url, token, screenshots
        self.workbook = workbook
        self.before = _snapshot(workbook)
        self.files_changed = None

    def load(self):
        """(Re)load JupyterLab with a blank workspace: no tab open, the file browser at the root."""
        page = self.page
        page.set_viewport_size(VIEWPORT)
        page.goto(f"{self.url}/lab?token={self.token}&reset", timeout=OPEN_TIMEOUT * 1000)
        with _or_fail("JupyterLab", f"its file browser listed no file within {OPEN_TIMEOUT} s"):
            page.locator(".jp-DirListing-item").first.wait_for(timeout=OPEN_TIMEOUT * 1000)

    def wait_for(self, name, ready, what, timeout):
        """Poll the notebook's state until ready(state) is truthy; fail naming what is missing."""
        deadline = time.monotonic() + timeout
        seen, state, read = None, None, 0.0
        while True:
            progress = self.page.evaluate(PROGRESS_JS)
            # something changed: read it all, at once where the kernel is idle, at most once a
            # second while it is busy (every state awaited is an idle one; a whole notebook's
            # outputs, read four times a second, cost the machine seconds of CPU)
            busy = progress is not None and not progress.startswith("idle|")
            if (progress != seen or state is None) and not (busy and time.monotonic() < read + 1):
                seen, state, read = progress, self.page.evaluate(STATE_JS), time.monotonic()
                if state is not None and ready(state):
                    return state
            if time.monotonic() > deadline:
                pytest.fail(f"{name}: {what} not seen within {timeout} s; {_describe(state)}")
            self.page.wait_for_timeout(250)

    def click_menu(self, menu, command, name):
        page = self.page
        page.locator("#jp-MainMenu .lm-MenuBar-itemLabel", has_text=re.compile(f"^{menu}$")).click()
        item = page.locator(f'.lm-Menu-item[data-command="{command}"]:not(.lm-mod-disabled)')
        with _or_fail(name, f"no enabled {menu} menu item {command!r}"):
            item.click(timeout=10_000)

    def cells(self):
        return self.page.locator("#jp-main-dock-panel .jp-Notebook .jp-Cell")

    def open(self, path, n_cells):
        """Open the notebook at path (from the root) from the file browser, folder by folder.

        Returns once it shows its n_cells cells and its kernel is idle and connected.
        """
        page = self.page
        parts = Path(path).parts
        # from the root, whatever the file browser showed last; its listing is fetched from
        # the server, which a busy machine can make slow: the first name gets OPEN_TIMEOUT
        page.locator(".jp-BreadCrumbs-home").first.click(timeout=10_000)
        for depth, part in enumerate(parts, start=1):
            item = page.locator(
                ".jp-DirListing-itemText", has_text=re.compile(f"^{re.escape(part)}$")
            )
            with _or_fail(path, f"{part} not found in JupyterLab's file browser"):
                item.dblclick(timeout=(OPEN_TIMEOUT if depth == 1 else 10) * 1000)
            if depth < len(parts):
                # a folder: wait until its own listing replaces the one it is in, or the next
                # name may be clicked in the listing being left (notebooks/ and
                # notebooks/zh-CN/ hold the same file names), landing on whatever takes its place
                with _or_fail(path, f"the file browser did not move into {part}/"):
                    item.wait_for(state="detached", timeout=10_000)
        return self.wait_for(
            path,
            lambda s: s["status"] == "idle" and len(s["cells"]) == n_cells and self.connected(path),
            f"the notebook with its {n_cells} cells and an idle, connected kernel",
            OPEN_TIMEOUT,
        )

    def run_all(self, name, n_code, allowed=frozenset(), restart=True):
        """Kernel > Restart Kernel and Run All Cells (or, with restart=False, in the kernel the
        notebook just started, Run > Run All Cells); the state once every code cell ran, or
        once the run stopped at an error in a cell not in allowed (tagged raises-exception)."""
        if restart:
            self.click_menu("Kernel", "runmenu:restart-and-run-all", name)
            with _or_fail(name, "no dialog to confirm the kernel restart"):
                self.page.locator(".jp-Dialog button.jp-mod-accept").click(timeout=10_000)
        else:
            self.click_menu("Run", "runmenu:run-all", name)

        def done(s):
            if s["status"] != "idle":
                return False
            codes = [c for c in s["cells"] if c["code"]]
            if len(codes) == n_code and all(map(_counted, codes)):
                return True
            return bool(_errors(s, allowed))  # run all stopped there: the caller says so

        what = "every code cell run and an idle kernel"
        return self.wait_for(name, done, what, RUN_TIMEOUT)

    def close_without_saving(self, path):
        """Close the notebook's tab, discarding its changes; the file browser back at the root."""
        page = self.page
        self.click_menu("File", "application:close", path)
        with _or_fail(path, "no 'Discard' in a dialog asking to save changes"):
            page.locator(".jp-Dialog button.jp-mod-warn", has_text="Discard").click(timeout=10_000)
        with _or_fail(path, "its tab did not close"):
            page.locator("#jp-main-dock-panel .jp-NotebookPanel").wait_for(
                state="detached", timeout=10_000
            )
        page.locator(".jp-BreadCrumbs-home").first.click(timeout=10_000)

    def give_up(self, shot):
        """After a failure: keep a screenshot if asked, and reload a blank workspace."""
        if self.screenshots is not None:  # what the page showed when the test gave up
            with contextlib.suppress(Exception):
                self.page.screenshot(path=self.screenshots / (_shot(shot) + "-failed.png"))
        with contextlib.suppress(Exception, pytest.fail.Exception):
            self.load()  # a blank workspace for the next notebook

    def screenshot(self, shot):
        """The whole notebook in one picture: grow the window to fit its cells, then shoot."""
        if self.screenshots is None:
            return
        page = self.page
        scroller = page.locator("#jp-main-dock-panel .jp-WindowedPanel-outer").first
        extra = scroller.evaluate(
            """e => {
              e.scrollTop = 0;
              const cells = e.querySelectorAll('.jp-Cell');
              const last = cells[cells.length - 1].getBoundingClientRect().bottom;
              return last - e.getBoundingClientRect().top + 40 - e.clientHeight;
            }"""
        )
        height = min(VIEWPORT["height"] + max(0, int(extra)), 16_000)
        page.set_viewport_size({"width": VIEWPORT["width"], "height": height})
        page.wait_for_timeout(500)  # let the grown window paint
        page.screenshot(path=self.screenshots / (_shot(shot) + ".png"), full_page=True)
        page.set_viewport_size(VIEWPORT)  # the next notebook opens in the usual window

    def connected(self, path):
        """The server's view: the notebook's kernel is idle and the page holds its websocket."""
        for session in _request(f"{self.url}/api/sessions?token={self.token}"):
            kernel = session.get("kernel") or {}
            if session.get("path") == path and kernel.get("execution_state") == "idle":
                return kernel.get("connections", 0) > 0
        return False

    def shutdown_kernels(self, path):
        """Stop the kernel of this notebook: a closed tab leaves it running."""
        base = f"{self.url}/api/sessions"
        try:
            for session in _request(f"{base}?token={self.token}"):
                if session.get("path") == path:
                    _request(f"{base}/{session['id']}?token={self.token}", "DELETE")
        except (urllib.error.URLError, OSError):
            pass  # the server's stop stops every kernel anyway

    def unchanged(self, path):
        assert (self.workbook / path).read_bytes() == self.before[path], (
            f"{path} changed on disk while open in JupyterLab"
        )


def _shot(name):
    return Path(name.replace("/", "-")).stem


@contextlib.contextmanager
def _or_fail(name, what):
    """Turn a Playwright error or timeout into a failure saying which notebook and what."""
    try:
        yield
    except Exception as e:
        pytest.fail(f"{name}: {what}: {e}")


def _describe(state):
    if state is None:
        return "no notebook panel on the page"
    waiting = [i for i, c in enumerate(state["cells"]) if c["code"] and not _counted(c)]
    return f"kernel status {state['status']!r}, cells without an execution count: {waiting}"


def _counted(cell):
    return re.fullmatch(r"\[\d+\]:", cell["prompt"].strip()) is not None


def _errors(state, allowed):
    """What the cells not in allowed show on stderr: an error (a one-line message, or a
    traceback), or a warning, none of which a learner should meet there."""
    found = []
    for i, cell in enumerate(state["cells"]):
        for out in cell["outputs"]:
            if i not in allowed and "stderr" in out["mime"]:
                found.append(f"cell {i}: {out['text'][:500]}")
    return found


def _shown(state, i):
    """What cell i shows, its outputs' text."""
    return "\n".join(out["text"] for out in state["cells"][i]["outputs"])


def _tagged(cells, tag):
    return {i for i, c in enumerate(cells) if tag in c.get("metadata", {}).get("tags", [])}


# ----------------------------------------------------------------------------- a lesson


def _lesson(lab, name):
    path = f"exercises/{name}"  # as the file browser shows it, from the root
    cells = json.loads((lab.workbook / path).read_text())["cells"]
    n_code = sum(c["cell_type"] == "code" for c in cells)
    try:
        state = lab.open(path, len(cells))
        # as the build makes it: no outputs, so that whatever shows below was computed now
        assert not any(c["outputs"] or _counted(c) for c in state["cells"]), f"{path}: ran before"
        # the kernel opening the notebook started is new: Run All Cells in it is what Restart
        # Kernel and Run All Cells gives, without starting a second kernel (lesson 5 goes
        # through the restart)
        state = lab.run_all(path, n_code, _tagged(cells, "raises-exception"), restart=False)
        _ran_unfilled(lab, path, cells, state)
        lab.screenshot(path)
        lab.close_without_saving(path)  # running made the notebook dirty
    finally:
        lab.shutdown_kernels(path)
    lab.unchanged(path)


def _ran_unfilled(lab, path, cells, state):
    """What Run All shows of an exercise notebook with nothing written yet: it reached the last
    code cell; each unwritten exercise, each check of one and each cell that needs one says
    so in one line, on stderr, in a cell tagged raises-exception, and nothing else errs; no
    check passes; the lesson's key result is on screen."""
    code = [i for i, c in enumerate(cells) if c["cell_type"] == "code"]
    may_raise = _tagged(cells, "raises-exception")
    assert _counted(state["cells"][code[-1]]), (
        f"{path}: Run All did not reach the last cell; it stopped at {_errors(state, may_raise)}"
    )
    said = {}  # cell: what it says on stderr
    for i, cell in enumerate(state["cells"]):
        for out in cell["outputs"]:
            if "stderr" in out["mime"]:
                said[i] = out["text"].strip()
                assert i in may_raise, (
                    f"{path}: cell {i}, not tagged raises-exception, shows {said[i]}"
                )
                assert "\n" not in said[i] and "Traceback" not in said[i], (
                    f"{path}: cell {i}: {said[i]}"
                )
    assert bool(said) == bool(may_raise), f"{path}: exercises to write, and what is said: {said}"
    for k, what in must_raise(["".join(cells[i]["source"]) for i in code]).items():
        assert code[k] in said, f"{path}: cell {code[k]}: {what}"
    for i in code:
        assert "✓" not in _shown(state, i), f"{path}: cell {i}: a check passed, nothing written"
    _key_result_shown(lab, state, path)


def _key_result_shown(lab, state, name):
    """The line the notebook prints as its key result (EXPECTED) is on the page, visible."""
    expected = EXPECTED.get(Path(name).name)
    if expected is None:
        return
    where = [
        (i, j)
        for i, cell in enumerate(state["cells"])
        for j, out in enumerate(cell["outputs"])
        if expected in (line.strip() for line in out["text"].splitlines())
    ]
    assert where, f"{name}: no output shows the line {expected!r}"
    i, j = where[0]
    beside = BESIDE_IT.get(Path(name).name)
    assert beside is None or beside in _shown(state, i), f"{name}: cell {i}: no {beside!r}"
    shown = lab.cells().nth(i).locator(".jp-OutputArea-output").nth(j)
    shown.scroll_into_view_if_needed(timeout=10_000)
    assert shown.is_visible(), f"{name}: {expected!r} is in the page but not visible"


# ------------------------------------------------------------------------- an exercise


def _expected_messages(language):
    """What the sigmoid check says of the wrong sigmoid, and its pass line, as lr_utils.checks
    words them in this language: the oracle for what the page must show."""

    def sigmoid(z):  # the wrong one typed below: the sigmoid of -z
        return 1 / (1 + np.exp(z))

    wrong = sigmoid

    def sigmoid(z):
        return 1 / (1 + np.exp(-z))

    right = sigmoid

    checks.set_language(language)
    try:
        with pytest.raises(checks.CheckFailed) as failed:
            checks.sigmoid(wrong)
        with contextlib.redirect_stdout(_Text()) as out:
            checks.sigmoid(right)
    finally:
        checks.set_language("en")
    return f"{type(failed.value).__name__}: {failed.value}", out.text.strip()


class _Text:
    text = ""

    def write(self, s):
        self.text += s

    def flush(self):
        pass


def _words(text):
    return " ".join(text.split())  # as the page shows it: the same words, any white space


def _exercise(lab, language, messages=None):
    path = EXERCISE[language]
    cells = json.loads((lab.workbook / path).read_text())["cells"]
    code = [i for i, c in enumerate(cells) if c["cell_type"] == "code"]
    sources = {i: "".join(cells[i]["source"]) for i in code}
    exercise = next(i for i in code if sources[i].startswith("def sigmoid("))
    check = code[code.index(exercise) + 1]
    assert sources[check] == "checks.sigmoid(sigmoid)", sources[check]
    assert "raise NotImplementedError()" in sources[exercise]
    hint, passed = messages or _expected_messages(language)
    try:
        lab.open(path, len(cells))
        if language == "en":
            _run_all_unfilled(lab, path, cells, code, check)
        else:
            _run_all_above(lab, path, cells, code, exercise)

        for typed, wanted, what, shot in [
            (WRONG_SIGMOID, hint, "the check's message, hint and all", "hint"),
            (RIGHT_SIGMOID, passed, "the check's pass line", "passed"),
        ]:
            _type_into(lab.page, lab.cells().nth(exercise), typed)
            lab.page.keyboard.press("Shift+Enter")  # runs the exercise, moves to the check
            lab.page.keyboard.press("Shift+Enter")  # runs the check
            state = lab.wait_for(
                path,
                lambda s, wanted=wanted: (
                    s["status"] == "idle" and _words(wanted) in _words(_shown(s, check))
                ),
                what,
                RUN_TIMEOUT,
            )
            assert not _shown(state, exercise), f"the exercise shows {_shown(state, exercise)!r}"
            output = lab.cells().nth(check).locator(".jp-OutputArea-output").first
            output.scroll_into_view_if_needed(timeout=10_000)
            assert output.is_visible(), f"{what} is in the page but not visible"
            if lab.screenshots is not None:
                lab.page.screenshot(path=lab.screenshots / f"exercise-{language}-{shot}.png")
        lab.close_without_saving(path)
    finally:
        lab.shutdown_kernels(path)
    lab.unchanged(path)


def _run_all_unfilled(lab, path, cells, code, check):
    """What a learner does first: Restart Kernel and Run All Cells, with nothing written yet."""
    state = lab.run_all(path, len(code), _tagged(cells, "raises-exception"))
    _ran_unfilled(lab, path, cells, state)
    unwritten = _shown(state, check)
    assert "sigmoid" in unwritten and "\n" not in unwritten.strip(), unwritten
    lab.screenshot(f"{path}-run-all")


def _run_all_above(lab, path, cells, code, exercise):
    """A learner who starts with the exercise: Run > Run All Above Selected Cell from it (the
    imports, the language, the data), on a page whose Markdown is Chinese."""
    above = [i for i in code if i < exercise]
    lab.cells().nth(exercise).locator(".jp-InputPrompt").click(timeout=10_000)
    lab.click_menu("Run", "notebook:run-all-above", path)
    lab.wait_for(
        path,
        lambda s: s["status"] == "idle" and all(_counted(s["cells"][i]) for i in above),
        "the cells above the exercise run",
        RUN_TIMEOUT,
    )
    statement = lab.cells().nth(exercise - 1).locator(".jp-MarkdownOutput")
    statement.scroll_into_view_if_needed(timeout=10_000)
    shown = statement.text_content(timeout=10_000)
    assert CJK.search(shown), f"{path}: the exercise's statement shows {shown!r}"
    assert statement.is_visible(), f"{path}: the exercise's statement is not visible"


def _type_into(page, cell, code):
    """Replace the code in a cell's editor, as a learner selecting all and typing would."""
    cell.scroll_into_view_if_needed(timeout=10_000)
    cell.locator(".cm-content").click(timeout=10_000)
    page.keyboard.press("Control+a")
    # inserted as one piece, like a paste: typed key by key, the editor would indent after
    # each colon and close each bracket on its own
    page.keyboard.insert_text(code)

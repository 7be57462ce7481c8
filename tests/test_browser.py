"""Every notebook, opened and run in JupyterLab in a real Chromium, as a learner would.

One ``jupyter lab`` server (rooted at the repository, so that the file browser shows
notebooks/ and exercises/ as ``make lab`` does; throwaway settings, autosave off) and one
headless Chromium page with JupyterLab loaded serve the whole module. For each lesson the
test double-clicks notebooks/ and then the lesson in the file browser, clears the outputs,
picks Kernel > Restart Kernel and Run All Cells, waits for every code cell to get an
execution count, then reads the screen: no error, and the notebook's key result shown. It
then closes the tab without saving and shuts the kernel down, so that the next notebook
opens in an empty workspace.

The exercise edition gets one test, as a learner meets it: in exercises/05_cat_classifier.ipynb
it runs the cells above the ``sigmoid`` exercise, types a wrong sigmoid into the exercise
cell, runs it and its check and reads the hint on screen, then types a right one and reads
the pass line; the notebook is closed without saving.

The Chinese lesson 1 (notebooks/zh-CN/, made by tools/sync_translations.py) goes through the
same test, opened from its folder in the file browser, and must show Chinese text; until it
exists that test skips, saying so.

Without Chromium or Playwright the tests skip; LR_UTILS_REQUIRE_BROWSER=1 (CI) makes that a
failure. Screenshots: ``--browser-screenshots DIR`` or LR_UTILS_SCREENSHOTS=DIR.
"""

import contextlib
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
EXERCISES = ROOT / "exercises"
# the folders JupyterLab must leave as they were
WATCHED = (NOTEBOOKS, EXERCISES)
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
SERVER_TIMEOUT = 60  # seconds for jupyter lab to answer /api/status
OPEN_TIMEOUT = 60  # seconds for a notebook to show up with an idle kernel
RUN_TIMEOUT = 90  # seconds for restart and run all
STOP_TIMEOUT = 10  # seconds for the server and its kernels to exit on teardown
VIEWPORT = {"width": 1280, "height": 900}

# the Chinese lesson run in the browser: lesson 1, which also holds the glossary
ZH_LESSON = "zh-CN/01_notation_and_data.ipynb"
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")

# a line each notebook prints, its key result, that a learner should see once it has run;
# a notebook not listed here is only checked for errors and unrun cells
EXPECTED = {
    "01_notation_and_data.ipynb": "X_train shape: (12288, 209)",
    "02_computation_graph.ipynb": "propagate             0.644049  0.506313 -0.238045 -0.032118",
    "03_vectorization.ipynb": "vectorized: cost 0.830982, db 0.285854",
    "04_broadcasting.ipynb": "matches the lines above: True cost 0.748971",
    "05_cat_classifier.ipynb": "testing acc: 0.7",
    "06_going_further.ipynb": "same w as the gradient solver (relative gap < 1e-12): True",
}

# the exercise typed in, as a learner would: first the sigmoid of -z, then a right sigmoid
EXERCISE = "exercises/05_cat_classifier.ipynb"
WRONG_SIGMOID = 'def sigmoid(z):\n    """The sigmoid, almost."""\n    return 1 / (1 + np.exp(z))\n'
RIGHT_SIGMOID = (
    'def sigmoid(z):\n    """The sigmoid."""\n    s = 1 / (1 + np.exp(-z))\n    return s\n'
)
HINT = "hint:     this is sigmoid(-z) = 1 - sigmoid(z): check the sign of z inside exp"
PASSED = re.compile(r"^✓ sigmoid: \d+ checks passed$", re.M)

# user settings: never save on our behalf, no news or update checks
SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}

ERROR_TEXT = re.compile(r"Traceback|\b[A-Z]\w*(Error|Exception)\b")

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


def _notebook_names():
    chinese = pytest.param(
        ZH_LESSON,
        marks=pytest.mark.skipif(
            not (NOTEBOOKS / ZH_LESSON).exists(),
            reason=f"no notebooks/{ZH_LESSON} yet (issue 11, phase 2: make translations)",
        ),
    )
    names = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
    # right after its English twin, so that the next notebook proves the way back to notebooks/
    at = names.index(Path(ZH_LESSON).name) + 1 if Path(ZH_LESSON).name in names else len(names)
    return [*names[:at], chinese, *names[at:]]


def _skip_or_fail(reason):
    if os.environ.get("LR_UTILS_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (LR_UTILS_REQUIRE_BROWSER=1 makes this a failure)")
    pytest.skip(f"{reason}; set LR_UTILS_REQUIRE_BROWSER=1 to make this a failure")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path, n=30):
    lines = Path(path).read_text(errors="replace").splitlines()
    return "\n".join(lines[-n:])


def _snapshot():
    return {
        p.relative_to(ROOT).as_posix(): p.read_bytes() if p.is_file() else None
        for folder in WATCHED
        for p in folder.rglob("*")
    }


def _stop(proc):
    """Stop the server, its process group and every kernel it started (own sessions)."""
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
        with contextlib.suppress(ProcessLookupError):
            _kill_group(os.getpgid(p.pid), signal.SIGKILL)
    psutil.wait_procs(alive, timeout=STOP_TIMEOUT)


def _kill_group(pgid, sig):
    if pgid == os.getpgrp():
        raise RuntimeError("refusing to signal the test run's own process group")
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, sig)


def _request(url, method="GET"):
    with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=5) as r:
        body = r.read()
    return json.loads(body) if body else None


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the module."""
    if not Path(CHROMIUM).exists():
        _skip_or_fail(f"browser tests need {CHROMIUM}: `apt-get install chromium`")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _skip_or_fail("browser tests need playwright: `pip install -e '.[dev]'`")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium.new_context(viewport=VIEWPORT)
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def lab(browser, tmp_path_factory):
    """A JupyterLab server on the repository, stopped with all its kernels afterwards.

    Yields its base URL, its token and the bytes of every file in notebooks/ and exercises/
    before it started (keyed by their paths from the root); on teardown, checks that none of
    them changed and no file appeared.
    """
    tmp = tmp_path_factory.mktemp("jupyterlab")
    env = dict(os.environ)
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
    env.pop("MPLBACKEND", None)  # the kernels plot inline, as for a learner
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    for plugin, values in SETTINGS.items():
        path = Path(env["JUPYTERLAB_SETTINGS_DIR"], plugin + ".jupyterlab-settings")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))

    port, token = _free_port(), secrets.token_hex(16)
    log = tmp / "jupyterlab.log"
    before = _snapshot()
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jupyterlab",
                "--no-browser",
                "--allow-root",
                "--ip=127.0.0.1",
                f"--port={port}",
                "--ServerApp.port_retries=0",
                f"--IdentityProvider.token={token}",
                f"--ServerApp.root_dir={ROOT}",
                f"--LabApp.user_settings_dir={env['JUPYTERLAB_SETTINGS_DIR']}",
                f"--LabApp.workspaces_dir={env['JUPYTERLAB_WORKSPACES_DIR']}",
                # opening a notebook writes a checkpoint: keep it out of the repository
                f"--FileCheckpoints.checkpoint_dir={tmp / 'checkpoints'}",
                "--LabApp.news_url=None",
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                "--LabApp.extension_manager=readonly",
            ],
            env=env,
            cwd=tmp,
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
                pytest.fail(f"jupyter lab exited with {proc.returncode}:\n{_tail(log)}")
            try:
                _request(f"{url}/api/status?token={token}")
                break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    pytest.fail(f"jupyter lab did not answer in {SERVER_TIMEOUT} s:\n{_tail(log)}")
                time.sleep(0.2)
        yield url, token, before
    finally:
        _stop(proc)
    after = _snapshot()
    changed = [n for n in sorted(before.keys() | after.keys()) if n not in before or n not in after]
    changed += [n for n in sorted(before.keys() & after.keys()) if before[n] != after[n]]
    assert not changed, f"files changed while JupyterLab ran: {changed}"


@pytest.fixture(scope="module")
def screenshots(request):
    folder = request.config.getoption("--browser-screenshots", default=None) or os.environ.get(
        "LR_UTILS_SCREENSHOTS"
    )
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        return Path(folder)
    return None


@pytest.fixture(scope="module")
def jupyterlab(browser, lab):
    """One page with JupyterLab loaded, from a blank workspace, for all the notebooks."""
    url, token, _ = lab
    page = browser.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # leave a dirty page when reloading
    try:
        _load(page, url, token)
        yield page
    finally:
        page.close()


def _load(page, url, token):
    """(Re)load JupyterLab with a blank workspace: no tab open, the file browser at the root."""
    page.set_viewport_size(VIEWPORT)
    page.goto(f"{url}/lab?token={token}&reset", timeout=OPEN_TIMEOUT * 1000)
    with _or_fail("JupyterLab", f"its file browser listed no file within {OPEN_TIMEOUT} s"):
        page.locator(".jp-DirListing-item").first.wait_for(timeout=OPEN_TIMEOUT * 1000)


@contextlib.contextmanager
def _or_fail(name, what):
    """Turn a Playwright error or timeout into a failure saying which notebook and what."""
    try:
        yield
    except Exception as e:
        pytest.fail(f"{name}: {what}: {e}")


def _wait_for(page, name, ready, what, timeout):
    """Poll the notebook's state until ready(state) is truthy; fail naming what is missing."""
    deadline = time.monotonic() + timeout
    while True:
        state = page.evaluate(STATE_JS)
        if state is not None and ready(state):
            return state
        if time.monotonic() > deadline:
            pytest.fail(f"{name}: {what} not seen within {timeout} s; {_describe(state)}")
        page.wait_for_timeout(250)


def _describe(state):
    if state is None:
        return "no notebook panel on the page"
    waiting = [i for i, c in enumerate(state["cells"]) if c["code"] and not _counted(c)]
    return f"kernel status {state['status']!r}, cells without an execution count: {waiting}"


def _counted(cell):
    return re.fullmatch(r"\[\d+\]:", cell["prompt"].strip()) is not None


def _errors(state, allowed):
    found = []
    for i, cell in enumerate(state["cells"]):
        for out in cell["outputs"]:
            if i not in allowed and "stderr" in out["mime"] and ERROR_TEXT.search(out["text"]):
                found.append(f"cell {i}: {out['text'][:500]}")
    return found


def _click_menu(page, menu, command, name):
    page.locator("#jp-MainMenu .lm-MenuBar-itemLabel", has_text=re.compile(f"^{menu}$")).click()
    item = page.locator(f'.lm-Menu-item[data-command="{command}"]:not(.lm-mod-disabled)')
    with _or_fail(name, f"no enabled {menu} menu item {command!r}"):
        item.click(timeout=10_000)


def _cells(page):
    return page.locator("#jp-main-dock-panel .jp-Notebook .jp-Cell")


def _open(page, url, token, path, n_cells):
    """Open the notebook at path (from the root) from the file browser, folder by folder.

    Returns once it shows its n_cells cells and its kernel is idle and connected.
    """
    parts = Path(path).parts
    # from the root, whatever the file browser showed last; its listing is fetched from the
    # server, which a busy machine can make slow: the first name gets OPEN_TIMEOUT
    page.locator(".jp-BreadCrumbs-home").first.click(timeout=10_000)
    for depth, part in enumerate(parts, start=1):
        item = page.locator(".jp-DirListing-itemText", has_text=re.compile(f"^{re.escape(part)}$"))
        with _or_fail(path, f"{part} not found in JupyterLab's file browser"):
            item.dblclick(timeout=(OPEN_TIMEOUT if depth == 1 else 10) * 1000)
        if depth < len(parts):
            # a folder: wait until its own listing replaces the one it is in, or the next name
            # may be clicked in the listing being left (notebooks/ and notebooks/zh-CN/ hold
            # the same file names), landing on whatever takes its place
            with _or_fail(path, f"the file browser did not move into {part}/"):
                item.wait_for(state="detached", timeout=10_000)
    return _wait_for(
        page,
        path,
        lambda s: (
            s["status"] == "idle"
            and len(s["cells"]) == n_cells
            and _kernel_connected(url, token, path)
        ),
        f"the notebook with its {n_cells} cells and an idle, connected kernel",
        OPEN_TIMEOUT,
    )


def _close_without_saving(page, path):
    """Close the notebook's tab, discarding its changes; the file browser back at the root."""
    _click_menu(page, "File", "application:close", path)
    with _or_fail(path, "no 'Discard' in a dialog asking to save changes"):
        page.locator(".jp-Dialog button.jp-mod-warn", has_text="Discard").click(timeout=10_000)
    with _or_fail(path, "its tab did not close"):
        page.locator("#jp-main-dock-panel .jp-NotebookPanel").wait_for(
            state="detached", timeout=10_000
        )
    page.locator(".jp-BreadCrumbs-home").first.click(timeout=10_000)


def _give_up(page, url, token, screenshots, shot):
    """After a failure: keep a screenshot if asked, and reload a blank workspace."""
    if screenshots is not None:  # what the page showed when the test gave up
        with contextlib.suppress(Exception):
            page.screenshot(path=screenshots / (shot + "-failed.png"))
    with contextlib.suppress(Exception, pytest.fail.Exception):
        _load(page, url, token)  # a blank workspace for the next notebook


@pytest.mark.parametrize("name", _notebook_names())
def test_notebook_runs_in_jupyterlab(name, lab, jupyterlab, screenshots):
    url, token, before = lab
    page = jupyterlab
    path = f"notebooks/{name}"  # as the file browser shows it, from the root
    cells = json.loads((NOTEBOOKS / name).read_text())["cells"]
    n_code = sum(c["cell_type"] == "code" for c in cells)
    # cells meant to fail, as JupyterLab's run all also understands them
    allowed = {
        i
        for i, c in enumerate(cells)
        if "raises-exception" in c.get("metadata", {}).get("tags", [])
    }
    shot = Path(name.replace("/", "-")).stem  # a screenshot's file name
    try:
        _open(page, url, token, path, len(cells))

        # start from a blank page, so that whatever shows below was computed now
        _click_menu(page, "Edit", "editmenu:clear-all", name)
        _wait_for(
            page,
            name,
            lambda s: not any(c["outputs"] or _counted(c) for c in s["cells"]),
            "cleared outputs",
            OPEN_TIMEOUT,
        )

        _click_menu(page, "Kernel", "runmenu:restart-and-run-all", name)
        with _or_fail(name, "no dialog to confirm the kernel restart"):
            page.locator(".jp-Dialog button.jp-mod-accept").click(timeout=10_000)

        def done(s):
            if s["status"] == "idle" and _errors(s, allowed):
                return True  # run all stopped at an error: report it below
            codes = [c for c in s["cells"] if c["code"]]
            return s["status"] == "idle" and len(codes) == n_code and all(map(_counted, codes))

        state = _wait_for(page, name, done, "every code cell run and an idle kernel", RUN_TIMEOUT)
        errors = _errors(state, allowed)
        assert not errors, f"{name} shows errors:\n" + "\n".join(errors)

        if name == ZH_LESSON:  # the Chinese edition, not the English one, is on screen
            first = _cells(page).first
            first.scroll_into_view_if_needed(timeout=10_000)
            rendered = first.locator(".jp-MarkdownOutput")
            shown = rendered.text_content(timeout=10_000)
            assert CJK.search(shown), f"{name}: its first Markdown cell shows {shown!r}"
            assert rendered.is_visible(), f"{name}: its first Markdown cell is not visible"

        expected = EXPECTED.get(Path(name).name)
        if expected is not None:
            where = [
                (i, j)
                for i, cell in enumerate(state["cells"])
                for j, out in enumerate(cell["outputs"])
                if expected in (line.strip() for line in out["text"].splitlines())
            ]
            assert where, f"{name}: no output shows the line {expected!r}"
            i, j = where[0]
            shown = _cells(page).nth(i).locator(".jp-OutputArea-output").nth(j)
            shown.scroll_into_view_if_needed(timeout=10_000)
            assert shown.is_visible(), f"{name}: {expected!r} is in the page but not visible"

        if screenshots is not None:
            _screenshot(page, screenshots / (shot + ".png"))

        # close the tab without saving: running made the notebook dirty
        _close_without_saving(page, name)
    except BaseException:
        _give_up(page, url, token, screenshots, shot)
        raise
    finally:
        _shutdown_kernels(url, token, path)
    assert (ROOT / path).read_bytes() == before[path], (
        f"{name} changed on disk while open in JupyterLab"
    )


def _type_into(page, cell, code):
    """Replace the code in a cell's editor, as a learner selecting all and typing would."""
    cell.scroll_into_view_if_needed(timeout=10_000)
    cell.locator(".cm-content").click(timeout=10_000)
    page.keyboard.press("Control+a")
    # inserted as one piece, like a paste: typed key by key, the editor would indent after
    # each colon and close each bracket on its own
    page.keyboard.insert_text(code)


def test_an_exercise_in_jupyterlab(lab, jupyterlab, screenshots):
    url, token, before = lab
    page = jupyterlab
    cells = json.loads((ROOT / EXERCISE).read_text())["cells"]
    code = [i for i, c in enumerate(cells) if c["cell_type"] == "code"]
    exercise = next(i for i in code if "".join(cells[i]["source"]).startswith("def sigmoid("))
    check = code[code.index(exercise) + 1]
    assert "".join(cells[check]["source"]) == "checks.sigmoid(sigmoid)"
    assert "raise NotImplementedError()" in "".join(cells[exercise]["source"])
    above = [i for i in code if i < exercise]

    def shown(i):  # what cell i shows, its outputs' text
        return lambda s: "\n".join(out["text"] for out in s["cells"][i]["outputs"])

    try:
        _open(page, url, token, EXERCISE, len(cells))
        # what a learner does first: run the cells above the exercise (imports, data)
        _cells(page).nth(exercise).locator(".jp-InputPrompt").click(timeout=10_000)
        _click_menu(page, "Run", "notebook:run-all-above", EXERCISE)
        _wait_for(
            page,
            EXERCISE,
            lambda s: s["status"] == "idle" and all(_counted(s["cells"][i]) for i in above),
            "the cells above the exercise run",
            RUN_TIMEOUT,
        )
        for typed, wanted, what, shot in [
            (WRONG_SIGMOID, lambda text: HINT in text, "the check's hint", "hint"),
            (RIGHT_SIGMOID, PASSED.search, "the check's pass line", "passed"),
        ]:
            _type_into(page, _cells(page).nth(exercise), typed)
            page.keyboard.press("Shift+Enter")  # runs the exercise, moves to the check
            page.keyboard.press("Shift+Enter")  # runs the check
            state = _wait_for(
                page,
                EXERCISE,
                lambda s, wanted=wanted: s["status"] == "idle" and wanted(shown(check)(s)),
                what,
                RUN_TIMEOUT,
            )
            assert not shown(exercise)(state), f"the exercise shows {shown(exercise)(state)!r}"
            output = _cells(page).nth(check).locator(".jp-OutputArea-output").first
            output.scroll_into_view_if_needed(timeout=10_000)
            assert output.is_visible(), f"{what} is in the page but not visible"
            if screenshots is not None:
                page.screenshot(path=screenshots / f"exercise-sigmoid-{shot}.png")
        _close_without_saving(page, EXERCISE)
    except BaseException:
        _give_up(page, url, token, screenshots, "exercise-sigmoid")
        raise
    finally:
        _shutdown_kernels(url, token, EXERCISE)
    assert (ROOT / EXERCISE).read_bytes() == before[EXERCISE], (
        f"{EXERCISE} changed on disk while open in JupyterLab"
    )


def _screenshot(page, path):
    """The whole notebook in one picture: grow the window to fit its cells, then shoot."""
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
    page.screenshot(path=path, full_page=True)
    page.set_viewport_size(VIEWPORT)  # the next notebook opens in the usual window


def _kernel_connected(url, token, path):
    """The server's view: the notebook's kernel is idle and the page holds its websocket."""
    for session in _request(f"{url}/api/sessions?token={token}"):
        kernel = session.get("kernel") or {}
        if session.get("path") == path and kernel.get("execution_state") == "idle":
            return kernel.get("connections", 0) > 0
    return False


def _shutdown_kernels(url, token, path):
    """Stop the kernel of this notebook: a closed tab leaves it running."""
    try:
        for session in _request(f"{url}/api/sessions?token={token}"):
            if session.get("path") == path:
                _request(f"{url}/api/sessions/{session['id']}?token={token}", "DELETE")
    except (urllib.error.URLError, OSError):
        pass  # the module teardown stops every kernel anyway

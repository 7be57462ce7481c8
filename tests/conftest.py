"""Options and fixtures shared by the test modules in tests/.

The data set is loaded once per session, and each full training (2000 iterations on the
cat images) runs once per session: the reference run with the Gram solver in this process;
the course's model(), the reference run (`python -m lr_utils train`, whose saved weights the
estimator and Gram tests use), the example of docs/lr_utils.md and the course's own
assignment code in subprocesses. Those start as soon as collection is over, one BLAS thread
each, so that they run beside the in-process tests.

Work that runs whole notebooks (a small lesson and its exercise edition in kernels of their
own, the exercise editions in JupyterLab) starts then too, in background threads: a module
declares its jobs with a function ``kernel_jobs(items)`` returning {key: callable} for the
items selected, and its tests get the results from the ``kernel_job`` fixture. A module's jobs
run one after the other in its lane (``KERNEL_JOB_LANE``, default "kernels"), the lanes side by
side. Every test that waits for background work runs last, so that the work overlaps the unit
tests and nbval instead of following them. A job touches no process-wide state: it prints
nothing, and it gives every kernel and process it starts the environment pytest started with
(its module's ``ENV_AT_START``), never os.environ, which a unit test may be changing at that
moment.
"""

import contextlib
import functools
import io
import json
import os
import pickle
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from lr_utils import (
    DatasetError,
    LogisticRegression,
    fetch_dataset,
    images_to_columns,
    load_dataset,
)

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "lr_utils.md"
COURSE_ASSIGNMENT = Path(__file__).resolve().parent / "course" / "week2_assignment.py"


# A test module that needs a dev tool (nbformat, nbclient, playwright...) is skipped, with
# the reason, where the tool is not installed: `pip install -e . pytest` runs the rest.
# Only a module missing from this environment qualifies, never lr_utils or a module of
# the suite; tests/test_packaging.py checks that every import is a declared dependency.
# (--browser-screenshots is registered in the root conftest.py.)


class _Module(pytest.Module):
    def _getobj(self):
        try:
            return super()._getobj()
        except self.CollectError as error:
            missing = error.__cause__
            name = getattr(missing, "name", None) or ""
            top = name.split(".")[0]
            ours = top in ("", "lr_utils", "tests") or top in sys.stdlib_module_names
            if not isinstance(missing, ModuleNotFoundError) or ours:
                raise
            pytest.skip(
                f"{self.path.name} needs {top}, a dev tool that is not installed "
                f"(pip install -e '.[dev]')",
                allow_module_level=True,
            )


def pytest_pycollect_makemodule(module_path, parent):
    return _Module.from_parent(parent, path=module_path)


# the data and the in-process trainings, once per session; the arrays are read-only, so
# that a test that changes a shared array fails instead of spoiling the tests after it


def _read_only(*arrays):
    for array in arrays:
        array.flags.writeable = False
    return arrays


@pytest.fixture(scope="session")
def data_dir():
    """The folder holding the two verified data files (LR_UTILS_DATA_DIR in dev and CI)."""
    return fetch_dataset()


@pytest.fixture(scope="session")
def cat_images(data_dir):
    """The five values of load_dataset(): images, labels and class names, read-only."""
    return _read_only(*load_dataset(data_dir))


@pytest.fixture(scope="session")
def cat_data(cat_images):
    """(X_train, Y_train, X_test, Y_test): the images as columns (n_x, m), read-only."""
    train_x, train_y, test_x, test_y, _ = cat_images
    return _read_only(images_to_columns(train_x), train_y, images_to_columns(test_x), test_y)


@pytest.fixture(scope="session")
def course_run(request, data_dir):
    """model()'s run of the course, 2000 iterations at 0.005 with print_cost: (d, what it
    printed). Trained in a subprocess started at the end of collection, beside the tests."""
    result, folder = _background(request, "course_run", data_dir)
    assert result.returncode == 0, result.stderr
    with open(folder / "d.pickle", "rb") as f:
        return pickle.load(f), result.stdout


@pytest.fixture(scope="session")
def gram_reference_run(cat_data):
    """The reference run with solver="gram" (fast: the 209 x 209 Gram matrix), printed as
    `python -m lr_utils train` prints it: (fitted LogisticRegression, printed text)."""
    X_train, y_train, X_test, y_test = cat_data
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        clf = LogisticRegression(solver="gram").fit(X_train, y_train, 2001, 0.005, True, 500)
        print(f"training acc: {clf.accuracy_score(X_train, y_train)}")
        print(f"testing acc: {clf.accuracy_score(X_test, y_test)}")
    return clf, out.getvalue()


@pytest.fixture(scope="session")
def random_problem():
    """A function (n_x, m, seed) -> w, b, X, Y: a random problem with 0/1 labels."""

    def random_problem(n_x, m, seed):
        rng = np.random.default_rng(seed)
        w = rng.normal(size=(n_x, 1))
        b = float(rng.normal())
        X = rng.normal(size=(n_x, m))
        Y = rng.integers(0, 2, size=(1, m)).astype(np.float64)
        return w, b, X, Y

    return random_problem


# the example of docs/lr_utils.md: its code block and the output block after it


def _docs_example():
    text = DOCS.read_text()
    section = text[text.index("## Using `lr_utils`") :]
    code, output = re.findall(r"```(?:python|text)\n(.*?)```", section, re.S)[:2]
    return code, output


# subprocesses started when collection is over, so that they run beside other tests


def _start_cli_reference_run(folder, env):
    (folder / "cwd").mkdir()
    (folder / "out").mkdir()
    out = folder / "out"
    args = ["-m", "lr_utils", "train", "--plot", out / "curve.png", "--save", out / "model.npz"]
    return [sys.executable, *map(str, args)], folder / "cwd"


def _start_docs_example(folder, env):
    return [sys.executable, "-c", _docs_example()[0]], folder


def _start_course_assignment(folder, env):
    # the learner's folder: their notebook's code, and a photo in images/ to classify
    shutil.copyfile(COURSE_ASSIGNMENT, folder / COURSE_ASSIGNMENT.name)
    (folder / "images").mkdir()
    test_x = load_dataset(env["LR_UTILS_DATA_DIR"])[2]
    Image.fromarray(test_x[7]).save(folder / "images" / "my_image.jpg")
    return [sys.executable, COURSE_ASSIGNMENT.name], folder


COURSE_RUN = """
import pickle

from lr_utils import images_to_columns, load_dataset, model

train_x, train_y, test_x, test_y, _ = load_dataset()
X_train, X_test = images_to_columns(train_x), images_to_columns(test_x)
d = model(X_train, train_y, X_test, test_y, 2000, 0.005, print_cost=True)
with open("d.pickle", "wb") as f:
    pickle.dump(d, f)
"""


def _start_course_run(folder, env):
    return [sys.executable, "-c", COURSE_RUN], folder


BACKGROUND = {
    "course_run": _start_course_run,
    "cli_reference_run": _start_cli_reference_run,
    "docs_example_run": _start_docs_example,
    "course_assignment_run": _start_course_assignment,
}
_RUNS = pytest.StashKey[dict]()


class BackgroundRun:
    """A command running in a scratch folder; result() waits for it."""

    def __init__(self, name, data_dir):
        self.folder = Path(tempfile.mkdtemp(prefix=f"lr_utils_{name}_"))
        env = {
            **os.environ,
            "LR_UTILS_DATA_DIR": str(data_dir),
            "OPENBLAS_NUM_THREADS": "1",
            "MPLBACKEND": "Agg",
        }
        command, cwd = BACKGROUND[name](self.folder, env)
        # files, not pipes: nobody reads them until result(), and a full pipe would block
        self.stdout = tempfile.TemporaryFile("w+")  # noqa: SIM115 - closed in stop()
        self.stderr = tempfile.TemporaryFile("w+")  # noqa: SIM115
        self.process = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdout=self.stdout,
            stderr=self.stderr,
            text=True,
            # behind pytest's own thread, as the background threads' work
            preexec_fn=(lambda: os.nice(NICENESS)) if os.name == "posix" else None,
        )
        self.cpu_seconds = None

    def result(self, timeout=600):
        """(CompletedProcess with stdout and stderr as text, the scratch folder)."""
        deadline = time.monotonic() + timeout
        while self.process.returncode is None and hasattr(os, "wait4"):
            # reaped here, for its CPU time (the suite's time summary); then wait() returns
            pid, status, usage = os.wait4(self.process.pid, os.WNOHANG)
            if pid:
                self.process.returncode = os.waitstatus_to_exitcode(status)
                self.cpu_seconds = usage.ru_utime + usage.ru_stime
            elif time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(self.process.args, timeout)
            else:
                time.sleep(0.05)
        self.process.wait(timeout=timeout)
        texts = []
        for stream in (self.stdout, self.stderr):
            stream.seek(0)
            texts.append(stream.read())
        done = subprocess.CompletedProcess(self.process.args, self.process.returncode, *texts)
        return done, self.folder

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.stdout.close()
        self.stderr.close()
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.hookimpl(trylast=True)  # after the root conftest.py has added the reruns
def pytest_collection_modifyitems(config, items):
    # the tests that wait for background work go last, so that the work overlaps the rest
    waiting = {*BACKGROUND, "kernel_job"}
    waits = [item for item in items if waiting & set(getattr(item, "fixturenames", ()))]
    waits += _run_elsewhere(config, items)
    if waits:
        items[:] = [item for item in items if item not in waits] + waits
    config.stash[_WAITS] = {item.nodeid for item in waits}


# Files whose tests run in a pytest of their own, started at the end of collection beside
# pytest's own thread, which the unit tests and nbval would otherwise fill alone while the
# lanes are done: each of their tests reports here the outcome it had there (its failure
# text, its skip reason). The files whose tests mostly wait: on the fetches' deadlines and
# their local servers, on the lessons' trainings and timings. That pytest is told where to write the
# outcomes by ELSEWHERE_REPORT (the root conftest.py writes them: its hooks see every test,
# notebooks included), and runs its tests itself.
ELSEWHERE = (
    "tests/test_data.py",
    "notebooks/03_vectorization.ipynb",
    "notebooks/06_going_further.ipynb",
)
ELSEWHERE_REPORT = "LR_UTILS_SUITE_REPORT"
_ELSEWHERE = pytest.StashKey[dict]()


def _file_of(item):
    return item.nodeid.split("::", 1)[0]


def _run_elsewhere(config, items):
    """The items of ELSEWHERE, made to report the other pytest's outcomes; [] when this is
    that pytest, when only they were selected, or when collecting only."""
    mine = [item for item in items if _file_of(item) in ELSEWHERE]
    if (
        not mine
        or len(mine) == len(items)
        or os.environ.get(ELSEWHERE_REPORT)
        or config.option.collectonly
    ):
        return []
    config.stash[_ELSEWHERE] = {"files": sorted({_file_of(item) for item in mine})}
    for item in mine:
        # no fixture, no kernel here: the other pytest sets up what the test needs
        item.setup = item.teardown = _nothing
        item.parent.setup = item.parent.teardown = _nothing
        item.runtest = functools.partial(_outcome_elsewhere, item)
    return mine


def _nothing():
    pass


def _start_elsewhere(config):
    plan = config.stash.get(_ELSEWHERE, None)
    if plan is None:
        return
    folder = Path(tempfile.mkdtemp(prefix="lr_utils_elsewhere_"))
    report = folder / "outcomes.jsonl"
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *plan["files"]]
    plan["folder"], plan["report"] = folder, report
    plan["output"] = open(folder / "output.txt", "w+")  # noqa: SIM115 - closed at the end
    # the environment pytest started with (no test has changed it yet), at pytest's priority:
    # this is work of pytest's own thread, moved beside it
    plan["process"] = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, ELSEWHERE_REPORT: str(report)},
        stdout=plan["output"],
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    plan["start"], plan["started"] = time.monotonic(), time.time()


def _outcome_elsewhere(item):
    plan = item.config.stash[_ELSEWHERE]
    if "outcomes" not in plan:
        plan["process"].wait()
        # when it ended: when it last wrote (its summary), however late this asks
        plan["end"] = plan["start"] + Path(plan["output"].name).stat().st_mtime - plan["started"]
        outcomes = {}
        if plan["report"].exists():
            for line in plan["report"].read_text().splitlines():
                nodeid, when, outcome, text = json.loads(line)
                outcomes.setdefault(nodeid, []).append((when, outcome, text))
        plan["outcomes"] = outcomes
    phases = plan["outcomes"].get(item.nodeid)
    if not phases:
        plan["output"].seek(0)
        tail = "\n".join(plan["output"].read().splitlines()[-30:])
        pytest.fail(
            f"{item.nodeid} did not run in the pytest of {' '.join(plan['files'])} "
            f"(exit code {plan['process'].returncode}); its output ends:\n{tail}",
            pytrace=False,
        )
    for when, outcome, text in phases:
        if outcome == "failed":
            pytest.fail(f"in the pytest of its own file, at {when}:\n{text}", pytrace=False)
    for _, outcome, text in phases:
        if outcome == "skipped":
            pytest.skip(text.removeprefix("Skipped: "))


_KERNEL_JOBS = pytest.StashKey[dict]()
_KERNEL_POOLS = pytest.StashKey[dict]()
_SPANS = pytest.StashKey[dict]()  # lane: (first start, last end, jobs), monotonic seconds
_WAITS = pytest.StashKey[set]()  # the node ids of the tests that wait for background work


def _start_kernel_jobs(session):
    # each module's jobs go to its lane (KERNEL_JOB_LANE, default "kernels"): one thread per
    # lane, the jobs of a lane one after the other, the lanes side by side
    lanes = {}
    for module in {item.module for item in session.items if hasattr(item, "module")}:
        declare = getattr(module, "kernel_jobs", None)
        if declare is not None:
            lane = getattr(module, "KERNEL_JOB_LANE", "kernels")
            lanes.setdefault(lane, {}).update(declare(session.items))
    pools = session.config.stash[_KERNEL_POOLS] = {}
    futures = session.config.stash[_KERNEL_JOBS] = {}
    spans = session.config.stash.setdefault(_SPANS, {})
    for lane, jobs in sorted(lanes.items()):
        if jobs:
            pools[lane] = ThreadPoolExecutor(max_workers=1, thread_name_prefix=lane)
            timed = {key: _timed(job, spans, lane, len(jobs)) for key, job in jobs.items()}
            futures.update({key: pools[lane].submit(job) for key, job in timed.items()})


# pytest's own thread (the unit tests, then the lessons under nbval) is the longest piece of
# work: everything else runs behind it, at a lower priority, and takes the CPU it leaves
NICENESS = 10


def _behind_pytests_own_thread():
    """Lower this thread's priority, and so that of every process it starts (they inherit it).
    On Linux a thread has a priority of its own; elsewhere, where it would lower pytest's
    whole process, nothing is done."""
    if sys.platform == "linux":
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICENESS)


def _timed(job, spans, lane, n_jobs):
    """job, noting when its lane's work started and ended (for the suite's time summary)."""

    def run():
        _behind_pytests_own_thread()
        start = time.monotonic()
        try:
            return job()
        finally:
            first, _, _ = spans.get(lane, (start, None, n_jobs))
            spans[lane] = (min(first, start), time.monotonic(), n_jobs)

    return run


def pytest_collection_finish(session):
    if session.config.option.collectonly:
        return
    _start_elsewhere(session.config)
    _start_kernel_jobs(session)
    wanted = {name for item in session.items for name in getattr(item, "fixturenames", ())}
    names = [name for name in BACKGROUND if name in wanted]
    if names:
        runs = session.config.stash.setdefault(_RUNS, {})
        try:
            data_dir = fetch_dataset()
        except DatasetError:  # no data: the tests that need it fail with the reason
            return
        for name in names:
            runs[name] = BackgroundRun(name, data_dir)


# the suite's time, and how it was spent: printed at the end of every run (make test)

_CLOCK = pytest.StashKey[dict]()


def _busy_cpu_seconds():
    """CPU seconds the whole machine has spent busy since boot (Linux), or None."""
    try:
        with open("/proc/stat") as f:
            user, nice, system, _, _, irq, softirq = map(int, f.readline().split()[1:8])
    except (OSError, ValueError):
        return None
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def pytest_sessionstart(session):
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    session.config.stash[_CLOCK] = {
        "start": time.monotonic(),
        "busy": _busy_cpu_seconds(),
        "load": load,
    }


def pytest_terminal_summary(terminalreporter, config):
    clock = config.stash.get(_CLOCK, None)
    if clock is None or config.option.collectonly:
        return
    wall = time.monotonic() - clock["start"]
    write = terminalreporter.write_line
    cores = os.cpu_count()
    load = "" if clock["load"] is None else f", load {clock['load']:.1f} when it started"
    terminalreporter.section("where the time went")
    write(f"the whole run: {wall:.0f} s on {cores} cores{load}")
    busy = _busy_cpu_seconds()
    if busy is not None and clock["busy"] is not None:
        write(f"  CPU, every process on the machine: {busy - clock['busy']:.0f} s")
    parts = {}
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", None) not in ("setup", "call", "teardown"):
                continue
            part = "unit tests"
            if report.nodeid in config.stash.get(_WAITS, ()):
                part = "waiting for the lanes and subprocesses"
            elif report.nodeid.startswith("notebooks/"):
                part = "nbval reruns" if "(rerun" in report.nodeid else "nbval in order"
            parts[part] = parts.get(part, 0.0) + report.duration
    main = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in sorted(parts.items()))
    write(f"  in pytest's own thread: {main or 'nothing'}")
    for lane, (first, last, n_jobs) in sorted(config.stash.get(_SPANS, {}).items()):
        write(
            f"  lane {lane!r} (a thread beside it): {n_jobs} job(s) from "
            f"{first - clock['start']:.0f} s to {last - clock['start']:.0f} s"
        )
    elsewhere = config.stash.get(_ELSEWHERE, {})
    if "end" in elsewhere:
        start, end = (elsewhere[t] - clock["start"] for t in ("start", "end"))
        files = ", ".join(elsewhere["files"])
        write(f"  a pytest of its own for {files}: from {start:.0f} s to {end:.0f} s")
    for name, run in sorted(config.stash.get(_RUNS, {}).items()):
        if run.cpu_seconds is not None:
            write(f"  subprocess {name}: {run.cpu_seconds:.1f} s of CPU")


def pytest_unconfigure(config):
    for run in config.stash.get(_RUNS, {}).values():
        run.stop()
    elsewhere = config.stash.get(_ELSEWHERE, {})
    if "process" in elsewhere:
        if elsewhere["process"].poll() is None:  # an interrupted session
            elsewhere["process"].kill()
            elsewhere["process"].wait()
        elsewhere["output"].close()
        shutil.rmtree(elsewhere["folder"], ignore_errors=True)
    for pool in config.stash.get(_KERNEL_POOLS, {}).values():
        pool.shutdown(wait=True, cancel_futures=True)  # an interrupted session starts no more


@pytest.fixture(scope="session")
def kernel_job(request):
    """A function key -> the result of the background job its test module declared.

    A job not started at collection (the test was asked for some other way) runs now.
    """
    futures = request.config.stash.get(_KERNEL_JOBS, {})

    def result(key, job):
        return futures[key].result() if key in futures else job()

    return result


def _background(request, name, data_dir):
    runs = request.config.stash.setdefault(_RUNS, {})
    if name not in runs:  # not started at collection (say, asked for by a plugin)
        runs[name] = BackgroundRun(name, data_dir)
    return runs[name].result()


@pytest.fixture(scope="session")
def cli_reference_run(request, data_dir):
    """``python -m lr_utils train --plot curve.png --save model.npz``: (result, out folder)."""
    result, folder = _background(request, "cli_reference_run", data_dir)
    return result, folder / "out"


@pytest.fixture(scope="session")
def reference_model(cli_reference_run):
    """The fitted LogisticRegression of the reference run, read from the CLI's --save."""
    return LogisticRegression.load(cli_reference_run[1] / "model.npz")


@pytest.fixture(scope="session")
def docs_example():
    """The example of docs/lr_utils.md: (its Python code, the output it shows)."""
    return _docs_example()


@pytest.fixture(scope="session")
def docs_example_run(request, data_dir):
    """docs/lr_utils.md's example run with ``python -c`` from a scratch folder: the result."""
    return _background(request, "docs_example_run", data_dir)[0]


@pytest.fixture(scope="session")
def course_assignment_run(request, data_dir):
    """The course's assignment code run as a script from a learner's folder: the result."""
    return _background(request, "course_assignment_run", data_dir)[0]


@pytest.fixture(scope="session")
def collected_notebook_items(request):
    """The node ids of nbval's items for notebooks/: this session's when it collected the
    lessons (`make test` does), else those of a collection of its own, in a subprocess."""
    ids = [item.nodeid for item in request.session.items if "::Cell " in item.nodeid]
    if any(i.startswith("notebooks/") for i in ids):
        return ids
    collect = ["-p", "no:cacheprovider", "--collect-only", "-q", "notebooks"]
    done = subprocess.run(
        [sys.executable, "-m", "pytest", *collect],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return [line for line in done.stdout.splitlines() if "::Cell " in line]


@pytest.fixture(scope="session")
def dead_url():
    """The URL of a local port that refuses connections: a mirror that is down."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}/"


def _patch_member(raw, name, local=None, central=None):
    """Overwrite fields of member name in a zip archive: {offset: bytes} in its headers."""
    raw = bytearray(raw)
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as archive:
        start = archive.getinfo(name).header_offset
    for offset, value in (local or {}).items():
        raw[start + offset : start + offset + len(value)] = value
    at = raw.find(b"PK\x01\x02")  # the central directory, one entry per member
    while at != -1:
        length = struct.unpack("<H", raw[at + 28 : at + 30])[0]
        if raw[at + 46 : at + 46 + length] == name.encode():
            for offset, value in (central or {}).items():
                raw[at + offset : at + offset + len(value)] = value
        at = raw.find(b"PK\x01\x02", at + 4)
    return bytes(raw)


def _member_data(raw, name):
    """(start, end) of the stored bytes of member name in a zip archive."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        info = archive.getinfo(name)
    start = info.header_offset
    name_length, extra_length = struct.unpack("<HH", raw[start + 26 : start + 30])
    data = start + 30 + name_length + extra_length
    return data, data + info.compress_size


def _npz(**arrays):
    out = io.BytesIO()
    np.savez(out, **arrays)
    return out.getvalue()


def _npy_claiming(shape):
    """A w.npy whose header claims shape but which holds only 8 bytes of data."""
    out = io.BytesIO()
    header = {"descr": "<f8", "fortran_order": False, "shape": shape}
    np.lib.format.write_array_header_1_0(out, header)
    out.write(b"\0" * 8)
    return out.getvalue()


def _with_member(raw, name, content):
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.namelist():
            target.writestr(item, content if item == name else source.read(item))
    return out.getvalue()


def _damages(raw):
    """Every way we know a model file can be damaged: {label: bytes}."""
    start, end = _member_data(raw, "w.npy")
    flipped_data = bytearray(raw)
    flipped_data[end - 1] ^= 0xFF  # the last byte of w: the zip directory is intact
    flipped_header = bytearray(raw)
    flipped_header[start + 12] ^= 0xFF  # inside the .npy header of w
    w = np.linspace(-1.0, 1.0, 12).reshape(-1, 1)
    return {
        "a flipped byte in w": bytes(flipped_data),
        "a flipped byte in the header of w": bytes(flipped_header),
        "cut in half": raw[: len(raw) // 2],
        "cut short by 10 bytes": raw[:-10],
        "empty": b"",
        "text": b"w = 1, b = 2\n",
        "an unknown compression method": _patch_member(
            raw, "w.npy", local={8: b"\x63\x00"}, central={10: b"\x63\x00"}
        ),
        "stored bytes marked as deflated": _patch_member(
            raw, "w.npy", local={8: b"\x08\x00"}, central={10: b"\x08\x00"}
        ),
        "marked as encrypted": _patch_member(
            raw, "w.npy", local={6: b"\x01\x00"}, central={8: b"\x01\x00"}
        ),
        "w claiming 10**12 weights": _with_member(raw, "w.npy", _npy_claiming((10**12, 1))),
        "w claiming a negative size": _with_member(raw, "w.npy", _npy_claiming((-5, 1))),
        "w as pickled objects": _npz(w=w.astype(object), b=np.float64(0.5)),
        "w as strings": _npz(w=w.astype(str), b=np.float64(0.5)),
        "w as complex numbers": _npz(w=w + 0j, b=np.float64(0.5)),
        "b as a bool": _npz(w=w, b=np.True_),
        "b as two numbers": _npz(w=w, b=np.zeros(2)),
        "w as a row": _npz(w=w.T, b=np.float64(0.5)),
        "w with NaN": _npz(w=np.full((12, 1), np.nan), b=np.float64(0.5)),
        "no b": _npz(w=w),
        "an .npy, not an .npz": _npy_claiming((1, 1)),
    }


@pytest.fixture
def damaged_models(tmp_path):
    """{label: path} of damaged copies of a model file written by save, 12 weights."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(12, 20))
    Y = (X[0] > 0).astype(np.int64).reshape(1, -1)
    good = LogisticRegression().fit(X, Y, 5, 0.1).save(tmp_path / "good.npz")
    paths = {}
    for i, (label, content) in enumerate(_damages(good.read_bytes()).items()):
        paths[label] = tmp_path / f"damaged_{i}.npz"
        paths[label].write_bytes(content)
    good.unlink()
    return paths

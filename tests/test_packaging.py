"""The set-up files agree with each other, every import is declared, the Makefile guards
the Python version, and the tree is lint- and format-clean with the pinned ruff."""

import ast
import functools
import importlib.metadata
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

try:
    import tomllib
except ImportError:  # Python 3.10: the dev extra brings tomli
    tomllib = pytest.importorskip("tomli")

ROOT = Path(__file__).resolve().parent.parent
# the environment pytest started with: background jobs (tests/conftest.py) read this, never
# os.environ, which a test in pytest's own thread may change for a moment (monkeypatch)
ENV_AT_START = dict(os.environ)
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
EXTRAS = PROJECT["optional-dependencies"]

# conda-forge's names for the packages whose name there differs from pip's; the same
# map is documented at the top of environment.yml
CONDA_NAMES = {"playwright": "playwright-python"}


def _requirements(specs):
    """{name: version range} from PEP 508 strings such as 'numpy>=1.26,<3; marker'.

    An environment marker is dropped: conda installs such a package unconditionally.
    """
    found = {}
    for spec in specs:
        requirement = spec.split(";")[0].strip()
        m = re.fullmatch(r"([A-Za-z0-9_.-]+)(\[[^\]]*\])?\s*(.*)", requirement)
        found[m[1].lower().replace("_", "-")] = m[3].replace(" ", "")
    return found


def test_environment_yml_matches_pyproject():
    yaml = pytest.importorskip("yaml")  # the dev extra brings it (pyyaml)
    wanted = _requirements(PROJECT["dependencies"] + EXTRAS["lab"] + EXTRAS["dev"])
    wanted.pop("lr-utils")  # the dev extra names the lab extra through the package itself
    wanted = {CONDA_NAMES.get(name, name): spec for name, spec in wanted.items()}

    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    have = _requirements(d for d in conda if not d.startswith(("python", "pip")))

    assert env["channels"] == ["conda-forge"]
    assert have == wanted, f"environment.yml {have} != pyproject.toml {wanted}"
    assert "-e .[dev]" in pip, f"environment.yml must install the clone itself, got {pip}"
    python = next(d for d in conda if d.startswith("python"))
    assert python == "python" + PROJECT["requires-python"]
    for pip_name, conda_name in CONDA_NAMES.items():
        assert f"{pip_name} -> {conda_name}" in (ROOT / "environment.yml").read_text()


@functools.cache
def _distributions():
    return importlib.metadata.packages_distributions()  # a scan of every installed package


# the distribution of a module whose name differs from it, for when it is not installed
NOT_INSTALLED = {"yaml": "pyyaml", "PIL": "pillow"}


def _imported_packages(paths):
    """{top-level module: file} for the absolute imports in the given Python files,
    pytest.importorskip("name") included."""
    found = {}
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            elif (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", None) == "importorskip"
                and isinstance(node.args[0], ast.Constant)
            ):
                names = [node.args[0].value]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], path.relative_to(ROOT))
    return found


@pytest.mark.parametrize(
    ("files", "extras"),
    [("lr_utils/*.py", []), ("tests/**/*.py", ["lab", "dev"]), ("conftest.py", ["dev"])],
)
def test_every_import_is_declared(files, extras):
    specs = PROJECT["dependencies"] + [spec for extra in extras for spec in EXTRAS[extra]]
    declared = set(_requirements(specs))
    # this project's own: the package, conftest, the scripts of tools/ (pytest's pythonpath)
    # and the suite's helper modules in tests/ (pytest puts that folder on the path)
    ours = [*(ROOT / "tools").glob("*.py"), *(ROOT / "tests").glob("*.py")]
    local = {"lr_utils", "conftest", *(p.stem for p in ours)}
    distributions = _distributions()
    missing = []
    for module, path in sorted(_imported_packages(ROOT.glob(files)).items()):
        if module in sys.stdlib_module_names or module in local:
            continue
        found = distributions.get(module) or [NOT_INSTALLED.get(module, module)]
        names = {n.lower().replace("_", "-") for n in found}
        if not names & declared:
            missing.append(f"{module} (imported by {path}; distribution {sorted(names)})")
    assert not missing, f"not declared in pyproject.toml {extras or 'dependencies'}: {missing}"


def _pinned_ruff():
    spec = _requirements(EXTRAS["dev"])["ruff"]
    assert re.fullmatch(r"==\d+\.\d+\.\d+", spec), f"ruff must be pinned exactly, got {spec}"
    return spec[2:]


def test_ruff_is_pinned_exactly():
    # a new ruff release must not turn `make test` red with no change here
    _pinned_ruff()


@pytest.mark.skipif(
    shutil.which("ruff", path=str(Path(sys.executable).parent)) is None,
    reason="ruff is not installed (pip install -e '.[dev]')",
)
@pytest.mark.parametrize("command", [["check"], ["format", "--check"]])
def test_tree_is_ruff_clean(command):
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent))
    version = subprocess.run([ruff, "--version"], capture_output=True, text=True).stdout.split()
    pinned = _pinned_ruff()
    found = version[-1] if version else "unknown"
    assert found == pinned, (
        f"ruff {pinned} is pinned in pyproject.toml, found ruff {found}: "
        f"reinstall the dev tools (make .venv/.dev-installed, or pip install -e '.[dev]')"
    )
    result = subprocess.run([ruff, *command, "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, f"ruff {pinned} {' '.join(command)} found:\n{result.stdout}"


# "Only lr_utils and pytest": an environment with nothing else, made of this one's installed
# files (a venv with links to the packages lr_utils and pytest need, and to nothing more)


def _installed_closure(names):
    """{name: Distribution} of names and what they require, extras left out, recursively;
    a requirement not installed here is one whose marker excludes this Python."""
    found = {}
    todo = list(names)
    while todo:
        name = re.match(r"[A-Za-z0-9._-]+", todo.pop())[0].lower().replace("_", "-")
        if name in found:
            continue
        try:
            found[name] = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue
        todo += [spec for spec in found[name].requires or [] if "extra ==" not in spec]
    return found


# The runs of python and pytest below are slow (a process each, with its imports): they start
# when collection is over, one after the other in a thread of their own (tests/conftest.py,
# kernel_jobs), beside the other tests, whose tests read their results at the end.
KERNEL_JOB_LANE = "processes"
REFUSED = "http://127.0.0.1:1/"  # port 1: nothing listens there, a mirror that is down
RUN_WITHOUT_DEV_TOOLS = ["tests/test_timing.py", "tests/test_browser.py", "tests/test_notebooks.py"]
NO_DEV_TOOL = ["nbformat", "nbclient", "nbval", "playwright", "psutil", "yaml", "jupyterlab"]


def _run(command, env=None, timeout=300):
    command = [str(c) for c in command]
    return subprocess.run(
        command,
        cwd=ROOT,
        env=ENV_AT_START if env is None else env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _core_only_python(folder):
    """The python of a fresh venv in folder holding lr_utils (this clone) and pytest, and
    nothing else: links to this environment's installed files."""
    venv = Path(folder) / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = Path(subprocess.run([python, "-c", code], capture_output=True, text=True).stdout.strip())
    for name, dist in _installed_closure(["lr_utils", "pytest"]).items():
        tops = {Path(str(f)).parts[0] for f in dist.files or []}
        for top in sorted(tops - {".."}):
            if name == "lr-utils" and not top.endswith(".dist-info"):
                continue  # the editable install's finder: the .pth below instead
            if not (site / top).exists():
                (site / top).symlink_to(dist.locate_file(top))
    (site / "lr_utils_clone.pth").write_text(f"{ROOT}\n")
    return python


def _core_only_runs():
    """In an environment with only lr_utils and pytest: what it finds, and pytest's runs."""
    env = {
        k: v for k, v in ENV_AT_START.items() if k not in ("PYTHONPATH", "LR_UTILS_REQUIRE_BROWSER")
    }
    with tempfile.TemporaryDirectory(prefix="lr_utils_core_only_") as folder:
        python = _core_only_python(folder)
        code = "import importlib.util as u; print([m for m in %r if u.find_spec(m)])"
        return {
            "found": _run([python, "-c", code % NO_DEV_TOOL]),
            "lr_utils": _run([python, "-c", "import lr_utils, pytest; print(lr_utils.__file__)"]),
            # collection of every test module: those that need a dev tool skip, saying which
            "collect": _run([python, "-m", "pytest", "tests", "--collect-only", "-q", "-rs"], env),
            # and a run: the browser tests say why they skip, the unit tests pass
            "run": _run([python, "-m", "pytest", "-q", "-rs", *RUN_WITHOUT_DEV_TOOLS], env),
        }


def _stops_at_once_run():
    """A pytest with no data and no network (the only mirror refuses connections)."""
    tests = ["tests/test_estimator.py", "tests/test_notebooks.py"]
    if importlib.util.find_spec("nbval") is not None:
        tests.append("notebooks/01_notation_and_data.ipynb")  # a lesson under nbval
    with tempfile.TemporaryDirectory(prefix="lr_utils_no_data_") as data:
        env = {**ENV_AT_START, "LR_UTILS_DATA_DIR": data, "LR_UTILS_DATA_URL": REFUSED}
        return _run([sys.executable, "-m", "pytest", "-q", *tests], env, timeout=120)


def _no_data_run():
    """One pytest, as a learner types it with no data set and no network, asking for
    screenshots with a space (`--browser-screenshots DIR`) and no test path: its result.
    The tests it runs (tests/test_timing.py) need no data; DIR exists, as when rerun."""
    with (
        tempfile.TemporaryDirectory(prefix="lr_utils_no_data_") as data,
        tempfile.TemporaryDirectory(dir=ROOT, prefix=".screenshots-") as folder,
    ):
        env = {**ENV_AT_START, "LR_UTILS_DATA_DIR": data, "LR_UTILS_DATA_URL": REFUSED}
        options = ["--browser-screenshots", Path(folder).name, "-p", "no:nbval"]
        # the notebooks are not the subject here, nor the other tests
        return _run(
            [sys.executable, "-m", "pytest", *options, "-o", "testpaths=tests/test_timing.py"], env
        )


JOBS = {  # the job, and the tests that read its result
    "core only": (_core_only_runs, {"test_core_only_environment_has_no_dev_tool",
                                    "test_pytest_tests_with_only_lr_utils_and_pytest"}),
    "stops at once": (_stops_at_once_run,
                      {"test_without_the_data_the_suite_stops_at_once_in_one_line"}),
    "no data": (_no_data_run, {"test_without_the_data_a_test_that_does_not_need_it_runs",
                               "test_browser_screenshots_takes_its_folder_after_a_space"}),
}  # fmt: skip


def kernel_jobs(items):
    """The background jobs of the selected tests (tests/conftest.py)."""
    names = {i.name for i in items if getattr(i, "module", None) is sys.modules[__name__]}
    return {("packaging", key): job for key, (job, tests) in JOBS.items() if names & tests}


@pytest.fixture
def ran(kernel_job):
    """A function key -> the result of that job (started at collection, or now)."""
    return lambda key: kernel_job(("packaging", key), JOBS[key][0])


def test_core_only_environment_has_no_dev_tool(ran):
    runs = ran("core only")
    assert runs["found"].returncode == 0, runs["found"].stderr
    assert runs["found"].stdout.strip() == "[]"
    result = runs["lr_utils"]
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).parent == ROOT / "lr_utils"


def test_pytest_tests_with_only_lr_utils_and_pytest(ran):
    result = ran("core only")["collect"]
    assert result.returncode == 0, result.stdout + result.stderr
    skipped = re.findall(
        r"^SKIPPED \[\d+\] \S+ (test_\w+\.py) needs (\w+), a dev tool", result.stdout, re.M
    )
    modules = {module for module, _ in skipped}
    assert {"test_notebooks.py", "test_exercises.py"} <= modules, result.stdout
    dev_tools = set(_requirements(EXTRAS["dev"]) | _requirements(EXTRAS["lab"]))
    for module, tool in skipped:
        assert NOT_INSTALLED.get(tool, tool) in dev_tools, f"{module}: {tool} is no dev tool"
    assert "tests/test_estimator.py::" in result.stdout  # the unit tests are collected

    result = ran("core only")["run"]
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"\d+ passed, \d+ skipped", result.stdout), result.stdout
    assert "playwright" in result.stdout, result.stdout
    assert re.search(r"test_notebooks\.py needs \w+, a dev tool", result.stdout), result.stdout


def test_plain_pytest_runs_the_notebooks_under_strict_nbval(request):
    option = request.config.option
    if not request.config.pluginmanager.hasplugin("nbval"):
        pytest.skip("nbval is not installed (pip install -e '.[dev]')")
    if option.nbval_lax or option.nbval_kernel_name:
        pytest.skip("this session asked for --nbval-lax or another kernel")
    assert option.nbval and option.nbval_current_env
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "notebooks" in project["tool"]["pytest"]["ini_options"]["testpaths"]


def test_without_the_data_the_suite_stops_at_once_in_one_line(ran):
    # before any test runs, one line says what to do, instead of a failure per test
    result = ran("stops at once")
    assert result.returncode == pytest.ExitCode.USAGE_ERROR, result.stdout + result.stderr
    output = result.stdout + result.stderr
    lines = [line for line in output.splitlines() if "LR_UTILS_DATA_DIR" in line]
    assert len(lines) == 1, output
    assert "python -m lr_utils fetch" in lines[0]
    assert not re.search(r"\d+ (passed|failed|errors?)\b", output), output
    assert "Traceback" not in output


def test_without_the_data_a_test_that_does_not_need_it_runs(ran):
    result = ran("no data")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert re.search(r"\b\d+ passed\b", output), output


def test_browser_screenshots_takes_its_folder_after_a_space(ran):
    # DIR is the option's value, not a test path (which made pytest reject the option)
    result = ran("no data")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert f"rootdir: {ROOT}" in output


def test_no_test_module_redefines_a_shared_fixture():
    # one fixture per name: a module's own copy of a session fixture (say, a writable
    # cat_data) would load or train again what the session shares
    def fixtures(path):
        names = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and any(
                "fixture" in ast.unparse(d) for d in node.decorator_list
            ):
                names.add(node.name)
        return names

    shared = fixtures(ROOT / "tests" / "conftest.py")
    for path in sorted((ROOT / "tests").glob("test_*.py")):
        again = fixtures(path) & shared
        assert not again, f"{path.name} redefines {sorted(again)} of tests/conftest.py"


def test_background_jobs_read_the_environment_pytest_started_with():
    # a module with background jobs (tests/conftest.py, kernel_jobs) reads os.environ once, at
    # import: a job that read it later could meet a test's monkeypatched LR_UTILS_DATA_DIR and
    # start its kernel or process with that test's empty data folder
    for path in sorted((ROOT / "tests").glob("test_*.py")):
        tree = ast.parse(path.read_text())
        if not any(isinstance(n, ast.FunctionDef) and n.name == "kernel_jobs" for n in tree.body):
            continue
        reads = [n.lineno for n in ast.walk(tree) if ast.unparse(n) == "os.environ"]
        snapshot = [
            n.lineno
            for n in tree.body
            if isinstance(n, ast.Assign) and ast.unparse(n) == "ENV_AT_START = dict(os.environ)"
        ]
        assert reads == snapshot and len(snapshot) == 1, f"{path.name}: os.environ at {reads}"


# The Makefile's guard on the interpreter, with stand-in interpreters: each answers the
# Makefile's questions (version, path) as a real one would and "creates" a venv by
# writing which interpreter made it, so that no real venv is built.


def _fake_python(folder, name, version):
    path = folder / name
    code = (
        f"#!{sys.executable}\n"
        "import os, sys\n"
        f"real = sys.executable\n"
        f"sys.executable = {str(path)!r}\n"
        "class V(tuple):\n"
        "    major = property(lambda s: s[0]); minor = property(lambda s: s[1])\n"
        f"sys.version_info = V({version!r})\n"
        "if sys.argv[1] == '-c':\n"
        "    code = sys.argv[2]; sys.argv = ['-c', *sys.argv[3:]]; exec(code)\n"
        "elif sys.argv[1:3] == ['-m', 'venv']:\n"
        "    os.makedirs(os.path.join(sys.argv[3], 'bin'))\n"
        "    if os.environ.get('FAIL_VENV'):\n"
        "        sys.exit('fake python: ensurepip is not available')\n"
        "    with open(os.path.join(sys.argv[3], 'made-by'), 'w') as f:\n"
        "        f.write(sys.executable)\n"
        "else:\n"
        "    sys.exit(f'fake python: unexpected {sys.argv[1:]}')\n"
    )
    path.write_text(code)
    path.chmod(0o755)
    return path


@pytest.mark.skipif(shutil.which("make") is None or os.name != "posix", reason="needs make")
def test_makefile_checks_the_python_version_and_follows_PYTHON(tmp_path):
    shutil.copyfile(ROOT / "Makefile", tmp_path / "Makefile")
    old = _fake_python(tmp_path, "python3.9", (3, 9, 6, "final", 0))
    one = _fake_python(tmp_path, "python3.12", (3, 12, 1, "final", 0))
    two = _fake_python(tmp_path, "python3.13", (3, 13, 0, "final", 0))

    def make(python, **env):
        return subprocess.run(
            ["make", "--no-print-directory", "venv", f"PYTHON={python}"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env={**ENV_AT_START, **env},
        )

    result = make(old)
    assert result.returncode != 0
    assert f"lr_utils needs Python 3.10 or newer; {old} is 3.9" in result.stderr
    assert "PYTHON=" in result.stderr  # says how to choose another interpreter
    assert not (tmp_path / ".venv").exists()

    assert make(one).returncode == 0
    assert (tmp_path / ".venv" / "made-by").read_text() == str(one)
    stamp = (tmp_path / ".venv" / "made-by").stat().st_mtime_ns
    assert make(one).returncode == 0
    assert (tmp_path / ".venv" / "made-by").stat().st_mtime_ns == stamp  # kept as it was

    result = make(two, FAIL_VENV="1")  # a venv that cannot be made leaves no half of it
    assert result.returncode != 0 and "ensurepip" in result.stderr
    assert not (tmp_path / ".venv").exists()
    assert make(one).returncode == 0

    result = make(two)  # PYTHON changed: the venv is made again with it
    assert result.returncode == 0, result.stderr
    assert (tmp_path / ".venv" / "made-by").read_text() == str(two)

    result = make(old)  # a bad PYTHON leaves the good venv alone
    assert result.returncode != 0
    assert (tmp_path / ".venv" / "made-by").read_text() == str(two)

    # without PYTHON, the existing venv is used whatever python3 is
    (tmp_path / ".venv" / "bin" / "python").symlink_to(two)
    (tmp_path / ".venv" / ".core-installed").touch()
    result = subprocess.run(["make", "venv"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / ".venv" / "made-by").read_text() == str(two)

"""The set-up files agree with each other, every import is declared, the Makefile guards
the Python version, and the tree is lint- and format-clean with the pinned ruff."""

import ast
import functools
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

try:
    import tomllib
except ImportError:  # Python 3.10: the dev extra brings tomli
    tomllib = pytest.importorskip("tomli")

ROOT = Path(__file__).resolve().parent.parent
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
    local = {"lr_utils", "conftest"}
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


def test_pytest_runs_without_nbval(tmp_path):
    # `-p no:nbval` stands for an environment with only the core package and pytest
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:nbval", "-q", "tests/test_timing.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert " passed" in result.stdout


def test_plain_pytest_runs_the_notebooks_under_strict_nbval(request):
    option = request.config.option
    if not request.config.pluginmanager.hasplugin("nbval"):
        pytest.skip("nbval is not installed (pip install -e '.[dev]')")
    if option.nbval_lax or option.nbval_kernel_name:
        pytest.skip("this session asked for --nbval-lax or another kernel")
    assert option.nbval and option.nbval_current_env
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "notebooks" in project["tool"]["pytest"]["ini_options"]["testpaths"]


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
            env={**os.environ, **env},
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

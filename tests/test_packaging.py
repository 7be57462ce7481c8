"""The set-up files agree with each other, and the tree is lint- and format-clean."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

try:
    import tomllib
except ImportError:  # Python 3.10
    tomllib = pytest.importorskip("tomli")

ROOT = Path(__file__).resolve().parent.parent


def _requirements(specs):
    """{name: version range} from PEP 508 strings such as 'numpy>=1.26,<3'."""
    pairs = (re.fullmatch(r"([A-Za-z0-9_.-]+)(\[[^\]]*\])?\s*(.*)", s.strip()) for s in specs)
    return {m[1].lower(): m[3].replace(" ", "") for m in pairs}


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    wanted = _requirements(project["dependencies"] + extras["lab"] + extras["dev"])
    wanted.pop("lr_utils")  # the dev extra names the lab extra through the package itself

    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    have = _requirements(d for d in conda if not d.startswith(("python", "pip")))

    assert env["channels"] == ["conda-forge"]
    assert have == wanted, f"environment.yml {have} != pyproject.toml {wanted}"
    assert "-e .[dev]" in pip, f"environment.yml must install the clone itself, got {pip}"
    python = next(d for d in conda if d.startswith("python"))
    assert python == "python" + project["requires-python"]


@pytest.mark.skipif(
    shutil.which("ruff", path=str(Path(sys.executable).parent)) is None,
    reason="ruff is not installed (pip install -e '.[dev]')",
)
@pytest.mark.parametrize("command", [["check"], ["format", "--check"]])
def test_tree_is_ruff_clean(command):
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent))
    result = subprocess.run([ruff, *command, "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, f"ruff {' '.join(command)} found:\n{result.stdout}"

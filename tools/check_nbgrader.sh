#!/usr/bin/env bash
# Prove the nbgrader claims with nbgrader's own commands (README, For instructors):
# 1. nbgrader's ClearSolutions and ClearOutput preprocessors, run through `jupyter nbconvert`
#    on every lesson, give the code cells of the exercise edition;
# 2. `make course` lays out a course that nbgrader's own pipeline releases, autogrades and
#    returns with the expected scores (tools/check_nbgrader_course.py says what is checked).
#
# Usage: tools/check_nbgrader.sh [NOTEBOOKS_DIR [EXERCISES_DIR]]   (default: notebooks exercises)
# nbgrader, and the workbook beside it as on a class's server, are installed into a throwaway
# virtual environment under a temporary folder, never into .venv or pyproject.toml;
# NBGRADER_VENV=DIR reuses one. The data: LR_UTILS_DATA_DIR, as for the workbook.
set -euo pipefail
cd "$(dirname "$0")/.."
notebooks="${1:-notebooks}"
exercises="${2:-exercises}"
NBGRADER_VERSION=0.9.6  # the version verified

if ! grep -rqs --include='*.ipynb' -e '### BEGIN SOLUTION' "$notebooks"; then
    echo "no exercise markers under $notebooks/ yet: nothing for nbgrader to compare"
    exit 0
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
venv="${NBGRADER_VENV:-$scratch/venv}"
if ! "$venv/bin/python" -c "import nbgrader, sys; sys.exit(nbgrader.__version__ != '$NBGRADER_VERSION')" 2>/dev/null; then
    "${PYTHON:-python3}" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet "nbgrader==$NBGRADER_VERSION"
fi

# 1. one nbconvert per folder (--output-dir keeps only the file names): mirror the folders
(cd "$notebooks" && find . -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' | sed 's|/[^/]*$||' | sort -u) |
    while read -r folder; do
        find "$notebooks/$folder" -maxdepth 1 -name '*.ipynb' -print0 | sort -z |
            xargs -0 "$venv/bin/jupyter" nbconvert --to notebook --log-level=WARN \
                --output-dir "$scratch/cleared/$folder" \
                --NotebookExporter.preprocessors='["nbgrader.preprocessors.ClearSolutions","nbgrader.preprocessors.ClearOutput"]' \
                --ClearSolutions.enforce_metadata=False
    done
"$venv/bin/python" tools/compare_code_cells.py "$scratch/cleared" "$exercises"

# 2. the course: the workbook installed where nbgrader runs the notebooks (this clone's)
here="$(pwd -P)"
# (asked from /, where no lr_utils folder in the working directory can answer for it)
if [ "$(cd / && "$venv/bin/python" -c 'import lr_utils, pathlib; print(pathlib.Path(lr_utils.__file__).resolve().parent.parent)' 2>/dev/null)" != "$here" ]; then
    "$venv/bin/python" -m pip install --quiet -e "$here"
fi
make --no-print-directory course DIR="$scratch/course" >/dev/null
# nbgrader runs its own tools (alembic) from PATH, as in an activated environment
PATH="$venv/bin:$PATH" "$venv/bin/python" tools/check_nbgrader_course.py "$scratch/course"

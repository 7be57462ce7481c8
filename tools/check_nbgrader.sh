#!/usr/bin/env bash
# Prove the nbgrader claim: nbgrader's own ClearSolutions and ClearOutput preprocessors, run
# through `jupyter nbconvert` on every lesson, give the code cells of the exercise edition.
#
# Usage: tools/check_nbgrader.sh [NOTEBOOKS_DIR [EXERCISES_DIR]]   (default: notebooks exercises)
# nbgrader is installed into a throwaway virtual environment under a temporary folder, never
# into .venv or pyproject.toml; NBGRADER_VENV=DIR reuses one that already has it.
set -euo pipefail
cd "$(dirname "$0")/.."
notebooks="${1:-notebooks}"
exercises="${2:-exercises}"

if ! grep -rqs --include='*.ipynb' -e '### BEGIN SOLUTION' "$notebooks"; then
    echo "no exercise markers under $notebooks/ yet: nothing for nbgrader to compare"
    exit 0
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
venv="${NBGRADER_VENV:-$scratch/venv}"
if [ ! -x "$venv/bin/jupyter-nbconvert" ] || ! "$venv/bin/python" -c 'import nbgrader' 2>/dev/null; then
    "${PYTHON:-python3}" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet "nbgrader==0.9.6"  # the version verified
fi

# one nbconvert per notebook: --output-dir keeps only the file name, so mirror the folders
(cd "$notebooks" && find . -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' | sort) |
    while read -r nb; do
        "$venv/bin/jupyter" nbconvert --to notebook --log-level=WARN \
            --output-dir "$scratch/cleared/$(dirname "$nb")" \
            --NotebookExporter.preprocessors='["nbgrader.preprocessors.ClearSolutions","nbgrader.preprocessors.ClearOutput"]' \
            --ClearSolutions.enforce_metadata=False "$notebooks/$nb"
    done
"$venv/bin/python" tools/compare_code_cells.py "$scratch/cleared" "$exercises"

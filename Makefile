# Two commands on a fresh clone: `make train` (the main job) and `make test` (the whole suite).
# Each creates .venv when it is missing and installs what it needs into it.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# the interpreter as "path version", recorded in $(VENV)/.python when the venv is made
PYTHON_ID = $(PYTHON) -c 'import sys; print(sys.executable, "%d.%d" % sys.version_info[:2])'

NOTEBOOKS ?= $(wildcard notebooks/*.ipynb)
# exercise (or lesson) notebooks for `make exercises`; empty means every one
EXERCISES ?=
# NB: a notebook for `make lab` to open, e.g. NB=exercises/01_notation_and_data.ipynb;
# LAB_ARGS: more options for jupyter lab, e.g. LAB_ARGS="--ip=0.0.0.0 --no-browser" in Docker
NB ?=
LAB_ARGS ?=

# A relative LR_UTILS_DATA_DIR means the folder make runs in (the clone), for every target:
# it is passed on as an absolute path, so that a notebook's kernel, which starts in the
# notebook's own folder, finds the same data (lr_utils refuses a relative one)
ifneq ($(strip $(LR_UTILS_DATA_DIR)),)
ifeq ($(filter /% ~%,$(firstword $(LR_UTILS_DATA_DIR))),)
override LR_UTILS_DATA_DIR := $(CURDIR)/$(LR_UTILS_DATA_DIR)
endif
export LR_UTILS_DATA_DIR
endif

# Stable names for code cells in tracebacks and warnings, for the suite and for stored
# outputs only (see conftest.py). Never for `make lab`: in a learner's kernel it hides
# their own lines from tracebacks and their functions' source from the checks.
test notebooks: export IPYKERNEL_CELL_NAME := <IPY-INPUT>

.PHONY: train test lab lint format notebooks translations editions exercises bench clean venv FORCE

venv: $(VENV)/.python  ## make .venv with PYTHON (python3 unless given), if not made yet

# .venv, made with PYTHON once it passes the version check. An existing .venv is kept
# unless PYTHON is given (make train PYTHON=python3.12) and differs from the one that
# made it: then .venv is made again (a half-made one is removed). The file changes only
# when .venv is made, so the install steps below rerun only then.
$(VENV)/.python: FORCE
	@if [ "$(origin PYTHON)" = file ] && [ -x $(BIN)/python ] \
	        && { [ -f $@ ] || [ -f $(VENV)/.core-installed ]; }; then \
	    [ -f $@ ] || touch $@; exit 0; \
	fi; \
	if ! $(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then \
	    found=$$($(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null); \
	    echo "lr_utils needs Python 3.10 or newer; $(PYTHON) is $${found:-not a Python it can run}." >&2; \
	    echo "Install a newer Python and name it, e.g.: make $(or $(MAKECMDGOALS),train) PYTHON=python3.12" >&2; \
	    exit 1; \
	fi; \
	id=$$($(PYTHON_ID)); \
	if [ "$$(cat $@ 2>/dev/null)" != "$$id" ]; then \
	    echo "making $(VENV) with $$id"; \
	    rm -rf $(VENV); \
	    $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }; \
	    echo "$$id" > $@; \
	fi

FORCE:

$(VENV)/.core-installed: pyproject.toml $(VENV)/.python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml $(VENV)/.python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.core-installed

train: $(VENV)/.core-installed  ## fetch the data if needed, train the reference run
	$(BIN)/python -m lr_utils train

test: $(VENV)/.dev-installed  ## unit tests, lint, every notebook under nbval, browser tests
	$(BIN)/python -m pytest

# the whole clone in JupyterLab, NB opened if given; --allow-root only where make runs as
# root (Docker, devcontainers), which jupyter refuses without it
lab: $(VENV)/.dev-installed  ## open the workbook in JupyterLab; NB=path/to/notebook.ipynb opens one
	@if [ -n "$(NB)" ] && [ ! -f "$(NB)" ]; then \
	    echo "make lab: NB=$(NB) is not a notebook in $(CURDIR); expected e.g. NB=exercises/01_notation_and_data.ipynb" >&2; \
	    exit 1; \
	fi
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS) $(if $(NB),"$(NB)")

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev-installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

notebooks: $(VENV)/.dev-installed  ## re-execute notebooks in place, storing fresh outputs
	$(BIN)/python tools/execute_notebooks.py $(NOTEBOOKS)
	$(BIN)/nbstripout --keep-output --keep-count --keep-id $(NOTEBOOKS)
	$(BIN)/python tools/build_editions.py --update-catalogs $(FORCE_FLAG) $(NOTEBOOKS)

# The Chinese text is in i18n/zh-CN/<lesson>.po, gettext catalogs (one entry per cell): this
# brings them in step with the English lessons (an entry for each new cell, fuzzy ones for
# changed cells, obsolete ones for removed cells), rebuilds the editions, and lists what is
# left to translate or review (tools/build_editions.py --todo).
translations: $(VENV)/.dev-installed  ## update i18n/zh-CN/*.po from the lessons, rebuild, list what is left
	$(BIN)/python tools/build_editions.py --update-catalogs $(FORCE_FLAG)
	-$(BIN)/python tools/build_editions.py --todo

# exercises/, notebooks/zh-CN/ and exercises/zh-CN/, generated from the lessons and the
# catalogs (tools/build_editions.py). A generated notebook you changed is your work: only
# FORCE=1 typed on make's command line overwrites it (FORCE=0, FORCE=no, or a FORCE from
# the shell's environment do not).
ifeq ($(origin FORCE)|$(FORCE),command line|1)
FORCE_FLAG := --force
endif
editions exercises: $(VENV)/.dev-installed  ## regenerate exercises/ and the Chinese editions; FORCE=1 overwrites your work
	$(BIN)/python tools/build_editions.py $(FORCE_FLAG) $(EXERCISES)

bench: $(VENV)/.core-installed
	$(BIN)/python benchmarks/bench_train.py

clean:
	rm -rf $(VENV) build *.egg-info

# an nbgrader course folder from the lessons, one assignment per lesson (README: For
# instructors); LESSONS=notebooks/zh-CN for the Chinese lessons; a source notebook that
# differs (your edits) is kept unless FORCE=1
.PHONY: course
course: $(VENV)/.dev-installed  ## lay out an nbgrader course in DIR: nbgrader_config.py, source/
	@if [ -z "$(DIR)" ]; then \
	    echo "usage: make course DIR=path/to/course [LESSONS=notebooks/zh-CN] [FORCE=1]" >&2; \
	    exit 2; \
	fi
	$(BIN)/python tools/make_course.py $(if $(filter 1,$(FORCE)),--force) \
	    $(if $(LESSONS),--lessons "$(LESSONS)") "$(DIR)"

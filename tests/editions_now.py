"""The editions tools/build_editions.py makes now of the clone's lessons, built once per process.

For the test modules that read them (test_exercises.py, test_translations.py,
test_browser.py): what a build gives, never the files on disk in exercises/, which are the
learners'.
"""

import functools
from pathlib import Path

# the scripts of tools/, by name (pytest's pythonpath in pyproject.toml has tools/)
import build_editions

ROOT = Path(__file__).resolve().parent.parent
LAYOUT = build_editions.Layout(ROOT)
LESSONS = build_editions.lesson_names(LAYOUT)


@functools.cache
def outputs():
    """{path: bytes} of every edition of every lesson, as a build would write them now."""
    made, _ = build_editions.plan(LAYOUT, dict.fromkeys(LESSONS))
    return dict(made)

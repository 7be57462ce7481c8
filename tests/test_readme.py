"""The README's API example prints exactly the output the README shows."""

import tracemalloc
from pathlib import Path

import numpy as np

from lr_utils import LogisticRegression

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_example_output(readme_example, readme_example_run):
    # the example's code run with `python -c` from a scratch folder, as a reader would
    result = readme_example_run
    output = readme_example[1]
    assert result.returncode == 0, result.stderr
    assert result.stdout == output, f"got:\n{result.stdout}\nREADME shows:\n{output}"


def test_readme_quick_start_shows_the_reference_run():
    text = README.read_text()
    for line in (
        "make train",
        "make test",
        "Cost after iteration 2000: 0.135608",
        "training acc: 0.9904306220095693",
        "testing acc: 0.7",
    ):
        assert line in text, f"README lacks {line!r}"


def peak_memory_of_fit(X, Y):
    tracemalloc.start()
    try:
        LogisticRegression().fit(X, Y, 3, 0.01)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_readme_says_when_fit_copies_X():
    rng = np.random.default_rng(0)
    X = rng.random((2000, 100))
    Y = (X[0] > 0.5).astype(np.int64).reshape(1, -1)
    # float64 in C or Fortran order, as images_to_columns returns it: no copy
    for layout in (X, np.asfortranarray(X)):
        assert peak_memory_of_fit(layout, Y) < 0.1 * X.nbytes
    # any other X is converted once: float32 costs a float64 copy, 2x its own size
    for other in (X.astype(np.float32), X[:, ::1].repeat(2, axis=1)[:, ::2]):
        assert peak_memory_of_fit(other, Y) >= X.nbytes
    text = " ".join(README.read_text().split())
    for promise in (
        "fit makes no copy of a float64 X in C or Fortran order",
        "Any other X (float32, integers, a strided view) is converted once to a float64 copy",
    ):
        assert promise in text, f"README lacks {promise!r}"

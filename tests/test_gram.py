"""The Gram solver: the same gradient descent in the span of the examples, checked against
the vectorized one (the gradient solver) on the reference run and on random problems."""

import re
import tracemalloc

import numpy as np
import pytest

from lr_utils import LogisticRegression, gram_gradient_descent

REFERENCE_OUTPUT = """\
Cost after iteration 0: 0.693147
Cost after iteration 500: 0.303273
Cost after iteration 1000: 0.214820
Cost after iteration 1500: 0.166521
Cost after iteration 2000: 0.135608
training acc: 0.9904306220095693
testing acc: 0.7
"""


# the reference run, trained once per session and solver (tests/conftest.py): the gradient
# solver's by `python -m lr_utils train` (cli_reference_run, its weights reference_model),
# the Gram solver's in this process (gram_reference_run)


def random_problem(n_x, m, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_x, m))
    Y = (rng.random((1, m)) < 0.5).astype(np.int64)
    return X, Y


def assert_same_fit(got, expected):
    """w_ to 1e-12 relative (to the largest weight), b_ and costs_ to 1e-12."""
    scale = np.max(np.abs(expected.w_))
    gap = np.max(np.abs(got.w_ - expected.w_))
    assert gap <= 1e-12 * scale, f"max |w_ - expected| = {gap:.3g}, max |w_| = {scale:.3g}"
    assert got.b_ == pytest.approx(expected.b_, rel=0, abs=1e-12), f"b_ {got.b_} vs {expected.b_}"
    assert len(got.costs_) == len(expected.costs_)
    cost_gap = np.max(np.abs(np.subtract(got.costs_, expected.costs_)), initial=0.0)
    assert cost_gap <= 1e-12, f"max |costs_ - expected| = {cost_gap:.3g}"


def test_gram_prints_the_reference_run_as_the_gradient_solver(
    gram_reference_run, cli_reference_run
):
    gram = gram_reference_run[1]
    result = cli_reference_run[0]
    assert result.returncode == 0, result.stderr
    gradient = "".join(result.stdout.splitlines(keepends=True)[:7])  # before "written to"
    assert gram == gradient, f"gram printed:\n{gram}\ngradient printed:\n{gradient}"
    assert gram == REFERENCE_OUTPUT


def test_gram_reference_accuracies_exactly(gram_reference_run, cat_data):
    clf = gram_reference_run[0]
    X_train, y_train, X_test, y_test = cat_data
    train_acc, test_acc = clf.accuracy_score(X_train, y_train), clf.accuracy_score(X_test, y_test)
    assert train_acc == 0.9904306220095693, f"train {train_acc!r}, expected 0.9904306220095693"
    assert test_acc == 0.7, f"test {test_acc!r}, expected 0.7"


def test_gram_reference_run_same_fit(gram_reference_run, reference_model, cat_data):
    gram, gradient = gram_reference_run[0], reference_model
    assert gram.w_.shape == (12288, 1) and gram.w_.dtype == np.float64
    assert type(gram.b_) is float and len(gram.costs_) == 2001
    # the gradient solver's weights as its run saved them (exactly: .npz keeps float64)
    scale = np.max(np.abs(gradient.w_))
    gap = np.max(np.abs(gram.w_ - gradient.w_))
    assert gap <= 1e-12 * scale, f"max |w_ - gradient w_| = {gap:.3g}, max |w_| = {scale:.3g}"
    assert gram.b_ == pytest.approx(gradient.b_, rel=0, abs=1e-12)
    # every cost on the way (save keeps them)
    assert len(gradient.costs_) == len(gram.costs_)
    np.testing.assert_allclose(gram.costs_, gradient.costs_, rtol=0, atol=1e-12)
    # the cost after the last update, which the gradient run did not record
    X_train, y_train = cat_data[0], cat_data[1]
    cost, expected = gram.cost_function(X_train, y_train), gradient.cost_function(X_train, y_train)
    assert cost == pytest.approx(expected, rel=0, abs=1e-12)
    assert gram.costs_[-1] > cost  # the last update lowered it


def test_gram_model_saves_and_loads(gram_reference_run, cat_data, tmp_path):
    clf = gram_reference_run[0]
    loaded = LogisticRegression.load(clf.save(tmp_path / "model.npz"))
    np.testing.assert_array_equal(loaded.w_, clf.w_)
    assert loaded.b_ == clf.b_ and loaded.solver == "gram" and loaded.costs_ == clf.costs_
    X_test, y_test = cat_data[2], cat_data[3]
    np.testing.assert_array_equal(loaded.predict(X_test), clf.predict(X_test))
    assert loaded.accuracy_score(X_test, y_test) == 0.7


@pytest.mark.parametrize(
    ("n_x", "m", "seed"),
    [(1, 1, 0), (50, 8, 1), (300, 40, 2), (40, 40, 3), (3, 200, 4), (12, 500, 5)],
)
def test_gram_matches_gradient_on_random_problems(n_x, m, seed):
    # m < n_x (the span of the examples is a subspace), m = n_x, and m > n_x (all of it)
    X, Y = random_problem(n_x, m, seed)
    gradient = LogisticRegression().fit(X, Y, 300, 0.1)
    gram = LogisticRegression(solver="gram").fit(X, Y, 300, 0.1)
    assert_same_fit(gram, gradient)


def test_gram_prints_as_the_gradient_solver(capsys):
    X, Y = random_problem(30, 20, 6)
    LogisticRegression().fit(X, Y, 25, 0.5, True, 7)
    gradient = capsys.readouterr().out
    LogisticRegression(solver="gram").fit(X, Y, 25, 0.5, True, 7)
    assert capsys.readouterr().out == gradient
    assert gradient.count("\n") == 4, gradient  # iterations 0, 7, 14, 21


def test_gram_zero_iterations_leaves_zeros():
    X, Y = random_problem(4, 6, 7)
    clf = LogisticRegression(solver="gram").fit(X, Y, 0, 0.1)
    assert clf.w_.shape == (4, 1) and not clf.w_.any()
    assert clf.b_ == 0.0 and clf.costs_ == []


def test_gram_weights_are_a_combination_of_the_examples():
    X, Y = random_problem(20, 5, 8)
    w, b, c, costs = gram_gradient_descent(X, Y.astype(np.float64), 40, 0.3)
    assert c.shape == (5, 1) and type(b) is float and len(costs) == 40
    np.testing.assert_array_equal(w, X @ c)


def test_gram_refused_above_the_memory_bound():
    # K would be 11586 x 11586 float64, just above the 1 GiB bound
    X, Y = np.ones((1, 11586)), np.zeros((1, 11586))
    clf = LogisticRegression(solver="gram")
    tracemalloc.start()
    try:
        with pytest.raises(ValueError) as info:
            clf.fit(X, Y, 10, 0.1)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    message = str(info.value)
    for fragment in (
        "solver='gram'",
        "11586 x 11586",
        f"{8 * 11586**2:,} bytes",
        "GRAM_MAX_BYTES = 1,073,741,824 bytes (m <= 11585)",
        "solver='gradient'",
    ):
        assert fragment in message, f"{fragment!r} not in {message!r}"
    assert peak < 2**20, f"{peak} bytes allocated before refusing"
    assert not hasattr(clf, "w_"), "a refused fit left a w_"


def test_gram_memory_bound_is_exact():
    X, Y = random_problem(3, 11, 9)
    clf = LogisticRegression(solver="gram")
    clf.GRAM_MAX_BYTES = 8 * 10 * 10  # room for K with m = 10, not 11
    clf.fit(X[:, :10], Y[:, :10], 5, 0.1)
    with pytest.raises(ValueError, match=r"11 x 11 float64 .* above the bound"):
        clf.fit(X, Y, 5, 0.1)
    assert LogisticRegression.GRAM_MAX_BYTES == 2**30


def test_default_solver_is_gradient():
    assert LogisticRegression().solver == "gradient"


@pytest.mark.parametrize("solver", ["sgd", "Gram", "", None, 1, ("gram",)])
def test_bad_solver(solver):
    X, Y = random_problem(2, 3, 10)
    with pytest.raises(ValueError) as info:
        LogisticRegression(solver=solver).fit(X, Y, 5, 0.1)
    assert str(info.value) == f"solver must be 'gradient' or 'gram', got {solver!r}"


def test_the_documented_agreement_holds_on_the_reference_run(gram_reference_run, reference_model):
    # LogisticRegression's docstring states how close the two solvers are on the reference
    # run (and no more: elsewhere it depends on the data); the number must hold
    doc = " ".join(LogisticRegression.__doc__.split())
    claim = re.search(r"on the reference run the weights agree to about (\S+) relative", doc)
    assert claim, "the docstring no longer states the reference run's agreement"
    assert "never for equality" in doc
    gram, gradient = gram_reference_run[0], reference_model
    gap = np.max(np.abs(gram.w_ - gradient.w_)) / np.max(np.abs(gradient.w_))
    assert gap <= 2 * float(claim[1]), f"measured {gap:.2g}, the docstring says {claim[1]}"

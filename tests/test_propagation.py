"""Forward and backward propagation: gradients against finite differences, numerics."""

import math
import re
import warnings

import numpy as np
import pytest

import lr_utils
from lr_utils import LogisticRegression, model, optimize, propagate, sigmoid
from lr_utils.propagation import (
    DivergenceError,
    backward,
    cross_entropy,
    forward,
    gradient_descent,
    propagate_unchecked,
)


def cost_at(w, b, X, Y):
    return propagate(w, b, X, Y)[1]


@pytest.mark.parametrize(("n_x", "m", "seed"), [(1, 1, 0), (4, 10, 1), (12, 30, 2)])
def test_propagate_gradient_matches_centred_differences(n_x, m, seed, random_problem):
    w, b, X, Y = random_problem(n_x, m, seed)
    grads, _ = propagate(w, b, X, Y)
    eps = 1e-6
    dw_num = np.zeros_like(w)
    for j in range(n_x):
        step = np.zeros_like(w)
        step[j, 0] = eps
        dw_num[j, 0] = (cost_at(w + step, b, X, Y) - cost_at(w - step, b, X, Y)) / (2 * eps)
    db_num = (cost_at(w, b + eps, X, Y) - cost_at(w, b - eps, X, Y)) / (2 * eps)
    np.testing.assert_allclose(grads["dw"], dw_num, rtol=1e-6, atol=1e-9, err_msg="dw")
    assert grads["db"] == pytest.approx(db_num, rel=1e-6, abs=1e-9), (
        f"db {grads['db']}, centred difference {db_num}"
    )


def test_sigmoid_values():
    np.testing.assert_allclose(sigmoid(np.array([0, 2])), [0.5, 0.88079708], rtol=0, atol=5e-9)
    assert sigmoid(0) == 0.5
    assert type(sigmoid(0.3)) is float, f"scalar in, got {type(sigmoid(0.3)).__name__}"
    z = np.linspace(-30, 30, 60).reshape(3, 1, 20)
    s = sigmoid(z)
    assert s.shape == z.shape, f"shape {s.shape}, expected {z.shape}"
    np.testing.assert_allclose(s + sigmoid(-z), 1.0, rtol=1e-15)
    expected = [1 / (1 + math.exp(-v)) for v in z.ravel()]
    np.testing.assert_allclose(s.ravel(), expected, rtol=1e-15)


def test_sigmoid_extremes_are_finite_and_warning_free():
    z = np.array([-1000.0, -710.0, 710.0, 1000.0, -1e308, 1e308])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = sigmoid(z)
        lo, hi = sigmoid(-1000), sigmoid(1000.0)
    np.testing.assert_array_equal(s, [0.0, 0.0, 1.0, 1.0, 0.0, 1.0])
    assert (lo, hi) == (0.0, 1.0)


@pytest.mark.parametrize("z", ["2", [["1", "2"]], True, np.array([True]), 1 + 0j, [0.5j]])
def test_sigmoid_refuses_what_is_not_real_numbers(z):
    with pytest.raises(ValueError, match=r"z must be real numbers \(a scalar or an array\), got "):
        sigmoid(z)


@pytest.mark.parametrize("dtype", [np.float32, np.int64, np.float64])
def test_outputs_are_float64(dtype, random_problem):
    w, b, X, Y = random_problem(3, 5, 4)
    assert sigmoid(np.arange(3, dtype=dtype)).dtype == np.float64
    grads, cost = propagate(w.astype(dtype), b, X.astype(dtype), Y.astype(dtype))
    assert grads["dw"].dtype == np.float64, f"dw is {grads['dw'].dtype}"
    assert type(grads["db"]) is float and type(cost) is float


def test_cross_entropy_is_the_course_formula(random_problem):
    w, b, X, Y = random_problem(3, 8, 5)
    Z, A = forward(w, b, X)
    expected = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / 8
    assert cross_entropy(Z, A, Y) == expected  # to the last digit, as the course prints it


def test_cost_is_finite_and_right_when_saturated():
    # each pair: z = +-800, one right and one wrong; the wrong ones cost |z| each
    w = np.array([[800.0]])
    X = np.array([[1.0, 1.0, -1.0, -1.0]])
    Y = np.array([[1.0, 0.0, 0.0, 1.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        dw, db, cost = propagate_unchecked(w, 0.0, X, Y)
    assert cost == 2 * 800.0 / 4, f"cost {cost}, expected 400"
    np.testing.assert_array_equal(dw, [[0.5]])
    assert db == 0.0


def test_huge_learning_rate_keeps_costs_finite(random_problem):
    w, b, X, Y = random_problem(5, 40, 6)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        w_out, b_out, _, _, costs = gradient_descent(w, b, X, Y, 50, 1e4)
    assert np.isfinite(costs).all(), f"costs {costs}"
    assert np.isfinite(w_out).all() and math.isfinite(b_out)
    assert max(costs) > 100, "the learning rate should have saturated the predictions"


def test_backward_shapes_and_values(random_problem):
    w, b, X, Y = random_problem(4, 6, 7)
    _, A = forward(w, b, X)
    dw, db = backward(X, A, Y)
    assert dw.shape == (4, 1), f"dw shape {dw.shape}, expected (4, 1)"
    np.testing.assert_allclose(dw[:, 0], [np.mean(X[j] * (A - Y)[0]) for j in range(4)])
    assert db == pytest.approx(np.mean(A - Y))


def test_gradient_descent_records_cost_before_each_update(random_problem):
    w, b, X, Y = random_problem(3, 10, 8)
    w_before = w.copy()
    w1, b1, dw, db, costs = gradient_descent(w, b, X, Y, 3, 0.1)
    np.testing.assert_array_equal(w, w_before, err_msg="the caller's w was modified")
    assert len(costs) == 3
    # replay by hand: cost k is taken at the parameters after k updates
    wk, bk = w.copy(), b
    for k in range(3):
        dwk, dbk, cost = propagate_unchecked(wk, bk, X, Y)
        assert costs[k] == cost, f"costs[{k}] {costs[k]}, expected {cost}"
        wk, bk = wk - 0.1 * dwk, bk - 0.1 * dbk
    np.testing.assert_array_equal(w1, wk)
    assert b1 == bk
    np.testing.assert_array_equal(dw, dwk)
    assert db == dbk


def test_gradient_descent_zero_iterations_returns_start(random_problem):
    w, b, X, Y = random_problem(2, 5, 9)
    w1, b1, dw, db, costs = gradient_descent(w, b, X, Y, 0, 0.1)
    np.testing.assert_array_equal(w1, w)
    assert b1 == b and costs == []
    dw0, db0, _ = propagate_unchecked(w, b, X, Y)
    np.testing.assert_array_equal(dw, dw0)
    assert db == db0


def test_gradient_descent_prints_every(capsys, random_problem):
    w, b, X, Y = random_problem(2, 5, 10)
    *_, costs = gradient_descent(w, b, X, Y, 7, 0.1, print_every=3)
    expected = "".join(f"Cost after iteration {i}: {costs[i]:.6f}\n" for i in (0, 3, 6))
    assert capsys.readouterr().out == expected


# Divergence: a learning rate so large that the costs or the parameters overflow.
# Non-separable (x = 1 is labelled both ways), so no finite w is optimal; at 1e308 the
# steps overflow within a few iterations.
X_MIXED = np.array([[1.0, -1.0, 2.0, 0.5], [0.3, 2.0, -1.0, 1.0]])
Y_MIXED = np.array([[1, 0, 0, 1]])


def train(entry, X, Y, num_iterations, learning_rate, w=None, b=0.0):
    """Train through one of the public entry points; return its w and b."""
    if w is None:
        w = np.zeros((X.shape[0], 1))
    if entry in ("gradient", "gram"):
        clf = LogisticRegression(solver=entry).fit(X, Y, num_iterations, learning_rate)
        return clf.w_, clf.b_
    if entry == "optimize":
        params, _, _ = optimize(w, b, X, Y, num_iterations, learning_rate)
        return params["w"], params["b"]
    d = model(X, Y, X, Y, num_iterations, learning_rate)
    return d["w"], d["b"]


ENTRIES = ["gradient", "gram", "optimize", "model"]


@pytest.mark.parametrize("entry", ENTRIES)
def test_divergence_is_an_error_naming_the_learning_rate(entry):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # and no numpy warnings on the way
        with pytest.raises(DivergenceError) as info:
            train(entry, X_MIXED, Y_MIXED, 100, 1e308)
    message = str(info.value)
    assert re.fullmatch(
        r"gradient descent overflowed float64 with learning_rate=1e\+308: the cost at "
        r"iteration \d+ is (nan|inf); try a smaller learning rate, such as 1e\+307",
        message,
    ), message
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("entry", ENTRIES)
def test_cost_overflowing_on_finite_parameters_is_divergence(entry):
    # the first update makes w = 1e299 * 1e10 / 6 = 1.7e308, still finite, but then
    # z = w * 1e10 overflows and the cost with it (the Gram form's sums give nan)
    X = np.full((1, 3), 1e10)
    Y = np.array([[0, 1, 1]])
    with pytest.raises(DivergenceError, match=r"the cost at iteration 1 is (inf|nan)"):
        train(entry, X, Y, 5, 1e299)


@pytest.mark.parametrize("entry", ENTRIES)
def test_last_update_overflowing_is_divergence(entry):
    # one iteration: its cost (log 2) is finite, its update makes w = 5e308 = inf
    X, Y = np.array([[10.0]]), np.array([[1]])
    with pytest.raises(DivergenceError, match=r"the update of iteration 0 made w or b NaN"):
        train(entry, X, Y, 1, 1e308)


@pytest.mark.parametrize("entry", ENTRIES)
def test_large_but_finite_runs_are_not_divergence(entry):
    w, b = train(entry, X_MIXED, Y_MIXED, 20, 1e3)
    assert np.isfinite(w).all() and math.isfinite(b)


def test_output_gradients_is_dz_and_its_mean():
    A = np.array([[0.9, 0.2, 0.6]])
    Y = np.array([[1.0, 0.0, 0.0]])
    dZ, db = lr_utils.output_gradients(A, Y)
    np.testing.assert_array_equal(dZ, A - Y)
    assert type(db) is float and db == pytest.approx((-0.1 + 0.2 + 0.6) / 3, abs=1e-15)

"""The plain loops agree with the vectorized propagation they stand in for."""

import math

import numpy as np
import pytest

from lr_utils import (
    dot_loop,
    images_to_columns,
    propagate,
    propagate_one_loop,
    propagate_two_loops,
)
from lr_utils.propagation import propagate_unchecked

LOOPS = [propagate_two_loops, propagate_one_loop]


def assert_agree(got, expected):
    dw, db, cost = got
    dw_v, db_v, cost_v = expected
    assert isinstance(dw, np.ndarray), f"dw is {type(dw).__name__}, expected ndarray"
    assert dw.shape == dw_v.shape, f"dw shape {dw.shape}, expected {dw_v.shape}"
    assert dw.dtype == np.float64, f"dw dtype {dw.dtype}, expected float64"
    assert type(db) is float, f"db is {type(db).__name__}, expected float"
    assert type(cost) is float, f"cost is {type(cost).__name__}, expected float"
    np.testing.assert_allclose(dw, dw_v, rtol=1e-12, atol=1e-14, err_msg="dw")
    assert db == pytest.approx(db_v, rel=1e-12, abs=1e-14), f"db {db}, expected {db_v}"
    assert cost == pytest.approx(cost_v, rel=1e-12, abs=1e-14), f"cost {cost}, expected {cost_v}"


def test_dot_loop_is_np_dot():
    rng = np.random.default_rng(0)
    a, b = rng.random(1000), rng.random(1000)
    got = dot_loop(a, b)
    assert type(got) is float
    assert got == pytest.approx(np.dot(a, b), rel=1e-12), f"got {got}, expected {np.dot(a, b)}"


def test_dot_loop_small_exact():
    assert dot_loop([1.0, 2.0, 3.0], [4.0, -5.0, 6.0]) == 12.0
    assert dot_loop(np.array([]), np.array([])) == 0.0


@pytest.mark.parametrize("loop", LOOPS)
@pytest.mark.parametrize(("n_x", "m", "seed"), [(1, 1, 0), (3, 7, 1), (20, 50, 2), (5, 1, 3)])
def test_loops_match_vectorized_on_random_data(loop, n_x, m, seed, random_problem):
    w, b, X, Y = random_problem(n_x, m, seed)
    assert_agree(loop(w, b, X, Y), propagate_unchecked(w, b, X, Y.astype(np.float64)))


@pytest.mark.parametrize("loop", LOOPS)
def test_loops_give_the_courses_values(loop):
    w, b = np.array([[1.0], [2.0]]), 2.0
    X, Y = np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]]), np.array([[1, 0, 1]])
    dw, db, cost = loop(w, b, X, Y)
    np.testing.assert_allclose(dw, [[0.99845601], [2.39507239]], rtol=0, atol=5e-9)
    assert f"{db:.12g}" == "0.00145557813678", f"db {db!r}"
    assert cost == pytest.approx(5.801545319394553, rel=1e-14), f"cost {cost!r}"


@pytest.mark.parametrize("loop", LOOPS)
def test_loops_match_vectorized_on_real_data_slice(loop, cat_images):
    train_x, train_y = cat_images[0], cat_images[1]
    X, Y = images_to_columns(train_x[:12]), train_y[:, :12]
    rng = np.random.default_rng(7)
    w, b = rng.normal(scale=0.01, size=(X.shape[0], 1)), 0.1
    assert Y.min() == 0 and Y.max() == 1, "the slice should hold both labels"
    assert_agree(loop(w, b, X, Y), propagate_unchecked(w, b, X, Y.astype(np.float64)))


@pytest.mark.parametrize("loop", LOOPS)
def test_loops_stay_finite_when_saturated(loop):
    # z = +-1000: a is exactly 0 or 1, and every example is either right or badly wrong
    w = np.array([[1000.0]])
    X = np.array([[1.0, -1.0, 1.0, -1.0]])
    Y = np.array([[1, 0, 0, 1]])
    dw, db, cost = loop(w, 0.0, X, Y)
    assert cost == pytest.approx(1000.0 / 2), f"cost {cost}, expected the two wrong ones' 2000 / 4"
    np.testing.assert_allclose(dw, [[0.5]])
    assert db == 0.0
    assert_agree((dw, db, cost), propagate_unchecked(w, 0.0, X, Y.astype(np.float64)))


@pytest.mark.parametrize("loop", LOOPS)
def test_loops_at_zero_weights_cost_log_2(loop, random_problem):
    w, _, X, Y = random_problem(4, 9, 5)
    _, db, cost = loop(np.zeros_like(w), 0.0, X, Y)
    assert cost == pytest.approx(math.log(2), rel=1e-15), f"cost {cost}, expected log 2"
    assert db == pytest.approx(0.5 - Y.mean(), abs=1e-15)


# the loops check their arguments as the vectorized functions do, with the same messages


@pytest.mark.parametrize(
    ("a", "b", "message"),
    [
        ([1, 2], [3, 4, 5], "a and b must have the same length, got 2 and 3"),
        (np.ones((2, 1)), np.ones(2), r"a must be a rank-1 array \(a vector\), got shape \(2, 1\)"),
        (np.ones(3), 2.0, r"b must be a rank-1 array \(a vector\), got shape \(\)"),
        (["1", "2"], [1, 2], "a must be a rank-1 array of numbers, got list of str values"),
        ([1, 2], [True, False], "b must be a rank-1 array of numbers, got list of bool values"),
    ],
)
def test_dot_loop_refuses_what_np_dot_would_not_multiply(a, b, message):
    with pytest.raises(ValueError, match=message):
        dot_loop(a, b)


def _error(call):
    with pytest.raises(ValueError) as info:
        call()
    return str(info.value)


W2, X2, Y2 = np.array([[1.0], [2.0]]), np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]]), [[1, 0, 1]]
BAD_CALLS = {
    "an extra weight": (np.ones((3, 1)), 2.0, X2, Y2),
    "a short w": (np.ones((1, 1)), 2.0, X2, Y2),
    "a label 2": (W2, 2.0, X2, [[1, 0, 2]]),
    "a rank-1 w": (np.ones(2), 2.0, X2, Y2),
    "labels for other examples": (W2, 2.0, X2, [[1, 0]]),
    "two numbers for b": (W2, [1.0, 2.0], X2, Y2),
    "NaN in X": (W2, 2.0, np.full((2, 3), np.nan), Y2),
    "X one example per row": (W2, 2.0, X2.T, Y2),
}


@pytest.mark.parametrize("loop", LOOPS)
@pytest.mark.parametrize("case", BAD_CALLS)
def test_loops_refuse_what_propagate_refuses_with_its_message(loop, case):
    args = BAD_CALLS[case]
    assert _error(lambda: loop(*args)) == _error(lambda: propagate(*args))


@pytest.mark.parametrize("loop", LOOPS)
def test_loops_take_a_rank_1_Y_as_propagate_does(loop):
    w, b = np.array([[1.0], [2.0]]), 2.0
    X = np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]])
    assert_agree(loop(w, b, X, [1, 0, 1]), loop(w, b, X, [[1, 0, 1]]))

# ruff: noqa: RUF001 - the Chinese messages hold full-width punctuation, rightly
"""The exercise checks: right answers pass however they are written, each usual mistake fails.

Every check is fed the course-style solution, correct alternatives (np.matmul, @, np.mean,
explicit sums, loops where loops are allowed), and, for each mistake the checks recognize,
exactly that wrong implementation, whose failure must carry that mistake's own hint.
"""

import functools
import io
import math
import os
import re
import warnings
from pathlib import Path

import numpy as np
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

from lr_utils import (
    checks,
    dot_loop,
    forward,
    gradient_descent,
    load_dataset,
    propagate_one_loop,
    propagate_two_loops,
    propagate_unchecked,
    unwritten,
)
from lr_utils import model as lr_model
from lr_utils import optimize as lr_optimize
from lr_utils.checks import CheckFailed, NotWrittenYet
from lr_utils.graph import Value

# the environment pytest started with: background jobs (tests/conftest.py) read this, never
# os.environ, which a test in pytest's own thread may change for a moment (monkeypatch)
ENV_AT_START = dict(os.environ)

ROOT = Path(__file__).resolve().parent.parent

# ------------------------------------------------------------------- the course-style solutions


def flatten_and_scale(images):
    return images.reshape(images.shape[0], -1).T / 255


def compute_cost(A, Y):
    m = Y.shape[1]
    return -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m


def backward_by_hand(a, b, c):
    dv = 3
    da = dv * 1
    du = dv * 1
    return da, du * c, du * b


def one_example_gradients(x1, x2, w1, w2, b, y):
    z = w1 * x1 + w2 * x2 + b
    a = 1 / (1 + math.exp(-z))
    dz = a - y
    return dz, x1 * dz, x2 * dz, dz


def loop_over_examples(w, b, X, Y):
    m = X.shape[1]
    J, dw1, dw2, db = 0.0, 0.0, 0.0, 0.0
    for i in range(m):
        z_i = w[0, 0] * X[0, i] + w[1, 0] * X[1, i] + b
        a_i = 1 / (1 + np.exp(-z_i))
        J += -(Y[0, i] * np.log(a_i) + (1 - Y[0, i]) * np.log(1 - a_i))
        dz_i = a_i - Y[0, i]
        dw1 += X[0, i] * dz_i
        dw2 += X[1, i] * dz_i
        db += dz_i
    return J / m, dw1 / m, dw2 / m, db / m


def numerical_derivative(f, x, eps=1e-6):
    return (f(x + eps) - f(x - eps)) / (2 * eps)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def propagate_vectorized(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    dw = np.dot(X, (A - Y).T) / m
    db = np.sum(A - Y) / m
    return dw, db, cost


def calorie_percentages(calories):
    return 100 * calories / calories.sum(axis=0, keepdims=True)


def labels_as_row(Y):
    return Y.reshape(1, -1)


def initialize_with_zeros(dim):
    return np.zeros((dim, 1)), 0


def propagate(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    dw = np.dot(X, (A - Y).T) / m
    db = np.sum(A - Y) / m
    return {"dw": dw, "db": db}, np.squeeze(cost)


def optimize(w, b, X, Y, num_iterations, learning_rate, print_cost=False):
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        dw, db = grads["dw"], grads["db"]
        w = w - learning_rate * dw
        b = b - learning_rate * db
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print(f"Cost after iteration {i}: {cost:f}")
    return {"w": w, "b": b}, {"dw": dw, "db": db}, costs


def predict(w, b, X):
    m = X.shape[1]
    Y_prediction = np.zeros((1, m))
    A = sigmoid(np.dot(w.T, X) + b)
    for i in range(A.shape[1]):
        Y_prediction[0, i] = 1 if A[0, i] > 0.5 else 0
    return Y_prediction


def model(
    X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False
):
    w, b = initialize_with_zeros(X_train.shape[0])
    params, _, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    w, b = params["w"], params["b"]
    Y_prediction_test = predict(w, b, X_test)
    Y_prediction_train = predict(w, b, X_train)
    # the course prints these whatever print_cost says: the check must stay one line
    print(f"train accuracy: {100 - np.mean(np.abs(Y_prediction_train - Y_train)) * 100} %")
    print(f"test accuracy: {100 - np.mean(np.abs(Y_prediction_test - Y_test)) * 100} %")
    return {
        "costs": costs,
        "Y_prediction_test": Y_prediction_test,
        "Y_prediction_train": Y_prediction_train,
        "w": w,
        "b": b,
        "learning_rate": learning_rate,
        "num_iterations": num_iterations,
    }


SOLUTIONS = {
    "flatten_and_scale": flatten_and_scale,
    "compute_cost": compute_cost,
    "backward_by_hand": backward_by_hand,
    "one_example_gradients": one_example_gradients,
    "loop_over_examples": loop_over_examples,
    "numerical_derivative": numerical_derivative,
    "propagate_vectorized": propagate_vectorized,
    "calorie_percentages": calorie_percentages,
    "labels_as_row": labels_as_row,
    "sigmoid": sigmoid,
    "initialize_with_zeros": initialize_with_zeros,
    "propagate": propagate,
    "optimize": optimize,
    "predict": predict,
}


def assert_passes(name, function, capsys):
    getattr(checks, name)(function)
    out = capsys.readouterr().out
    assert re.fullmatch(rf"✓ {name}: \d+ checks? passed\n", out), f"printed {out!r}"


def unwrapped(text):
    """text with its lines joined: a message as it reads, whatever its wrapping."""
    return " ".join(text.split())


def failure(name, function):
    with pytest.raises(CheckFailed) as info:
        getattr(checks, name)(function)
    return info.value


def assert_fails_with(name, function, hint):
    error = failure(name, function)
    assert not isinstance(error, NotWrittenYet), str(error)
    assert error.hint and hint in error.hint, f"expected the hint {hint!r}, got:\n{error}"
    return error


@pytest.mark.parametrize("name", SOLUTIONS)
def test_course_solution_passes(name, capsys):
    assert_passes(name, SOLUTIONS[name], capsys)


def test_dataset_sizes_pass(capsys):
    train_x, _, test_x, _, _ = load_dataset()
    checks.dataset_sizes(train_x.shape[0], len(test_x), train_x.shape[1])
    assert capsys.readouterr().out == "✓ dataset_sizes: 3 checks passed\n"


def test_model_solution_passes_quietly(capsys):
    # the course's model prints its accuracies whatever print_cost says: not in the check's line
    assert_passes("model", model, capsys)


def test_model_that_ignores_the_learning_rate_fails():
    def wrong(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5):
        return model(X_train, Y_train, X_test, Y_test, num_iterations, 0.5)

    error = failure("model", wrong)
    assert "learning rate 0.1" in error.call and not isinstance(error, NotWrittenYet), str(error)


# ------------------------------------------------------------------ correct alternatives


def _propagate_matmul(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(np.matmul(w.T, X) + b)
    dZ = A - Y
    cost = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    return {"dw": np.matmul(X, dZ.T) / m, "db": np.mean(dZ)}, cost


def _propagate_at(w, b, X, Y):
    m = X.shape[1]
    A = 1.0 / (1.0 + np.exp(-(w.T @ X + b)))
    cost = float(-(Y @ np.log(A).T + (1 - Y) @ np.log(1 - A).T)[0, 0] / m)
    return {"dw": X @ (A - Y).T / m, "db": float((A - Y).sum() / m)}, cost


def _propagate_explicit_sums(w, b, X, Y):
    n_x, m = X.shape
    A = sigmoid(w.T @ X + b)
    losses = [
        -(Y[0, i] * math.log(A[0, i]) + (1 - Y[0, i]) * math.log(1 - A[0, i])) for i in range(m)
    ]
    dZ = A - Y
    dw = np.array([[sum(X[j, i] * dZ[0, i] for i in range(m)) / m] for j in range(n_x)])
    return {"dw": dw, "db": sum(dZ[0]) / m}, sum(losses) / m


def _propagate_np_dot_squeezed(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = -(np.dot(Y, np.log(A).T) + np.dot(1 - Y, np.log(1 - A).T)) / m
    return {"dw": np.dot(X, (A - Y).T) / m, "db": np.sum(A - Y) / m}, np.squeeze(cost)


@pytest.mark.parametrize(
    "function",
    [_propagate_matmul, _propagate_at, _propagate_explicit_sums, _propagate_np_dot_squeezed],
)
def test_propagate_alternatives_pass(function, capsys):
    assert_passes("propagate", function, capsys)


def _sigmoid_stable(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


@pytest.mark.parametrize(
    "function",
    [_sigmoid_stable, lambda z: np.exp(z) / (1 + np.exp(z)), lambda z: 0.5 * (1 + np.tanh(z / 2))],
)
def test_sigmoid_alternatives_pass(function, capsys):
    assert_passes("sigmoid", function, capsys)


@pytest.mark.parametrize(
    "function",
    [
        lambda A, Y: -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)),
        lambda A, Y: float(np.squeeze(-(Y @ np.log(A).T + (1 - Y) @ np.log(1 - A).T) / Y.shape[1])),
        lambda A, Y: (
            -sum(
                y * math.log(a) + (1 - y) * math.log(1 - a) for a, y in zip(A[0], Y[0], strict=True)
            )
            / A.shape[1]
        ),
    ],
)
def test_compute_cost_alternatives_pass(function, capsys):
    assert_passes("compute_cost", function, capsys)


@pytest.mark.parametrize(
    "function",
    [
        lambda images: np.reshape(images, (images.shape[0], -1)).T / 255.0,
        lambda images: images.reshape(len(images), -1).T.astype(np.float32) / 255,
        lambda images: (
            np.transpose(images.reshape(images.shape[0], np.prod(images.shape[1:]))) / 255
        ),
    ],
)
def test_flatten_and_scale_alternatives_pass(function, capsys):
    assert_passes("flatten_and_scale", function, capsys)


def _backward_with_graph(a, b, c):
    a, b, c = Value(a), Value(b), Value(c)
    J = 3 * (a + b * c)
    J.backward()
    return a.grad, b.grad, c.grad


def test_backward_by_hand_with_a_graph_passes(capsys):
    assert_passes("backward_by_hand", _backward_with_graph, capsys)


def test_one_example_gradients_with_numpy_passes(capsys):
    def gradients(x1, x2, w1, w2, b, y):
        a = sigmoid(np.dot([w1, w2], [x1, x2]) + b)
        return a - y, x1 * (a - y), x2 * (a - y), a - y

    assert_passes("one_example_gradients", gradients, capsys)


def test_loop_over_examples_vectorized_passes(capsys):
    def vectorized(w, b, X, Y):
        dw, db, cost = propagate_vectorized(w, b, X, Y)
        return cost, dw[0, 0], dw[1, 0], db

    assert_passes("loop_over_examples", vectorized, capsys)


def test_numerical_derivative_written_otherwise_passes(capsys):
    assert_passes(
        "numerical_derivative",
        lambda f, x, eps: f(x + eps) / 2 / eps - f(x - eps) / 2 / eps,
        capsys,
    )


@pytest.mark.parametrize(
    "function",
    [
        lambda c: 100 * c / c.sum(axis=0).reshape(1, -1),
        lambda c: c / c.sum(axis=0) * 100,
        lambda c: np.divide(c, np.sum(c, axis=0, keepdims=True)) * 100,
    ],
)
def test_calorie_percentages_alternatives_pass(function, capsys):
    assert_passes("calorie_percentages", function, capsys)


@pytest.mark.parametrize(
    "function",
    [
        lambda Y: np.atleast_2d(Y.ravel()),
        lambda Y: Y.ravel()[np.newaxis, :],
        lambda Y: Y.reshape(1, Y.size),
        lambda Y: np.reshape(Y, (1, len(Y.ravel()))),
    ],
)
def test_labels_as_row_alternatives_pass(function, capsys):
    assert_passes("labels_as_row", function, capsys)


def test_initialize_with_zeros_float_b_passes(capsys):
    assert_passes("initialize_with_zeros", lambda dim: (np.zeros(shape=(dim, 1)), 0.0), capsys)


def _optimize_in_place_on_a_copy(w, b, X, Y, num_iterations, learning_rate, print_cost=False):
    w = w.copy()
    costs = []
    for i in range(num_iterations):
        grads, cost = _propagate_at(w, b, X, Y)
        w -= learning_rate * grads["dw"]
        b -= learning_rate * grads["db"]
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print("Cost after iteration %i: %f" % (i, cost))  # noqa: UP031, the course's way
    return {"w": w, "b": b}, grads, np.array(costs)


@pytest.mark.parametrize("function", [_optimize_in_place_on_a_copy, lr_optimize])
def test_optimize_alternatives_pass(function, capsys):
    assert_passes("optimize", function, capsys)


@pytest.mark.parametrize(
    "function",
    [
        lambda w, b, X: sigmoid(w.T @ X + b) > 0.5,
        lambda w, b, X: (sigmoid(w.T @ X + b) >= 0.5).astype(int),
        lambda w, b, X: np.round(sigmoid(np.dot(w.T, X) + b)),
        lambda w, b, X: np.where(w.T @ X + b > 0, 1.0, 0.0),
    ],
)
def test_predict_alternatives_pass(function, capsys):
    assert_passes("predict", function, capsys)


# ------------------------------------------------------- the mistakes the issue lists


def test_sigmoid_of_minus_z():
    assert_fails_with("sigmoid", lambda z: 1 / (1 + np.exp(z)), "this is sigmoid(-z)")


def test_sigmoid_with_math_exp():
    error = assert_fails_with("sigmoid", lambda z: 1 / (1 + math.exp(-z)), "the math module")
    assert isinstance(error.__cause__, TypeError)


def test_initialize_with_zeros_rank_1():
    hint = "a rank-1 array: w must be a column"
    assert_fails_with("initialize_with_zeros", lambda dim: (np.zeros(dim), 0), hint)


def _propagate_with(cost_of, dw_of=None, db_of=None):
    def wrong(w, b, X, Y):
        m = X.shape[1]
        A = sigmoid(w.T @ X + b)
        dw = dw_of(X, A, Y, m) if dw_of else X @ (A - Y).T / m
        db = db_of(A, Y, m) if db_of else np.sum(A - Y) / m
        return {"dw": dw, "db": db}, cost_of(A, Y, m)

    return wrong


def _cost(A, Y, m):
    return -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m


NO_MINUS = "a negative cost"
NO_MEAN = "the cost is the mean of the m losses"
ARRAY_11 = "inside a (1, 1) array"


def _cost_no_minus(A, Y, m):
    return np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m


def _cost_no_mean(A, Y, m):
    return -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))


def _cost_11(A, Y, m):
    return -(np.dot(Y, np.log(A).T) + np.dot(1 - Y, np.log(1 - A).T)) / m


@pytest.mark.parametrize(
    ("cost_of", "hint"),
    [(_cost_no_minus, NO_MINUS), (_cost_no_mean, NO_MEAN), (_cost_11, ARRAY_11)],
)
def test_cost_mistakes_in_compute_cost(cost_of, hint):
    assert_fails_with("compute_cost", lambda A, Y: cost_of(A, Y, A.shape[1]), hint)


@pytest.mark.parametrize(
    ("cost_of", "hint"),
    [(_cost_no_minus, NO_MINUS), (_cost_no_mean, NO_MEAN), (_cost_11, ARRAY_11)],
)
def test_cost_mistakes_in_propagate(cost_of, hint):
    assert_fails_with("propagate", _propagate_with(cost_of), hint)


def test_dw_transposed():
    wrong = _propagate_with(_cost, dw_of=lambda X, A, Y, m: np.dot(A - Y, X.T) / m)
    assert_fails_with("propagate", wrong, "the shape of w.T")


def test_db_without_one_over_m():
    wrong = _propagate_with(_cost, db_of=lambda A, Y, m: np.sum(A - Y))
    error = assert_fails_with("propagate", wrong, "average over the examples, divide by m")
    assert 'grads["db"]' in error.got


def test_dw_without_one_over_m():
    wrong = _propagate_with(_cost, dw_of=lambda X, A, Y, m: X @ (A - Y).T)
    error = assert_fails_with("propagate", wrong, "average over the examples, divide by m")
    assert 'grads["dw"]' in error.got


def test_y_as_a_column_broadcasts_into_an_n_x_by_m_gradient():
    def wrong(w, b, X, Y):
        m = X.shape[1]
        Y = Y.reshape(m, 1)  # labels as one column, one row per example
        A = sigmoid(w.T @ X + b)
        return {"dw": X @ (A - Y).T / m, "db": np.sum(A - Y) / m}, 0.0

    assert_fails_with("propagate", wrong, "A - Y became an (m, m) table")


def test_z_as_a_column_broadcasts_into_an_n_x_by_m_gradient():
    def wrong(w, b, X, Y):
        m = X.shape[1]
        A = sigmoid(X.T @ w + b)  # (m, 1)
        return {"dw": X @ (A - Y) / m, "db": np.sum(A - Y) / m}, 0.0

    assert_fails_with("propagate", wrong, "A - Y became an (m, m) table")


def test_y_passed_as_a_column_by_model():
    def wrong(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5):
        w, b = initialize_with_zeros(X_train.shape[0])
        params, _, costs = optimize(w, b, X_train, Y_train.T, num_iterations, learning_rate)
        w, b = params["w"], params["b"]
        keys = ["Y_prediction_test", "Y_prediction_train", "learning_rate", "num_iterations"]
        return {"costs": costs, "w": w, "b": b, **dict.fromkeys(keys)}

    assert_fails_with("model", wrong, "A - Y became an (m, m) table")


def _optimize_with(update_w, update_b):
    def wrong(w, b, X, Y, num_iterations, learning_rate, print_cost=False):
        costs = []
        for i in range(num_iterations):
            grads, cost = propagate(w, b, X, Y)
            w, b = update_w(w, grads, learning_rate), update_b(b, grads, learning_rate)
            if i % 100 == 0:
                costs.append(cost)
        return {"w": w, "b": b}, grads, costs

    return wrong


def test_update_with_plus_instead_of_minus():
    wrong = _optimize_with(lambda w, g, lr: w + lr * g["dw"], lambda b, g, lr: b + lr * g["db"])
    assert_fails_with("optimize", wrong, "the cost rises")


def test_b_updated_with_dw():
    wrong = _optimize_with(lambda w, g, lr: w - lr * g["dw"], lambda b, g, lr: b - lr * g["dw"])
    assert_fails_with("optimize", wrong, "b is updated with db")


def test_predict_thresholds_z():
    assert_fails_with("predict", lambda w, b, X: (w.T @ X + b > 0.5) * 1.0, "a threshold on z")


def test_predict_returns_probabilities():
    hint = "probabilities: predict returns labels"
    assert_fails_with("predict", lambda w, b, X: sigmoid(w.T @ X + b), hint)


def test_flatten_with_reshape_minus_one_m():
    hint = "each column mixes pieces of several pictures"
    assert_fails_with("flatten_and_scale", lambda im: im.reshape(-1, im.shape[0]) / 255, hint)


def test_flatten_without_scaling():
    hint = "values up to 255"
    assert_fails_with("flatten_and_scale", lambda im: im.reshape(im.shape[0], -1).T, hint)


@pytest.mark.parametrize(
    "function",
    [lambda f, x, eps: (f(x + eps) - f(x)) / eps, lambda f, x, eps: (f(x) - f(x - eps)) / eps],
    ids=["forward", "backward"],
)
def test_one_sided_numerical_gradient(function):
    assert_fails_with("numerical_derivative", function, "a one-sided difference")


# --------------------------------------------------------------------- the other mistakes


@pytest.mark.parametrize(
    ("values", "hint"),
    [
        ((64, 50, 64), "64 is the height (and width) of one picture"),
        ((209, 209, 64), "209 is the number of training pictures"),
        ((209, 50, 209), "209 is the number of training pictures"),
        ((209, 50, 3), "3 is the number of colour channels"),
        ((209, 50, 12288), "12288 is n_x"),
    ],
)
def test_dataset_sizes_mistakes(values, hint):
    with pytest.raises(CheckFailed) as info:
        checks.dataset_sizes(*values)
    assert hint in info.value.hint


def test_dataset_sizes_want_whole_numbers():
    with pytest.raises(CheckFailed, match="a whole number"):
        checks.dataset_sizes(209.0, 50, 64)


def test_dataset_sizes_unset_is_not_written_yet():
    with pytest.raises(NotWrittenYet) as info:
        checks.dataset_sizes(None, None, 64)
    assert str(info.value) == "m_train and m_test are not set yet: set them in the cell above"


@pytest.mark.parametrize(
    ("function", "hint"),
    [
        (lambda a, b, c: (1, c, b), "multiply by dJ/dv = 3"),
        (lambda a, b, c: (3, 3 * b, 3 * c), "du/db is the other factor"),
    ],
    ids=["no 3", "swapped"],
)
def test_backward_by_hand_mistakes(function, hint):
    assert_fails_with("backward_by_hand", function, hint)


def _one_example(dz_of, dw1_of=None):
    def wrong(x1, x2, w1, w2, b, y):
        a = 1 / (1 + math.exp(-(w1 * x1 + w2 * x2 + b)))
        dz = dz_of(a, y)
        dw1 = dw1_of(x1, x2, w1, dz) if dw1_of else x1 * dz
        return dz, dw1, x2 * dz, dz

    return wrong


@pytest.mark.parametrize(
    ("function", "hint"),
    [
        (_one_example(lambda a, y: y - a), "the sign is flipped"),
        (_one_example(lambda a, y: a * (1 - a)), "a (1 - a) is da/dz alone"),
        (_one_example(lambda a, y: a - y, lambda x1, x2, w1, dz: w1 * dz), "dz/dw1 is x1"),
        (_one_example(lambda a, y: a - y, lambda x1, x2, w1, dz: x2 * dz), "dz/dw1 is x1"),
    ],
    ids=["y - a", "only da/dz", "w for x", "x2 for x1"],
)
def test_one_example_gradients_mistakes(function, hint):
    assert_fails_with("one_example_gradients", function, hint)


def test_loop_over_examples_without_averaging():
    def sums(w, b, X, Y):
        J, dw1, dw2, db = loop_over_examples(w, b, X, Y)
        m = X.shape[1]
        return J * m, dw1 * m, dw2 * m, db * m

    assert_fails_with("loop_over_examples", sums, "divide by m after the loop")


def test_loop_indexing_a_row_as_rank_1():
    def wrong(w, b, X, Y):
        J = 0.0
        for i in range(X.shape[1]):
            a = sigmoid(w[0, 0] * X[0, i] + w[1, 0] * X[1, i] + b)
            J += -(Y[i] * np.log(a) + (1 - Y[i]) * np.log(1 - a))
        return J, 0.0, 0.0, 0.0

    error = assert_fails_with("loop_over_examples", wrong, "example i of a row Y is Y[0, i]")
    assert isinstance(error.__cause__, IndexError)


@pytest.mark.parametrize(
    ("function", "hint"),
    [
        (lambda f, x, eps: (f(x + eps) - f(x - eps)) / eps, "2 eps apart"),
        (lambda f, x, eps: (f(x + 1e-6) - f(x - 1e-6)) / 2e-6, "with the eps passed in"),
    ],
    ids=["over eps", "own eps"],
)
def test_numerical_derivative_mistakes(function, hint):
    assert_fails_with("numerical_derivative", function, hint)


def _one_loop(w, b, X, Y):
    m = X.shape[1]
    dw, db, J = np.zeros(w.shape), 0.0, 0.0
    for i in range(m):
        a = sigmoid(float(w[:, 0] @ X[:, i]) + b)
        J -= Y[0, i] * np.log(a) + (1 - Y[0, i]) * np.log(1 - a)
        dw += X[:, i : i + 1] * (a - Y[0, i])
        db += a - Y[0, i]
    return dw / m, db / m, J / m


def _from_A(A_of):
    """propagate_vectorized with A computed by A_of(w, b, X), the rest whole-array."""

    def propagate_vectorized(w, b, X, Y):
        m = X.shape[1]
        A = np.asarray(A_of(w, b, X), dtype=float).reshape(1, m)
        cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
        return X @ (A - Y).T / m, float(np.sum(A - Y) / m), float(cost)

    return propagate_vectorized


def _scalar_sigmoid(z):
    return 1 / (1 + math.exp(-z))


def _dw_with_dot_loop(w, b, X, Y):
    _, db, cost = propagate_vectorized(w, b, X, Y)
    dZ = sigmoid(w.T @ X + b) - Y
    rows = [[dot_loop(X[j], dZ[0]) / X.shape[1]] for j in range(X.shape[0])]  # loops over m
    return np.array(rows), db, cost


def _unreadable(source, name):
    """A function whose source inspect cannot read (compiled from a string)."""
    namespace = {"np": np}
    exec(compile(source, "<typed in a console>", "exec"), namespace)
    return namespace[name]


UNREADABLE_LOOP = """
def loop(w, b, X, Y):
    m = X.shape[1]
    dw, db, J = np.zeros(w.shape), 0.0, 0.0
    for i in range(m):
        a = 1 / (1 + np.exp(-(float(w[:, 0] @ X[:, i]) + b)))
        J -= Y[0, i] * np.log(a) + (1 - Y[0, i]) * np.log(1 - a)
        dw += X[:, i : i + 1] * (a - Y[0, i])
        db += a - Y[0, i]
    return dw / m, db / m, J / m
"""
UNREADABLE_VECTORIZED = """
def vectorized(w, b, X, Y):
    m = X.shape[1]
    A = 1 / (1 + np.exp(-(w.T @ X + b)))
    cost = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    return X @ (A - Y).T / m, float(np.mean(A - Y)), float(cost)
"""

LOOPS = {
    "lr_utils.propagate_two_loops": propagate_two_loops,
    "lr_utils.propagate_one_loop": propagate_one_loop,
    "calls propagate_two_loops": lambda w, b, X, Y: propagate_two_loops(w, b, X, Y),
    "dw with lr_utils.dot_loop": _dw_with_dot_loop,
    "a for loop": _one_loop,
    "map(lambda)": _from_A(
        lambda w, b, X: list(map(lambda z: 1 / (1 + math.exp(-z)), (w.T @ X + b)[0]))
    ),
    "a comprehension": _from_A(lambda w, b, X: [_scalar_sigmoid(z) for z in (w.T @ X + b)[0]]),
    "np.vectorize(lambda)": _from_A(lambda w, b, X: np.vectorize(_scalar_sigmoid)(w.T @ X + b)),
    "np.vectorize(math.exp)": _from_A(
        lambda w, b, X: 1 / (1 + np.vectorize(math.exp)(-(w.T @ X + b)))
    ),
    "np.frompyfunc": _from_A(
        lambda w, b, X: np.frompyfunc(_scalar_sigmoid, 1, 1)(w.T @ X + b).astype(float)
    ),
    "np.apply_along_axis": _from_A(
        lambda w, b, X: np.apply_along_axis(lambda x: _scalar_sigmoid(w[:, 0] @ x + b), 0, X)
    ),
    "functools.partial": functools.partial(propagate_one_loop),
    "unreadable source": _unreadable(UNREADABLE_LOOP, "loop"),
}


@pytest.mark.parametrize("function", LOOPS.values(), ids=LOOPS)
def test_propagate_vectorized_sees_a_loop_by_what_the_code_does(function):
    error = assert_fails_with("propagate_vectorized", function, "one example (or feature) at a")
    assert "once per" in error.got and "no Python loop" in error.expected


def test_propagate_vectorized_sees_a_loop_over_the_features():
    def per_feature(w, b, X, Y):
        m = X.shape[1]
        Z = sum(w[j, 0] * X[j : j + 1] for j in range(X.shape[0])) + b  # (1, m), j over n_x
        A = sigmoid(Z)
        cost = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
        return X @ (A - Y).T / m, float(np.mean(A - Y)), float(cost)

    error = assert_fails_with("propagate_vectorized", per_feature, "one example (or feature)")
    assert "once per feature" in error.got


def _vectorized_with_asserts(w, b, X, Y):
    assert all(size > 0 for size in X.shape), "no examples"  # a generator, not a loop over m
    assert w.shape == (X.shape[0], 1) and Y.shape == (1, X.shape[1])
    return propagate_vectorized(w, b, X, Y)


VECTORIZED = {
    "the course's": propagate_vectorized,
    "a generator inside an assert": _vectorized_with_asserts,
    "unreadable source": _unreadable(UNREADABLE_VECTORIZED, "vectorized"),
    "functools.partial": functools.partial(propagate_vectorized),
    "lr_utils.propagate_unchecked": propagate_unchecked,
}


@pytest.mark.parametrize("function", VECTORIZED.values(), ids=VECTORIZED)
def test_propagate_vectorized_whole_array_code_passes_however_it_reads(function, capsys):
    assert_passes("propagate_vectorized", function, capsys)


@pytest.mark.parametrize(
    ("function", "hint"),
    [
        (lambda c: 100 * c / c.sum(axis=1, keepdims=True), "each row sums to 100"),
        (lambda c: c / c.sum(axis=0, keepdims=True), "multiply by 100"),
        (lambda c: 100 * c / c.sum(), "the total of the whole table"),
    ],
    ids=["rows", "fractions", "grand total"],
)
def test_calorie_percentages_mistakes(function, hint):
    assert_fails_with("calorie_percentages", function, hint)


@pytest.mark.parametrize(
    ("function", "hint"),
    [
        (lambda Y: Y.T, "transposing a rank-1 array changes nothing"),
        (lambda Y: Y.reshape(-1, 1), "a column; a row has shape (1, m)"),
        (lambda Y: np.array([Y]) if Y.ndim == 2 else Y.reshape(1, -1), "three dimensions"),
    ],
    ids=["transpose", "column", "brackets"],
)
def test_labels_as_row_mistakes(function, hint):
    assert_fails_with("labels_as_row", function, hint)


def test_sigmoid_missing_parentheses():
    assert_fails_with("sigmoid", lambda z: 1 / 1 + np.exp(-z), "check the parentheses")


@pytest.mark.parametrize(
    ("function", "hint"),
    [
        (lambda dim: (np.zeros((1, dim)), 0), "a row: w must be a column"),
        (lambda dim: (np.zeros((dim, 1), dtype=int), 0), "gradient descent needs floats"),
        (lambda dim: (np.zeros((dim, 1)), np.zeros(1)), "b is one number"),
    ],
    ids=["row", "integers", "b array"],
)
def test_initialize_with_zeros_mistakes(function, hint):
    assert_fails_with("initialize_with_zeros", function, hint)


@pytest.mark.parametrize(
    ("function", "hint"),
    [
        (lambda w, b, X: (sigmoid(w.T @ X + b) > 0.5).ravel(), "a rank-1 array"),
        (lambda w, b, X: (sigmoid(w.T @ X + b) > 0.5).T, "a column"),
    ],
)
def test_predict_shape_mistakes(function, hint):
    assert_fails_with("predict", function, hint)


def test_optimize_keeping_every_cost():
    def every_cost(w, b, X, Y, num_iterations, learning_rate, print_cost=False):
        params, grads, _ = lr_optimize(w, b, X, Y, num_iterations, learning_rate)
        w = np.array(w, dtype=float)
        *_, costs = gradient_descent(w, b, X, Y.astype(float), num_iterations, learning_rate)
        return params, grads, costs

    assert_fails_with("optimize", every_cost, "a cost for every iteration")


# ------------------------------------------ issue 14: a hint for every usual mistake


M_FROM_SHAPE_0 = "divided by n_x, not by m"
COURSE_Y5 = np.array([[1.0, 0.0, 1.0, 1.0, 0.0]])
NO_B = "the forward pass leaves out b"


def _propagate_parts(w, b, X, Y, m_of=lambda X: X.shape[1], with_b=True):
    m = m_of(X)
    A = sigmoid(w.T @ X + (b if with_b else 0))
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    return X @ (A - Y).T / m, np.sum(A - Y) / m, float(cost)


def _as_propagate(parts):
    def propagate(w, b, X, Y):
        dw, db, cost = parts(w, b, X, Y)
        return {"dw": dw, "db": db}, cost

    return propagate


def _m_from_shape_0(w, b, X, Y):
    return _propagate_parts(w, b, X, Y, m_of=lambda X: X.shape[0])


def _no_b(w, b, X, Y):
    return _propagate_parts(w, b, X, Y, with_b=False)


@pytest.mark.parametrize(
    ("name", "function", "hint"),
    [
        ("propagate", _as_propagate(_m_from_shape_0), M_FROM_SHAPE_0),
        ("propagate_vectorized", _m_from_shape_0, M_FROM_SHAPE_0),
        ("propagate", _as_propagate(_no_b), NO_B),
        ("propagate_vectorized", _no_b, NO_B),
        ("predict", lambda w, b, X: (sigmoid(w.T @ X) > 0.5) * 1.0, NO_B),
    ],
    ids=["propagate m", "vectorized m", "propagate b", "vectorized b", "predict b"],
)
def test_m_as_n_x_and_a_forgotten_b(name, function, hint):
    assert_fails_with(name, function, hint)


def test_loop_over_examples_with_m_as_n_x():
    def m_from_shape_0(w, b, X, Y):
        J, dw1, dw2, db = loop_over_examples(w, b, X, Y)
        scale = X.shape[1] / X.shape[0]  # summed over the m examples, divided by n_x
        return J * scale, dw1 * scale, dw2 * scale, db * scale

    assert_fails_with("loop_over_examples", m_from_shape_0, M_FROM_SHAPE_0)


def _model_with(num_iterations=None, learning_rate=None):
    def wrong(X_train, Y_train, X_test, Y_test, n=2000, rate=0.5, print_cost=False):
        n = n if num_iterations is None else num_iterations
        rate = rate if learning_rate is None else learning_rate
        return model(X_train, Y_train, X_test, Y_test, n, rate)

    return wrong


@pytest.mark.parametrize(
    ("function", "hint"),
    [
        (_model_with(num_iterations=2000), "pass num_iterations on to optimize"),
        (_model_with(learning_rate=0.5), "pass learning_rate on to optimize"),
        (_model_with(2000, 0.5), "pass both on to optimize"),
    ],
    ids=["num_iterations", "learning_rate", "both"],
)
def test_model_that_ignores_its_settings(function, hint):
    assert_fails_with("model", function, hint)


def _optimize_looping(iterations_of, keep=lambda i: i % 100 == 0, after_update=False):
    def wrong(w, b, X, Y, num_iterations, learning_rate, print_cost=False):
        costs = []
        for i in iterations_of(num_iterations):
            grads, cost = propagate(w, b, X, Y)
            w = w - learning_rate * grads["dw"]
            b = b - learning_rate * grads["db"]
            if after_update:
                _, cost = propagate(w, b, X, Y)
            if keep(i):
                costs.append(cost)
        return {"w": w, "b": b}, grads, costs

    return wrong


def _too_few_after_a_first_gradient(w, b, X, Y, num_iterations, learning_rate, print_cost=False):
    grads, cost = propagate(w, b, X, Y)  # the first gradient, then one step fewer
    costs = [cost]
    for _ in range(num_iterations - 1):
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
        grads, cost = propagate(w, b, X, Y)
    return {"w": w, "b": b}, grads, costs


@pytest.mark.parametrize(
    ("function", "hint"),
    [
        (_optimize_looping(lambda n: range(n + 1)), "one iteration too many"),
        (_optimize_looping(lambda n: range(1, n)), "the loop ran no iteration"),
        (_too_few_after_a_first_gradient, "one iteration too few"),
        (_optimize_looping(range, keep=lambda i: (i + 1) % 100 == 0), "iteration 0 included"),
        (_optimize_looping(range, keep=lambda i: i % 100 == 0 and i > 0), "iteration 0 included"),
        (_optimize_looping(range, after_update=True), "the cost of iteration 1:"),
    ],
    ids=["too many", "too few", "too few, no error", "i + 1", "i > 0", "after the update"],
)
def test_optimize_iterations_and_recorded_costs(function, hint):
    error = assert_fails_with("optimize", function, hint)
    if "iteration" in hint:
        assert "i % 100 == 0" in error.hint or "range(num_iterations)" in error.hint


@pytest.mark.parametrize(
    ("iterations", "hint"),
    [
        ([99, 199], "the costs of iterations 99, 199: the course keeps"),
        ([100, 200], "the costs of iterations 100, 200: the course keeps"),
        ([1, 101, 201], "the costs of iterations 1, 101, 201: the course keeps"),
        ([0, 100, 200], None),
        (list(range(0, 201, 20)), "the costs of iterations 0, 20, 40, 60, ...: the course keeps"),
    ],
)
def test_costs_of_other_iterations_are_named(iterations, hint):
    w, b, X, Y = np.zeros((3, 1)), 0.0, np.arange(15.0).reshape(3, 5) / 10, COURSE_Y5
    all_costs = checks._descent(w, b, X, Y, 201, 0.1)[2]
    got = [all_costs[i] for i in iterations]
    found = checks._costs_hint(got, lambda: all_costs, 201)
    assert found == hint or (hint and found.startswith(hint)), found


@pytest.mark.parametrize(
    "update_b",
    [lambda b, g, lr: b - g["db"], lambda b, g, lr: b - 2 * lr * g["db"], lambda b, g, lr: b],
    ids=["no learning rate", "twice", "not updated"],
)
def test_optimize_b_stepped_wrong_while_w_is_right(update_b):
    wrong = _optimize_with(lambda w, g, lr: w - lr * g["dw"], update_b)
    error = assert_fails_with("optimize", wrong, 'params["w"] is right and params["b"] is not')
    assert 'params["b"]' in error.got


def _learner(source):
    """The functions a learner's cells define, sharing one namespace as in a notebook."""
    namespace = {"np": np, "__name__": "__main__"}
    exec(compile(source, "<notebook>", "exec"), namespace)
    return namespace


LESSON_5 = """
def sigmoid(z):
    return 1 / (1 + np.exp({sign}z))


def propagate(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(w.T @ X + b)
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    return {{"dw": X @ (A - Y).T / {dw_over}, "db": np.sum(A - Y) / m}}, float(cost)


def initialize_with_zeros(dim):
    return np.zeros((dim, 1)), 0.0


def optimize(w, b, X, Y, num_iterations, learning_rate, print_cost=False):
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        w = w {step} learning_rate * grads["dw"]
        b = b {step} learning_rate * grads["db"]
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print("Cost after iteration %i: %f" % (i, cost))
    return {{"w": w, "b": b}}, grads, costs


def predict(w, b, X):
    return (sigmoid(w.T @ X + b) > 0.5).astype(float)


def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5,
          print_cost=False):
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate)
    w, b = params["w"], params["b"]
    return {{"costs": costs, "Y_prediction_test": predict(w, b, X_test),
            "Y_prediction_train": predict(w, b, X_train), "w": w, "b": b,
            "learning_rate": learning_rate, "num_iterations": num_iterations}}
"""


def _lesson_5(sign="-", dw_over="m", step="-"):
    return _learner(LESSON_5.format(sign=sign, dw_over=dw_over, step=step))


@pytest.mark.parametrize(
    ("wrong", "check", "blamed"),
    [
        ({"sign": "+"}, "propagate", "sigmoid"),
        ({"sign": "+"}, "predict", "sigmoid"),
        ({"dw_over": "1"}, "optimize", "propagate"),
        ({"step": "+"}, "model", "optimize"),
        ({"sign": "+"}, "model", "sigmoid"),  # through optimize and propagate, the deepest
    ],
    ids=["propagate-sigmoid", "predict-sigmoid", "optimize-propagate", "model-optimize", "deep"],
)
def test_a_later_function_failing_because_of_an_earlier_one_blames_it(wrong, check, blamed):
    functions = _lesson_5(**wrong)
    error = assert_fails_with(check, functions[check], f"your {blamed} fails its own check")
    assert f"checks.{blamed}({blamed})" in error.hint and error.blamed == blamed


def test_the_course_lesson_5_passes_and_a_wrong_later_function_is_blamed_alone(capsys):
    functions = _lesson_5()
    for name in ["sigmoid", "initialize_with_zeros", "propagate", "optimize", "predict", "model"]:
        assert_passes(name, functions[name], capsys)
    functions = _learner(LESSON_5.format(sign="-", dw_over="m", step="+"))
    error = assert_fails_with("optimize", functions["optimize"], "the cost rises")
    assert error.blamed is None


def test_a_none_inside_what_came_back_is_not_a_missing_return():
    error = failure("initialize_with_zeros", lambda dim: (np.zeros((dim, 1)), None))
    assert "b is None" in error.got and "return statement" not in str(error)


def test_a_cost_of_shape_1_is_not_called_a_1_by_1_array():
    error = assert_fails_with(
        "compute_cost",
        lambda A, Y: -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A), axis=1),
        "the right value, inside an array of shape (1,)",
    )
    assert "(1, 1)" not in error.hint and "np.dot" not in error.hint


def test_costs_holding_1_by_1_arrays_are_a_list_of_arrays():
    def costs_of_arrays(w, b, X, Y, num_iterations, learning_rate, print_cost=False):
        params, grads, costs = lr_optimize(w, b, X, Y, num_iterations, learning_rate)
        return params, grads, [np.array([[cost]]) for cost in costs]

    error = assert_fails_with("optimize", costs_of_arrays, "inside a (1, 1) array")
    assert error.got.startswith("costs[0] is an array of shape (1, 1)")
    assert "costs is a list" not in error.got


def test_one_number_is_one_number_not_1_numbers():
    def a_cost(w, b, X, Y, num_iterations, learning_rate, print_cost=False):
        params, grads, costs = lr_optimize(w, b, X, Y, num_iterations, learning_rate)
        return params, grads, costs[0]

    assert failure("optimize", a_cost).expected == "a list of 1 number"


def test_a_numpy_integer_shows_as_a_number():
    assert checks.show(np.uint8(255)) == "255" and checks.show(np.int64(-3)) == "-3"
    error = failure("flatten_and_scale", lambda images: images.reshape(images.shape[0], -1).T)
    assert "np.uint8" not in str(error)


def test_every_line_fits_the_output_area_with_its_prefix():
    error = failure("model", _model_with(num_iterations=2000))
    assert len(error.call) > 92  # the first line would not fit on its own
    for line in error._render_traceback_()[-1].split("\n"):
        assert len(line) <= 92, line


# ----------------------------------------------- issue 14: what a learner compares with


def _optimize_printing(line_of):
    def optimize_printing(w, b, X, Y, num_iterations, learning_rate, print_cost=False):
        params, grads, costs = lr_optimize(w, b, X, Y, num_iterations, learning_rate)
        for i, cost in zip(range(0, num_iterations, 100), costs, strict=True):
            if print_cost:
                print(line_of(i, cost))
        return params, grads, costs

    return optimize_printing


@pytest.mark.parametrize(
    ("line_of", "hint"),
    [
        (lambda i, cost: f"Cost after iteration {i}: {cost:.3f}", "prints 6 decimals"),
        (lambda i, cost: f"Cost after iteration {i}: {cost}", "with other decimals"),
        (lambda i, cost: f"iteration {i}, cost {cost:f}", '"Cost after iteration i: cost"'),
        (lambda i, cost: f"Cost after iteration {i + 100}: {cost:f}", "iterations 0, 100, 200"),
    ],
    ids=["3 decimals", "all digits", "other words", "other iterations"],
)
def test_optimize_prints_the_reference_runs_lines(line_of, hint):
    error = assert_fails_with("optimize", _optimize_printing(line_of), hint)
    assert "print_cost = True" in error.call
    assert "'Cost after iteration 0: " in error.expected


def test_optimize_prints_with_print_cost_only():
    def always(w, b, X, Y, num_iterations, learning_rate, print_cost=False):
        return _optimize_printing(lambda i, cost: f"Cost after iteration {i}: {cost:f}")(
            w, b, X, Y, num_iterations, learning_rate, print_cost=True
        )

    assert_fails_with("optimize", always, "print the costs only when print_cost is True")
    silent = _optimize_printing(lambda i, cost: "")
    assert_fails_with("optimize", silent, "with print_cost=True, print the cost")


def test_debugging_lines_beside_the_costs_are_no_failure(capsys):
    def chatty(w, b, X, Y, num_iterations, learning_rate, print_cost=False):
        print("shapes:", w.shape, X.shape)
        return optimize(w, b, X, Y, num_iterations, learning_rate, print_cost)

    assert_passes("optimize", chatty, capsys)


@pytest.fixture(scope="module")
def reference_d(cat_data, course_run):
    """What the course's model gives with the reference run's settings, 2001 iterations:
    the session's 2000-iteration run, one step further (the same step: the same bits)."""
    X_train, Y_train, X_test, _ = cat_data
    d = course_run[0]
    w, b, _, _, costs = gradient_descent(d["w"], d["b"], X_train, Y_train, 1, 0.005)
    return dict(
        d,
        costs=[*d["costs"], costs[0]],  # the cost of iteration 2000, before its step
        w=w,
        b=b,
        Y_prediction_train=(forward(w, b, X_train)[1] > 0.5).astype(float),
        Y_prediction_test=(forward(w, b, X_test)[1] > 0.5).astype(float),
        num_iterations=2001,
    )


def test_reference_run_marks_each_line_of_the_reference_run(reference_d, capsys):
    checks.reference_run(reference_d)
    lines = capsys.readouterr().out.splitlines()
    assert [line.rsplit(" ", 1)[0].rstrip() for line in lines[:-1]] == list(checks.REFERENCE_LINES)
    assert all(line.endswith("✓") for line in lines[:-1])
    assert lines[-1] == "✓ reference_run: 7 checks passed"


def test_reference_run_shows_the_reference_beside_a_line_that_differs(reference_d, capsys):
    d = dict(reference_d, costs=[*reference_d["costs"][:5], 0.31, *reference_d["costs"][6:]])
    d["Y_prediction_test"] = np.zeros_like(reference_d["Y_prediction_test"])
    checks.reference_run(d)
    lines = capsys.readouterr().out.splitlines()
    assert " ".join(lines[1].split()) == (
        "Cost after iteration 500: 0.310000 ✗ the reference run: 0.303273"
    )
    assert lines[6].split()[:3] == ["testing", "acc:", "0.34"]  # every picture called non-cat
    assert lines[6].endswith("✗ the reference run: 0.7")
    assert (
        lines[0].endswith("✓") and lines[-1] == "2 of the 7 lines differ from the reference run's"
    )


def test_reference_run_says_when_d_was_trained_otherwise(reference_d, capsys):
    checks.reference_run(dict(reference_d, num_iterations=1000, costs=reference_d["costs"][:10]))
    out = capsys.readouterr().out
    assert "d was trained with num_iterations = 1000" in out.splitlines()[0]
    assert "Cost after iteration 2000: ?" in out and "not in d" in out


def test_reference_run_wants_the_dict_model_returns():
    with pytest.raises(CheckFailed, match="d is a tuple") as info:
        checks.reference_run((1, 2))
    assert not isinstance(info.value, NotWrittenYet)


# ------------------------------- issue 18: whatever the learner's function does, in words


class _SilentError(Exception):
    def __str__(self):
        raise ValueError("no message")


class _Unshowable:
    def __repr__(self):
        raise RuntimeError("no repr")


class _Unmeasurable(list):
    def __len__(self):
        raise RuntimeError("no length")


def _raises_silent_error(z):
    raise _SilentError()


def _contains_itself(z):
    result = [0.5]
    result.append(result)
    return result


def _exits(z):
    import sys

    sys.exit(3)


@pytest.mark.parametrize(
    ("name", "function", "got"),
    [
        ("sigmoid", _raises_silent_error, "_SilentError: <its message cannot be shown"),
        ("sigmoid", lambda z: _Unshowable(), "_Unshowable whose __repr__ raised RuntimeError"),
        ("sigmoid", _contains_itself, "[0.5, [...]]"),
        ("initialize_with_zeros", lambda dim: _Unmeasurable([1, 2]), "something the check"),
        ("compute_cost", lambda A, Y: complex(np.mean(A)), "a complex number"),
        ("sigmoid", lambda z: sigmoid(z) + 0j, "complex"),
        ("sigmoid", _exits, "SystemExit: 3 (sys.exit(), exit() or quit() was called"),
        ("sigmoid", lambda z: exit(), "SystemExit"),
    ],
    ids=[
        "__str__ raises",
        "__repr__ raises",
        "list contains itself",
        "__len__ raises",
        "complex number",
        "complex array",
        "sys.exit",
        "exit()",
    ],
)
def test_a_check_reports_whatever_the_function_does_in_its_own_words(name, function, got):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no ComplexWarning or other warning of NumPy's
        error = failure(name, function)
    assert got in error.got, str(error)
    shown = "".join(error._render_traceback_())  # what a notebook shows: it must not fail
    assert error.got.split("\n")[0][:40] in unwrapped(shown)


def test_sys_exit_gets_its_own_hint():
    error = failure("sigmoid", _exits)
    assert "a function gives back its result with return" in error.hint
    assert isinstance(error.__cause__, SystemExit)


def test_a_complex_result_with_no_imaginary_part_does_not_pass():
    error = failure("sigmoid", lambda z: sigmoid(z) + 0j)
    assert "complex128" in error.got and error.expected == "real numbers"


def test_an_interrupt_is_not_swallowed():
    def interrupted(z):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        checks.sigmoid(interrupted)


# ----------------------------------------------------------------- how every check behaves


def test_inputs_modified_in_place_fail():
    def in_place(w, b, X, Y, num_iterations, learning_rate, print_cost=False):
        costs = []
        for i in range(num_iterations):
            grads, cost = propagate(w, b, X, Y)
            w -= learning_rate * grads["dw"]  # the caller's w
            b -= learning_rate * grads["db"]
            if i % 100 == 0:
                costs.append(cost)
        return {"w": w, "b": b}, grads, costs

    error = assert_fails_with("optimize", in_place, "an in-place operation")
    assert "changed its argument w" in error.got


def test_the_pass_line(capsys):
    checks.propagate(propagate)
    assert capsys.readouterr().out == "✓ propagate: 4 checks passed\n"


def test_what_the_function_prints_is_kept_out_of_the_pass_line(capsys):
    def chatty(z):
        print("debugging", z)
        return sigmoid(z)

    checks.sigmoid(chatty)
    assert capsys.readouterr().out == "✓ sigmoid: 4 checks passed\n"


def test_what_the_function_prints_is_shown_on_failure(capsys):
    def chatty(z):
        print("debugging", np.shape(z))
        return 1 / (1 + np.exp(z))

    with pytest.raises(CheckFailed):
        checks.sigmoid(chatty)
    assert capsys.readouterr().out == "sigmoid printed:\ndebugging (2,)\n"


def test_the_failure_message_says_what_was_tried_got_and_expected():
    error = assert_fails_with("sigmoid", lambda z: 1 / (1 + np.exp(z)), "this is sigmoid(-z)")
    lines = str(error).split("\n")
    assert lines[0] == "sigmoid: tried <lambda>(z) on the course's example, with"
    assert lines[1] == "    z = [0, 2] (dtype int64)"
    assert lines[2] == "  got:      s = [0.5, 0.11920292]"
    assert lines[3] == "  expected: s = [0.5, 0.88079708]"
    assert lines[4].startswith("  hint:     this is sigmoid(-z)")
    assert all(len(line) <= 92 for line in lines)


@pytest.mark.parametrize("readme, language", [("README.md", "en"), ("README.zh-CN.md", "zh-CN")])
def test_the_readme_shows_a_real_failure_pass_line_and_not_written_line(readme, language, capsys):
    section = (Path(__file__).resolve().parent.parent / readme).read_text(encoding="utf-8")
    shown = re.search(r"```text\n(CheckFailed: sigmoid.*?)```", section, re.S)[1]
    checks.set_language(language)
    try:
        error = failure("sigmoid", lambda z: 1 / (1 + np.exp(z)))
        checks.sigmoid(sigmoid)
        unwritten_line = unwritten._render(("function", "sigmoid"), stub=True)
    finally:
        checks.set_language("en")
    assert shown == f"CheckFailed: {error}\n".replace("<lambda>", "sigmoid")
    assert f"`{capsys.readouterr().out.strip()}`" in section
    assert f"`{unwritten_line}`" in section


def test_an_unfilled_exercise_is_not_written_yet_in_one_line():
    def propagate(w, b, X, Y):
        # YOUR CODE HERE
        raise NotImplementedError()

    with pytest.raises(NotWrittenYet) as info:
        checks.propagate(propagate)
    message = "propagate is not written yet: write your code in the cell above"
    assert str(info.value) == message
    assert info.value.__cause__ is None and info.value.__suppress_context__
    assert info.value._render_traceback_() == [f"NotWrittenYet: {message}"]


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_not_written_yet_is_one_line_of_output_for_every_exercise(language):
    from lr_utils.checking import WIDTH, width

    checks.set_language(language)
    try:
        lines = []
        for name in checks.EXERCISES:
            with pytest.raises(NotWrittenYet) as info:
                getattr(checks, name)(None)
            lines += info.value._render_traceback_()
            lines.append(unwritten._render(("function", name), stub=True))
        with pytest.raises(NotWrittenYet) as info:
            checks.dataset_sizes(None, None, None)
        lines += info.value._render_traceback_()
        lines.append(unwritten._render(("exercise", None), stub=True))
    finally:
        checks.set_language("en")
    for line in lines:
        assert "\n" not in line and width(line) <= WIDTH, line


def test_an_unfilled_function_called_by_the_exercise_is_named():
    def propagate(w, b, X, Y):
        raise NotImplementedError()

    def optimize(w, b, X, Y, num_iterations, learning_rate, print_cost=False):
        grads, cost = propagate(w, b, X, Y)
        return {"w": w, "b": b}, grads, [cost]

    with pytest.raises(NotWrittenYet, match="optimize calls propagate, which is not written yet"):
        checks.optimize(optimize)


@pytest.mark.parametrize("value", [None, ...])
def test_an_unset_function_is_not_written_yet(value):
    with pytest.raises(NotWrittenYet, match="sigmoid is not written yet"):
        checks.sigmoid(value)


def test_an_exception_in_the_learners_code_is_chained_and_its_traceback_shown():
    def broken(z):
        return undefined_name * z  # noqa: F821

    with pytest.raises(CheckFailed) as info:
        checks.sigmoid(broken)
    error = info.value
    assert isinstance(error.__cause__, NameError)
    assert "NameError: name 'undefined_name' is not defined" in error.got
    shown = "".join(error._render_traceback_())
    assert "in broken" in shown and "undefined_name * z" in shown
    assert "checking.py" not in shown  # the learner's frames, not the check's
    assert shown.rstrip().endswith(str(error).rstrip())


def test_a_library_not_implemented_error_is_an_error_not_an_unfilled_exercise():
    def unsupported(z):
        raise NotImplementedError("float128 is not supported here")

    with pytest.raises(CheckFailed) as info:
        checks.sigmoid(unsupported)
    assert not isinstance(info.value, NotWrittenYet)
    assert "float128 is not supported" in info.value.got


def test_a_result_instead_of_the_function():
    with pytest.raises(CheckFailed, match="without parentheses"):
        checks.propagate(propagate(np.zeros((2, 1)), 0.0, np.ones((2, 3)), np.ones((1, 3))))


def test_a_missing_return():
    def no_return(A, Y):
        -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))

    assert_fails_with("compute_cost", no_return, "without a return statement")


def test_a_wrong_tuple():
    with pytest.raises(CheckFailed, match="end the function with return dw, db, cost"):
        checks.propagate_vectorized(lambda w, b, X, Y: propagate(w, b, X, Y))


def test_check_failed_is_an_assertion_error():
    assert issubclass(CheckFailed, AssertionError) and issubclass(NotWrittenYet, CheckFailed)


# ------------------------------------------------------- the checks' own inputs are defined


def test_predict_inputs_have_no_probability_of_one_half_and_tell_z_from_a():
    z_between = 0
    for _, w, b, X in checks._predict_cases():
        Z, _ = forward(w, b, X)
        assert np.abs(Z).min() > 1e-3, "a probability within rounding of 0.5"
        z_between += int(((Z > 0) & (Z <= 0.5)).sum())
    assert z_between >= 2, "no z in (0, 0.5]: a threshold on z would pass"


def test_model_cases_end_far_from_one_half_with_both_classes():
    cases = list(checks._model_cases())
    assert len({(case[5], case[6]) for case in cases}) == len(cases) == 2
    for _, X_train, Y_train, X_test, Y_test, num_iterations, learning_rate in cases:
        d = lr_model(X_train, Y_train, X_test, Y_test, num_iterations, learning_rate)
        for X, Y in [(X_train, Y_train), (X_test, Y_test)]:
            _, A = forward(d["w"], d["b"], X)
            assert np.abs(A - 0.5).min() > 1e-3
            assert 0 < Y.sum() < Y.size
        assert len(d["costs"]) == (num_iterations - 1) // 100 + 1
        assert d["costs"][-1] < d["costs"][0]


def test_propagate_cases_tell_transposes_apart():
    for _, w, _, X, Y in checks._propagate_cases(0):
        n_x, m = X.shape
        assert w.shape == (n_x, 1) and Y.shape == (1, m)
        assert n_x != m or m == 1


# ------------------------------------------------ issue 16: the checks in the learner's language

CATALOG = ROOT / "lr_utils" / "locale" / "zh_CN" / "LC_MESSAGES" / "lr_utils.po"
MESSAGE_MODULES = ["checking.py", "checks.py", "unwritten.py"]
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
# the Latin words a Chinese message may hold: code (names, keywords, NumPy's), the math of the
# lessons (a, b, w, x, y, z...), the names of the checks' own values, and "Python", a name;
# any other word is English prose left untranslated
CODE_WORDS = set(
    re.findall(
        r"\S+",
        """
    A False J None NotImplementedError Python SystemExit T True X Y Z a apply_along_axis axis b
    bc c checks copy d dJ dL dZ da db dc dim dot dtype du dv dw dw1 dw2 dz eps exit exp f float
    for frompyfunc i images in int learning_rate log m map math n n_x np num_iterations numpy
    optimize params predict print_cost quit raise range reshape return set_language shape
    sigmoid squeeze sys test_set_x_orig train_set_x_orig u v vectorize w w1 w2 while x x1 x2 y
    z __repr__ __str__
    CheckFailed NotWrittenYet cost costs grads int64 float64 uint8 complex128 lambda params
    s j list tuple dict calories percentages Y_prediction X_train X_test Y_train Y_test
    """,
    )
    + list(checks.EXERCISES)
)


@pytest.fixture
def chinese():
    checks.set_language("zh-CN")
    yield
    checks.set_language("en")


def _code_messages():
    """{msgid: where} of every message the code marks for translation (Babel's extractor)."""
    from babel.messages.extract import extract_from_file

    found = {}
    for name in MESSAGE_MODULES:
        path = ROOT / "lr_utils" / name
        for _line, message, _comments, _context in extract_from_file(
            "python", str(path), keywords=KEYWORDS
        ):
            found[message[0] if isinstance(message, tuple) else message] = name
    return found


def _catalog():
    from babel.messages.pofile import read_po

    with CATALOG.open("rb") as file:
        return read_po(file)


def _latin_words(text):
    """The Latin words of text outside placeholders, backticks, quotes and <...>, and
    outside what an exception said (ValueError: ..., in Python's words or the learner's)."""
    exception = r"\b\w*(?:Error|Exit|Exception)\b: [^（(]*"
    for pattern in (exception, r"\{[^{}]*\}", r"`[^`]*`", r'"[^"]*"', r"'[^']*'", r"<[^<>]*>"):
        text = re.sub(pattern, " ", text)
    return set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text))


def test_every_message_has_a_chinese_translation():
    catalog = _catalog()
    code = _code_messages()
    assert len(code) > 150, "Babel's extractor found almost no message: is it configured?"
    missing, fuzzy = [], []
    for msgid, module in code.items():
        entry = catalog.get(msgid)
        strings = [] if entry is None else entry.string
        strings = list(strings) if isinstance(strings, tuple | list) else [strings]
        if entry is None or not all(strings):
            missing.append(f"{module}: {msgid!r}")
        elif entry.fuzzy:
            fuzzy.append(f"{module}: {msgid!r}")
    assert not missing, "no translation for:\n" + "\n".join(missing)
    assert not fuzzy, "a fuzzy translation (to review) for:\n" + "\n".join(fuzzy)
    stale = [entry.id for entry in catalog if entry.id and _msgid(entry) not in code]
    assert not stale, f"translations of messages the code no longer has: {stale}"


def _msgid(entry):
    return entry.id[0] if isinstance(entry.id, tuple | list) else entry.id


def test_the_compiled_catalog_is_the_catalog():
    from babel.messages.mofile import write_mo

    compiled = io.BytesIO()
    write_mo(compiled, _catalog())
    assert compiled.getvalue() == CATALOG.with_suffix(".mo").read_bytes(), (
        "lr_utils.mo is stale: pybabel compile -D lr_utils -d lr_utils/locale -l zh_CN"
    )


def test_every_translation_keeps_the_placeholders_and_is_chinese():
    for entry in _catalog():
        if not entry.id:
            continue
        ids = entry.id if isinstance(entry.id, tuple | list) else [entry.id]
        strings = entry.string if isinstance(entry.string, tuple | list) else [entry.string]
        wanted = set(re.findall(r"\{[^{}]*\}", ids[-1]))
        for text in strings:
            assert set(re.findall(r"\{[^{}]*\}", text)) == wanted, (ids[0], text)
            prose = _latin_words(text) - CODE_WORDS
            assert not prose, f"English words {sorted(prose)} in the translation {text!r}"


def test_set_language_speaks_chinese_then_english_again(capsys, chinese):
    checks.sigmoid(sigmoid)
    assert capsys.readouterr().out == "✓ sigmoid：4 项检查全部通过\n"
    checks.set_language("en")
    checks.sigmoid(sigmoid)
    assert capsys.readouterr().out == "✓ sigmoid: 4 checks passed\n"


@pytest.mark.parametrize("language", ["zh", "zh_CN", "fr", None, "EN"])
def test_set_language_names_the_two_it_takes(language):
    with pytest.raises(ValueError, match='takes "zh-CN" or "en"'):
        checks.set_language(language)


CHINESE_FAILURES = [  # (check, the learner's function): a failure of each kind of message
    ("sigmoid", lambda z: 1 / (1 + np.exp(z))),
    ("sigmoid", lambda z: 1 / (1 + math.exp(-z))),
    ("sigmoid", _raises_silent_error),
    ("sigmoid", _contains_itself),
    ("sigmoid", _exits),
    ("sigmoid", lambda z: sigmoid(z) + 0j),
    ("compute_cost", lambda A, Y: None),
    ("compute_cost", lambda A, Y: _cost_11(A, Y, A.shape[1])),
    ("compute_cost", lambda A, Y: complex(np.mean(A))),
    ("flatten_and_scale", lambda images: images.reshape(images.shape[0], -1).T),
    ("flatten_and_scale", lambda images: images.reshape(images.shape[0], -1)),
    ("initialize_with_zeros", lambda dim: (np.zeros((dim, 1)), None)),
    ("initialize_with_zeros", lambda dim: (np.zeros((dim, 1), dtype=int), 0)),
    ("initialize_with_zeros", lambda dim: np.zeros((dim, 1))),
    ("initialize_with_zeros", lambda dim: _Unmeasurable([1, 2])),
    ("propagate", _as_propagate(_m_from_shape_0)),
    ("propagate", lambda w, b, X, Y: ({"dw": 0}, 0.0)),
    ("propagate", lambda w, b, X, Y: (None, 0.0)),
    ("propagate_vectorized", LOOPS["a for loop"]),
    ("propagate_vectorized", LOOPS["np.vectorize(lambda)"]),
    ("propagate_vectorized", _m_from_shape_0),
    ("loop_over_examples", lambda w, b, X, Y: (1.0, 2.0)),
    ("labels_as_row", lambda Y: Y.T),
    ("calorie_percentages", lambda c: c / c.sum(axis=0, keepdims=True)),
    ("backward_by_hand", lambda a, b, c: (1, c, b)),
    ("one_example_gradients", _one_example(lambda a, y: a * (1 - a))),
    ("numerical_derivative", lambda f, x, eps: (f(x + eps) - f(x)) / eps),
    ("optimize", _optimize_looping(range, after_update=True)),
    ("optimize", _optimize_looping(lambda n: range(1, n))),
    ("optimize", _optimize_printing(lambda i, cost: f"Cost after iteration {i}: {cost:.3f}")),
    ("optimize", _optimize_with(lambda w, g, lr: w - lr * g["dw"], lambda b, g, lr: b)),
    ("optimize", _lesson_5(dw_over="1")["optimize"]),
    ("predict", lambda w, b, X: (sigmoid(w.T @ X) > 0.5) * 1.0),
    ("model", _model_with(num_iterations=2000)),
    ("model", lambda *args: {"w": 0}),
    ("propagate", propagate(np.zeros((2, 1)), 0.0, np.ones((2, 3)), np.ones((1, 3)))),
]


@pytest.mark.parametrize(("name", "function"), CHINESE_FAILURES)
def test_a_chinese_failure_message_holds_no_english_prose(name, function, chinese, capsys):
    error = failure(name, function)
    learner = getattr(function, "__name__", "")
    first = str(error).split("\n")[0]
    if learner:
        first = first.replace(learner, " ")
    parts = [first, error.got or "", error.expected or "", error.hint or ""]
    prose = set().union(*map(_latin_words, parts)) - CODE_WORDS
    assert not prose, f"English words {sorted(prose)} in:\n{error}"
    assert re.search("[\u4e00-\u9fff]", error.got + (error.hint or "")), str(error)
    for line in error._render_traceback_()[-1].split("\n"):
        assert checking_width(line) <= 92 or " " not in line.strip(), line
    capsys.readouterr()


def checking_width(line):
    from lr_utils.checking import width

    return width(line)


def test_the_chinese_one_liners_of_run_all_and_not_written_yet(chinese):
    with pytest.raises(NotWrittenYet) as info:
        checks.sigmoid(None)
    assert unwrapped(str(info.value)).startswith("sigmoid 还没有写：")
    with pytest.raises(NotWrittenYet, match="m_train 和 m_test 还没有设置"):
        checks.dataset_sizes(None, None, 64)
    reasons = [("function", "model"), ("exercise", None), ("error", "ValueError")]
    for reason in reasons:
        for stub in (True, False):
            text = unwritten._render(reason, stub=stub)
            assert not _latin_words(text) - CODE_WORDS - {"model", "ValueError"}, text


def test_the_reference_run_in_chinese(reference_d, chinese, capsys):
    checks.reference_run(dict(reference_d, costs=[0.5] * 21))
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Cost after iteration 0: 0.500000")  # the reference run's words
    assert lines[0].endswith("✗ 参考运行：0.693147")
    assert lines[-1] == "7 行中有 5 行与参考运行不同"


def test_chinese_lines_wrap_between_characters_never_inside_a_word(chinese):
    from lr_utils.checking import WIDTH, width, wrap

    text = (
        "提示："
        + "这是一个很长的中文句子，" * 8
        + "里面有 np.squeeze(...) 和 float(...) 这样的代码"
    )
    lines = wrap(text, "      ").split("\n")
    assert len(lines) > 1 and all(width(line) <= WIDTH for line in lines)
    assert "np.squeeze(...)" in "".join(lines) and "float(...)" in "".join(lines)
    assert not any(line.lstrip().startswith(("，", "：")) for line in lines)
    assert wrap("输入为3 种大小", "") == "输入为 3 种大小"  # the space Chinese typesetting wants


# ------------------------------------------------------- Run All on an exercise notebook

ANSI = re.compile(r"\x1b\[[0-9;]*m")
REGION = re.compile(r"^([ \t]*)### BEGIN SOLUTION\n.*?^[ \t]*### END SOLUTION$", re.M | re.S)
TAG = "raises-exception"  # Run All, in JupyterLab as in nbclient, goes on past such a cell


def _unfilled(source):
    """source with each marked region replaced by nbgrader's stub, at its indentation."""
    stub = r"\1# YOUR CODE HERE\n\1raise NotImplementedError()"
    return REGION.sub(stub, source)


def _run_all(nb, folder):
    """Run All in a fresh kernel, errors allowed only in cells tagged raises-exception.

    The kernel gets the suite's environment without IPYKERNEL_CELL_NAME, which the suite
    sets and `make lab` keeps out of a learner's kernel: it hides the learner's own lines.
    """
    env = {k: v for k, v in ENV_AT_START.items() if k != "IPYKERNEL_CELL_NAME"}
    resources = {"metadata": {"path": str(folder)}}
    NotebookClient(nb, timeout=300, kernel_name="python3", resources=resources).execute(env=env)
    return nb


def _shown_errors(cell):
    """[(ename, [traceback entries without colours])] of a cell's error outputs."""
    return [
        (out.ename, [ANSI.sub("", entry) for entry in out.traceback])
        for out in cell.outputs
        if out.output_type == "error"
    ]


def _one_line(cell):
    """The one-line message a cell showed for its error; fails if it showed a traceback."""
    (error,) = _shown_errors(cell)
    ename, entries = error
    assert len(entries) == 1 and "Traceback" not in entries[0], f"{ename}: {entries}"
    return entries[0]


RUN_ALL = {  # cell id: source; every cell but the last is tagged raises-exception
    "imports": "from lr_utils import checks\nfrom lr_utils import checks as again",
    "exercise": "def sigmoid(z):\n    # YOUR CODE HERE\n    raise NotImplementedError()",
    "check": "checks.sigmoid(sigmoid)",
    "uses": "print('first')\ns = sigmoid(0.5)",
    "needs": "t = s + 1",
    "needs-again": "print(t)",
    "top-level": "m_train = None  # yours to set\n# YOUR CODE HERE\nraise NotImplementedError()",
    "bug": "def scale(x):\n    return x / undefined_scale\n\n\nscale(2.0)",
    "typo": "print(never_made)",
    "library": "raise NotImplementedError('float128 is not supported')",
    "broadcast": "import numpy as np\n\nnp.zeros(3) + np.zeros(2)",
    "chinese": 'checks.set_language("zh-CN")',  # as the Chinese editions do after the import
    "zh-check": "checks.sigmoid(sigmoid)",
    "zh-uses": "s2 = sigmoid(1.0)",
    "zh-needs": "print(s2)",
    "end": "print('the end')",
}


def _run_all_job():
    cells = [
        new_code_cell(source, id=key, metadata={"tags": [TAG]} if key != "end" else {})
        for key, source in RUN_ALL.items()
    ]
    nb = _run_all(new_notebook(cells=cells), ROOT)
    return {cell.id: cell for cell in nb.cells}


KERNEL_RUNS = {"run_all": _run_all_job}


def kernel_jobs(items):
    """The kernel runs of the selected tests, started in the background (tests/conftest.py)."""
    wanted = {name for item in items for name in getattr(item, "fixturenames", ())}
    return {("checks", key): job for key, job in KERNEL_RUNS.items() if f"{key}_run" in wanted}


@pytest.fixture(scope="module")
def run_all_run(kernel_job):
    return kernel_job(("checks", "run_all"), _run_all_job)


def test_run_all_an_unwritten_exercise_and_its_check_each_say_so_in_one_line(run_all_run):
    assert _one_line(run_all_run["check"]).startswith("NotWrittenYet: sigmoid is not written yet")
    line = _one_line(run_all_run["uses"])
    assert line == "sigmoid is not written yet: write your code in its cell"
    assert run_all_run["uses"].outputs[0].text == "first\n"  # what ran before the stub shows
    assert _one_line(run_all_run["top-level"]).startswith("this exercise is not written yet")


def test_run_all_a_name_an_earlier_cell_did_not_make_says_which_and_why(run_all_run):
    for key, name, statement in [
        ("needs", "s", "s = sigmoid(0.5)"),
        ("needs-again", "t", "t = s + 1"),
    ]:
        line = " ".join(_one_line(run_all_run[key]).split())  # unwrapped
        assert line == (
            f'this cell needs {name}, which the cell "{statement}" did not make: sigmoid is '
            "not written yet"
        )


def test_run_all_in_chinese(run_all_run):
    assert run_all_run["chinese"].outputs == []
    check = unwrapped(_one_line(run_all_run["zh-check"]))
    assert check.startswith("NotWrittenYet: sigmoid 还没有写：")
    uses = unwrapped(_one_line(run_all_run["zh-uses"]))
    assert uses.startswith("sigmoid 还没有写：") and "单元格" in uses
    needs = unwrapped(_one_line(run_all_run["zh-needs"]))
    assert needs == "这个单元格需要 s2，但单元格「s2 = sigmoid(1.0)」没能生成它：sigmoid 还没有写"


def test_run_all_anything_else_keeps_the_learners_traceback(run_all_run):
    ((ename, entries),) = _shown_errors(run_all_run["bug"])
    shown = "\n".join(entries)
    assert ename == "NameError" and "Traceback" in shown
    assert "return x / undefined_scale" in shown and "scale(2.0)" in shown  # their own lines
    assert "<Error retrieving source code" not in shown
    for key, ename in [
        ("typo", "NameError"),
        ("library", "NotImplementedError"),
        ("broadcast", "ValueError"),
    ]:
        ((shown_ename, entries),) = _shown_errors(run_all_run[key])
        assert shown_ename == ename and "Traceback" in "\n".join(entries), key
    assert run_all_run["end"].outputs[0].text == "the end\n"


def test_the_display_is_installed_only_inside_ipython():
    assert unwritten.install() is False  # pytest is no IPython: nothing to install


def test_what_a_failed_cell_was_to_make():
    source = (
        "import numpy as np\nfrom lr_utils import checks as c\n"
        "d = model(X_train, train_set_y, X_test, test_set_y, 2001, 0.005)\n"
        "def f(x):\n    inner = 1\n    return x\n"
        "for i in range(3):\n    total = i\n"
        "squares = [k * k for k in range(3)]\n"
        "a, (b, c2) = 1, (2, 3)\n"
        "fig, axes = plt.subplots(\n    1, 2, figsize=(11, 4)\n)\n"
    )
    made = unwritten.assignments(source)
    assert made == {
        "np": "import numpy as np",
        "c": "from lr_utils import checks as c",
        "d": "d = model(...)",
        "f": "def f(...)",
        "i": "for i in range(...)",
        "total": "for i in range(...)",
        "squares": "squares = [k * k for k in range(3)]",
        "a": "a, (b, c2) = 1, (2, 3)",
        "b": "a, (b, c2) = 1, (2, 3)",
        "c2": "a, (b, c2) = 1, (2, 3)",
        "fig": "fig, axes = plt.subplots(...)",
        "axes": "fig, axes = plt.subplots(...)",
    }
    assert unwritten.assignments("def broken(:\n") == {}

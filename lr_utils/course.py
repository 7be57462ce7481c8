"""The course's functions, with the course's signatures and return values.

X is (n_x, m), one example per column; Y is (1, m); w is (n_x, 1); b is a scalar.
Each function checks its arguments once, then calls `propagation`.
"""

import numpy as np

from .propagation import forward, gradient_descent, propagate_unchecked
from .validation import (
    check_b,
    check_count,
    check_positive,
    check_w,
    check_wbXY,
    check_X,
    check_Y,
)


def initialize_with_zeros(dim):
    """Return w, a (dim, 1) column of zeros, and b = 0.0."""
    return np.zeros((check_count(dim, "dim", minimum=1), 1)), 0.0


def propagate(w, b, X, Y):
    """Cost and gradient for logistic regression.

    Parameters
    ----------
    w : array_like (n_x, 1)
    b : float
    X : array_like (n_x, m)
    Y : array_like (1, m) of 0/1 labels; a rank-1 (m,) is taken as (1, m)

    Returns
    -------
    grads : dict with "dw" (n_x, 1) and "db" (float)
    cost : float, the mean cross-entropy loss
    """
    dw, db, cost = propagate_unchecked(*check_wbXY(w, b, X, Y))
    return {"dw": dw, "db": db}, cost


def optimize(w, b, X, Y, num_iterations, learning_rate, print_cost=False):
    """Learn w and b by gradient descent; w passed in is not modified.

    Returns
    -------
    params : dict with "w" (n_x, 1) and "b" (float)
    grads : dict with "dw" and "db" of the last iteration
    costs : list of float, the cost every 100 iterations (iterations 0, 100, ...)
    """
    w, b, X, Y = check_wbXY(w, b, X, Y)
    num_iterations = check_count(num_iterations, "num_iterations")
    learning_rate = check_positive(learning_rate, "learning_rate")
    w, b, dw, db, costs = gradient_descent(
        w, b, X, Y, num_iterations, learning_rate, print_every=100 if print_cost else None
    )
    return {"w": w, "b": b}, {"dw": dw, "db": db}, costs[::100]


def predict(w, b, X):
    """Return a (1, m) array of 1.0 where sigmoid(w.T X + b) > 0.5, else 0.0."""
    w = check_w(w)
    X = check_X(X, n_x=w.shape[0])
    return _predict(w, check_b(b), X)


def _predict(w, b, X):
    _, A = forward(w, b, X)
    return (A > 0.5).astype(np.float64)


def model(
    X_train,
    Y_train,
    X_test,
    Y_test,
    num_iterations=2000,
    learning_rate=0.5,
    print_cost=False,
):
    """Initialize with zeros, optimize on the training set, predict both sets.

    Returns
    -------
    d : dict with "costs", "Y_prediction_test", "Y_prediction_train", "w", "b",
        "learning_rate" and "num_iterations"
    """
    X_train = check_X(X_train, name="X_train")
    Y_train = check_Y(Y_train, X_train.shape[1], X_train.shape, "Y_train", "X_train")
    X_test = check_X(X_test, X_train.shape[0], "X_test", "X_train")
    Y_test = check_Y(Y_test, X_test.shape[1], X_test.shape, "Y_test", "X_test")
    num_iterations = check_count(num_iterations, "num_iterations")
    learning_rate = check_positive(learning_rate, "learning_rate")
    w, b = initialize_with_zeros(X_train.shape[0])
    w, b, _, _, costs = gradient_descent(
        w, b, X_train, Y_train, num_iterations, learning_rate, 100 if print_cost else None
    )
    Y_prediction_test = _predict(w, b, X_test)
    Y_prediction_train = _predict(w, b, X_train)
    if print_cost:
        train = 100 - np.mean(np.abs(Y_prediction_train - Y_train)) * 100
        test = 100 - np.mean(np.abs(Y_prediction_test - Y_test)) * 100
        print(f"train accuracy: {train} %")
        print(f"test accuracy: {test} %")
    return {
        "costs": costs[::100],
        "Y_prediction_test": Y_prediction_test,
        "Y_prediction_train": Y_prediction_train,
        "w": w,
        "b": b,
        "learning_rate": learning_rate,
        "num_iterations": num_iterations,
    }

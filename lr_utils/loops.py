"""Plain-Python loops: the slow versions that vectorization replaces.

Oracles for the tests and the "loops against vectorization" notebook. Each one computes
exactly what its vectorized counterpart computes, one scalar at a time with `math`.
Each checks its arguments once, as the vectorized functions do and with their messages;
the loops themselves stay as plain as the lessons write them.
Shapes: X (n_x, m), Y (1, m), w (n_x, 1), b scalar.
"""

import math

import numpy as np

from .validation import as_real_array, check_wbXY


def dot_loop(a, b):
    """Return the dot product of two rank-1 arrays of the same length, one product at a time.

    What np.dot(a, b) gives for two vectors; a and b may be lists.
    """
    a, b = _check_vectors(a, b)
    c = 0
    for i in range(len(a)):
        c += a[i] * b[i]
    return float(c)


def scalar_sigmoid(z):
    """1 / (1 + exp(-z)) of one float, written so that exp never overflows."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def softplus(t):
    """log(1 + exp(t)) of one float, finite for any finite t."""
    return max(t, 0.0) + math.log1p(math.exp(-abs(t)))


def _loss(z, y):
    # -[y log(a) + (1 - y) log(1 - a)] with a = sigmoid(z), taken from z so that it stays
    # finite where a rounds to 0 or 1: -log(a) = log(1 + exp(-z)), -log(1 - a) = log(1 + exp(z))
    return y * softplus(-z) + (1.0 - y) * softplus(z)


def _check_vectors(a, b):
    a = as_real_array(a, "a", what="a rank-1 array of numbers")
    b = as_real_array(b, "b", what="a rank-1 array of numbers")
    for name, v in (("a", a), ("b", b)):
        if v.ndim != 1:
            raise ValueError(f"{name} must be a rank-1 array (a vector), got shape {v.shape}")
    if a.shape != b.shape:
        raise ValueError(
            f"a and b must have the same length, got {a.shape[0]} and {b.shape[0]} numbers"
        )
    return a, b


def _checked(w, b, X, Y):
    # the vectorized functions' checks; then w and Y as plain rows for the loops
    w, b, X, Y = check_wbXY(w, b, X, Y)
    return w[:, 0], b, X, Y[0]


def propagate_two_loops(w, b, X, Y):
    """The lecture's pseudo-code: a loop over the m examples, inside it loops over the n_x features.

    z_i = w.T x_i + b and dw_j += x_ij dz_i are each computed feature by feature.

    Parameters
    ----------
    w : array_like (n_x, 1)
    b : float
    X : array_like (n_x, m)
    Y : array_like (1, m) of 0/1 labels; a rank-1 (m,) is taken as (1, m)

    Returns
    -------
    dw : ndarray (n_x, 1)
    db : float
    cost : float, the mean cross-entropy loss
    """
    w, b, X, Y = _checked(w, b, X, Y)
    n_x, m = X.shape
    J, db = 0.0, 0.0
    dw = np.zeros((n_x, 1))
    for i in range(m):
        z = b
        for j in range(n_x):
            z += w[j] * X[j, i]
        a = scalar_sigmoid(z)
        J += _loss(z, Y[i])
        dz = a - Y[i]
        for j in range(n_x):
            dw[j, 0] += X[j, i] * dz
        db += dz
    return dw / m, float(db / m), float(J / m)


def propagate_one_loop(w, b, X, Y):
    """A loop over the m examples only: dw += x_i dz_i as one (n_x, 1) vector per example.

    Same parameters and returns as `propagate_two_loops`.
    """
    w, b, X, Y = _checked(w, b, X, Y)
    m = X.shape[1]
    J, db = 0.0, 0.0
    dw = np.zeros((X.shape[0], 1))
    for i in range(m):
        x_i = X[:, i : i + 1]
        z = float(np.dot(w, x_i[:, 0])) + b
        a = scalar_sigmoid(z)
        J += _loss(z, Y[i])
        dz = a - Y[i]
        dw += x_i * dz
        db += dz
    return dw / m, float(db / m), float(J / m)

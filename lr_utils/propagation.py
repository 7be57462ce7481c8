"""Forward and backward propagation: the one implementation behind every entry point.

Nothing here validates its input: callers check once at the public boundary, so the
training loop stays as lean as the two matrix-vector products it cannot avoid.
Shapes: X (n_x, m), Y (1, m), w (n_x, 1), b scalar, Z and A (1, m).
"""

import numpy as np


def sigmoid(z):
    """Compute 1 / (1 + exp(-z)) elementwise, finite and warning-free for any finite z.

    Parameters
    ----------
    z : scalar or array_like

    Returns
    -------
    s : float, or ndarray of the shape of z, every value in [0, 1]
    """
    # the course's formula, to the last digit; for z < -709 exp(-z) overflows to inf
    # and 1 / (1 + inf) is 0.0, the correctly rounded answer, so that warning is noise
    with np.errstate(over="ignore"):
        s = 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=np.float64)))
    return s if s.ndim else float(s)


def forward(w, b, X):
    """Return Z = w.T X + b and A = sigmoid(Z), both (1, m)."""
    Z = np.dot(w.T, X) + b
    return Z, sigmoid(Z)


def cross_entropy(Z, A, Y):
    """Mean over the m examples of the loss -[y log(a) + (1 - y) log(1 - a)].

    Computed as the course does, so that its printed costs come out to the last digit.
    Where a rounded to exactly 0 or 1, a log is -inf; there the same loss is taken from
    z instead, as log(1 + exp(-z)) or log(1 + exp(z)), which stays finite.
    """
    m = Y.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        losses = -(Y * np.log(A) + (1.0 - Y) * np.log(1.0 - A))
    saturated = ~np.isfinite(losses)
    if saturated.any():
        z, y = Z[saturated], Y[saturated]
        losses[saturated] = y * np.logaddexp(0.0, -z) + (1.0 - y) * np.logaddexp(0.0, z)
    return float(np.sum(losses) / m)


def backward(X, A, Y):
    """Return dw (n_x, 1) and db (float): the gradient of the cost, dZ = A - Y."""
    m = X.shape[1]
    dZ = A - Y
    dw = np.dot(X, dZ.T) / m
    db = float(np.sum(dZ) / m)
    return dw, db


def propagate_unchecked(w, b, X, Y):
    """One forward and backward pass: (dw, db, cost)."""
    Z, A = forward(w, b, X)
    dw, db = backward(X, A, Y)
    return dw, db, cross_entropy(Z, A, Y)


def gradient_descent(w, b, X, Y, num_iterations, learning_rate, print_every=None):
    """Run batch gradient descent from (w, b); the caller's w is not modified.

    Returns
    -------
    w : ndarray (n_x, 1), learned weights
    b : float, learned bias
    dw, db : the gradient of the last iteration (at the starting point if 0 iterations)
    costs : list of float, the cost at every iteration, before that iteration's update
    """
    w = np.array(w, dtype=np.float64)  # a copy: updates below are in place
    costs = []
    if num_iterations == 0:
        dw, db, _ = propagate_unchecked(w, b, X, Y)
    for i in range(num_iterations):
        dw, db, cost = propagate_unchecked(w, b, X, Y)
        w -= learning_rate * dw
        b -= learning_rate * db
        costs.append(cost)
        if print_every and i % print_every == 0:
            print(f"Cost after iteration {i}: {cost:.6f}")
    return w, b, dw, db, costs

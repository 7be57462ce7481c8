"""Forward and backward propagation: the one implementation behind every entry point.

Nothing here validates its input but sigmoid (the course's function, which takes any
scalar or array): callers check once at the public boundary, so the training loop
stays as lean as the two matrix-vector products it cannot avoid.
Shapes: X (n_x, m), Y (1, m), w (n_x, 1), b scalar, Z and A (1, m).

The formulas are the course's, so that its printed numbers come out to the last digit.
Where they would overflow or take log(0) (|z| in the hundreds), numpy's warnings are
silenced and the affected values are computed another way; see sigmoid and cross_entropy.
A learning rate so large that the costs or the parameters overflow anyway is reported
by the training loops as a DivergenceError.

Two training loops take the same steps: gradient_descent, the course's, and
gram_gradient_descent, the same descent written in the span of the examples (w = X c).
"""

import math

import numpy as np

from .validation import as_real_array

# exp(-z) -> inf for z < -709 gives 1 / (1 + inf) = 0.0, the right answer; log(0) and
# 0 * log(0) are repaired in cross_entropy: their warnings are noise. As a decorator,
# np.errstate (numpy >= 2) is per call and per thread, so nested uses are safe.
_quiet = np.errstate(over="ignore", divide="ignore", invalid="ignore")


@_quiet
def sigmoid(z):
    """Compute 1 / (1 + exp(-z)) elementwise, finite and warning-free for any finite z.

    Parameters
    ----------
    z : scalar or array_like

    Returns
    -------
    s : float, or ndarray of the shape of z, every value in [0, 1]
    """
    z = as_real_array(z, "z", what="real numbers (a scalar or an array)")
    s = 1.0 / (1.0 + np.exp(-z))
    return s if s.ndim else float(s)


@_quiet
def forward(w, b, X):
    """Return Z = w.T X + b and A = sigmoid(Z), both (1, m)."""
    Z = np.dot(w.T, X) + b
    return Z, 1.0 / (1.0 + np.exp(-Z))


@_quiet
def cross_entropy(Z, A, Y):
    """Mean over the m examples of the loss -[y log(a) + (1 - y) log(1 - a)], a float.

    Where a rounded to exactly 0 or 1 a log is -inf; there the same loss is taken from z,
    as log(1 + exp(-z)) or log(1 + exp(z)), which stays finite.
    """
    m = Y.shape[1]
    cost = float(-np.sum(Y * np.log(A) + (1.0 - Y) * np.log(1.0 - A)) / m)
    if not math.isfinite(cost):  # rare: some a is exactly 0 or 1
        losses = -(Y * np.log(A) + (1.0 - Y) * np.log(1.0 - A))
        saturated = ~np.isfinite(losses)
        z, y = Z[saturated], Y[saturated]
        losses[saturated] = y * np.logaddexp(0.0, -z) + (1.0 - y) * np.logaddexp(0.0, z)
        cost = float(np.sum(losses) / m)
    return cost


def backward(X, A, Y):
    """Return dw (n_x, 1) and db (float): the gradient of the cost, with dZ = A - Y."""
    dZ, db = output_gradients(A, Y)
    return np.dot(X, dZ.T) / X.shape[1], db


def output_gradients(A, Y):
    """Return dZ = A - Y (1, m) and db = mean(dZ) (float).

    dZ holds lesson 2's dz = a - y for every example: m times the gradient of the cost
    with respect to Z. Both solvers start their backward pass here.
    """
    dZ = A - Y
    return dZ, float(np.sum(dZ) / Y.shape[1])


def propagate_unchecked(w, b, X, Y):
    """One forward and backward pass, with no argument checks: (dw, db, cost).

    What `propagate` computes once it has checked its arguments; for the timing of the
    bare computation, and for callers that checked their arrays already.
    """
    Z, A = forward(w, b, X)
    dw, db = backward(X, A, Y)
    return dw, db, cross_entropy(Z, A, Y)


class DivergenceError(ValueError):
    """A cost, w or b overflowed float64 (became NaN or inf) during gradient descent.

    On separable data such as the cat pictures the logistic loss's gradient is bounded, so
    a large learning rate makes the cost swing higher before it falls, not diverge: there it
    takes a learning rate near 1e305 to overflow. On badly scaled data it can come sooner.
    """


def _record(costs, cost, i, learning_rate, print_every):
    # the cost is a Python float already: checking it every iteration costs nothing
    if not math.isfinite(cost):
        raise _diverged(learning_rate, f"the cost at iteration {i} is {cost}")
    costs.append(cost)
    if print_every and i % print_every == 0:
        print(f"Cost after iteration {i}: {cost:.6f}")


def _check_finite(w, b, learning_rate, num_iterations):
    # the last update, whose cost is never computed, can overflow too; once per run
    if not (math.isfinite(b) and np.isfinite(w.min()) and np.isfinite(w.max())):
        raise _diverged(
            learning_rate, f"the update of iteration {num_iterations - 1} made w or b NaN or inf"
        )


def _diverged(learning_rate, what):
    return DivergenceError(
        f"gradient descent overflowed float64 with learning_rate={learning_rate!r}: {what}; "
        f"try a smaller learning rate, such as {learning_rate / 10:g}"
    )


@_quiet  # overflow is detected from the costs and the result, as DivergenceError
def gradient_descent(w, b, X, Y, num_iterations, learning_rate, print_every=None):
    """Run batch gradient descent from (w, b); the caller's w is not modified.

    Returns
    -------
    w : ndarray (n_x, 1), learned weights
    b : float, learned bias
    dw, db : the gradient of the last iteration (at the starting point if 0 iterations)
    costs : list of float, the cost at every iteration, before that iteration's update

    Raises
    ------
    DivergenceError (a ValueError) if a cost, w or b overflows float64 (NaN or inf).
    """
    w = np.array(w, dtype=np.float64)  # a copy: the updates below are in place
    costs = []
    if num_iterations == 0:
        dw, db, _ = propagate_unchecked(w, b, X, Y)
    for i in range(num_iterations):
        dw, db, cost = propagate_unchecked(w, b, X, Y)
        w -= learning_rate * dw
        b -= learning_rate * db
        _record(costs, cost, i, learning_rate, print_every)
    _check_finite(w, b, learning_rate, num_iterations)
    return w, b, dw, db, costs


@_quiet
def gram_gradient_descent(X, Y, num_iterations, learning_rate, print_every=None):
    """Run gradient_descent from w = 0, b = 0 in the span of the examples: O(m^2) a step.

    Each update adds dw = X dZ.T / m, a combination of the columns of X, so from w = 0
    the weights stay w = X c, one coefficient per example in c (m, 1), and

        Z = w.T X + b = c.T X.T X + b = c.T K + b,    K = X.T X (m, m),
        w - learning_rate dw = X (c - learning_rate dZ.T / m).

    K is computed once, one pass over X; each iteration then costs O(m^2) instead of two
    passes over X, O(n_x m). The iterates, costs and printed lines are gradient_descent's,
    up to rounding (see LogisticRegression's solver for how close). Per iteration it pays
    when m is below 2 n_x (m^2 against 2 n_x m), the more the longer the run; K takes 8 m^2
    bytes and one pass over X to make.

    Returns
    -------
    w : ndarray (n_x, 1), learned weights, X c
    b : float, learned bias
    c : ndarray (m, 1), the coefficients of w in the examples
    costs : list of float, the cost at every iteration, before that iteration's update

    Raises
    ------
    ValueError if K is not finite: the products of the entries of X overflow, although
    gradient_descent may still train on that X.
    DivergenceError, as gradient_descent.
    """
    m = X.shape[1]
    K = np.dot(X.T, X)
    if not (np.isfinite(K.min()) and np.isfinite(K.max())):
        raise ValueError(
            f"the Gram matrix X.T X is not finite: X holds values up to "
            f"{np.abs(X).max():.3g} in size, whose products overflow float64, so the Gram "
            f"solver cannot train on it; use solver='gradient' (gradient_descent), or scale "
            f"X down first, e.g. X / np.abs(X).max()"
        )
    c, b, costs = np.zeros((m, 1)), 0.0, []
    for i in range(num_iterations):
        Z, A = forward(c, b, K)  # c.T K + b: the same Z as w.T X + b
        dZ, db = output_gradients(A, Y)
        c -= (learning_rate / m) * dZ.T
        b -= learning_rate * db
        _record(costs, cross_entropy(Z, A, Y), i, learning_rate, print_every)
    w = np.dot(X, c)
    _check_finite(w, b, learning_rate, num_iterations)
    return w, b, c, costs

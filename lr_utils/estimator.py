"""The reference notes' LogisticRegression class, in scikit-learn's manner: fit returns self.

Orientation is the course's, not scikit-learn's: X is (n_x, m), one example per
column, and Y is (1, m).
"""

import math

import numpy as np

from .files import atomic_write, reason
from .propagation import cross_entropy, forward, gradient_descent, gram_gradient_descent
from .validation import (
    check_b,
    check_count,
    check_fraction,
    check_positive,
    check_w,
    check_X,
    check_Y,
)

_SAVED_KEYS = ("w", "b")  # required; "costs" and "solver" are read when present


class NotFittedError(ValueError, AttributeError):
    """A LogisticRegression was used before fit or load gave it weights.

    Both a ValueError (the usual error for a call that cannot proceed) and an
    AttributeError, so that ``hasattr(model, "w")`` is False, as in scikit-learn.
    """


class LogisticRegression:
    """Logistic regression trained by batch gradient descent from zeros.

    Parameters
    ----------
    solver : {"gradient", "gram"}, default "gradient"
        How each iteration is computed; both take the same steps and give the same w_, b_,
        costs_ and printed lines, up to rounding. The rounding differs (sums taken in
        another order) and its effect depends on the data and the number of iterations: on
        the reference run the weights agree to about 2e-14 relative and every printed cost
        is the same, but on other data gaps around 1e-11 relative have been measured.
        Compare the two with a tolerance, never for equality.

        - "gradient": the course's vectorized forward and backward passes, two passes over
          X (n_x, m) per iteration. No extra memory. The one the lessons teach.
        - "gram": the same descent written in the span of the examples, w = X c
          (see propagation.gram_gradient_descent): K = X.T X (m, m) is computed once, then
          each iteration costs O(m^2) instead of O(n_x m). It wins when m is below 2 n_x
          and the run is long: on the cat data (m = 209, n_x = 12288) it runs the
          reference run in a small fraction of the time (the README's Speed section).
          K needs 8 m^2 bytes; above GRAM_MAX_BYTES (1 GiB, m > 11585) fit refuses it,
          and it refuses an X so large that K overflows (not finite).
          With m above 2 n_x, use "gradient".

    Attributes (after fit)
    ----------------------
    w_ : ndarray (n_x, 1), learned weights (also readable as ``w``, the reference notes' name)
    b_ : float, learned bias (also ``b``)
    costs_ : list of float, the cost at every iteration, before that iteration's update
    """

    SOLVERS = ("gradient", "gram")
    GRAM_MAX_BYTES = 2**30  # the largest Gram matrix K fit will allocate: 1 GiB

    def __init__(self, solver="gradient"):
        self.solver = solver

    def fit(self, X, Y, num_iterations, learning_rate, print_cost=False, print_num=100):
        """Learn w_ and b_ from X (n_x, m) and Y (1, m); return self.

        With print_cost, print ``Cost after iteration i: cost`` every print_num iterations.
        Raises DivergenceError (a ValueError) if the cost or the parameters overflow float64.
        """
        if not (isinstance(self.solver, str) and self.solver in self.SOLVERS):
            choices = " or ".join(map(repr, self.SOLVERS))
            raise ValueError(f"solver must be {choices}, got {self.solver!r}")
        X = check_X(X)
        Y = check_Y(Y, X.shape[1], X.shape)
        num_iterations = check_count(num_iterations, "num_iterations")
        learning_rate = check_positive(learning_rate, "learning_rate")
        print_every = None
        if print_cost:
            print_every = check_count(print_num, "print_num", minimum=1)
        if self.solver == "gram":
            self._check_gram_fits(X.shape[1])
            self.w_, self.b_, _, self.costs_ = gram_gradient_descent(
                X, Y, num_iterations, learning_rate, print_every
            )
        else:
            w = np.zeros((X.shape[0], 1))
            self.w_, self.b_, _, _, self.costs_ = gradient_descent(
                w, 0.0, X, Y, num_iterations, learning_rate, print_every
            )
        return self

    def _check_gram_fits(self, m):
        needed, bound = 8 * m * m, self.GRAM_MAX_BYTES
        if needed > bound:
            raise ValueError(
                f"solver='gram' needs the Gram matrix X.T X, {m} x {m} float64 for m = {m} "
                f"examples: {needed:,} bytes, above the bound GRAM_MAX_BYTES = {bound:,} bytes "
                f"(m <= {math.isqrt(bound // 8)}); use solver='gradient', which needs no extra "
                f"memory"
            )

    @property
    def w(self):
        return self._fitted()[0]

    @property
    def b(self):
        return self._fitted()[1]

    def _fitted(self):
        if not hasattr(self, "w_"):
            raise NotFittedError(
                "this LogisticRegression is not fitted yet: call fit(X, Y, ...) or load(path)"
            )
        return self.w_, self.b_

    def _checked(self, X, *Y):
        # check X (and Y, if given: None too is checked, and refused) against the fitted w
        # once; the public methods below share it
        X = check_X(X, n_x=self._fitted()[0].shape[0])
        return (X, check_Y(Y[0], X.shape[1], X.shape)) if Y else X

    def _forward(self, X):
        return forward(*self._fitted(), X)

    def predict_prob(self, X):
        """Return the (1, m) probabilities sigmoid(w.T X + b) for X (n_x, m)."""
        return self._forward(self._checked(X))[1]

    def predict_proba(self, X):
        """Return the probabilities of both classes, one row per example: (m, 2).

        scikit-learn's convention, whatever the orientation of X: column 0 holds the
        probability of label 0 (non-cat), column 1 that of label 1 (cat), so that
        ``predict_proba(X)[:, 1]`` is ``predict_prob(X)[0]``. X is (n_x, m), as everywhere
        in lr_utils. (``predict_prob``, the reference notes' name, gives the (1, m) row of
        label 1's probabilities.)
        """
        A = self.predict_prob(X)[0]
        return np.column_stack((1.0 - A, A))

    def predict(self, X, threshold=0.5):
        """Return (1, m) integer labels: 1 where the probability exceeds threshold."""
        threshold = check_fraction(threshold, "threshold")
        return (self.predict_prob(X) > threshold).astype(np.int64)

    def accuracy_score(self, X, Y):
        """Return the fraction of the m examples of X (n_x, m) whose label Y is predicted."""
        X, Y = self._checked(X, Y)
        return float(np.mean((self._forward(X)[1] > 0.5) == Y))

    def cost_function(self, X, Y):
        """Return the mean cross-entropy cost of the fitted model on X (n_x, m), Y (1, m)."""
        X, Y = self._checked(X, Y)
        return cross_entropy(*self._forward(X), Y)

    def save(self, path):
        """Write w_, b_, costs_ and solver to an .npz file; return path.

        load gives all four back. A failed write leaves nothing behind (see files.atomic_write).
        """
        w, b = self._fitted()
        costs = np.asarray(getattr(self, "costs_", []), dtype=np.float64)
        with atomic_write(path) as f:
            np.savez(f, w=w, b=np.float64(b), costs=costs, solver=np.str_(self.solver))
        return path

    @classmethod
    def load(cls, path):
        """Return a fitted LogisticRegression read from a file written by save.

        w_, b_, costs_ and solver are what save stored. A file that holds only w and b
        (written before save stored the rest) gives costs_ = [] and solver "gradient".

        Raises
        ------
        ValueError
            in one line naming the file, whatever is wrong with it: missing, unreadable,
            damaged (a bad byte, cut short), or not a model written by save.
        """
        expected = "expected an .npz file written by LogisticRegression.save or 'train --save'"
        try:
            f = open(path, "rb")  # noqa: SIM115 - closed below, after the arrays are read
        except OSError as error:
            raise ValueError(f"cannot read the model file {path}: {reason(error)}") from None
        with f:
            try:
                w, b, costs, solver = _read_saved(f)
            except _NotAModel as error:
                raise ValueError(f"{path} {error}; {expected}") from None
            except Exception as error:  # any failure to decode these bytes means damage
                raise ValueError(
                    f"{path} is damaged or not a saved model ({reason(error)}); {expected}"
                ) from None
        try:
            w, b = check_w(w), check_b(b)
        except ValueError as error:
            raise ValueError(f"{path} holds no usable weights ({error}); {expected}") from None
        problem = _check_extras(costs, solver, cls.SOLVERS)
        if problem:
            raise ValueError(f"{path} {problem}; {expected}")
        model = cls(solver=str(solver))
        model.w_, model.b_, model.costs_ = w, b, costs.tolist()
        return model


class _NotAModel(Exception):
    pass


def _read_saved(f):
    # w and b from an open .npz file; pickles are refused, so no code from the file runs
    magic = f.read(6)
    f.seek(0)
    if magic == b"\x93NUMPY":
        raise _NotAModel("is a single .npy array, not a saved model (an .npz file)")
    if not magic.startswith(b"PK"):  # every zip file, .npz included, starts so
        what = "an empty file" if not magic else "not an .npz file"
        raise _NotAModel(f"is not a saved model ({what})")
    data = np.load(f, allow_pickle=False)
    with data:
        if not set(_SAVED_KEYS) <= set(data.files):
            raise _NotAModel(f"has {sorted(data.files)}, not w and b")
        costs = data["costs"] if "costs" in data.files else np.zeros(0)
        solver = data["solver"] if "solver" in data.files else np.str_("gradient")
        return data["w"], data["b"], costs, solver


def _check_extras(costs, solver, solvers):
    # what is wrong with the saved costs and solver, or None
    if costs.ndim != 1 or costs.dtype.kind not in "iuf" or not np.isfinite(costs).all():
        return f"holds costs that are not a list of finite numbers ({costs.dtype} {costs.shape})"
    if solver.shape != () or solver.dtype.kind != "U" or str(solver) not in solvers:
        return f"holds an unknown solver ({solver!r}), not one of {list(solvers)}"
    return None

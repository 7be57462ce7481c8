"""The reference notes' LogisticRegression class, in scikit-learn's manner: fit returns self.

Orientation is the course's, not scikit-learn's: X is (n_x, m), one example per
column, and Y is (1, m).
"""

import zipfile

import numpy as np

from .files import atomic_write
from .propagation import cross_entropy, forward, gradient_descent
from .validation import (
    check_b,
    check_count,
    check_fraction,
    check_positive,
    check_w,
    check_X,
    check_Y,
)

_SAVED_KEYS = ("w", "b")


class LogisticRegression:
    """Logistic regression trained by batch gradient descent from zeros.

    Attributes (after fit)
    ----------------------
    w_ : ndarray (n_x, 1), learned weights (also readable as ``w``, the reference notes' name)
    b_ : float, learned bias (also ``b``)
    costs_ : list of float, the cost at every iteration, before that iteration's update
    """

    def fit(self, X, Y, num_iterations, learning_rate, print_cost=False, print_num=100):
        """Learn w_ and b_ from X (n_x, m) and Y (1, m); return self.

        With print_cost, print ``Cost after iteration i: cost`` every print_num iterations.
        """
        X = check_X(X)
        Y = check_Y(Y, X.shape[1], X.shape)
        num_iterations = check_count(num_iterations, "num_iterations")
        learning_rate = check_positive(learning_rate, "learning_rate")
        print_every = None
        if print_cost:
            print_every = check_count(print_num, "print_num", minimum=1)
        w = np.zeros((X.shape[0], 1))
        self.w_, self.b_, _, _, self.costs_ = gradient_descent(
            w, 0.0, X, Y, num_iterations, learning_rate, print_every
        )
        return self

    @property
    def w(self):
        return self._fitted()[0]

    @property
    def b(self):
        return self._fitted()[1]

    def _fitted(self):
        if not hasattr(self, "w_"):
            raise ValueError(
                "this LogisticRegression is not fitted yet: call fit(X, Y, ...) or load(path)"
            )
        return self.w_, self.b_

    def _checked(self, X, Y=None):
        # check X (and Y) against the fitted w once; the public methods below share it
        X = check_X(X, n_x=self._fitted()[0].shape[0])
        return X if Y is None else (X, check_Y(Y, X.shape[1], X.shape))

    def _forward(self, X):
        return forward(*self._fitted(), X)

    def predict_prob(self, X):
        """Return the (1, m) probabilities sigmoid(w.T X + b) for X (n_x, m)."""
        return self._forward(self._checked(X))[1]

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
        """Write w_ and b_ to an .npz file; a failed write leaves nothing behind."""
        w, b = self._fitted()
        with atomic_write(path) as f:
            np.savez(f, w=w, b=np.float64(b))
        return path

    @classmethod
    def load(cls, path):
        """Return a fitted LogisticRegression read from a file written by save."""
        expected = "expected an .npz file written by LogisticRegression.save or 'train --save'"
        try:
            data = np.load(path, allow_pickle=False)
        except OSError as error:
            raise ValueError(f"cannot read the model file {path}: {error}") from None
        except (ValueError, EOFError, zipfile.BadZipFile):
            raise ValueError(f"{path} is not a saved model; {expected}") from None
        if not isinstance(data, np.lib.npyio.NpzFile):
            raise ValueError(f"{path} is not a saved model; {expected}")
        with data:
            if not set(_SAVED_KEYS) <= set(data.files):
                raise ValueError(f"{path} has {sorted(data.files)}, not w and b; {expected}")
            w, b = data["w"], data["b"]
        if w.ndim != 2 or w.shape[1] != 1 or b.size != 1:
            raise ValueError(f"{path} holds w {w.shape} and b {b.shape}; expected (n_x, 1) and ()")
        model = cls()
        model.w_ = check_w(w)
        model.b_ = check_b(b)
        model.costs_ = []
        return model

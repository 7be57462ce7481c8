"""Checks made once, at the public boundary, with messages a learner can act on.

Orientation is the course's: X is (n_x, m), one example per column; Y is (1, m);
w is (n_x, 1); b is a scalar.
"""

import math
import numbers

import numpy as np

# numbers are numbers: signed and unsigned integers and floats; never bool, str or complex
_REAL_KINDS = "iuf"
_KIND_NAMES = {"b": "bool", "c": "complex", "U": "str", "S": "bytes", "O": "object"}


def is_real(value):
    """True for a real number (Python or numpy int or float), False for bool, str, complex."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def as_real(value, name, what="an array of numbers"):
    """Return value as an ndarray of its own integer or float dtype, or raise ValueError.

    bool, str, bytes, complex and object arrays are refused: numbers are numbers. So are
    masked arrays: their mask would be dropped and the values under it used as data.
    """
    if isinstance(value, np.ma.MaskedArray):
        raise ValueError(
            f"{name} is a masked array; lr_utils does not honour masks (the values under them "
            f"would be used as data): drop the masked entries, or fill them, e.g. "
            f"{name}.filled(0), and pass a plain array"
        )
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):  # a ragged list
        raise ValueError(f"{name} must be {what}, got {type(value).__name__}") from None
    if array.dtype.kind not in _REAL_KINDS:
        if array.ndim == 0:
            found = f"{value!r} ({type(value).__name__})"
        else:
            kind = _KIND_NAMES.get(array.dtype.kind, str(array.dtype))
            found = f"{type(value).__name__} of {kind} values"
        raise ValueError(f"{name} must be {what}, got {found}")
    return array


def as_real_array(value, name, what="an array of numbers"):
    """Return value as a float64 ndarray (no copy of a float64 one); see as_real."""
    return as_real(value, name, what).astype(np.float64, copy=False)


def _as_float_array(value, name, what="an array of numbers"):
    array = as_real_array(value, name, what)
    # min and max propagate NaN and reach any inf, without a temporary the size of X
    if array.size and not (np.isfinite(array.min()) and np.isfinite(array.max())):
        raise ValueError(f"{name} contains NaN or inf; expected only finite numbers")
    return array


def check_X(X, n_x=None, name="X", against="w"):
    """Return X as a finite float64 array of shape (n_x, m), n_x >= 1 and m >= 1.

    A float64 X in C or Fortran order is returned as it is, not copied; any other X
    (float32, integers, a strided view) is converted once into a float64 copy, so that
    np.dot does not copy it at every iteration. name is how messages call X; against
    names what fixes n_x.
    """
    X = _as_float_array(X, name)
    if not (X.flags.c_contiguous or X.flags.f_contiguous):
        X = np.ascontiguousarray(X)
    if X.ndim != 2:
        raise ValueError(
            f"{name} must be 2-D with shape (n_x, m), one example per column; got shape {X.shape}"
        )
    if X.shape[1] == 0:
        raise ValueError(f"{name} has no examples: shape {X.shape}, expected (n_x, m) with m >= 1")
    if X.shape[0] == 0:
        raise ValueError(
            f"{name} has no features: shape {X.shape}, expected (n_x, m) with n_x >= 1"
        )
    if n_x is not None and X.shape[0] != n_x:
        hint = ""
        if X.shape[1] == n_x:
            hint = f"; it looks like (m, n_x), one example per row: pass {name}.T"
        raise ValueError(
            f"{name} has shape {X.shape}, expected ({n_x}, m) to match {against}{hint}"
        )
    return X


def check_Y(Y, m, X_shape=None, name="Y", against="X"):
    """Return labels as a float64 array of shape (1, m) holding only 0 and 1.

    A rank-1 Y of shape (m,) is taken as the row (1, m); any other shape is refused.
    name is how messages call Y; against names the X it must match.
    """
    Y = _as_float_array(Y, name)
    if Y.ndim == 1:
        Y = Y.reshape(1, -1)
    if Y.shape != (1, m):
        hint = ""
        if Y.size == m:
            hint = f"; reshape it with {name}.reshape(1, {m})"
        elif X_shape is not None and Y.size == X_shape[0]:
            hint = (
                f"; {against} {X_shape} looks like (m, n_x), one example per row: pass {against}.T"
            )
        raise ValueError(f"{name} has shape {Y.shape}, expected (1, {m}) to match {against}{hint}")
    if not np.isin(Y, (0.0, 1.0)).all():
        found = np.unique(Y[~np.isin(Y, (0.0, 1.0))])[:5]
        raise ValueError(f"{name} must hold only the labels 0 and 1; found {found.tolist()}")
    return Y


def check_w(w):
    """Return w as a finite float64 column of shape (n_x, 1)."""
    w = _as_float_array(w, "w")
    if w.ndim == 1:
        raise ValueError(
            f"w has shape {w.shape}, a rank-1 array; expected a column ({w.shape[0]}, 1): "
            f"use w.reshape(-1, 1)"
        )
    if w.ndim != 2 or w.shape[1] != 1 or w.shape[0] == 0:
        raise ValueError(f"w has shape {w.shape}, expected a column (n_x, 1)")
    return w


def check_b(b):
    """Return b as a finite Python float."""
    b = _as_float_array(b, "b", what="a single number")
    if b.size != 1:
        raise ValueError(f"b must be a single number, got an array of shape {b.shape}")
    return float(b.reshape(()))


def check_wbXY(w, b, X, Y):
    """Return w, b, X and Y of the course's functions, each checked against the others."""
    w = check_w(w)
    X = check_X(X, n_x=w.shape[0])
    return w, check_b(b), X, check_Y(Y, X.shape[1], X.shape)


def check_count(value, name, minimum=0):
    """Return a whole number >= minimum as an int (numpy integers too, not bool or float)."""
    integral = isinstance(value, numbers.Integral) and not isinstance(value, bool)
    if not integral or value < minimum:
        raise ValueError(
            f"{name} must be a whole number >= {minimum}, got {value!r} ({type(value).__name__})"
        )
    return int(value)


def check_positive(value, name):
    """Return value as a float, refusing anything that is not a finite number > 0.

    Any real number is taken (int, float, numpy scalars, fractions.Fraction); not bool,
    str, complex or None.
    """
    if not is_real(value):
        raise ValueError(f"{name} must be a number > 0, got {value!r}")
    try:
        number = float(value)
    except OverflowError:  # an int or a Fraction beyond the largest float
        number = math.inf
    if not math.isfinite(number) or number <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return number


def check_fraction(value, name):
    """Return value as a float, refusing anything that is not a number from 0 to 1."""
    if not is_real(value) or not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must be a number between 0 and 1, got {value!r}")
    return float(value)

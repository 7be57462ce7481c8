"""Checks for the exercise edition: one per exercise, called right after it.

Each lesson's exercise cell is followed by a check cell, such as ``checks.propagate(propagate)``.
A check calls what the learner wrote on its own inputs (the course's documented examples,
then a few seeded random ones of other shapes), compares with `lr_utils`'s own
implementation and prints one line when all is well::

    ✓ propagate: 4 checks passed

Otherwise it raises `CheckFailed` (an AssertionError) saying which call it tried, what came
back, what was expected and, for a usual mistake, what the mistake probably is; an exercise
still holding ``raise NotImplementedError()`` gives one line, `NotWrittenYet`. The learner's
function always gets copies, and a check fails if it modified its inputs. Inputs avoid what
the course leaves undefined (a probability of exactly 0.5, zero iterations).

The checks, in lesson order, with what each exercise asks for:

===========================  ==========================================================
lesson 1                     ``dataset_sizes(m_train, m_test, num_px)`` (three numbers),
                             ``flatten_and_scale(fn)``, ``compute_cost(fn)``
lesson 2                     ``backward_by_hand(fn)``, ``one_example_gradients(fn)``,
                             ``loop_over_examples(fn)``, ``numerical_derivative(fn)``
lesson 3                     ``propagate_vectorized(fn)``
lesson 4                     ``calorie_percentages(fn)``, ``labels_as_row(fn)``
lesson 5                     ``sigmoid``, ``initialize_with_zeros``, ``propagate``,
                             ``optimize``, ``predict``, ``model`` (each takes the function)
===========================  ==========================================================

Lesson 5 also compares the learner's run with the reference run: ``checks.reference_run(d)``
prints the reference run's lines (REFERENCE_LINES) as the learner's ``d`` gives them, each
marked ✓ or shown beside the reference run's.

The checks speak English, or Simplified Chinese after ``checks.set_language("zh-CN")`` (the
Chinese editions call it right after the import; catalog in lr_utils/locale). Imported in a
notebook, this module also makes Run All speak in one line where an exercise is not written
yet (`lr_utils.unwritten`).

Orientation is the course's: X is (n_x, m), one example per column; Y is (1, m).
"""

import contextlib
import dis
import functools
import io
import math
import numbers
import re
import types

import numpy as np

# lr_utils's public functions are the oracles; the course's six get a leading underscore
# here, since the checks themselves carry their names
from . import cross_entropy, forward, images_to_columns, load_dataset, unwritten
from . import initialize_with_zeros as _initialize_with_zeros
from . import model as _model
from . import optimize as _optimize
from . import predict as _predict
from . import propagate as _propagate
from . import sigmoid as _sigmoid
from .checking import (
    N_,
    CheckFailed,
    NotWrittenYet,
    Run,
    _,
    is_number,
    kind,
    ngettext,
    safe_repr,
    safe_str,
    set_language,
    show,
)
from .graph import Value, numerical_gradient

__all__ = [
    "CheckFailed",
    "NotWrittenYet",
    "backward_by_hand",
    "calorie_percentages",
    "compute_cost",
    "dataset_sizes",
    "flatten_and_scale",
    "initialize_with_zeros",
    "labels_as_row",
    "loop_over_examples",
    "model",
    "numerical_derivative",
    "one_example_gradients",
    "optimize",
    "predict",
    "propagate",
    "propagate_vectorized",
    "reference_run",
    "set_language",
    "sigmoid",
]

# the course's documented example for propagate and optimize, and for predict
COURSE_W, COURSE_B = np.array([[1.0], [2.0]]), 2.0
COURSE_X = np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]])
COURSE_Y = np.array([[1, 0, 1]])
PREDICT_W, PREDICT_B = np.array([[0.1124579], [0.23106775]]), -0.3
PREDICT_X = np.array([[1.0, -1.1, -3.2], [1.2, 2.0, 0.1]])


def _cost_wrapped(got):
    """The hint for the right cost inside an array (or a list) of one element."""
    if np.shape(got) == (1, 1):
        return _(
            "the right value, inside a (1, 1) array (what np.dot of a row and a column "
            "gives): the cost must be a number; np.squeeze(...) or float(...) turns it into one"
        )
    return _(
        "the right value, inside {kind}: the cost must be a number; np.squeeze(...) or "
        "float(...) turns it into one"
    ).format(kind=kind(got))


# hints used by several checks: marked here, translated where they are used (_(...))
_COST_SIGN = N_(
    "a negative cost: the loss has a minus sign in front, -(y log a + (1 - y) log(1 - a))"
)
_COST_MEAN = N_("m times too large: the cost is the mean of the m losses, their sum divided by m")
_DZ_SIGN = N_("the sign is flipped: dz = a - y (dZ = A - Y), not y - a")
_M_FROM_SHAPE_0 = N_(
    "divided by n_x, not by m: m, the number of examples, is X.shape[1] (X is (n_x, m)); "
    "X.shape[0] is n_x, the number of features"
)
_NO_B = N_("what b = 0 gives: the forward pass leaves out b; z = w.T x + b (Z = w.T X + b)")
_Y_COLUMN = N_(
    "a gradient of shape (n_x, m): A - Y became an (m, m) table because one of them is an "
    "(m, 1) column (Y passed as (m, 1), or Z computed as X.T w); broadcasting a row against "
    "a column fills a matrix. A, Y and dZ must all be (1, m) rows"
)


@functools.cache
def _cat_data():
    train_x, train_y, test_x, test_y, _classes = load_dataset()
    return train_x, train_y, test_x, test_y


def _rounded(rng, low, high, shape, decimals=2):
    return rng.uniform(low, high, shape).round(decimals)


def _labels(rng, m):
    # both classes present whenever m > 1, so that neither term of the loss vanishes
    Y = rng.integers(0, 2, (1, m)).astype(np.float64)
    if m > 1:
        Y[0, :2] = (1.0, 0.0)
    return Y


def _seeded(**sizes):
    """The case "seeded random numbers, n_x = 3, m = 4", in the checks' language."""
    shown = ", ".join(f"{name} = {size}" for name, size in sizes.items())
    return _("seeded random numbers, {sizes}").format(sizes=shown)


def _parts(run, result, names):
    """result as a tuple of len(names) items, or a failure saying what to return."""
    wanted = ", ".join(names)
    if not isinstance(result, tuple | list) or len(result) != len(names):
        hint = _("end the function with return {names}").format(names=wanted)
        if result is None:
            hint = _(_NONE_RETURN).format(names=wanted)
        run.fail(
            _("{kind}, {value}").format(kind=kind(result), value=show(result)),
            _("a tuple of {n}: {names}").format(n=len(names), names=wanted),
            hint,
        )
    return result


_NONE_RETURN = N_("a function without a return statement returns None: end it with return {names}")


def _entries(run, result, what, keys):
    """result as a dict with the given keys, or a failure naming what is missing."""
    wanted = _("a dict with keys {keys}").format(keys=show(list(keys), limit=0))
    if not isinstance(result, dict):
        run.fail(
            _("{what} is {kind}, {value}").format(what=what, kind=kind(result), value=show(result)),
            wanted,
        )
    missing = [k for k in keys if k not in result]
    if missing:
        have = _("{what} with keys {keys}").format(what=what, keys=show(list(result), limit=0))
        run.fail(have, wanted)
    return result


def _count(run, what, got, expected, meanings):
    if isinstance(got, bool) or not isinstance(got, numbers.Integral):
        run.fail(
            f"{what} = {show(got)}, {kind(got)}",
            _("a whole number (int), {value}").format(value=expected),
        )
    if got != expected:
        hint = None
        if got in meanings:
            hint = _("{value} is {meaning}").format(value=int(got), meaning=_(meanings[got]))
        run.fail(f"{what} = {show(got)}", f"{what} = {expected}", hint)


# the exercises whose check takes the learner's function, in lesson order
EXERCISES = (
    "flatten_and_scale",
    "compute_cost",
    "backward_by_hand",
    "one_example_gradients",
    "loop_over_examples",
    "numerical_derivative",
    "propagate_vectorized",
    "calorie_percentages",
    "labels_as_row",
    "sigmoid",
    "initialize_with_zeros",
    "propagate",
    "optimize",
    "predict",
    "model",
)
_BLAMING = set()  # the exercises whose check runs quietly, to blame it: no loop


def _globals_read(function):
    """The global names function's code reads (its nested functions' too)."""
    function = getattr(function, "func", function)  # functools.partial
    code = getattr(function, "__code__", None)
    names, codes = set(), [code] if isinstance(code, types.CodeType) else []
    while codes:
        code = codes.pop()
        names.update(i.argval for i in dis.get_instructions(code) if i.opname == "LOAD_GLOBAL")
        codes.extend(c for c in code.co_consts if isinstance(c, types.CodeType))
    return names


def _failing_dependency(name, function):
    """The learner's earlier function that function calls and that fails its own check.

    Found through function's globals: an exercise's name that the code reads, bound to a
    function of the learner's (not lr_utils's), whose check, run quietly, fails. The deepest
    one is named: model's optimize may fail because of propagate, itself because of sigmoid.
    """
    namespace = getattr(getattr(function, "func", function), "__globals__", {})
    read = _globals_read(function)
    for dependency in EXERCISES[: EXERCISES.index(name)]:
        value = namespace.get(dependency)
        module = getattr(value, "__module__", None) or ""
        if dependency not in read or dependency in _BLAMING or not callable(value):
            continue
        if module == "lr_utils" or module.startswith("lr_utils."):
            continue
        _BLAMING.add(dependency)
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                globals()[dependency](value)
        except CheckFailed as error:
            return error.blamed or dependency
        finally:
            _BLAMING.discard(dependency)
    return None


def _exercise(check):
    """A check of a function: on a failure, blame an earlier function that fails its own."""

    @functools.wraps(check)
    def run_check(function):
        try:
            return check(function)
        except NotWrittenYet:
            raise
        except CheckFailed as error:
            dependency = _failing_dependency(check.__name__, function)
            if dependency is None:
                raise
            hint = _(
                "your {dependency} fails its own check, and {name} depends on it: run "
                "checks.{dependency}({dependency}) and fix {dependency} first"
            ).format(dependency=dependency, name=check.__name__)
            blamed = CheckFailed(error.name, error.call, error.got, error.expected, hint)
            blamed.blamed = dependency
            raise blamed from error.__cause__
        except Exception as error:  # what came back misbehaved when the check examined it
            run = Run.current
            raise CheckFailed(
                check.__name__,
                run.call_text if run is not None and run.name == check.__name__ else None,
                _("something the check cannot examine: doing so raised {error}: {message}").format(
                    error=type(error).__name__, message=safe_str(error)
                ),
            ) from None

    return run_check


# ---------------------------------------------------------------------------------- lesson 1


def dataset_sizes(m_train, m_test, num_px):
    """Check the three numbers of lesson 1's first exercise, read from the data's shapes.

    The learner writes ``m_train`` (the number of training pictures), ``m_test`` (of test
    pictures) and ``num_px`` (the height, and width, of one picture) from the shapes of
    ``train_set_x_orig`` and ``test_set_x_orig``; each must be an int. The exercise cell
    sets them to None before its marked region, so that an unfilled exercise gives one line
    here rather than a NameError.
    """
    run = Run("dataset_sizes")
    values = {"m_train": m_train, "m_test": m_test, "num_px": num_px}
    unset = [name for name, value in values.items() if value is None or value is Ellipsis]
    if unset:
        names = unset[0]
        if len(unset) > 1:
            # Translators: the list "m_train, m_test and num_px"; {names} are joined by ", "
            names = _("{names} and {last}").format(names=", ".join(unset[:-1]), last=unset[-1])
        text = ngettext(
            "{names} is not set yet: set it in the cell above",
            "{names} are not set yet: set them in the cell above",
            len(unset),
        )
        raise NotWrittenYet(text.format(names=names))
    train_x, _labels_train, test_x, _labels_test = _cat_data()
    m, px = train_x.shape[0], train_x.shape[1]
    meanings = {
        m: N_("the number of training pictures"),
        test_x.shape[0]: N_("the number of test pictures"),
        px: N_("the height (and width) of one picture, in pixels"),
        3: N_("the number of colour channels (red, green, blue) of a pixel"),
        px * px * 3: N_("n_x, the number of values in one flattened picture"),
        px * px: N_("the number of pixels in one picture"),
    }
    run.call_text = _("the shapes of train_set_x_orig and test_set_x_orig")
    for what, got, expected in [
        ("m_train", m_train, m),
        ("m_test", m_test, test_x.shape[0]),
        ("num_px", num_px, px),
    ]:
        _count(run, what, got, expected, meanings)
        run.ok()
    run.done()


@_exercise
def flatten_and_scale(flatten_and_scale):
    """Check ``flatten_and_scale(images) -> X``.

    images : (m, num_px, num_px, 3) pictures of bytes 0-255, one per row.
    X : (num_px * num_px * 3, m) floats in [0, 1], one picture per column, its values in the
    order reshape reads them (row by row, the three colour values of each pixel together),
    each divided by 255. Checked on small seeded pictures and on the training set.
    """
    run = Run("flatten_and_scale", flatten_and_scale, "images")
    rng = np.random.default_rng(1)
    train_x = _cat_data()[0]
    cases = [
        (
            _("3 seeded random pictures of 2 x 2 pixels"),
            rng.integers(0, 256, (3, 2, 2, 3), np.uint8),
        ),
        (
            _("1 seeded random picture of 5 x 5 pixels"),
            rng.integers(0, 256, (1, 5, 5, 3), np.uint8),
        ),
        (_("the training set, train_set_x_orig"), train_x),
    ]
    for case, images in cases:
        X = run.call(case, images=images)
        expected = images_to_columns(images)
        m, n_x = expected.shape[1], expected.shape[0]
        mistakes = [
            (
                lambda images=images, m=m: images.reshape(-1, m) / 255,
                _(
                    "the right shape, but each column mixes pieces of several pictures: "
                    "reshape reads the pictures in order, so first make one row per picture, "
                    "then turn the rows into columns"
                ),
            ),
            (
                lambda images=images, m=m: images.T.reshape(-1, m) / 255,
                _(
                    "each column is one picture, but its values in another order (images.T "
                    "reverses every axis): keep reshape's order, the three colour values of "
                    "each pixel together, row by row"
                ),
            ),
            (
                lambda images=images, m=m: images.reshape(m, -1).T,
                _("values up to 255: scale the pixels into [0, 1] by dividing by 255"),
            ),
        ]
        shapes = [((m, n_x), _("one picture per row; the course wants one picture per column"))]
        run.array("X", X, expected, mistakes, shapes)
        run.ok()
    run.done()


@_exercise
def compute_cost(compute_cost):
    """Check ``compute_cost(A, Y) -> cost``.

    A : (1, m) predicted probabilities, strictly between 0 and 1; Y : (1, m) labels 0 or 1.
    cost : a number (not a (1, 1) array), the mean cross-entropy loss
    -(1/m) sum(Y log A + (1 - Y) log(1 - A)).
    """
    run = Run("compute_cost", compute_cost, "A, Y")
    rng = np.random.default_rng(2)
    cases = [
        (_("three predictions"), np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 0]])),
        (_("one prediction"), np.array([[0.3]]), np.array([[1.0]])),
        (_seeded(m=6), _rounded(rng, 0.05, 0.95, (1, 6)), _labels(rng, 6)),
    ]
    for case, A, Y in cases:
        cost = run.call(case, A=A, Y=Y)
        expected = cross_entropy(np.log(A) - np.log1p(-A), A, Y.astype(np.float64))
        m = A.shape[1]
        mistakes = [(-expected, _(_COST_SIGN))]
        if m > 1:
            mistakes.append((m * expected, _(_COST_MEAN)))
        run.number("cost", cost, expected, mistakes, wrapped=_cost_wrapped)
        run.ok()
    run.done()


# ---------------------------------------------------------------------------------- lesson 2


def _graph_J(a, b, c):
    nodes = Value(a), Value(b), Value(c)
    J = 3 * (nodes[0] + nodes[1] * nodes[2])
    J.backward()
    return tuple(node.grad for node in nodes)


@_exercise
def backward_by_hand(backward_by_hand):
    """Check ``backward_by_hand(a, b, c) -> (da, db, dc)``.

    The derivatives of J = 3(a + bc) with respect to a, b and c at the given point, found
    by the chain rule through u = bc and v = a + u (dv, du on the way), as numbers.
    """
    run = Run("backward_by_hand", backward_by_hand, "a, b, c")
    points = [(5.0, 3.0, 2.0), (2.0, -1.0, 4.0), (0.5, 1.5, -2.0), (-3.0, 0.25, 7.0)]
    for a, b, c in points:
        point = _("the point a = {a}, b = {b}, c = {c}").format(a=f"{a:g}", b=f"{b:g}", c=f"{c:g}")
        result = run.call(point, a=a, b=b, c=c)
        da, db, dc = _parts(run, result, ["da", "db", "dc"])
        e_da, e_db, e_dc = _graph_J(a, b, c)
        no_three = _("every path from a, b or c to J goes through J = 3v: multiply by dJ/dv = 3")
        swapped = _("u = bc: du/db is the other factor, c, and du/dc is b")
        run.number("da", da, e_da, [(1.0, no_three)])
        run.number("db", db, e_db, [(c, no_three), (3 * b, swapped)])
        run.number("dc", dc, e_dc, [(b, no_three), (3 * c, swapped)])
        run.ok()
    run.done()


@_exercise
def one_example_gradients(one_example_gradients):
    """Check ``one_example_gradients(x1, x2, w1, w2, b, y) -> (dz, dw1, dw2, db)``.

    One example with two features: z = w1 x1 + w2 x2 + b, a = sigmoid(z), the loss
    L(a, y); the four derivatives of L, as numbers.
    """
    run = Run("one_example_gradients", one_example_gradients, "x1, x2, w1, w2, b, y")
    examples = [
        (1.5, -0.5, 0.4, 0.8, 0.2, 1),
        (0.3, 2.0, -1.2, 0.5, -0.4, 0),
        (-1.0, 0.7, 0.25, -0.6, 0.1, 1),
    ]
    for x1, x2, w1, w2, b, y in examples:
        inputs = {"x1": x1, "x2": x2, "w1": w1, "w2": w2, "b": b, "y": y}
        result = run.call(_("the example"), **inputs)
        dz, dw1, dw2, db = _parts(run, result, ["dz", "dw1", "dw2", "db"])
        grads, _cost = _propagate([[w1], [w2]], b, [[x1], [x2]], [[y]])
        e_dz = grads["db"]
        a = _sigmoid(w1 * x1 + w2 * x2 + b)
        only_da_dz = _("a (1 - a) is da/dz alone; dz = dL/dz = dL/da * da/dz")
        run.number("dz", dz, e_dz, [(-e_dz, _(_DZ_SIGN)), (a * (1 - a), only_da_dz)])
        wrong_x = _("z = w1 x1 + w2 x2 + b: dz/dw1 is x1, and dz/dw2 is x2")
        for what, got, x, other, w in [("dw1", dw1, x1, x2, w1), ("dw2", dw2, x2, x1, w2)]:
            mistakes = [(-x * e_dz, _(_DZ_SIGN)), (other * e_dz, wrong_x), (w * e_dz, wrong_x)]
            run.number(what, got, x * e_dz, mistakes)
        run.number("db", db, e_dz, [(-e_dz, _(_DZ_SIGN))])
        run.ok()
    run.done()


def _gradient_cases(seed, shapes=((2, 5, -0.5), (2, 1, 0.3), (2, 4, 0))):
    """The course's example, then seeded random problems of other shapes (n_x, m, b)."""
    rng = np.random.default_rng(seed)
    yield _("the course's example"), COURSE_W, COURSE_B, COURSE_X, COURSE_Y
    for n_x, m, b in shapes:
        w = _rounded(rng, -1, 1, (n_x, 1))
        X = _rounded(rng, -2, 2, (n_x, m))
        yield _seeded(n_x=n_x, m=m), w, b, X, _labels(rng, m)


@_exercise
def loop_over_examples(loop_over_examples):
    """Check ``loop_over_examples(w, b, X, Y) -> (J, dw1, dw2, db)``.

    Two features: w (2, 1), X (2, m), Y (1, m). The cost and its derivatives, found with a
    for loop over the m examples that adds up each example's loss and gradient, then
    averages: four numbers.
    """
    run = Run("loop_over_examples", loop_over_examples, "w, b, X, Y")
    for case, w, b, X, Y in _gradient_cases(3):
        result = run.call(case, w=w, b=b, X=X, Y=Y)
        J, dw1, dw2, db = _parts(run, result, ["J", "dw1", "dw2", "db"])
        grads, cost = _propagate(w, b, X, Y)
        m = X.shape[1]
        for what, got, expected in [
            ("J", J, cost),
            ("dw1", dw1, grads["dw"][0, 0]),
            ("dw2", dw2, grads["dw"][1, 0]),
            ("db", db, grads["db"]),
        ]:
            sign = _(_COST_SIGN) if what == "J" else _(_DZ_SIGN)
            mistakes = [(-expected, sign)]
            if m > 1:
                total = _("the sum over the examples, not its average: divide by m after the loop")
                mistakes.append((m * expected, total))
            if m != X.shape[0]:
                mistakes.append((expected * m / X.shape[0], _(_M_FROM_SHAPE_0)))
            run.number(what, got, expected, mistakes)
        run.ok()
    run.done()


def _cube(x):
    return x**3


@_exercise
def numerical_derivative(numerical_derivative):
    """Check ``numerical_derivative(f, x, eps) -> number``.

    The centred difference (f(x + eps) - f(x - eps)) / (2 eps), for a function f of one
    number, at x, with the eps passed in.
    """
    run = Run("numerical_derivative", numerical_derivative, "f, x, eps")
    one_sided = _(
        "a one-sided difference, off by about eps times the curvature: nudge x both ways, "
        "to x + eps and to x - eps"
    )
    cases = [
        ("f(x) = x ** 3", _cube, 2.0, 1e-2, 12.0),
        ("f(x) = sin(x)", math.sin, 1.0, 1e-3, math.cos(1.0)),
        ("f(x) = log(x)", math.log, 0.5, 1e-3, 2.0),
        ("f(x) = sigmoid(x)", _sigmoid, 0.3, 1e-2, _sigmoid(0.3) * (1 - _sigmoid(0.3))),
    ]
    for case, f, x, eps, exact in cases:
        got = run.call(case, f=f, x=x, eps=eps)
        expected = numerical_gradient(lambda x, f=f: f(x), {"x": x}, eps)["x"]
        mistakes = [
            ((f(x + eps) - f(x)) / eps, one_sided),
            ((f(x) - f(x - eps)) / eps, one_sided),
            (2 * expected, _("twice too large: x - eps and x + eps are 2 eps apart")),
            (exact, _("the exact derivative, not the centred difference with the eps passed in")),
        ]
        run.number(_("the result"), got, expected, mistakes, rtol=1e-8, atol=1e-10)
        run.ok()
    run.done()


# ---------------------------------------------------------------------------------- lesson 3


def _check_gradients(run, names, dw, db, cost, w, b, X, Y):
    """Compare dw, db and cost with propagate's, recognizing the usual mistakes."""
    grads, expected_cost = _propagate(w, b, X, Y)
    e_dw, e_db = grads["dw"], grads["db"]
    n_x, m = X.shape
    dw_mistakes = [(-e_dw, _(_DZ_SIGN))]
    db_mistakes = [(-e_db, _(_DZ_SIGN))]
    cost_mistakes = [(-expected_cost, _(_COST_SIGN))]
    if m > 1:
        average = _("m times too large: the gradient is an average over the examples, divide by m")
        dw_mistakes.append((m * e_dw, average))
        db_mistakes.append((m * e_db, average))
        cost_mistakes.append((m * expected_cost, _(_COST_MEAN)))
    if n_x != m:
        dw_mistakes.append((e_dw * m / n_x, _(_M_FROM_SHAPE_0)))
        db_mistakes.append((e_db * m / n_x, _(_M_FROM_SHAPE_0)))
        cost_mistakes.append((expected_cost * m / n_x, _(_M_FROM_SHAPE_0)))
    if b != 0:
        no_b, no_b_cost = _propagate(w, 0.0, X, Y)
        dw_mistakes.append((no_b["dw"], _(_NO_B)))
        db_mistakes.append((no_b["db"], _(_NO_B)))
        cost_mistakes.append((no_b_cost, _(_NO_B)))
    shapes = [
        (
            (1, n_x),
            _(
                "the shape of w.T: that is (A - Y) times X transposed, a row. dw must have the "
                "shape of w, (n_x, 1): which factor comes first, and which one is transposed?"
            ),
        ),
        ((n_x, m), _(_Y_COLUMN)),
        ((n_x,), _("a rank-1 array: dw must be a column, the shape of w")),
    ]
    run.array(names[0], dw, e_dw, dw_mistakes, shapes)
    run.number(names[1], db, e_db, db_mistakes)
    run.number(names[2], cost, expected_cost, cost_mistakes, wrapped=_cost_wrapped)


@_exercise
def propagate_vectorized(propagate_vectorized):
    """Check ``propagate_vectorized(w, b, X, Y) -> (dw, db, cost)``, with no Python loop.

    w (n_x, 1), b a number, X (n_x, m), Y (1, m); dw like w, db and cost numbers: what
    `lr_utils.propagate_two_loops` computes, with whole-array operations only. "No loop" is
    judged by what the function does, not by how its source reads: its Python-level work
    (`checking.traced_steps`, in any code it reaches) must not grow with m or n_x.
    """
    run = Run("propagate_vectorized", propagate_vectorized, "w, b, X, Y")
    for case, w, b, X, Y in _propagate_cases(4):
        result = run.call(case, w=w, b=b, X=X, Y=Y)
        dw, db, cost = _parts(run, result, ["dw", "db", "cost"])
        _check_gradients(run, ["dw", "db", "cost"], dw, db, cost, w, b, X, Y)
        run.ok()
    _check_no_loop(run)
    run.done()


# the sizes a loop is looked for at: more examples, then more features, than the first
LOOP_SIZES = [(2, 4), (2, 20), (12, 4)]


def _check_no_loop(run):
    """Fail if the function's Python-level work grows with m or n_x (a Python loop)."""
    rng = np.random.default_rng(10)
    work = {}
    for n_x, m in LOOP_SIZES:
        w, X = _rounded(rng, -1, 1, (n_x, 1)), _rounded(rng, -2, 2, (n_x, m))
        work[n_x, m] = run.steps(_seeded(n_x=n_x, m=m), w=w, b=0.5, X=X, Y=_labels(rng, m))
    (base, per_element), (more_m, _unused), (more_n, _unused) = (work[s] for s in LOOP_SIZES)
    (n_x, m), (_unused, m_large), (n_large, _unused) = LOOP_SIZES
    if per_element:
        got = _("np.vectorize (or np.frompyfunc), which calls a Python function once per element")
    elif more_m - base >= (m_large - m) / 2:
        got = _(
            "Python code that runs once per example: {steps} Python steps for m = {m}, "
            "{more} for m = {m_large}"
        ).format(steps=base, m=m, more=more_m, m_large=m_large)
    elif more_n - base >= (n_large - n_x) / 2:
        got = _(
            "Python code that runs once per feature: {steps} Python steps for n_x = {n_x}, "
            "{more} for n_x = {n_large}"
        ).format(steps=base, n_x=n_x, more=more_n, n_large=n_large)
    else:
        run.ok()
        return
    run.call_text = run.tried(_("seeded random numbers of {n} sizes").format(n=len(LOOP_SIZES)))
    run.fail(
        got,
        _("no Python loop: the same Python work for any m and n_x"),
        _(
            "the right numbers, computed one example (or feature) at a time: a for or while "
            "loop, a comprehension, map, np.vectorize or np.apply_along_axis runs Python code "
            "for each one. Write Z, A, dw and db each as one operation on the whole arrays X "
            "and Y"
        ),
    )


def _propagate_cases(seed):
    """The course's example, then seeded random problems of other shapes (m != n_x)."""
    return _gradient_cases(seed, shapes=((3, 4, -0.5), (1, 1, 0.3), (5, 2, 0)))


# ---------------------------------------------------------------------------------- lesson 4

LECTURE_CALORIES = np.array(
    [[56.0, 0.0, 4.4, 68.0], [1.2, 104.0, 52.0, 8.0], [1.8, 135.0, 99.0, 0.9]]
)


@_exercise
def calorie_percentages(calorie_percentages):
    """Check ``calorie_percentages(calories) -> percentages``.

    calories : (nutrients, foods), the calories from each nutrient (row) in each food
    (column). percentages : the same shape, each food's calories as percentages of that
    food's total, so that every column sums to 100; no loop needed.
    """
    run = Run("calorie_percentages", calorie_percentages, "calories")
    rng = np.random.default_rng(5)
    foods = _("seeded random numbers, {nutrients} nutrients, {foods} foods")
    cases = [
        (_("the lecture's table (3 nutrients, 4 foods)"), LECTURE_CALORIES),
        (foods.format(nutrients=2, foods=5), _rounded(rng, 1, 150, (2, 5), 1)),
        (foods.format(nutrients=3, foods=3), _rounded(rng, 1, 150, (3, 3), 1)),
    ]
    for case, calories in cases:
        got = run.call(case, calories=calories)
        nutrients, foods = calories.shape
        expected = np.empty_like(calories)
        for j in range(foods):
            total = sum(calories[i, j] for i in range(nutrients))
            for i in range(nutrients):
                expected[i, j] = 100 * calories[i, j] / total
        mistakes = [
            (
                lambda c=calories: 100 * c / c.sum(axis=1, keepdims=True),
                _(
                    "each row sums to 100: you divided by each nutrient's total (axis=1); a "
                    "food's percentages divide its column by the column's total"
                ),
            ),
            (expected / 100, _("fractions of 1, not percentages: multiply by 100")),
            (
                lambda c=calories: 100 * c / c.sum(),
                _("divided by the total of the whole table; each food by its own total"),
            ),
        ]
        run.array("percentages", got, expected, mistakes)
        run.ok()
    run.done()


@_exercise
def labels_as_row(labels_as_row):
    """Check ``labels_as_row(Y) -> row``.

    Y : labels that arrive as a rank-1 (m,), a column (m, 1) or already a row (1, m).
    row : the same labels as a (1, m) row.
    """
    run = Run("labels_as_row", labels_as_row, "Y")
    cases = [
        (_("a rank-1 array of 5 labels"), np.array([1.0, 0.0, 0.0, 1.0, 1.0])),
        (_("a column of 4 labels"), np.array([[0.0], [1.0], [1.0], [0.0]])),
        (_("a row of 3 labels"), np.array([[1.0, 0.0, 1.0]])),
        (_("a rank-1 array of 1 label"), np.array([1.0])),
    ]
    for case, Y in cases:
        got = run.call(case, Y=Y)
        m = Y.size
        shapes = [
            ((m, 1), _("a column; a row has shape (1, m)")),
            ((1, m, 1), _("three dimensions: wrapping a 2-D array in [...] adds one")),
        ]
        if Y.ndim == 1:
            shapes.insert(
                0,
                (
                    (m,),
                    _(
                        "still rank-1: transposing a rank-1 array changes nothing (its one axis "
                        "has nothing to swap with); give it two dimensions explicitly"
                    ),
                ),
            )
        run.array(_("the row"), got, Y.reshape(1, m), shapes=shapes, rtol=0, atol=0)
        run.ok()
    run.done()


# ---------------------------------------------------------------------------------- lesson 5


@_exercise
def sigmoid(sigmoid):
    """Check ``sigmoid(z) -> s``: 1 / (1 + exp(-z)), element-wise.

    z : a number or a numpy array of any shape; s : the same shape (a number for a number).
    """
    run = Run("sigmoid", sigmoid, "z")
    rng = np.random.default_rng(6)
    cases = [
        (_("the course's example"), np.array([0, 2])),
        (_("one number"), 9.2),
        (_("seeded random numbers, a (1, 5) row"), _rounded(rng, -6, 6, (1, 5))),
        (_("seeded random numbers, a (3, 4) array"), _rounded(rng, -6, 6, (3, 4))),
    ]
    for case, z in cases:
        got = run.call(case, z=z)
        expected = _sigmoid(z)
        mistakes = [
            (_sigmoid(-np.asarray(z, dtype=np.float64)), _("this is sigmoid(-z) = 1 - "
             "sigmoid(z): check the sign of z inside exp")),
            (1 + np.exp(-np.asarray(z, dtype=np.float64)), _("values above 1: this is "
             "1 + exp(-z); check the parentheses around the denominator")),
        ]  # fmt: skip
        if np.ndim(z) == 0:
            run.number("s", got, expected, mistakes)
        else:
            run.array("s", got, expected, mistakes)
        run.ok()
    run.done()


@_exercise
def initialize_with_zeros(initialize_with_zeros):
    """Check ``initialize_with_zeros(dim) -> (w, b)``: w a (dim, 1) column of float zeros, b 0."""
    run = Run("initialize_with_zeros", initialize_with_zeros, "dim")
    for dim in (2, 1, 7):
        result = run.call(f"dim = {dim}", dim=dim)
        w, b = _parts(run, result, ["w", "b"])
        expected, _zero = _initialize_with_zeros(dim)
        shapes = [
            ((dim,), _("a rank-1 array: w must be a column, two dimensions (dim, 1)")),
            ((1, dim), _("a row: w must be a column, (dim, 1)")),
        ]
        run.array("w", w, expected, shapes=shapes, rtol=0, atol=0)
        if w.dtype.kind != "f":
            run.fail(
                _("{what} has dtype {dtype}").format(what="w", dtype=w.dtype),
                _("floats"),
                _("w holds integers; gradient descent needs floats"),
            )
        run.number("b", b, 0.0, wrapped=_("b is one number, not an array"), rtol=0, atol=0)
        run.ok()
    run.done()


@_exercise
def propagate(propagate):
    """Check ``propagate(w, b, X, Y) -> (grads, cost)``, the course's function.

    w (n_x, 1), b a number, X (n_x, m), Y (1, m). grads : a dict with "dw", the shape of w,
    and "db", a number; cost : a number (not a (1, 1) array).
    """
    run = Run("propagate", propagate, "w, b, X, Y")
    for case, w, b, X, Y in _propagate_cases(7):
        result = run.call(case, w=w, b=b, X=X, Y=Y)
        grads, cost = _parts(run, result, ["grads", "cost"])
        grads = _entries(run, grads, "grads", ["dw", "db"])
        names = ['grads["dw"]', 'grads["db"]', "cost"]
        _check_gradients(run, names, grads["dw"], grads["db"], cost, w, b, X, Y)
        run.ok()
    run.done()


def _costs_hint(got, all_costs, num_iterations):
    """What costs hold instead of those of iterations 0, 100, 200, ...: a hint, or None.

    all_costs : a function of no argument giving the cost before every iteration and after
        the last (num_iterations + 1 of them)
    """
    if len(got) == num_iterations > 1:
        return _("a cost for every iteration; the course keeps one every 100 (i % 100 == 0)")
    if len(got) == 0:
        return _(
            "no cost kept: the course keeps the cost of iterations 0, 100, 200, ... "
            "(i % 100 == 0), iteration 0 included"
        )
    if not all(is_number(cost) for cost in got):
        return None
    costs = np.asarray(all_costs())
    found = []
    for cost in got:
        match = np.flatnonzero(np.isclose(costs, float(cost), rtol=1e-9, atol=0))
        if match.size == 0:
            return None
        found.append(int(match[0]))
    if found == list(range(0, num_iterations, 100)):
        return None
    shown = ", ".join(map(str, found[:4])) + (", ..." if len(found) > 4 else "")
    return ngettext(
        "the cost of iteration {iterations}: the course keeps the cost of iterations 0, 100, "
        "200, ... (i % 100 == 0), computed before that iteration's update",
        "the costs of iterations {iterations}: the course keeps the cost of iterations 0, 100, "
        "200, ... (i % 100 == 0), computed before that iteration's update",
        len(found),
    ).format(iterations=shown)


def _check_costs(run, what, got, expected, all_costs, num_iterations):
    """Fail unless got holds the numbers expected, the costs of iterations 0, 100, 200, ..."""
    n = len(expected)
    wanted = ngettext("a list of {n} number", "a list of {n} numbers", n).format(n=n)
    if isinstance(got, np.ndarray) and got.ndim > 1 and len(got) == n:
        run.fail(
            _("{what} is {kind}").format(what=what, kind=kind(got)),
            wanted,
            _(
                "each cost inside an array of its own: a cost must be a number; "
                "np.squeeze(...) or float(...) turns a one-element array into one"
            ),
        )
    if not isinstance(got, list | tuple) and not (isinstance(got, np.ndarray) and got.ndim == 1):
        run.fail(
            _("{what} is {kind}, {value}").format(what=what, kind=kind(got), value=show(got)),
            wanted,
        )
    if len(got) != n:
        hint = _costs_hint(got, all_costs, num_iterations)
        run.fail(
            ngettext("{n} cost", "{n} costs", len(got)).format(n=len(got)),
            _("{n}, one every 100 iterations").format(n=n),
            hint,
        )
    hint = None
    if not all(
        is_number(cost) and math.isclose(float(cost), e, rel_tol=1e-6, abs_tol=1e-9)
        for cost, e in zip(got, expected, strict=True)
    ):
        hint = _costs_hint(got, all_costs, num_iterations)
    for i, (cost, e) in enumerate(zip(got, expected, strict=True)):
        run.number(f"{what}[{i}]", cost, e, wrapped=_cost_wrapped, otherwise=hint)


def _descent(w, b, X, Y, num_iterations, learning_rate, sign=-1):
    """Gradient descent (sign=+1: ascent, up the gradient): (w, b, costs), costs holding
    the cost before each iteration and after the last, num_iterations + 1 of them."""
    costs = []
    for _step in range(num_iterations):
        grads, cost = _propagate(w, b, X, Y)
        costs.append(cost)
        w, b = w + sign * learning_rate * grads["dw"], b + sign * learning_rate * grads["db"]
    return w, b, [*costs, _propagate(w, b, X, Y)[1]]


_TOO_MANY = N_(
    "one iteration too many: these are the values after num_iterations + 1 steps; "
    "for i in range(num_iterations) takes num_iterations steps"
)
_NO_ITERATION = N_(
    "the loop ran no iteration for num_iterations = 1, so the names it assigns were never "
    "assigned: for i in range(num_iterations) takes num_iterations steps, from i = 0"
)
_TOO_FEW = N_(
    "one iteration too few: these are the values after num_iterations - 1 steps; "
    "for i in range(num_iterations) takes num_iterations steps, from i = 0"
)


@_exercise
def optimize(optimize):
    """Check ``optimize(w, b, X, Y, num_iterations, learning_rate) -> (params, grads, costs)``.

    Gradient descent from w, b (the caller's w unchanged). params : {"w", "b"} learned;
    grads : {"dw", "db"} of the last iteration; costs : a list of the cost at iterations
    0, 100, 200, ... (before that iteration's update). The learner's own propagate is used.
    """
    run = Run("optimize", optimize, "w, b, X, Y, num_iterations, learning_rate")
    rng = np.random.default_rng(8)
    X3 = _rounded(rng, -2, 2, (3, 5))
    course = COURSE_W, COURSE_B, COURSE_X, COURSE_Y
    cases = [  # case, w, b, X, Y, num_iterations, learning_rate, print_cost
        (_("the course's example, one iteration"), *course, 1, 0.009, False),
        (_("the course's example"), *course, 100, 0.009, False),
        (_("seeded random numbers, n_x = 3, m = 5, printing the costs"), np.zeros((3, 1)), 0, X3,
         _labels(rng, 5), 201, 0.1, True),
    ]  # fmt: skip
    uphill = _(
        "the cost rises: each step must go against the gradient, subtracting learning_rate times it"
    )
    for case, w, b, X, Y, num_iterations, learning_rate, print_cost in cases:
        inputs = {"w": w, "b": b, "X": X, "Y": Y}
        inputs.update(num_iterations=num_iterations, learning_rate=learning_rate)
        if print_cost:
            inputs["print_cost"] = True
            run.params += ", print_cost"
        # a loop that runs one iteration too few runs none for num_iterations = 1, and what
        # it assigns (grads, dw, db) is then never assigned
        run.exception_hints = [(UnboundLocalError, "", _NO_ITERATION)] * (num_iterations == 1)
        result = run.call(case, **inputs)
        run.exception_hints = []
        params, grads, costs = _parts(run, result, ["params", "grads", "costs"])
        params = _entries(run, params, "params", ["w", "b"])
        grads = _entries(run, grads, "grads", ["dw", "db"])
        e_params, e_grads, e_costs = _optimize(w, b, X, Y, num_iterations, learning_rate)
        problem = (w, b, X, Y)

        def steps(n, sign=-1, problem=problem, learning_rate=learning_rate):
            return functools.partial(_descent, *problem, n, learning_rate, sign)

        up, more, fewer = steps(num_iterations, +1), steps(num_iterations + 1), None
        if num_iterations > 0:
            fewer = steps(num_iterations - 1)
        w_mistakes = [(lambda up=up: up()[0], uphill), (lambda more=more: more()[0], _(_TOO_MANY))]
        if fewer is not None:
            w_mistakes.append((lambda fewer=fewer: fewer()[0], _(_TOO_FEW)))
        b_mistakes = [(lambda up=up: up()[1], uphill)]  # w is right: so is the number of steps
        run.array(
            'params["w"]',
            params["w"],
            e_params["w"],
            w_mistakes,
            [((X.shape[0], X.shape[1]), _(_Y_COLUMN))],
        )
        if num_iterations == 1:
            first, _cost = _propagate(w, b, X, Y)
            b_with_dw = b - learning_rate * first["dw"]
            b_mistakes.append((b_with_dw, _("b became an array: b is updated with db, w with dw")))
        w_right = _(
            'params["w"] is right and params["b"] is not: b takes the same kind of step as w, '
            "with db: b = b - learning_rate * db"
        )
        run.number('params["b"]', params["b"], e_params["b"], b_mistakes, otherwise=w_right)
        run.array('grads["dw"]', grads["dw"], e_grads["dw"])
        run.number('grads["db"]', grads["db"], e_grads["db"])
        all_costs = steps(num_iterations)
        _check_costs(
            run, "costs", costs, e_costs, lambda all_costs=all_costs: all_costs()[2], num_iterations
        )
        _check_printed_costs(run, e_costs, num_iterations, print_cost)
        run.ok()
    run.done()


_COST_LINE = re.compile(r"Cost after iteration (\d+): (\S+)")


def _check_printed_costs(run, costs, num_iterations, print_cost):
    """Fail unless the lines printed are the reference run's, or none without print_cost."""
    printed = [line.strip() for line in run.printed.split("\n") if "cost" in line.lower()]
    if not print_cost:
        if printed:
            run.fail(
                _("with print_cost=False, printed {line}").format(line=safe_repr(printed[0])),
                _("no line about the cost: print_cost is False"),
                _("print the costs only when print_cost is True"),
            )
        return
    iterations = range(0, num_iterations, 100)
    expected = [
        f"Cost after iteration {i}: {cost:f}" for i, cost in zip(iterations, costs, strict=True)
    ]
    if printed == expected:
        return
    if not printed:
        run.fail(
            _("nothing about the cost printed, with print_cost=True"),
            ngettext(
                "{n} line, the first {line}", "{n} lines, the first {line}", len(expected)
            ).format(n=len(expected), line=repr(expected[0])),
            _(
                "with print_cost=True, print the cost every 100 iterations, as the reference "
                "run does"
            ),
        )
    for i, line, want, cost in zip(iterations, printed, expected, costs, strict=False):
        if line == want:
            continue
        match = _COST_LINE.fullmatch(line)
        hint = None
        if match is None:
            hint = _(
                'the reference run\'s lines read "Cost after iteration i: cost", the cost with '
                "6 decimals"
            )
        elif int(match[1]) != i:
            hint = _("the reference run prints the cost of iterations 0, 100, 200, ...")
        elif _number_near(match[2], cost):
            hint = _(
                "the right cost, with other decimals: the reference run prints 6 decimals, "
                'as f"{{cost:f}}" does'
            ).format()
        run.fail(_("the line {line}").format(line=safe_repr(line)), repr(want), hint)
    run.fail(
        ngettext("{n} line about the cost", "{n} lines about the cost", len(printed)).format(
            n=len(printed)
        ),
        _("{n}, one every 100 iterations").format(n=len(expected)),
    )


def _number_near(text, value):
    try:
        return math.isclose(float(text), value, rel_tol=1e-2)
    except ValueError:
        return False


def _predict_cases():
    """The course's example, then seeded problems with no probability near 0.5.

    Some z lie in (0, 0.5], where thresholding z instead of a = sigmoid(z) gives the wrong
    label, and none is 0, where > 0.5 and >= 0.5 would differ.
    """
    yield _("the course's example"), PREDICT_W, PREDICT_B, PREDICT_X
    w = np.array([[0.5], [-0.25], [1.0], [0.2]])
    X = np.array(
        [
            [0.3, -1.2, 0.8, 0.1, 2.0, -0.6, 0.4],
            [1.0, 0.4, -0.6, -0.8, 0.2, 1.4, 0.0],
            [0.1, 0.3, -0.2, 0.25, -1.1, 0.5, -0.3],
            [-0.5, 0.9, 0.7, 1.2, 0.6, -0.4, 1.5],
        ]
    )
    yield _("a problem with n_x = {n_x}, m = {m}").format(n_x=4, m=7), w, -0.1, X
    yield _("one example"), np.array([[2.0]]), 0.5, np.array([[-0.1]])


@_exercise
def predict(predict):
    """Check ``predict(w, b, X) -> Y_prediction``: a (1, m) row, 1 where sigmoid(w.T X + b) > 0.5.

    w (n_x, 1), b a number, X (n_x, m). The labels may be floats, ints or booleans.
    """
    run = Run("predict", predict, "w, b, X")
    for case, w, b, X in _predict_cases():
        got = run.call(case, w=w, b=b, X=X)
        expected = _predict(w, b, X)
        Z, A = forward(w, b, X)
        # in the last case, leaving out b and a threshold on z give the same label; the
        # threshold fails the course's example first
        mistakes = [
            (_predict(w, 0.0, X), _(_NO_B)),
            (
                (Z > 0.5).astype(np.float64),
                _("a threshold on z: the probability is a = sigmoid(z)"),
            ),
            (A, _("probabilities: predict returns labels, 1 where the probability is above 0.5")),
        ]
        m = X.shape[1]
        shapes = [
            ((m,), _("a rank-1 array: return a (1, m) row")),
            ((m, 1), _("a column: return a (1, m) row")),
        ]
        run.array("Y_prediction", got, expected, mistakes, shapes, rtol=0, atol=0)
        run.ok()
    run.done()


def _model_cases():
    """A small learnable problem, n_x = 4 with 12 training and 5 test examples, trained twice.

    Two settings, so that a model that ignores num_iterations or learning_rate fails; with
    both, no probability ends near 0.5.
    """
    rng = np.random.default_rng(9)
    X = _rounded(rng, -1, 1, (4, 17))
    Y = (np.array([[1.5, -2.0, 0.5, 1.0]]) @ X + 0.3 > 0).astype(np.float64)
    Y[0, [2, 13]] = 1 - Y[0, [2, 13]]  # two noisy labels, so that no weight grows without end
    data = X[:, :12], Y[:, :12], X[:, 12:], Y[:, 12:]
    for num_iterations, learning_rate in [(201, 0.1), (301, 0.5)]:
        case = _(
            "a small problem, n_x = 4, 12 training and 5 test examples, {n} iterations at "
            "learning rate {rate}"
        ).format(n=num_iterations, rate=learning_rate)
        yield case, *data, num_iterations, learning_rate


MODEL_KEYS = [
    "costs",
    "Y_prediction_test",
    "Y_prediction_train",
    "w",
    "b",
    "learning_rate",
    "num_iterations",
]


@_exercise
def model(model):
    """Check ``model(X_train, Y_train, X_test, Y_test, num_iterations, learning_rate) -> d``.

    d : the course's dict, with "costs" (every 100 iterations), "Y_prediction_test",
    "Y_prediction_train", "w", "b", "learning_rate" and "num_iterations". Checked on a small
    problem, with two settings, against `lr_utils.model`: everything in d. Lesson 5 then
    trains the learner's model on the cat pictures, where it prints the reference run; the
    check does not train on them itself, so that the lesson trains the reference run once.
    """
    run = Run("model", model, "X_train, Y_train, X_test, Y_test, num_iterations, learning_rate")
    for case, X_train, Y_train, X_test, Y_test, num_iterations, learning_rate in _model_cases():
        d = run.call(
            case,
            X_train=X_train,
            Y_train=Y_train,
            X_test=X_test,
            Y_test=Y_test,
            num_iterations=num_iterations,
            learning_rate=learning_rate,
        )
        d = _entries(run, d, "d", MODEL_KEYS)
        data = X_train, Y_train, X_test, Y_test
        e = _model(*data, num_iterations, learning_rate)
        ignored = []  # a model that trains with the defaults, whatever it is given
        if num_iterations != 2000:
            ignored.append(
                (
                    lambda data=data, rate=learning_rate: _model(*data, 2000, rate)["w"],
                    _(
                        "what 2000 iterations give, whatever num_iterations says: pass "
                        "num_iterations on to optimize"
                    ),
                )
            )
        if learning_rate != 0.5:
            ignored.append(
                (
                    lambda data=data, n=num_iterations: _model(*data, n, 0.5)["w"],
                    _(
                        "what learning rate 0.5 gives, whatever learning_rate says: pass "
                        "learning_rate on to optimize"
                    ),
                )
            )
        if num_iterations != 2000 and learning_rate != 0.5:
            ignored.append(
                (
                    lambda data=data: _model(*data, 2000, 0.5)["w"],
                    _(
                        "what 2000 iterations at learning rate 0.5 give, whatever "
                        "num_iterations and learning_rate say: pass both on to optimize"
                    ),
                )
            )
        run.array('d["w"]', d["w"], e["w"], ignored, shapes=[(X_train.shape, _(_Y_COLUMN))])
        w_right = _(
            'd["w"] is right and d["b"] is not: take both from the params that optimize returns'
        )
        run.number('d["b"]', d["b"], e["b"], otherwise=w_right)
        start = np.zeros((X_train.shape[0], 1)), 0.0, X_train, Y_train
        _check_costs(
            run,
            'd["costs"]',
            d["costs"],
            e["costs"],
            lambda start=start, n=num_iterations, rate=learning_rate: _descent(*start, n, rate)[2],
            num_iterations,
        )
        for key in ("Y_prediction_train", "Y_prediction_test"):
            run.array(f'd["{key}"]', d[key], e[key], rtol=0, atol=0)
        for key in ("learning_rate", "num_iterations"):
            run.number(f'd["{key}"]', d[key], e[key])
        run.ok()
    run.done()


# ---------------------------------------------------------------------- the reference run

# The reference run, as the reference notes print it: model() on the cat pictures, 2001
# iterations of gradient descent from zeros at learning rate 0.005, the cost every 500
# iterations, then the accuracy on the training and on the test set.
REFERENCE_RUN = {"num_iterations": 2001, "learning_rate": 0.005}
REFERENCE_LINES = (
    "Cost after iteration 0: 0.693147",
    "Cost after iteration 500: 0.303273",
    "Cost after iteration 1000: 0.214820",
    "Cost after iteration 1500: 0.166521",
    "Cost after iteration 2000: 0.135608",
    "training acc: 0.9904306220095693",
    "testing acc: 0.7",
)


def _reference_lines(d):
    """The reference run's lines as d, the dict model returns, gives them (None: cannot)."""
    train_y, test_y = _cat_data()[1::2]
    lines = []
    costs = d["costs"]
    for i in range(0, REFERENCE_RUN["num_iterations"], 500):
        try:
            lines.append(f"Cost after iteration {i}: {float(np.squeeze(costs[i // 100])):.6f}")
        except (TypeError, ValueError, IndexError, KeyError):
            lines.append(None)
    for word, key, labels in [("training", "train", train_y), ("testing", "test", test_y)]:
        predictions = d[f"Y_prediction_{key}"]
        if np.shape(predictions) == labels.shape:
            lines.append(f"{word} acc: {float(np.mean(predictions == labels))}")
        else:
            lines.append(None)
    return lines


def reference_run(d):
    """Print the reference run's lines as d gives them, each marked ✓ or shown beside the
    reference run's.

    d : the dict that the learner's ``model(X_train, train_set_y, X_test, test_set_y, 2001,
    0.005)`` returns, trained on the cat pictures with the reference notes' settings. The
    lines are the reference run's, ``Cost after iteration 500: 0.303273`` every 500
    iterations, then ``training acc`` and ``testing acc``; a last line says whether all of
    them are the reference run's, to the last digit (then the pass line of the other checks,
    ``✓ reference_run: 7 checks passed``).
    """
    run = Run("reference_run")
    run.call_text = "d"
    d = _entries(run, d, "d", MODEL_KEYS)
    lines = _reference_lines(d)
    settings = {key: d[key] for key in REFERENCE_RUN}
    if any(not _same_setting(settings[key], value) for key, value in REFERENCE_RUN.items()):
        print(
            _(
                "d was trained with num_iterations = {n}, learning_rate = {rate}; the "
                "reference run with {reference_n} and {reference_rate}"
            ).format(
                n=show(settings["num_iterations"]),
                rate=show(settings["learning_rate"]),
                reference_n=REFERENCE_RUN["num_iterations"],
                reference_rate=REFERENCE_RUN["learning_rate"],
            )
        )
    width = max(len(line) for line in REFERENCE_LINES) + 4
    differ = 0
    for line, reference in zip(lines, REFERENCE_LINES, strict=True):
        if line == reference:
            print(f"{line:<{width}}✓")
            run.ok()
            continue
        differ += 1
        label, value = reference.rsplit(": ", 1)
        if line is None:
            beside = _("✗ not in d; the reference run: {value}").format(value=value)
            print(f"{label + ': ?':<{width}}{beside}")
        else:
            print(f"{line:<{width}}" + _("✗ the reference run: {value}").format(value=value))
    if differ:
        print(
            ngettext(
                "{differ} of the {n} lines differs from the reference run's",
                "{differ} of the {n} lines differ from the reference run's",
                differ,
            ).format(differ=differ, n=len(lines))
        )
    else:
        run.done()


def _same_setting(got, expected):
    try:
        return bool(got == expected)
    except Exception:  # an object whose comparison raises is no setting of the reference run
        return False


# in a notebook, an exercise not written yet, and a cell that needs it, say so in one line
unwritten.install()

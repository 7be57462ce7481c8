"""Every bad input is refused at the public boundary with a ValueError naming what was
expected and what came; good inputs in other accepted forms give the same answer."""

import re
from fractions import Fraction

import numpy as np
import pytest

from lr_utils import (
    LogisticRegression,
    images_to_columns,
    initialize_with_zeros,
    model,
    optimize,
    predict,
    propagate,
    propagate_two_loops,
    sigmoid,
)
from lr_utils.validation import check_b, check_positive, check_w, check_X, check_Y

N_X, M = 3, 5
RNG = np.random.default_rng(0)
X = RNG.normal(size=(N_X, M))
Y = np.array([[1, 0, 0, 1, 1]])
W = RNG.normal(size=(N_X, 1))
B = 0.5


def fitted():
    return LogisticRegression().fit(X, Y, 5, 0.1)


# each entry point, called with (w, b, X, Y) where it takes them
ENTRY_POINTS = {
    "propagate": lambda w, b, X, Y: propagate(w, b, X, Y),
    "optimize": lambda w, b, X, Y: optimize(w, b, X, Y, 3, 0.1),
    "model": lambda w, b, X, Y: model(X, Y, X, Y, 3, 0.1),
    "fit": lambda w, b, X, Y: LogisticRegression().fit(X, Y, 3, 0.1),
}
NEEDS_W = ["propagate", "optimize"]
NEEDS_Y = list(ENTRY_POINTS)


# shapes of X


@pytest.mark.parametrize("name", ["propagate", "optimize"])
def test_X_given_as_m_by_n_x(name):
    with pytest.raises(ValueError, match=r"X has shape \(5, 3\), expected \(3, m\).*pass X\.T"):
        ENTRY_POINTS[name](W, B, X.T, Y)


def test_X_given_as_m_by_n_x_to_predict():
    with pytest.raises(ValueError, match=r"X has shape \(5, 3\), expected \(3, m\).*pass X\.T"):
        predict(W, B, X.T)


def test_X_given_as_m_by_n_x_to_fitted_model():
    clf = fitted()
    for method in (clf.predict_prob, clf.predict):
        with pytest.raises(ValueError, match=r"X has shape \(5, 3\), expected \(3, m\)"):
            method(X.T)


@pytest.mark.parametrize("name", ["model", "fit"])
def test_X_given_as_m_by_n_x_when_n_x_is_unknown(name):
    # nothing fixes n_x, so it is Y that does not fit: the message points at X
    with pytest.raises(
        ValueError, match=r"Y(_train)? has shape \(1, 5\), expected \(1, 3\).*pass X(_train)?\.T"
    ):
        ENTRY_POINTS[name](W, B, X.T, Y)


@pytest.mark.parametrize("name", NEEDS_Y)
def test_X_rank_1(name):
    with pytest.raises(ValueError, match=r"X(_train)? must be 2-D .*got shape \(5,\)"):
        ENTRY_POINTS[name](W[:1], B, X[0], Y)


@pytest.mark.parametrize("name", NEEDS_Y)
def test_no_examples(name):
    with pytest.raises(ValueError, match=r"X(_train)? has no examples: shape \(3, 0\)"):
        ENTRY_POINTS[name](W, B, np.zeros((N_X, 0)), np.zeros((1, 0)))


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("propagate", r"w has shape \(0, 1\), expected a column \(n_x, 1\)"),
        ("optimize", r"w has shape \(0, 1\), expected a column \(n_x, 1\)"),
        ("model", r"X_train has no features: shape \(0, 5\), expected \(n_x, m\) with n_x >= 1"),
        ("fit", r"X has no features: shape \(0, 5\), expected \(n_x, m\) with n_x >= 1"),
    ],
)
def test_no_features(name, message):
    with pytest.raises(ValueError, match=message):
        ENTRY_POINTS[name](np.zeros((0, 1)), B, np.zeros((0, M)), Y)


def test_model_names_the_test_set():
    with pytest.raises(
        ValueError, match=r"X_test has shape \(2, 5\), expected \(3, m\) to match X_train"
    ):
        model(X, Y, X[:2], Y, 3, 0.1)
    with pytest.raises(
        ValueError, match=r"Y_test has shape \(1, 4\), expected \(1, 5\) to match X_test"
    ):
        model(X, Y, X, Y[:, :4], 3, 0.1)
    with pytest.raises(ValueError, match=r"Y_test contains NaN or inf"):
        model(X, Y, X, [[np.nan] * M], 3, 0.1)


def test_no_examples_to_predict():
    with pytest.raises(ValueError, match="no examples"):
        predict(W, B, np.zeros((N_X, 0)))


# w


@pytest.mark.parametrize("name", NEEDS_W)
def test_w_of_wrong_length(name):
    with pytest.raises(ValueError, match=r"X has shape \(3, 5\), expected \(4, m\) to match w"):
        ENTRY_POINTS[name](np.zeros((4, 1)), B, X, Y)


@pytest.mark.parametrize("name", NEEDS_W)
def test_w_rank_1(name):
    with pytest.raises(
        ValueError, match=r"w has shape \(3,\), a rank-1 array; expected .*\(3, 1\)"
    ):
        ENTRY_POINTS[name](W.ravel(), B, X, Y)


def test_w_row():
    with pytest.raises(ValueError, match=r"w has shape \(1, 3\), expected a column \(n_x, 1\)"):
        propagate(W.T, B, X, Y)


def test_b_not_a_single_number():
    with pytest.raises(ValueError, match=r"b must be a single number, got .*shape \(2,\)"):
        propagate(W, [1.0, 2.0], X, Y)


# Y


@pytest.mark.parametrize("name", NEEDS_Y)
def test_Y_not_matching_m(name):
    with pytest.raises(ValueError, match=r"Y(_train)? has shape \(1, 4\), expected \(1, 5\)"):
        ENTRY_POINTS[name](W, B, X, Y[:, :4])


@pytest.mark.parametrize("name", NEEDS_Y)
def test_Y_column(name):
    with pytest.raises(
        ValueError, match=r"Y(_train)? has shape \(5, 1\), expected \(1, 5\).*reshape"
    ):
        ENTRY_POINTS[name](W, B, X, Y.T)


@pytest.mark.parametrize("name", NEEDS_Y)
@pytest.mark.parametrize("bad", [2, -1, 0.5])
def test_labels_other_than_0_and_1(name, bad):
    Y_bad = Y.astype(np.float64)
    Y_bad[0, 2] = bad
    with pytest.raises(
        ValueError, match=rf"Y(_train)? must hold only the labels 0 and 1; found \[{bad}"
    ):
        ENTRY_POINTS[name](W, B, X, Y_bad)


def test_accuracy_score_checks_Y():
    with pytest.raises(ValueError, match=r"Y has shape \(1, 4\), expected \(1, 5\)"):
        fitted().accuracy_score(X, Y[:, :4])
    with pytest.raises(ValueError, match="only the labels 0 and 1"):
        fitted().cost_function(X, Y * 2)


def assert_identical(got, expected, path="result"):
    """Equal to the last bit, through dicts, tuples and lists; arrays of the same dtype."""
    got_type, expected_type = type(got).__name__, type(expected).__name__
    assert got_type == expected_type, f"{path}: {got_type}, expected {expected_type}"
    if isinstance(expected, dict):
        assert got.keys() == expected.keys(), f"{path}: keys {list(got)}, expected {list(expected)}"
        for key in expected:
            assert_identical(got[key], expected[key], f"{path}[{key!r}]")
    elif isinstance(expected, (tuple, list)):
        assert len(got) == len(expected), f"{path}: {len(got)} items, expected {len(expected)}"
        for i, (g, e) in enumerate(zip(got, expected, strict=True)):
            assert_identical(g, e, f"{path}[{i}]")
    elif isinstance(expected, np.ndarray):
        assert got.dtype == expected.dtype, f"{path}: dtype {got.dtype}, expected {expected.dtype}"
        np.testing.assert_array_equal(got, expected, err_msg=path, strict=True)
    else:
        assert got == expected, f"{path}: {got!r}, expected {expected!r}"


def test_assert_identical_sees_the_last_bit():
    a = np.array([[0.1, 0.2]])
    with pytest.raises(AssertionError):
        assert_identical({"w": a}, {"w": a + np.spacing(a)})
    with pytest.raises(AssertionError):
        assert_identical((1.0,), (1.0 + 2**-52,))
    assert_identical({"w": a, "c": [1.0]}, {"w": a.copy(), "c": [1.0]})


@pytest.mark.parametrize("name", ["propagate", "optimize"])
def test_rank_1_Y_is_a_row(name):
    row = ENTRY_POINTS[name](W, B, X, Y)
    rank1 = ENTRY_POINTS[name](W, B, X, Y.ravel())
    assert_identical(rank1, row)


def test_rank_1_Y_in_model():
    row, rank1 = model(X, Y, X, Y, 3, 0.1), model(X, Y.ravel(), X, Y.ravel(), 3, 0.1)
    assert_identical(rank1, row)


# NaN and inf


@pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("where", ["X", "Y", "w", "b"])
def test_nan_or_inf(where, value):
    args = {"w": W.copy(), "b": B, "X": X.copy(), "Y": Y.astype(np.float64)}
    if where == "b":
        args["b"] = value
    else:
        args[where][0, 0] = value
    with pytest.raises(ValueError, match=rf"{where} contains NaN or inf; expected only finite"):
        propagate(**args)


@pytest.mark.parametrize("where", ["X", "Y"])
def test_nan_in_fit(where):
    args = {"X": X.copy(), "Y": Y.astype(np.float64)}
    args[where][0, 1] = np.nan
    with pytest.raises(ValueError, match=f"{where} contains NaN or inf"):
        LogisticRegression().fit(args["X"], args["Y"], 3, 0.1)


def test_not_numbers():
    with pytest.raises(ValueError, match="X must be an array of numbers, got list"):
        propagate(W, B, [["a", "b", "c"]] * 3, Y)


# one rule for every argument: numbers are numbers; str, bool and complex are refused

NOT_NUMBERS = {
    "str": lambda a: a.astype(str),
    "bytes": lambda a: a.astype(bytes),
    "bool": lambda a: a > 0.5,
    "complex": lambda a: a + 0j,
    "object": lambda a: a.astype(object),
}


@pytest.mark.parametrize("kind", NOT_NUMBERS)
@pytest.mark.parametrize("where", ["X", "Y", "w"])
def test_arrays_that_are_not_real_numbers(where, kind):
    args = {"w": W, "b": B, "X": X, "Y": Y}
    args[where] = NOT_NUMBERS[kind](args[where].astype(np.float64))
    with pytest.raises(ValueError, match=rf"{where} must be an array of numbers, got .*{kind}"):
        propagate(**args)


@pytest.mark.parametrize("b", ["2", b"2", True, np.True_, 1 + 0j, np.complex128(2), [["2"]]])
def test_b_that_is_not_a_real_number(b):
    with pytest.raises(ValueError, match=r"b must be a single number, got "):
        propagate(W, b, X, Y)
    with pytest.raises(ValueError, match=r"b must be a single number, got "):
        check_b(b)


@pytest.mark.parametrize("where", ["X_train", "Y_train", "X_test", "Y_test"])
def test_model_refuses_strings_in_any_array(where):
    args = {"X_train": X, "Y_train": Y, "X_test": X, "Y_test": Y}
    args[where] = args[where].astype(str)
    with pytest.raises(ValueError, match=rf"{where} must be an array of numbers, got .*str"):
        model(**args, num_iterations=3, learning_rate=0.1)


def test_fit_refuses_complex_X():
    with pytest.raises(ValueError, match=r"X must be an array of numbers, got .*complex"):
        LogisticRegression().fit(X + 1j, Y, 3, 0.1)


def test_the_fitted_model_refuses_strings():
    clf = fitted()
    with pytest.raises(ValueError, match=r"X must be an array of numbers, got .*str"):
        clf.predict_prob(X.astype(str))


@pytest.mark.parametrize("value", [np.float32(0.5), np.int64(1), 0, 1, 0.25])
def test_real_numbers_in_any_numeric_type_are_accepted(value):
    assert check_b(value) == float(value)
    assert check_b(np.array(value)) == float(value)
    np.testing.assert_array_equal(check_X(np.full((2, 2), value)), np.full((2, 2), float(value)))


# learning rate and iterations


@pytest.mark.parametrize("name", ["optimize", "model", "fit"])
@pytest.mark.parametrize(
    "learning_rate", [0, -0.1, np.nan, np.inf, "0.1", None, True, 0.1 + 0j, np.complex64(0.1)]
)
def test_bad_learning_rate(name, learning_rate):
    call = {
        "optimize": lambda: optimize(W, B, X, Y, 3, learning_rate),
        "model": lambda: model(X, Y, X, Y, 3, learning_rate),
        "fit": lambda: LogisticRegression().fit(X, Y, 3, learning_rate),
    }[name]
    with pytest.raises(ValueError, match=r"learning_rate must be a .*number > 0, got ") as info:
        call()
    assert str(info.value).endswith(f"got {learning_rate!r}"), str(info.value)


@pytest.mark.parametrize("name", ["optimize", "model", "fit"])
@pytest.mark.parametrize(
    ("num_iterations", "message"),
    [
        (-1, "num_iterations must be a whole number >= 0, got -1"),
        (10.0, r"num_iterations must be a whole number >= 0, got 10.0 \(float\)"),
        (2.5, r"num_iterations must be a whole number >= 0, got 2.5 \(float\)"),
        ("10", r"num_iterations must be a whole number >= 0, got '10' \(str\)"),
        (True, r"num_iterations must be a whole number >= 0, got True \(bool\)"),
    ],
)
def test_bad_num_iterations(name, num_iterations, message):
    call = {
        "optimize": lambda: optimize(W, B, X, Y, num_iterations, 0.1),
        "model": lambda: model(X, Y, X, Y, num_iterations, 0.1),
        "fit": lambda: LogisticRegression().fit(X, Y, num_iterations, 0.1),
    }[name]
    with pytest.raises(ValueError, match=message):
        call()


def test_numpy_integers_and_floats_are_accepted():
    a = optimize(W, B, X, Y, np.int64(3), np.float32(0.25))
    b = optimize(W, B, X, Y, 3, 0.25)
    assert_identical(a, b)


@pytest.mark.parametrize(
    ("print_num", "message"),
    [
        (0, "print_num must be a whole number >= 1, got 0"),
        (0.5, r"print_num must be a whole number >= 1, got 0.5 \(float\)"),
        (None, r"print_num must be a whole number >= 1, got None \(NoneType\)"),
    ],
)
def test_bad_print_num(print_num, message):
    with pytest.raises(ValueError, match=message):
        LogisticRegression().fit(X, Y, 3, 0.1, True, print_num)


@pytest.mark.parametrize("dim", [0, -2, 2.0, "2", True])
def test_initialize_with_zeros_bad_dim(dim):
    with pytest.raises(ValueError, match=rf"dim must be a whole number >= 1, got {dim!r}"):
        initialize_with_zeros(dim)


# the fitted model


@pytest.mark.parametrize(
    "call",
    [
        lambda clf: clf.predict(X),
        lambda clf: clf.predict_prob(X),
        lambda clf: clf.accuracy_score(X, Y),
        lambda clf: clf.cost_function(X, Y),
        lambda clf: clf.w,
        lambda clf: clf.b,
    ],
)
def test_use_before_fit(call):
    with pytest.raises(ValueError, match=r"not fitted yet: call fit\(X, Y, \.\.\.\) or load"):
        call(LogisticRegression())


@pytest.mark.parametrize("threshold", [-0.1, 1.5, np.nan, "0.5", None, True, np.False_, 0.5j])
def test_threshold_outside_0_1(threshold):
    with pytest.raises(
        ValueError,
        match=re.escape(f"threshold must be a number between 0 and 1, got {threshold!r}"),
    ):
        fitted().predict(X, threshold)


@pytest.mark.parametrize("threshold", [0, 1, np.float32(0.5), np.int64(0)])
def test_threshold_any_real_number_type(threshold):
    clf = fitted()
    np.testing.assert_array_equal(clf.predict(X, threshold), clf.predict_prob(X) > threshold)


# the caller's arrays are left alone


def test_optimize_leaves_callers_w_alone():
    w = W.copy()
    params, _, _ = optimize(w, B, X, Y, 10, 0.5)
    np.testing.assert_array_equal(w, W, err_msg="optimize modified the caller's w")
    assert not np.shares_memory(params["w"], w)
    assert not np.array_equal(params["w"], W), "10 steps should have moved w"


def test_fit_leaves_callers_X_and_Y_alone():
    X_in, Y_in = X.copy(), Y.copy()
    LogisticRegression().fit(X_in, Y_in, 10, 0.5)
    np.testing.assert_array_equal(X_in, X)
    np.testing.assert_array_equal(Y_in, Y)


# the checks themselves


def test_checks_return_float64():
    assert check_X(np.ones((2, 3), dtype=np.int32)).dtype == np.float64
    assert check_Y([1, 0, 1.0], 3).tolist() == [[1.0, 0.0, 1.0]]
    assert check_w([[1], [2]]).dtype == np.float64
    assert type(check_b(np.array([[3]]))) is float
    assert check_positive(np.float32(0.5), "lr") == 0.5


def test_check_X_copies_only_what_it_must():
    X64 = np.ones((3, 4))
    assert check_X(X64) is X64
    assert check_X(np.asfortranarray(X64)).flags.f_contiguous
    strided = np.ones((3, 8))[:, ::2]  # np.dot would copy it at every iteration
    got = check_X(strided)
    assert got.flags.c_contiguous and not np.shares_memory(got, strided)
    assert check_X(X64.astype(np.float32)).dtype == np.float64


def test_check_Y_hint_for_a_column():
    with pytest.raises(ValueError, match=r"reshape it with Y.reshape\(1, 4\)"):
        check_Y(np.zeros((4, 1)), 4)


# masked arrays: the mask would be dropped, the values under it used as data


def _masked(array):
    mask = np.zeros(np.shape(array), dtype=bool)
    mask.flat[0] = True
    return np.ma.masked_array(array, mask=mask)


MASKED_CALLS = {
    "propagate X": ("X", lambda: propagate(W, B, _masked(X), Y)),
    "propagate w": ("w", lambda: propagate(_masked(W), B, X, Y)),
    "propagate Y": ("Y", lambda: propagate(W, B, X, _masked(Y))),
    "fit X": ("X", lambda: LogisticRegression().fit(_masked(X), Y, 3, 0.1)),
    "fit Y": ("Y", lambda: LogisticRegression().fit(X, _masked(Y), 3, 0.1)),
    "model X_test": ("X_test", lambda: model(X, Y, _masked(X), Y, 3, 0.1)),
    "predict_prob": ("X", lambda: fitted().predict_prob(_masked(X))),
    "predict": ("X", lambda: predict(W, B, _masked(X))),
    "sigmoid": ("z", lambda: sigmoid(_masked(X))),
    "propagate_two_loops": ("X", lambda: propagate_two_loops(W, B, _masked(X), Y)),
    "images_to_columns": ("images", lambda: images_to_columns(_masked(np.zeros((1, 2, 2, 3))))),
}


@pytest.mark.parametrize("case", MASKED_CALLS)
def test_masked_arrays_are_refused(case):
    name, call = MASKED_CALLS[case]
    with pytest.raises(ValueError, match=rf"^{name} is a masked array; .* does not honour masks"):
        call()


def test_masked_sentinel_is_not_trained_on():
    # the case: a -999 sentinel under the mask must not become data
    X_bad = X.copy()
    X_bad[0, 0] = -999.0
    masked = np.ma.masked_equal(X_bad, -999.0)
    with pytest.raises(ValueError, match="masked array"):
        LogisticRegression().fit(masked, Y, 5, 0.1)


# any real number as a learning rate, in the package's words otherwise


@pytest.mark.parametrize("name", ["optimize", "model", "fit"])
def test_learning_rate_as_a_fraction(name):
    runs = {
        "optimize": lambda lr: optimize(W, B, X, Y, 5, lr)[0]["w"],
        "model": lambda lr: model(X, Y, X, Y, 5, lr)["w"],
        "fit": lambda lr: LogisticRegression().fit(X, Y, 5, lr).w_,
    }[name]
    np.testing.assert_array_equal(runs(Fraction(1, 10)), runs(0.1))


@pytest.mark.parametrize("learning_rate", [Fraction(-1, 10), Fraction(10**400, 1), 10**400])
def test_learning_rate_fraction_or_int_out_of_range(learning_rate):
    with pytest.raises(ValueError, match=r"learning_rate must be a finite number > 0, got "):
        LogisticRegression().fit(X, Y, 3, learning_rate)


# None where the labels go


@pytest.mark.parametrize("method", ["cost_function", "accuracy_score"])
def test_labels_none(method):
    with pytest.raises(ValueError, match=r"^Y must be an array of numbers, got None \(NoneType\)$"):
        getattr(fitted(), method)(X, None)

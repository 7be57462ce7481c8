"""The reference notes' LogisticRegression: its accuracies, fit, save and load."""

import warnings

import numpy as np
import pytest

from lr_utils import (
    LogisticRegression,
    NotFittedError,
    propagate,
)


@pytest.fixture
def small():
    """A small separable problem: the label is whether x_0 + x_1 > 0."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(2, 40))
    Y = (X[0] + X[1] > 0).astype(np.int64).reshape(1, -1)
    return X, Y


# reference_model: the weights of the reference run (2001 iterations at 0.005), trained once
# per session by `python -m lr_utils train --save`, whose printed run test_cli checks


def test_reference_accuracies_exactly(reference_model, cat_data):
    clf = reference_model
    X_train, y_train, X_test, y_test = cat_data
    train_acc = clf.accuracy_score(X_train, y_train)
    test_acc = clf.accuracy_score(X_test, y_test)
    assert train_acc == 0.9904306220095693, f"train {train_acc!r}, expected 0.9904306220095693"
    assert test_acc == 0.7, f"test {test_acc!r}, expected 0.7"


def test_reference_cost_after_the_last_update(reference_model, cat_data):
    # the CLI printed 0.135608 at iteration 2000, before its update; one step later, lower
    X_train, y_train = cat_data[0], cat_data[1]
    cost = reference_model.cost_function(X_train, y_train)
    assert cost == propagate(reference_model.w, reference_model.b, X_train, y_train)[1]
    assert f"{cost:.6f}" == "0.135557", f"cost {cost}"


def test_fit_returns_self(small):
    clf = LogisticRegression()
    assert clf.fit(*small, 3, 0.1) is clf


def test_costs_every_iteration_before_its_update(small):
    X, Y = small
    clf = LogisticRegression().fit(X, Y, 30, 0.1)
    assert len(clf.costs_) == 30, f"{len(clf.costs_)} costs, expected one per iteration"
    assert clf.costs_[0] == pytest.approx(np.log(2), rel=1e-14), "w = 0 costs log 2"
    assert all(type(cost) is float for cost in clf.costs_)
    # the fitted weights are one update past the last recorded cost
    assert clf.cost_function(X, Y) == propagate(clf.w, clf.b, X, Y)[1]
    assert clf.cost_function(X, Y) < clf.costs_[-1]


def test_learned_weights(reference_model):
    clf = reference_model
    assert clf.w_.shape == (12288, 1) and clf.w_.dtype == np.float64
    assert type(clf.b_) is float
    assert clf.w is clf.w_ and clf.b == clf.b_


@pytest.mark.parametrize("threshold", [0.0, 0.3, 0.5, 0.9, 1.0])
def test_predict_is_probability_above_threshold(reference_model, cat_data, threshold):
    clf = reference_model
    X_test = cat_data[2]
    got = clf.predict(X_test, threshold)
    assert got.shape == (1, 50)
    assert np.issubdtype(got.dtype, np.integer), f"dtype {got.dtype}, expected integers"
    assert set(np.unique(got)) <= {0, 1}
    np.testing.assert_array_equal(got, clf.predict_prob(X_test) > threshold)


def test_predict_prob_in_unit_interval(reference_model, cat_data):
    prob = reference_model.predict_prob(cat_data[2])
    assert prob.shape == (1, 50) and prob.dtype == np.float64
    assert ((prob >= 0) & (prob <= 1)).all()


def test_small_separable_problem(small):
    X, Y = small
    clf = LogisticRegression().fit(X, Y, 500, 0.5)
    assert clf.accuracy_score(X, Y) == 1.0
    assert clf.w_[0, 0] > 0 and clf.w_[1, 0] > 0, f"w {clf.w_.ravel()}"


def test_huge_learning_rate_saturates_without_warnings(small):
    X, Y = small
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        clf = LogisticRegression().fit(X, Y, 30, 1e5)
        cost = clf.cost_function(X, Y)
        prob = clf.predict_prob(X)
    assert np.isfinite(clf.costs_).all() and np.isfinite(cost), f"costs {clf.costs_[:5]}"
    assert ((prob == 0.0) | (prob == 1.0)).any(), "some prediction should have saturated"
    assert np.abs(clf.w_).max() > 1e4, f"w {clf.w_.ravel()}"


def test_rank1_Y_gives_the_same_fit(small):
    X, Y = small
    a = LogisticRegression().fit(X, Y, 50, 0.1)
    b = LogisticRegression().fit(X, Y.ravel(), 50, 0.1)
    np.testing.assert_array_equal(a.w_, b.w_)
    assert a.b_ == b.b_ and a.costs_ == b.costs_
    assert a.accuracy_score(X, Y.ravel()) == a.accuracy_score(X, Y)


def test_fit_silent_without_print_cost(small, capsys):
    LogisticRegression().fit(*small, 20, 0.1)
    assert capsys.readouterr().out == ""


def test_fit_zero_iterations_leaves_zeros(small):
    clf = LogisticRegression().fit(*small, 0, 0.1)
    assert not clf.w_.any() and clf.b_ == 0.0 and clf.costs_ == []


def test_save_load_round_trip(reference_model, cat_data, tmp_path):
    clf = reference_model
    path = tmp_path / "model.npz"
    assert clf.save(path) == path
    assert [p.name for p in tmp_path.iterdir()] == ["model.npz"], "a temporary file was left"
    loaded = LogisticRegression.load(path)
    np.testing.assert_array_equal(loaded.w_, clf.w_)
    assert loaded.b_ == clf.b_
    X_test = cat_data[2]
    np.testing.assert_array_equal(loaded.predict_prob(X_test), clf.predict_prob(X_test))
    assert loaded.accuracy_score(X_test, cat_data[3]) == 0.7


def test_save_before_fit_raises(tmp_path):
    with pytest.raises(ValueError, match="not fitted"):
        LogisticRegression().save(tmp_path / "model.npz")
    assert list(tmp_path.iterdir()) == []


def test_unfitted_model_has_no_weights():
    clf = LogisticRegression()
    assert not hasattr(clf, "w") and not hasattr(clf, "b")
    assert getattr(clf, "w", None) is None
    with pytest.raises(NotFittedError) as info:
        clf.predict_prob(np.zeros((2, 1)))
    assert isinstance(info.value, ValueError) and isinstance(info.value, AttributeError)
    assert "not fitted yet: call fit(X, Y, ...) or load(path)" in str(info.value)


def test_every_damaged_model_file_is_a_one_line_value_error(damaged_models):
    problems = []
    for label, path in damaged_models.items():
        try:
            LogisticRegression.load(path)
        except ValueError as error:
            message = str(error)
            if "\n" in message or str(path) not in message or "save" not in message:
                problems.append(f"{label}: {message!r}")
        except Exception as error:  # what else escapes is what this test is about
            problems.append(f"{label}: {type(error).__name__}: {error}")
        else:
            problems.append(f"{label}: loaded without complaint")
    assert not problems, "\n".join(problems)


def test_load_a_folder(tmp_path):
    with pytest.raises(ValueError, match=r"cannot read the model file .*: "):
        LogisticRegression.load(tmp_path)


def test_load_text_file(tmp_path):
    path = tmp_path / "model.npz"
    path.write_text("w = 1, b = 2\n")
    with pytest.raises(ValueError, match="not a saved model"):
        LogisticRegression.load(path)


def test_load_empty_file(tmp_path):
    path = tmp_path / "model.npz"
    path.write_bytes(b"")
    with pytest.raises(ValueError, match="not a saved model"):
        LogisticRegression.load(path)


def test_load_npz_without_keys(tmp_path):
    path = tmp_path / "model.npz"
    np.savez(path, weights=np.zeros((3, 1)))
    with pytest.raises(ValueError, match=r"has \['weights'\], not w and b"):
        LogisticRegression.load(path)


def test_load_npy_not_npz(tmp_path):
    path = tmp_path / "model.npy"
    np.save(path, np.zeros((3, 1)))
    with pytest.raises(ValueError, match="not a saved model"):
        LogisticRegression.load(path)


def test_load_wrong_shapes(tmp_path):
    path = tmp_path / "model.npz"
    np.savez(path, w=np.zeros(3), b=np.float64(0))
    with pytest.raises(ValueError, match=r"holds no usable weights \(w has shape \(3,\)"):
        LogisticRegression.load(path)


def test_load_nan_weights(tmp_path):
    path = tmp_path / "model.npz"
    np.savez(path, w=np.full((3, 1), np.nan), b=np.float64(0))
    with pytest.raises(ValueError, match="NaN or inf"):
        LogisticRegression.load(path)


def test_load_missing_file(tmp_path):
    path = tmp_path / "nowhere.npz"
    with pytest.raises(ValueError, match=r"cannot read the model file .*nowhere\.npz"):
        LogisticRegression.load(path)


# load gives back what save stored


@pytest.mark.parametrize("solver", ["gradient", "gram"])
def test_load_gives_back_solver_and_costs(small, tmp_path, solver):
    X, Y = small
    clf = LogisticRegression(solver=solver).fit(X, Y, 25, 0.3)
    loaded = LogisticRegression.load(clf.save(tmp_path / "model.npz"))
    assert loaded.solver == solver
    assert loaded.costs_ == clf.costs_ and len(loaded.costs_) == 25
    assert all(type(cost) is float for cost in loaded.costs_)
    np.testing.assert_array_equal(loaded.w_, clf.w_)
    assert loaded.b_ == clf.b_


def test_load_a_file_holding_only_w_and_b(tmp_path):
    # what save wrote before it stored the costs and the solver
    path = tmp_path / "model.npz"
    np.savez(path, w=np.ones((3, 1)), b=np.float64(0.5))
    loaded = LogisticRegression.load(path)
    assert loaded.solver == "gradient" and loaded.costs_ == []
    assert loaded.b_ == 0.5


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"solver": np.str_("sgd")}, r"holds an unknown solver \(.*sgd.*\), not one of"),
        ({"solver": np.float64(1)}, "holds an unknown solver"),
        ({"costs": np.array([0.5, np.nan])}, "holds costs that are not a list of finite numbers"),
        ({"costs": np.ones((2, 2))}, "holds costs that are not a list of finite numbers"),
        ({"costs": np.array(["a"])}, "holds costs that are not a list of finite numbers"),
    ],
)
def test_load_refuses_bad_costs_or_solver_in_one_line(tmp_path, extra, message):
    path = tmp_path / "model.npz"
    np.savez(path, w=np.ones((3, 1)), b=np.float64(0.5), **extra)
    with pytest.raises(ValueError, match=message) as info:
        LogisticRegression.load(path)
    assert "\n" not in str(info.value) and str(path) in str(info.value)


# predict_proba: scikit-learn's two columns


def test_predict_proba_is_scikit_learns_two_columns(reference_model, cat_data):
    X_test = cat_data[2]
    proba = reference_model.predict_proba(X_test)
    prob = reference_model.predict_prob(X_test)
    assert proba.shape == (50, 2) and proba.dtype == np.float64
    np.testing.assert_array_equal(proba[:, 1], prob[0])
    np.testing.assert_array_equal(proba[:, 0], 1.0 - prob[0])
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=0, atol=1e-15)
    # the most probable class is predict's label, as in scikit-learn
    np.testing.assert_array_equal(proba.argmax(axis=1), reference_model.predict(X_test)[0])


def test_predict_proba_checks_X(small):
    clf = LogisticRegression().fit(*small, 5, 0.1)
    with pytest.raises(ValueError, match=r"X has shape \(3, 4\), expected \(2, m\)"):
        clf.predict_proba(np.zeros((3, 4)))


# the Gram solver on an X whose Gram matrix overflows


def test_gram_solver_on_an_overflowing_gram_matrix_says_so():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(3, 8)) * 1e160  # finite, but X.T X is not
    Y = (X[0] > 0).astype(np.int64).reshape(1, -1)
    gradient = LogisticRegression().fit(X, Y, 50, 1e-320)  # trains, with a rate to match X
    assert np.isfinite(gradient.costs_).all()
    clf = LogisticRegression(solver="gram")
    with pytest.raises(ValueError) as info:
        clf.fit(X, Y, 50, 1e-320)
    message = str(info.value)
    assert type(info.value) is ValueError, "not a DivergenceError: the rate is not the problem"
    assert "Gram matrix X.T X is not finite" in message
    assert "solver='gradient'" in message and "scale X" in message
    assert "learning rate" not in message and "\n" not in message
    assert not hasattr(clf, "w_")

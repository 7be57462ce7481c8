"""The course's functions give the course's documented values, and the course's own
assignment code runs unchanged against lr_utils.

The course printed scalars with Python 2's str(), 12 significant digits, and arrays
with numpy's 8 decimals; the checks below compare at exactly that precision.
"""

import re

import numpy as np
import pytest

from lr_utils import (
    initialize_with_zeros,
    model,
    optimize,
    predict,
    propagate,
    sigmoid,
)

W = np.array([[1.0], [2.0]])
B = 2.0
X = np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]])
Y = np.array([[1, 0, 1]])

# the course's table of costs for model(..., num_iterations=2000, learning_rate=0.005)
COURSE_COSTS = [
    "0.693147", "0.584508", "0.466949", "0.376007", "0.331463",
    "0.303273", "0.279880", "0.260042", "0.242941", "0.228004",
    "0.214820", "0.203078", "0.192544", "0.183033", "0.174399",
    "0.166521", "0.159305", "0.152667", "0.146542", "0.140872",
]  # fmt: skip


def printed(x):
    return f"{x:.12g}"


def assert_array_prints_as(got, expected):
    np.testing.assert_allclose(got, expected, rtol=0, atol=5e-9)


def test_sigmoid():
    assert_array_prints_as(sigmoid(np.array([0, 2])), [0.5, 0.88079708])


def test_initialize_with_zeros():
    w, b = initialize_with_zeros(2)
    assert w.shape == (2, 1) and w.dtype == np.float64, f"got {w.shape} {w.dtype}"
    assert not w.any()
    assert b == 0.0 and type(b) is float, f"b {b!r}"


def test_propagate():
    grads, cost = propagate(W, B, X, Y)
    assert set(grads) == {"dw", "db"}
    assert grads["dw"].shape == (2, 1)
    assert_array_prints_as(grads["dw"], [[0.99845601], [2.39507239]])
    assert printed(grads["db"]) == "0.00145557813678", f"db {grads['db']!r}"
    assert cost == 5.801545319394553, f"cost {cost!r}, expected 5.801545319394553"


def test_optimize():
    w_before = W.copy()
    params, grads, costs = optimize(W, B, X, Y, num_iterations=100, learning_rate=0.009)
    assert_array_prints_as(params["w"], [[0.19033591], [0.12259159]])
    assert printed(params["b"]) == "1.92535983008", f"b {params['b']!r}"
    assert_array_prints_as(grads["dw"], [[0.67752042], [1.41625495]])
    assert printed(grads["db"]) == "0.219194504541", f"db {grads['db']!r}"
    assert [printed(c) for c in costs] == ["5.80154531939"], f"costs {costs}"
    np.testing.assert_array_equal(W, w_before, err_msg="optimize modified the caller's w")


def test_optimize_records_every_100(capsys):
    _, _, costs = optimize(W, B, X, Y, num_iterations=301, learning_rate=0.009, print_cost=True)
    assert len(costs) == 4, f"{len(costs)} costs, expected iterations 0, 100, 200, 300"
    lines = [
        f"Cost after iteration {i}: {c:.6f}" for i, c in zip((0, 100, 200, 300), costs, strict=True)
    ]
    assert capsys.readouterr().out.splitlines() == lines
    assert costs[0] == propagate(W, B, X, Y)[1]
    assert costs == sorted(costs, reverse=True), f"costs should fall: {costs}"


def test_optimize_silent_by_default(capsys):
    optimize(W, B, X, Y, num_iterations=200, learning_rate=0.009)
    assert capsys.readouterr().out == ""


def test_predict():
    w = np.array([[0.1124579], [0.23106775]])
    X_new = np.array([[1.0, -1.1, -3.2], [1.2, 2.0, 0.1]])
    got = predict(w, -0.3, X_new)
    np.testing.assert_array_equal(got, [[1.0, 1.0, 0.0]])
    assert got.shape == (1, 3)


def test_predict_threshold_is_strictly_above_half():
    # w = 0, b = 0: every probability is exactly 0.5, which is not > 0.5
    np.testing.assert_array_equal(predict(np.zeros((2, 1)), 0.0, X), [[0.0, 0.0, 0.0]])


def test_model_costs_match_the_course_table(course_run):
    d, _ = course_run
    assert [f"{c:.6f}" for c in d["costs"]] == COURSE_COSTS


def test_model_prints_the_course_output(course_run):
    _, out = course_run
    lines = out.splitlines()
    costs = [f"Cost after iteration {100 * i}: {c}" for i, c in enumerate(COURSE_COSTS)]
    assert lines[:-2] == costs
    assert lines[-2:] == ["train accuracy: 99.04306220095694 %", "test accuracy: 70.0 %"]


def test_model_returns_the_course_dict(course_run, cat_data):
    d, _ = course_run
    expected_keys = {
        "costs",
        "Y_prediction_test",
        "Y_prediction_train",
        "w",
        "b",
        "learning_rate",
        "num_iterations",
    }
    assert set(d) == expected_keys
    assert d["learning_rate"] == 0.005 and d["num_iterations"] == 2000
    assert d["w"].shape == (64 * 64 * 3, 1) and type(d["b"]) is float
    train_y, test_y = cat_data[1], cat_data[3]
    assert d["Y_prediction_train"].shape == (1, 209)
    assert d["Y_prediction_test"].shape == (1, 50)
    assert set(np.unique(d["Y_prediction_test"])) <= {0.0, 1.0}
    assert np.mean(d["Y_prediction_train"] == train_y) == pytest.approx(207 / 209)
    assert np.mean(d["Y_prediction_test"] == test_y) == pytest.approx(0.7)


def test_model_predictions_are_predict_with_its_weights(course_run, cat_data):
    d, _ = course_run
    X_test = cat_data[2]
    np.testing.assert_array_equal(d["Y_prediction_test"], predict(d["w"], d["b"], X_test))


def test_model_silent_without_print_cost(capsys):
    d = model(X, Y, X, Y, num_iterations=10, learning_rate=0.01)
    assert capsys.readouterr().out == ""
    assert len(d["costs"]) == 1


# the course's own assignment code, run unchanged against lr_utils (see tests/course/)

COURSE_DATA_LINES = """\
y = [1], it's a 'cat' picture.
Number of training examples: m_train = 209
Number of testing examples: m_test = 50
Height/Width of each image: num_px = 64
Each image is of size: (64, 64, 3)
train_set_x shape: (209, 64, 64, 3)
train_set_y shape: (1, 209)
test_set_x shape: (50, 64, 64, 3)
test_set_y shape: (1, 50)
train_set_x_flatten shape: (12288, 209)
train_set_y shape: (1, 209)
test_set_x_flatten shape: (12288, 50)
test_set_y shape: (1, 50)
sanity check after reshaping: [17 31 56 22 33]
""".splitlines()

# the course's printed values (Python 2: 12 significant digits), in the order printed
COURSE_VALUES = [
    ("sigmoid([0, 2])", [0.5, 0.88079708]),
    ("w", [0.0, 0.0]),
    ("b", [0.0]),
    ("dw", [0.99845601, 2.39507239]),
    ("db", [0.00145557813678]),
    ("cost", [5.801545319394553]),
    ("w", [0.19033591, 0.12259159]),
    ("b", [1.92535983008]),
    ("dw", [0.67752042, 1.41625495]),
    ("db", [0.219194504541]),
    ("predictions", [1.0, 1.0, 0.0]),
]


def course_output(course_assignment_run):
    result = course_assignment_run
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return result.stdout


def test_course_data_exploration_runs_unchanged(course_assignment_run):
    # load_dataset as the course's: the class names are bytes, so .decode("utf-8") works
    lines = course_output(course_assignment_run).splitlines()
    assert lines[: len(COURSE_DATA_LINES)] == COURSE_DATA_LINES


def test_course_graded_functions_print_the_course_values(course_assignment_run):
    text = course_output(course_assignment_run)
    start = text.index("sigmoid([0, 2]) = ")
    end = text.index("Cost after iteration 0:")
    # "name = numbers", a value spread over lines for a column vector
    found = re.findall(r"^(.+?) = (.*?)(?=^\S.* = |\Z)", text[start:end], re.M | re.S)
    assert [name for name, _ in found] == [name for name, _ in COURSE_VALUES]
    for (name, printed), (_, expected) in zip(found, COURSE_VALUES, strict=True):
        got = [float(x) for x in re.findall(r"-?\d+\.?\d*(?:e-?\d+)?", printed)]
        np.testing.assert_allclose(got, expected, rtol=0, atol=5e-9, err_msg=name)


def test_course_model_prints_the_course_run(course_assignment_run):
    lines = course_output(course_assignment_run).splitlines()
    start = lines.index("Cost after iteration 0: 0.693147")
    costs = [f"Cost after iteration {100 * i}: {c}" for i, c in enumerate(COURSE_COSTS)]
    assert lines[start : start + 20] == costs
    assert lines[start + 20 :] == [
        "train accuracy: 99.04306220095694 %",
        "test accuracy: 70.0 %",
        'y = 1, you predicted that it is a "cat" picture.',
        'y = 1.0, your algorithm predicts a "cat" picture.',
    ]

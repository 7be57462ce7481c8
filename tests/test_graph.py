"""The scalar computation graph: forward values, chain-rule gradients and the drawing."""

import math
import re
import sys

import matplotlib.pyplot as plt
import numpy as np
import pytest

from lr_utils import propagate
from lr_utils.graph import Value, draw_graph, loss, numerical_gradient


def lecture_graph():
    """J = 3(a + bc) with a = 5, b = 3, c = 2, the lecture's example."""
    a, b, c = Value(5, name="a"), Value(3, name="b"), Value(2, name="c")
    u = b * c
    v = a + u
    J = 3 * v
    return a, b, c, u, v, J


def lr_forward(x1, x2, w1, w2, b, y):
    """Logistic regression on one example, in plain floats: the numerical oracle."""
    z = w1 * x1 + w2 * x2 + b
    a = 1.0 / (1.0 + math.exp(-z))
    return -(y * math.log(a) + (1 - y) * math.log(1 - a))


def lr_graph(x1, x2, w1, w2, b, y):
    nodes = {
        name: Value(x, name=name)
        for name, x in [("x1", x1), ("x2", x2), ("w1", w1), ("w2", w2), ("b", b)]
    }
    z = nodes["w1"] * nodes["x1"] + nodes["w2"] * nodes["x2"] + nodes["b"]
    a = z.sigmoid()
    return nodes, z, a, loss(a, y)


def test_lecture_example_forward_values():
    _, _, _, u, v, J = lecture_graph()
    assert (u.data, v.data, J.data) == (6.0, 11.0, 33.0)


def test_lecture_example_gradients():
    a, b, c, u, v, J = lecture_graph()
    J.backward()
    assert J.grad == 1.0
    assert (v.grad, a.grad, u.grad, b.grad, c.grad) == (3.0, 3.0, 3.0, 6.0, 9.0)


@pytest.mark.parametrize(
    "point",
    [
        {"x1": 1.0, "x2": 2.0, "w1": 0.5, "w2": -0.3, "b": 0.1, "y": 1},
        {"x1": -1.5, "x2": 0.7, "w1": 0.2, "w2": 1.1, "b": -0.4, "y": 0},
    ],
)
def test_logistic_regression_matches_analytic_and_numerical(point):
    nodes, z, a, L = lr_graph(**point)
    L.backward()
    assert L.data == pytest.approx(lr_forward(**point), rel=1e-12)
    y = point["y"]
    dz = a.data - y
    assert a.grad == pytest.approx(-y / a.data + (1 - y) / (1 - a.data), rel=1e-12)
    assert z.grad == pytest.approx(dz, rel=1e-12)
    assert nodes["w1"].grad == pytest.approx(point["x1"] * dz, rel=1e-12)
    assert nodes["w2"].grad == pytest.approx(point["x2"] * dz, rel=1e-12)
    assert nodes["b"].grad == pytest.approx(dz, rel=1e-12)
    inputs = {k: v for k, v in point.items() if k != "y"}
    numeric = numerical_gradient(lambda **kw: lr_forward(**kw, y=y), inputs)
    assert set(numeric) == {"x1", "x2", "w1", "w2", "b"}
    for name, value in numeric.items():
        assert nodes[name].grad == pytest.approx(value, abs=1e-8)


def test_numerical_gradient_of_a_known_function():
    grads = numerical_gradient(lambda x, y: x**3 + 2 * y, {"x": 2.0, "y": -1.0})
    assert grads["x"] == pytest.approx(12.0, abs=1e-6)
    assert grads["y"] == pytest.approx(2.0, abs=1e-6)


def test_value_used_twice_accumulates_gradient():
    x = Value(3.0)
    y = x * x
    y.backward()
    assert y.data == 9.0
    assert x.grad == 6.0  # 2x: one contribution from each use
    s = x + x * 4
    s.backward()
    assert x.grad == 5.0


def test_backward_twice_resets_instead_of_doubling():
    a, b, c, _, _, J = lecture_graph()
    J.backward()
    J.backward()
    assert (a.grad, b.grad, c.grad) == (3.0, 6.0, 9.0)


def test_plain_numbers_on_either_side():
    x = Value(2.0)
    assert (x + 1).data == (1 + x).data == 3.0
    assert (x * 4).data == (4 * x).data == 8.0
    y = 4 * x + 1
    y.backward()
    assert x.grad == 4.0


def test_local_derivative_of_sigmoid():
    z = Value(0.3)
    a = z.sigmoid()
    a.backward()
    assert z.grad == pytest.approx(a.data * (1 - a.data), rel=1e-12)


@pytest.mark.parametrize("z", [-1000.0, -710.0, 710.0, 1000.0, -1e308, 1e308])
def test_sigmoid_of_extreme_values_is_finite(z):
    a = Value(z).sigmoid()
    assert a.data == pytest.approx(0.0 if z < 0 else 1.0, abs=1e-300), f"sigmoid({z}) = {a.data}"
    a.backward()
    assert a.parents[0].grad == pytest.approx(0.0, abs=1e-300)  # a (1 - a), saturated


def test_sigmoid_matches_the_formula_where_it_does_not_overflow():
    for z in (-30.0, -2.5, 0.0, 0.3, 30.0):
        assert Value(z).sigmoid().data == pytest.approx(1 / (1 + math.exp(-z)), rel=1e-15)


def test_backward_through_a_chain_longer_than_the_recursion_limit():
    n = sys.getrecursionlimit() + 200
    x = Value(1.0, name="x")
    y = x
    for _ in range(n):
        y = y * 1.0 + 0.0  # two nodes per step, each with a constant parent
    y.backward()
    assert x.grad == 1.0, f"dy/dx {x.grad}, expected 1"
    order = y.topological_order()
    assert len(order) == 1 + 4 * n  # x, then per step: a constant, *, a constant, +
    position = {id(node): i for i, node in enumerate(order)}
    assert all(position[id(p)] < position[id(node)] for node in order for p in node.parents)


def test_topological_order_puts_each_node_after_its_parents():
    *_, J = lecture_graph()
    order = J.topological_order()
    assert order[-1] is J and len(order) == 7
    position = {id(node): i for i, node in enumerate(order)}
    for node in order:
        for parent in node.parents:
            assert position[id(parent)] < position[id(node)]


@pytest.mark.parametrize("bad", ["five", "2", None, [1.0, 2.0], True, 1 + 2j])
def test_value_rejects_non_numbers(bad):
    with pytest.raises(ValueError, match=re.escape(f"data must be a real number, got {bad!r}")):
        Value(bad)


def test_operators_refuse_other_types():
    with pytest.raises(TypeError):
        Value(1.0) + "1"


def test_loss_rejects_bad_arguments():
    with pytest.raises(ValueError, match="between 0 and 1"):
        loss(Value(1.0), 1)
    with pytest.raises(ValueError, match="between 0 and 1"):
        loss(0.5, 1)
    with pytest.raises(ValueError, match="y must be 0 or 1"):
        loss(Value(0.5), 2)
    with pytest.raises(ValueError, match="y must be 0 or 1, got True"):
        loss(Value(0.5), True)


def test_draw_graph_one_box_per_node_and_one_label_per_edge():
    *_, J = lecture_graph()
    J.backward()
    fig, ax = plt.subplots(figsize=(8, 3.5))
    try:
        assert draw_graph(J, ax=ax) is ax
        fig.canvas.draw()  # arrows anchored on boxes must resolve at draw time
        boxes = [t for t in ax.texts if t.get_bbox_patch() is not None]
        assert len(boxes) == 7  # a, b, c, u, v, the constant 3, J
        assert sum("data 33\ngrad 1" in t.get_text() for t in boxes) == 1
        assert sum("c\ndata 2\ngrad 9" in t.get_text() for t in boxes) == 1
        labels = sorted(t.get_text() for t in ax.texts if t.get_text() in {"+", "*"})
        assert labels == ["*", "*", "*", "*", "+", "+"]
    finally:
        plt.close(fig)
    assert not plt.fignum_exists(fig.number)


def test_draw_graph_makes_its_own_axes():
    x = Value(3.0, name="x")
    y = x * x
    y.backward()
    ax = draw_graph(y)
    try:
        boxes = [t for t in ax.texts if t.get_bbox_patch() is not None]
        assert len(boxes) == 2  # x appears once even though it is used twice
    finally:
        plt.close(ax.figure)


# the loss of a sigmoid node, stable as the rest of the package


def exact_sigmoid(t):
    return 1.0 / (1.0 + math.exp(-t)) if t >= 0 else math.exp(t) / (1.0 + math.exp(t))


@pytest.mark.parametrize("z", [0.4, -3.0, 36.0, 40.0, -40.0, 300.0, -300.0, 700.0, -700.0])
@pytest.mark.parametrize("y", [0, 1])
def test_loss_of_a_sigmoid_node_is_propagates_cost_for_any_z(z, y):
    z_node = Value(z, name="z")
    L = loss(z_node.sigmoid(), y)
    L.backward()
    # the package's own numbers on this one example: the cost, and dz = a - y (its db)
    grads, cost = propagate(np.array([[z]]), 0.0, np.array([[1.0]]), np.array([[y]]))
    assert L.data == pytest.approx(cost, rel=1e-14, abs=0), f"L {L.data}, propagate {cost}"
    # (a - y rounds to 0 in propagate where a rounds to 1; the graph keeps the 1e-18)
    assert z_node.grad == pytest.approx(grads["db"], rel=1e-12, abs=1e-16), (
        f"dz {z_node.grad}, propagate's {grads['db']}"
    )
    if abs(z) >= 40:  # a is exactly 0 or 1: the loss is taken from z, exactly
        t = -z if y == 1 else z
        assert L.data == pytest.approx(max(t, 0.0) + math.log1p(math.exp(-abs(t))), rel=1e-14)
        dz = -exact_sigmoid(-z) if y == 1 else exact_sigmoid(z)
        assert z_node.grad == pytest.approx(dz, rel=1e-12, abs=0), f"dz {z_node.grad} vs {dz}"


def test_loss_at_z_40_is_the_cost_propagate_gives():
    # the case: a rounds to exactly 1.0 at z = 40, where propagate's cost is 4.2e-18
    a = Value(40.0).sigmoid()
    assert a.data == 1.0
    cost = propagate(np.array([[40.0]]), 0.0, np.array([[1.0]]), np.array([[1]]))[1]
    assert cost == pytest.approx(4.248354255291589e-18, rel=1e-14)
    assert loss(a, 1).data == pytest.approx(cost, rel=1e-14)


def test_sigmoid_slope_is_exact_where_a_rounds_to_1():
    a = Value(40.0).sigmoid()
    (slope,) = a.local_grads
    assert slope == pytest.approx(math.exp(-40.0), rel=1e-12), f"slope {slope}, not a(1 - a) = 0"


@pytest.mark.parametrize(
    ("z", "y"), [(800.0, 0), (-800.0, 1), (720.0, 0), (-720.0, 1), (-745.5, 1)]
)
def test_loss_refuses_a_derivative_beyond_floats_in_one_line(z, y):
    with pytest.raises(ValueError, match=r"dL/da .* is larger than any float.*propagate") as info:
        loss(Value(z).sigmoid(), y)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(("z", "y"), [(800.0, 1), (-800.0, 0)])
def test_loss_of_a_confident_right_answer_far_out(z, y):
    z_node = Value(z)
    L = loss(z_node.sigmoid(), y)
    L.backward()
    assert L.data == 0.0 and z_node.grad == 0.0  # e^-800 is below the smallest float

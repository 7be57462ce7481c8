"""A tiny scalar computation graph: forward values, backward by the chain rule, a drawing.

Each `Value` keeps its parents and the local derivative of itself with respect to each
parent, computed during the forward pass. `backward()` then walks the graph from the
output back to the inputs and applies the chain rule: parent.grad += local * node.grad.
"""

import math
import numbers

from .loops import scalar_sigmoid, softplus

__all__ = ["Value", "draw_graph", "loss", "numerical_gradient"]


class Value:
    """One scalar node of a computation graph.

    Parameters
    ----------
    data : float, the value computed in the forward pass
    parents : tuple of Value, the nodes this one was computed from
    local_grads : tuple of float, d(this node) / d(parent) for each parent
    op : str, label of the operation that made this node ("" for an input)
    name : str, optional name shown in drawings (such as "w1" or "z")
    """

    def __init__(self, data, parents=(), local_grads=(), op="", name=""):
        if not _is_real(data):
            raise ValueError(f"data must be a real number, got {data!r}")
        self.data = float(data)
        if len(parents) != len(local_grads):
            raise ValueError(
                f"expected one local derivative per parent, got {len(local_grads)} "
                f"for {len(parents)} parents"
            )
        self.grad = 0.0
        self.parents = tuple(parents)
        self.local_grads = tuple(float(g) for g in local_grads)
        self.op = op
        self.name = name

    def __repr__(self):
        name = f"name={self.name!r}, " if self.name else ""
        return f"Value({name}data={self.data:.6g}, grad={self.grad:.6g})"

    def __add__(self, other):
        other = _as_value(other)
        if other is NotImplemented:
            return other
        return Value(self.data + other.data, (self, other), (1.0, 1.0), "+")

    def __mul__(self, other):
        other = _as_value(other)
        if other is NotImplemented:
            return other
        return Value(self.data * other.data, (self, other), (other.data, self.data), "*")

    __radd__ = __add__
    __rmul__ = __mul__

    def sigmoid(self):
        """Return a = sigmoid(self) = 1 / (1 + exp(-self)); its local derivative is a (1 - a).

        Where a rounds to exactly 1 (z above about 37), 1 - a is 0 but the slope is not:
        there 1 - a is taken as sigmoid(-z), so that the slope stays exact.
        """
        z = self.data
        a = scalar_sigmoid(z)
        slope = a * (1.0 - a) if a < 1.0 else a * scalar_sigmoid(-z)
        return Value(a, (self,), (slope,), "sigmoid")

    def backward(self):
        """Fill `.grad` of every node with d(self) / d(node).

        Every grad in the graph is first reset to 0 (and self.grad set to 1), so calling
        backward() twice gives the same gradients, not twice as much. A node used more
        than once receives the sum of the gradients along every path (chain rule).
        """
        order = self.topological_order()
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            for parent, local in zip(node.parents, node.local_grads, strict=True):
                parent.grad += local * node.grad

    def topological_order(self):
        """Return every node of the graph ending here, each after all of its parents.

        A depth-first walk with an explicit stack, so that a graph of any depth works
        (a recursive one stops at Python's recursion limit, about 1000 nodes deep).
        """
        order, seen = [], {id(self)}
        stack = [(self, iter(self.parents))]
        while stack:
            node, parents = stack[-1]
            for parent in parents:
                if id(parent) not in seen:
                    seen.add(id(parent))
                    stack.append((parent, iter(parent.parents)))
                    break
            else:  # every parent is placed: the node comes next
                stack.pop()
                order.append(node)
        return order


def _is_real(x):
    # numbers are numbers: bool, str and complex are refused, as everywhere in lr_utils
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


def _as_value(x):
    if isinstance(x, Value):
        return x
    if _is_real(x):
        return Value(x, name=f"{x:g}")
    return NotImplemented


def loss(a, y):
    """The loss on one example, L(a, y) = -(y log a + (1 - y) log(1 - a)), as one node.

    Its local derivative is da = dL/da = -y / a + (1 - y) / (1 - a).

    Where a is a sigmoid node, a = sigmoid(z), whose value rounded to exactly 0 or 1
    (|z| above about 37), a log is -inf; there, as propagate does, the loss is taken from
    z: -log a = log(1 + exp(-z)), -log(1 - a) = log(1 + exp(z)), finite for any z, and
    1 - a is taken as sigmoid(-z), as in Value.sigmoid's slope. So L and the gradients
    are propagate's cost and gradients for any z, but one: for a confidently wrong
    prediction beyond |z| = 709, da = exp(|z|) is larger than any float, and loss refuses
    (propagate computes that cost and dz = a - y directly).

    Parameters
    ----------
    a : Value, the prediction: a sigmoid node, or any node strictly between 0 and 1
    y : 0 or 1, the label (a plain number, not a node: nothing is learned about it)
    """
    if not _is_real(y) or y not in (0, 1):
        raise ValueError(f"y must be 0 or 1, got {y!r}")
    if not isinstance(a, Value):
        raise ValueError(f"a must be a Value strictly between 0 and 1, got {a!r}")
    p = a.data
    if 0.0 < p < 1.0:
        L = -(y * math.log(p) + (1 - y) * math.log(1.0 - p))
        wrong = p if y == 1 else 1.0 - p  # the probability given to the wrong label
    elif a.op == "sigmoid" and len(a.parents) == 1:  # saturated: from z
        z = a.parents[0].data
        L = softplus(-z) if y == 1 else softplus(z)
        wrong = p if y == 1 else scalar_sigmoid(-z)
    else:
        raise ValueError(f"a must be a Value strictly between 0 and 1, got {a!r}")
    da = (-1.0 if y == 1 else 1.0) / wrong if wrong > 0.0 else math.inf
    if not math.isfinite(da):
        raise ValueError(
            f"loss: a = {p:g} with label y = {y:g}: dL/da = "
            f"{'-1 / a' if y == 1 else '1 / (1 - a)'} is larger than any float (a confidently "
            f"wrong prediction, |z| > 709 for a sigmoid), so the graph cannot carry it back "
            f"through a; the loss itself is {L:g}: lr_utils.propagate computes it and "
            f"dz = a - y directly"
        )
    return Value(L, (a,), (da,), "loss")


def numerical_gradient(f, inputs, eps=1e-6):
    """Centred differences (f(x + eps) - f(x - eps)) / (2 eps) for each named input.

    Parameters
    ----------
    f : callable taking keyword arguments (floats) and returning a float
    inputs : dict of name -> float, the point at which to differentiate
    eps : float, the step

    Returns
    -------
    dict of name -> float, the approximate partial derivative of f for each input
    """
    grads = {}
    for name, x in inputs.items():
        plus = f(**{**inputs, name: x + eps})
        minus = f(**{**inputs, name: x - eps})
        grads[name] = (plus - minus) / (2.0 * eps)
    return grads


def _fmt(x):
    return f"{round(x, 4) + 0.0:.4g}"  # + 0.0 turns -0.0 into 0.0


def draw_graph(root, ax=None):
    """Draw the graph ending at `root` left to right, with each node's value and grad.

    Inputs sit on the left and `root` on the right; each node is a box reading its
    name, data and grad, and each edge an arrow labelled with the op of the node it
    feeds. Only matplotlib is used.

    Returns
    -------
    ax : matplotlib Axes
    """
    order = root.topological_order()
    # steps to the root along the longest path: a node sits one column left of its
    # leftmost child, so every arrow points right
    steps = {id(root): 0}
    for node in reversed(order):
        for parent in node.parents:
            steps[id(parent)] = max(steps.get(id(parent), 0), steps[id(node)] + 1)
    depth = max(steps.values())
    columns = [[] for _ in range(depth + 1)]
    for node in order:
        columns[depth - steps[id(node)]].append(node)
    tallest = max(len(c) for c in columns)
    if ax is None:
        import matplotlib.pyplot as plt  # here, so that importing lr_utils stays quick

        fig, ax = plt.subplots(figsize=(2.2 * (depth + 1), 1.1 * tallest + 0.5))
        fig.subplots_adjust(left=0.02, right=0.98, bottom=0.02, top=0.9)

    # place columns right to left, each node near the mean height of its children
    pos = {id(root): (depth, 0.0)}
    children = {}
    for node in order:
        for parent in node.parents:
            children.setdefault(id(parent), []).append(node)
    for col in range(depth - 1, -1, -1):
        nodes = columns[col]
        target = [sum(pos[id(c)][1] for c in children[id(n)]) / len(children[id(n)]) for n in nodes]
        ranked = sorted(range(len(nodes)), key=lambda i: -target[i])
        centre = sum(target) / len(target)
        for rank, i in enumerate(ranked):
            pos[id(nodes[i])] = (col, centre + (len(nodes) - 1) / 2 - rank)

    ys = [y for _, y in pos.values()]
    ax.set_xlim(-0.6, depth + 0.6)
    ax.set_ylim(min(ys) - 0.7, max(ys) + 0.7)
    ax.axis("off")
    boxes = {}
    for node in order:
        label = f"{node.name}\n" if node.name else ""
        label += f"data {_fmt(node.data)}\ngrad {_fmt(node.grad)}"
        boxes[id(node)] = ax.text(
            *pos[id(node)], label, ha="center", va="center", fontsize=9,
            bbox={"boxstyle": "round,pad=0.4", "fc": "#eef3fb", "ec": "#34598c"},
        )  # fmt: skip
    # box edges in data coordinates, to put each op label halfway along its arrow
    renderer = ax.figure.canvas.get_renderer()
    to_data = ax.transData.inverted()
    edges = {}
    for key, box in boxes.items():
        (left, _), (right, _) = to_data.transform(box.get_window_extent(renderer).corners()[::3])
        edges[key] = (left, right)
    drawn = set()
    for node in order:
        for parent in node.parents:
            if (id(parent), id(node)) in drawn:
                continue  # x * x: one arrow is enough
            drawn.add((id(parent), id(node)))
            ax.annotate(
                "", xy=(0.0, 0.5), xycoords=boxes[id(node)],
                xytext=(1.0, 0.5), textcoords=boxes[id(parent)],
                arrowprops={"arrowstyle": "->", "color": "#555555", "shrinkA": 5, "shrinkB": 5},
            )  # fmt: skip
            x = (edges[id(parent)][1] + edges[id(node)][0]) / 2
            y = (pos[id(parent)][1] + pos[id(node)][1]) / 2
            ax.annotate(
                node.op, (x, y), xytext=(0, 3), textcoords="offset points",
                ha="center", va="bottom", fontsize=9, color="#8a3b12",
            )  # fmt: skip
    return ax

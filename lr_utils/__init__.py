"""Logistic regression as a one-neuron neural network, in the course's vocabulary.

Orientation is the course's throughout: X is (n_x, m), one example per column,
and Y is (1, m).

Public: the names below, and the modules ``lr_utils.graph`` (a scalar computation graph),
``lr_utils.plotting`` (pictures; it imports matplotlib, so it is not imported here) and
``lr_utils.checks`` (the checks of the exercise edition: ``checks.propagate(propagate)``;
imported on demand, ``from lr_utils import checks``).
"""

from .course import initialize_with_zeros, model, optimize, predict, propagate
from .data import DatasetError, fetch_dataset, load_dataset
from .estimator import LogisticRegression, NotFittedError
from .graph import Value, draw_graph
from .images import images_to_columns, load_image, predict_image
from .loops import dot_loop, propagate_one_loop, propagate_two_loops
from .propagation import (
    DivergenceError,
    backward,
    cross_entropy,
    forward,
    gradient_descent,
    gram_gradient_descent,
    output_gradients,
    propagate_unchecked,
    sigmoid,
)
from .timing import best_time

__all__ = [
    "DatasetError",
    "DivergenceError",
    "LogisticRegression",
    "NotFittedError",
    "Value",
    "backward",
    "best_time",
    "cross_entropy",
    "dot_loop",
    "draw_graph",
    "fetch_dataset",
    "forward",
    "gradient_descent",
    "gram_gradient_descent",
    "images_to_columns",
    "initialize_with_zeros",
    "load_dataset",
    "load_image",
    "model",
    "optimize",
    "output_gradients",
    "predict",
    "predict_image",
    "propagate",
    "propagate_one_loop",
    "propagate_two_loops",
    "propagate_unchecked",
    "sigmoid",
]

"""Logistic regression as a one-neuron neural network, in the course's vocabulary.

Orientation is the course's throughout: X is (n_x, m), one example per column,
and Y is (1, m).
"""

from .course import initialize_with_zeros, model, optimize, predict, propagate
from .data import DatasetError, fetch_dataset, load_dataset
from .estimator import LogisticRegression
from .graph import Value, draw_graph
from .images import images_to_columns, load_image, predict_image
from .loops import dot_loop, propagate_one_loop, propagate_two_loops
from .propagation import sigmoid
from .timing import best_time

__all__ = [
    "DatasetError",
    "LogisticRegression",
    "Value",
    "best_time",
    "dot_loop",
    "draw_graph",
    "fetch_dataset",
    "images_to_columns",
    "initialize_with_zeros",
    "load_dataset",
    "load_image",
    "model",
    "optimize",
    "predict",
    "predict_image",
    "propagate",
    "propagate_one_loop",
    "propagate_two_loops",
    "sigmoid",
]

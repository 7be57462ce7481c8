"""Logistic regression as a one-neuron neural network, in the course's vocabulary.

Orientation is the course's throughout: X is (n_x, m), one example per column,
and Y is (1, m).
"""

from .course import initialize_with_zeros, model, optimize, predict, propagate
from .data import DatasetError, fetch_dataset, load_dataset
from .estimator import LogisticRegression
from .images import images_to_columns, load_image, predict_image
from .propagation import sigmoid

__all__ = [
    "DatasetError",
    "LogisticRegression",
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
    "sigmoid",
]

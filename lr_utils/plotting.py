"""Pictures the notebooks and the CLI share: image grids, learning curves, weights.

Every function draws on an Axes (a new figure when none is given) and returns it,
so that a notebook cell can end with plt.show() and print nothing else.
"""

import matplotlib.pyplot as plt
import numpy as np


def _axes(ax, figsize=(6, 4)):
    return ax if ax is not None else plt.subplots(figsize=figsize)[1]


def plot_costs(costs, ax=None, learning_rate=None, every=1, label=None):
    """Plot a learning curve: costs[k] is the cost at iteration k * every."""
    ax = _axes(ax)
    iterations = np.arange(len(costs)) * every
    ax.plot(iterations, costs, label=label)
    ax.set_xlabel("iteration")
    ax.set_ylabel("cost")
    if learning_rate is not None:
        ax.set_title(f"Learning rate = {learning_rate}")
    return ax

"""Pictures the notebooks and the CLI share: image grids, learning curves, weights.

Every function draws on an Axes (a new figure when none is given) and returns it,
or returns the Figure it made, so that a notebook cell can end with plt.show().
"""

import math

import matplotlib.pyplot as plt
import numpy as np

from .images import check_images
from .validation import as_real_array, check_count

__all__ = ["plot_costs", "plot_learning_curves", "plot_weights", "show_images", "weights_to_image"]


def _axes(ax, figsize=(6, 4)):
    return ax if ax is not None else plt.subplots(figsize=figsize)[1]


def _check_costs(costs, name="costs"):
    costs = as_real_array(costs, name, what="a 1-D sequence of numbers")
    if costs.ndim != 1:
        raise ValueError(f"{name} must be a 1-D sequence of costs, got shape {costs.shape}")
    return costs


def plot_costs(costs, ax=None, learning_rate=None, every=1, label=None):
    """Plot a learning curve: costs[k] is the cost at iteration k * every.

    Parameters
    ----------
    costs : sequence of float, shape (k,)
    ax : matplotlib Axes, optional; a new (6, 4) figure when None
    learning_rate : float, optional; shown as the title
    every : int, the number of iterations between two recorded costs
    label : str, optional; the line's legend label

    Returns
    -------
    ax : the Axes drawn on, holding one more line
    """
    costs = _check_costs(costs)
    every = check_count(every, "every", minimum=1)
    ax = _axes(ax)
    iterations = np.arange(len(costs)) * every
    ax.plot(iterations, costs, label=label)
    ax.set_xlabel("iteration")
    ax.set_ylabel("cost")
    if learning_rate is not None:
        ax.set_title(f"Learning rate = {learning_rate}")
    return ax


def plot_learning_curves(curves, every=1, ax=None, title=None):
    """Plot several learning curves on one Axes, one line and legend entry per run.

    Parameters
    ----------
    curves : dict {label: costs}, each costs a sequence of shape (k,)
    every : int, the number of iterations between two recorded costs (the same for all)
    ax : matplotlib Axes, optional; a new (6, 4) figure when None
    title : str, optional

    Returns
    -------
    ax : the Axes, with len(curves) lines and a legend
    """
    if not isinstance(curves, dict) or not curves:
        raise ValueError(
            f"curves must be a non-empty dict {{label: costs}}, got {type(curves).__name__}"
        )
    for label, costs in curves.items():
        _check_costs(costs, f"costs for {label!r}")
    ax = _axes(ax)
    for label, costs in curves.items():
        plot_costs(costs, ax=ax, every=every, label=str(label))
    ax.legend()
    if title is not None:
        ax.set_title(title)
    return ax


def show_images(images, labels=None, classes=None, ncols=5, titles=None, figsize=None):
    """Show images in a grid, each titled with its label's class name or its own title.

    Parameters
    ----------
    images : array_like (m, px, px, 3), uint8 in [0, 255] or float in [0, 1]
    labels : array_like of m 0/1 labels, shape (m,) or (1, m), optional
    classes : sequence of class names indexed by label, str or bytes, e.g. the
        [b"non-cat", b"cat"] of load_dataset; without it, the label itself is the title
    ncols : int, images per row
    titles : sequence of m str, optional; used instead of the labels
    figsize : (width, height), optional; default (2 * ncols, 2.2 * nrows)

    Returns
    -------
    fig : a new Figure with m Axes, one image each, in row-major order
    """
    images = check_images(images)
    m = images.shape[0]
    ncols = check_count(ncols, "ncols", minimum=1)
    if titles is None and labels is not None:
        labels = np.asarray(labels).reshape(-1)
        if labels.size != m:
            raise ValueError(f"labels has {labels.size} entries, expected one per image ({m})")
        if classes is not None:
            if not np.isin(labels, np.arange(len(classes))).all():
                raise ValueError(f"labels must index classes (0 to {len(classes) - 1})")
            titles = [_text(classes[int(y)]) for y in labels]
        else:
            titles = [str(y) for y in labels]
    if titles is not None and len(titles) != m:
        raise ValueError(f"titles has {len(titles)} entries, expected one per image ({m})")
    ncols = min(int(ncols), m)
    nrows = math.ceil(m / ncols)
    fig = plt.figure(figsize=figsize or (2 * ncols, 2.2 * nrows))
    for i in range(m):
        ax = fig.add_subplot(nrows, ncols, i + 1)
        ax.imshow(images[i], interpolation="nearest")  # the true pixels, and small PNGs
        ax.axis("off")
        if titles is not None:
            ax.set_title(titles[i], fontsize=9)
    fig.tight_layout()
    return fig


def _text(name):
    return name.decode("utf-8") if isinstance(name, bytes) else str(name)


def weights_to_image(w, num_px=64):
    """Rescale the weights w (3 * num_px * num_px, 1) to [0, 1] as a (num_px, num_px, 3) image.

    The smallest weight becomes 0 (black) and the largest 1; pixels are laid out as
    images_to_columns flattens them. Constant weights (an untrained model) give grey 0.5.
    """
    w = as_real_array(w, "w")
    n_x = 3 * num_px * num_px
    if w.ndim > 2 or (w.ndim == 2 and w.shape[1] != 1) or w.size != n_x:
        raise ValueError(
            f"w has shape {w.shape}, expected ({n_x}, 1): 3 * num_px * num_px for num_px = {num_px}"
        )
    if not np.isfinite(w).all():
        raise ValueError("w contains NaN or inf; expected only finite numbers")
    low, high = w.min(), w.max()
    scaled = (w - low) / (high - low) if high > low else np.full_like(w, 0.5)
    return scaled.reshape(num_px, num_px, 3)


def plot_weights(w, num_px=64, ax=None):
    """Show the learned weights w (3 * num_px * num_px, 1) as a (num_px, num_px, 3) image.

    Each weight is rescaled to [0, 1] by weights_to_image: bright where a high pixel
    value pushes towards "cat", dark where it pushes towards "non-cat".

    Returns
    -------
    ax : the Axes (a new (4, 4) figure when None) holding one image
    """
    image = weights_to_image(w, num_px)
    ax = _axes(ax, figsize=(4, 4))
    ax.imshow(image, interpolation="nearest")
    ax.axis("off")
    ax.set_title("weights w as an image")
    return ax

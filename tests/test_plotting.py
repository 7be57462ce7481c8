import matplotlib.pyplot as plt
import numpy as np
import pytest

from lr_utils import images_to_columns
from lr_utils.plotting import (
    plot_costs,
    plot_learning_curves,
    plot_weights,
    show_images,
    weights_to_image,
)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# the widest figure that fits beside JupyterLab's file browser in a 1280-px window
MAX_WIDTH_PX = 1000


def pixels(fig):
    """(width, height) of a figure in pixels, as the inline backend draws it."""
    width, height = fig.get_size_inches() * fig.dpi
    return width, height


def images(m, px=4, seed=0):
    return np.random.default_rng(seed).integers(0, 256, (m, px, px, 3), dtype=np.uint8)


def test_plot_costs_draws_one_line_at_every_kth_iteration():
    ax = plot_costs([0.7, 0.5, 0.4], every=100, learning_rate=0.005, label="run")
    (line,) = ax.get_lines()
    np.testing.assert_array_equal(line.get_xdata(), [0, 100, 200])
    np.testing.assert_array_equal(line.get_ydata(), [0.7, 0.5, 0.4])
    assert ax.get_title() == "Learning rate = 0.005"
    assert line.get_label() == "run"
    width, height = pixels(ax.figure)
    assert height < width <= MAX_WIDTH_PX  # a landscape plot that fits the notebook


def test_plot_costs_draws_on_the_given_axes():
    _, ax = plt.subplots()
    assert plot_costs([1.0], ax=ax) is ax


def test_plot_costs_of_zero_iterations_draws_an_empty_line():
    (line,) = plot_costs([]).get_lines()  # what `train --iterations 0 --plot` records
    assert len(line.get_xdata()) == 0


@pytest.mark.parametrize(
    ("costs", "every"),
    [
        (0.5, 1),
        ([[0.5, 0.4]], 1),
        ([0.5], 0),
        ([0.5], 2.5),
        ([0.5], True),
        (["0.5", "0.4"], 1),
        ([True, False], 1),
        ([0.5 + 1j], 1),
    ],
)
def test_plot_costs_refuses_bad_input(costs, every):
    with pytest.raises(ValueError, match=r"costs|every"):
        plot_costs(costs, every=every)


def test_plot_learning_curves_draws_one_labelled_line_per_run():
    curves = {"0.01": [0.7, 0.3], "0.001": [0.7, 0.5, 0.45], "0.0001": [0.7, 0.69]}
    ax = plot_learning_curves(curves, every=100, title="lr")
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == list(curves)
    for line, costs in zip(lines, curves.values(), strict=True):
        np.testing.assert_array_equal(line.get_ydata(), costs)
        np.testing.assert_array_equal(line.get_xdata(), np.arange(len(costs)) * 100)
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == list(curves)
    assert ax.get_title() == "lr"


@pytest.mark.parametrize("curves", [{}, [[0.5, 0.4]], {"a": [[0.5, 0.4]]}])
def test_plot_learning_curves_refuses_bad_input(curves):
    with pytest.raises(ValueError, match=r"curves|costs"):
        plot_learning_curves(curves)


def test_show_images_titles_each_image_with_its_class_name():
    x = images(7)
    fig = show_images(x, np.array([[0, 1, 1, 0, 1, 0, 0]]), ["non-cat", "cat"], ncols=3)
    assert len(fig.axes) == 7
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["non-cat", "cat", "cat", "non-cat", "cat", "non-cat", "non-cat"]
    for ax, image in zip(fig.axes, x, strict=True):
        (drawn,) = ax.get_images()
        np.testing.assert_array_equal(drawn.get_array(), image)
    # 3 columns, 3 rows
    assert fig.axes[2].get_subplotspec().colspan.start == 2
    assert fig.axes[3].get_subplotspec().rowspan.start == 1
    # it fits the notebook, and each image has a square-ish cell (with room for its title)
    width, height = pixels(fig)
    assert width <= MAX_WIDTH_PX
    assert 1 <= (height / 3) / (width / 3) <= 1.25


def test_show_images_decodes_the_byte_class_names_of_load_dataset():
    fig = show_images(images(2), [[1, 0]], np.array([b"non-cat", b"cat"]))
    assert [ax.get_title() for ax in fig.axes] == ["cat", "non-cat"]


def test_show_images_uses_titles_over_labels_and_the_label_without_classes():
    fig = show_images(images(2), labels=[0, 1], titles=["p = 0.9", "p = 0.1"])
    assert [ax.get_title() for ax in fig.axes] == ["p = 0.9", "p = 0.1"]
    fig = show_images(images(2), labels=[0, 1])
    assert [ax.get_title() for ax in fig.axes] == ["0", "1"]


def test_show_images_with_fewer_images_than_columns_uses_one_row():
    fig = show_images(images(2), ncols=5)
    assert len(fig.axes) == 2
    # as tall as a row of five, as wide as two of its images
    width, height = pixels(fig)
    full_width, full_height = pixels(show_images(images(5), ncols=5))
    assert height == pytest.approx(full_height)
    assert width == pytest.approx(full_width * 2 / 5)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"images": np.zeros((4, 4, 3))}, "shape"),
        ({"images": np.zeros((2, 4, 4))}, "shape"),
        ({"images": np.zeros((0, 4, 4, 3))}, "shape"),
        ({"images": images(2), "labels": [0, 1, 1]}, "labels"),
        ({"images": images(2), "labels": [0, 2], "classes": ["non-cat", "cat"]}, "classes"),
        ({"images": images(2), "titles": ["a"]}, "titles"),
        ({"images": images(2), "ncols": 0}, "ncols"),
        ({"images": np.full((1, 4, 4, 3), 200.0)}, r"float images must hold values in \[0, 1\]"),
        ({"images": np.full((1, 4, 4, 3), 300)}, "pixels must be whole numbers from 0 to 255"),
        ({"images": np.full((1, 4, 4, 3), "1")}, "images must be .* str values"),
    ],
)
def test_show_images_refuses_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        show_images(**kwargs)


def test_weights_to_image_rescales_to_0_1_in_the_flattening_order():
    x = images(1, px=3)
    w = images_to_columns(x) * 4 - 1  # a linear map of the pixels: rescaling undoes it
    image = weights_to_image(w, num_px=3)
    assert image.shape == (3, 3, 3)
    assert image.min() == 0
    assert image.max() == 1
    low, high = x.min(), x.max()
    np.testing.assert_allclose(image, (x[0] - low) / (high - low))


def test_weights_to_image_gives_grey_for_constant_weights():
    np.testing.assert_array_equal(weights_to_image(np.zeros((12, 1)), num_px=2), 0.5)


def test_plot_weights_shows_the_rescaled_weights():
    w = np.random.default_rng(1).normal(size=(3 * 64 * 64, 1))
    ax = plot_weights(w)
    (drawn,) = ax.get_images()
    np.testing.assert_array_equal(drawn.get_array(), weights_to_image(w))
    assert drawn.get_array().shape == (64, 64, 3)
    width, height = pixels(ax.figure)
    assert width == height <= MAX_WIDTH_PX  # a square image


@pytest.mark.parametrize(
    ("w", "num_px"),
    [(np.zeros((12287, 1)), 64), (np.zeros((12, 2)), 2), (np.zeros((2, 2, 3)), 2)],
)
def test_plot_weights_refuses_weights_of_the_wrong_size(w, num_px):
    with pytest.raises(ValueError, match=r"expected \(\d+, 1\)"):
        plot_weights(w, num_px=num_px)


@pytest.mark.parametrize("kind", [str, bool, complex])
def test_weights_to_image_refuses_what_is_not_real_numbers(kind):
    with pytest.raises(ValueError, match=rf"w must be an array of numbers, got .*{kind.__name__}"):
        weights_to_image(np.ones((12, 1)).astype(kind), num_px=2)


def test_plot_weights_refuses_non_finite_weights():
    w = np.zeros((12, 1))
    w[3] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        plot_weights(w, num_px=2)

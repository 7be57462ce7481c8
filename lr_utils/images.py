"""Images to columns: the course's flatten-and-scale, and reading a photo."""

import math
import os
import warnings
from collections.abc import Mapping

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from .estimator import LogisticRegression
from .propagation import forward
from .validation import as_real, check_b, check_count, check_w


def images_to_columns(images):
    """Flatten (m, px, px, 3) images into columns (px * px * 3, m) scaled to [0, 1], float64.

    Each column is one image with values in [0, 1]: pixels stored as whole numbers
    (uint8, 0 to 255, as load_dataset and load_image return them) are divided by 255;
    float images are taken as already scaled and must lie in [0, 1]. Anything else
    (values out of range, bool, str, complex) is refused.
    """
    images = check_images(images)
    if images.shape[1] != images.shape[2]:
        raise ValueError(
            f"images must have shape (m, px, px, 3), square RGB images stacked along the "
            f"first axis; got {images.shape}"
        )
    columns = images.reshape(images.shape[0], -1).T
    if images.dtype.kind == "f":
        return columns.astype(np.float64)  # a copy, as the division makes one below
    return columns / 255


def check_images(images, name="images"):
    """Return images as an (m, h, w, 3) ndarray of pixels, m >= 1, or raise ValueError.

    Pixels are whole numbers from 0 to 255 (any integer dtype) or floats in [0, 1], as
    matplotlib's imshow reads them. The array is not copied.
    """
    images = as_real(images, name, what="uint8 pixels from 0 to 255 or floats in [0, 1]")
    if images.ndim != 4 or images.shape[-1] != 3:
        raise ValueError(
            f"{name} must have shape (m, px, px, 3), RGB images stacked along the first "
            f"axis; got {images.shape} (for a single image use image[np.newaxis])"
        )
    if images.shape[0] == 0:
        raise ValueError(f"{name} has no examples: shape {images.shape}, expected m >= 1")
    if images.size == 0:
        raise ValueError(
            f"{name} have no pixels: shape {images.shape}, expected (m, px, px, 3) with px >= 1"
        )
    low, high = images.min(), images.max()
    if images.dtype.kind == "f":
        if not (low >= 0.0 and high <= 1.0):  # NaN fails both
            found = "NaN" if np.isnan(low) or np.isnan(high) else f"values from {low:g} to {high:g}"
            raise ValueError(
                f"float images must hold values in [0, 1] (pixels already divided by 255); "
                f"{name} has {found}: pass the uint8 pixels, or divide them by 255"
            )
    elif low < 0 or high > 255:
        raise ValueError(
            f"pixels must be whole numbers from 0 to 255; {name} has values from {low} to {high}"
        )
    return images


def load_image(path, num_px=64):
    """Read a JPEG, PNG or other image file as a uint8 (num_px, num_px, 3) RGB array.

    Any colour mode and orientation; a transparent area is laid on white. Any size up to
    Pillow's guard against decompression bombs, ``PIL.Image.MAX_IMAGE_PIXELS`` pixels
    (about 89 megapixels unless changed): a larger image is refused with a ValueError,
    before it is decoded.

    Parameters
    ----------
    path : str or os.PathLike, the image file (or a binary file object, such as io.BytesIO)
    num_px : int >= 1, the side of the square the image is resized to

    Raises
    ------
    TypeError if path is not a file name; ValueError, in one line naming the file, if the
    file is missing, unreadable, not an image, or too large.
    """
    if not (isinstance(path, (str, os.PathLike)) or hasattr(path, "read")):
        raise TypeError(
            f"path must be the name of an image file (a str or a pathlib.Path) or a binary "
            f"file object, got {path!r} ({type(path).__name__})"
        )
    num_px = check_count(num_px, "num_px", minimum=1)
    try:
        with warnings.catch_warnings():  # Pillow's bomb warning: the size is checked below
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(path)
        with img:
            _check_size(img.size, path)
            img = _to_rgba(ImageOps.exif_transpose(img))
    except FileNotFoundError:
        raise ValueError(f"no image file at {path}") from None
    except Image.DecompressionBombError:  # too large even to open
        raise ValueError(_too_large(path)) from None
    except (UnidentifiedImageError, OSError) as error:
        raise ValueError(f"cannot read {path} as an image: {error}") from None
    background = Image.new("RGBA", img.size, (255, 255, 255, 255))
    rgb = Image.alpha_composite(background, img).convert("RGB")
    rgb = rgb.resize((num_px, num_px), Image.Resampling.LANCZOS)
    return np.asarray(rgb, dtype=np.uint8)


def _check_size(size, path):
    limit = Image.MAX_IMAGE_PIXELS
    if limit and size[0] * size[1] > limit:
        raise ValueError(_too_large(path, size))


def _too_large(path, size=None):
    found = f" ({size[0]} x {size[1]} = {size[0] * size[1] / 1e6:.1f} megapixels)" if size else ""
    limit = Image.MAX_IMAGE_PIXELS
    return (
        f"{path} is too large an image{found}: load_image reads at most {limit:,} pixels "
        f"(Pillow's PIL.Image.MAX_IMAGE_PIXELS, a guard against decompression bombs); make a "
        f"smaller copy, or raise that limit if you trust the file"
    )


def _to_rgba(img):
    if img.mode.startswith("I"):
        # 16-bit grayscale: keep the top 8 bits; convert() would clip everything above 255
        gray = np.clip(np.asarray(img, dtype=np.int64) >> 8, 0, 255).astype(np.uint8)
        img = Image.fromarray(gray)
    return img.convert("RGBA")


def predict_image(model, path, *more):
    """Return the probability that the image file at path shows a cat, a float.

    Call it with what you have:

    - ``predict_image(clf, path)``: clf a fitted LogisticRegression;
    - ``predict_image(d, path)``: d the dict that the course's model() returns (its "w"
      and "b" are used), or any dict with keys "w" and "b";
    - ``predict_image((w, b), path)``, or ``predict_image(w, b, path)`` as the course's
      predict(w, b, X).

    The picture is read with load_image, resized to the px-by-px size the weights were
    trained on (w has 3 * px * px entries) and scaled as images_to_columns scales.

    Raises
    ------
    TypeError for a model of another kind; ValueError for weights that are not a column,
    an image that cannot be read.
    """
    if more:
        if len(more) != 1:
            raise TypeError(
                f"predict_image takes (model, path) or (w, b, path); got {2 + len(more)} arguments"
            )
        w, b, path = model, path, more[0]
    else:
        w, b = _weights(model)
    w, b = check_w(w), check_b(b)
    n_x = w.shape[0]
    num_px = math.isqrt(n_x // 3)
    if 3 * num_px * num_px != n_x:
        raise ValueError(
            f"the model has {n_x} weights; expected 3 * px * px for px-by-px RGB images "
            f"(12288 for the cat data's 64x64)"
        )
    X = images_to_columns(load_image(path, num_px)[np.newaxis])
    return float(forward(w, b, X)[1][0, 0])


def _weights(model):
    # (w, b) of a fitted LogisticRegression (anything with w and b), a dict, or a pair
    if isinstance(model, LogisticRegression):
        return model.w, model.b  # NotFittedError if it is not fitted
    if isinstance(model, Mapping):
        missing = [key for key in ("w", "b") if key not in model]
        if not missing:
            return model["w"], model["b"]
        found = f"a dict without {' and '.join(map(repr, missing))}"
    elif isinstance(model, (tuple, list)) and len(model) == 2:
        return model
    elif hasattr(model, "w") and hasattr(model, "b"):
        return model.w, model.b
    else:
        found = f"{type(model).__name__}"
    raise TypeError(
        f"predict_image needs a fitted LogisticRegression, the dict d that model() returns "
        f"(with 'w' and 'b'), or w and b; got {found}"
    )

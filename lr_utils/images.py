"""Images to columns: the course's flatten-and-standardize, and reading a photo."""

import math

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from .validation import as_real, check_count


def images_to_columns(images):
    """Flatten (m, px, px, 3) images into standardized columns (px * px * 3, m), float64.

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

    Any size, colour mode and orientation; a transparent area is laid on white.
    """
    num_px = check_count(num_px, "num_px", minimum=1)
    try:
        with Image.open(path) as img:
            img = _to_rgba(ImageOps.exif_transpose(img))
    except FileNotFoundError:
        raise ValueError(f"no image file at {path}") from None
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValueError(f"cannot read {path} as an image: {error}") from None
    background = Image.new("RGBA", img.size, (255, 255, 255, 255))
    rgb = Image.alpha_composite(background, img).convert("RGB")
    rgb = rgb.resize((num_px, num_px), Image.Resampling.LANCZOS)
    return np.asarray(rgb, dtype=np.uint8)


def _to_rgba(img):
    if img.mode.startswith("I"):
        # 16-bit grayscale: keep the top 8 bits; convert() would clip everything above 255
        gray = np.clip(np.asarray(img, dtype=np.int64) >> 8, 0, 255).astype(np.uint8)
        img = Image.fromarray(gray)
    return img.convert("RGBA")


def predict_image(model, path):
    """Return the model's probability that the image file at path shows a cat."""
    n_x = model.w.shape[0]
    num_px = math.isqrt(n_x // 3)
    if 3 * num_px * num_px != n_x:
        raise ValueError(
            f"the model has {n_x} weights; expected 3 * px * px for px-by-px RGB images "
            f"(12288 for the cat data's 64x64)"
        )
    X = images_to_columns(load_image(path, num_px)[np.newaxis])
    return float(model.predict_prob(X)[0, 0])

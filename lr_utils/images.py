"""Images to columns: the course's flatten-and-standardize, and reading a photo."""

import math

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError


def images_to_columns(images):
    """Flatten (m, px, px, 3) images into standardized columns (px * px * 3, m).

    Each column is one image, its pixels divided by 255 so that values lie in [0, 1].
    """
    images = np.asarray(images)
    if images.ndim != 4 or images.shape[-1] != 3:
        raise ValueError(
            f"images must have shape (m, px, px, 3), got {images.shape}; "
            f"for a single image use image[np.newaxis]"
        )
    return images.reshape(images.shape[0], -1).T / 255


def load_image(path, num_px=64):
    """Read a JPEG, PNG or other image file as a uint8 (num_px, num_px, 3) RGB array.

    Any size, colour mode and orientation; a transparent area is laid on white.
    """
    try:
        with Image.open(path) as img:
            img = ImageOps.exif_transpose(img)
            img = img.convert("RGBA")
    except FileNotFoundError:
        raise ValueError(f"no image file at {path}") from None
    except (UnidentifiedImageError, OSError) as error:
        raise ValueError(f"cannot read {path} as an image: {error}") from None
    background = Image.new("RGBA", img.size, (255, 255, 255, 255))
    rgb = Image.alpha_composite(background, img).convert("RGB")
    rgb = rgb.resize((num_px, num_px), Image.Resampling.LANCZOS)
    return np.asarray(rgb, dtype=np.uint8)


def predict_image(model, path):
    """Return the model's probability that the image file at path shows a cat."""
    n_x = model.w.shape[0]
    num_px = math.isqrt(n_x // 3)
    if 3 * num_px * num_px != n_x:
        raise ValueError(f"the model has {n_x} weights; expected 3 * px * px for px-by-px RGB")
    X = images_to_columns(load_image(path, num_px)[np.newaxis])
    return float(model.predict_prob(X)[0, 0])

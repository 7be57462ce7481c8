"""Images to columns: the course's flatten-and-standardize, and reading a photo."""

import math

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from .validation import check_count


def images_to_columns(images):
    """Flatten (m, px, px, 3) images into standardized columns (px * px * 3, m).

    Each column is one image, its pixels divided by 255 so that values lie in [0, 1].
    """
    images = np.asarray(images)
    if images.ndim != 4 or images.shape[-1] != 3 or images.shape[1] != images.shape[2]:
        raise ValueError(
            f"images must have shape (m, px, px, 3), square RGB images stacked along the "
            f"first axis; got {images.shape} (for a single image use image[np.newaxis])"
        )
    if images.shape[0] == 0:
        raise ValueError(f"images has no examples: shape {images.shape}, expected m >= 1")
    return images.reshape(images.shape[0], -1).T / 255


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

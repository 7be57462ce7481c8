"""Images to columns, reading image files of any kind, and predicting on one."""

import io
import math
import re
import struct
import warnings
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from lr_utils import (
    LogisticRegression,
    images_to_columns,
    load_image,
    model,
    predict_image,
    sigmoid,
)

WHITE = [255, 255, 255]


@pytest.fixture
def picture():
    """A 64x64 RGB picture with structure: a diagonal gradient, a red square, a blue bar."""
    rows, cols = np.mgrid[0:64, 0:64]
    image = np.stack([rows * 4, cols * 4, (rows + cols) * 2], axis=-1).astype(np.uint8)
    image[8:24, 8:24] = [220, 20, 20]
    image[40:48, :] = [10, 10, 200]
    return image


def test_images_to_columns_matches_a_loop():
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, size=(5, 4, 4, 3), dtype=np.uint8)
    X = images_to_columns(images)
    assert X.shape == (4 * 4 * 3, 5) and X.dtype == np.float64
    for j in range(5):
        column = [images[j, r, c, k] / 255 for r in range(4) for c in range(4) for k in range(3)]
        np.testing.assert_array_equal(X[:, j], column)
    assert X.min() >= 0.0 and X.max() <= 1.0


def test_images_to_columns_on_the_cat_data(cat_images):
    train_x, _, test_x, _, _ = cat_images
    X_train = images_to_columns(train_x)
    assert X_train.shape == (12288, 209)
    assert images_to_columns(test_x).shape == (12288, 50)
    # the reference notes' "sanity check after reshaping", before the division by 255
    np.testing.assert_array_equal(np.rint(X_train[0:5, 0] * 255), [17, 31, 56, 22, 33])
    np.testing.assert_array_equal(X_train[:, 208], train_x[208].reshape(-1) / 255)


@pytest.mark.parametrize("dtype", [np.uint8, np.int64, np.uint16, np.int32])
def test_images_to_columns_scales_whole_number_pixels(dtype):
    images = np.random.default_rng(1).integers(0, 256, size=(3, 2, 2, 3)).astype(dtype)
    X = images_to_columns(images)
    assert X.dtype == np.float64
    np.testing.assert_array_equal(X, images.reshape(3, -1).T / 255)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_images_to_columns_leaves_float_images_in_0_1_as_they_are(dtype):
    images = np.random.default_rng(2).random((3, 2, 2, 3)).astype(dtype)
    images[0, 0, 0] = [0.0, 1.0, 0.5]
    X = images_to_columns(images)
    assert X.dtype == np.float64
    np.testing.assert_array_equal(X, images.reshape(3, -1).T.astype(np.float64))
    # already in [0, 1]: a second pass changes nothing
    again = images_to_columns(X.T.reshape(images.shape))
    np.testing.assert_array_equal(again, X)


@pytest.mark.parametrize(
    ("images", "message"),
    [
        (np.full((1, 2, 2, 3), 254.0), r"values in \[0, 1\].*values from 254 to 254"),
        (np.full((1, 2, 2, 3), -0.5), r"values in \[0, 1\].*values from -0.5 to -0.5"),
        (np.full((1, 2, 2, 3), np.nan), r"float images must hold values in \[0, 1\].*has NaN"),
        (np.full((1, 2, 2, 3), 256), r"pixels must be whole numbers from 0 to 255.* 256 to 256"),
        (np.full((1, 2, 2, 3), -1, np.int16), r"whole numbers from 0 to 255.* -1 to -1"),
        (np.ones((1, 2, 2, 3), dtype=bool), r"images must be .*got ndarray of bool values"),
        (np.ones((1, 2, 2, 3), dtype=complex), r"images must be .*got ndarray of complex values"),
        (np.full((1, 2, 2, 3), "7"), r"images must be .*got ndarray of str values"),
    ],
)
def test_images_to_columns_refuses_what_cannot_be_pixels(images, message):
    with pytest.raises(ValueError, match=message):
        images_to_columns(images)


@pytest.mark.parametrize(
    "shape",
    [(64, 64, 3), (2, 64, 64), (2, 64, 64, 4), (2, 64, 32, 3), (0, 64, 64, 3), (1, 2, 64, 64, 3)],
)
def test_images_to_columns_refuses_bad_shapes(shape):
    with pytest.raises(ValueError, match=r"expected|must have shape") as info:
        images_to_columns(np.zeros(shape, dtype=np.uint8))
    assert str(shape) in str(info.value)


def test_images_to_columns_hints_at_a_single_image():
    with pytest.raises(ValueError, match=r"np\.newaxis"):
        images_to_columns(np.zeros((64, 64, 3), dtype=np.uint8))


def test_load_image_png_round_trip(tmp_path, picture):
    Image.fromarray(picture).save(tmp_path / "rgb.png")
    loaded = load_image(tmp_path / "rgb.png")
    assert loaded.dtype == np.uint8 and loaded.shape == (64, 64, 3)
    np.testing.assert_array_equal(loaded, picture)  # 64x64 RGB: nothing to change


def test_load_image_jpeg(tmp_path, picture):
    Image.fromarray(picture).save(tmp_path / "photo.jpg", quality=95)
    loaded = load_image(str(tmp_path / "photo.jpg"))
    assert loaded.dtype == np.uint8 and loaded.shape == (64, 64, 3)
    assert np.abs(loaded.astype(int) - picture).mean() < 4  # lossy, but the same picture


def test_load_image_grayscale(tmp_path, picture):
    gray = Image.fromarray(picture).convert("L")
    gray.save(tmp_path / "gray.png")
    loaded = load_image(tmp_path / "gray.png")
    assert loaded.shape == (64, 64, 3)
    for k in range(3):
        np.testing.assert_array_equal(loaded[..., k], np.asarray(gray))


def test_load_image_16_bit_grayscale_keeps_its_tones(tmp_path):
    levels = np.linspace(0, 65535, 64, dtype=np.uint16)
    image = np.tile(levels, (64, 1))
    Image.fromarray(image).save(tmp_path / "deep.png")
    loaded = load_image(tmp_path / "deep.png")
    np.testing.assert_array_equal(loaded[0, :, 0], levels >> 8)  # not clipped to white


def test_load_image_palette(tmp_path, picture):
    palette = Image.fromarray(picture).convert("P")
    palette.save(tmp_path / "palette.png")
    loaded = load_image(tmp_path / "palette.png")
    np.testing.assert_array_equal(loaded, np.asarray(palette.convert("RGB")))


def test_load_image_transparency_becomes_white(tmp_path, picture):
    alpha = np.full((64, 64), 255, np.uint8)
    alpha[:, :32] = 0
    Image.fromarray(np.dstack([picture, alpha])).save(tmp_path / "rgba.png")
    loaded = load_image(tmp_path / "rgba.png")
    assert (loaded[:, :32] == 255).all()
    np.testing.assert_array_equal(loaded[:, 32:], picture[:, 32:])

    gray_alpha = Image.fromarray(np.dstack([picture[..., 0], alpha]))  # mode LA
    gray_alpha.save(tmp_path / "la.png")
    assert (load_image(tmp_path / "la.png")[:, :32] == 255).all()

    palette = Image.new("P", (8, 8), 0)
    palette.putpalette([0, 0, 0, 200, 30, 30])
    palette.paste(1, (4, 0, 8, 8))
    palette.info["transparency"] = 0
    palette.save(tmp_path / "p_transparent.png")
    loaded = load_image(tmp_path / "p_transparent.png", num_px=8)
    assert loaded[0, 0].tolist() == WHITE
    assert loaded[0, 7].tolist() == [200, 30, 30]


def test_load_image_any_size(tmp_path, picture):
    big = Image.fromarray(picture).resize((500, 300))
    big.save(tmp_path / "big.png")
    loaded = load_image(tmp_path / "big.png")
    assert loaded.shape == (64, 64, 3) and loaded.dtype == np.uint8
    assert np.abs(loaded.astype(int) - picture).mean() < 8  # the same picture, resampled
    assert load_image(tmp_path / "big.png", num_px=16).shape == (16, 16, 3)


def test_load_image_follows_exif_orientation(tmp_path):
    image = np.zeros((32, 64, 3), np.uint8)
    image[:, 32:] = 255  # left half black, right half white
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90 degrees clockwise to display
    Image.fromarray(image).save(tmp_path / "phone.jpg", exif=exif, quality=95)
    loaded = load_image(tmp_path / "phone.jpg").mean(axis=2)
    # displayed upright, the white half is at the bottom
    assert loaded[:24].mean() < 20 and loaded[40:].mean() > 235


@pytest.mark.parametrize("num_px", [0, -3, 2.5, True])
def test_load_image_refuses_bad_num_px(tmp_path, picture, num_px):
    Image.fromarray(picture).save(tmp_path / "rgb.png")
    with pytest.raises(ValueError, match="num_px"):
        load_image(tmp_path / "rgb.png", num_px=num_px)


def test_load_image_errors(tmp_path, picture):
    with pytest.raises(ValueError, match=r"no image file at .*missing\.png"):
        load_image(tmp_path / "missing.png")
    (tmp_path / "notes.jpg").write_text("not an image\n")
    with pytest.raises(ValueError, match=r"cannot read .*notes\.jpg as an image"):
        load_image(tmp_path / "notes.jpg")
    Image.fromarray(picture).save(tmp_path / "whole.png")
    raw = (tmp_path / "whole.png").read_bytes()
    (tmp_path / "cut.png").write_bytes(raw[: len(raw) // 2])
    with pytest.raises(ValueError, match=r"cannot read .*cut\.png"):
        load_image(tmp_path / "cut.png")
    with pytest.raises(ValueError, match="cannot read"):
        load_image(tmp_path)  # a folder


def fitted(n_x, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.random((n_x, 6))
    return LogisticRegression().fit(X, [[0, 1, 0, 1, 1, 0]], 20, 0.1)


def test_predict_image_equals_predict_prob(tmp_path, picture):
    clf = fitted(64 * 64 * 3)
    Image.fromarray(picture).save(tmp_path / "rgb.png")
    expected = clf.predict_prob(images_to_columns(picture[np.newaxis]))[0, 0]
    p = predict_image(clf, tmp_path / "rgb.png")
    assert type(p) is float and 0.0 <= p <= 1.0
    assert p == pytest.approx(expected, abs=1e-12)


def test_predict_image_resizes_to_the_models_size(tmp_path, picture):
    clf = fitted(3 * 8 * 8)
    Image.fromarray(picture).save(tmp_path / "rgb.png")
    expected = clf.predict_prob(images_to_columns(load_image(tmp_path / "rgb.png", 8)[None]))
    assert predict_image(clf, tmp_path / "rgb.png") == pytest.approx(expected[0, 0], abs=1e-12)


@pytest.mark.parametrize("n_x", [5, 64 * 64, 64 * 64 * 3 + 3])
def test_predict_image_refuses_a_model_of_the_wrong_size(tmp_path, picture, n_x):
    Image.fromarray(picture).save(tmp_path / "rgb.png")
    with pytest.raises(ValueError, match=rf"{n_x} weights; expected 3 \* px \* px"):
        predict_image(fitted(n_x), tmp_path / "rgb.png")


# predict_image takes what a learner has: the course's d, w and b, or a fitted model


def course_d(n_x, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.random((n_x, 6))
    Y = [[0, 1, 0, 1, 1, 0]]
    return model(X, Y, X, Y, num_iterations=20, learning_rate=0.1)


def expected_probability(w, b, path):
    num_px = math.isqrt(w.shape[0] // 3)
    x = images_to_columns(load_image(path, num_px)[np.newaxis])
    return float(sigmoid(np.dot(w.T, x) + b)[0, 0])


def test_predict_image_takes_the_courses_d(tmp_path, picture):
    d = course_d(3 * 8 * 8)
    Image.fromarray(picture).save(tmp_path / "rgb.png")
    p = predict_image(d, tmp_path / "rgb.png")
    assert type(p) is float
    assert p == pytest.approx(expected_probability(d["w"], d["b"], tmp_path / "rgb.png"), abs=1e-15)


def test_predict_image_takes_w_and_b(tmp_path, picture):
    d = course_d(3 * 8 * 8, seed=1)
    path = tmp_path / "rgb.png"
    Image.fromarray(picture).save(path)
    expected = predict_image(d, path)
    assert predict_image(d["w"], d["b"], path) == expected  # as the course's predict(w, b, X)
    assert predict_image((d["w"], d["b"]), path) == expected
    assert predict_image([d["w"], d["b"]], path=path) == expected
    assert predict_image({"w": d["w"], "b": d["b"]}, path) == expected


def test_predict_image_gives_the_same_for_d_and_the_estimator(tmp_path, picture):
    clf = fitted(3 * 8 * 8)
    path = tmp_path / "rgb.png"
    Image.fromarray(picture).save(path)
    assert predict_image({"w": clf.w, "b": clf.b}, path) == predict_image(clf, path)


@pytest.mark.parametrize(
    ("args", "found"),
    [
        (("cat.png", None), "got str"),
        ((None, "cat.png"), "got NoneType"),
        (({"w": np.zeros((12, 1))}, "cat.png"), "got a dict without 'b'"),
        (({"weights": 1}, "cat.png"), "got a dict without 'w' and 'b'"),
        ((np.zeros((12, 1)), "cat.png"), "got ndarray"),
        ((np.zeros((12, 1)), 0.0, "cat.png", "dog.png"), "got 4 arguments"),
    ],
)
def test_predict_image_refuses_anything_else_in_one_line(args, found):
    with pytest.raises(TypeError) as info:
        predict_image(*args)
    message = str(info.value)
    assert found in message and "\n" not in message
    assert "predict_image" in message


def test_predict_image_with_an_unfitted_estimator(tmp_path, picture):
    with pytest.raises(ValueError, match="not fitted yet"):
        predict_image(LogisticRegression(), tmp_path / "rgb.png")


def test_predict_image_checks_w_and_b(tmp_path, picture):
    Image.fromarray(picture).save(tmp_path / "rgb.png")
    with pytest.raises(ValueError, match=r"w has shape \(192,\), a rank-1 array"):
        predict_image(np.zeros(192), 0.0, tmp_path / "rgb.png")
    with pytest.raises(ValueError, match="b must be a single number"):
        predict_image({"w": np.zeros((192, 1)), "b": [1.0, 2.0]}, tmp_path / "rgb.png")


# clear errors where Pillow's or NumPy's escaped


def test_images_without_pixels():
    with pytest.raises(ValueError, match=r"have no pixels: shape \(2, 0, 0, 3\)"):
        images_to_columns(np.zeros((2, 0, 0, 3)))


@pytest.mark.parametrize("path", [None, 12, 3.5, ["cat.png"]])
def test_load_image_of_what_is_not_a_file_name(path):
    with pytest.raises(TypeError, match=r"path must be the name of an image file") as info:
        load_image(path)
    assert f"got {path!r}" in str(info.value)


def test_load_image_from_a_file_object(tmp_path, picture):
    Image.fromarray(picture).save(tmp_path / "rgb.png")
    data = io.BytesIO((tmp_path / "rgb.png").read_bytes())
    np.testing.assert_array_equal(load_image(data), picture)


def png_header_only(path, width, height):
    """A 1-bit grayscale PNG claiming width x height, with an all-zero picture."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    rows = zlib.compressobj()
    row = bytes(1 + (width + 7) // 8)
    idat = b"".join(rows.compress(row) for _ in range(height)) + rows.flush()
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )
    return path


@pytest.mark.parametrize("side", [10_000, 20_000])  # 100 and 400 megapixels
def test_a_decompression_bomb_is_one_clear_line(tmp_path, side):
    path = png_header_only(tmp_path / "huge.png", side, side)
    assert path.stat().st_size < 200_000  # small on disk, huge once decoded
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # Pillow's DecompressionBombWarning must not show
        with pytest.raises(ValueError) as info:
            load_image(path)
    message = str(info.value)
    assert "\n" not in message and str(path) in message
    assert "too large" in message and f"{Image.MAX_IMAGE_PIXELS:,} pixels" in message
    assert "MAX_IMAGE_PIXELS" in message


def test_the_package_calls_dividing_by_255_scaling():
    # the lessons and the glossary: dividing by 255 scales the pixels into [0, 1]; it is not
    # standardizing (subtracting the mean, dividing by the standard deviation)
    import lr_utils.images

    source = Path(lr_utils.images.__file__).read_text()
    assert not re.search(r"standardi[sz]", source, re.IGNORECASE)
    assert "scaled to [0, 1]" in images_to_columns.__doc__

"""Golden outputs for Detect's image corruptions (detect test-robustness): the 15 benchmark corruptions of
bethgelab/imagecorruptions (the robustness benchmark of Michaelis et al., used by MMDetection's test_robustness.py).

Run with Debian's /usr/bin/python3 (python3-numpy, python3-opencv, python3-scipy 1.10, python3-skimage 0.19, python3-pil 9.4);
writes tests/golden/corruptions/corruptions_expected.json.

imagecorruptions itself cannot be installed here (no PyPI), so its per-severity parameters and formulas are restated
below, calling the same numpy / OpenCV / scipy.ndimage / skimage / Pillow functions it calls. Every random quantity is
drawn here (numpy RandomState, seeded) and stored next to the output, so Detect's tests feed the same draws to its
deterministic parts: Gaussian noise, Poisson counts, salt-and-pepper uniforms, glass-blur pixel offsets, motion and
snow angles, the snow layer, the fog fractal, the elastic displacement fields, and the frost layer (imagecorruptions
blends one of its frost photographs, which cannot be committed; here the layer is any fixed RGB texture - the blend is
what is checked). Each corruption is applied at one severity; the deterministic ones (defocus, zoom, brightness,
contrast, pixelate, jpeg) at all five, to check every parameter row. Images are uint8 H x W x 3, stored base64, as
imagecorruptions returns them (np.uint8 of the float result: truncated); random fields are float32 (drawn in float64
and rounded to float32 first), the fog fractal float32 as imagecorruptions makes it, Poisson counts uint8, offsets int8.
"""
import base64
import io
import json
import math
import os
import sys

import cv2
import numpy as np
import PIL
import scipy
import skimage
from PIL import Image
from scipy.ndimage import gaussian_filter, map_coordinates
from scipy.ndimage import zoom as scizoom
from skimage.filters import gaussian

HERE = os.path.dirname(os.path.abspath(__file__))
H, W = 32, 36


def b64(a):
    return base64.b64encode(np.ascontiguousarray(a).tobytes()).decode()


def f32(a):
    """Draws rounded to float32, so storing them as float32 loses nothing (the formulas still run in float64)."""
    return a.astype(np.float32).astype(np.float64)


def b64f(a):
    return b64(a.astype(np.float32))


def test_image():
    rng = np.random.RandomState(11)
    yy, xx = np.mgrid[0:H, 0:W]
    img = np.stack([40 + 5 * xx, 60 + 4 * yy, 200 - 3 * xx - 2 * yy], axis=-1).astype(np.float64)
    cv2.circle(img, (12, 14), 8, (230, 40, 60), -1)
    cv2.rectangle(img, (22, 4), (33, 20), (20, 200, 90), -1)
    img += rng.normal(0, 6, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


# ---- helpers, as in imagecorruptions ----
def disk(radius, alias_blur=0.1, dtype=np.float32):
    if radius <= 8:
        L = np.arange(-8, 8 + 1)
        ksize = (3, 3)
    else:
        L = np.arange(-radius, radius + 1)
        ksize = (5, 5)
    X, Y = np.meshgrid(L, L)
    aliased_disk = np.array((X ** 2 + Y ** 2) <= radius ** 2, dtype=dtype)
    aliased_disk /= np.sum(aliased_disk)
    return cv2.GaussianBlur(aliased_disk, ksize=ksize, sigmaX=alias_blur)


def plasma_fractal(uniforms, mapsize=256, wibbledecay=3):
    """Diamond-square; `uniforms(shape)` replaces np.random.uniform(-1, 1, shape) scaled by wibble (see wibbledmean)."""
    maparray = np.empty((mapsize, mapsize), dtype=np.float32)
    maparray[0, 0] = 0
    stepsize = mapsize
    wibble = 100

    def wibbledmean(array):
        return array / 4 + wibble * uniforms(-wibble, wibble, array.shape)

    def fillsquares():
        cornerref = maparray[0:mapsize:stepsize, 0:mapsize:stepsize]
        squareaccum = cornerref + np.roll(cornerref, shift=-1, axis=0)
        squareaccum += np.roll(squareaccum, shift=-1, axis=1)
        maparray[stepsize // 2:mapsize:stepsize, stepsize // 2:mapsize:stepsize] = wibbledmean(squareaccum)

    def filldiamonds():
        mapsize_ = maparray.shape[0]
        drgrid = maparray[stepsize // 2:mapsize_:stepsize, stepsize // 2:mapsize_:stepsize]
        ulgrid = maparray[0:mapsize_:stepsize, 0:mapsize_:stepsize]
        ldrsum = drgrid + np.roll(drgrid, 1, axis=0)
        lulsum = ulgrid + np.roll(ulgrid, -1, axis=1)
        ltsum = ldrsum + lulsum
        maparray[0:mapsize_:stepsize, stepsize // 2:mapsize_:stepsize] = wibbledmean(ltsum)
        tdrsum = drgrid + np.roll(drgrid, 1, axis=1)
        tulsum = ulgrid + np.roll(ulgrid, -1, axis=0)
        ttsum = tdrsum + tulsum
        maparray[stepsize // 2:mapsize_:stepsize, 0:mapsize_:stepsize] = wibbledmean(ttsum)

    while stepsize >= 2:
        fillsquares()
        filldiamonds()
        stepsize //= 2
        wibble /= wibbledecay
    maparray -= maparray.min()
    return maparray / maparray.max()


def clipped_zoom(img, zoom_factor):
    ch0 = int(np.ceil(img.shape[0] / float(zoom_factor)))
    top0 = (img.shape[0] - ch0) // 2
    ch1 = int(np.ceil(img.shape[1] / float(zoom_factor)))
    top1 = (img.shape[1] - ch1) // 2
    return scizoom(img[top0:top0 + ch0, top1:top1 + ch1], (zoom_factor, zoom_factor, 1), order=1)


def shift(image, dx, dy):
    if dx < 0:
        shifted = np.roll(image, shift=image.shape[1] + dx, axis=1)
        shifted[:, dx:] = shifted[:, dx - 1:dx]
    elif dx > 0:
        shifted = np.roll(image, shift=dx, axis=1)
        shifted[:, :dx] = shifted[:, dx:dx + 1]
    else:
        shifted = image
    if dy < 0:
        shifted = np.roll(shifted, shift=image.shape[0] + dy, axis=0)
        shifted[dy:, :] = shifted[dy - 1:dy, :]
    elif dy > 0:
        shifted = np.roll(shifted, shift=dy, axis=0)
        shifted[:dy, :] = shifted[dy:dy + 1, :]
    return shifted


def motion_blur_layer(x, radius, sigma, angle):
    width = radius * 2 + 1
    k = np.exp(-(np.arange(width) - 0) ** 2 / (2 * (sigma ** 2))) / (np.sqrt(2 * np.pi) * sigma)
    kernel = k / np.sum(k)
    point = (width * np.sin(np.deg2rad(angle)), width * np.cos(np.deg2rad(angle)))
    hypot = math.hypot(point[0], point[1])
    blurred = np.zeros_like(x, dtype=np.float32)
    for i in range(width):
        dy = -math.ceil(((i * point[0]) / hypot) - 0.5)
        dx = -math.ceil(((i * point[1]) / hypot) - 0.5)
        if np.abs(dy) >= x.shape[0] or np.abs(dx) >= x.shape[1]:
            break
        blurred = blurred + kernel[i] * shift(x, dx, dy)
    return blurred


# ---- the corruptions; x is the uint8 image, the rest are the random draws ----
def gaussian_noise(x, s, noise):
    c = [.08, .12, 0.18, 0.26, 0.38][s - 1]
    return np.clip(x / 255. + noise * c, 0, 1) * 255     # np.random.normal(size, scale=c) = c * standard normal


def shot_noise(x, s, counts):
    c = [60, 25, 12, 5, 3][s - 1]
    return np.clip(counts / float(c), 0, 1) * 255          # counts = np.random.poisson(x / 255. * c)


def impulse_noise(x, s, flip_u, salt_u):
    c = [.03, .06, .09, 0.17, 0.27][s - 1]
    out = x / 255.
    flipped, salted = flip_u <= c, salt_u <= 0.5              # skimage random_noise('s&p', amount=c)
    out[flipped & salted] = 1
    out[flipped & ~salted] = 0
    return np.clip(np.clip(out, 0, 1), 0, 1) * 255


def defocus_blur(x, s):
    c = [(3, 0.1), (4, 0.5), (6, 0.5), (8, 0.5), (10, 0.5)][s - 1]
    x = x / 255.
    kernel = disk(radius=c[0], alias_blur=c[1])
    channels = np.array([cv2.filter2D(x[:, :, d], -1, kernel) for d in range(3)]).transpose((1, 2, 0))
    return np.clip(channels, 0, 1) * 255


def glass_blur(x, s, deltas):
    c = [(0.7, 1, 2), (0.9, 2, 1), (1, 2, 3), (1.1, 3, 2), (1.5, 4, 2)][s - 1]
    x = np.uint8(gaussian(x / 255., sigma=c[0], channel_axis=-1) * 255)
    k = 0
    for i in range(c[2]):
        for h in range(H - c[1], c[1], -1):
            for w in range(W - c[1], c[1], -1):
                dx, dy = deltas[k]
                k += 1
                h_prime, w_prime = h + dy, w + dx
                x[h, w], x[h_prime, w_prime] = x[h_prime, w_prime], x[h, w].copy()
    assert k == len(deltas)
    return np.clip(gaussian(x / 255., sigma=c[0], channel_axis=-1), 0, 1) * 255


def glass_blur_draw_count(s):
    c = [(0.7, 1, 2), (0.9, 2, 1), (1, 2, 3), (1.1, 3, 2), (1.5, 4, 2)][s - 1]
    return c, c[2] * (H - 2 * c[1]) * (W - 2 * c[1])


def motion_blur(x, s, angle):
    c = [(10, 3), (15, 5), (15, 8), (15, 12), (20, 15)][s - 1]
    return np.clip(motion_blur_layer(x, radius=c[0], sigma=c[1], angle=angle), 0, 255)


def zoom_blur(x, s):
    c = [np.arange(1, 1.11, 0.01), np.arange(1, 1.16, 0.01), np.arange(1, 1.21, 0.02),
         np.arange(1, 1.26, 0.02), np.arange(1, 1.31, 0.03)][s - 1]
    x = (x / 255.).astype(np.float32)
    out = np.zeros_like(x)
    for zoom_factor in c:
        zoom_layer = clipped_zoom(x, zoom_factor)[:x.shape[0], :x.shape[1], :]
        out[:zoom_layer.shape[0], :zoom_layer.shape[1]] += zoom_layer
    x = (x + out) / (len(c) + 1)
    return np.clip(x, 0, 1) * 255


def snow(x, s, layer, angle):
    c = [(0.1, 0.3, 3, 0.5, 10, 4, 0.8), (0.2, 0.3, 2, 0.5, 12, 4, 0.7), (0.55, 0.3, 4, 0.9, 12, 8, 0.7),
         (0.55, 0.3, 4.5, 0.85, 12, 8, 0.65), (0.55, 0.3, 2.5, 0.85, 12, 12, 0.55)][s - 1]
    x = np.array(x, dtype=np.float32) / 255.
    snow_layer = c[0] + c[1] * layer                           # np.random.normal(size=(H, W), loc=c[0], scale=c[1])
    snow_layer = clipped_zoom(snow_layer[..., np.newaxis], c[2])
    snow_layer[snow_layer < c[3]] = 0
    snow_layer = np.clip(snow_layer.squeeze(), 0, 1)
    snow_layer = motion_blur_layer(snow_layer, radius=c[4], sigma=c[5], angle=angle)
    snow_layer = np.round(snow_layer * 255).astype(np.uint8) / 255.
    snow_layer = snow_layer[..., np.newaxis][:x.shape[0], :x.shape[1], :]
    x = c[6] * x + (1 - c[6]) * np.maximum(x, cv2.cvtColor(x, cv2.COLOR_RGB2GRAY).reshape(x.shape[0], x.shape[1], 1) * 1.5 + 0.5)
    return np.clip(x + snow_layer + np.rot90(snow_layer, k=2), 0, 1) * 255


def frost(x, s, layer):
    c = [(1, 0.4), (0.8, 0.6), (0.7, 0.7), (0.65, 0.7), (0.6, 0.75)][s - 1]
    return np.clip(c[0] * np.array(x) + c[1] * layer, 0, 255)


def fog(x, s, fractal):
    c = [(1.5, 2), (2., 2), (2.5, 1.7), (2.5, 1.5), (3., 1.4)][s - 1]
    x = np.array(x) / 255.
    max_val = x.max()
    x += c[0] * fractal[:H, :W][..., np.newaxis]
    return np.clip(x * max_val / (max_val + c[0]), 0, 1) * 255


def fog_decay(s):
    return [(1.5, 2), (2., 2), (2.5, 1.7), (2.5, 1.5), (3., 1.4)][s - 1][1]


def brightness(x, s):
    c = [.1, .2, .3, .4, .5][s - 1]
    x = skimage.color.rgb2hsv(np.array(x) / 255.)
    x[:, :, 2] = np.clip(x[:, :, 2] + c, 0, 1)
    return np.clip(skimage.color.hsv2rgb(x), 0, 1) * 255


def contrast(x, s):
    c = [0.4, .3, .2, .1, .05][s - 1]
    x = np.array(x) / 255.
    means = np.mean(x, axis=(0, 1), keepdims=True)
    return np.clip((x - means) * c + means, 0, 1) * 255


def elastic_transform(image, s, ux, uy):
    image = np.array(image, dtype=np.float32) / 255.
    shape = image.shape
    sigma = np.array(shape[:2]) * 0.01
    alpha = [250 * 0.05, 250 * 0.065, 250 * 0.085, 250 * 0.1, 250 * 0.12][s - 1]
    max_dx = shape[0] * 0.005
    # np.random.uniform(-max_dx, max_dx, size) = -max_dx + 2 max_dx u
    dx = (gaussian(-max_dx + 2 * max_dx * ux, sigma, mode='reflect', truncate=3) * alpha).astype(np.float32)
    dy = (gaussian(-max_dx + 2 * max_dx * uy, sigma, mode='reflect', truncate=3) * alpha).astype(np.float32)
    dx, dy = dx[..., np.newaxis], dy[..., np.newaxis]
    x, y, z = np.meshgrid(np.arange(shape[1]), np.arange(shape[0]), np.arange(shape[2]))
    indices = np.reshape(y + dy, (-1, 1)), np.reshape(x + dx, (-1, 1)), np.reshape(z, (-1, 1))
    return np.clip(map_coordinates(image, indices, order=1, mode='reflect').reshape(shape), 0, 1) * 255


def pixelate(x, s):
    c = [0.6, 0.5, 0.4, 0.3, 0.25][s - 1]
    img = Image.fromarray(x)
    img = img.resize((int(W * c), int(H * c)), Image.BOX)
    return np.array(img.resize((W, H), Image.NEAREST))


def jpeg_compression(x, s):
    c = [25, 18, 15, 10, 7][s - 1]
    output = io.BytesIO()
    Image.fromarray(x).save(output, 'JPEG', quality=c)
    return np.array(Image.open(output))


def main():
    x = test_image()
    rng = np.random.RandomState(2025)
    out = {"height": H, "width": W, "image": b64(x), "cases": {}}

    def case(name, severity, result, **draws):
        out["cases"][f"{name}/{severity}"] = {"output": b64(np.uint8(result)), **draws}

    noise = f32(rng.normal(size=x.shape))
    case("gaussian_noise", 3, gaussian_noise(x, 3, noise), noise=b64f(noise))
    counts = rng.poisson(x / 255. * 25)
    case("shot_noise", 2, shot_noise(x, 2, counts.astype(np.float64)), counts=b64(counts.astype(np.uint8)))
    fu, su = f32(rng.random_sample(x.shape)), f32(rng.random_sample(x.shape))
    case("impulse_noise", 4, impulse_noise(x, 4, fu, su), flip=b64f(fu), salt=b64f(su))
    (c, n) = glass_blur_draw_count(1)
    deltas = rng.randint(-c[1], c[1], size=(n, 2))
    case("glass_blur", 1, glass_blur(x, 1, deltas), deltas=b64(deltas.astype(np.int8)))
    angle = rng.uniform(-45, 45)
    case("motion_blur", 3, motion_blur(x, 3, angle), angle=angle)
    layer, snow_angle = f32(rng.normal(size=(H, W))), rng.uniform(-135, -45)
    case("snow", 3, snow(x, 3, layer, snow_angle), layer=b64f(layer), angle=snow_angle)
    frost_layer = rng.randint(0, 256, size=x.shape).astype(np.uint8)
    case("frost", 2, frost(x, 2, frost_layer.astype(np.float64)), layer=b64(frost_layer))
    fractal = plasma_fractal(rng.uniform, mapsize=64, wibbledecay=fog_decay(4))
    case("fog", 4, fog(x, 4, fractal), fractal=b64(fractal[:H, :W]))
    ux, uy = f32(rng.random_sample((H, W))), f32(rng.random_sample((H, W)))
    case("elastic_transform", 5, elastic_transform(x, 5, ux, uy), ux=b64f(ux), uy=b64f(uy))
    for s in range(1, 6):
        for name, f in [("defocus_blur", defocus_blur), ("zoom_blur", zoom_blur), ("brightness", brightness),
                        ("contrast", contrast), ("pixelate", pixelate), ("jpeg_compression", jpeg_compression)]:
            case(name, s, f(x, s))

    # The plasma fractal alone, from recorded uniforms: 16x16, decay 2.
    draws = []

    def recording(low, high, shape):
        u = rng.uniform(low, high, shape)
        draws.append(u.ravel().tolist())
        return u

    small = plasma_fractal(recording, mapsize=16, wibbledecay=2)
    out["plasma_fractal_16"] = {"uniforms": draws, "map": b64(small)}

    out["_generated_by"] = os.path.relpath(os.path.abspath(sys.argv[0]), os.path.join(HERE, "..", "..", ".."))
    out["_reference"] = (f"numpy {np.__version__}, OpenCV {cv2.__version__}, scipy {scipy.__version__}, "
                         f"scikit-image {skimage.__version__}, Pillow {PIL.__version__}")
    with open(os.path.join(HERE, "corruptions_expected.json"), "w") as f:
        json.dump(out, f)
        f.write("\n")
    print("cases:", len(out["cases"]))


if __name__ == "__main__":
    main()

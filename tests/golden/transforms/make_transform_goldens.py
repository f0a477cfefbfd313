#!/usr/bin/python3
"""Golden fixtures for Detect.Transforms, from OpenCV (Debian's python3-opencv 4.6) and mmcv's own code.

    git -C /work/.mirror/open-mmlab+mmcv/repo show HEAD:mmcv/image/geometric.py > /tmp/mmcv_geometric.py
    /usr/bin/python3 tests/golden/transforms/make_transform_goldens.py --mmcv-geometric /tmp/mmcv_geometric.py

Writes into tests/Detect.Runtime.Tests/Transforms/Fixtures/:
  images/      small encoded test images (JPEG, gray JPEG, EXIF-rotated JPEGs, RGBA PNG, BMP, WebP)
  decoded/     what cv2.imdecode(IMREAD_COLOR / IMREAD_GRAYSCALE) returns for each, as lossless PNG, and
               what IMREAD_UNCHANGED returns for some (*.unchanged.png; an alpha plane as *.alpha.png, as a
               4-channel PNG would only repeat the input; shapes in geometry.json)
  resized/     mmcv.imresize / imrescale outputs for every interpolation mmcv names (cv2 INTER_NEAREST,
               INTER_LINEAR, INTER_CUBIC, INTER_AREA, INTER_LANCZOS4) on 1-, 3- and 4-channel sources, as PNG
  moved/       cv2.flip and mmcv.impad outputs, as PNG
  photometric/ PhotoMetricDistortion's float pipeline (cv2 float HSV) for fixed random choices, as PNG
  geometry.json  sizes, scale factors and box transforms (mmcv functions; mmdet's box formulas)

mmcv's image functions (rescale_size, imrescale, imresize, imflip, impad) run from mmcv's source file
given by --mmcv-geometric, with its two package imports stubbed (mmengine's to_2tuple, mmcv's
imread_backend), so sizes and pixels come from the real implementation.
"""
import argparse
import importlib.util
import io
import json
import os
import sys
import types

import cv2
import numpy as np
from PIL import Image

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'Detect.Runtime.Tests', 'Transforms', 'Fixtures')


def load_mmcv_geometric(path):
    utils = types.ModuleType('mmengine.utils')
    utils.to_2tuple = lambda x: x if isinstance(x, tuple) else (x, x)
    sys.modules['mmengine'] = types.ModuleType('mmengine')
    sys.modules['mmengine.utils'] = utils
    pkg = types.ModuleType('mmcv_image')
    pkg.__path__ = []
    sys.modules['mmcv_image'] = pkg
    io_mod = types.ModuleType('mmcv_image.io')
    io_mod.imread_backend = 'cv2'
    sys.modules['mmcv_image.io'] = io_mod
    spec = importlib.util.spec_from_file_location('mmcv_image.geometric', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def scene(rng, h=75, w=101):
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    img = np.stack([xx * 255 / w, yy * 255 / h, (xx + yy) * 127 / (h + w) + 64], -1)
    cv2.circle(img, (30, 40), 18, (20, 200, 240), -1)
    cv2.rectangle(img, (60, 8), (92, 30), (250, 30, 60), -1)
    img += rng.normal(0, 8, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


def write_png(rel, img):
    path = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    assert cv2.imwrite(path, img)


def write_bytes(rel, data):
    path = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as f:
        f.write(data)


def jpeg_with_orientation(img_bgr, orientation):
    pil = Image.fromarray(img_bgr[..., ::-1])
    exif = Image.Exif()
    exif[0x0112] = orientation
    buf = io.BytesIO()
    pil.save(buf, 'JPEG', quality=92, exif=exif.tobytes())
    return buf.getvalue()


def images(src, rng):
    encoded = {
        'scene.jpg': cv2.imencode('.jpg', src, [cv2.IMWRITE_JPEG_QUALITY, 90])[1].tobytes(),
        'scene.png': cv2.imencode('.png', src)[1].tobytes(),
        'scene.bmp': cv2.imencode('.bmp', src)[1].tobytes(),
        'scene.webp': cv2.imencode('.webp', src, [cv2.IMWRITE_WEBP_QUALITY, 101])[1].tobytes(),
        'gray.jpg': cv2.imencode('.jpg', cv2.cvtColor(src, cv2.COLOR_BGR2GRAY), [cv2.IMWRITE_JPEG_QUALITY, 90])[1].tobytes(),
    }
    alpha = rng.integers(0, 256, src.shape[:2], dtype=np.uint8)
    encoded['rgba.png'] = cv2.imencode('.png', np.dstack([src, alpha]))[1].tobytes()
    for orientation in (3, 6, 8):
        encoded[f'exif{orientation}.jpg'] = jpeg_with_orientation(src, orientation)
    for name, data in encoded.items():
        write_bytes(f'images/{name}', data)
        buf = np.frombuffer(data, np.uint8)
        write_png(f'decoded/{name}.png', cv2.imdecode(buf, cv2.IMREAD_COLOR))
    write_png('decoded/scene.jpg.gray.png', cv2.imdecode(np.frombuffer(encoded['scene.jpg'], np.uint8), cv2.IMREAD_GRAYSCALE))
    return alpha, unchanged(src, encoded)


def unchanged(src, encoded):
    """IMREAD_UNCHANGED: the file's own channels, EXIF orientation ignored. Only what no other golden
    shows is written: gray planes, the not-rotated EXIF image, the alpha plane (its colours are
    decoded/rgba.png.png); a 16-bit PNG is written for the refusal test."""
    gray = cv2.cvtColor(src, cv2.COLOR_BGR2GRAY)
    extra = {'gray.png': cv2.imencode('.png', gray)[1].tobytes(),
             'gray16.png': cv2.imencode('.png', gray.astype(np.uint16) * 257)[1].tobytes()}
    for name, data in extra.items():
        write_bytes(f'images/{name}', data)
    shapes = {}
    for name, data in [*extra.items(), *((n, encoded[n]) for n in ('gray.jpg', 'scene.jpg', 'rgba.png', 'exif6.jpg'))]:
        img = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
        shapes[name] = [img.shape[0], img.shape[1], img.shape[2] if img.ndim == 3 else 1, img.dtype.itemsize * 8]
        if name in ('gray.jpg', 'exif6.jpg'):
            write_png(f'decoded/{name}.unchanged.png', img)
        elif name == 'rgba.png':
            write_png(f'decoded/{name}.alpha.png', np.ascontiguousarray(img[..., 3]))
    return shapes


INTERPOLATIONS = ('nearest', 'bilinear', 'bicubic', 'area', 'lanczos')


def resized(g, src, alpha):
    """mmcv.imresize for every interpolation on cases that reach each of OpenCV's code paths: shrinking
    by fractions, by exactly 2 and 3 (INTER_AREA's integer paths), enlarging by 2 and by fractions,
    enlarging one axis while shrinking the other, a tiny output; 3-channel, gray and BGRA sources
    (small crops where the scene's size does not matter, to keep the files small)."""
    gray = cv2.cvtColor(src, cv2.COLOR_BGR2GRAY)
    sources = {'scene': src, 'even': src[:74, :100], 'small': np.ascontiguousarray(src[:30, :39]),
               'gray': gray, 'gray_even': np.ascontiguousarray(gray[:74, :100]), 'gray_small': np.ascontiguousarray(gray[:30, :39]),
               'bgra': np.ascontiguousarray(np.dstack([src, alpha])[:30, :39])}
    for name, img in sources.items():
        if name != 'scene':
            write_png(f'resized/{name}_source.png', img)
    cases = []
    for name, source, (w, h), interps in [
            ('down', 'scene', (50, 37), INTERPOLATIONS), ('up', 'scene', (202, 150), ('bilinear', 'nearest')),
            ('half', 'even', (50, 37), INTERPOLATIONS), ('wide', 'scene', (160, 40), INTERPOLATIONS),
            ('tiny', 'scene', (7, 5), INTERPOLATIONS), ('third', 'small', (13, 10), INTERPOLATIONS),
            ('odd_up', 'small', (61, 43), INTERPOLATIONS), ('gray_down', 'gray', (50, 37), INTERPOLATIONS),
            ('gray_half', 'gray_even', (50, 37), INTERPOLATIONS), ('gray_third', 'gray_small', (13, 10), INTERPOLATIONS),
            ('gray_odd_up', 'gray_small', (61, 43), INTERPOLATIONS), ('gray_tiny', 'gray', (7, 5), INTERPOLATIONS),
            ('bgra_down', 'bgra', (17, 13), INTERPOLATIONS), ('bgra_third', 'bgra', (13, 10), INTERPOLATIONS),
            ('bgra_up', 'bgra', (61, 43), INTERPOLATIONS)]:
        for interp in interps:
            out = g.imresize(sources[source], (w, h), interpolation=interp)
            write_png(f'resized/{name}_{interp}.png', out)
            cases.append({'name': name, 'interpolation': interp, 'source': source, 'width': w, 'height': h})
    for scale in [(160, 120), (300, 90), (40, 30)]:
        out, factor = g.imrescale(src, scale, return_scale=True)
        write_png(f'resized/rescale_{scale[0]}x{scale[1]}.png', out)
        cases.append({'name': f'rescale_{scale[0]}x{scale[1]}', 'scale': list(scale), 'width': out.shape[1],
                      'height': out.shape[0], 'factor': factor})
    return cases


def boxes_after_resize(boxes, w_scale, h_scale, h, w, clip=True):
    out = boxes * np.array([w_scale, h_scale, w_scale, h_scale], dtype=np.float32)  # float32, as mmdet's tensors
    if clip:
        out[:, 0::2] = out[:, 0::2].clip(0, w)
        out[:, 1::2] = out[:, 1::2].clip(0, h)
    return out


def flip_boxes(boxes, h, w, direction):
    out = boxes.copy()
    if direction in ('horizontal', 'diagonal'):
        out[:, 0], out[:, 2] = w - boxes[:, 2], w - boxes[:, 0]
    if direction in ('vertical', 'diagonal'):
        out[:, 1], out[:, 3] = h - boxes[:, 3], h - boxes[:, 1]
    return out


def geometry(g, src):
    h, w = src.shape[:2]
    boxes = np.array([[3.5, 4.25, 40.0, 30.5], [60.0, 8.0, 101.0, 75.0], [-2.0, 10.0, 20.0, 80.0]], dtype=np.float32)
    resizes = []
    for scale, keep in [((160, 120), True), ((1333, 800), True), ((50, 90), False), ((40, 30), True)]:
        if keep:
            new_w, new_h = g.rescale_size((w, h), scale)
        else:
            new_w, new_h = scale
        out = g.imrescale(src, scale) if keep else g.imresize(src, scale)
        assert out.shape[:2] == (new_h, new_w)
        ws, hs = new_w / w, new_h / h
        resizes.append({'scale': list(scale), 'keep_ratio': keep, 'width': new_w, 'height': new_h,
                        'scale_factor': [ws, hs], 'boxes': boxes_after_resize(boxes, ws, hs, new_h, new_w).tolist()})
    # scale_factor path of mmcv's Resize: target size = _scale_size((w, h), factor), then as a scale.
    for factor in (0.5, 1.7):
        target = g._scale_size((w, h), factor)
        new_w, new_h = g.rescale_size((w, h), target)
        resizes.append({'scale_factor_arg': factor, 'keep_ratio': True, 'width': new_w, 'height': new_h,
                        'scale_factor': [new_w / w, new_h / h],
                        'boxes': boxes_after_resize(boxes, new_w / w, new_h / h, new_h, new_w).tolist()})
    flips = []
    for direction in ('horizontal', 'vertical', 'diagonal'):
        write_png(f'moved/flip_{direction}.png', np.ascontiguousarray(g.imflip(src, direction)))
        flips.append({'direction': direction, 'boxes': flip_boxes(boxes, h, w, direction).tolist()})
    pads = []
    for name, shape in [('divisor32', (96, 128)), ('square', (101, 101)), ('fixed', (80, 120))]:
        padded = g.impad(src, shape=shape, pad_val=(7, 7, 7))
        write_png(f'moved/pad_{name}.png', padded)
        pads.append({'name': name, 'height': padded.shape[0], 'width': padded.shape[1]})
    return {'image': [h, w], 'boxes': boxes.tolist(), 'resize': resizes, 'flip': flips, 'pad': pads}


def photometric(src):
    """MMDetection's PhotoMetricDistortion.transform for fixed choices, then rounded and saturated to uint8."""
    cases = [
        dict(mode=0, brightness=1, contrast=1, saturation=1, hue=1, swap=1, delta=-20.5, alpha=1.3, sat=1.4, hue_value=-15.0, perm=[2, 0, 1]),
        dict(mode=1, brightness=1, contrast=1, saturation=1, hue=1, swap=0, delta=31.0, alpha=0.6, sat=0.5, hue_value=17.5, perm=[0, 1, 2]),
        dict(mode=1, brightness=0, contrast=0, saturation=1, hue=0, swap=1, delta=0.0, alpha=1.0, sat=1.5, hue_value=0.0, perm=[1, 2, 0]),
    ]
    for i, c in enumerate(cases):
        img = src.astype(np.float32)
        if c['brightness']:
            img += np.float32(c['delta'])
        if c['mode'] == 1 and c['contrast']:
            img *= np.float32(c['alpha'])
        img = cv2.cvtColor(img, cv2.COLOR_BGR2HSV)
        if c['saturation']:
            img[..., 1] *= np.float32(c['sat'])
            if c['sat'] > 1:
                img[..., 1] = img[..., 1].clip(0, 1)
        if c['hue']:
            img[..., 0] += np.float32(c['hue_value'])
            img[..., 0][img[..., 0] > 360] -= 360
            img[..., 0][img[..., 0] < 0] += 360
        img = cv2.cvtColor(img, cv2.COLOR_HSV2BGR)
        if c['mode'] == 0 and c['contrast']:
            img *= np.float32(c['alpha'])
        if c['swap']:
            img = img[..., c['perm']]
        write_png(f'photometric/case{i}.png', np.clip(np.round(img), 0, 255).astype(np.uint8))
    return cases


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--mmcv-geometric', required=True, help="mmcv's mmcv/image/geometric.py")
    args = parser.parse_args()
    g = load_mmcv_geometric(args.mmcv_geometric)
    rng = np.random.default_rng(7)
    src = scene(rng)
    write_png('images/source.png', src)
    alpha, unchanged = images(src, rng)
    golden = {'resize_cases': resized(g, src, alpha), 'geometry': geometry(g, src), 'photometric': photometric(src),
              'unchanged': unchanged}
    with open(os.path.join(OUT, 'geometry.json'), 'w') as f:
        json.dump(golden, f, indent=1)
    print('wrote fixtures to', os.path.normpath(OUT))


if __name__ == '__main__':
    main()

#!/usr/bin/env python3
"""Generates the photos of the image benchmark (issue 12): N deterministic 4000 x 3000 JPEGs
(quality 92, about 3-5 MB each) that look like phone photos to an image pipeline: smooth
shapes with fine grain (so they compress like photos, not like flat colour), an EXIF block with
a camera make and model, a date, an orientation (every fifth one sideways, orientation 6) and a
GPS position, and a JPEG comment. The same N always gives the same bytes.

    bench/gen_photos.py [--count 100] [--out ~/.cache/ltc-bench/photos]

Needs Pillow and NumPy: bench/images.sh installs them in a virtual environment under
~/.cache/ltc-bench/pyimg and runs this with it. Files already there are kept (a stamp file
records the count and the generator's version).
"""
import argparse
import os
import sys

import numpy as np
from PIL import Image

VERSION = 1
W, H = 4000, 3000


def photo(i: int) -> Image.Image:
    rng = np.random.default_rng(1000 + i)
    # Large soft shapes: a coarse random field scaled up smoothly.
    coarse = rng.integers(0, 256, size=(12, 16, 3), dtype=np.uint8)
    base = np.asarray(Image.fromarray(coarse, "RGB").resize((W, H), Image.BICUBIC), dtype=np.int16)
    # Edges and detail at a middle scale, then per-pixel grain, as a sensor gives.
    mid = rng.integers(-40, 40, size=(150, 200, 1), dtype=np.int16)
    mid = np.asarray(Image.fromarray((mid[:, :, 0] + 128).astype(np.uint8), "L").resize((W, H), Image.BILINEAR), dtype=np.int16) - 128
    grain = rng.integers(-12, 13, size=(H, W), dtype=np.int16)
    px = base + (mid + grain)[:, :, None]
    return Image.fromarray(np.clip(px, 0, 255).astype(np.uint8), "RGB")


def exif(i: int) -> Image.Exif:
    e = Image.Exif()
    e[0x010F] = "PhoneMaker"  # Make
    e[0x0110] = "Phone 12"  # Model
    e[0x0132] = f"2026:05:{1 + i % 28:02d} 10:{i % 60:02d}:00"  # DateTime
    e[0x0112] = 6 if i % 5 == 4 else 1  # Orientation
    gps = {
        1: "N",
        2: (41.0, 52.0, 30.0 + i / 100),
        3: "W",
        4: (87.0, 37.0, 28.0 + i / 100),
    }
    e[0x8825] = gps
    return e


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--out", default=os.path.expanduser("~/.cache/ltc-bench/photos"))
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    stamp = os.path.join(args.out, ".generated")
    want = f"{VERSION} {args.count}\n"
    have = open(stamp).read().split() if os.path.exists(stamp) else []
    if len(have) == 2 and have[0] == str(VERSION) and int(have[1]) >= args.count:
        print(f"{args.count} photos already in {args.out}", file=sys.stderr)
        return 0
    for i in range(args.count):
        path = os.path.join(args.out, f"photo-{i:03d}.jpg")
        photo(i).save(path, "JPEG", quality=92, exif=exif(i), comment=f"Photo {i} taken at 41.875,-87.624")
        print(f"\r{i + 1}/{args.count}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    with open(stamp, "w") as f:
        f.write(want)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Where each first-layer mask spends its kept weights on MNIST: the share of kept w1 weights
whose pixel is non-zero in fewer than 1% of the training images (mostly the border), against
that share among all w1 weights. Plain Python (no numpy).

Usage: scripts/spectral/kept-pixels.py data/mnist/train-images-idx3-ubyte.gz RUN_DIR [METHOD ...]
  RUN_DIR is runs/mnist/seed1; METHOD a directory below it with mask.csv (default: the sweep's).
"""
import csv
import gzip
import struct
import sys


def rare_pixels(path, share=0.01):
    with gzip.open(path, "rb") as f:
        magic, count, rows, cols = struct.unpack(">IIII", f.read(16))
        if magic != 2051:
            sys.exit(f"{path}: not an IDX image file")
        data = f.read()
    pixels = rows * cols
    return {p for p in range(pixels) if count - data[p::pixels].count(0) < share * count}


def kept_first_layer(mask_path):
    with open(mask_path) as f:
        reader = csv.reader(f)
        next(reader)
        return [(int(name.split("_")[2]), keep == "1") for name, keep in reader if name.startswith("w1_")]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    rare = rare_pixels(sys.argv[1])
    run = sys.argv[2]
    methods = sys.argv[3:] or [f"sweep-{m}{p}" for m in ("spectral", "magnitude-layer", "random-layer")
                               for p in (50, 80, 90, 95)]
    print(f"rare pixels (non-zero in < 1% of training images): {len(rare)} of 784")
    print("method,kept_w1,kept_on_rare_pixels,share_on_rare")
    for method in methods:
        weights = kept_first_layer(f"{run}/{method}/mask.csv")
        kept = [pixel for pixel, keep in weights if keep]
        on_rare = sum(pixel in rare for pixel in kept)
        print(f"{method},{len(kept)},{on_rare},{on_rare / max(len(kept), 1):.3f}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes the synthetic, calibration-like inputs of the report tests (twonn.csv, latent_dims.json, run.json).

Deterministic (no randomness: the "noise" is a fixed integer pattern). Three tiny models of different depth
(4, 6, 8 blocks) plus the `pixels` pseudo-model; ten classes whose true dimension d_k is known; each model's
per-class ID follows d_k, scaled by a hump over relative depth, times a fixed pattern that grows with depth and
swaps a few ranks in the deeper layers.
Run from this folder: python3 make_synthetic.py
"""
import json, math

dims = [8, 3, 12, 5, 16, 2, 10, 6, 14, 4]          # label -> true d_k (not in label order on purpose)
names = [f"d{d:02d}" for d in dims]
models = [("vit-tiny", 4, 1.00, 1), ("beit-tiny", 6, 0.85, 2), ("data2vec-tiny", 8, 1.20, 3)]

rows = []
def row(model, layer, depth, cls, name, id_, n, dup, r2):
    lo, hi = id_ * 0.95, id_ * 1.05
    rows.append(f"{model},{layer},{depth:.6g},{cls},{name},fit,{id_:.4f},{n},{n - dup},{dup},{lo:.4f},{hi:.4f},{r2:.4f}")

for m, (model, L, scale, seed) in enumerate(models):
    for layer in range(L + 1):
        depth = layer / L
        ids = []
        for k, d in enumerate(dims):
            u = ((k * 37 + layer * 11 + seed * 53) % 17 - 8) / 8          # fixed pattern in [-1, 1]
            id_ = d * scale * (1 + 0.6 * math.sin(math.pi * depth)) * (1 + (0.03 + 0.3 * depth) * u)
            ids.append(id_)
            row(model, layer, depth, k, names[k], id_, 100, 0, 0.99 - 0.001 * k)
        row(model, layer, depth, "all", "", sum(ids) / len(ids) + 3, 1000, 0, 0.98)
for k, d in enumerate(dims):                        # raw pixels: layer 0 only, a few duplicates
    row("pixels", 0, 0, k, names[k], d * 1.1 + ((k * 5) % 7 - 3) * 1.2, 100, k % 3, 0.97)

with open("twonn.csv", "w", newline="\n") as f:
    f.write("model,layer,depth,class,class_name,estimator,id,n,n_used,duplicates,ci_low,ci_high,r2\n")
    f.write("\n".join(rows) + "\n")
with open("latent_dims.json", "w", newline="\n") as f:
    json.dump({n: d for n, d in zip(names, dims)}, f, indent=2)
    f.write("\n")

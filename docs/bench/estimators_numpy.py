"""The numpy / scikit-learn side of docs/benchmarks.md's estimator and similarity figures (issue 14, item 5).

Debian's python3-numpy / python3-scipy / python3-sklearn (OpenBLAS). Same shapes and the same kind of data as
`idim bench gride` and `idim bench cka` (standard-normal float32; timings do not depend on the values):

  /usr/bin/python3 docs/bench/estimators_numpy.py gride [--n 5000 --d 1024 --range-max 64 --repeats 3]
  /usr/bin/python3 docs/bench/estimators_numpy.py cka [--n 5000 --d 768 --layers 13 --repeats 1]

gride: scikit-learn NearestNeighbors(n_neighbors=range_max).kneighbors() (brute force for D > 15), then DADApy's
GRIDE per scale (_filter_mus, bisection of _neg_dloglik_did, _fisher_info_scaling; re-typed from DADApy's
_utils/utils.py) — the "scikit-learn neighbours + numpy" path. Also the TwoNN the same way (k = 2 + Facco's fit).
cka: Kornblith's feature_space_linear_cka (linear and debiased) for every layer pair, as his reference code is
used, plus the "one GEMM" numpy formulation that our LayerCka uses, for a like-for-like BLAS comparison.
"""
import argparse
import time

import numpy as np
from sklearn.neighbors import NearestNeighbors


def neg_dloglik(d, mus, n1, n2, N, eps):
    one_m_mus_d = 1.0 - mus ** (-d)
    one_m_mus_d[one_m_mus_d < 2 * eps] = 2 * eps
    return np.sum(((1 - n2 + n1) / one_m_mus_d + n2 - 1.0) * np.log(mus)) - (N - 1) / d


def gride(mus, n1, n2, d0=0.001, d1=1000, eps=1e-7):
    mus = mus.copy()
    mus[mus == 1] += 10 * np.finfo(float).eps
    q3, q2 = np.percentile(mus, [95, 50])
    kept = mus[mus < 20 * (q3 - q2) + q2]
    N = len(kept)
    l1 = neg_dloglik(d1, kept, n1, n2, N, eps)
    while abs(d0 - d1) > eps:
        d2 = (d0 + d1) / 2.0
        if neg_dloglik(d2, kept, n1, n2, N, eps) * l1 > 0:
            d1 = d2
        else:
            d0 = d2
    d = (d0 + d1) / 2.0
    one_m = 1.0 - mus ** (-d)
    one_m[one_m < 5 * np.finfo(float).eps] = 5 * np.finfo(float).eps
    info = len(mus) / d ** 2 + (n2 - n1 - 1) * np.sum((np.log(mus) / one_m) ** 2 * mus ** (-d))
    return d, info ** -0.5


def bench_gride(a):
    x = np.random.default_rng(1).standard_normal((a.n, a.d), dtype=np.float32)
    twonn, grid = [], []
    for r in range(a.repeats + 1):
        t = time.perf_counter()
        dist, _ = NearestNeighbors(n_neighbors=2).fit(x).kneighbors()
        mu = np.sort(dist[:, 1] / dist[:, 0])
        keep = int(a.n * 0.9)
        xs = np.log(mu[:keep]); ys = -np.log(1 - np.arange(1, keep + 1) / a.n)
        d2 = np.sum(xs * ys) / np.sum(xs * xs)
        t2 = time.perf_counter() - t
        t = time.perf_counter()
        dist, _ = NearestNeighbors(n_neighbors=a.range_max).fit(x).kneighbors()
        dist = dist.astype(np.float64)
        ids = []
        n1 = 1
        while 2 * n1 <= a.range_max:
            ids.append(gride(dist[:, 2 * n1 - 1] / dist[:, n1 - 1], n1, 2 * n1)[0])
            n1 *= 2
        tg = time.perf_counter() - t
        if r > 0:
            twonn.append(t2); grid.append(tg)
    print(f"numpy/sklearn N={a.n} D={a.d}: TwoNN median {np.median(twonn):.3f} s, GRIDE to {a.range_max} median {np.median(grid):.3f} s "
          f"(min {min(grid):.3f}) over {a.repeats} runs; TwoNN id {d2:.5g}; GRIDE ids {' '.join(f'{v:.4g}' for v in ids)}")


def feature_space_linear_cka(fx, fy, debiased=False):
    # Kornblith et al., representation_similarity/Demo.ipynb
    fx = fx - np.mean(fx, 0, keepdims=True)
    fy = fy - np.mean(fy, 0, keepdims=True)
    dot = np.linalg.norm(fx.T.dot(fy)) ** 2
    nx = np.linalg.norm(fx.T.dot(fx))
    ny = np.linalg.norm(fy.T.dot(fy))
    if debiased:
        n = fx.shape[0]
        sx = np.einsum('ij,ij->i', fx, fx); sy = np.einsum('ij,ij->i', fy, fy)
        qx, qy = np.sum(sx), np.sum(sy)
        h = lambda xty, a, b, c, d: xty - n / (n - 2.) * a.dot(b) + c * d / ((n - 1) * (n - 2))
        dot = h(dot, sx, sy, qx, qy)
        nx = np.sqrt(h(nx ** 2, sx, sx, qx, qx))
        ny = np.sqrt(h(ny ** 2, sy, sy, qy, qy))
    return dot / (nx * ny)


def bench_cka(a):
    rng = np.random.default_rng(2)
    A = [rng.standard_normal((a.n, a.d), dtype=np.float32) for _ in range(a.layers)]
    B = [rng.standard_normal((a.n, a.d), dtype=np.float32) for _ in range(a.layers)]
    ref, joined = [], []
    for r in range(a.repeats):
        t = time.perf_counter()
        m = [[(feature_space_linear_cka(x, y), feature_space_linear_cka(x, y, True)) for y in B] for x in A]
        ref.append(time.perf_counter() - t)
        t = time.perf_counter()
        cx = [x - x.mean(0) for x in A]; cy = [y - y.mean(0) for y in B]
        jy = np.concatenate(cy, 1)
        sy = [np.linalg.norm(y.T @ y) for y in cy]
        out = np.empty((a.layers, a.layers))
        for i, x in enumerate(cx):
            c = (x.T @ jy).reshape(a.d, a.layers, a.d)
            out[i] = np.einsum('pmq,pmq->m', c, c, dtype=np.float64) / (np.linalg.norm(x.T @ x) * np.array(sy))
        joined.append(time.perf_counter() - t)
    print(f"numpy {a.layers}x{a.layers} pairs n={a.n} width={a.d}: Kornblith per pair (linear + debiased) median {np.median(ref):.2f} s, "
          f"one-GEMM numpy (linear only) median {np.median(joined):.2f} s over {a.repeats} runs; CKA[0,0] {m[0][0][0]:.4g} / {out[0, 0]:.4g}")


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("what", choices=["gride", "cka"])
    p.add_argument("--n", type=int, default=5000)
    p.add_argument("--d", type=int, default=None)
    p.add_argument("--range-max", type=int, default=64)
    p.add_argument("--layers", type=int, default=13)
    p.add_argument("--repeats", type=int, default=None)
    a = p.parse_args()
    if a.what == "gride":
        a.d = a.d or 1024; a.repeats = a.repeats or 3; bench_gride(a)
    else:
        a.d = a.d or 768; a.repeats = a.repeats or 1; bench_cka(a)

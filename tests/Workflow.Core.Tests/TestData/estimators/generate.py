"""Regenerates the inputs of the estimator and similarity tests (run once; the tests read only the .npy files).

Needs numpy and scipy (Debian: python3-numpy python3-scipy). The reference VALUES the tests assert are the anchors'
own (design.md §9/§10), not outputs of this script.

- 2gaussians_in_2d.npy: copied byte for byte from DADApy (tests/2gaussians_in_2d.npy, Apache-2.0), the input of
  DADApy's test_compute_id_gride.
- hyperball_30x10.npy: scikit-dimension's test fixture: X = zeros((30, 10)); X[:, :5] = hyperBall(n=30, d=5,
  radius=1, random_state=0) (skdim/datasets.py, reproduced here with numpy's RandomState stream).
- cka_demo_x.npy, cka_demo_y.npy: Kornblith's CKA demo: np.random.seed(1337); X = randn(100, 10); Y = randn(100, 10) + X.
"""
import numpy as np
from scipy.special import gammainc


def hyper_ball(n, d, radius=1.0, random_state=0):
    rng = np.random.RandomState(random_state)
    x = rng.normal(size=(n, d))
    ssq = np.sum(x ** 2, axis=1)
    fr = radius * gammainc(d / 2, ssq / 2) ** (1 / d) / np.sqrt(ssq)
    return np.zeros(d) + np.multiply(x, np.tile(fr.reshape(n, 1), (1, d)))


ball = np.zeros((30, 10))
ball[:, :5] = hyper_ball(30, 5)
np.save("hyperball_30x10.npy", ball)

np.random.seed(1337)
X = np.random.randn(100, 10)
Y = np.random.randn(100, 10) + X
np.save("cka_demo_x.npy", X)
np.save("cka_demo_y.npy", Y)

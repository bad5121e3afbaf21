"""Small data sets for the lessons, made in code (nothing is downloaded).

* :func:`xor` — the four XOR cases exactly as the classic 11-line network has them: the inputs carry
  a third column of ones that plays the part of a bias.
* :func:`add_bias_column` — the same trick for any 2-D points (the feature map that the decision
  surface plots use for such networks).
* :func:`moons` — two interleaving half moons with noise and flipped labels (lesson 5: overfitting);
* :func:`train_test_split` — shuffle and split samples into a training and a test set.
"""
from __future__ import annotations

import numpy as np

from . import _checks

__all__ = ["xor", "add_bias_column", "moons", "train_test_split"]


def xor():
    r"""The XOR truth table, as the classic lesson writes it.

    Returns
    -------
    X : ``(4, 3)`` float array ``[[0,0,1], [0,1,1], [1,0,1], [1,1,1]]`` — the two inputs
        $x_1, x_2$ and a constant 1, so that a network without bias vectors still learns a
        threshold in its first layer (the weight on that column *is* the bias).
    y : ``(4, 1)`` float array ``[[0], [1], [1], [0]]`` — $x_1 \oplus x_2$.
    """
    X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=np.float64)
    y = np.array([[0], [1], [1], [0]], dtype=np.float64)
    return X, y


def add_bias_column(points) -> np.ndarray:
    """``(N, d)`` points → ``(N, d + 1)`` with a last column of ones (``xor()``'s layout)."""
    points = _checks.as_float_array("points", points, ndim=2)
    return np.hstack([points, np.ones((points.shape[0], 1))])


# --------------------------------------------------------------------------- lesson 5: a noisy 2-D set
def moons(n=200, noise=0.2, flip=0.1, seed=0):
    r"""Two interleaving half circles with noise and some wrong labels: a small classification set
    on which a wide network overfits.

    Class 0 lies on the upper arc $(\cos\theta, \sin\theta)$, class 1 on the lower arc
    $(1 - \cos\theta, \tfrac12 - \sin\theta)$, $\theta$ uniform in $[0, \pi]$; every point then gets
    Gaussian noise of standard deviation ``noise`` in each coordinate, the cloud is centred on the
    origin (shifted by $(-\tfrac12, -\tfrac14)$), and ``round(flip · n)`` labels chosen at random are
    flipped (label noise: no classifier can get those right).

    Parameters
    ----------
    n : number of points (``n // 2`` of class 0, the rest class 1).
    noise : standard deviation of the Gaussian noise, ``>= 0``.
    flip : fraction of labels flipped, in ``[0, 0.5]``.
    seed : int or ``numpy.random.Generator``.

    Returns
    -------
    X : ``(n, 2)`` float array, the points.
    y : ``(n, 1)`` float array of 0/1 labels (after flipping).
    """
    n = _checks.integer("n", n, low=2)
    noise = _checks.real("noise", noise, low=0.0)
    flip = _checks.real("flip", flip, low=0.0, high=0.5)
    rng = _checks.rng(seed)
    n0 = n // 2
    theta = rng.uniform(0.0, np.pi, n)
    upper = np.column_stack([np.cos(theta[:n0]), np.sin(theta[:n0])])
    lower = np.column_stack([1.0 - np.cos(theta[n0:]), 0.5 - np.sin(theta[n0:])])
    X = np.vstack([upper, lower]) + rng.normal(0.0, noise, (n, 2)) - np.array([0.5, 0.25])
    y = np.r_[np.zeros(n0), np.ones(n - n0)]
    flipped = rng.choice(n, size=int(round(flip * n)), replace=False)
    y[flipped] = 1.0 - y[flipped]
    return X, y[:, None]


def train_test_split(X, y, test_fraction=0.5, seed=0):
    """Shuffle the samples and split them: ``X_train, X_test, y_train, y_test`` (scikit-learn's order).

    ``test_fraction`` in ``(0, 1)``: the test split gets ``round(test_fraction · n)`` samples (at
    least one, and at least one is left for training). ``seed``: int or ``numpy.random.Generator``.
    """
    X = _checks.as_float_array("X", X)
    y = _checks.as_float_array("y", y)
    if X.ndim == 0 or y.ndim == 0 or X.shape[0] != y.shape[0]:
        raise ValueError(f"X and y must hold the same number of samples (first axis), got shapes "
                         f"{X.shape} and {y.shape}")
    n = X.shape[0]
    if n < 2:
        raise ValueError(f"X must hold at least 2 samples to split, got {n}")
    test_fraction = _checks.real("test_fraction", test_fraction, low=0.0, high=1.0, low_open=True, high_open=True)
    n_test = min(max(int(round(test_fraction * n)), 1), n - 1)
    order = _checks.rng(seed).permutation(n)
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]

"""Small data sets for the lessons, made in code (nothing is downloaded).

* :func:`xor` — the four XOR cases exactly as the classic 11-line network has them: the inputs carry
  a third column of ones that plays the part of a bias.
* :func:`add_bias_column` — the same trick for any 2-D points (the feature map that the decision
  surface plots use for such networks).
* :func:`moons` — two interleaving half moons with noise and flipped labels (lesson 5: overfitting);
* :func:`train_test_split` — shuffle and split samples into a training and a test set;
* :func:`spiral` — interleaved spiral arms, one class per arm (lesson 8: softmax, more than two classes);
* :func:`one_hot` — class labels as one-hot target rows, what a softmax output layer learns.
"""
from __future__ import annotations

import numpy as np

from . import _checks

__all__ = ["xor", "add_bias_column", "moons", "train_test_split", "spiral", "one_hot"]


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


# --------------------------------------------------------------------------- lesson 8: more than two classes
def spiral(n_per_class=100, classes=3, noise=0.2, seed=0):
    r"""Points on ``classes`` interleaved spiral arms, one class per arm (after CS231n's toy set):
    no straight line separates an arm from the others.

    Point $i = 1, \dots, n$ of class $k$ lies at radius $r_i = i/n$ and angle
    $\theta_i = 2\pi k/K + 4 r_i + \varepsilon_i$, at $r_i(\sin\theta_i, \cos\theta_i)$: the $K$ arms
    start evenly around the circle and each turns through 4 radians on its way out; the angle
    noise $\varepsilon_i$ is Gaussian with standard deviation ``noise`` (radians). The points lie in
    the unit disc (none at its centre, where the arms meet), class by class.

    Parameters
    ----------
    n_per_class : points per class, ``>= 2``.
    classes : number of classes (arms) $K$, ``>= 2``.
    noise : standard deviation of the angle noise in radians, ``>= 0``.
    seed : int or ``numpy.random.Generator``.

    Returns
    -------
    X : ``(classes · n_per_class, 2)`` float array, the points.
    labels : ``(classes · n_per_class,)`` int array of class labels ``0 … classes − 1``
        (:func:`one_hot` turns them into targets).
    """
    n = _checks.integer("n_per_class", n_per_class, low=2)
    K = _checks.integer("classes", classes, low=2)
    noise = _checks.real("noise", noise, low=0.0)
    rng = _checks.rng(seed)
    r = np.arange(1, n + 1) / n
    X = np.empty((K * n, 2))
    for k in range(K):
        theta = 2.0 * np.pi * k / K + 4.0 * r + rng.normal(0.0, noise, n)
        X[k * n:(k + 1) * n] = r[:, None] * np.column_stack([np.sin(theta), np.cos(theta)])
    return X, np.repeat(np.arange(K), n)


def one_hot(labels, classes=None) -> np.ndarray:
    r"""Class labels ``(N,)`` (whole numbers ``0 … classes − 1``) as one-hot rows ``(N, classes)``:
    row $n$ is 1 in column ``labels[n]`` and 0 elsewhere, the target $y_n$ of a softmax layer.

    ``classes`` defaults to ``max(labels) + 1``; give it when a class may be missing from ``labels``.
    """
    try:
        is_bool = np.asarray(labels).dtype.kind == "b"
    except (TypeError, ValueError):      # ragged: as_float_array says so
        is_bool = False
    if is_bool:
        raise TypeError("labels must hold whole-number class labels 0, 1, 2, …, got booleans")
    values = _checks.as_float_array("labels", labels, ndim=1)
    if values.size == 0:
        raise ValueError("labels must hold at least one label, got an empty array")
    if (values < 0).any() or (values != np.round(values)).any():
        bad = int(np.argmax((values < 0) | (values != np.round(values))))
        raise ValueError(f"labels must be whole numbers 0, 1, 2, … (class indices), got {values[bad]:g} "
                         f"at index {bad}")
    index = values.astype(np.int64)
    largest = int(index.max())
    K = largest + 1 if classes is None else _checks.integer("classes", classes, low=1)
    if largest >= K:
        raise ValueError(f"labels must be below classes = {K}, got the label {largest}")
    Y = np.zeros((index.size, K))
    Y[np.arange(index.size), index] = 1.0
    return Y

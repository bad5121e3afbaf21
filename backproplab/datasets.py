"""Small data sets for the lessons, made in code (nothing is downloaded).

* :func:`xor` — the four XOR cases exactly as the classic 11-line network has them: the inputs carry
  a third column of ones that plays the part of a bias.
* :func:`add_bias_column` — the same trick for any 2-D points (the feature map that the decision
  surface plots use for such networks).
* :func:`moons` — two interleaving half moons with noise and flipped labels (lesson 5: overfitting);
* :func:`train_test_split` — shuffle and split samples into a training and a test set;
* :func:`spiral` — interleaved spiral arms, one class per arm (lesson 8: softmax, more than two classes);
* :func:`one_hot` — class labels as one-hot target rows, what a softmax output layer learns;
* :func:`playground` — the six 2-D sets of TensorFlow Playground (:data:`PLAYGROUND_SETS`; lesson 10).

Sizes are bounded: a generator refuses, before allocating anything, a request for more than
:data:`MAX_VALUES` numbers in one array (``moons(n=10**9)``, ``spiral(classes=10**8)``,
``one_hot([10**9])``), with a ``ValueError`` naming the argument; the noise of ``moons`` and
``spiral`` is at most :data:`MAX_NOISE`, so that every point is a finite number.
"""
from __future__ import annotations

import numpy as np

from ._plumbing import checks as _checks

__all__ = ["xor", "add_bias_column", "moons", "train_test_split", "spiral", "one_hot", "PLAYGROUND_SETS",
           "PLAYGROUND_CLASSIFICATION", "playground", "playground_target", "MAX_VALUES", "MAX_NOISE"]

MAX_VALUES = _checks.MAX_VALUES
"""The most numbers one generated array may hold (10⁸, 800 MB of float64): ``moons`` and
``playground`` make ``2·n``, ``spiral`` ``2·classes·n_per_class``, ``one_hot`` ``N·classes``."""
MAX_NOISE = 1e6
"""The largest ``noise`` of :func:`moons` (a standard deviation of the coordinates, the moons are
about 2 wide) and :func:`spiral` (of the angles, in radians): far beyond any useful set, and small
enough that noise times any normal draw is a finite number."""


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
    n : number of points (``n // 2`` of class 0, the rest class 1), at most ``MAX_VALUES // 2``.
    noise : standard deviation of the Gaussian noise, in ``[0, MAX_NOISE]``.
    flip : fraction of labels flipped, in ``[0, 0.5]``.
    seed : int or ``numpy.random.Generator``.

    Returns
    -------
    X : ``(n, 2)`` float array, the points.
    y : ``(n, 1)`` float array of 0/1 labels (after flipping).
    """
    n = _checks.integer("n", n, low=2)
    _checks.within_limit("n", 2 * n, "the n points (x₁, x₂)")
    noise = _checks.real("noise", noise, low=0.0, high=MAX_NOISE)
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
    classes : number of classes (arms) $K$, ``>= 2`` (with ``2 · classes · n_per_class`` at most
        :data:`MAX_VALUES`).
    noise : standard deviation of the angle noise in radians, in ``[0, MAX_NOISE]``.
    seed : int or ``numpy.random.Generator``.

    Returns
    -------
    X : ``(classes · n_per_class, 2)`` float array, the points.
    labels : ``(classes · n_per_class,)`` int array of class labels ``0 … classes − 1``
        (:func:`one_hot` turns them into targets).
    """
    n = _checks.integer("n_per_class", n_per_class, low=2)
    K = _checks.integer("classes", classes, low=2)
    _checks.within_limit("n_per_class" if 2 * n > MAX_VALUES else "classes", 2 * K * n, f"the points (x₁, x₂) of {K:.3g} arms of {n:.3g}")
    noise = _checks.real("noise", noise, low=0.0, high=MAX_NOISE)
    rng = _checks.rng(seed)
    r = np.arange(1, n + 1) / n
    # all arms at once (row k = arm k): the same draws, in the same order, as one arm at a time
    theta = 2.0 * np.pi * np.arange(K)[:, None] / K + 4.0 * r + rng.normal(0.0, noise, (K, n))
    X = (r[:, None] * np.stack([np.sin(theta), np.cos(theta)], axis=-1)).reshape(K * n, 2)
    return X, np.repeat(np.arange(K), n)


def one_hot(labels, classes=None) -> np.ndarray:
    r"""Class labels ``(N,)`` (whole numbers ``0 … classes − 1``) as one-hot rows ``(N, classes)``:
    row $n$ is 1 in column ``labels[n]`` and 0 elsewhere, the target $y_n$ of a softmax layer.

    ``classes`` defaults to ``max(labels) + 1``; give it when a class may be missing from ``labels``.
    The result holds at most :data:`MAX_VALUES` numbers (``N · classes``).
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
    if classes is not None:
        K = _checks.integer("classes", classes, low=1)
        _checks.within_limit("classes", values.size * K, f"{values.size} one-hot rows of {K:.3g} classes")
    largest = float(values.max())     # checked before the cast: 1e20 has no int64
    if classes is None:
        _checks.within_limit("labels", values.size * (largest + 1),
                             f"{values.size} one-hot rows of max(labels) + 1 = {largest + 1:.3g} classes")
        K = int(largest) + 1
    if largest >= K:
        raise ValueError(f"labels must be below classes = {K}, got the label {largest:.0f}")
    index = values.astype(np.int64)
    Y = np.zeros((index.size, K))
    Y[np.arange(index.size), index] = 1.0
    return Y


# --------------------------------------------------------------------------- lesson 10: the playground's sets
PLAYGROUND_SETS = ("circle", "xor", "gauss", "spiral", "plane", "multigauss")
PLAYGROUND_CLASSIFICATION = PLAYGROUND_SETS[:4]     # labels 0/1; the other two are regression sets
PLAYGROUND_HALF_WIDTH = 6.0                         # every point lies in the square [−6, 6]²

# multigauss: (centre x1, centre x2, sign) of each bump, TensorFlow Playground's six
_BUMPS = np.array([[-4.0, 2.5, 1.0], [0.0, 2.5, -1.0], [4.0, 2.5, 1.0],
                   [-4.0, -2.5, -1.0], [0.0, -2.5, 1.0], [4.0, -2.5, -1.0]])


_LABELLED = ("circle", "xor", "plane", "multigauss")


def playground_target(name, X) -> np.ndarray:
    r"""The noise-free label or target of the playground set ``name`` at the points ``X`` ``(n, 2)``:
    ``(n,)`` floats.

    * ``"circle"``: 1 inside the disc $r < 2$, else 0 (the ring $3.5 \le r \le 5$ is class 0);
    * ``"xor"``: 1 where $x_1 x_2 \ge 0$ (first and third quadrant), else 0;
    * ``"plane"``: $(x_1 + x_2)/12$, clipped to $[-1, 1]$;
    * ``"multigauss"``: $\sum_b s_b \exp(-\lVert x - c_b\rVert^2/2)$ over six bumps of sign
      $s_b = \pm 1$ at $c_b \in \{-4, 0, 4\} \times \{2.5, -2.5\}$ (signs alternate), clipped to
      $[-1, 1]$.

    ``"gauss"`` and ``"spiral"`` have no label function (their labels are the cluster or arm a point
    was drawn from): ValueError.
    """
    X = _checks.as_float_array("X", X, ndim=2)
    if X.shape[1] != 2:
        raise ValueError(f"X must have shape (n, 2), got shape {X.shape}")
    name = _checks.choice("name", name, PLAYGROUND_SETS)
    if name in ("gauss", "spiral"):
        raise ValueError(f"name must be a set with a label function, one of {list(_LABELLED)}, got {name!r}: "
                         f"the labels of that set say which cluster or arm a point was drawn from")
    # Far from the square an intermediate may overflow to ±inf (x₁x₂, x₁ + x₂, a squared distance),
    # and each formula then still gives the right limit (the sign, the clip, exp(−inf) = 0).
    with np.errstate(over="ignore"):
        return _target(name, X[:, 0], X[:, 1])


def _target(name, x1, x2):
    if name == "circle":
        return (np.hypot(x1, x2) < 2.0).astype(np.float64)
    if name == "xor":
        return (x1 * x2 >= 0.0).astype(np.float64)
    if name == "plane":
        return np.clip((x1 + x2) / 12.0, -1.0, 1.0)
    d2 = (x1[:, None] - _BUMPS[:, 0]) ** 2 + (x2[:, None] - _BUMPS[:, 1]) ** 2      # multigauss
    return np.clip(np.exp(-0.5 * d2) @ _BUMPS[:, 2], -1.0, 1.0)


def playground(name, n=200, noise=0.0, seed=0):
    r"""One of TensorFlow Playground's 2-D data sets, made as the Playground makes them: ``(X, y)``.

    Classification sets (labels 0/1):

    * ``"circle"`` — ``n // 2`` points uniform in radius $r \in [0, 2)$ (class 1) and the rest with
      $r \in [3.5, 5]$ (class 0), at uniform angles;
    * ``"xor"`` — points uniform in $[-5, 5]^2$ pushed 0.3 away from both axes, class 1 where
      $x_1 x_2 \ge 0$;
    * ``"gauss"`` — two normal clusters of variance $0.5 + 7\,\text{noise}$ per coordinate around
      $(2, 2)$ (class 1, ``n // 2`` points) and $(-2, -2)$ (class 0);
    * ``"spiral"`` — two interleaved arms, point $i$ of $m$ at radius $r = 5i/m$ and angle
      $t = 3.5\pi\, i/m$ (class 1) or $t + \pi$ (class 0), each coordinate moved by
      $\text{noise}\cdot U(-1, 1)$.

    Regression sets (targets in $[-1, 1]$, points uniform in $[-6, 6]^2$): ``"plane"`` and
    ``"multigauss"`` (:func:`playground_target`).

    ``noise`` in $[0, 0.5]$ (the Playground's 0–50 %). For ``circle``, ``xor``, ``plane`` and
    ``multigauss`` it works as in the Playground: a point keeps its place but gets the label of a
    place moved by $\text{noise}\cdot U(-5, 5)$ (circle, xor) or $\text{noise}\cdot U(-6, 6)$ (the
    regression sets) in each coordinate — labels near a boundary flip. For ``gauss`` and ``spiral``
    the points themselves scatter. Every point is clipped to the square $[-6, 6]^2$.

    Parameters
    ----------
    name : one of :data:`PLAYGROUND_SETS`.
    n : number of points, ``>= 2``.
    noise : in ``[0, 0.5]``.
    seed : int or ``numpy.random.Generator``.

    Returns
    -------
    X : ``(n, 2)`` float array, the points, in $[-6, 6]^2$.
    y : ``(n, 1)`` float array: labels 0/1 (classification) or targets in $[-1, 1]$ (regression).
    """
    name = _checks.choice("name", name, PLAYGROUND_SETS)
    n = _checks.integer("n", n, low=2)
    _checks.within_limit("n", 2 * n, "the n points (x₁, x₂)")
    noise = _checks.real("noise", noise, low=0.0, high=0.5)
    rng = _checks.rng(seed)
    half = n // 2
    if name == "circle":
        r = np.r_[rng.uniform(0.0, 2.0, half), rng.uniform(3.5, 5.0, n - half)]
        angle = rng.uniform(0.0, 2.0 * np.pi, n)
        X = np.column_stack([r * np.sin(angle), r * np.cos(angle)])
        y = playground_target(name, X + noise * rng.uniform(-5.0, 5.0, (n, 2)))
    elif name == "xor":
        X = rng.uniform(-5.0, 5.0, (n, 2))
        X += np.where(X > 0.0, 0.3, -0.3)
        y = playground_target(name, X + noise * rng.uniform(-5.0, 5.0, (n, 2)))
    elif name == "gauss":
        centres = np.repeat([[2.0, 2.0], [-2.0, -2.0]], [half, n - half], axis=0)
        X = centres + rng.normal(0.0, np.sqrt(0.5 + 7.0 * noise), (n, 2))
        y = np.r_[np.ones(half), np.zeros(n - half)]
    elif name == "spiral":
        arm = np.r_[np.arange(half) / half, np.arange(n - half) / (n - half)]
        t = 3.5 * np.pi * arm + np.r_[np.zeros(half), np.full(n - half, np.pi)]
        X = 5.0 * arm[:, None] * np.column_stack([np.sin(t), np.cos(t)]) + noise * rng.uniform(-1.0, 1.0, (n, 2))
        y = np.r_[np.ones(half), np.zeros(n - half)]
    else:
        X = rng.uniform(-PLAYGROUND_HALF_WIDTH, PLAYGROUND_HALF_WIDTH, (n, 2))
        y = playground_target(name, X + noise * rng.uniform(-6.0, 6.0, (n, 2)))
    np.clip(X, -PLAYGROUND_HALF_WIDTH, PLAYGROUND_HALF_WIDTH, out=X)
    return X, y[:, None]

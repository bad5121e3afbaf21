r"""Input feature maps of the playground (lesson 10): what the network is shown of a 2-D point.

TensorFlow Playground lets the student feed a network not only the coordinates $x_1, x_2$ of a
point but also $x_1^2$, $x_2^2$, $x_1 x_2$, $\sin x_1$ and $\sin x_2$: with the right features a
network without a hidden layer separates the circle (its boundary is $x_1^2 + x_2^2 = r^2$, a
straight line in the squares).

* :data:`FEATURES` — the names, in the Playground's order;
* :func:`feature_map` — the chosen features of points ``(n, 2)`` as columns ``(n, k)``;
* :func:`feature_label` — a plain-text label for a figure or a menu ("x₁²", "sin x₁").
"""
from __future__ import annotations

import numpy as np

from ._plumbing import checks as _checks

__all__ = ["FEATURES", "feature_map", "feature_label"]

# name → (the feature of x1 = X[:, 0] and x2 = X[:, 1], its plain-text label)
_DEFINITIONS = {
    "x1": (lambda x1, x2: x1, "x₁"),
    "x2": (lambda x1, x2: x2, "x₂"),
    "x1^2": (lambda x1, x2: x1 * x1, "x₁²"),
    "x2^2": (lambda x1, x2: x2 * x2, "x₂²"),
    "x1*x2": (lambda x1, x2: x1 * x2, "x₁x₂"),
    "sin(x1)": (lambda x1, x2: np.sin(x1), "sin x₁"),
    "sin(x2)": (lambda x1, x2: np.sin(x2), "sin x₂"),
}
FEATURES = tuple(_DEFINITIONS)


def check_names(names) -> tuple:
    """``names`` as a tuple of distinct feature names (at least one), or a ValueError/TypeError naming
    ``names``: what was expected and what came."""
    if isinstance(names, str) or not isinstance(names, (list, tuple)):
        raise TypeError(f"names must be a list or tuple of feature names from {list(FEATURES)}, "
                        f"got {type(names).__name__} {names!r:.60}")
    names = tuple(names)
    if not names:
        raise ValueError(f"names must hold at least one feature of {list(FEATURES)}, got an empty selection")
    unknown = [n for n in names if not isinstance(n, str) or n not in _DEFINITIONS]
    if unknown:
        raise ValueError(f"names must be feature names from {list(FEATURES)}, got the unknown "
                         f"name(s) {unknown!r:.80}")
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ValueError(f"names must name each feature once, got {repeated} more than once")
    return names


def feature_map(X, names) -> np.ndarray:
    r"""The features ``names`` of the points ``X``: an ``(n, k)`` array whose column $j$ is feature
    ``names[j]`` of each point (``k = len(names)``).

    ``X`` is ``(n, 2)``: column 0 is $x_1$, column 1 is $x_2$. The features are $x_1$, $x_2$,
    $x_1^2$, $x_2^2$, $x_1 x_2$, $\sin x_1$, $\sin x_2$ (names as in :data:`FEATURES`).
    A product too large for a float64 (``x1^2`` of ``1e200``) is refused with a ``ValueError``
    naming ``X``, not returned as inf.
    """
    names = check_names(names)
    X = _checks.as_float_array("X", X, ndim=2)
    if X.shape[1] != 2:
        raise ValueError(f"X must have shape (n, 2) (the points x₁, x₂), got shape {X.shape}")
    x1, x2 = X[:, 0], X[:, 1]
    out = np.empty((X.shape[0], len(names)))
    with np.errstate(over="ignore"):          # a product beyond float64 is refused just below
        for j, name in enumerate(names):
            out[:, j] = _DEFINITIONS[name][0](x1, x2)
    if not np.isfinite(out).all():
        n, j = (int(i) for i in np.argwhere(~np.isfinite(out))[0])
        raise ValueError(f"X holds numbers too large for the feature {names[j]!r}: at the point "
                         f"X[{n}] = ({X[n, 0]:.3g}, {X[n, 1]:.3g}) it is beyond float64's range "
                         f"(|x| ≲ 1.3e154 keeps x₁², x₂² and x₁x₂ finite)")
    return out


def feature_label(name) -> str:
    """The plain-text label of feature ``name`` (no LaTeX): ``"x1^2"`` → ``"x₁²"``."""
    return _DEFINITIONS[_checks.choice("name", name, _DEFINITIONS)][1]

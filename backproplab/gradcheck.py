r"""Gradient checking: compare backprop's gradients with numerical ones.

The numerical gradient uses central differences,
$\dfrac{\partial f}{\partial x_i} \approx \dfrac{f(x + h e_i) - f(x - h e_i)}{2h}$,
whose error shrinks like $h^2$ until rounding (about $\epsilon_{\text{machine}}/h$) takes over —
which is why $h = 10^{-5}$ is a good default in float64.
"""
from __future__ import annotations

import warnings

import numpy as np

from . import _checks
from .blas import single_blas_thread


class CannotJudge(UserWarning):
    """A gradient check whose gradients are all exactly 0: agreement proves nothing."""


def numerical_gradient(f, x, h=1e-5):
    """Central-difference gradient of the scalar function ``f`` at ``x`` (an array, changed in
    place during the call and restored). Returns an array shaped like ``x``."""
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        raise TypeError(f"x must be a float64 numpy array (it is perturbed in place), got {type(x).__name__}"
                        + (f" of dtype {x.dtype}" if isinstance(x, np.ndarray) else ""))
    h = _checks.real("h", h, low=0.0, low_open=True)
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        if old + h == old or old - h == old:
            raise ValueError(f"h = {h:g} is too small for x[{', '.join(map(str, idx))}] = {old:g}: "
                             f"x ± h rounds back to x, so every difference would be 0; try h = 1e-5")
        try:
            x[idx] = old + h
            f_plus = float(f(x))
            x[idx] = old - h
            f_minus = float(f(x))
        finally:                  # even if f raises (or Ctrl-C): x is left as it came
            x[idx] = old
        grad[idx] = (f_plus - f_minus) / (2 * h)
    _checks.finite("the numerical gradient", grad,
                   "f(x ± h) is not finite (or their difference overflows) near x; check f at x.")
    return grad


def rel_error(a, b) -> float:
    r"""Relative error $\|a - b\| / (\|a\| + \|b\|)$ (0 when both are 0).

    Rough scale in float64: above 1e-2 the gradient is wrong; 1e-4 is suspicious unless the
    function has kinks (ReLU, max); below 1e-7 it is right.
    """
    a = _checks.as_float_array("a", a)
    b = _checks.as_float_array("b", b)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    with np.errstate(over="ignore", invalid="ignore"):
        denom = np.linalg.norm(a) + np.linalg.norm(b)
        error = 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)
    if not np.isfinite(error):     # the norms overflowed: the same ratio after scaling both down
        scale = max(np.abs(a).max(), np.abs(b).max())
        return rel_error(a / scale, b / scale)
    return error


@single_blas_thread
def gradient_errors(net, X, y, masks=None, l2=0.0, l1=0.0, h=1e-5) -> dict:
    """Relative error of every parameter array: ``{"W1": …, "b1": …, …}`` (layers counted from 1)."""
    return {name: rel_error(g, numeric) for name, (g, numeric) in
            _both_gradients(net, X, y, masks, l2, l1, h).items()}


def _both_gradients(net, X, y, masks, l2, l1, h) -> dict:
    """``{"W1": (backprop's gradient, the numerical one), …}``."""
    _, grads_W, grads_b = net.gradients(X, y, masks=masks, l2=l2, l1=l1)
    loss = lambda _: net.loss_value(X, y, masks=masks, l2=l2, l1=l1)
    pairs = {}
    for k, (W, g) in enumerate(zip(net.weights, grads_W)):
        pairs[f"W{k + 1}"] = (g, numerical_gradient(loss, W, h))
    if net.biases is not None:
        for k, (b, g) in enumerate(zip(net.biases, grads_b)):
            pairs[f"b{k + 1}"] = (g, numerical_gradient(loss, b, h))
    return pairs


def check_network(net, X, y, masks=None, l2=0.0, l1=0.0, h=1e-5) -> float:
    """The largest relative error between backprop's and the numerical gradient of every weight
    and bias of ``net`` on ``(X, y)``. ``masks`` fixes dropout (see :meth:`Network.gradients`).

    When both gradients are exactly 0 everywhere (saturated or dead units) the answer, 0.0, is
    vacuous: a :class:`CannotJudge` warning says so."""
    pairs = _both_gradients(net, X, y, masks, l2, l1, h)
    if all(not g.any() and not numeric.any() for g, numeric in pairs.values()):
        warnings.warn(CannotJudge("check_network cannot judge this network: backprop's and the numerical "
                         "gradient are both exactly 0 for every weight and bias (saturated or dead "
                         "units), so their agreement proves nothing; try other inputs X or smaller weights"), stacklevel=2)
    return max(rel_error(g, numeric) for g, numeric in pairs.values())


def step_size_errors(f, x, exact, hs=None):
    """How well finite differences approximate $f'(x)$ for each step size ``h``.

    ``f``: a function of one float returning a float; ``exact``: the true derivative (e.g. from
    backprop). Returns ``(hs, forward_errors, central_errors)`` — the absolute errors of
    $\\frac{f(x+h) - f(x)}{h}$ and $\\frac{f(x+h) - f(x-h)}{2h}$. ``hs`` defaults to
    $10^{-14} \\dots 10^{-1}$, 40 steps on a log scale.
    """
    if not callable(f):
        raise TypeError(f"f must be a function of one number, got {type(f).__name__}")
    x = _checks.real("x", x)
    exact = _checks.real("exact", exact)
    hs = np.logspace(-14, -1, 40) if hs is None else _checks.as_float_array("hs", hs, ndim=1)
    if hs.size == 0 or (hs <= 0).any():
        raise ValueError("hs must be a non-empty list of positive step sizes")
    fx = float(f(x))
    forward = np.array([abs((float(f(x + h)) - fx) / h - exact) for h in hs])
    central = np.array([abs((float(f(x + h)) - float(f(x - h))) / (2 * h) - exact) for h in hs])
    return hs, forward, central


def rel_error_verdict(error) -> str:
    """What a gradient check's relative error says, on the usual float64 scale (h = 1e-5)."""
    error = _checks.real("error", error, low=0.0)
    if error < 1e-7:
        return "correct (below 1e-7)"
    if error < 1e-4:
        return "probably correct if the function has kinks (ReLU, max), suspicious otherwise (1e-7 … 1e-4)"
    if error < 1e-2:
        return "suspicious: most likely a bug (1e-4 … 1e-2)"
    return "wrong (above 1e-2)"

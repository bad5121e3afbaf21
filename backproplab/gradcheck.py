r"""Gradient checking: compare backprop's gradients with numerical ones.

The numerical gradient uses central differences,
$\dfrac{\partial f}{\partial x_i} \approx \dfrac{f(x + h e_i) - f(x - h e_i)}{2h}$,
whose error shrinks like $h^2$ until rounding (about $\epsilon_{\text{machine}}/h$) takes over —
which is why $h = 10^{-5}$ is a good default in float64.
"""
from __future__ import annotations

import numbers
import warnings
from typing import NamedTuple

import numpy as np

from ._plumbing import checks as _checks
from ._plumbing.blas import single_blas_thread
from ._plumbing.i18n import tr


class CannotJudge(UserWarning):
    """A gradient check whose gradients are all exactly 0: agreement proves nothing."""


def _value(f, x, where) -> float:
    """``f(x)`` as a float: NumPy's warnings inside ``f`` silenced (a result that is not finite is
    reported by the caller, with the reason), an ``OverflowError`` or a result that is not one
    number turned into an error naming ``f``."""
    try:
        with np.errstate(all="ignore"):
            out = f(x)
    except OverflowError as exc:              # Python's own float arithmetic, e.g. math.exp(710)
        raise _checks.FloatOverflow(f"f overflowed at {where}: {exc}") from None
    if isinstance(out, np.ndarray) and out.ndim == 0:
        out = out[()]
    if isinstance(out, bool) or not isinstance(out, numbers.Real):
        raise TypeError(f"f must return one real number, got {type(out).__name__} {out!r:.60} at {where}")
    return float(out)


def numerical_gradient(f, x, h=1e-5):
    """Central-difference gradient of the scalar function ``f`` at ``x`` (a writeable float64
    array, changed in place during the call and restored). Returns an array shaped like ``x``.

    ``f`` must return one real number; if a value of ``f`` or a difference is not finite, a
    ``NonFiniteError`` (a ``ValueError``) says so — no NumPy warning escapes."""
    if not callable(f):
        raise TypeError(f"f must be a function of x returning one number, got {type(f).__name__} {f!r:.60}")
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        raise TypeError(f"x must be a float64 numpy array (it is perturbed in place), got {type(x).__name__}"
                        + (f" of dtype {x.dtype}" if isinstance(x, np.ndarray) else ""))
    if not x.flags.writeable:
        raise ValueError("x must be a writeable array (it is perturbed in place and restored), got a "
                         "read-only one; pass a copy, x.copy()")
    h = _checks.real("h", h, low=0.0, low_open=True)
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = float(x[idx])
        where = f"x[{', '.join(map(str, idx))}] = {old:g}"
        if not (np.isfinite(old + h) and np.isfinite(old - h)):
            raise ValueError(f"h = {h:g} is too large for {where}: x ± h is beyond float64's range")
        if old + h == old or old - h == old:
            raise ValueError(f"h = {h:g} is too small for {where}: "
                             f"x ± h rounds back to x, so every difference would be 0; try h = 1e-5")
        try:
            x[idx] = old + h
            f_plus = _value(f, x, f"x + h at {where}")
            x[idx] = old - h
            f_minus = _value(f, x, f"x − h at {where}")
        finally:                  # even if f raises (or Ctrl-C): x is left as it came
            x[idx] = old
        grad[idx] = (f_plus - f_minus) / (2 * h)
    _checks.finite("the numerical gradient", grad,
                   "f(x ± h) is not finite (or their difference overflows) near x; check f at x.")
    return grad


MAX_STEPS = 10**6
"""The most step sizes :func:`step_size_errors` tries (each costs three calls of ``f``)."""

FLOOR = 1e-8
"""Entries where both gradients are smaller than this are compared with this as their size."""


def rel_errors(a, b, floor=FLOOR) -> np.ndarray:
    r"""The relative error of every entry, $|a_i - b_i| / \max(|a_i|, |b_i|, \text{floor})$.

    Per entry, as in CS231n's notes, so that one wrong small entry cannot hide behind big right
    ones. The ``floor`` (default ``1e-8``) stands in for the size where both entries are about 0. It
    tames rounding noise around a true 0 but does not hide it: 1e-12 against 3e-12 scores
    0.67 without the floor and 2e-4 with it, still "suspicious" for :func:`rel_error_verdict`, so
    look at the two numbers when both are far below the floor. Each error lies between 0 (equal) and 2
    (equal size, opposite sign).
    """
    a = _checks.as_float_array("a", a)
    b = _checks.as_float_array("b", b)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    floor = _checks.real("floor", floor, low=0.0, low_open=True)
    size = np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)
    return np.abs(a / size - b / size)      # divided first: no overflow even for ±1e308


def rel_error(a, b, floor=FLOOR) -> float:
    r"""The largest relative error over the entries: $\max_i |a_i - b_i| / \max(|a_i|, |b_i|, \text{floor})$
    (see :func:`rel_errors`; 0 for empty or equal arrays).

    Rough scale in float64 with h = 1e-5 (CS231n's): above 1e-2 the gradient is wrong; 1e-4 … 1e-2
    is most likely a bug; 1e-7 … 1e-4 is fine only if the function has kinks (ReLU, max); below 1e-7
    it is right. :func:`rel_error_verdict` says which.
    """
    errors = rel_errors(a, b, floor)
    return float(errors.max()) if errors.size else 0.0


def gradient_errors(net, X, y, masks=None, l2=0.0, l1=0.0, h=1e-5) -> dict:
    """The worst relative error (:func:`rel_error`, per entry) of every parameter array:
    ``{"W1": …, "b1": …, …}`` (layers counted from 1). :func:`worst_entry` says where it is."""
    return {name: rel_error(g, numeric) for name, (g, numeric) in
            _both_gradients(net, X, y, masks, l2, l1, h).items()}


class WorstEntry(NamedTuple):
    """Where a gradient check disagrees most: parameter ``name`` ("W1", "b2", …), the entry's
    ``index`` in that array, its relative ``error`` and the two gradients there."""
    name: str
    index: tuple
    error: float
    backprop: float
    numerical: float


def worst_entry(net, X, y, masks=None, l2=0.0, l1=0.0, h=1e-5) -> WorstEntry:
    """The single entry, over every weight and bias of ``net``, whose backprop gradient and numerical
    gradient disagree most (per-entry relative error, :func:`rel_errors`). Its ``error`` is what
    :func:`check_network` returns; ``name`` and ``index`` say where, e.g. ``("W2", (3, 0), …)``."""
    worst = None
    for name, (g, numeric) in _both_gradients(net, X, y, masks, l2, l1, h).items():
        errors = rel_errors(g, numeric)
        if errors.size == 0:
            continue
        idx = np.unravel_index(int(np.argmax(errors)), errors.shape)
        if worst is None or errors[idx] > worst.error:
            worst = WorstEntry(name, tuple(int(i) for i in idx), float(errors[idx]), float(g[idx]),
                               float(numeric[idx]))
    return worst


@single_blas_thread      # thousands of tiny forward passes: one BLAS thread
def _both_gradients(net, X, y, masks, l2, l1, h) -> dict:
    """``{"W1": (backprop's gradient, the numerical one), …}``."""
    if not all(hasattr(net, attr) for attr in ("gradients", "loss_value", "weights", "biases")):
        raise TypeError(f"net must be a backproplab Network, got {type(net).__name__} {net!r:.60}")
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
    """The largest per-entry relative error (:func:`rel_errors`) between backprop's and the
    numerical gradient, over every weight and bias of ``net`` on ``(X, y)``: the worst single entry.
    :func:`worst_entry` says which entry that is. ``masks`` fixes dropout (see
    :meth:`Network.gradients`).

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
    $10^{-14} \\dots 10^{-1}$, 40 steps on a log scale (at most :data:`MAX_STEPS` of them).

    Where ``f`` (or a difference) is not finite, e.g. ``np.exp`` just below its overflow at 709.78,
    a ``NonFiniteError`` (a ``ValueError``) names ``f`` and the point; no NumPy warning escapes.
    """
    if not callable(f):
        raise TypeError(f"f must be a function of one number, got {type(f).__name__}")
    x = _checks.real("x", x)
    exact = _checks.real("exact", exact)
    hs = np.logspace(-14, -1, 40) if hs is None else _checks.as_float_array("hs", hs, ndim=1)
    if hs.size == 0 or (hs <= 0).any():
        raise ValueError("hs must be a non-empty list of positive step sizes")
    _checks.within_limit("hs", hs.size, "the list of step sizes", MAX_STEPS)
    fx = _value(f, x, f"x = {x:g}")
    forward, central = np.empty(hs.size), np.empty(hs.size)
    for i, h in enumerate(hs.tolist()):
        if not (np.isfinite(x + h) and np.isfinite(x - h)):
            raise ValueError(f"hs must keep x ± h finite, but x = {x:g} ± h = {h:g} is beyond float64's range")
        f_plus, f_minus = _value(f, x + h, f"x + h = {x + h:g}"), _value(f, x - h, f"x − h = {x - h:g}")
        with np.errstate(all="ignore"):        # a difference beyond float64 is reported just below
            forward[i] = abs((f_plus - fx) / h - exact)
            central[i] = abs((f_plus - f_minus) / (2 * h) - exact)
    _checks.finite("f's finite differences", np.concatenate([[fx], forward, central]),
                   f"f (or a difference of its values) is not finite near x = {x:g}: choose x where "
                   f"f and its neighbours within the largest h = {hs.max():g} are finite numbers.")
    return hs, forward, central


def rel_error_verdict(error) -> str:
    """What a gradient check's relative error says, on the usual float64 scale (h = 1e-5), in the
    package's language."""
    error = _checks.real("error", error, low=0.0)
    if error < 1e-7:
        return tr("correct (below 1e-7)")
    if error < 1e-4:
        return tr("probably correct if the function has kinks (ReLU, max), suspicious otherwise (1e-7 … 1e-4)")
    if error < 1e-2:
        return tr("suspicious: most likely a bug (1e-4 … 1e-2)")
    return tr("wrong (above 1e-2)")

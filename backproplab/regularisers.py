r"""Regularisers, each written once: inverted dropout (its keep masks and the $1/(1-p)$ scale) and
the L1/L2 weight penalty with its gradient. :class:`~backproplab.Network` and the lessons use these.

* dropout keeps each hidden unit with probability $1-p$: mask $m = [u < 1-p]$, $u \sim U[0,1)$,
  and a kept unit passes on $\hat o = o\,m/(1-p)$, so its expected input downstream is unchanged;
* the penalty added to $E$ is $\tfrac12\lambda_2\sum w^2 + \lambda_1\sum|w|$ (biases are not
  penalised); its gradient is $\lambda_2 w + \lambda_1\,\mathrm{sign}(w)$.
"""
import numpy as np

from ._plumbing import checks as _checks

__all__ = ["dropout_rate", "keep_scale", "draw_masks", "inverted_dropout", "penalty", "penalty_grad", "MAX_VALUES"]

MAX_VALUES = _checks.MAX_VALUES
"""The most entries one call of :func:`draw_masks` (or ``Network.draw_masks``) may draw (10⁸)."""


def dropout_rate(p, name="p") -> float:
    """``p`` checked as a dropout rate, $0 \\le p < 1$ (``name`` is the argument's name in errors)."""
    return _checks.real(name, p, low=0.0, high=1.0, high_open=True)


def keep_scale(p) -> float:
    r"""The factor $1/(1-p)$ that inverted dropout applies to the units it keeps."""
    return 1.0 / (1.0 - dropout_rate(p))


def keep_mask(uniforms, p) -> np.ndarray:
    """0/1 keep mask (float64) from uniform draws: 1 where ``uniforms < 1 − p``."""
    return (uniforms < 1.0 - p).astype(np.float64)


def draw_masks(shape, p, rng) -> np.ndarray:
    """0/1 keep masks of ``shape`` (e.g. ``(n_samples, n_hidden)``): each entry is 1 with
    probability ``1 − p``. ``rng`` is a seed or a ``numpy.random.Generator``. The rule is the
    Network's: ``rng.random(shape) < 1 − p``. At most :data:`MAX_VALUES` entries."""
    p = dropout_rate(p)
    if isinstance(shape, (int, np.integer)):
        shape = (int(shape),)
    if not isinstance(shape, (tuple, list)):
        raise TypeError(f"shape must be a whole number or a tuple of them, got {type(shape).__name__} {shape!r:.60}")
    shape = tuple(_checks.integer("shape", int(n) if isinstance(n, np.integer) else n, low=1) for n in shape)
    _checks.within_limit("shape", int(np.prod(shape, dtype=object)), f"masks of shape {shape}")
    return keep_mask(_checks.rng(rng).random(shape), p)


def inverted_dropout(a, mask, p) -> np.ndarray:
    r"""$\hat o = a \odot m / (1-p)$: what a hidden layer passes on in training. Shapes of
    ``a`` and ``mask`` must match (any shape)."""
    a = _checks.as_float_array("a", a)
    mask = _checks.as_float_array("mask", mask)
    if mask.shape != a.shape:
        raise ValueError(f"mask must have the shape of a, {a.shape}, got {mask.shape}")
    if not np.isin(mask, (0.0, 1.0)).all():
        raise ValueError("mask must hold only 0 (dropped) and 1 (kept)")
    with np.errstate(over="ignore"):            # beyond float64: refused just below, naming a
        out = a * mask * keep_scale(p)
    if not np.isfinite(out).all():
        raise ValueError(f"a is too large for dropout's scale 1/(1 − p) = {keep_scale(p):.3g}: a kept "
                         f"entry of a (largest |a| = {float(np.abs(a).max()):.3g}) would be beyond float64's range")
    return out


def _rates(l2, l1):
    """``(l2, l1)`` checked as penalty strengths, real and ``>= 0``; plain non-negative floats (what
    a Network passes, every step) skip the full check."""
    if type(l2) is float and type(l1) is float and l2 >= 0.0 and l1 >= 0.0:
        return l2, l1
    return _checks.real("l2", l2, low=0.0), _checks.real("l1", l1, low=0.0)


def penalty(weights, l2, l1) -> float:
    r"""$\tfrac12\lambda_2\sum w^2 + \lambda_1\sum|w|$ over the weight matrices ``weights``;
    ``l2`` and ``l1`` are real numbers ``>= 0`` (a negative strength is refused, naming it)."""
    l2, l1 = _rates(l2, l1)
    if not (l2 or l1):
        return 0.0
    return sum(0.5 * l2 * float(np.vdot(w, w)) + l1 * float(np.abs(w).sum()) for w in weights)


def penalty_grad(w, l2, l1) -> np.ndarray:
    r"""The penalty's gradient for one weight matrix ``w``: $\lambda_2 w + \lambda_1\,\mathrm{sign}(w)$.
    Silent like the penalty itself: entries beyond float64 (only possible for a rate above 1) are ±inf."""
    l2, l1 = _rates(l2, l1)
    if l2 <= 1.0 and l1 <= 1.0:     # |λ₂w| <= |w| and λ₁ <= 1 cannot overflow: no errstate (fit's hot path)
        return l2 * w + l1 * np.sign(w)
    with np.errstate(over="ignore"):
        return l2 * w + l1 * np.sign(w)

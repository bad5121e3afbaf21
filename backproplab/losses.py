r"""Loss functions $E(o, t)$ and their gradient $\partial E/\partial o$.

* ``half_sse`` — $E = \tfrac12\sum_{n,k}(t_{nk} - o_{nk})^2$, the classic textbook loss:
  the ½ cancels the 2 of the derivative, so $\partial E/\partial o = o - t$.
* ``sse`` — $E = \sum_{n,k}(t_{nk} - o_{nk})^2$, so $\partial E/\partial o = 2(o - t)$.
* ``mse`` — $E = \frac{1}{NK}\sum_{n,k}(t_{nk} - o_{nk})^2$, the mean over samples *and* outputs.
* ``bce`` — binary cross-entropy for sigmoid outputs,
  $E = -\sum_{n,k}\bigl[t_{nk}\ln o_{nk} + (1 - t_{nk})\ln(1 - o_{nk})\bigr]$, targets in $[0, 1]$.
* ``cross_entropy`` — categorical cross-entropy for a softmax output layer,
  $E = -\sum_{n,k} t_{nk}\ln p_{nk}$, each target row a probability distribution (one-hot labels).

Sums run over every sample of the batch (the cross-entropies too, like ``half_sse``; no mean):
that is what the classic full-batch loops do.

**Pairing with the output activation.** The cross-entropies are meant for one output activation
each (``pairs_with``): there the output error term is simply $\delta = \partial E/\partial z = o - t$
(sigmoid + bce: the $\sigma'$ cancels) or $p - t$ (softmax + cross_entropy), and
``value_and_delta(z, o, t)`` computes $E$ and that $\delta$ from the net input $z$, stably —
$\ln\sigma(z) = -\operatorname{softplus}(-z)$ and $\ln p = z - \operatorname{logsumexp}(z)$ — so
that both stay finite for $|z| = 1000$ and targets of exactly 0 or 1. ``value_and_grad(o, t)`` is
the textbook form on the outputs (for any other pairing, e.g. softmax + bce): it needs $o$
strictly inside $(0, 1)$, and $\partial E/\partial o = (o - t)/(o(1 - o))$ loses all precision
as a sigmoid saturates — which is why a network with the pair never uses it. A network refuses
bce on outputs that are not probabilities (tanh, ReLU, linear: $\ln o$ of a negative or zero $o$)
and cross_entropy on anything but softmax (``output_activations``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from ._plumbing import checks as _checks
from .activations import log_softmax


def _half_sse(o, t):
    err = o - t
    return 0.5 * float(np.vdot(err, err)), err


def _sse(o, t):
    err = o - t
    return float(np.vdot(err, err)), 2.0 * err


def _mse(o, t):
    err = o - t
    scale = 1.0 / err.size
    return float(np.vdot(err, err)) * scale, err * (2.0 * scale)


def _t_ln(t, o):
    """$t \\ln o$ with $0 \\ln 0 = 0$ (the limit), silently."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(t == 0, 0.0, t * np.log(o))


def _bce(o, t):
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        E = -float(np.sum(_t_ln(t, o) + _t_ln(1.0 - t, 1.0 - o)))
        return E, (o - t) / (o * (1.0 - o))


def _bce_from_net_input(z, o, t):
    # −[t ln σ(z) + (1 − t) ln(1 − σ(z))] = softplus(z) − t·z, with
    # softplus(z) = max(z, 0) + ln(1 + e^{−|z|}): no overflow, and log1p keeps tiny losses exact
    E = float(np.sum(np.maximum(z, 0.0) - t * z + np.log1p(np.exp(-np.abs(z)))))
    return E, o - t


def _cross_entropy(p, t):
    with np.errstate(divide="ignore", invalid="ignore"):
        return -float(np.sum(_t_ln(t, p))), np.where(t == 0, 0.0, -t / p)


def _cross_entropy_from_net_input(z, p, t):
    # ln p = z − logsumexp(z) is finite for every finite z, so a target of 0 times ln p is 0
    # (never 0·(−inf))
    return -float(np.sum(t * log_softmax(z))), p - t     # t broadcasts over stacked networks


def _first_bad(bad):
    return tuple(int(i) for i in np.argwhere(bad)[0])


def _probability_targets(name, t):
    bad = (t < 0) | (t > 1)
    if bad.any():
        i = _first_bad(bad)
        raise ValueError(f"{name} must hold targets in [0, 1] for loss 'bce' (the probability of "
                         f"each output being 1), got {t[i]:g} at index {i}")


_ROW_SUM_TOLERANCE = 1e-9


def _distribution_targets(name, t):
    if (t < 0).any():
        i = _first_bad(t < 0)
        raise ValueError(f"{name} must hold non-negative targets for loss 'cross_entropy' (one "
                         f"probability distribution over the classes per row), got {t[i]:g} at index {i}")
    sums = t.sum(axis=-1)
    bad = np.abs(sums - 1.0) > _ROW_SUM_TOLERANCE
    if bad.any():
        n = int(np.argmax(bad))
        raise ValueError(f"{name} must hold one probability distribution per row for loss "
                         f"'cross_entropy' (a one-hot class label, or non-negative numbers summing "
                         f"to 1), but row {n} sums to {sums[n]:g}: [{', '.join(f'{v:g}' for v in t[n])}]")


@dataclass(frozen=True)
class Loss:
    """A loss: its function, gradient and formulas, and how the trace writes them.

    ``term_text`` is one summand and ``prefix_text`` what stands before the sum, as the trace
    writes $E$ (``{t}``, ``{o}`` and ``{NK}`` are filled in). A loss with ``pairs_with`` (an
    output activation's name) also has ``value_and_delta(z, o, t) -> (E, δ)`` on the output
    layer's net input ``z`` and output ``o``, and ``delta_text``, how the trace writes that δ.
    ``output_activations`` (names, or ``None`` for any) are the output activations it accepts;
    ``check_targets(name, t)`` raises ``ValueError`` for targets it cannot take.
    """
    name: str
    value_and_grad: Callable     # (o, t) -> (E, dE/do), both for arrays of shape (n_samples, n_out)
    latex: str
    grad_factor_text: str        # how the trace writes ∂E/∂o: "(o − t)", "2(o − t)", …
    is_mean: bool
    term_text: str = "({t} − {o})²"
    prefix_text: str = ""
    pairs_with: str | None = None
    value_and_delta: Callable | None = None     # (z, o, t) -> (E, ∂E/∂z), stable, for pairs_with
    delta_text: str | None = None               # "{o} − {t}"
    output_activations: tuple[str, ...] | None = None
    check_targets: Callable | None = None

    def pairs(self, activation) -> bool:
        """Whether this loss gives the output δ directly for an output layer with ``activation``
        (then a network uses ``value_and_delta``, not ``value_and_grad`` and φ′)."""
        return self.pairs_with is not None and self.pairs_with == activation.name

    def value(self, o, t) -> float:
        """$E(o, t)$ for outputs ``o`` and targets ``t`` (broadcast to ``o``'s shape, e.g. ``0``).
        A loss that is not a finite number (squares beyond float64; for bce or cross_entropy an
        ``o`` outside $(0, 1)$ where a target needs it) is refused with a ``ValueError`` naming ``o``."""
        return self._checked(o, t, 0)

    def gradient(self, o, t) -> np.ndarray:
        r"""$\partial E/\partial o$, shaped like ``o``; refused like :meth:`value` when not finite."""
        return self._checked(o, t, 1)

    def _checked(self, o, t, which):
        # the public spelling; networks call value_and_grad directly, on arrays they checked
        o = _checks.as_float_array("o", o)
        t = _checks.as_float_array("t", t)
        if o.size == 0:
            raise ValueError(f"o must hold at least one output, got shape {o.shape}")
        try:
            fits = np.broadcast_shapes(o.shape, t.shape) == o.shape
        except ValueError:
            fits = False
        if not fits:
            raise ValueError(f"t must have the shape of o, {o.shape} (or broadcast to it), got shape {t.shape}")
        with np.errstate(all="ignore"):       # an overflow is refused below, with the reason
            out = self.value_and_grad(o, t)[which]
        if not np.isfinite(out).all():
            what = "value" if which == 0 else "gradient"
            why = ("o must hold probabilities strictly inside (0, 1) where a target needs them "
                   "(ln 0 is −inf, ln of a negative number NaN)" if self.check_targets is not None else
                   f"o − t is too large for float64 arithmetic (largest |o − t| = "
                   f"{float(np.max(np.abs(o - t))):.3g})")
            raise _checks.NonFiniteError(f"o gives a {what} of loss {self.name!r} that is not a finite "
                                         f"number: {why}")
        return out

    def __repr__(self):
        return f"Loss({self.name!r})"


half_sse = Loss("half_sse", _half_sse, r"E = \tfrac12\sum (t - o)^2", "({o} − {t})", False, prefix_text="½")
sse = Loss("sse", _sse, r"E = \sum (t - o)^2", "2({o} − {t})", False)
mse = Loss("mse", _mse, r"E = \frac{1}{NK}\sum (t - o)^2", "(2/{NK})({o} − {t})", True, prefix_text="1/{NK}·")
bce = Loss("bce", _bce, r"E = -\sum \bigl[t \ln o + (1 - t)\ln(1 - o)\bigr]",
           "({o} − {t})/({o}·(1 − {o}))", False,
           term_text="[{t}·ln {o} + (1 − {t})·ln(1 − {o})]", prefix_text="−",
           pairs_with="sigmoid", value_and_delta=_bce_from_net_input, delta_text="{o} − {t}",
           output_activations=("sigmoid", "softmax"), check_targets=_probability_targets)
cross_entropy = Loss("cross_entropy", _cross_entropy, r"E = -\sum t \ln p", "(−{t}/{o})", False,
                     term_text="{t}·ln {o}", prefix_text="−",
                     pairs_with="softmax", value_and_delta=_cross_entropy_from_net_input,
                     delta_text="{o} − {t}", output_activations=("softmax",),
                     check_targets=_distribution_targets)

LOSSES: dict[str, Loss] = {l.name: l for l in (half_sse, sse, mse, bce, cross_entropy)}


def get(name) -> Loss:
    if isinstance(name, Loss):
        return name
    from ._plumbing.checks import choice
    return LOSSES[choice("loss", name, LOSSES)]

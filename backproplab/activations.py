r"""Activation functions $\varphi$ with their derivatives and formulas.

Each :class:`Activation` carries

* ``fn(z)`` — the function $a = \varphi(z)$,
* ``deriv(z)`` — $\varphi'(z)$ written in terms of the net input,
* ``deriv_from_output(a)`` — the same derivative written with the *output* $a$ alone
  (sigmoid: $a(1-a)$). Backprop uses this one: the forward pass already stored $a$,
  so the backward pass needs no extra exponentials.
* ``latex`` / ``deriv_latex`` — the formulas, for lessons and plots.

Calling an activation (``sigmoid(z)``) accepts scalars and arrays and never emits a NumPy
warning: ``sigmoid(-1000)`` is ``0.0``, silently. What is not real numbers (text, complex numbers)
is refused with a ``TypeError`` naming ``z``.

:data:`ACTIVATIONS` holds the elementwise ones (each output depends on its own net input; the
plots and explorers draw them). :data:`softmax` is not elementwise, so it has no
``deriv_from_output``: it carries ``vjp_from_output(g, p)``, the product of a gradient with its
Jacobian, instead, and a network allows it on the output layer only (:data:`OUTPUT_ONLY`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from ._plumbing import checks as _checks

LEAKY_SLOPE = 0.01


@dataclass(frozen=True)
class Activation:
    name: str
    symbol: str                      # how the trace writes it: σ(z), tanh(z), ReLU(z)
    fn: Callable[[np.ndarray], np.ndarray]
    deriv: Callable[[np.ndarray], np.ndarray]
    deriv_from_output: Callable[[np.ndarray], np.ndarray] | None
    output_deriv_text: str           # φ' in terms of the output o, for the trace: "o(1 − o)"
    latex: str
    deriv_latex: str
    # Not elementwise (softmax): g ↦ gᵀ ∂a/∂z from the output a, for ∂E/∂a = g of shape (…, n).
    # None means the Jacobian is diagonal, deriv_from_output(a).
    vjp_from_output: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None

    @property
    def elementwise(self) -> bool:
        """Whether each output depends on its own net input only (everything but softmax)."""
        return self.vjp_from_output is None

    def __call__(self, z):
        z = _net_inputs("z", z)
        if not self.elementwise:
            _vector("z", z, self.name)
        with np.errstate(over="ignore", under="ignore"):
            return self.fn(z)

    def derivative(self, z):
        """$\\varphi'(z)$, warning-free like the function itself."""
        if not self.elementwise:
            raise TypeError(f"{self.name} has no elementwise derivative: every output depends on "
                            f"every net input; use its vjp_from_output (or softmax_jacobian)")
        z = _net_inputs("z", z)
        with np.errstate(over="ignore", under="ignore"):
            return self.deriv(z)

    def __repr__(self):
        return f"Activation({self.name!r})"


def _net_inputs(name, z) -> np.ndarray:
    """``z`` as a float64 array: a float64 ndarray as it is (the fast path), anything else real
    converted; text, complex numbers and objects refused with a TypeError naming ``name``."""
    if type(z) is np.ndarray and z.dtype == np.float64:
        return z
    return _checks.as_float_array(name, z, finite=False)


def _vector(name, z, what, noun="net inputs") -> None:
    """ValueError unless ``z`` has a last axis with at least one entry (softmax's classes)."""
    if z.ndim == 0:
        raise ValueError(f"{what} takes a vector of {noun} (one per output neuron; rows for a "
                         f"batch) as {name}, got the single number {float(z)!r}")
    if z.shape[-1] == 0:
        raise ValueError(f"{what} needs at least one entry along the last axis of {name} (one per "
                         f"class), got shape {z.shape}")


# The plain formula; exp(-z) may overflow to inf for z < -709, and 1/(1+inf) is exactly 0.0,
# the right limit. Callers silence that overflow with np.errstate (Network does it once per loop,
# which keeps the hot loop as cheap as the hand-written one).
def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _sigmoid_deriv(z):
    s = _sigmoid(z)
    return s * (1.0 - s)


def _sigmoid_deriv_from_output(a):
    return a * (1.0 - a)


def _tanh_deriv(z):
    return 1.0 - np.tanh(z) ** 2


def _tanh_deriv_from_output(a):
    return 1.0 - a * a


def _relu(z):
    return np.maximum(z, 0.0)


def _relu_deriv(z):          # the kink at 0 gets slope 0, the usual convention
    return (z > 0).astype(np.float64)


def _leaky_relu(z):
    return np.where(z > 0, z, LEAKY_SLOPE * z)


def _leaky_relu_deriv(z):    # the output has the sign of z, so the same test works on a
    return np.where(z > 0, 1.0, LEAKY_SLOPE)


def _identity(z):
    return z


def _ones_like(z):
    return np.ones_like(z, dtype=np.float64)


sigmoid = Activation(
    "sigmoid", "σ", _sigmoid, _sigmoid_deriv, _sigmoid_deriv_from_output, "{o}·(1 − {o})",
    r"\sigma(z) = \frac{1}{1 + e^{-z}}", r"\sigma'(z) = \sigma(z)\,(1 - \sigma(z))")
tanh = Activation(
    "tanh", "tanh", np.tanh, _tanh_deriv, _tanh_deriv_from_output, "(1 − {o}²)",
    r"\tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}", r"\tanh'(z) = 1 - \tanh^2(z)")
relu = Activation(
    "relu", "ReLU", _relu, _relu_deriv, _relu_deriv, "1[{o} > 0]",
    r"\mathrm{ReLU}(z) = \max(0, z)", r"\mathrm{ReLU}'(z) = \begin{cases}1 & z > 0\\ 0 & z \le 0\end{cases}")
leaky_relu = Activation(
    "leaky_relu", "LeakyReLU", _leaky_relu, _leaky_relu_deriv, _leaky_relu_deriv,
    f"({{o}} > 0 ? 1 : {LEAKY_SLOPE})",
    rf"\mathrm{{LeakyReLU}}(z) = \max({LEAKY_SLOPE}z, z)",
    rf"\mathrm{{LeakyReLU}}'(z) = \begin{{cases}}1 & z > 0\\ {LEAKY_SLOPE} & z \le 0\end{{cases}}")
linear = Activation(
    "linear", "id", _identity, _ones_like, _ones_like, "1",
    r"\varphi(z) = z", r"\varphi'(z) = 1")



def _softmax(z):
    # shifted by the row's maximum: exp never overflows, and the largest term is exactly 1
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def log_softmax(z) -> np.ndarray:
    r"""$\ln p_k = z_k - \ln\sum_j e^{z_j}$ along the last axis of ``z`` ``(…, n)``, stably: the
    log-sum-exp is taken after shifting by the row's maximum $m$,
    $\ln\sum_j e^{z_j} = m + \ln\sum_j e^{z_j - m}$, so no exponential overflows and the largest
    term is exactly 1 (the sum is never 0): finite for every finite ``z``, where
    ``np.log(softmax(z))`` gives $-\infty$ once a $p_k$ underflows to 0.

    Only when two entries of a row lie more than the float range apart (``[-1e308, 1e308]``) is the
    exact $\ln p_k$ below $-1.8\times10^{308}$; it is then given as the most negative float64
    (still $p_k = e^{\ln p_k} = 0$), silently. ``z`` must be a vector or rows of them (a single
    number or an empty last axis is refused, as by ``softmax``)."""
    z = _net_inputs("z", z)
    _vector("z", z, "log_softmax")
    with np.errstate(over="ignore"):      # z − max beyond −1.8e308 becomes −inf, clamped just below
        shifted = z - z.max(axis=-1, keepdims=True)
    np.maximum(shifted, -_checks.FLOAT64_MAX, out=shifted)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def _softmax_vjp_from_output(g, p):
    # gᵀJ with J = diag(p) − p pᵀ, without building J: p ⊙ (g − Σⱼ gⱼ pⱼ), row by row
    return p * (g - (g * p).sum(axis=-1, keepdims=True))


def softmax_jacobian(p) -> np.ndarray:
    r"""The softmax's Jacobian $\partial p_k/\partial z_j = p_k(\mathbb 1[k = j] - p_j)$ from its
    output ``p`` ``(…, n)``: ``(…, n, n)``, indexed ``[…, k, j]``. For lessons and tests; backprop
    uses the product with a gradient, ``softmax.vjp_from_output``, which never builds it. The
    Jacobian holds ``p.size · n`` numbers, at most ``MAX_VALUES`` (10⁸); ``p`` must hold
    probabilities (entries in $[0, 1]$)."""
    p = _net_inputs("p", p)
    _vector("p", p, "softmax_jacobian", "softmax outputs")
    _checks.within_limit("p", p.size * p.shape[-1], "a Jacobian")
    outside = ~((p >= 0.0) & (p <= 1.0))
    if outside.any():
        i = tuple(int(k) for k in np.argwhere(outside)[0])
        raise ValueError(f"p must hold softmax outputs, probabilities in [0, 1], got {p[i]!r} at index {i}")
    return p[..., :, None] * (np.eye(p.shape[-1]) - p[..., None, :])


softmax = Activation(
    "softmax", "softmax", _softmax, None, None, "",
    r"p_k = \mathrm{softmax}(z)_k = \frac{e^{z_k}}{\sum_j e^{z_j}}",
    r"\frac{\partial p_k}{\partial z_j} = p_k\,(\mathbb{1}[k = j] - p_j)",
    _softmax_vjp_from_output)

ACTIVATIONS: dict[str, Activation] = {a.name: a for a in (sigmoid, tanh, relu, leaky_relu, linear)}
"""The elementwise activations, allowed on every layer."""
OUTPUT_ONLY: dict[str, Activation] = {softmax.name: softmax}
"""Activations allowed on the output layer only."""


def get(name, elementwise=False) -> Activation:
    """The activation called ``name`` (an :class:`Activation` passes through): one of
    :data:`ACTIVATIONS` or :data:`OUTPUT_ONLY`; with ``elementwise=True`` (for a plot of
    $\\varphi(z)$ against $z$) only one of :data:`ACTIVATIONS`."""
    choice = _checks.choice
    act = name if isinstance(name, Activation) else None
    if act is None:
        known = ACTIVATIONS | OUTPUT_ONLY
        act = known[choice("activation", name, known)]
    if elementwise and not act.elementwise:
        raise ValueError(f"activation {act.name!r} is not elementwise (each of its outputs depends on "
                         f"every net input), so it has no curve φ(z); expected one of {sorted(ACTIVATIONS)}")
    return act

r"""Activation functions $\varphi$ with their derivatives and formulas.

Each :class:`Activation` carries

* ``fn(z)`` — the function $a = \varphi(z)$,
* ``deriv(z)`` — $\varphi'(z)$ written in terms of the net input,
* ``deriv_from_output(a)`` — the same derivative written with the *output* $a$ alone
  (sigmoid: $a(1-a)$). Backprop uses this one: the forward pass already stored $a$,
  so the backward pass needs no extra exponentials.
* ``latex`` / ``deriv_latex`` — the formulas, for lessons and plots.

Calling an activation (``sigmoid(z)``) accepts scalars and arrays and never emits a NumPy
warning: ``sigmoid(-1000)`` is ``0.0``, silently.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

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

    def __call__(self, z):
        with np.errstate(over="ignore", under="ignore"):
            return self.fn(np.asarray(z, dtype=np.float64))

    def derivative(self, z):
        """$\\varphi'(z)$, warning-free like the function itself."""
        with np.errstate(over="ignore", under="ignore"):
            return self.deriv(np.asarray(z, dtype=np.float64))

    def __repr__(self):
        return f"Activation({self.name!r})"


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

ACTIVATIONS: dict[str, Activation] = {a.name: a for a in (sigmoid, tanh, relu, leaky_relu, linear)}


def get(name) -> Activation:
    """The activation called ``name`` (an :class:`Activation` passes through)."""
    if isinstance(name, Activation):
        return name
    from ._checks import choice
    return ACTIVATIONS[choice("activation", name, ACTIVATIONS)]

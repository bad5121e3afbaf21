"""Exercises of lesson 2 (registered with backproplab.exercises.register).

The answers are computed by ``backproplab.activations``; the numbers in the worked solutions
are formatted from the same computation, never typed.
"""
from .. import activations
from ..trace import fmt
from . import register


def _sigmoid_prime_0() -> float:
    return float(activations.sigmoid.derivative(0.0))


def _tanh_prime_half() -> float:
    return float(activations.tanh.derivative(0.5))


_s0 = float(activations.sigmoid(0.0))
register(
    "sigmoid_prime_0",
    "What is σ′(0), the slope of the sigmoid at z = 0?",
    _sigmoid_prime_0,
    "use σ′(z) = σ(z)(1 − σ(z)) and first work out σ(0) = 1/(1 + e⁰).",
    f"σ(0) = 1/(1 + e⁰) = 1/2 = {fmt(_s0)}, so σ′(0) = σ(0)(1 − σ(0)) = {fmt(_s0)}·{fmt(1 - _s0)} = "
    f"{fmt(_sigmoid_prime_0())} — the largest slope the sigmoid ever has.",
)

_t = float(activations.tanh(0.5))
register(
    "tanh_prime_0.5",
    "What is tanh′(0.5)?",
    _tanh_prime_half,
    "use tanh′(z) = 1 − tanh²(z); np.tanh(0.5) (or a calculator) gives tanh(0.5).",
    f"tanh(0.5) = {fmt(_t)}, so tanh′(0.5) = 1 − {fmt(_t)}² = 1 − {fmt(_t * _t)} = {fmt(_tanh_prime_half())}.",
)
del _s0, _t

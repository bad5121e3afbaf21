"""Exercises of lesson 2 (registered with backproplab.exercises.register).

The answers are computed by ``backproplab.activations``; the numbers in the worked solutions
are formatted from the same computation, never typed.
"""
from .. import activations
from ..trace import fmt
from . import register


# z = 3, not 0: σ′(0) = ¼ is stated (and derived) in the lesson, so it would be no exercise.
SIGMOID_Z = 3.0


def _sigmoid_prime_3() -> float:
    return float(activations.sigmoid.derivative(SIGMOID_Z))


def _tanh_prime_half() -> float:
    return float(activations.tanh.derivative(0.5))


_s3 = float(activations.sigmoid(SIGMOID_Z))
_best = float(activations.sigmoid.derivative(0.0))
register(
    "sigmoid_prime_3",
    "What is σ′(3), the slope of the sigmoid at z = 3?",
    _sigmoid_prime_3,
    "use σ′(z) = σ(z)(1 − σ(z)) and first work out σ(3) = 1/(1 + e^(−3)) to four decimals "
    "(np.exp(-3) or a calculator gives e^(−3)).",
    f"σ(3) = 1/(1 + e^(−3)) = {fmt(_s3)}, so σ′(3) = σ(3)(1 − σ(3)) = {fmt(_s3)}·{fmt(1 - _s3)} = "
    f"{fmt(_sigmoid_prime_3())}: less than a fifth of the sigmoid's best slope σ′(0) = {fmt(_best)}. "
    "At z = 3 the neuron is already starting to saturate.",
)

_t = float(activations.tanh(0.5))
register(
    "tanh_prime_0.5",
    "What is tanh′(0.5)?",
    _tanh_prime_half,
    "use tanh′(z) = 1 − tanh²(z); np.tanh(0.5) (or a calculator) gives tanh(0.5).",
    f"tanh(0.5) = {fmt(_t)}, so tanh′(0.5) = 1 − {fmt(_t)}² = 1 − {fmt(_t * _t)} = {fmt(_tanh_prime_half())}.",
)
del _s3, _best, _t

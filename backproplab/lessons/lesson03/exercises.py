"""Exercises of lesson 3 (registered with :func:`backproplab.exercises.registry.register`).

The answers are computed by ``backproplab.activations``; the numbers in the worked solutions
are formatted from the same computation, never typed.
"""
import numpy as np

from ... import activations
from ...exercises.registry import register, returned
from ...trace import fmt


# z = 3, not 0: σ′(0) = ¼ is stated (and derived) in the lesson, so it would be no exercise.
SIGMOID_Z = 3.0


def _sigmoid_prime_3() -> float:
    return float(activations.sigmoid.derivative(SIGMOID_Z))


def _tanh_prime_half() -> float:
    return float(activations.tanh.derivative(0.5))


def _sigmoid_prime_3_solution() -> str:
    # σ(3) to five digits, so that 1 − σ(3) and the product shown agree with it (0.9526 would give 1 − σ(3) = 0.0474).
    s3, best = float(activations.sigmoid(SIGMOID_Z)), float(activations.sigmoid.derivative(0.0))
    return (f"σ(3) = 1/(1 + e^(−3)) = {fmt(s3, 5)}, so σ′(3) = σ(3)(1 − σ(3)) = {fmt(s3, 5)}·{fmt(1 - s3)} = "
            f"{fmt(_sigmoid_prime_3())}: less than a fifth of the sigmoid's best slope σ′(0) = {fmt(best)}. "
            "At z = 3 the neuron is already starting to saturate.")


def _tanh_prime_half_solution() -> str:
    # five digits throughout, so that the square and the difference shown agree with the numbers shown
    t = float(activations.tanh(0.5))
    return (f"tanh(0.5) = {fmt(t, 5)}, so tanh′(0.5) = 1 − {fmt(t, 5)}² = 1 − {fmt(t * t, 5)} = "
            f"{fmt(_tanh_prime_half(), 5)}.")


register(
    "sigmoid_prime_3",
    "What is σ′(3), the slope of the sigmoid at z = 3?",
    _sigmoid_prime_3,
    "use σ′(z) = σ(z)(1 − σ(z)) and first work out σ(3) = 1/(1 + e^(−3)) to four decimals "
    "(np.exp(-3) or a calculator gives e^(−3)).",
    _sigmoid_prime_3_solution,
)
register(
    "tanh_prime_0.5",
    "What is tanh′(0.5)?",
    _tanh_prime_half,
    "use tanh′(z) = 1 − tanh²(z); np.tanh(0.5) (or a calculator) gives tanh(0.5).",
    _tanh_prime_half_solution,
)


# A code-writing exercise: the student writes σ′ as backprop uses it (σ computed once, reused).
_CODE_POINTS = np.linspace(-8.0, 8.0, 33)


def _test_sigmoid_prime(function):
    z = _CODE_POINTS.copy()
    got = returned(function(z), z.shape, name="sigmoid_prime(z)", ends_with="…", wrong_shape=lambda shape: (
        f"sigmoid_prime(z) should return an array shaped like z, {z.shape}, got shape {shape}."))
    true = activations.sigmoid.derivative(_CODE_POINTS)
    if not np.all(np.isfinite(got)):
        return False, "sigmoid_prime(z) returned NaN or inf for some z between −8 and 8."
    worst = int(np.argmax(np.abs(got - true)))
    if abs(got[worst] - true[worst]) < 1e-9:
        return True, f"sigmoid_prime agrees with σ′(z) at all {z.size} test points from −8 to 8."
    return False, (f"at z = {fmt(_CODE_POINTS[worst])} your function gives {fmt(got[worst], 6)}, "
                   f"but σ′(z) = {fmt(true[worst], 6)}.")


register(
    "sigmoid_prime_code",
    "Write sigmoid_prime(z), the sigmoid's derivative, for a number or a whole array z, with numpy only.",
    None,
    "σ′(z) = σ(z)(1 − σ(z)), derived in section 2: compute σ(z) once with np.exp and reuse it. "
    "numpy operations work on a whole array z at once (math.exp does not).",
    "s = 1 / (1 + np.exp(-z)) computes σ(z) once, for every entry of z; return s * (1 - s) then gives "
    "σ′(z) = σ(z)(1 − σ(z)). Reusing σ is exactly what backprop does with a neuron's stored output a: "
    "its slope is a(1 − a), with no second exponential.",
    points=2,
    test=_test_sigmoid_prime,
    reference=("def sigmoid_prime(z):\n"
               "    s = 1 / (1 + np.exp(-z))\n"
               "    return s * (1 - s)"),
)

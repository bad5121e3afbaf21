"""Exercises of lesson 3 (registered with :func:`backproplab.exercises.registry.register`).

The answers are computed by ``backproplab.activations``; the numbers in the worked solutions
are formatted from the same computation, never typed.

Keys: ``sigmoid_prime_3``, ``tanh_prime_0.5`` (values, four decimals), ``sigmoid_prime_code`` (code: σ′(z) for an
array), ``sigmoid_backward_code`` (code: δ = ∂E/∂a ⊙ a(1 − a), a sigmoid layer's backward step from its stored
outputs).
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
    "What is σ′(3), the slope of the sigmoid at z = 3? Give four decimals.",
    _sigmoid_prime_3,
    "use σ′(z) = σ(z)(1 − σ(z)) and first work out σ(3) = 1/(1 + e^(−3)) to four decimals "
    "(np.exp(-3) or a calculator gives e^(−3)).",
    _sigmoid_prime_3_solution,
    nudge="section 2's boxed result writes the slope with the sigmoid's value at that z: which number goes in, "
          "3 itself or what the sigmoid makes of it? Keep four decimals on the way.",
    # Four decimals, as the question says: σ′(3) ≈ 0.0452; σ(3) itself (0.9526), 3·(1 − 3) and σ(σ(3))(1 − σ(σ(3)))
    # are far from it at any rounding.
    decimals=4,
    mistakes={"sigma-prime-wrong-quantity": [lambda: SIGMOID_Z * (1 - SIGMOID_Z),
                                             lambda: float(activations.sigmoid.derivative(activations.sigmoid(SIGMOID_Z)))],
              "sigma-prime-missing": ([lambda: float(activations.sigmoid(SIGMOID_Z))], "lesson 3, section 2 (the result)",
                                      "this is σ(3), the sigmoid's value; its slope σ′(3) multiplies it by 1 − σ(3).")},
)
register(
    "tanh_prime_0.5",
    "What is tanh′(0.5)? Give four decimals.",
    _tanh_prime_half,
    "use tanh′(z) = 1 − tanh²(z); np.tanh(0.5) (or a calculator) gives tanh(0.5).",
    _tanh_prime_half_solution,
    nudge="the formula in the question squares a value of tanh, not z itself: which number is that here? "
          "Give four decimals.",
    # Four decimals (the question says so): tanh′(0.5) ≈ 0.7864; 1 − 0.5² = 0.75 (z squared) and tanh(0.5) ≈ 0.4621
    # are far from it.
    decimals=4,
    mistakes={"sigma-prime-wrong-quantity": (
                  [lambda: 1 - 0.5 ** 2, lambda: float(activations.tanh.derivative(activations.tanh(0.5)))],
                  "lesson 3, section 5 (other activations and their derivatives)",
                  "tanh′(z) = 1 − tanh²(z) = 1 − a² squares the output a = tanh(z): squaring z itself, or tanh of the "
                  "output, applies tanh once too few or too many times."),
              "sigma-prime-missing": ([lambda: float(activations.tanh(0.5))], "lesson 3, section 5 (other activations "
                                      "and their derivatives)", "this is tanh(0.5), the value; its slope is 1 − tanh²(0.5).")},
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
    nudge="section 2 ends with the slope written in terms of the sigmoid's own value: compute that value once, "
          "for the whole array, and reuse it. Try z = 0 first: the lesson says what the slope is there.",
    mistakes={
        "sigma-prime-wrong-quantity": ["def sigmoid_prime(z):\n    return z * (1 - z)",
                                       "def sigmoid_prime(z):\n    s = 1 / (1 + np.exp(-z))\n"
                                       "    s = 1 / (1 + np.exp(-s))\n    return s * (1 - s)"],
        "sigma-prime-missing": ("def sigmoid_prime(z):\n    return 1 / (1 + np.exp(-z))", "lesson 3, section 2 (the result)",
                                "the function returns σ(z), the sigmoid's value; its slope multiplies it by 1 − σ(z)."),
        "sign-flipped": ("def sigmoid_prime(z):\n    s = 1 / (1 + np.exp(-z))\n    return s * (s - 1)",
                         "lesson 3, section 2 (the result)",
                         "σ′(z) = σ(z)(1 − σ(z)) is never negative (the sigmoid only rises); s * (s - 1) flips its sign."),
    },
    probes=lambda: [(np.linspace(-3.0, 3.0, 7),), (np.array([-1.5, 0.25, 2.0]),)],
)


# --------------------------------------------------------------------------- the backward step of a sigmoid layer (code)
def _sigmoid_backward_cases():
    """(description, grad_a, a): one neuron at its steepest (a = ½) and two saturated ones, then batches of
    random layers; every a is a sigmoid output, strictly between 0 and 1."""
    yield "one sample, three neurons with a = 0.5, 0.99, 0.01", np.array([[1.0, 1.0, -2.0]]), np.array([[0.5, 0.99, 0.01]])
    rng = np.random.default_rng(3)
    for shape in ((4, 3), (1, 5), (6, 2)):
        yield (f"a batch of {shape[0]}, a layer of {shape[1]}", rng.normal(size=shape),
               activations.sigmoid(rng.normal(scale=2.0, size=shape)))


def _test_sigmoid_backward(function):
    for what, grad_a, a in _sigmoid_backward_cases():
        true = grad_a * activations.sigmoid.deriv_from_output(a)
        got = returned(function(grad_a.copy(), a.copy()), true.shape, name="sigmoid_backward", ends_with="…",
                       wrong_shape=lambda shape: (f"for {what} sigmoid_backward should return one δ per sample and "
                                                  f"neuron, shape {true.shape} (like a), got shape {shape}."))
        if not np.all(np.isfinite(got)):
            return False, f"for {what} sigmoid_backward returned NaN or inf."
        worst = np.unravel_index(int(np.argmax(np.abs(got - true))), true.shape)
        if abs(got[worst] - true[worst]) > 1e-12:
            return False, (f"for {what}, entry {tuple(int(i) for i in worst)}: your function gives "
                           f"{fmt(got[worst], 6)}, but δ = {fmt(true[worst], 6)}.")
    return True, ("sigmoid_backward gives δ = ∂E/∂a ⊙ a(1 − a) for neurons at their steepest and saturated, and "
                  "for batches of three random sigmoid layers.")


def _sigmoid_backward_code(slope="a * (1 - a)", sign=""):
    return f"def sigmoid_backward(grad_a, a):\n    return {sign}grad_a * {slope}"


register(
    "sigmoid_backward_code",
    "Write sigmoid_backward(grad_a, a): the backward step through a layer of sigmoid neurons. It gets ∂E/∂a "
    "(grad_a) and the outputs a = σ(z) the forward pass stored (both (N, n): one row per sample), not z, and "
    "returns δ = ∂E/∂z for every sample and neuron.",
    None,
    "the chain rule through a = σ(z): δ = ∂E/∂a · ∂a/∂z, entry by entry, and ∂a/∂z = σ′(z) = σ(z)(1 − σ(z)). "
    "But σ(z) is a itself: the slope is a(1 − a), with no exponential (section 7).",
    "return grad_a * a * (1 - a): the slope σ′(z) = σ(z)(1 − σ(z)) written with the stored output a = σ(z), "
    "times ∂E/∂a, entry by entry. Applying σ again, σ(a)(1 − σ(a)), would be the slope at z = a, not at z. "
    "For lesson 1's output neuron F, grad_a = o_F − t and this is δ_F, as printed in section 7.\n\n"
    + _sigmoid_backward_code(),
    points=2,
    test=_test_sigmoid_backward,
    reference=_sigmoid_backward_code(),
    nudge="reread section 7: the forward pass stored a, and the slope of the sigmoid can be written with a alone. "
          "Which two factors does the chain rule multiply, and which of them is given to you as it is?",
    mistakes={
        "sigma-prime-wrong-quantity": _sigmoid_backward_code(slope="(1 / (1 + np.exp(-a))) * (1 - 1 / (1 + np.exp(-a)))"),
        "sigma-prime-missing": _sigmoid_backward_code(slope="1"),
        "sign-flipped": _sigmoid_backward_code(sign="-"),
    },
    probes=lambda: [(np.array([[0.3, -1.2, 0.8]]), np.array([[0.2, 0.5, 0.9]])),
                    (np.array([[1.0, -0.5], [0.25, 2.0]]), np.array([[0.7, 0.1], [0.45, 0.6]]))],
)

"""Exercises of lesson 8: cross-entropy and softmax (registered with
:func:`backproplab.exercises.registry.register`).

Every answer is computed by the package (``losses``, ``activations``), never typed in, and so
are the numbers quoted in the worked solutions.
"""
import numpy as np

from ... import activations, losses
from ...exercises.registry import register, returned
from ...trace import fmt

# 1–2. One sigmoid output that is wrong, under both losses: o = 0.3 with target 1.
SIGMOID_OUTPUT, SIGMOID_TARGET = 0.3, 1.0


def _sigmoid_delta(loss_name) -> float:
    """δ = ∂E/∂z of one sigmoid output o with target t, through the package's own output error."""
    z = np.log(SIGMOID_OUTPUT / (1.0 - SIGMOID_OUTPUT))          # σ(z) = o
    o, t = np.array([[SIGMOID_OUTPUT]]), np.array([[SIGMOID_TARGET]])
    loss = losses.get(loss_name)
    from ...backprop import output_error
    return float(output_error(loss, activations.sigmoid)(np.array([[z]]), o, t)[1][0, 0])


def _sigmoid_delta_solution(loss_name) -> str:
    o, t = SIGMOID_OUTPUT, SIGMOID_TARGET
    if loss_name == "bce":
        return (f"With binary cross-entropy the σ′ cancels: δ = o − t = {fmt(o)} − {fmt(t)} = "
                f"{fmt(_sigmoid_delta('bce'))}.")
    return (f"δ = ∂E/∂o · σ′(z) = (o − t)·o(1 − o) = ({fmt(o)} − {fmt(t)})·{fmt(o)}·{fmt(1 - o)} = "
            f"{fmt(o - t)}·{fmt(o * (1 - o))} = {fmt(_sigmoid_delta('half_sse'))}: the factor o(1 − o) "
            f"makes it {fmt(1 / (o * (1 - o)), 3)} times smaller than the δ of binary cross-entropy.")


register(
    "delta_bce_sigmoid",
    f"A sigmoid output neuron gives o = {fmt(SIGMOID_OUTPUT)}; its target is t = {fmt(SIGMOID_TARGET)}. "
    "What is its error term δ = ∂E/∂z under binary cross-entropy?",
    lambda: _sigmoid_delta("bce"),
    "derive ∂E/∂o for E = −[t ln o + (1 − t) ln(1 − o)], multiply by σ′(z) = o(1 − o), and simplify.",
    lambda: _sigmoid_delta_solution("bce"),
)
register(
    "delta_half_sse_sigmoid",
    f"The same neuron (o = {fmt(SIGMOID_OUTPUT)}, t = {fmt(SIGMOID_TARGET)}) under half-SSE, E = ½(t − o)²: "
    "what is δ = ∂E/∂z?",
    lambda: _sigmoid_delta("half_sse"),
    "δ = ∂E/∂o · σ′(z), with ∂E/∂o = o − t and σ′(z) = o(1 − o).",
    lambda: _sigmoid_delta_solution("half_sse"),
)


# 3. p − y for a small softmax.
SOFTMAX_Z = (2.0, 1.0, 0.1)
SOFTMAX_CLASS = 0          # the right class: y = (1, 0, 0)


def _softmax_probabilities():
    return activations.softmax(np.array([SOFTMAX_Z]))[0]


def _softmax_delta_right_class() -> float:
    z = np.array([SOFTMAX_Z])
    y = np.zeros_like(z)
    y[0, SOFTMAX_CLASS] = 1.0
    p = activations.softmax(z)
    return float(losses.cross_entropy.value_and_delta(z, p, y)[1][0, SOFTMAX_CLASS])


def _softmax_solution() -> str:
    z, p = SOFTMAX_Z, _softmax_probabilities()
    total = float(np.exp(z).sum())
    return (f"e^z = ({', '.join(fmt(v) for v in np.exp(z))}), their sum is {fmt(total)}, so "
            f"p = ({', '.join(fmt(v) for v in p)}). The first class is the right one, y₁ = 1: "
            f"δ₁ = p₁ − y₁ = {fmt(p[0])} − 1 = {fmt(_softmax_delta_right_class())}. The other two get "
            f"δ = p − 0 = {fmt(p[1])} and {fmt(p[2])}: the three add up to 0, since Σp = Σy = 1.")


register(
    "softmax_delta_right_class",
    f"A softmax output layer has net inputs z = ({', '.join(fmt(v) for v in SOFTMAX_Z)}) and the right class "
    "is the first, y = (1, 0, 0). Under cross-entropy, what is the error term δ₁ = ∂E/∂z₁ of the first output?",
    _softmax_delta_right_class,
    "δ = p − y: compute p₁ = e^{z₁}/Σⱼ e^{zⱼ} first.",
    _softmax_solution,
)


# 4. Conceptual: where does binary cross-entropy learn slowly?
SLOW_CHOICES = {
    1: "a sigmoid output saturated on the wrong side (o ≈ 0 with t = 1)",
    2: "a sigmoid output saturated on the right side (o ≈ 1 with t = 1)",
    3: "both: any saturated sigmoid output",
    4: "neither: with cross-entropy a sigmoid output never learns slowly",
}
_RIGHT_CHOICE = 2

register(
    "bce_slow_when",
    "Under binary cross-entropy, which output neuron has a small error term δ, so that its weights "
    "hardly change? " + "; ".join(f"{k}: {v}" for k, v in SLOW_CHOICES.items())
    + ". Enter the number of your choice.",
    _RIGHT_CHOICE,
    "write down δ for sigmoid + binary cross-entropy (section 2) and ask when it is near 0. "
    "σ′ = o(1 − o) no longer appears in it.",
    "2. With binary cross-entropy δ = o − t: it is near 0 only when the output is already right "
    "(o ≈ t), and then there is little to learn. On the wrong side, o ≈ 0 with t = 1, δ ≈ −1, the "
    "largest it can be. Under half-SSE answer 3 would be true: there δ = (o − t)·o(1 − o) is small "
    "at either end, whether the output is right or wrong — the slowdown of section 1.",
    abs_tol=0.01, rel_tol=0.0,
)


# 5. A code-writing exercise: a stable log-softmax.
def _log_softmax_cases():
    """(name, z) test inputs: one row, a batch, a row with |z| = 1000, rows of very different sizes."""
    rng = np.random.default_rng(8)
    yield "z = (2, 1, 0.1)", np.array(SOFTMAX_Z)
    yield "a batch of 5 rows", rng.normal(size=(5, 4))
    yield "z = (1000, 0, −1000)", np.array([1000.0, 0.0, -1000.0])
    yield "the rows (1000, 999) and (0, −1)", np.array([[1000.0, 999.0], [0.0, -1.0]])


def _test_log_softmax(function):
    for name, z in _log_softmax_cases():
        with np.errstate(all="ignore"):      # a naive version's overflow is reported below, not warned
            got = returned(function(z.copy()), z.shape, name="log_softmax(z)", ends_with="…",
                           wrong_shape=lambda shape: (f"log_softmax(z) should return an array shaped like "
                                                      f"z, {z.shape}, for {name}, got shape {shape}."))
        true = activations.log_softmax(z)
        if not np.all(np.isfinite(got)):
            return False, (f"for {name} your log_softmax gives NaN or −inf: an exponential overflowed "
                           "or a probability underflowed to 0 before the log.")
        worst = np.unravel_index(int(np.argmax(np.abs(got - true))), z.shape)
        if abs(got[worst] - true[worst]) > 1e-9 * max(1.0, abs(true[worst])):
            return False, (f"for {name} entry {tuple(int(i) for i in worst)} is {fmt(got[worst], 6)}, but "
                           f"ln p there is {fmt(true[worst], 6)}.")
    return True, ("log_softmax agrees with the package's activations.log_softmax on a row, a batch, and "
                  "rows with net inputs of ±1000, where no probability is left to take the log of.")


register(
    "log_softmax_code",
    "Write log_softmax(z): ln p_k = z_k − ln Σⱼ e^{z_j} along the last axis of z (one row, or a batch of "
    "rows), finite for every finite z.",
    None,
    "shift each row by its own maximum first, z − z.max(axis=-1, keepdims=True): that changes no p_k, "
    "no exponential can overflow, and the largest term of the sum is e⁰ = 1. Then subtract the log of "
    "the row's sum of exponentials, with keepdims=True so that it broadcasts.",
    "shifted = z − max(z) per row; log_softmax = shifted − ln Σ e^shifted. Subtracting m from every z_k "
    "divides numerator and denominator of p_k by e^m, so p is unchanged; but now every exponent is ≤ 0 "
    "(no overflow) and one term of the sum is exactly 1 (the log never sees 0). np.log(softmax(z)) "
    "fails at z = (1000, 0, −1000): p₃ underflows to 0 and ln 0 = −inf. A single maximum over the whole "
    "batch fails for the rows (1000, 999) and (0, −1): the second row's exponentials all underflow.",
    points=2,
    test=_test_log_softmax,
    reference=("def log_softmax(z):\n"
               "    shifted = z - z.max(axis=-1, keepdims=True)\n"
               "    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))"),
)

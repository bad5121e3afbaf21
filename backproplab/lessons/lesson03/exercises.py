"""Exercises of lesson 3 (registered with :func:`backproplab.exercises.registry.register`).

The answers are computed by ``backproplab.activations``; the numbers in the worked solutions
are formatted from the same computation, never typed.

Keys: ``sigmoid_prime_3``, ``tanh_prime_0.5`` (values, four decimals), ``sigmoid_prime_code`` (code: σ′(z) for an
array), ``sigmoid_layer_backward_code`` (code: δ = (δ_above W_aboveᵀ) ⊙ a(1 − a), a hidden sigmoid layer's backward step
from its stored outputs).
"""
import numpy as np

from ... import activations
from ..._plumbing.i18n import mark, tr
from ...exercises.registry import register, returned
from ...trace import fmt


_REREAD_RESULT = mark("lesson 3, section 2 (the result)")
_REREAD_OTHERS = mark("lesson 3, section 5 (other activations and their derivatives)")
_REREAD_CONVENIENT = mark("lesson 3, section 7 (why σ′ = σ(1 − σ) is so convenient)")
_REREAD_VANISHING = mark("lesson 3, section 8 (saturation and vanishing gradients)")


# z = 3, not 0: σ′(0) = ¼ is stated (and derived) in the lesson, so it would be no exercise.
SIGMOID_Z = 3.0


def _sigmoid_prime_3() -> float:
    return float(activations.sigmoid.derivative(SIGMOID_Z))


def _tanh_prime_half() -> float:
    return float(activations.tanh.derivative(0.5))


def _sigmoid_prime_3_solution() -> str:
    # σ(3) to five digits, so that 1 − σ(3) and the product shown agree with it (0.9526 would give 1 − σ(3) = 0.0474).
    s3, best = float(activations.sigmoid(SIGMOID_Z)), float(activations.sigmoid.derivative(0.0))
    return tr("σ(3) = 1/(1 + e^(−3)) = {s3}, so σ′(3) = σ(3)(1 − σ(3)) = {s3}·{one_minus} = "
              "{slope}: less than a fifth of the sigmoid's best slope σ′(0) = {best}. "
              "At z = 3 the neuron is already starting to saturate.").format(
        s3=fmt(s3, 5), one_minus=fmt(1 - s3), slope=fmt(_sigmoid_prime_3()), best=fmt(best))


def _tanh_prime_half_solution() -> str:
    # five digits throughout, so that the square and the difference shown agree with the numbers shown
    t = float(activations.tanh(0.5))
    return tr("tanh(0.5) = {t}, so tanh′(0.5) = 1 − {t}² = 1 − {t2} = {slope}.").format(
        t=fmt(t, 5), t2=fmt(t * t, 5), slope=fmt(_tanh_prime_half(), 5))


register(
    "sigmoid_prime_3",
    lambda: tr("What is σ′(3), the slope of the sigmoid at z = 3? Give four decimals."),
    _sigmoid_prime_3,
    lambda: tr("use σ′(z) = σ(z)(1 − σ(z)) and first work out σ(3) = 1/(1 + e^(−3)) to four decimals "
               "(np.exp(-3) or a calculator gives e^(−3))."),
    _sigmoid_prime_3_solution,
    nudge=lambda: tr("section 2's boxed result writes the slope with the sigmoid's value at that z: which number "
                     "goes in, 3 itself or what the sigmoid makes of it? Keep four decimals on the way."),
    # Four decimals, as the question says: σ′(3) ≈ 0.0452; σ(3) itself (0.9526), 3·(1 − 3) and σ(σ(3))(1 − σ(σ(3)))
    # are far from it at any rounding.
    decimals=4,
    mistakes={"sigma-prime-wrong-quantity": [lambda: SIGMOID_Z * (1 - SIGMOID_Z),
                                             lambda: float(activations.sigmoid.derivative(activations.sigmoid(SIGMOID_Z)))],
              "sigma-prime-missing": ([lambda: float(activations.sigmoid(SIGMOID_Z))], _REREAD_RESULT,
                                      mark("this is σ(3), the sigmoid's value; its slope σ′(3) multiplies it by "
                                           "1 − σ(3)."))},
)
register(
    "tanh_prime_0.5",
    lambda: tr("What is tanh′(0.5)? Give four decimals."),
    _tanh_prime_half,
    lambda: tr("use tanh′(z) = 1 − tanh²(z); np.tanh(0.5) (or a calculator) gives tanh(0.5)."),
    _tanh_prime_half_solution,
    nudge=lambda: tr("the formula in the question squares a value of tanh, not z itself: which number is that "
                     "here? Give four decimals."),
    # Four decimals (the question says so): tanh′(0.5) ≈ 0.7864; 1 − 0.5² = 0.75 (z squared), 1 − tanh²(tanh(0.5))
    # ≈ 0.8135, tanh(0.5) ≈ 0.4621 and the sigmoid's a(1 − a) with a = tanh(0.5) ≈ 0.2486 are far from it.
    decimals=4,
    mistakes={"sigma-prime-wrong-quantity": (
                  [lambda: 1 - 0.5 ** 2, lambda: float(activations.tanh.derivative(activations.tanh(0.5))),
                   lambda: float(activations.sigmoid.deriv_from_output(activations.tanh(0.5)))],
                  _REREAD_OTHERS,
                  mark("tanh′(z) = 1 − tanh²(z) = 1 − a² squares the output a = tanh(z): squaring z itself, or tanh "
                       "of the output, applies tanh once too few or too many times, and a(1 − a) is the sigmoid's "
                       "slope, not tanh's.")),
              "sigma-prime-missing": ([lambda: float(activations.tanh(0.5))], _REREAD_OTHERS,
                                      mark("this is tanh(0.5), the value; its slope is 1 − tanh²(0.5)."))},
)


# A code-writing exercise: the student writes σ′ as backprop uses it (σ computed once, reused).
_CODE_POINTS = np.linspace(-8.0, 8.0, 33)


def _test_sigmoid_prime(function):
    z = _CODE_POINTS.copy()
    got = returned(function(z), z.shape, name="sigmoid_prime(z)", ends_with="…", wrong_shape=lambda shape: (
        tr("sigmoid_prime(z) should return an array shaped like z, {expected}, got shape {shape}.").format(
            expected=z.shape, shape=shape)))
    true = activations.sigmoid.derivative(_CODE_POINTS)
    if not np.all(np.isfinite(got)):
        return False, tr("sigmoid_prime(z) returned NaN or inf for some z between −8 and 8.")
    worst = int(np.argmax(np.abs(got - true)))
    if abs(got[worst] - true[worst]) < 1e-9:
        return True, tr("sigmoid_prime agrees with σ′(z) at all {n} test points from −8 to 8.").format(n=z.size)
    return False, tr("at z = {z} your function gives {got}, but σ′(z) = {true}.").format(
        z=fmt(_CODE_POINTS[worst]), got=fmt(got[worst], 6), true=fmt(true[worst], 6))


register(
    "sigmoid_prime_code",
    lambda: tr("Write sigmoid_prime(z), the sigmoid's derivative, for a number or a whole array z, with numpy "
               "only."),
    None,
    lambda: tr("section 2's boxed result writes the slope with the sigmoid's own value σ(z) alone, no second "
               "exponential: compute that value once, for every entry of z, with np.exp (math.exp takes one number, "
               "not an array), keep it in a variable, and build the slope from it with array arithmetic, so the "
               "result has z's shape."),
    lambda: tr("s = 1 / (1 + np.exp(-z)) computes σ(z) once, for every entry of z; return s * (1 - s) then gives "
               "σ′(z) = σ(z)(1 − σ(z)). Reusing σ is exactly what backprop does with a neuron's stored output a: "
               "its slope is a(1 − a), with no second exponential."),
    points=2,
    test=_test_sigmoid_prime,
    reference=("def sigmoid_prime(z):\n"
               "    s = 1 / (1 + np.exp(-z))\n"
               "    return s * (1 - s)"),
    nudge=lambda: tr("section 2 ends with the slope written in terms of the sigmoid's own value: compute that value "
                     "once, for the whole array, and reuse it. Try z = 0 first: the lesson says what the slope is "
                     "there."),
    mistakes={
        "sigma-prime-wrong-quantity": ["def sigmoid_prime(z):\n    return z * (1 - z)",
                                       "def sigmoid_prime(z):\n    s = 1 / (1 + np.exp(-z))\n"
                                       "    s = 1 / (1 + np.exp(-s))\n    return s * (1 - s)"],
        "sigma-prime-missing": ("def sigmoid_prime(z):\n    return 1 / (1 + np.exp(-z))", _REREAD_RESULT,
                                mark("the function returns σ(z), the sigmoid's value; its slope multiplies it by "
                                     "1 − σ(z).")),
        "sign-flipped": ("def sigmoid_prime(z):\n    s = 1 / (1 + np.exp(-z))\n    return s * (s - 1)",
                         _REREAD_RESULT,
                         mark("your function gives −σ′(z); σ′ is never negative, since the sigmoid only rises.")),
    },
    probes=lambda: [(np.linspace(-3.0, 3.0, 7),), (np.array([-1.5, 0.25, 2.0]),)],
)


# --------------------------------------------------------------------------- the backward step through a hidden sigmoid layer (code)
# Section 7 prints the output layer's step, δ = ∂E/∂a ⊙ a(1 − a), almost word for word; this exercise asks for the
# hidden layer's: equation (2) of section 8 with σ′ written from the stored outputs, as section 7 does.
def _sigmoid_layer_backward_cases():
    """(description, delta_above, W_above, a): a layer of three neurons at their steepest (a = ½) and saturated under
    two neurons, then random layers of several shapes (one of them square, where δ @ W runs and is wrong); every a
    is a sigmoid output, strictly between 0 and 1."""
    yield (tr("one sample, three neurons with a = 0.5, 0.99, 0.01 under two neurons"), np.array([[1.0, -2.0]]),
           np.array([[0.5, -1.0], [2.0, 0.25], [-0.75, 1.5]]), np.array([[0.5, 0.99, 0.01]]))
    rng = np.random.default_rng(3)
    for n_samples, n, m in ((4, 3, 2), (1, 5, 1), (6, 2, 4), (3, 3, 3)):
        yield (tr("a batch of {n_samples}, a layer of {n} under a layer of {m}").format(n_samples=n_samples, n=n, m=m),
               rng.normal(size=(n_samples, m)),
               rng.uniform(-1.0, 1.0, size=(n, m)), activations.sigmoid(rng.normal(scale=2.0, size=(n_samples, n))))


def _test_sigmoid_layer_backward(function):
    for what, delta_above, W_above, a in _sigmoid_layer_backward_cases():
        true = (delta_above @ W_above.T) * activations.sigmoid.deriv_from_output(a)
        got = returned(function(delta_above.copy(), W_above.copy(), a.copy()), true.shape,
                       name="sigmoid_layer_backward", ends_with="…",
                       wrong_shape=lambda shape: tr("for {what} sigmoid_layer_backward should return one δ per "
                                                    "sample and neuron of this layer, shape {expected} (like a), got "
                                                    "shape {shape}.").format(what=what, expected=true.shape,
                                                                             shape=shape))
        if not np.all(np.isfinite(got)):
            return False, tr("for {what} sigmoid_layer_backward returned NaN or inf.").format(what=what)
        worst = np.unravel_index(int(np.argmax(np.abs(got - true))), true.shape)
        if abs(got[worst] - true[worst]) > 1e-12:
            return False, tr("for {what}, entry {entry}: your function gives {got}, but δ = {true}.").format(
                what=what, entry=tuple(int(i) for i in worst), got=fmt(got[worst], 6), true=fmt(true[worst], 6))
    return True, tr("sigmoid_layer_backward gives δ = (δ_above W_aboveᵀ) ⊙ a(1 − a) for neurons at their steepest "
                    "and saturated, and for four random layers of different shapes.")


def _sigmoid_layer_backward_code(upstream="delta_above @ W_above.T", slope=" * a * (1 - a)", sign=""):
    return f"def sigmoid_layer_backward(delta_above, W_above, a):\n    return {sign}({upstream}){slope}"


_SIGMA_OF_A = "(1 / (1 + np.exp(-a)))"

register(
    "sigmoid_layer_backward_code",
    lambda: tr("Write sigmoid_layer_backward(delta_above, W_above, a): the backward step through a hidden layer of "
               "n sigmoid neurons under a layer of m neurons. It gets the error signals of the layer above, "
               "delta_above (N, m), the weights W_above (n, m) from this layer to the one above (entry [i, j] joins "
               "neuron i here to neuron j above), and this layer's outputs a = σ(z) that the forward pass stored "
               "(N, n), not z; it returns δ = ∂E/∂z of this layer, (N, n): one row per sample."),
    None,
    lambda: tr("two factors, multiplied entry by entry. What reaches a neuron from above is every δ of the layer "
               "above, weighted by the weight that joins the two neurons: one matrix product, whose result must have "
               "one column per neuron of this layer (compare the shapes of delta_above and W_above). The other "
               "factor is the neuron's own slope, written with the stored output alone, as section 7 writes it: no "
               "z, no exponential."),
    lambda: tr("return (delta_above @ W_above.T) * a * (1 - a): equation (2) of section 8, "
               "δ_k = (δ_(k+1) W_(k+1)ᵀ) ⊙ σ′(z_k), with σ′(z_k) written with the stored output a = σ(z_k) as in "
               "section 7. The transpose makes the shapes fit: (N, m) @ (m, n) is (N, n), and entry [s, i] is "
               "Σ_j δ_j w_ij, the δ of every neuron above weighted by the weight from neuron i to it. Applying σ "
               "again, σ(a)(1 − σ(a)), would be the slope at z = a, not at z. For lesson 1's network, with δ_F "
               "above and the weights w_DF, w_EF, this gives δ_D and δ_E.")
    + "\n\n" + _sigmoid_layer_backward_code(),
    points=2,
    test=_test_sigmoid_layer_backward,
    reference=_sigmoid_layer_backward_code(),
    nudge=lambda: tr("reread sections 7 and 8: section 8 says which two factors a hidden layer's δ multiplies, "
                     "section 7 how the forward pass's stored a gives one of them. Check the shapes: which product "
                     "of delta_above and W_above has one column per neuron of this layer?"),
    mistakes={
        "weights-not-transposed": _sigmoid_layer_backward_code(upstream="delta_above @ W_above"),
        "sigma-prime-wrong-quantity": (
            [_sigmoid_layer_backward_code(slope=f" * {_SIGMA_OF_A} * (1 - {_SIGMA_OF_A})"),
             _sigmoid_layer_backward_code(slope=" * a"), _sigmoid_layer_backward_code(slope=" * (1 - a)")],
            _REREAD_CONVENIENT,
            mark("the slope of a sigmoid neuron, written with its stored output a = σ(z), is the product of a and "
                 "1 − a, taken of a itself: σ(a)(1 − σ(a)) applies σ once too often, and a or 1 − a alone drops one "
                 "factor.")),
        "sigma-prime-missing": (_sigmoid_layer_backward_code(slope=""), _REREAD_CONVENIENT),
        "sign-flipped": (_sigmoid_layer_backward_code(sign="-"), _REREAD_VANISHING,
                         mark("your function gives −δ; the slope a(1 − a) is positive, so δ has the sign of what "
                              "comes back from above, δ_above W_aboveᵀ.")),
    },
    # square weights, so that δ @ W (not transposed) runs too and is named
    probes=lambda: [(np.array([[0.3, -1.2, 0.8], [1.0, 0.4, -0.6]]),
                     np.array([[0.5, -1.0, 0.2], [0.9, 0.3, -0.7], [-0.4, 0.6, 1.1]]),
                     np.array([[0.2, 0.5, 0.9], [0.7, 0.1, 0.45]])),
                    (np.array([[1.0, -0.5]]), np.array([[0.8, -0.3], [0.25, 0.6]]), np.array([[0.6, 0.35]]))],
)

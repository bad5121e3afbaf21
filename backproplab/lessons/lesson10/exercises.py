"""Exercises of lesson 10, the playground (registered with :func:`backproplab.exercises.registry.register`).

Every answer is computed with the package, never typed in: where the boundary crosses an axis,
from the unit's weights, the leaky ReLU's δ from :mod:`backproplab.activations`, and the hand-made circle classifier
is checked on the playground's own circle data set.
"""
import math

import numpy as np

from ..._plumbing.format import number
from ..._plumbing.i18n import mark, tr
from ...activations import LEAKY_SLOPE, get as activation
from ...datasets import playground
from ...exercises.registry import NotYet, register, returned


def _fmt(v, digits=4):
    return number(v, f".{digits}g")


_CHALLENGE_2 = mark("lesson 10, section 2 (challenge 2: the circle with x₁² and x₂², no hidden layer)")


# 1. A linear boundary in feature space is a conic in the plane: here an ellipse.
_W1_SQUARE, _W2_SQUARE, _B_ELLIPSE = -0.8, -0.45, 5.0     # o = σ(w₁x₁² + w₂x₂² + b)


def _axis_crossing():
    # on the x₂ axis x₁ = 0: w₂x₂² + b = 0  ⇔  x₂ = √(−b/w₂)
    return math.sqrt(-_B_ELLIPSE / _W2_SQUARE)


def _axis_crossing_solution():
    other = math.sqrt(-_B_ELLIPSE / _W1_SQUARE)
    return tr("The output is ½ where z = 0: w₁x₁² + w₂x₂² + b = 0. On the x₂ axis x₁ = 0, so w₂x₂² = −b and "
              "x₂² = −b/w₂ = {minus_b}/({w2}) = {square}: the "
              "boundary crosses the axis at x₂ = ±√{square} = ±{crossing}. "
              "Likewise it crosses the x₁ axis at ±√(−b/w₁) = ±{other}: an ellipse with these semi-axes "
              "(a circle when w₁ = w₂). Inside it z > 0 (the bias wins, o > ½), outside z < 0. In the feature "
              "space (u, v) = (x₁², x₂²) the same boundary is the straight line w₁u + w₂v + b = 0; only the "
              "plane's picture is curved.").format(minus_b=_fmt(-_B_ELLIPSE), w2=_fmt(_W2_SQUARE),
                                                   square=_fmt(-_B_ELLIPSE / _W2_SQUARE),
                                                   crossing=_fmt(_axis_crossing()), other=_fmt(other))


register(
    "ellipse_axis_crossing",
    lambda: tr("A network without hidden layers has the inputs x₁² and x₂² and one sigmoid output, "
               "o = σ(w₁x₁² + w₂x₂² + b), with w₁ = {w1}, w₂ = {w2} and b = {b}. "
               "Its decision boundary (o = ½) is a closed curve around the origin: at which distance from the "
               "origin does it cross the x₂ axis? Give it to 3 decimals.").format(
        w1=_fmt(_W1_SQUARE), w2=_fmt(_W2_SQUARE), b=_fmt(_B_ELLIPSE)),
    _axis_crossing,
    lambda: tr("o = ½ exactly where z = 0. On the x₂ axis x₁ = 0: solve w₂x₂² + b = 0 for x₂ > 0."),
    _axis_crossing_solution,
    nudge=lambda: tr("challenge 2: where is a sigmoid unit's output exactly ½, and what is x₁ everywhere on the "
                     "x₂ axis?"),
    decimals=3,
    # 11.111 = x₂², the square root forgotten; 2.5 (the x₁ axis, w₁ for w₂) has no catalogued mistake and
    # is only rejected
    mistakes={"radius-not-squared": (lambda: _axis_crossing() ** 2, _CHALLENGE_2,
                                     mark("the features are squares: w₂x₂² + b = 0 gives x₂², and the distance "
                                          "from the origin is its square root, x₂ = √(−b/w₂)."))},
)


# 2. What a leaky ReLU passes back where a ReLU passes back 0.
_Z_OFF = -1.3                               # the hidden unit's net input on this sample
_DELTAS_NEXT = (0.42, -0.3)                 # δ of the two units it feeds
_WEIGHTS_OUT = (0.7, 0.5)                   # its weights into them


def _leaky_delta():
    back = sum(w * d for w, d in zip(_WEIGHTS_OUT, _DELTAS_NEXT))
    return float(activation("leaky_relu").derivative(np.array(_Z_OFF))) * back


def _leaky_delta_solution():
    back = sum(w * d for w, d in zip(_WEIGHTS_OUT, _DELTAS_NEXT))
    relu = float(activation("relu").derivative(np.array(_Z_OFF)))
    terms = " + ".join(f"{_fmt(w)}·({_fmt(d)})" if d < 0 else f"{_fmt(w)}·{_fmt(d)}"
                       for w, d in zip(_WEIGHTS_OUT, _DELTAS_NEXT))
    return tr("δ = φ′(z)·Σₖ w_k δ_k. The sum is {terms} = {back} whatever the activation. For z = "
              "{z} < 0 the ReLU's slope is φ′(z) = {relu}, so a ReLU passes back δ = 0 and none "
              "of its incoming weights moves (∂E/∂w = a_prev·δ = 0). The leaky ReLU's slope there is "
              "{slope}, so δ = {slope} · {back} = {delta}: small, "
              "but not zero, so the unit can still come back to life.").format(
        terms=terms, back=_fmt(back), z=_fmt(_Z_OFF), relu=_fmt(relu), slope=_fmt(LEAKY_SLOPE),
        delta=_fmt(_leaky_delta()))


register(
    "leaky_relu_delta",
    lambda: tr("A hidden unit has net input z = {z} on one sample. It feeds two units: through the weight "
               "{w0} the unit with δ = {d0}, and through the weight "
               "{w1} the unit with δ = {d1}. A ReLU unit would pass back nothing here. With the leaky ReLU "
               "(slope {slope} for z < 0) instead, what is the unit's δ? Give it to 5 decimals.").format(
        z=_fmt(_Z_OFF), w0=_fmt(_WEIGHTS_OUT[0]), d0=_fmt(_DELTAS_NEXT[0]), w1=_fmt(_WEIGHTS_OUT[1]),
        d1=_fmt(_DELTAS_NEXT[1]), slope=_fmt(LEAKY_SLOPE)),
    _leaky_delta,
    lambda: tr("Equation (2) of lesson 2: δ = φ′(z)·Σₖ w_k δ_k. Which slope does the leaky ReLU have at a "
               "negative z?"),
    _leaky_delta_solution,
    abs_tol=1e-6,
    nudge=lambda: tr("reread challenge 3 (dead ReLUs): why does a ReLU pass back nothing at a negative z, and "
                     "what is different about the leaky ReLU there?"),
    decimals=5,
    # 0.144: the sum that comes back, without the slope; the ReLU's 0 and a one-path 0.00294 are wrong too,
    # but no catalogued mistake
    mistakes={"sigma-prime-missing": (lambda: _leaky_delta() / LEAKY_SLOPE,
                                      mark("lesson 10, challenge 3 (dead ReLUs)"))},
)


# 3. Code: a circle classifier without hidden layers, weights chosen by hand.
_CIRCLE_N, _CIRCLE_SEED = 400, 10           # the check's points: the playground's circle, another seed


def _boundary(w1, w2, b):
    """The boundary z = 0 of the fitted weights, written as a student would: −1·x₁² − 1·x₂² + 9 = 0 (six
    significant digits, so that b = 12.25 reads 12.25; the fit's round-off stays below them)."""
    terms = [(w1, "x₁²"), (w2, "x₂²"), (b, "")]
    text = number(terms[0][0], ".6g") + "·x₁²"
    for value, name in terms[1:]:
        text += f" {'−' if value < 0 else '+'} {number(abs(value), '.6g')}" + (f"·{name}" if name else "")
    return text + " = 0"


def _sigmoid_logit(o):
    return np.log(o) - np.log1p(-o)


def _test_circle_output(function):
    X, t = playground("circle", n=_CIRCLE_N, seed=_CIRCLE_SEED)
    o = returned(function(X.copy()), (len(X), 1), name="circle_output", ends_with="o",
                 wrong_shape=lambda shape: tr("circle_output should return one output per row, shape "
                                              "({n}, 1), got shape {shape}.").format(n=len(X), shape=shape))
    if not np.all(np.isfinite(o)) or np.any(o < 0) or np.any(o > 1) or np.all((o == 0) | (o == 1)):
        raise NotYet(tr("o should be a sigmoid's output, strictly between 0 and 1 for every point: "
                        "return σ(z) = 1/(1 + e^(−z))."))
    # o must be σ of a linear function of (x₁², x₂², 1): fit one on the points that are not saturated
    usable = (o[:, 0] > 1e-9) & (o[:, 0] < 1 - 1e-9)
    if usable.sum() < 20:
        raise NotYet(tr("almost every output lies within 1e-9 of 0 or 1, too close to tell which weighted sum "
                        "produced it: use |w| of about 3 or less."))
    z = _sigmoid_logit(o[usable, 0])
    F = np.column_stack([X[usable] ** 2, np.ones(usable.sum())])
    coef, *_ = np.linalg.lstsq(F, z, rcond=None)
    if np.abs(F @ coef - z).max() > 1e-6 * max(1.0, np.abs(z).max()):
        return False, tr("your o is not σ(w₁x₁² + w₂x₂² + b) for fixed weights: z must be a weighted sum of "
                         "the two features x₁², x₂² and the bias, nothing else (no hidden layer).")
    wrong = int(np.sum((o[:, 0] > 0.5) != (t[:, 0] > 0.5)))
    if wrong:
        return False, tr("{wrong} of {n} points are on the wrong side (your boundary is "
                         "{boundary}): the inner disc (r < 2) "
                         "has label 1, the ring (3.5 ≤ r ≤ 5) label 0, so o > ½ must hold inside a circle "
                         "between them.").format(wrong=wrong, n=len(X), boundary=_boundary(*coef))
    return True, tr("all {n} points of the circle data set on the right side; your boundary is "
                    "{boundary}.").format(n=len(X), boundary=_boundary(*coef))


def _circle_code(w="-1.0", b="9.0"):
    """circle_output as a student writes it; each registered mistake changes the weights."""
    return ("def circle_output(X):\n"
            "    x1, x2 = X[:, :1], X[:, 1:]\n"
            f"    w1, w2, b = {w}, {w}, {b}\n"
            "    z = w1 * x1**2 + w2 * x2**2 + b\n"
            "    return 1 / (1 + np.exp(-z))")


_PROBE_RADII = (0.3, 1.3, 1.9, 4.5)         # inside the disc (three) and on the ring (one)
# The mistake sentences below quote the first three radii as text (a sentence is a catalogue entry, looked
# up as written, so it cannot be formatted): a change of the radii must change them too.
if tuple(_fmt(r) for r in _PROBE_RADII[:3]) != ("0.3", "1.3", "1.9"):
    raise AssertionError("circle_output_code's mistake sentences quote the probe radii 0.3, 1.3 and 1.9: "
                         "update them with _PROBE_RADII")


def _circle_probes():
    """Points at the radii of :data:`_PROBE_RADII` in eight directions: a slip is told by the side
    (o > ½ or not) each point lands on, whatever weights the student chose."""
    angles = np.arange(8) * np.pi / 4 + 0.1
    return [(np.array([[r * np.cos(a), r * np.sin(a)] for r in radii for a in angles]),)
            for radii in (_PROBE_RADII, _PROBE_RADII[::-1])]


def _circle_sides(work, X):
    """Which probe points the circle_output ``work`` puts on the side o > ½ (1) or not (0): a mistake is
    named by this pattern, not by the exact weights."""
    return (np.asarray(work(X), dtype=float) > 0.5).astype(float)


register(
    "circle_output_code",
    lambda: tr("Write circle_output(X): for every row (x₁, x₂) of X (shape (n, 2)) the output "
               "o = σ(w₁x₁² + w₂x₂² + b) of a network without hidden layers on the features x₁², x₂², with "
               "weights you choose by hand (moderate weights, |w| about 1) so that o > ½ on the circle data "
               "set's inner disc (label 1) and o < ½ on its ring (label 0); return shape (n, 1)."),
    None,
    lambda: tr("The labels change between r = 2 and r = 3.5. Pick a radius r between them and make z = 0 on the "
               "circle x₁² + x₂² = r², positive inside it."),
    lambda: tr("With w₁ = w₂ = −1 and b = 9, z = 9 − (x₁² + x₂²) is positive inside the circle of radius 3 and "
               "negative outside, so o = σ(z) > ½ exactly inside it; any r with 2 ≤ r < 3.5 and a moderate w < 0 "
               "(|w| about 1 or less, with b = −w·r²) works; such a weight keeps most outputs away from 0 and 1. "
               "The checker reads z = logit(o) back from them and fits it to (x₁², x₂², 1): a hidden layer or a "
               "feature other than the two squares would not fit."),
    points=2,
    nudge=lambda: tr("challenge 2: in the features (x₁², x₂²) the boundary z = 0 is a straight line; in the "
                     "plane it is a circle around the origin. Where must that circle lie for this data set, and "
                     "which sign must z have inside it?"),
    test=_test_circle_output,
    reference=_circle_code(),
    # Named by the sides the probe points land on (radii 0.3, 1.3, 1.9, 4.5), whatever the weights, so each
    # sentence says what that pattern shows, not which slip made it: o < ½ on the disc and > ½ on the ring is
    # a flipped sign (in z, or 1/(1 + e^z) in σ); a circle between radius 1.3 and 1.9 is b = −w·r for an r
    # between 2 and 3.5 (here r = 3), or a squared radius chosen too small; o < ½ at every probe, even at
    # r = 0.3, is a missing, tiny or negative bias.
    mistakes={
        "sign-flipped": (_circle_code(w="1.0", b="-9.0"), _CHALLENGE_2,
                         mark("the sign of z decides the side: your o is below ½ on the inner disc and above ½ "
                              "on the ring, so the sign is flipped, in z or inside σ: σ(z) = 1/(1 + e^(−z)), and "
                              "with w < 0 < b, z is positive inside the circle.")),
        "radius-not-squared": (_circle_code(b="3.0"), _CHALLENGE_2,
                               mark("your boundary z = 0 lies inside the disc: it crosses between r = 1.3 and "
                                    "r = 1.9 from the centre, short of the disc's edge at r = 2 (for w₁ = w₂ = w "
                                    "its radius is √(−b/w)). If you set b = −w·r, remember the features are "
                                    "squares: radius r needs b = −w·r².")),
        "bias-missing": (_circle_code(b="0.0"), _CHALLENGE_2,
                         mark("your o is below ½ on the whole inner disc, even near its centre (r = 0.3): z "
                              "does not become positive there, so the bias is missing, too small or negative; "
                              "with w < 0 you need b = −w·r² > 0.")),
    },
    probes=_circle_probes,
    run=_circle_sides,
)

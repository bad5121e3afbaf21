"""Exercises of lesson 8: cross-entropy and softmax (registered with
:func:`backproplab.exercises.registry.register`).

Every answer is computed by the package (``losses``, ``activations``), never typed in, and so
are the numbers quoted in the worked solutions.

Keys: ``delta_bce_sigmoid``, ``delta_half_sse_sigmoid``, ``softmax_delta_right_class`` (values, two, three
and three decimals), ``bce_slow_when`` (a choice), ``log_softmax_code`` and ``softmax_cross_entropy_code``
(code: the lesson's core step, the loss and δ = p − y of a batch, summed over the samples).
"""
import numpy as np

from ... import activations, losses
from ...exercises.registry import diagnose, register, returned
from ...trace import fmt
from ..._plumbing.i18n import mark, tr
from . import crossentropy as ce

_SECTION_2 = mark("lesson 8, section 2 (why the σ′ cancels)")
# The catalogue words «softmax-derivative-twice» for softmax's p − y; a sigmoid question gets its own sentence.
_SIGMOID_SLOPE_TWICE = mark("δ = o − t already contains σ′; multiplying by o(1 − o) again counts it twice.")
_SIGMOID_SLOPE_TWICE_ALL = mark("δ = o − t already contains σ′; multiplying by o(1 − o) again counts it twice, "
                                "and only that second factor would make every saturated output slow.")

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
        return tr("With binary cross-entropy the σ′ cancels: δ = o − t = {o} − {t} = {delta}.").format(
            o=fmt(o), t=fmt(t), delta=fmt(_sigmoid_delta('bce')))
    return tr("δ = ∂E/∂o · σ′(z) = (o − t)·o(1 − o) = ({o} − {t})·{o}·{one_minus_o} = "
              "{error}·{slope} = {delta}: the factor o(1 − o) "
              "makes it {times} times smaller than the δ of binary cross-entropy.").format(
        o=fmt(o), t=fmt(t), one_minus_o=fmt(1 - o), error=fmt(o - t), slope=fmt(o * (1 - o)),
        delta=fmt(_sigmoid_delta('half_sse')), times=fmt(1 / (o * (1 - o)), 3))


def _sigmoid_slope() -> float:
    return SIGMOID_OUTPUT * (1.0 - SIGMOID_OUTPUT)           # σ′(z) = o(1 − o)


register(
    "delta_bce_sigmoid",
    lambda: tr("A sigmoid output neuron gives o = {o}; its target is t = {t}. "
               "What is its error term δ = ∂E/∂z under binary cross-entropy? (Two decimals are enough.)").format(
        o=fmt(SIGMOID_OUTPUT), t=fmt(SIGMOID_TARGET)),
    lambda: _sigmoid_delta("bce"),
    lambda: tr("derive ∂E/∂o for E = −[t ln o + (1 − t) ln(1 − o)], multiply by σ′(z) = o(1 − o), and simplify."),
    lambda: _sigmoid_delta_solution("bce"),
    nudge=lambda: tr("section 2 follows this loss from ∂E/∂o through the chain rule to z: do the same, and see "
                     "what is left after the factors meet."),
    decimals=2,
    # ∂E/∂o alone is (o − t)/(o(1 − o)), the chain rule stopped before σ′; half-SSE's δ is the σ′ kept in
    # after it has cancelled (a sigmoid is a two-class softmax, section 2).
    mistakes={"sign-flipped": lambda: -_sigmoid_delta("bce"),
              "sigma-prime-missing": (lambda: _sigmoid_delta("bce") / _sigmoid_slope(), _SECTION_2),
              "softmax-derivative-twice": (lambda: _sigmoid_delta("bce") * _sigmoid_slope(), _SECTION_2,
                                           _SIGMOID_SLOPE_TWICE)},
)
register(
    "delta_half_sse_sigmoid",
    lambda: tr("The same neuron (o = {o}, t = {t}) under half-SSE, E = ½(t − o)²: "
               "what is δ = ∂E/∂z? (Round to three decimals.)").format(o=fmt(SIGMOID_OUTPUT), t=fmt(SIGMOID_TARGET)),
    lambda: _sigmoid_delta("half_sse"),
    lambda: tr("δ = ∂E/∂o · σ′(z), with ∂E/∂o = o − t and σ′(z) = o(1 − o)."),
    lambda: _sigmoid_delta_solution("half_sse"),
    nudge=lambda: tr("section 1 (where the factor comes from) writes δ for a sigmoid under half-SSE: which factors "
                     "does the chain rule multiply, and does any of them cancel here?"),
    # Three decimals, as the question says: at two, −0.15 would also accept −0.1429, section 5's new w_CF,
    # printed above the exercise.
    decimals=3,
    mistakes={"sign-flipped": lambda: -_sigmoid_delta("half_sse"),
              "sigma-prime-missing": (lambda: SIGMOID_OUTPUT - SIGMOID_TARGET,
                                      mark("lesson 8, section 1 (the slowdown, measured: where the factor comes from)")),
              "sigma-prime-wrong-quantity": lambda: ((SIGMOID_OUTPUT - SIGMOID_TARGET)
                                                     * float(activations.sigmoid(SIGMOID_OUTPUT))
                                                     * (1.0 - float(activations.sigmoid(SIGMOID_OUTPUT))))},
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
    return tr("e^z = ({exps}), their sum is {total}, so "
              "p = ({p}). The first class is the right one, y₁ = 1: "
              "δ₁ = p₁ − y₁ = {p1} − 1 = {delta}. The other two get "
              "δ = p − 0 = {p2} and {p3}: the three add up to 0, since Σp = Σy = 1.").format(
        exps=', '.join(fmt(v) for v in np.exp(z)), total=fmt(total), p=', '.join(fmt(v) for v in p),
        p1=fmt(p[0]), delta=fmt(_softmax_delta_right_class()), p2=fmt(p[1]), p3=fmt(p[2]))


register(
    "softmax_delta_right_class",
    lambda: tr("A softmax output layer has net inputs z = ({z}) and the right class "
               "is the first, y = (1, 0, 0). Under cross-entropy, what is the error term δ₁ = ∂E/∂z₁ of the first "
               "output? (Round to three decimals.)").format(z=', '.join(fmt(v) for v in SOFTMAX_Z)),
    _softmax_delta_right_class,
    lambda: tr("δ = p − y: compute p₁ = e^{z₁}/Σⱼ e^{zⱼ} first."),
    _softmax_solution,
    nudge=lambda: tr("section 2 (softmax + cross-entropy) runs the chain rule through the whole Jacobian and ends "
                     "with a short result: reread where it lands, then work out the softmax outputs for these z."),
    decimals=3,
    mistakes={"sign-flipped": lambda: -_softmax_delta_right_class(),
              "softmax-derivative-twice": lambda: (_softmax_delta_right_class() * _softmax_probabilities()[0]
                                                   * (1.0 - _softmax_probabilities()[0]))},
)


# 4. Conceptual: where does binary cross-entropy learn slowly?
SLOW_CHOICES = {
    1: mark("a sigmoid output saturated on the wrong side (o ≈ 0 with t = 1)"),
    2: mark("a sigmoid output saturated on the right side (o ≈ 1 with t = 1)"),
    3: mark("both: any saturated sigmoid output"),
    4: mark("neither: with cross-entropy a sigmoid output never learns slowly"),
}
_RIGHT_CHOICE = 2

register(
    "bce_slow_when",
    lambda: tr("Under binary cross-entropy, which output neuron has a small error term δ, so that its weights "
               "hardly change? {choices}. Enter the number of your choice.").format(
        choices="; ".join(f"{k}: {tr(v)}" for k, v in SLOW_CHOICES.items())),
    _RIGHT_CHOICE,
    lambda: tr("write down δ for sigmoid + binary cross-entropy (section 2) and ask when it is near 0. "
               "σ′ = o(1 − o) no longer appears in it."),
    nudge=lambda: tr("section 1 follows a neuron saturated on the wrong side under both losses, and section 2 "
                     "derives the error term of binary cross-entropy; for each of the four neurons, ask how large "
                     "that error term is."),
    # 3 keeps the sigmoid's slope in δ after it has cancelled (a sigmoid is a two-class softmax, section 2)
    mistakes={"softmax-derivative-twice": (3, _SECTION_2, _SIGMOID_SLOPE_TWICE_ALL)},
    solution=lambda: tr("2. With binary cross-entropy δ = o − t: it is near 0 only when the output is already right "
                        "(o ≈ t), and then there is little to learn. On the wrong side, o ≈ 0 with t = 1, δ ≈ −1, the "
                        "largest it can be. Under half-SSE answer 3 would be true: there δ = (o − t)·o(1 − o) is small "
                        "at either end, whether the output is right or wrong — the slowdown of section 1."),
    abs_tol=0.01, rel_tol=0.0,
)


# 5. A code-writing exercise: a stable log-softmax.
def _log_softmax_cases():
    """(name, z) test inputs: one row, a batch, a row with |z| = 1000, rows of very different sizes."""
    rng = np.random.default_rng(8)
    yield "z = (2, 1, 0.1)", np.array(SOFTMAX_Z)
    yield mark("a batch of 5 rows"), rng.normal(size=(5, 4))
    yield "z = (1000, 0, −1000)", np.array([1000.0, 0.0, -1000.0])
    yield mark("the rows (1000, 999) and (0, −1)"), np.array([[1000.0, 999.0], [0.0, -1.0]])


def _log_softmax_code(first: str, result: str) -> str:
    """A version of log_softmax: one line ``first``, then ``return result`` (a buggy one, to name)."""
    return f"def log_softmax(z):\n    {first}\n    return {result}"


def _log_softmax_probes():
    """A batch with moderate net inputs (every slip runs; the sign slip shows there), the row
    (1000, 0, −1000), where the unshifted versions overflow and ln p underflows, and the rows (1000, 999)
    and (0, −1), where one maximum for the whole batch leaves the second row ln 0."""
    rng = np.random.default_rng(888)
    return [(rng.normal(size=(3, 4)),), (np.array([1000.0, 0.0, -1000.0]),),
            (np.array([[1000.0, 999.0], [0.0, -1.0]]),)]


def _run_log_softmax(function, z):
    """How a probe runs a version: its result with NaN read as 0 and beside it where the NaNs are, so
    that two versions that break at the same entries agree (a NaN equals nothing, not even a NaN)."""
    with np.errstate(all="ignore"):
        array = np.asarray(function(z), dtype=float)
    return np.where(np.isnan(array), 0.0, array), np.isnan(array)


def _test_log_softmax(function):
    for name, z in _log_softmax_cases():
        name = tr(name)
        with np.errstate(all="ignore"):      # a naive version's overflow is reported below, not warned
            got = returned(function(z.copy()), z.shape, name="log_softmax(z)", ends_with="…",
                           wrong_shape=lambda shape: tr("log_softmax(z) should return an array shaped like "
                                                        "z, {z_shape}, for {name}, got shape {shape}.").format(
                               z_shape=z.shape, name=name, shape=shape))
        true = activations.log_softmax(z)
        if not np.all(np.isfinite(got)):
            return False, tr("for {name} your log_softmax gives NaN or −inf: an exponential overflowed "
                             "or a probability underflowed to 0 before the log.").format(name=name)
        worst = np.unravel_index(int(np.argmax(np.abs(got - true))), z.shape)
        if abs(got[worst] - true[worst]) > 1e-9 * max(1.0, abs(true[worst])):
            return False, tr("for {name} entry {index} is {got}, but ln p there is {true}.").format(
                name=name, index=tuple(int(i) for i in worst), got=fmt(got[worst], 6), true=fmt(true[worst], 6))
    return True, tr("log_softmax agrees with the package's activations.log_softmax on a row, a batch, and "
                    "rows with net inputs of ±1000, where no probability is left to take the log of.")


register(
    "log_softmax_code",
    lambda: tr("Write log_softmax(z): ln p_k = z_k − ln Σⱼ e^{z_j} along the last axis of z (one row, or a batch of "
               "rows), finite for every finite z."),
    None,
    lambda: tr("shift each row by its own maximum first, z − z.max(axis=-1, keepdims=True): that changes no p_k, "
               "no exponential can overflow, and the largest term of the sum is e⁰ = 1. Then subtract the log of "
               "the row's sum of exponentials, with keepdims=True so that it broadcasts."),
    lambda: tr("shifted = z − max(z) per row; log_softmax = shifted − ln Σ e^shifted. Subtracting m from every z_k "
               "divides numerator and denominator of p_k by e^m, so p is unchanged; but now every exponent is ≤ 0 "
               "(no overflow) and one term of the sum is exactly 1 (the log never sees 0). np.log(softmax(z)) "
               "fails at z = (1000, 0, −1000): p₃ underflows to 0 and ln 0 = −inf. A single maximum over the whole "
               "batch fails for the rows (1000, 999) and (0, −1): the second row's exponentials all underflow."),
    nudge=lambda: tr("section 3 (why ln needs care) shows where the formula typed as it stands breaks, and which "
                     "algebra keeps every exponential and every logarithm finite; apply it row by row."),
    points=2,
    test=_test_log_softmax,
    reference=("def log_softmax(z):\n"
               "    shifted = z - z.max(axis=-1, keepdims=True)\n"
               "    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))"),
    mistakes={
        # the formula as first written: ln of the softmax (unshifted or shifted), or the log-sum-exp unshifted
        "softmax-not-stabilised": [
            _log_softmax_code("e = np.exp(z)", "np.log(e / e.sum(axis=-1, keepdims=True))"),
            _log_softmax_code("e = np.exp(z - z.max(axis=-1, keepdims=True))",
                              "np.log(e / e.sum(axis=-1, keepdims=True))"),
            _log_softmax_code("e = np.exp(z)", "z - np.log(e.sum(axis=-1, keepdims=True))")],
        # the shift by the batch's one maximum instead of each row's
        "one-maximum-for-the-batch": _log_softmax_code(
            "shifted = z - z.max()", "shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))"),
        # the loss −ln p in place of ln p
        "sign-flipped": (_log_softmax_code("shifted = z - z.max(axis=-1, keepdims=True)",
                                           "np.log(np.exp(shifted).sum(axis=-1, keepdims=True)) - shifted"),
                         mark("lesson 8, section 3 (where the loss comes from, and why ln needs care)"),
                         mark("log_softmax returns ln p_k = z_k − ln Σⱼ e^{z_j}, which is never positive; "
                              "ln Σⱼ e^{z_j} − z_k is its negative −ln p_k, the cost cross-entropy sums for the right "
                              "class.")),
    },
    probes=_log_softmax_probes,
    run=_run_log_softmax,
)


# 6. The lesson's core step, written by the student: softmax + cross-entropy backward for a batch.
def _one_hot(Y, K):
    Y = np.asarray(Y)
    return np.eye(K)[Y] if Y.ndim == 1 else Y.astype(float)


def _softmax_ce_true(Z, Y):
    """The package's loss and δ: E = −Σ_n Σ_k y_nk ln p_nk (summed over the samples) and δ = p − y."""
    Z = np.asarray(Z, dtype=float)
    T = _one_hot(Y, Z.shape[1])
    return losses.cross_entropy.value_and_delta(Z, activations.softmax(Z), T)


def _softmax_ce_cases():
    """(what, Z, Y): section 5's step (its label as an integer, then as a one-hot row), random batches
    with integer labels and with one-hot rows, net inputs of ±1000 and ±800, and two rows 1000 apart."""
    z_tiny = ce.tiny_net_inputs()
    yield mark("section 5's step (label 1, class F)"), z_tiny, np.array([ce.TINY["label"]])
    yield mark("section 5's step (the one-hot row (0, 1, 0))"), z_tiny, _one_hot([ce.TINY["label"]], 3)
    rng = np.random.default_rng(88)
    yield mark("a batch of 6 samples and 4 classes (integer labels)"), rng.normal(size=(6, 4)), rng.integers(0, 4, 6)
    yield (mark("a batch of 5 samples and 3 classes (one-hot rows)"), 2.0 * rng.normal(size=(5, 3)),
           _one_hot(rng.integers(0, 3, 5), 3))
    yield (mark("the rows (1000, 0, −1000), (0, −800, 800), (−5, 800, 3) with labels 2, 0, 1"),
           np.array([[1000.0, 0.0, -1000.0], [0.0, -800.0, 800.0], [-5.0, 800.0, 3.0]]), np.array([2, 0, 1]))
    # one maximum for the whole batch leaves the second row's exponentials all below the smallest double
    yield (mark("the rows (1000, 999) and (0, −1) with labels 0, 0"), np.array([[1000.0, 999.0], [0.0, -1.0]]),
           np.array([0, 0]))


def _test_softmax_ce(function):
    for what, Z, Y in _softmax_ce_cases():
        what = tr(what)
        true_loss, true_dZ = _softmax_ce_true(Z, Y)
        with np.errstate(all="ignore"):     # a version without the shift overflows: said below, not warned
            try:
                got = function(Z.copy(), Y.copy())
            except Exception as err:        # say on which case, and in which form Y came
                form = tr(mark("one-hot rows") if Y.ndim == 2 else mark("integer labels"))
                return False, tr("for {what} your function raised {error_type}: {error} (Y came as {form} "
                                 "here).").format(what=what, error_type=type(err).__name__, error=err, form=form)
            loss, dZ = returned(got, [(), Z.shape], name="softmax_cross_entropy(Z, Y)",
                                ends_with="loss, dZ",
                                wrong_count=lambda got: tr("softmax_cross_entropy(Z, Y) should return two "
                                                           "things, loss and dZ, got {kind} {value}.").format(
                                    kind=type(got).__name__, value=str(got)[:40]),
                                wrong_shape=lambda shapes: tr("for {what} the loss should be one number and dZ "
                                                              "shaped like Z, {z_shape}; got the shapes {shapes}.").format(
                                    what=what, z_shape=Z.shape, shapes=shapes))
        if not (np.isfinite(loss) and np.all(np.isfinite(dZ))):
            return False, tr("for {what} your function gives NaN or inf: an exponential overflowed, or a "
                             "probability underflowed to 0 before its logarithm (section 3).").format(what=what)
        N, T = len(Z), _one_hot(Y, Z.shape[1])
        P = T + true_dZ
        # (p − y)·p(1 − p) vanishes where every p is 0 or 1 (net inputs of ±1000): there it would match any dZ
        # that vanishes, e.g. the Jacobian's route with p floored, so it is named only where it is not 0.
        twice = true_dZ * P * (1 - P)
        wrong = diagnose(dZ, true_dZ, what, source="δ = p − y", mistakes=[
            (-true_dZ, tr("every entry of dZ has the wrong sign: δ = ∂E/∂z.")),
            (true_dZ / N if N > 1 else None, tr("dZ is divided by the number of samples, but this loss is "
                                                "summed over them.")),
            (None if np.allclose(twice, 0.0, rtol=0.0, atol=1e-12) else twice,
             tr("dZ is p − y times p(1 − p): the softmax's slope is already inside p − y.")),
            (P, tr("dZ is p: the target y is not subtracted.")),
            # P − Y with Y as labels: for section 5's step (one sample), the label off every entry
            (P - Y[:, None] if Y.ndim == 1 else None, tr("dZ is p minus the sample's label, subtracted from every "
                                                         "entry of its row: Y came as integer labels here; turn "
                                                         "them into one-hot rows first.")),
        ])
        if wrong:
            return False, wrong
        if not np.isclose(loss, true_loss, rtol=1e-9, atol=1e-12):
            mean = (tr(" — that is the mean over the {n} samples; the loss of this lesson is their sum").format(n=N)
                    if N > 1 and np.isclose(loss, true_loss / N, rtol=1e-9) else "")
            return False, tr("for {what} dZ is right, but the loss is {loss} where "
                             "−Σ_n ln p_(n, c_n) is {true_loss}{mean}.").format(
                what=what, loss=fmt(loss, 6), true_loss=fmt(true_loss, 6), mean=mean)
    return True, tr("softmax_cross_entropy gives the loss and δ = p − y of section 5's step, of random batches "
                    "with integer labels and with one-hot rows, and stays finite for net inputs of ±1000.")


def _softmax_ce_probes():
    """Batches of several samples with moderate net inputs (every slip runs and differs from the right
    answer, the mean's factor 1/N included), once with integer labels and once with one-hot rows, and
    a batch whose right class in one row is rated e^(−800): the softmax without the shift underflows to
    p = 0 there (a loss of inf, nothing overflows), the others stay finite; and two rows 1000 apart, where
    one maximum for the whole batch leaves the second row 0/0 or ln 0 and the unshifted softmax the first."""
    rng = np.random.default_rng(808)
    return [(rng.normal(size=(4, 3)), np.array([0, 2, 1, 2])),
            (rng.normal(size=(5, 4)), _one_hot(rng.integers(0, 4, 5), 4)),
            (np.array([[0.0, -800.0, 1.0], [0.5, -0.2, 0.1]]), np.array([1, 0])),
            (np.array([[1000.0, 999.0], [0.0, -1.0]]), np.array([0, 0]))]


def _run_softmax_ce(function, Z, Y):
    """How a probe runs a version: its loss and dZ, each with NaN read as 0 and beside it where the NaNs are,
    so that two versions that break at the same entries agree (a NaN equals nothing, not even a NaN)."""
    loss, dZ = function(Z, Y)
    return tuple(part for value in (loss, dZ) for array in [np.asarray(value, dtype=float)]
                 for part in (np.where(np.isnan(array), 0.0, array), np.isnan(array)))


def _one_maximum_for_the_batch(log_p: str) -> str:
    """A version that shifts the whole batch by its one maximum, ``log_p`` the two lines that take ln p."""
    return ("def softmax_cross_entropy(Z, Y):\n"
            "    Z = np.asarray(Z, dtype=float)\n"
            "    if np.ndim(Y) == 1:\n"
            "        Y = np.eye(Z.shape[1])[Y]\n"
            "    with np.errstate(divide='ignore', over='ignore', invalid='ignore'):\n"
            "        shifted = Z - Z.max()\n"
            + log_p +
            "        loss = -np.sum(Y * log_P)\n"
            "    return loss, P - Y")


_SOFTMAX_CE_STEM = ("def softmax_cross_entropy(Z, Y):\n"
                    "    Z = np.asarray(Z, dtype=float)\n"
                    "    if np.ndim(Y) == 1:                          # integer labels: one-hot rows\n"
                    "        Y = np.eye(Z.shape[1])[Y]\n"
                    "    shifted = Z - Z.max(axis=1, keepdims=True)\n"
                    "    log_P = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))\n"
                    "    P = np.exp(log_P)\n"
                    "    loss = -np.sum(Y * log_P)\n")


def _softmax_ce_solution() -> str:
    z = ce.tiny_net_inputs()
    loss, dZ = _softmax_ce_true(z, np.array([ce.TINY["label"]]))
    return (tr("Turn integer labels into one-hot rows (np.eye(K)[labels]); shift every row by its own maximum "
               "and take ln p = (z − m) − ln Σ_j e^(z_j − m), as in exercise 5, so that nothing overflows and no "
               "ln sees 0; then E = −Σ_n Σ_k y_nk ln p_nk (summed over the samples, as in section 3) and "
               "dZ = p − y, row by row: no softmax′ and no Jacobian, they cancelled in section 2, and no 1/N, the "
               "loss is a sum. For section 5's step, z = ({z}) and class F: "
               "E = {loss} and dZ = ({dz}), the δ_E, δ_F, δ_G of the trace.").format(
                z=', '.join(fmt(v) for v in z[0]), loss=fmt(loss), dz=', '.join(fmt(v) for v in dZ[0]))
            + "\n" + _SOFTMAX_CE_STEM + "    return loss, P - Y")


register(
    "softmax_cross_entropy_code",
    lambda: tr("Write softmax_cross_entropy(Z, Y) for a batch: Z holds the output layer's net inputs, one row per "
               "sample (N × K), Y the classes, either as N integer labels or as N one-hot rows. Return the loss "
               "E = −Σ_n Σ_k y_nk ln p_nk, summed over the samples, and dZ = ∂E/∂Z (N × K), finite for every "
               "finite Z."),
    None,
    lambda: tr("the output error of softmax + cross-entropy is the short result at the end of section 2, one row per "
               "sample; the loss sums −ln p of the right class over the samples (section 3), and no 1/N appears "
               "because the loss is a sum. For ln p use exercise 5's shift by each row's maximum. Integer labels "
               "become one-hot rows with np.eye(K)[labels]."),
    _softmax_ce_solution,
    nudge=lambda: tr("reread the end of section 2 (softmax + cross-entropy) for ∂E/∂z, section 3 for a loss that "
                     "stays finite, and the conventions box of section 5 for how this lesson adds over a batch."),
    points=2,
    test=_test_softmax_ce,
    reference=_SOFTMAX_CE_STEM + "    dZ = P - Y\n    return loss, dZ",
    mistakes={
        "softmax-derivative-twice": _SOFTMAX_CE_STEM + "    dZ = (P - Y) * P * (1 - P)\n    return loss, dZ",
        "mean-vs-sum": (_SOFTMAX_CE_STEM + "    N = len(Z)\n    return loss / N, (P - Y) / N",
                        mark("lesson 8, section 5 (the box “Conventions that differ between books”: sum or mean)")),
        "sign-flipped": _SOFTMAX_CE_STEM + "    dZ = Y - P\n    return loss, dZ",
        # p = e^z / Σ e^z and −Σ y ln p as first written (section 3); its warnings are the student's to see
        "softmax-not-stabilised": ("def softmax_cross_entropy(Z, Y):\n"
                                   "    Z = np.asarray(Z, dtype=float)\n"
                                   "    if np.ndim(Y) == 1:\n"
                                   "        Y = np.eye(Z.shape[1])[Y]\n"
                                   "    with np.errstate(divide='ignore', over='ignore', invalid='ignore'):\n"
                                   "        P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)\n"
                                   "        loss = -np.sum(Y * np.log(P))\n"
                                   "    return loss, P - Y"),
        # exercise 5's shift, by the batch's maximum instead of each row's: through the log-sum-exp, or
        # through p itself
        "one-maximum-for-the-batch": [
            _one_maximum_for_the_batch("        log_P = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))\n"
                                       "        P = np.exp(log_P)\n"),
            _one_maximum_for_the_batch("        P = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)\n"
                                       "        log_P = np.log(P)\n")],
    },
    probes=_softmax_ce_probes,
    run=_run_softmax_ce,
)

"""Exercises of lesson 5 (registered with :func:`backproplab.exercises.registry.register`).

Section 1's step is :func:`backproplab.lessons.lesson05.dropout_step.dropout_example` (the XOR network with 4 hidden
units, dropout rate 0.2, one training step on the four cases); the weight-penalty exercises use one
linear neuron $o = w\\,x$ trained by ``Network.train_step``. Every answer is computed by the package.

Keys: ``dropout_scale_p05``, ``dropout_o_hat_D``, ``dropout_zero_deltas``, ``dropout_delta_D``,
``l2_w_new``, ``l1_w_new``, ``dropout_backward_code`` (code: section 1's backward pass through the mask and
the sigmoid), ``classic_dropout_fix_code`` (code: the classic loop's hidden δ, fixed).
"""
import functools
from types import SimpleNamespace

import numpy as np

from ... import gradcheck
from ...datasets import xor
from ...exercises.registry import diagnose, register, returned
from ...network import Network
from ...regularisers import keep_scale
from ...trace import fmt
from ..._plumbing.i18n import mark, tr
from .dropout_step import dropout_example

SAMPLE = 2                       # the sample x = (1, 0) of section 1's step
PENALTY_NEURON = dict(w=0.5, x=1.0, t=0.0, lr=0.1, lam=0.1)   # the one-weight example of section 6

# Where to reread, and in what words, when a slip takes the form an exercise of section 1 or 2 shows.
_SCALE_FORWARD = mark("in training inverted dropout divides a kept unit's output by its keep probability 1 − p "
                  "(ô = m·o/(1 − p)), so that on average the next layer sees o, what it sees at prediction time; "
                  "without the division, or with a multiplication by 1 − p instead, it sees less.")
_SCALE_BACKWARD = mark("ô = m·o/(1 − p), so the dropout step's factor in the chain rule is ∂ô/∂o = m/(1 − p): without "
                   "the division by 1 − p, or with a multiplication by it instead, every kept unit's δ has the "
                   "wrong size.")
_REREAD_MASK = mark("lesson 5, section 1 (the backward pass goes through the same mask: ∂ô_j/∂o_j = m_j/(1 − p))")
_REREAD_SLOPE = mark("lesson 5, section 1 (the backward pass goes through the same mask: ∂o_j/∂z_j = o_j(1 − o_j), "
                 "the slope of the unscaled output)")


@functools.cache
def _step():
    """Section 1's step, done once on first use."""
    return dropout_example()[1]


def _unit(trace, name):
    return trace.names[1].index(name)


def _o_hat_D():
    step = _step()
    return float(step.layers[0].output[SAMPLE, _unit(step, "D")])


def _zero_deltas():
    return int(np.sum(_step().layers[0].delta == 0.0))


def _zero_deltas_without_mask():
    """How many hidden δ are exactly 0 when the backward pass leaves the mask out (the slip: none)."""
    step = _step()
    lt, out = step.layers[0], step.layers[1]
    unmasked = (out.delta @ step.weights_before[1].T) / (1 - step.dropout) * lt.a * (1 - lt.a)
    return int(np.sum(unmasked == 0.0))


def _delta_D():
    step = _step()
    return float(step.layers[0].delta[SAMPLE, _unit(step, "D")])


def _delta_D_with(slope=None, through=None):
    """δ_D of section 1's step with a slip: another slope for σ′ (``slope``), another factor for the
    dropout step (``through``; the mask's m_D/(1 − p) by default)."""
    q = _quoted()
    slope = q.o_D * (1 - q.o_D) if slope is None else slope
    through = q.m_D / (1 - q.p) if through is None else through
    return float(q.delta_out * q.w_D_out * through * slope)


def _penalised_step(l2=0.0, l1=0.0):
    """One step of o = w·x (linear, no bias, loss ½(t − o)²) with the given penalty: the new w."""
    e = PENALTY_NEURON
    neuron = Network.from_weights([np.array([[e["w"]]])], None, activation="linear")
    trace = neuron.train_step([[e["x"]]], [[e["t"]]], lr=e["lr"], l2=l2, l1=l1)
    return float(trace.weights_after[0][0, 0])


def _penalised_step_with(penalty_gradient):
    """The same step with another gradient for the penalty (a slip): w − η((o − t)·x + penalty_gradient)."""
    e = PENALTY_NEURON
    return float(e["w"] - e["lr"] * ((e["w"] * e["x"] - e["t"]) * e["x"] + penalty_gradient))


def _penalised_step_err_sign(kind):
    """The same step with the data's gradient written with the textbooks' Err = t − o (the sign slip):
    w − η(−(o − t)·x + penalty)."""
    e = PENALTY_NEURON
    grad = (e["w"] * e["x"] - e["t"]) * e["x"]
    penalty = e["lam"] * e["w"] if kind == "l2" else e["lam"] * np.sign(e["w"])
    return float(e["w"] - e["lr"] * (-grad + penalty))


@functools.cache
def _quoted():
    """The numbers of section 1's step that the questions and solutions quote."""
    step = _step()
    lt, out = step.layers[0], step.layers[1]
    d = _unit(step, "D")
    return SimpleNamespace(
        p=step.dropout,
        x="(" + ", ".join(f"{v:g}" for v in step.X[SAMPLE, :2]) + ")",
        o_D=lt.a[SAMPLE, d], m_D=lt.mask[SAMPLE, d],
        out_name=step.names[2][0],
        delta_out=out.delta[SAMPLE, 0],
        w_D_out=step.weights_before[1][d, 0],
        dropped=[(f"x = ({', '.join(f'{v:g}' for v in step.X[s, :2])})", step.names[1][j])
                 for s, j in zip(*np.nonzero(lt.mask == 0))],
    )


def _factor(v, n=4):
    """``v`` as a factor in a product: in brackets when negative."""
    return fmt(v, n) if v >= 0 else f"({fmt(v, n)})"


def _delta_D_question() -> str:
    q = _quoted()
    return tr("Section 1's step, sample x = {x}: what is the error term δ_D = ∂E_total/∂z_D of the kept unit D? "
              "(δ_{out} = {delta_out}, w_D{out} = {w_D_out}, o_D = {o_D}, p = {p}; give three decimals)").format(
        x=q.x, out=q.out_name, delta_out=fmt(q.delta_out), w_D_out=fmt(q.w_D_out), o_D=fmt(q.o_D), p=fmt(q.p))


def _delta_D_solution() -> str:
    q = _quoted()
    return tr("δ_D = δ_{out}·w_D{out}·m_D/(1 − p)·o_D(1 − o_D) = {delta_out}·{w_D_out}·{m_D}/{keep}·{o_D}·(1 − {o_D}) "
              "= {delta_D}. Without the 1/(1 − p) you would get {unscaled}.").format(
        out=q.out_name, delta_out=_factor(q.delta_out), w_D_out=_factor(q.w_D_out), m_D=fmt(q.m_D), keep=fmt(1 - q.p),
        o_D=fmt(q.o_D), delta_D=fmt(_delta_D()), unscaled=fmt(_delta_D() * (1 - q.p)))


def _penalty_solution(kind) -> str:
    e = PENALTY_NEURON
    grad = (e["w"] * e["x"] - e["t"]) * e["x"]
    if kind == "l2":
        return tr("∂E_total/∂w = (o − t)·x = ({o} − {t})·{x} = {grad}; the penalty adds λw = {lam}·{w} = {pen}; "
                  "w ← {w} − {lr}·({grad} + {pen}) = {new}.").format(
            o=fmt(e['w'] * e['x']), t=fmt(e['t']), x=fmt(e['x']), grad=fmt(grad), lam=fmt(e['lam']), w=fmt(e['w']),
            pen=fmt(e['lam'] * e['w']), lr=fmt(e['lr']), new=fmt(_penalised_step(l2=e['lam'])))
    return tr("The penalty adds λ·sign(w) = {lam}·{sign} = {pen}, the same for a large or a small w; "
              "w ← {w} − {lr}·({grad} + {pen}) = {new}.").format(
        lam=fmt(e['lam']), sign=fmt(np.sign(e['w'])), pen=fmt(e['lam'] * np.sign(e['w'])), w=fmt(e['w']),
        lr=fmt(e['lr']), grad=fmt(grad), new=fmt(_penalised_step(l1=e['lam'])))


register(
    "dropout_scale_p05",
    lambda: tr("Inverted dropout with rate p = 0.5: by what factor are the kept activations multiplied in training?"),
    lambda: keep_scale(0.5),
    hint=lambda: tr("a unit is kept with probability 1 − p; the kept ones are scaled so that the average output "
         "stays what it was without dropout."),
    nudge=lambda: tr("reread section 2: what must a kept unit pass on so that, averaged over the masks, the next layer "
          "sees what it sees at prediction time, when nothing is dropped?"),
    # 1.0: no scale; 0.5: multiplied by 1 − p instead of divided (with p = 0.5 also p itself, the same slip's value).
    mistakes={"dropout-scale-missing": ([1.0, 1 - 0.5], None, _SCALE_FORWARD)},
    solution=lambda: tr("Kept with probability 1 − p = 0.5, so the survivors are multiplied by 1/(1 − p) = 1/0.5 = "
                        "{scale}: on average half of the units pass on twice their output, "
                        "which is the full output.").format(scale=fmt(keep_scale(0.5))),
)
register(
    "dropout_o_hat_D",
    lambda: tr("Section 1's step, sample x = {x}: unit D has o_D = {o_D} and is kept "
               "(m_D = 1). What does it pass on to the output, ô_D?").format(x=_quoted().x, o_D=fmt(_quoted().o_D)),
    _o_hat_D,
    hint=lambda: tr("ô = o·m/(1 − p) with p = {p}.").format(p=fmt(_quoted().p)),
    nudge=lambda: tr("reread the start of section 1: with p = {p}, what does a kept unit pass on, "
                     "compared with its output o?").format(p=fmt(_quoted().p)),
    mistakes={"dropout-scale-missing": ([lambda: float(_quoted().o_D * _quoted().m_D),
                                         lambda: float(_quoted().o_D * _quoted().m_D * (1 - _quoted().p))],
                                        mark("lesson 5, section 1 (dropout in one step: what a kept unit passes on)"),
                                        _SCALE_FORWARD)},
    solution=lambda: tr("ô_D = o_D·m_D/(1 − p) = {o_D}·{m_D}/{keep} = {o_hat}.").format(
        o_D=fmt(_quoted().o_D), m_D=fmt(_quoted().m_D), keep=fmt(1 - _quoted().p), o_hat=fmt(_o_hat_D())),
)
register(
    "dropout_zero_deltas",
    lambda: tr("Section 1's step: how many of the 16 hidden error terms δ (4 samples × 4 units) are exactly 0? "
               "(A count in this step, with this step's mask: a whole number.)"),
    _zero_deltas,
    hint=lambda: tr("in the backward pass a hidden unit's δ is multiplied by its mask m/(1 − p): read the mask."),
    nudge=lambda: tr("reread “The backward pass goes through the same mask”: which factor of δ_j can be exactly 0, "
                     "and for which units of this step? (This step's count, not an average over masks.)"),
    # Without the mask in the backward pass no δ is exactly 0.
    mistakes={"dropout-mask-missing": _zero_deltas_without_mask},
    solution=lambda: tr("Exactly the dropped ones: m = 0 makes δ = (Σ δ_k w_jk)·m_j/(1 − p)·o_j(1 − o_j) = 0. "
                        "The mask drops {n} units: {which}, so {zeros} error terms are 0.").format(
        n=len(_quoted().dropped), zeros=_zero_deltas(),
        which=", ".join(tr("{unit} for {sample}").format(unit=u, sample=s) for s, u in _quoted().dropped)),
    # A count: exact. 3.2, the number dropped on average (p·16, printed below the exercise), is not this step's
    # count; it is not a backprop misconception, so it gets the nudge, not a name.
    abs_tol=1e-9, rel_tol=0.0,
)
register(
    "dropout_delta_D",
    _delta_D_question,
    _delta_D,
    hint=lambda: tr("δ_D = δ_{out}·w_D{out}·m_D/(1 − p)·o_D(1 − o_D): the backward "
                    "pass goes through the same scale 1/(1 − p) as the forward pass.").format(out=_quoted().out_name),
    nudge=lambda: tr("reread “The backward pass goes through the same mask”: a hidden δ under dropout has one factor "
                     "more than without it, and the trace's lines for E, F and G just above show where it sits."),
    # Three decimals (the question says so) tell each slip below from −0.029, but not the slope of ô with the
    # scale kept (−0.02337) from the scale left out (−0.02333): both read −0.023, named as the nearer, the
    # scale left out; from four typed decimals on they are told apart. Multiplying by 1 − p instead of dividing
    # (−0.01866) is not registered: it reads like the classic line (−0.01870) even at four decimals.
    mistakes={"sign-flipped": lambda: -_delta_D(),
              "dropout-scale-missing": (lambda: _delta_D_with(through=_quoted().m_D), _REREAD_MASK),
              "sigma-prime-missing": lambda: _delta_D_with(slope=1.0),
              "sigma-prime-of-scaled-output": ([lambda: _delta_D_with(slope=_o_hat_D() * (1 - _o_hat_D()),
                                                                      through=1.0),
                                                lambda: _delta_D_with(slope=_o_hat_D() * (1 - _o_hat_D()))],
                                               _REREAD_SLOPE)},
    decimals=3,
    solution=_delta_D_solution,
)
_e = PENALTY_NEURON
_REREAD_L2 = mark("lesson 5, section 6a (L2, weight decay)")
_REREAD_L1 = mark("lesson 5, section 6b (L1)")
# A literal (the registry shows it as given, translated by its msgid): it quotes PENALTY_NEURON's w, checked here.
_NOT_STEPPED = mark("0.5 is w before the step: one gradient step moves w against the sum of the data's "
                    "gradient and the penalty's, by η times it, and the question asks for the new w to three decimals.")
assert _NOT_STEPPED.startswith(fmt(_e["w"]) + " "), "_NOT_STEPPED quotes PENALTY_NEURON's w"
register(
    "l2_w_new",
    lambda: tr("One linear neuron o = w·x with x = {x}, target t = {t}, E_total = ½(t − o)², w = {w}, η = {lr} and an "
               "L2 penalty ½λw² with λ = {lam}. What is w after one gradient step? (Give three decimals.)").format(
        x=fmt(PENALTY_NEURON['x']), t=fmt(PENALTY_NEURON['t']), w=fmt(PENALTY_NEURON['w']),
        lr=fmt(PENALTY_NEURON['lr']), lam=fmt(PENALTY_NEURON['lam'])),
    lambda: _penalised_step(l2=PENALTY_NEURON["lam"]),
    hint=lambda: tr("w ← w − η(∂E_total/∂w + λw), with ∂E_total/∂w = (o − t)·x."),
    nudge=lambda: tr("reread section 6a: the penalty adds its own term to the gradient of E_total before the update; "
                     "work out the gradient of E_total first, with its sign."),
    # Not registered: the penalty left out (0.45), which to two decimals cannot be told from 0.445 rounded up.
    mistakes={"sign-flipped": (lambda: _penalised_step_err_sign("l2"), _REREAD_L2),
              "penalty-gradient-wrong": ([_penalised_step_with(-_e["lam"] * _e["w"]),      # subtracted
                                          _penalised_step_with(_e["lam"] * _e["w"] / 2)],  # halved
                                         _REREAD_L2),
              # w itself (0.5): also what the sign slip (0.545) reads to one decimal, named as the nearer
              "not-every-weight-updated": (_e["w"], _REREAD_L2, _NOT_STEPPED)},
    solution=lambda: _penalty_solution("l2"),
    abs_tol=1e-4, rel_tol=0.0,
)
register(
    "l1_w_new",
    lambda: tr("The same neuron and step, with an L1 penalty λ|w| (λ = {lam}) instead: what is w after the step? "
               "(Give three decimals.)").format(lam=fmt(PENALTY_NEURON['lam'])),
    lambda: _penalised_step(l1=PENALTY_NEURON["lam"]),
    hint=lambda: tr("w ← w − η(∂E_total/∂w + λ·sign(w))."),
    nudge=lambda: tr("reread section 6b: how big is L1's pull on a weight, and does it depend on the weight's size?"),
    mistakes={"sign-flipped": (lambda: _penalised_step_err_sign("l1"), _REREAD_L1),
              "penalty-gradient-wrong": ([_penalised_step_with(0.0),                      # left out
                                          _penalised_step_with(_e["lam"] * _e["w"])],     # L2's λw
                                         _REREAD_L1),
              "not-every-weight-updated": (_e["w"], _REREAD_L1, _NOT_STEPPED)},
    solution=lambda: _penalty_solution("l1"),
    abs_tol=1e-4, rel_tol=0.0,
)
del _e


# --------------------------------------------------------------------------- the backward pass, as code
# Section 1's core step: from ∂E_total/∂ô back through the dropout step and the sigmoid to δ = ∂E_total/∂z.
def _dropout_backward_true(grad_o_hat, o, mask, p):
    return grad_o_hat * mask / (1 - p) * (o * (1 - o))


def _dropout_backward_cases():
    """(description, grad_o_hat, o, mask, p, the true δ): section 1's step (the sample x = (1, 0), then all
    four samples, against the trace's δ), random layers with other rates, and the edge cases (p = 0, a
    sample with every unit dropped)."""
    step = _step()
    lt, out = step.layers[0], step.layers[1]
    upstream = out.delta @ step.weights_before[1].T            # ∂E_total/∂ô = Σ_k δ_k w_jk, one row per sample
    yield (tr("section 1's step, the sample x = (1, 0)"), upstream[SAMPLE], lt.a[SAMPLE], lt.mask[SAMPLE], step.dropout,
           lt.delta[SAMPLE])
    yield tr("section 1's step, all four samples"), upstream, lt.a, lt.mask, step.dropout, lt.delta
    rng = np.random.default_rng(505)
    for rows, units, p in ((5, 3, 0.5), (3, 6, 0.8)):
        grad, o = rng.normal(size=(rows, units)), rng.uniform(0.02, 0.98, (rows, units))
        mask = rng.binomial(1, 1 - p, (rows, units)).astype(float)
        mask[0], mask[-1, 0] = 0.0, 1.0                      # a sample with every unit dropped; one kept unit
        yield (tr("{rows} samples × {units} units, p = {p}").format(rows=rows, units=units, p=f"{p:g}"), grad, o, mask, p,
               _dropout_backward_true(grad, o, mask, p))
    grad, o = rng.normal(size=(2, 4)), rng.uniform(0.02, 0.98, (2, 4))
    yield tr("p = 0 (dropout off, every unit kept)"), grad, o, np.ones((2, 4)), 0.0, _dropout_backward_true(grad, o, 1.0, 0.0)


def _test_dropout_backward(function):
    for what, grad, o, mask, p, true in _dropout_backward_cases():
        got = returned(function(grad.copy(), o.copy(), mask.copy(), p), true.shape, name="dropout_backward",
                       ends_with="delta", wrong_shape=lambda shape: tr(
                           "for {what}: dropout_backward should return one δ per sample and unit, shaped like "
                           "o {expected}, got shape {shape}.").format(what=what, expected=true.shape, shape=shape))
        wrong = diagnose(got, true, what, source=tr("the chain rule through ô and o"))
        if wrong:
            return False, wrong
    return True, tr("dropout_backward gives the trace's δ for section 1's step, and the right δ for random layers, "
                    "other rates, a sample with every unit dropped and p = 0.")


def _dropout_backward_probes():
    """Masks with kept and dropped units, rates above 0 and outputs on both sides of 1 − p, so that every
    slip gives something else."""
    rng = np.random.default_rng(55)
    return [(rng.normal(size=(3, 4)), rng.uniform(0.05, 0.95, (3, 4)),
             np.array([[1.0, 0, 1, 1], [0, 1, 1, 0], [1, 1, 0, 1]]), 0.25),
            (rng.normal(size=5), rng.uniform(0.05, 0.95, 5), np.array([1.0, 0, 1, 1, 0]), 0.5)]


_SIGNATURE = "def dropout_backward(grad_o_hat, o, mask, p):\n"
register(
    "dropout_backward_code",
    lambda: tr("Write dropout_backward(grad_o_hat, o, mask, p): the error terms δ = ∂E_total/∂z of a sigmoid layer "
               "under inverted dropout, from the upstream gradient grad_o_hat = ∂E_total/∂ô (Σ_k δ_k w_jk), the output o "
               "before dropout, the keep mask of the forward pass and the rate p; one δ per sample and unit, shaped "
               "like o."),
    None,
    lambda: tr("δ = ∂E_total/∂ô · ∂ô/∂o · ∂o/∂z: ∂ô/∂o is what the dropout step multiplied o by (0 for a dropped unit), "
    "and ∂o/∂z is the sigmoid's slope, read off the output o before dropout, not off ô."),
    lambda: tr("return grad_o_hat * mask / (1 - p) * (o * (1 - o)): ô = m·o/(1 − p), so ∂ô/∂o = m/(1 − p), the mask and "
    "the scale of the forward pass (∂ô/∂o is 0 for a dropped unit and 1/(1 − p) for a kept one); "
    "o·(1 − o) = σ′(z) is the slope of the unit's own output. Entry by entry, so the same line works for one "
    "sample and for one row per sample."),
    points=2,
    test=_test_dropout_backward,
    reference=_SIGNATURE + "    return grad_o_hat * mask / (1 - p) * (o * (1 - o))",
    nudge=lambda: tr("reread “The backward pass goes through the same mask”: between ô_j and z_j lie two steps of "
                     "the forward pass, and the chain rule takes one factor from each."),
    mistakes={
        "dropout-mask-missing": _SIGNATURE + "    return grad_o_hat / (1 - p) * (o * (1 - o))",
        "dropout-scale-missing": ([_SIGNATURE + "    return grad_o_hat * mask * (o * (1 - o))",
                                   _SIGNATURE + "    return grad_o_hat * mask * (1 - p) * (o * (1 - o))"],
                                  _REREAD_MASK, _SCALE_BACKWARD),
        "sigma-prime-missing": _SIGNATURE + "    return grad_o_hat * mask / (1 - p)",
        "sign-flipped": _SIGNATURE + "    return -grad_o_hat * mask / (1 - p) * (o * (1 - o))",
        "sigma-prime-of-scaled-output": ([_SIGNATURE + "    o_hat = o * mask / (1 - p)\n"
                                                       "    return grad_o_hat * (o_hat * (1 - o_hat))",
                                          _SIGNATURE + "    o_hat = o * mask / (1 - p)\n"
                                                       "    return grad_o_hat * mask / (1 - p) * (o_hat * (1 - o_hat))"],
                                         _REREAD_SLOPE),
        "sigma-prime-wrong-quantity": (_SIGNATURE + "    s = 1 / (1 + np.exp(-o))\n"
                                       "    return grad_o_hat * mask / (1 - p) * (s * (1 - s))"),
    },
    probes=_dropout_backward_probes,
)


# A code-writing exercise: fix the classic dropout loop's hidden error term (lesson 5, section 3).
def _classic_case(seed, p=0.2):
    """XOR inputs, a fixed keep mask and weights in [−2, 2] (a network in mid-training), as in section 3."""
    X, y = xor()
    rng = np.random.default_rng(seed)
    w0, w1 = 2 * (2 * rng.random((3, 4)) - 1), 2 * (2 * rng.random((4, 1)) - 1)
    mask = rng.binomial(1, 1 - p, (4, 4)).astype(float)
    return X, y, w0, w1, mask, p


def _sig(z):
    return 1 / (1 + np.exp(-z))


def _test_hidden_delta(function):
    for seed in (0, 1, 2):
        X, y, w0, w1, mask, p = _classic_case(seed)

        def loss(a, b):
            return 0.5 * np.sum((y - _sig((_sig(X @ a) * mask / (1 - p)) @ b)) ** 2)

        o_1 = _sig(X @ w0)
        layer_2 = _sig((o_1 * mask / (1 - p)) @ w1)
        layer_2_delta = (layer_2 - y) * (layer_2 * (1 - layer_2))
        got = returned(function(layer_2_delta.copy(), w1.copy(), o_1.copy(), mask.copy(), p), o_1.shape,
                       name="hidden_delta", ends_with="layer_1_delta", wrong_shape=lambda shape: tr(
                           "hidden_delta should return one δ per sample and hidden unit, shape {expected}, "
                           "got {shape}.").format(expected=o_1.shape, shape=shape))
        numerical = gradcheck.numerical_gradient(lambda a: loss(a, w1), w0.copy())
        error = gradcheck.rel_error(X.T.dot(got), numerical)
        if error <= 1e-7:
            continue
        back = layer_2_delta.dot(w1.T)
        if np.allclose(got, back * mask * o_1 * (1 - o_1), rtol=1e-9):
            advice = tr("the factor 1/(1 − p) is missing: ô = m·o/(1 − p), so ∂ô/∂o = m/(1 − p).")
        elif np.allclose(got, back * o_1 * (1 - o_1), rtol=1e-9):
            advice = tr("the mask is missing: a dropped unit passes nothing on, so its δ is 0.")
        else:
            advice = tr("δ_j = (Σ_k δ_k w_jk)·m_j/(1 − p)·o_j(1 − o_j), with the slope of the unscaled output o.")
        return False, tr("with mask {k} of 3 the gradient check on synapse_0 gives {error} ({verdict}): {advice}").format(
            k=seed + 1, error=f"{error:.1e}", verdict=gradcheck.rel_error_verdict(error), advice=advice)
    return True, tr("synapse_0 passes the gradient check (below 1e-7) with your hidden δ, for three masks and weights.")


_HIDDEN = "def hidden_delta(layer_2_delta, w1, o_1, mask, p):\n"


def _hidden_delta_probes():
    """Square weights (δ @ W instead of δ @ Wᵀ runs), masks with kept and dropped units, and kept outputs
    above 1 − p (where the slope of ô is negative)."""
    rng = np.random.default_rng(56)
    mask = np.array([[1.0, 0, 1, 1], [0, 1, 1, 0], [1, 1, 0, 1], [1, 1, 1, 1]])
    return [(rng.normal(size=(4, 4)), rng.normal(size=(4, 4)), rng.uniform(0.05, 0.95, (4, 4)), mask, 0.2),
            (rng.normal(size=(3, 4)), rng.normal(size=(4, 4)), rng.uniform(0.05, 0.95, (3, 4)), mask[:3], 0.5)]


register(
    "classic_dropout_fix_code",
    lambda: tr("Fix the classic dropout loop's hidden error term: write hidden_delta(layer_2_delta, w1, o_1, mask, p), "
               "where o_1 = σ(X @ w0) is the hidden output before dropout."),
    None,
    lambda: tr("the chain rule runs backwards through ô = m·o/(1 − p) and o = σ(z): send layer_2_delta back along w1 "
    "(layer_2_delta.dot(w1.T)), multiply by ∂ô/∂o = mask/(1 − p) and by the sigmoid's slope o_1·(1 − o_1), "
    "the slope of the unscaled output."),
    lambda: tr("layer_2_delta.dot(w1.T) is ∂E_total/∂ô for every sample and hidden unit; ∂ô/∂o = mask/(1 − p) carries it "
    "through the dropout step (0 for a dropped unit), and o_1·(1 − o_1) = σ′(z) through the sigmoid. The classic line "
    "used layer_1·(1 − layer_1) of the scaled array instead, which is negative wherever ô > 1."),
    points=2,
    test=_test_hidden_delta,
    reference=("def hidden_delta(layer_2_delta, w1, o_1, mask, p):\n"
               "    return layer_2_delta.dot(w1.T) * mask / (1 - p) * (o_1 * (1 - o_1))"),
    nudge=lambda: tr("reread “The backward pass goes through the same mask” in section 1: which factor does the "
                     "dropout step add, and of which array is the sigmoid's slope taken?"),
    mistakes={
        "sigma-prime-of-scaled-output": [_HIDDEN + "    layer_1 = o_1 * mask / (1 - p)\n"
                                                   "    return layer_2_delta.dot(w1.T) * (layer_1 * (1 - layer_1))",
                                         _HIDDEN + "    layer_1 = o_1 * mask / (1 - p)\n"
                                                   "    return layer_2_delta.dot(w1.T) * mask / (1 - p) * (layer_1 * (1 - layer_1))"],
        "dropout-mask-missing": _HIDDEN + "    return layer_2_delta.dot(w1.T) / (1 - p) * (o_1 * (1 - o_1))",
        "dropout-scale-missing": ([_HIDDEN + "    return layer_2_delta.dot(w1.T) * mask * (o_1 * (1 - o_1))",
                                   _HIDDEN + "    return layer_2_delta.dot(w1.T) * mask * (1 - p) * (o_1 * (1 - o_1))"],
                                  _REREAD_MASK, _SCALE_BACKWARD),
        "sigma-prime-wrong-quantity": (_HIDDEN + "    s = 1 / (1 + np.exp(-o_1))\n"
                                       "    return layer_2_delta.dot(w1.T) * mask / (1 - p) * (s * (1 - s))"),
        "sigma-prime-missing": _HIDDEN + "    return layer_2_delta.dot(w1.T) * mask / (1 - p)",
        "weights-not-transposed": _HIDDEN + "    return layer_2_delta.dot(w1) * mask / (1 - p) * (o_1 * (1 - o_1))",
        "sign-flipped": _HIDDEN + "    return -layer_2_delta.dot(w1.T) * mask / (1 - p) * (o_1 * (1 - o_1))",
    },
    probes=_hidden_delta_probes,
)

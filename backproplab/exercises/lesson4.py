"""Exercises of lesson 4 (registered with backproplab.exercises.register).

Section 1's step is :func:`backproplab.lessons.dropout_step.dropout_example` (the XOR network with 4 hidden
units, dropout rate 0.2, one training step on the four cases); the weight-penalty exercises use one
linear neuron $o = w\\,x$ trained by ``Network.train_step``. Every answer is computed by the package.

Keys: ``dropout_scale_p05``, ``dropout_o_hat_D``, ``dropout_zero_deltas``, ``dropout_delta_D``,
``l2_w_new``, ``l1_w_new``, ``classic_dropout_fix_code`` (code: the classic loop's hidden δ, fixed).
"""
import numpy as np

from .. import gradcheck, regularisers
from ..datasets import xor
from ..lessons import dropout_step
from ..network import Network
from ..trace import fmt
from . import register

SAMPLE = 2                       # the sample x = (1, 0) of section 1's step
PENALTY_NEURON = dict(w=0.5, x=1.0, t=0.0, lr=0.1, lam=0.1)   # the one-weight example of section 6


def _step():
    return dropout_step.dropout_example()[1]


def _unit(trace, name):
    return trace.names[1].index(name)


def _o_hat_D():
    tr = _step()
    return float(tr.layers[0].output[SAMPLE, _unit(tr, "D")])


def _zero_deltas():
    return int(np.sum(_step().layers[0].delta == 0.0))


def _delta_D():
    tr = _step()
    return float(tr.layers[0].delta[SAMPLE, _unit(tr, "D")])


def _penalised_step(l2=0.0, l1=0.0):
    """One step of o = w·x (linear, no bias, loss ½(t − o)²) with the given penalty: the new w."""
    e = PENALTY_NEURON
    neuron = Network.from_weights([np.array([[e["w"]]])], None, activation="linear")
    trace = neuron.train_step([[e["x"]]], [[e["t"]]], lr=e["lr"], l2=l2, l1=l1)
    return float(trace.weights_after[0][0, 0])


def _register_all():
    tr = _step()
    lt, out = tr.layers[0], tr.layers[1]
    p = tr.dropout
    d = _unit(tr, "D")
    x = "(" + ", ".join(f"{v:g}" for v in tr.X[SAMPLE, :2]) + ")"
    o_D, m_D = lt.a[SAMPLE, d], lt.mask[SAMPLE, d]
    out_name = tr.names[2][0]
    delta_out = out.delta[SAMPLE, 0]
    w_D_out = tr.weights_before[1][d, 0]
    f = lambda v, n=4: fmt(v, n) if v >= 0 else f"({fmt(v, n)})"
    dropped = [(f"x = ({', '.join(f'{v:g}' for v in tr.X[s, :2])})", tr.names[1][j])
               for s, j in zip(*np.nonzero(lt.mask == 0))]

    register(
        "dropout_scale_p05",
        "Inverted dropout with rate p = 0.5: by what factor are the kept activations multiplied in training?",
        lambda: regularisers.keep_scale(0.5),
        hint="a unit is kept with probability 1 − p; the kept ones are scaled so that the average output "
             "stays what it was without dropout.",
        solution=f"Kept with probability 1 − p = 0.5, so the survivors are multiplied by 1/(1 − p) = 1/0.5 = "
                 f"{fmt(regularisers.keep_scale(0.5))}: on average half of the units pass on twice their output, "
                 "which is the full output.",
    )
    register(
        "dropout_o_hat_D",
        f"Section 1's step, sample x = {x}: unit D has o_D = {fmt(o_D)} and is kept (m_D = 1). "
        f"What does it pass on to the output, ô_D?",
        _o_hat_D,
        hint=f"ô = o·m/(1 − p) with p = {fmt(p)}.",
        solution=f"ô_D = o_D·m_D/(1 − p) = {fmt(o_D)}·{fmt(m_D)}/{fmt(1 - p)} = {fmt(_o_hat_D())}.",
    )
    register(
        "dropout_zero_deltas",
        "Section 1's step: how many of the 16 hidden error terms δ (4 samples × 4 units) are exactly 0?",
        _zero_deltas,
        hint="in the backward pass a hidden unit's δ is multiplied by its mask m/(1 − p): read the mask.",
        solution=f"Exactly the dropped ones: m = 0 makes δ = (Σ δ_k w_jk)·m_j/(1 − p)·o_j(1 − o_j) = 0. "
                 f"The mask drops {len(dropped)} units: " +
                 ", ".join(f"{u} for {s}" for s, u in dropped) + f", so {_zero_deltas()} error terms are 0.",
        abs_tol=0.5, rel_tol=0.0,
    )
    register(
        "dropout_delta_D",
        f"Section 1's step, sample x = {x}: what is the error term δ_D = ∂E/∂z_D of the kept unit D? "
        f"(δ_{out_name} = {fmt(delta_out)}, w_D{out_name} = {fmt(w_D_out)}, o_D = {fmt(o_D)}, p = {fmt(p)})",
        _delta_D,
        hint=f"δ_D = δ_{out_name}·w_D{out_name}·m_D/(1 − p)·o_D(1 − o_D): the backward pass goes through the same "
             f"scale 1/(1 − p) as the forward pass.",
        solution=f"δ_D = δ_{out_name}·w_D{out_name}·m_D/(1 − p)·o_D(1 − o_D) = {f(delta_out)}·{f(w_D_out)}·"
                 f"{fmt(m_D)}/{fmt(1 - p)}·{fmt(o_D)}·(1 − {fmt(o_D)}) = {fmt(_delta_D())}. "
                 f"Without the 1/(1 − p) you would get {fmt(_delta_D() * (1 - p))}.",
    )
    e = PENALTY_NEURON
    grad = (e["w"] * e["x"] - e["t"]) * e["x"]
    register(
        "l2_w_new",
        f"One linear neuron o = w·x with x = {fmt(e['x'])}, target t = {fmt(e['t'])}, E = ½(t − o)², "
        f"w = {fmt(e['w'])}, η = {fmt(e['lr'])} and an L2 penalty ½λw² with λ = {fmt(e['lam'])}. "
        f"What is w after one gradient step?",
        lambda: _penalised_step(l2=e["lam"]),
        hint="w ← w − η(∂E/∂w + λw), with ∂E/∂w = (o − t)·x.",
        solution=f"∂E/∂w = (o − t)·x = ({fmt(e['w'] * e['x'])} − {fmt(e['t'])})·{fmt(e['x'])} = {fmt(grad)}; "
                 f"the penalty adds λw = {fmt(e['lam'])}·{fmt(e['w'])} = {fmt(e['lam'] * e['w'])}; "
                 f"w ← {fmt(e['w'])} − {fmt(e['lr'])}·({fmt(grad)} + {fmt(e['lam'] * e['w'])}) = "
                 f"{fmt(_penalised_step(l2=e['lam']))}.",
        abs_tol=1e-4, rel_tol=0.0,
    )
    register(
        "l1_w_new",
        f"The same neuron and step, with an L1 penalty λ|w| (λ = {fmt(e['lam'])}) instead: what is w after the step?",
        lambda: _penalised_step(l1=e["lam"]),
        hint="w ← w − η(∂E/∂w + λ·sign(w)).",
        solution=f"The penalty adds λ·sign(w) = {fmt(e['lam'])}·{fmt(np.sign(e['w']))} = {fmt(e['lam'] * np.sign(e['w']))}, "
                 f"the same for a large or a small w; w ← {fmt(e['w'])} − {fmt(e['lr'])}·({fmt(grad)} + "
                 f"{fmt(e['lam'] * np.sign(e['w']))}) = {fmt(_penalised_step(l1=e['lam']))}.",
        abs_tol=1e-4, rel_tol=0.0,
    )


_register_all()


# A code-writing exercise: fix the classic dropout loop's hidden error term (lesson 4, section 3).
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
        got = function(layer_2_delta.copy(), w1.copy(), o_1.copy(), mask.copy(), p)
        if got is None:
            return False, "hidden_delta returned None: end it with return layer_1_delta."
        got = np.asarray(got, dtype=float)
        if got.shape != o_1.shape:
            return False, f"hidden_delta should return one δ per sample and hidden unit, shape {o_1.shape}, got {got.shape}."
        numerical = gradcheck.numerical_gradient(lambda a: loss(a, w1), w0.copy())
        error = gradcheck.rel_error(X.T.dot(got), numerical)
        if error <= 1e-7:
            continue
        back = layer_2_delta.dot(w1.T)
        if np.allclose(got, back * mask * o_1 * (1 - o_1), rtol=1e-9):
            advice = "the factor 1/(1 − p) is missing: ô = m·o/(1 − p), so ∂ô/∂o = m/(1 − p)."
        elif np.allclose(got, back * o_1 * (1 - o_1), rtol=1e-9):
            advice = "the mask is missing: a dropped unit passes nothing on, so its δ is 0."
        else:
            advice = "δ_j = (Σ_k δ_k w_jk)·m_j/(1 − p)·o_j(1 − o_j), with the slope of the unscaled output o."
        return False, (f"with mask {seed + 1} of 3 the gradient check on synapse_0 gives {error:.1e} "
                       f"({gradcheck.rel_error_verdict(error)}): {advice}")
    return True, "synapse_0 passes the gradient check (below 1e-7) with your hidden δ, for three masks and weights."


register(
    "classic_dropout_fix_code",
    "Fix the classic dropout loop's hidden error term: write hidden_delta(layer_2_delta, w1, o_1, mask, p), "
    "where o_1 = σ(X @ w0) is the hidden output before dropout.",
    None,
    "the chain rule runs backwards through ô = m·o/(1 − p) and o = σ(z): send layer_2_delta back along w1 "
    "(layer_2_delta.dot(w1.T)), multiply by ∂ô/∂o = mask/(1 − p) and by the sigmoid's slope o_1·(1 − o_1), "
    "the slope of the unscaled output.",
    "layer_2_delta.dot(w1.T) is ∂E/∂ô for every sample and hidden unit; ∂ô/∂o = mask/(1 − p) carries it through "
    "the dropout step (0 for a dropped unit), and o_1·(1 − o_1) = σ′(z) through the sigmoid. The classic line "
    "used layer_1·(1 − layer_1) of the scaled array instead, which is negative wherever ô > 1.",
    points=2,
    test=_test_hidden_delta,
    reference=("def hidden_delta(layer_2_delta, w1, o_1, mask, p):\n"
               "    return layer_2_delta.dot(w1.T) * mask / (1 - p) * (o_1 * (1 - o_1))"),
)

"""Exercises of lesson 9, training in practice (registered with :func:`backproplab.exercises.registry.register`).

Every answer is computed with the package (:meth:`Network.fit`), never typed in, and so are the
numbers quoted in the worked solutions.
"""
import numpy as np

from ..._plumbing.format import number
from ...datasets import moons
from ...exercises.registry import NotYet, register, returned
from ...network import Network


def _fmt(v, digits=4):
    return number(v, f".{digits}g")


# 1. The loss's scale is part of η.
_N_SCALE, _ETA_HALF = 40, 0.02


def _scale_data():
    return moons(_N_SCALE, seed=9)


def _mse_eta():
    X, y = _scale_data()
    N, K = y.shape
    return N * K * _ETA_HALF / 2


def _mse_eta_solution():
    X, y = _scale_data()
    start = Network([2, 6, 1], seed=3)
    half, mse = (Network.from_weights(start.weights, start.biases, loss=loss) for loss in ("half_sse", "mse"))
    half.fit(X, y, epochs=100, lr=_ETA_HALF)
    mse.fit(X, y, epochs=100, lr=_mse_eta())
    gap = max(float(np.abs(a - b).max()) for a, b in zip(half.weights + half.biases, mse.weights + mse.biases))
    return (f"∂E/∂o is (o − t) for ½Σ(t − o)² and 2(o − t)/(NK) for the mean (1/(NK))Σ(t − o)², and every "
            f"gradient below the output inherits the factor. "
            f"With N = {_N_SCALE} samples and K = 1 output the mean's gradient is 2/{_N_SCALE} = "
            f"{_fmt(2 / _N_SCALE)} times as large ({_N_SCALE // 2} times smaller), so η must be NK/2 = {_N_SCALE // 2} times larger: "
            f"η = {_N_SCALE // 2} · {_fmt(_ETA_HALF)} = {_fmt(_mse_eta())}. Trained 100 epochs both ways, "
            f"the weights agree to {'1e-12' if gap < 1e-12 else _fmt(gap)}.")


register(
    "mse_eta",
    f"A network is trained full-batch on {_N_SCALE} two-moons points (one output) with loss 'half_sse' "
    f"and η = {_ETA_HALF}. With loss 'mse' instead, which η gives the same weights after every step?",
    _mse_eta,
    "Compare the gradients: ∂/∂o of ½Σ(t − o)² is (o − t), of (1/(NK))Σ(t − o)² it is 2(o − t)/(NK). "
    "η times the gradient must stay the same.",
    _mse_eta_solution,
)


# 2. Momentum on a straight slope: the steps grow to η·g/(1 − μ).
_MU, _ETA_FLAT, _SLOPE = 0.9, 0.1, 2.0


def _flat_step():
    # v = −ηg(1 + μ + μ² + …): the geometric series' limit (the solution shows the steps approach it)
    return _ETA_FLAT * _SLOPE / (1 - _MU)


def _flat_solution():
    v, steps = 0.0, []
    for _ in range(60):
        v = _MU * v - _ETA_FLAT * _SLOPE
        steps.append(-v)
    return (f"On a straight slope the gradient is the same g = {_fmt(_SLOPE)} every step, so v ← μv − ηg gives "
            f"v = −ηg(1 + μ + μ² + …) → −ηg/(1 − μ). The first step is ηg = {_fmt(_ETA_FLAT * _SLOPE)}, the "
            f"tenth {_fmt(steps[9])}, the sixtieth {_fmt(steps[59])}: the step grows to "
            f"ηg/(1 − μ) = {_fmt(_ETA_FLAT * _SLOPE)}/{_fmt(1 - _MU)} = {_fmt(_flat_step())}, ten times the "
            "step of plain gradient descent (1/(1 − μ) = 10 for μ = 0.9).")


register(
    "momentum_flat_step",
    f"Momentum μ = {_MU}, learning rate η = {_ETA_FLAT}, on a long straight slope where the gradient is "
    f"g = {_SLOPE} at every step. After many steps, how long is each step |Δw|?",
    _flat_step,
    "Write v after 1, 2, 3 steps: −ηg, −ηg(1 + μ), −ηg(1 + μ + μ²) … and sum the geometric series.",
    _flat_solution,
)


# 3. Symmetry: a conceptual check, answered by the number of the right statement.
_SYMMETRY_CHOICES = (
    "1: the learning rate is too small for the neurons to drift apart",
    "2: every hidden neuron computes the same z and a, receives the same δ (its outgoing weights are "
    "equal) and so the same update: they stay copies of each other",
    "3: the sigmoid's derivative is zero for equal weights",
    "4: gradient descent always keeps weights equal, whatever they start at",
)


register(
    "equal_weights_stay_equal",
    "A 3-4-1 network starts with every weight equal. Why are its four hidden neurons still identical "
    "after 1000 steps? Answer with the number of the right statement:\n" + "\n".join(_SYMMETRY_CHOICES),
    2,
    "Follow one step: the forward pass of neuron j uses column j of W₁, the δ of neuron j uses row j of W₂, "
    "the update of column j uses δ_j. What differs between two neurons?",
    "2. Two hidden neurons with the same incoming weights get the same z and a for every sample; with "
    "the same outgoing weight they get the same δ = (δ_out·w)·σ′(z); so ∂E/∂w is the same for their "
    "weights and the update keeps them equal — by induction, forever. The network is then one hidden "
    "neuron in four copies. (1) is false: a larger η changes nothing; (3) σ′ is not 0; (4) random "
    "starts separate, because their neurons differ from the first step.",
    abs_tol=0.1, rel_tol=0.0,
)


# 4. Code: the momentum update, checked against fit.
def _momentum_case():
    X, y = moons(30, seed=4)
    return X, y, Network([2, 5, 1], seed=11)


def _test_momentum_update(function):
    X, y, start = _momentum_case()
    lr, mu, epochs = 0.25, 0.8, 25
    reference = start.with_weights(start.weights, start.biases)
    reference.fit(X, y, epochs=epochs, lr=lr, momentum=mu)
    mine = start.with_weights(start.weights, start.biases)
    params = mine.weights + mine.biases
    velocity = [np.zeros_like(p) for p in params]
    for epoch in range(epochs):
        _, gW, gb = mine.gradients(X, y)
        for k, (p, v, g) in enumerate(zip(params, velocity, gW + gb)):
            new = returned(function(p.copy(), v.copy(), g.copy(), lr, mu), [p.shape, p.shape],
                           name="momentum_update", ends_with="w, v",
                           wrong_count=lambda got: f"momentum_update should return two arrays, (w, v), got {got!r:.60}.",
                           wrong_shape=lambda shapes: f"w and v should keep their shape {p.shape}, got {shapes}.")
            p[...], v[...] = new
        if epoch == 0:
            first = start.with_weights(start.weights, start.biases)
            first.fit(X, y, epochs=1, lr=lr, momentum=mu)
            if not all(np.allclose(a, b, rtol=1e-9, atol=1e-12) for a, b in zip(params, first.weights + first.biases)):
                raise NotYet("after the first step the weights differ from fit's: from v = 0 the first step "
                             "must be w − η·g.")
    for a, b in zip(params, reference.weights + reference.biases):
        if not np.allclose(a, b, rtol=1e-9, atol=1e-12):
            return False, (f"the first step matches, but after {epochs} steps the weights differ from "
                           f"fit(momentum={mu}): check that v keeps μ times its old value.")
    return True, f"{epochs} steps of your update give the weights of fit(momentum={mu}), lr={lr}."


register(
    "momentum_update_code",
    "Write momentum_update(w, v, g, lr, mu): one step of gradient descent with momentum on the weights w "
    "with velocity v and gradient g = ∂E/∂w; return the new (w, v).",
    None,
    "first the velocity, v ← μ·v − η·g, then the weights, w ← w + v (with the new v).",
    "v = mu * v - lr * g, then w = w + v; return w, v. The velocity is a running, decaying sum of past "
    "steps; with mu = 0 it is plain gradient descent. The checker runs 25 steps on a 2-5-1 network and "
    "compares with Network.fit(momentum=0.8).",
    points=2,
    test=_test_momentum_update,
    reference=("def momentum_update(w, v, g, lr, mu):\n"
               "    v = mu * v - lr * g\n"
               "    w = w + v\n"
               "    return w, v"),
)

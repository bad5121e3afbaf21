"""Exercises of lesson 9, training in practice (registered with :func:`backproplab.exercises.registry.register`).

Every answer is computed with the package (:meth:`Network.fit`), never typed in, and so are the
numbers quoted in the worked solutions.
"""
import numpy as np

from ..._plumbing.format import number
from ..._plumbing.i18n import mark, tr
from ...datasets import moons
from ...exercises.registry import NotYet, register, returned
from ...network import Network


def _fmt(v, digits=4):
    return number(v, f".{digits}g")


# 1. The loss's scale is part of η.
_N_SCALE, _ETA_HALF = 40, 0.02
_SECTION_3 = mark("lesson 9, section 3 (the loss's scale is part of η)")


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
    return tr("∂E/∂o is (o − t) for ½Σ(t − o)² and 2(o − t)/(NK) for the mean (1/(NK))Σ(t − o)², and every "
              "gradient below the output inherits the factor. "
              "With N = {n} samples and K = 1 output the mean's gradient is 2/{n} = "
              "{ratio} times as large ({half} times smaller), so η must be NK/2 = {half} times larger: "
              "η = {half} · {eta} = {mse_eta}. Trained 100 epochs both ways, "
              "the weights agree to {gap}.").format(
        n=_N_SCALE, ratio=_fmt(2 / _N_SCALE), half=_N_SCALE // 2, eta=_fmt(_ETA_HALF), mse_eta=_fmt(_mse_eta()),
        gap='1e-12' if gap < 1e-12 else _fmt(gap))


register(
    "mse_eta",
    lambda: tr("A network is trained full-batch on {n} two-moons points (one output) with loss 'half_sse' "
               "and η = {eta}. With loss 'mse' instead, which η gives the same weights after every step?").format(
        n=_N_SCALE, eta=_ETA_HALF),
    _mse_eta,
    lambda: tr("Compare the gradients: ∂/∂o of ½Σ(t − o)² is (o − t), of (1/(NK))Σ(t − o)² it is 2(o − t)/(NK). "
               "η times the gradient must stay the same."),
    _mse_eta_solution,
    nudge=lambda: tr("section 3's table: which factor does each loss put in front of (o − t), and what must η do "
                     "so that η times the gradient stays the same?"),
    # 0.02: the half-sum's η kept for the mean, whose gradient is 2/(NK) = 1/20 as large; η/(NK/2): the factor
    # the wrong way up; NK·η: the square's 2 forgotten; η/2: sse's row of the table, a sum, not the mean
    mistakes={"mean-vs-sum": ([_ETA_HALF, lambda: _ETA_HALF / (_mse_eta() / _ETA_HALF), lambda: 2 * _mse_eta(),
                               _ETA_HALF / 2],
                              _SECTION_3,
                              mark("the mean divides the gradient by NK (and the square's 2 doubles it): with the "
                                   "half-sum's η a step of mse is 2/(NK) times as long, so η must grow by the factor "
                                   "NK/2."))},
)


# 1b. The same idea without the table: a sum grows with the data, a mean does not.
_ETA_ONCE = 0.06            # not 0.02: its half, 0.01, is printed above (section 3's η)


def _doubled_eta():
    # every point twice: half_sse's gradient, a sum over the samples, doubles, so η halves
    N = len(_scale_data()[0])
    return _ETA_ONCE * N / (2 * N)


def _doubled_gap():
    X, y = _scale_data()
    start = Network([2, 6, 1], seed=3)
    once, twice = (start.with_weights(start.weights, start.biases) for _ in range(2))
    once.fit(X, y, epochs=100, lr=_ETA_ONCE)
    twice.fit(np.vstack([X, X]), np.vstack([y, y]), epochs=100, lr=_doubled_eta())
    return max(float(np.abs(a - b).max()) for a, b in zip(once.weights + once.biases, twice.weights + twice.biases))


def _doubled_solution():
    gap = _doubled_gap()
    return tr("half_sse is a sum over the samples, E = Σ_n E_n, and so is its gradient. With every point twice "
              "each term appears twice: the gradient doubles at every step, so η must halve, "
              "{eta}/2 = {half}. Trained 100 epochs both ways the weights agree to "
              "{gap}. With mse the mean of the doubled set is the mean of the "
              "old one: the same η would do — that is what section 3 means by the mean fixing the gradient's "
              "scale.").format(eta=_fmt(_ETA_ONCE), half=_fmt(_doubled_eta()), gap='1e-12' if gap < 1e-12 else _fmt(gap))


register(
    "half_sse_doubled_data",
    lambda: tr("A network is trained full-batch with loss 'half_sse' at η = {eta} on {n} two-moons points. "
               "Now every point is put in the training set twice ({n2} points, the same network, still "
               "'half_sse', full batch). Which η gives the same weights after every step as before?").format(
        eta=_ETA_ONCE, n=_N_SCALE, n2=2 * _N_SCALE),
    _doubled_eta,
    lambda: tr("half_sse sums one term per sample. What does each step's gradient become when every term appears "
               "twice, and how must η change so that η times the gradient stays the same?"),
    _doubled_solution,
    nudge=lambda: tr("section 1: how is the full-batch gradient made from the samples' gradients, for half_sse? "
                     "Then section 3: only η times the gradient matters."),
    # 0.06 is the η the mean loss would keep: half_sse is a sum, and the doubled sum doubles every gradient;
    # 0.12: η doubled instead of halved
    mistakes={"mean-vs-sum": ([_ETA_ONCE, lambda: 2 * _ETA_ONCE],
                              _SECTION_3,
                              mark("half_sse is a sum over the samples, not a mean: with every point twice every "
                                   "gradient doubles, so η must shrink by that factor; the same η steps twice as "
                                   "far, a doubled one four times."))},
)


_SECTION_4 = mark("lesson 9, section 4 (momentum)")
_FORGOT_VELOCITY = mark("the velocity accumulates the steps: v ← μv − η∇E keeps μ times its old value; ηg is only "
                        "the first step, plain gradient descent.")


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
    return tr("On a straight slope the gradient is the same g = {g} every step, so v ← μv − ηg gives "
              "v = −ηg(1 + μ + μ² + …) → −ηg/(1 − μ). The first step is ηg = {first}, the "
              "tenth {tenth}, the sixtieth {sixtieth}: the step grows to "
              "ηg/(1 − μ) = {first}/{one_minus_mu} = {limit}, ten times the "
              "step of plain gradient descent (1/(1 − μ) = 10 for μ = 0.9).").format(
        g=_fmt(_SLOPE), first=_fmt(_ETA_FLAT * _SLOPE), tenth=_fmt(steps[9]), sixtieth=_fmt(steps[59]),
        one_minus_mu=_fmt(1 - _MU), limit=_fmt(_flat_step()))


register(
    "momentum_flat_step",
    lambda: tr("Momentum μ = {mu}, learning rate η = {eta}, on a long straight slope where the gradient is "
               "g = {g} at every step. After many steps, how long is each step |Δw|?").format(
        mu=_MU, eta=_ETA_FLAT, g=_SLOPE),
    _flat_step,
    lambda: tr("Write v after 1, 2, 3 steps: −ηg, −ηg(1 + μ), −ηg(1 + μ + μ²) … and sum the geometric series."),
    _flat_solution,
    nudge=lambda: tr("section 4: write the velocity after the first, second and third step on this slope. What do "
                     "the terms have in common, and where does their sum go?"),
    # 0.2 = ηg: the first step, as if v did not keep μ times its old value
    mistakes={"assign-instead-of-accumulate": (lambda: _ETA_FLAT * _SLOPE, _SECTION_4, _FORGOT_VELOCITY)},
)


# 2b. The other half of section 4's sentence: a gradient that flips sign every step.
_G_FLIP = 2.0


def _flip_step():
    # v = −ηg(1 − μ + μ² − …) with alternating signs: |v| → ηg/(1 + μ)
    return _ETA_FLAT * _G_FLIP / (1 + _MU)


def _flip_solution():
    v, steps = 0.0, []
    for n in range(200):
        v = _MU * v - _ETA_FLAT * _G_FLIP * (-1) ** n
        steps.append(abs(v))
    return tr("The gradient is +g, −g, +g, … with g = {g}. Each new step's term has the sign opposite "
              "to the old velocity's, so the series alternates: |v| → ηg(1 − μ + μ² − …) = ηg/(1 + μ) = "
              "{plain}/{one_plus_mu} = {limit}. The first step is "
              "{first}, the second {second}, the third {third}; after 200 steps "
              "{last}: about half the plain step ηg = {plain}, where the straight "
              "slope gave ten times it. Momentum damps the bounce across a valley and speeds the walk along "
              "it.").format(g=_fmt(_G_FLIP), plain=_fmt(_ETA_FLAT * _G_FLIP), one_plus_mu=_fmt(1 + _MU),
                            limit=_fmt(_flip_step()), first=_fmt(steps[0]), second=_fmt(steps[1]),
                            third=_fmt(steps[2]), last=_fmt(steps[-1]))


register(
    "momentum_flipping_step",
    lambda: tr("Momentum μ = {mu}, learning rate η = {eta}, starting from v = 0, across a narrow valley where the "
               "gradient flips sign every step: g = +{g}, −{g}, +{g}, … After many "
               "steps, how long is each step |Δw|? Give it to 3 decimals.").format(
        mu=_MU, eta=_ETA_FLAT, g=_fmt(_G_FLIP)),
    _flip_step,
    lambda: tr("Write v after 1, 2, 3 steps: each new −ηg has the sign opposite to μ·(the old v). The terms form a "
               "series with alternating signs; sum it."),
    _flip_solution,
    nudge=lambda: tr("section 4 says the steps partly cancel where the gradient flips. Write the velocity after "
                     "three steps of this run and look at the signs of its terms."),
    decimals=3,
    # ηg/(1 − μ) = 2: exercise 2a's limit, as if the gradient kept its sign. (0, a literal "cancel", has no
    # catalogue key that fits; the nudge's "partly" points away from it.)
    mistakes={"assign-instead-of-accumulate": (lambda: _ETA_FLAT * _G_FLIP, _SECTION_4, _FORGOT_VELOCITY),
              "sign-flipped": (lambda: _ETA_FLAT * _G_FLIP / (1 - _MU), _SECTION_4,
                               mark("the gradient flips sign every step, so the terms of the velocity's series "
                                    "alternate in sign: ηg/(1 − μ) is the straight slope's limit, where they all "
                                    "agree."))},
)


# 3. Symmetry: a conceptual check, answered by the number of the right statement (statement 2 is worded
# apart from section 5's text, which explains it; 3b asks what the explanation implies).
_SYMMETRY_CHOICES = (
    mark("1: the learning rate is too small for the neurons to drift apart"),
    mark("2: nothing in a step tells two hidden neurons apart: what they compute going forward, what comes back "
         "to them and hence how their weights change are the same for all four"),
    mark("3: the sigmoid's derivative is zero for equal weights"),
    mark("4: gradient descent always keeps weights equal, whatever they start at"),
)


def _choices(choices):
    return "\n".join(tr(c) for c in choices)


register(
    "equal_weights_stay_equal",
    lambda: tr("A 3-4-1 network starts with every weight equal. Why are its four hidden neurons still identical "
               "after 1000 steps? Answer with the number of the right statement:") + "\n" + _choices(_SYMMETRY_CHOICES),
    2,
    lambda: tr("Follow one step: the forward pass of neuron j uses column j of W₁, the δ of neuron j uses row j of "
               "W₂, the update of column j uses δ_j. What differs between two neurons?"),
    lambda: tr("2. Two hidden neurons with the same incoming weights get the same z and a for every sample; with "
               "the same outgoing weight they get the same δ = (δ_out·w)·σ′(z); so ∂E/∂w is the same for their "
               "weights and the update keeps them equal — by induction, forever. The network is then one hidden "
               "neuron in four copies. (1) is false: a larger η changes nothing; (3) σ′ is not 0; (4) random "
               "starts separate, because their neurons differ from the first step."),
    abs_tol=0.1, rel_tol=0.0,
    nudge=lambda: tr("section 5 traced one step of the equal start. Ask of two hidden neurons: which of the numbers "
                     "it printed differ between them?"),
)


# 3b. Which change breaks the symmetry? (A question the section's text does not answer word for word.)
_BREAKER_CHOICES = (
    mark("1: a ten times larger learning rate, η = 10"),
    mark("2: tanh instead of the sigmoid in the hidden layer"),
    mark("3: the four outgoing weights (hidden → output) set to 0.1, 0.2, 0.3, 0.4, the incoming ones still all 0.5"),
    mark("4: training five times as long, 5000 steps"),
)
_BREAKER_OUTGOING = (0.1, 0.2, 0.3, 0.4)


def symmetry_runs():
    """For each choice of :data:`_BREAKER_CHOICES`, how far apart the four hidden neurons' incoming weights
    are after training the equal start on XOR (lesson 9, section 5): ``{choice number: largest
    difference}``; 0 means identical."""
    from .practice import equal_start

    X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=float)
    y = np.array([[0], [1], [1], [0]], dtype=float)
    outgoing = equal_start()
    outgoing = Network.from_weights([outgoing.weights[0], np.array(_BREAKER_OUTGOING)[:, None]], None)
    runs = {1: (equal_start(), 10.0, 1000), 2: (equal_start(activation=["tanh", "sigmoid"]), 1.0, 1000),
            3: (outgoing, 1.0, 1000), 4: (equal_start(), 1.0, 5000)}
    spread = {}
    for choice, (net, lr, epochs) in runs.items():
        net.fit(X, y, epochs=epochs, lr=lr)
        W = net.weights[0]
        spread[choice] = float(np.abs(W - W[:, :1]).max())
    return spread


def _spread_text(spread):
    return tr("below 1e-12") if spread < 1e-12 else tr("above 0.1") if spread > 0.1 else _fmt(spread, 2)


def _breaker_answer():
    spread = symmetry_runs()
    broken = [c for c, s in spread.items() if s > 1e-6]
    assert broken == [3], spread          # the question has one right statement
    return broken[0]


register(
    "symmetry_breaker",
    lambda: tr("A 3-4-1 sigmoid network without biases starts with every weight 0.5 and is trained on XOR (η = 1, "
               "1000 steps): its four hidden neurons stay identical. Which one change makes their incoming weights "
               "differ after training? Answer with the number:") + "\n" + _choices(_BREAKER_CHOICES),
    _breaker_answer,
    lambda: tr("δ_j = δ_out·w_j,out·σ′(z_j): for which change does this differ between two hidden neurons j, "
               "already in the first step? The update of neuron j's incoming weights is the input times δ_j."),
    lambda: tr("3. With outgoing weights 0.1 … 0.4 the hidden neurons still compute the same z and a, but their "
               "δ_j = δ_out·w_j,out·σ′(z_j) differ by the factor w_j,out, so their incoming weights move by "
               "different amounts in the very first step, and from then on z and a differ too. (1), (2) and (4) "
               "change the size of the steps or the slope σ′ for all four neurons alike: every neuron still "
               "gets the same δ and the same update, and the incoming weights stay equal. "
               "Trained, the largest difference between their incoming weights is {spreads}.").format(
        spreads=", ".join(f"({c}) {_spread_text(s)}" for c, s in symmetry_runs().items())),
    abs_tol=0.1, rel_tol=0.0,
    nudge=lambda: tr("section 5: what made the δ of the four hidden neurons the same? Which of the four changes "
                     "touches that, rather than the size of every step?"),
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
                           wrong_count=lambda got: tr("momentum_update should return two arrays, (w, v), got "
                                                      "{got}.").format(got=f"{got!r:.60}"),
                           wrong_shape=lambda shapes: tr("w and v should keep their shape {shape}, got "
                                                         "{shapes}.").format(shape=p.shape, shapes=shapes))
            p[...], v[...] = new
        if epoch == 0:
            first = start.with_weights(start.weights, start.biases)
            first.fit(X, y, epochs=1, lr=lr, momentum=mu)
            if not all(np.allclose(a, b, rtol=1e-9, atol=1e-12) for a, b in zip(params, first.weights + first.biases)):
                raise NotYet(tr("after the first step the weights differ from fit's: from v = 0 the first step "
                                "must be w − η·g."))
    for a, b in zip(params, reference.weights + reference.biases):
        if not np.allclose(a, b, rtol=1e-9, atol=1e-12):
            return False, tr("the first step matches, but after {epochs} steps the weights differ from "
                             "fit(momentum={mu}): check that v keeps μ times its old value.").format(epochs=epochs, mu=mu)
    return True, tr("{epochs} steps of your update give the weights of fit(momentum={mu}), lr={lr}.").format(
        epochs=epochs, mu=mu, lr=lr)


def _momentum_code(v_new="mu * v - lr * g", w_new="w + v", first="v"):
    """The momentum update as a student writes it; each registered mistake changes one piece."""
    if first == "w":            # the weights moved before the velocity is updated: by the old v
        return ("def momentum_update(w, v, g, lr, mu):\n"
                f"    w = {w_new}\n"
                f"    v = {v_new}\n"
                "    return w, v")
    return ("def momentum_update(w, v, g, lr, mu):\n"
            f"    v = {v_new}\n"
            f"    w = {w_new}\n"
            "    return w, v")


def _momentum_probes():
    """A velocity that is not zero and μ, η not 1, so that every slip changes the result."""
    rng = np.random.default_rng(29)
    return [(rng.normal(size=(3, 2)), rng.normal(size=(3, 2)), rng.normal(size=(3, 2)), 0.3, 0.7),
            (rng.normal(size=4), rng.normal(size=4), rng.normal(size=4), 0.05, 0.9)]


register(
    "momentum_update_code",
    lambda: tr("Write momentum_update(w, v, g, lr, mu): one step of gradient descent with momentum on the weights w "
               "with velocity v and gradient g = ∂E/∂w; return the new (w, v)."),
    None,
    lambda: tr("Two lines, in the order of section 4: first the velocity (it keeps μ times its old value and takes "
               "a step down the gradient, against g), then the weights, which move by the velocity you just "
               "computed."),
    lambda: tr("v = mu * v - lr * g, then w = w + v; return w, v. The velocity is a running, decaying sum of past "
               "steps; with mu = 0 it is plain gradient descent. The checker runs 25 steps on a 2-5-1 network and "
               "compares with Network.fit(momentum=0.8).") + "\n\n" + _momentum_code(),
    points=2,
    test=_test_momentum_update,
    reference=_momentum_code(),
    nudge=lambda: tr("reread the two update rules at the top of section 4 and their order. Then check your function "
                     "by hand: with mu = 0 it must be plain gradient descent, and from v = 0 its first step must go "
                     "downhill."),
    mistakes={
        "momentum-sign-or-order": [_momentum_code(first="w"),                       # the old v moves w
                                   _momentum_code(v_new="mu * v + lr * g"),         # + before η∇E: uphill
                                   _momentum_code(w_new="w - v")],                  # w − v: against the velocity
        "assign-instead-of-accumulate": (_momentum_code(v_new="-lr * g"), _SECTION_4,
                                         mark("the velocity accumulates the steps: v ← μv − η∇E keeps μ "
                                              "times its old value; v = −η∇E alone forgets it, and the update "
                                              "is plain gradient descent.")),
        "not-every-weight-updated": (_momentum_code(w_new="w"), _SECTION_4,
                                     mark("a step moves the weights as well as the velocity: return the moved "
                                          "w (w + v), not the old one.")),
    },
    probes=_momentum_probes,
)

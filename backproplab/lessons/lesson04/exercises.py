"""Exercises of lesson 4 (registered with :func:`backproplab.exercises.registry.register`).

The answers are computed by the package (a network's weight shapes, the half-SSE loss); the numbers
in the worked solutions are formatted from the same computations, never typed.

Keys: ``E_constant_half`` (a single neuron's best on XOR), ``n_weights_3441`` (shape bookkeeping),
``E_three_merged`` (the loss on the classic asymptotic plateau, a trap at infinity), ``backward_lines_code``
(code: the backward lines of the 11-line loop, written with δ = ∂E/∂z), ``forward_pass_code`` (code: the
forward pass of any depth).
"""
import numpy as np

from ... import losses
from ...datasets import xor
from ...exercises.registry import NotYet, diagnose, register, returned
from ...network import Network
from ...trace import fmt
from ..._plumbing.i18n import mark, tr, tr_n


def _constant_loss(value) -> float:
    """E = ½Σ(t − o)² on XOR when the network outputs ``value`` for every input."""
    _, y = xor()
    return losses.half_sse.value(np.full_like(y, value), y)


def _n_weights_3441() -> int:
    return sum(w.size for w in Network([3, 4, 4, 1], bias=False).weights)


def _merged_output() -> float:
    """The best common output for (0,1), (1,0), (1,1): the mean of their targets."""
    _, y = xor()
    return float(y[1:, 0].mean())


def _E_three_merged() -> float:
    """E when (0,0) is exactly right and the other three inputs share the best common output."""
    _, y = xor()
    o = np.vstack([y[:1], np.full((3, 1), _merged_output())])
    return losses.half_sse.value(o, y)


register(
    "E_constant_half",
    lambda: tr("A single neuron cannot separate XOR; gradient descent leaves it at output 0.5 for all four inputs. "
               "What is the loss E = ½Σ(t − o)² there?"),
    lambda: _constant_loss(0.5),
    lambda: tr("each of the four inputs is off by 0.5, whatever its target (0 or 1)."),
    lambda: tr("Every input has (t − o)² = 0.5² = {square}, so E = ½·4·{square} = {E}.").format(
        square=fmt(0.5 ** 2), E=fmt(_constant_loss(0.5))),
    nudge=lambda: tr("look at the four targets in the table of section 1, and at the loss as this lesson writes it: "
                     "a sum over the four inputs, with its ½."),
    # ½ times the mean over the four inputs instead of the sum: a factor 4 too small.
    mistakes={"mean-vs-sum": lambda: _constant_loss(0.5) / len(xor()[1])},
)


def _n_weights_solution() -> str:
    shapes = [w.shape for w in Network([3, 4, 4, 1], bias=False).weights]
    return tr("The shapes are {shapes}, so {sum} = {n} weights.").format(
        shapes=", ".join(f"W_{k + 1}: {r}×{c}" for k, (r, c) in enumerate(shapes)),
        sum=" + ".join(str(r * c) for r, c in shapes), n=_n_weights_3441())


def _E_three_merged_solution() -> str:
    o = _merged_output()
    return tr("dE/do = −2(1 − o) + o = 0 gives o = 2/3 = {o} (the mean of the targets 1, 1, 0). "
              "Then E = ½[2·(1 − {o})² + {o}²] = {E} = 1/3: "
              "the plateau where such networks get stuck (approached as the hidden weights grow without bound).").format(
        o=fmt(o), E=fmt(_E_three_merged()))


register(
    "n_weights_3441",
    lambda: tr("How many weights does the 3-4-4-1 network (no bias vectors) have in all?"),
    _n_weights_3441,
    lambda: tr("W_k has shape (neurons in layer k−1, neurons in layer k): write down the three shapes and add up "
               "rows × columns."),
    _n_weights_solution,
    nudge=lambda: tr("reread the start of section 3: what sets the shape of the matrix between two neighbouring "
                     "layers? The input layer counts its constant input too."),
)
register(
    "E_three_merged",
    lambda: tr("Stuck network: it gets (0,0) right (o = 0) but its hidden layer maps (0,1), (1,0) and (1,1) to "
               "the same point, so they share one output o. Which o makes E smallest, and what is E then? Enter E."),
    _E_three_merged,
    lambda: tr("E(o) = ½[(1 − o)² + (1 − o)² + (0 − o)²]; set dE/do = 0 to find the best o (the mean of the three "
               "targets), then put it back into E."),
    _E_three_merged_solution,
    nudge=lambda: tr("write E as a function of the one shared output o (what does (0,0) add?), then find the o "
                     "where E stops falling."),
    # ½ times the mean over the four inputs instead of the sum: a factor 4 too small.
    mistakes={"mean-vs-sum": lambda: _E_three_merged() / len(xor()[1])},
)


# A code-writing exercise: the forward pass of a sigmoid network without bias, any depth.
def _forward_cases():
    X, _ = xor()
    for sizes, seed in (([3, 4, 4, 1], 3), ([3, 4, 1], 7), ([3, 2, 5, 2], 11)):
        net = Network(sizes, bias=False, seed=seed)
        yield "-".join(map(str, sizes)), X, [w.copy() for w in net.weights], net.forward(X)


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _forward_code(a: str) -> str:
    """A version of forward_pass whose loop sets ``a = …`` as written (a buggy one, to name)."""
    return f"def forward_pass(X, weights):\n    a = X\n    for W in weights:\n        a = {a}\n    return a"


def _forward_probes():
    """``(X, weights)`` for XOR's inputs and networks whose layers are all square (3-3-3 and 3-3-3-3), so
    that every slip runs, the transposed weights included."""
    X, _ = xor()
    return [(X, [w.copy() for w in Network(sizes, bias=False, seed=seed).weights])
            for sizes, seed in (([3, 3, 3], 5), ([3, 3, 3, 3], 9))]


def _test_forward_pass(function):
    for name, X, weights, true in _forward_cases():
        got = returned(function(X.copy(), [w.copy() for w in weights]), true.shape, name="forward_pass",
                       ends_with="a", wrong_shape=lambda shape: tr(
                           "for the {name} network the output should have one row per input and one column per "
                           "output neuron, shape {shape}, got shape {got}.").format(name=name, shape=true.shape,
                                                                                   got=shape))
        if np.allclose(got, true, rtol=1e-9, atol=1e-12):
            continue
        a = X
        for w in weights[:-1]:
            a = _sigmoid(a @ w)
        if np.allclose(got, a @ weights[-1], rtol=1e-9, atol=1e-12):
            return False, tr("for the {name} network the output layer's σ is missing: every layer is sigmoid.").format(
                name=name)
        worst = np.unravel_index(np.argmax(np.abs(got - true)), true.shape)
        return False, tr("for the {name} network output {index} is {got}, but the network computes {true}.").format(
            name=name, index=tuple(int(i) for i in worst), got=fmt(got[worst], 6), true=fmt(true[worst], 6))
    return True, tr("forward_pass agrees with Network.forward for the 3-4-4-1, 3-4-1 and 3-2-5-2 networks.")


register(
    "forward_pass_code",
    lambda: tr("Write forward_pass(X, weights): the output of a sigmoid network without bias vectors, one row per "
               "input, for any number of layers (weights is the list W_1, W_2, …)."),
    None,
    lambda: tr("start with a = X; for each W in weights: a = σ(a @ W), with σ(z) = 1/(1 + np.exp(−z)); return the "
               "last a. a @ W works because W_k has shape (neurons in layer k−1, neurons in layer k)."),
    lambda: tr("a = X, then a = 1 / (1 + np.exp(-(a @ W))) for every W in turn: each layer's net input z = a·W is "
               "the previous layer's outputs times the weights (rows: examples, columns: neurons), squashed by σ. "
               "This is Network.forward without the bias vectors."),
    points=2,
    test=_test_forward_pass,
    nudge=lambda: tr("reread the two forward lines of the 11-line loop (l1 and l2) and the shape table above: what "
                     "does every layer do to the outputs of the layer before it? Your loop does that once per matrix."),
    reference=("def forward_pass(X, weights):\n"
               "    a = X\n"
               "    for W in weights:\n"
               "        a = 1 / (1 + np.exp(-(a @ W)))\n"
               "    return a"),
    mistakes={
        # the loop stops squashing before the output layer
        "output-activation-missing": ("def forward_pass(X, weights):\n"
                                      "    a = X\n"
                                      "    for W in weights[:-1]:\n"
                                      "        a = 1 / (1 + np.exp(-(a @ W)))\n"
                                      "    return a @ weights[-1]"),
        # σ(z) = 1/(1 + e^(−z)) with the minus of its exponent lost: σ(−z)
        "sign-flipped": (_forward_code("1 / (1 + np.exp(a @ W))"),
                         mark("lesson 3, section 1 (the sigmoid: σ(z) = 1/(1 + e^(−z)))"),
                         mark("σ(z) = 1/(1 + e^(−z)) has a minus in its exponent; without it every layer computes "
                              "1/(1 + e^z) = σ(−z) = 1 − σ(z), the mirror image of each activation.")),
        # the backward pass's Wᵀ on the way forward (it runs only where every layer is square)
        "weights-not-transposed": (_forward_code("1 / (1 + np.exp(-(a @ W.T)))"),
                                   mark("lesson 4, section 3 (going deeper: a weight matrix's shape is (neurons "
                                        "before, neurons after))"),
                                   mark("going forward, a has one row per input and W_k one row per neuron of the "
                                        "layer before and one column per neuron of its own layer, so z = a @ W_k; "
                                        "the transpose W_kᵀ belongs to the backward pass.")),
    },
    probes=_forward_probes,
)


# --------------------------------------------------------------------------- the core: the backward lines
# The 11-line loop's backward lines carry Err = −δ and add; the student writes them with δ = ∂E/∂z
# (E = ½Σ(t − o)², summed over the batch) and subtracts, and returns what the loop's step leaves behind.
def _backward_true(l0, l1, l2, y, syn0, syn1):
    """(δ₂, δ₁, W₁ after the step, W₂ after the step), η = 1: the loop's lines with δ = −l_delta."""
    delta2 = (l2 - y) * (l2 * (1 - l2))
    delta1 = (delta2 @ syn1.T) * (l1 * (1 - l1))
    return delta2, delta1, syn0 - l0.T @ delta1, syn1 - l1.T @ delta2


def _backward_case(l0, y, syn0, syn1):
    """The arguments of backward_lines for a forward pass of the 11-line loop on l0."""
    l1 = _sigmoid(l0 @ syn0)
    l2 = _sigmoid(l1 @ syn1)
    return l0, l1, l2, y, syn0, syn1


def _classic_start(seed=1):
    """The loop's starting weights: np.random.seed(seed), then syn0 and syn1 uniform in [−1, 1) (a
    RandomState draws the same numbers without touching NumPy's global generator)."""
    rng = np.random.RandomState(seed)
    syn0 = 2 * rng.random_sample((3, 4)) - 1
    return syn0, 2 * rng.random_sample((4, 1)) - 1


def _backward_cases():
    """(description, arguments): the lesson's XOR start (the loop's first iteration, and one after 500
    iterations), then random layers: several outputs, a single example, wider than tall."""
    X, y = xor()
    syn0, syn1 = _classic_start()
    yield tr("the loop's first iteration on XOR (3-4-1)"), _backward_case(X, y, syn0, syn1)
    for _ in range(500):
        d2, d1, syn0, syn1 = _backward_true(*_backward_case(X, y, syn0, syn1))
    yield tr("the loop's 501st iteration on XOR"), _backward_case(X, y, syn0, syn1)
    rng = np.random.default_rng(4)
    for n, sizes in ((6, (3, 5, 2)), (1, (2, 3, 1)), (3, (4, 2, 3))):
        l0 = rng.uniform(-1, 1, (n, sizes[0]))
        yield (tr_n("{n} example through a {sizes} network", "{n} examples through a {sizes} network", n).format(
                   n=n, sizes="-".join(map(str, sizes))),
               _backward_case(l0, rng.uniform(0, 1, (n, sizes[2])), rng.normal(size=sizes[:2]),
                              rng.normal(size=sizes[1:])))


_BACKWARD_NAMES = ("delta2", "delta1", "syn0_new", "syn1_new")


def _test_backward_lines(function):
    for what, args in _backward_cases():
        l0, l1, l2, y, syn0, syn1 = args
        true = _backward_true(*args)
        shapes = [t.shape for t in true]
        try:
            result = function(*(a.copy() for a in args))
        except Exception as err:    # say which case raised: the lesson's 3-4-1 network or a random one
            raise NotYet(tr("for {what}: your function raised {error}: {message}.").format(
                what=what, error=type(err).__name__, message=err)) from err
        got = returned(result, shapes, name="backward_lines",
                       ends_with="delta2, delta1, syn0_new, syn1_new",
                       wrong_count=lambda g: (tr("backward_lines should return four arrays, (delta2, delta1, "
                                                 "syn0_new, syn1_new); got {type} of {n}.").format(
                                                     type=type(g).__name__, n=len(g))
                                              if isinstance(g, (tuple, list)) else
                                              tr("backward_lines should return four arrays, (delta2, delta1, "
                                                 "syn0_new, syn1_new); got {type}.").format(type=type(g).__name__)),
                       wrong_shape=lambda s: tr("for {what} the four results should have the shapes {shapes} "
                                                "(δ₂ like l2, δ₁ like l1, each matrix its own shape), got {got}.").format(
                                                    what=what, shapes=shapes, got=s))
        delta2, delta1, new0, new1 = true
        checks = (
            (got[0], delta2, "δ₂ = ∂E/∂z₂", [
                (-delta2, tr("delta2 has the wrong sign: the loop's l2_delta = (t − o)·σ′(z₂) is −δ₂ (section 2, "
                             "Sign).")),
                (l2 - y, tr("delta2 lacks the output's slope σ′(z₂) = o(1 − o)."))]),
            (got[1], delta1, "δ₁ = ∂E/∂z₁", [
                (-delta1, tr("delta1 has the wrong sign: the loop's l1_delta is −δ₁ (section 2, Sign).")),
                (delta2 @ syn1.T, tr("delta1 lacks the hidden slope σ′(z₁) = a₁(1 − a₁).")),
                ((delta2 @ (syn1 - l1.T @ delta2).T) * (l1 * (1 - l1)),
                 tr("delta1 uses syn1 after its update: δ₁ belongs to the forward pass, with syn1 as it was "
                    "(section 2, Order)."))]),
            (got[3], new1, "W₂ − a₁ᵀδ₂", [
                (syn1 + l1.T @ delta2, tr("syn1_new climbs the loss: with δ = ∂E/∂z the step subtracts, "
                                          "W₂ − a₁ᵀδ₂ (the loop adds because it carries −δ).")),
                (syn1, tr("syn1_new is syn1 unchanged: the step moves both matrices."))]),
            (got[2], new0, "W₁ − a₀ᵀδ₁", [
                (syn0 + l0.T @ delta1, tr("syn0_new climbs the loss: with δ = ∂E/∂z the step subtracts, "
                                          "W₁ − a₀ᵀδ₁.")),
                (syn0, tr("syn0_new is syn0 unchanged: the step moves both matrices."))]),
        )
        for value, right, source, mistakes in checks:
            wrong = diagnose(value, right, what, mistakes=mistakes, source=source)
            if wrong:
                return False, wrong
    return True, tr("backward_lines gives the loop's step with δ = ∂E/∂z: on XOR at the loop's first and 501st "
                    "iteration, and on random 3-5-2, 2-3-1 (one example) and 4-2-3 networks.")


def _backward_probes():
    """Square layers (3-3-3), so that every slip runs (δ₂ @ W₂ instead of δ₂ @ W₂ᵀ, or a₂ᵀ in place of
    a₁ᵀ, fail on the lesson's 3-4-1 network)."""
    rng = np.random.default_rng(44)
    probes = []
    for n in (4, 2):
        l0 = rng.uniform(-1, 1, (n, 3))
        probes.append(_backward_case(l0, rng.uniform(0, 1, (n, 3)), rng.normal(size=(3, 3)), rng.normal(size=(3, 3))))
    return probes


_SIGNATURE = "def backward_lines(l0, l1, l2, y, syn0, syn1):\n"


def _lines(delta2="(l2 - y) * (l2 * (1 - l2))", delta1="(delta2 @ syn1.T) * (l1 * (1 - l1))",
           syn0_new="syn0 - l0.T @ delta1", syn1_new="syn1 - l1.T @ delta2", before=()) -> str:
    """A buggy backward_lines as code: the reference with one or more of its lines replaced (``before``:
    lines that come first, e.g. ``z1 = l0 @ syn0``), so that a slip at the output layer, at the hidden
    layer or at both is each one form of the same mistake."""
    return (_SIGNATURE + "".join(f"    {line}\n" for line in before)
            + f"    delta2 = {delta2}\n    delta1 = {delta1}\n    return delta2, delta1, {syn0_new}, {syn1_new}")


# σ′ of the wrong quantity: σ(a)(1 − σ(a)) of the stored outputs a = l1, l2 (σ once too often), or z(1 − z)
# (σ not at all)
_SIGMA_OF_A = ("s1 = 1 / (1 + np.exp(-l1))", "s2 = 1 / (1 + np.exp(-l2))")
_Z = ("z1 = l0 @ syn0", "z2 = l1 @ syn1")
_SLOPE_WRONG_1 = {"sigma": "(delta2 @ syn1.T) * (s1 * (1 - s1))", "z": "(delta2 @ syn1.T) * (z1 * (1 - z1))"}
_SLOPE_WRONG_2 = {"sigma": "(l2 - y) * (s2 * (1 - s2))", "z": "(l2 - y) * (z2 * (1 - z2))"}
_SLOPE_BEFORE = {"sigma": _SIGMA_OF_A, "z": _Z}

register(
    "backward_lines_code",
    lambda: tr("Write backward_lines(l0, l1, l2, y, syn0, syn1): the backward lines of the 11-line loop, written "
               "with δ = ∂E/∂z. Return (delta2, delta1, syn0_new, syn1_new): the error terms δ₂ = ∂E/∂z₂ and "
               "δ₁ = ∂E/∂z₁ (one row per example) and the two weight matrices after the loop's step (η = 1)."),
    None,
    lambda: tr("δ₂ is minus the loop's l2_delta: (o − t) times the output's slope o(1 − o). δ₁ sends δ₂ back along "
               "W₂ (so W₂ transposed) and multiplies by the hidden slope a₁(1 − a₁), with syn1 as it was before the "
               "step. Then each matrix moves against its gradient: W ← W − (the layer's input)ᵀ·δ."),
    lambda: tr("delta2 = (l2 - y) * l2 * (1 - l2) is −l2_delta: ∂E/∂o = o − t (the ½ cancels the 2) times σ′(z₂) = o(1 − o). "
    "delta1 = delta2 @ syn1.T * l1 * (1 - l1) is −l1_delta: each δ₂ goes back along the weights it came through, "
    "and σ′(z₁) = a₁(1 − a₁). Computed before any update, so syn1 is the one the forward pass used. "
    "The gradients are ∂E/∂W₂ = l1.T @ delta2 and ∂E/∂W₁ = l0.T @ delta1 (summed over the four examples by the "
    "product), and gradient descent subtracts them: syn1 - l1.T @ delta2 and syn0 - l0.T @ delta1, the same step "
    "as the loop's syn1 += l1.T.dot(l2_delta), since l2_delta = −δ₂."),
    points=2,
    test=_test_backward_lines,
    reference=(_SIGNATURE +
               "    delta2 = (l2 - y) * (l2 * (1 - l2))\n"
               "    delta1 = (delta2 @ syn1.T) * (l1 * (1 - l1))\n"
               "    syn1_new = syn1 - l1.T @ delta2\n"
               "    syn0_new = syn0 - l0.T @ delta1\n"
               "    return delta2, delta1, syn0_new, syn1_new"),
    nudge=lambda: tr("reread the table of section 2 (its backprop column) and the four details under it: the loop's "
                     "lines are your starting point, but they carry another quantity than δ, and the order of the "
                     "lines matters."),
    mistakes={
        # the loop's lines copied as they stand: l2_delta and l1_delta are −δ₂ and −δ₁
        "sign-flipped": (_SIGNATURE +
                         "    l2_delta = (y - l2) * (l2 * (1 - l2))\n"
                         "    l1_delta = l2_delta.dot(syn1.T) * (l1 * (1 - l1))\n"
                         "    return l2_delta, l1_delta, syn0 + l0.T.dot(l1_delta), syn1 + l1.T.dot(l2_delta)",
                         mark("lesson 4, section 2 (What each line does: Sign)"),
                         mark("the loop's l2_delta = (t − o)·σ′(z₂) is −δ₂ and its l1_delta is −δ₁ (that is why the "
                              "loop adds), so returning them as delta2 and delta1 flips the sign of both.")),
        # σ′ left out at the hidden layer (first: the form named so far), at the output layer, at both
        "sigma-prime-missing": ([_lines(delta1="delta2 @ syn1.T"), _lines(delta2="l2 - y"),
                                 _lines(delta2="l2 - y", delta1="delta2 @ syn1.T")],
                                mark("lesson 4, section 2 (What each line does: the table's backprop column: "
                                     "σ′(z₂) in −δ₂, σ′(z₁) in −δ₁)")),
        # σ′ taken as σ(a)(1 − σ(a)) or z(1 − z): at the hidden layer (first), at the output layer, at both
        "sigma-prime-wrong-quantity": [
            form for kind in ("sigma", "z") for form in (
                _lines(delta1=_SLOPE_WRONG_1[kind], before=_SLOPE_BEFORE[kind][:1]),
                _lines(delta2=_SLOPE_WRONG_2[kind], before=_SLOPE_BEFORE[kind][1:]),
                _lines(delta2=_SLOPE_WRONG_2[kind], delta1=_SLOPE_WRONG_1[kind], before=_SLOPE_BEFORE[kind]))],
        "weights-not-transposed": _lines(delta1="(delta2 @ syn1) * (l1 * (1 - l1))"),
        "updated-weights-in-delta": (_SIGNATURE +
                                     "    delta2 = (l2 - y) * (l2 * (1 - l2))\n"
                                     "    syn1 = syn1 - l1.T @ delta2\n"
                                     "    delta1 = (delta2 @ syn1.T) * (l1 * (1 - l1))\n"
                                     "    return delta2, delta1, syn0 - l0.T @ delta1, syn1",
                                     mark("lesson 4, section 2 (What each line does: Order)")),
        # a layer's own output in place of its input: in both weight changes (first), in W₂'s only (a 1×1
        # product that broadcasts on the lesson's network), in W₁'s only (runs on square layers)
        "input-output-swapped": [_lines(syn0_new="syn0 - l1.T @ delta1", syn1_new="syn1 - l2.T @ delta2"),
                                 _lines(syn1_new="syn1 - l2.T @ delta2"),
                                 _lines(syn0_new="syn0 - l1.T @ delta1")],
        # the mean over the N examples instead of the sum: a mean loss (δ₂ and all after it /N), or the
        # weight changes averaged
        "mean-vs-sum": ([_lines(delta2="(l2 - y) * (l2 * (1 - l2)) / len(l0)"),
                         _lines(syn0_new="syn0 - l0.T @ delta1 / len(l0)", syn1_new="syn1 - l1.T @ delta2 / len(l0)")],
                        mark("lesson 4, section 2 (What each line does: Loss)")),
    },
    probes=_backward_probes,
)

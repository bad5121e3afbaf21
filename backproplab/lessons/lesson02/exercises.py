"""Exercises of lesson 2 (registered with :func:`backproplab.exercises.registry.register`).

All answers come from Matt Mazur's 2-2-2 example (:mod:`backproplab.lessons.lesson02.mazur`) or from the
shapes of a :class:`~backproplab.Network`, computed by the package. Error terms are
``δ = ∂E/∂z``, as in the lesson.

Keys: ``delta_h2`` (a hidden δ collected from two outputs), ``grad_b2_shared`` (the gradient of the
post's one output bias shared by o1 and o2), ``grad_W2_entries_batch64`` (the shape of ∂E/∂W₂ for a
batch of 64), ``equation_2_code`` (code: equation 2 for a layer, checked against
:func:`backproplab.backprop.hidden_delta`), ``four_equations_code`` (code: equations (1)–(4), the whole backward
pass of a two-layer sigmoid network with biases, for a batch, checked against the package's network).
"""
import functools

import numpy as np

from ... import activations, backprop
from ...exercises.registry import NotYet, diagnose, register, returned
from ...network import Network
from ..._plumbing.i18n import mark, tr
from ...trace import fmt
from . import mazur


_REREAD_SLOPE = mark("lesson 2, section 3 (∂out/∂z = out(1 − out))")


@functools.cache
def _trace():
    """The post's first step (biases fixed), done once on first use."""
    return mazur.trace()


def _v(name, p=4):
    return fmt(_trace()[name], p)


def _f(name, p=4):
    """The value of ``name`` as a factor in a product: in brackets when negative."""
    return f"({_v(name, p)})" if _v(name, p).startswith("−") else _v(name, p)


def _w(post_name):
    return _f(mazur.TRACE_NAMES[post_name])


register(
    "delta_h2",
    lambda: tr("Backward pass: what is the error term δ_h2 = ∂E/∂z_h2 of hidden neuron h2?"),
    lambda: _trace()["δ_h2"],
    hint=lambda: tr("h2 reaches the loss along two paths, through o1 (weight w6) and through o2 (weight w8): "
                    "δ_h2 = (δ_o1·w6 + δ_o2·w8)·out_h2(1 − out_h2), with δ_o1 and δ_o2 from section 3a. "
                    "Mind the sign of δ_o2 (out_o2, the output of o2, is too small)."),
    solution=lambda: tr("δ_h2 = (δ_o1·w6 + δ_o2·w8)·out_h2(1 − out_h2) = ({d_o1}·{w6} + {d_o2}·"
                        "{w8})·{out_h2}·(1 − {out_h2}) = {d_h2}. The path through o1 "
                        "adds {via_o1}, the path through o2 {via_o2}.").format(
        d_o1=_f('δ_o1'), w6=_w('w6'), d_o2=_f('δ_o2'), w8=_w('w8'), out_h2=_f('o_h2'), d_h2=_v('δ_h2'),
        via_o1=fmt(_trace()['δ_o1'] * mazur.WEIGHTS['w6']), via_o2=fmt(_trace()['δ_o2'] * mazur.WEIGHTS['w8'])),
    nudge=lambda: tr("reread section 3b: h1 collects one term per path to the loss, and h2 has paths of its own, "
                     "with its own weights and its own slope. Which output δ's come back to it, and with which "
                     "signs?"),
    # δ_h2 ≈ 0.00995: a rounded answer (0.0100) is fine, δ_h1 (0.00877) or one path alone is not. No decimals:
    # "three significant digits" of a number near 0.01 are five decimals, and 0.0100 must stay right.
    abs_tol=6e-5, rel_tol=0.0,
    # Every slip here is named from four decimals on. Not registered: z(1 − z) in place of out(1 − out) gives
    # 0.00986, which typed to four decimals is 0.0099, a right answer (a mistake is matched before the
    # tolerance, so registering it would reject 0.0099); δ_h1 (0.00877, the wrong neuron) has no key.
    mistakes={"sign-flipped": lambda: -_trace()["δ_h2"],
              "sigma-prime-missing": lambda: _paths_h2(),
              "updated-weights-in-delta": lambda: _paths_h2(w6=float(_trace()["w_h2,o1_new"]),
                                                            w8=float(_trace()["w_h2,o2_new"])) * _slope_h2(),
              "sigma-prime-wrong-quantity": (lambda: _paths_h2() * _slope_h2(_sigmoid(_trace()["o_h2"])),
                                             _REREAD_SLOPE),
              "assign-instead-of-accumulate": ([lambda: _paths_h2(w8=0.0) * _slope_h2(),
                                                lambda: _paths_h2(w6=0.0) * _slope_h2()],
                                               mark("lesson 2, section 3b (a hidden neuron feeds two outputs)"),
                                               mark("h2 reaches the loss along two paths, through o1 and through "
                                                    "o2, and its δ adds up both: one path alone is not its δ."))},
)


def _paths_h2(w6=mazur.WEIGHTS["w6"], w8=mazur.WEIGHTS["w8"]):
    """δ_o1·w6 + δ_o2·w8: what comes back to h2 along its two paths (section 3b)."""
    return float(_trace()["δ_o1"] * w6 + _trace()["δ_o2"] * w8)


def _slope_h2(a=None):
    """a(1 − a), with h2's output a = out_h2 unless another quantity is given."""
    a = float(_trace()["o_h2"] if a is None else a)
    return a * (1.0 - a)


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-float(z)))


def _grad_b2_shared():
    return float(_trace()["δ_o1"] + _trace()["δ_o2"])


register(
    "grad_b2_shared",
    lambda: tr("The post has one output bias b2, shared by o1 and o2 (z_o1 = … + b2 and z_o2 = … + b2). "
               "What is ∂E/∂b2? Three decimals are enough."),
    _grad_b2_shared,
    hint=lambda: tr("b2 reaches the loss along two paths, through z_o1 and through z_o2, and "
                    "∂z_o1/∂b2 = ∂z_o2/∂b2 = 1. Add up the two paths, as for a hidden δ."),
    solution=lambda: tr("∂E/∂b2 = δ_o1·∂z_o1/∂b2 + δ_o2·∂z_o2/∂b2 = δ_o1·1 + δ_o2·1 = {d_o1} + "
                        "{d_o2} = {grad}: a shared parameter collects the gradients "
                        "of every place it is used. (The package gives each neuron its own bias: "
                        "∂E/∂b_o1 = δ_o1 and ∂E/∂b_o2 = δ_o2.)").format(d_o1=_v('δ_o1'), d_o2=_f('δ_o2'),
                                                                        grad=fmt(_grad_b2_shared())),
    nudge=lambda: tr("b2 is used twice, once in each output's net input: reread section 3c for what a bias's "
                     "gradient is when it is used once, and section 3b for what happens when one quantity reaches "
                     "the loss along two paths."),
    abs_tol=5e-4, rel_tol=0.0,
    # ≈ 0.1004, three decimals are enough (abs_tol 5e-4); one path alone (δ_o1 ≈ 0.1385 or δ_o2 ≈ −0.0381) is
    # the gradient of a bias that is not summed where it is shared.
    mistakes={"sign-flipped": lambda: -_grad_b2_shared(),
              # δ_o1 also as section 3a prints it (0.1385), which, rounded half-up again, is typed 0.139
              "bias-gradient-missing": ([lambda: float(_trace()["δ_o1"]), lambda: float(_trace()["δ_o2"]),
                                         lambda: round(float(_trace()["δ_o1"]), 4)],
                                        mark("lesson 2, section 3c (the biases)"),
                                        mark("a shared bias collects the gradient of every place it is used: "
                                             "here δ_o1·1 + δ_o2·1, not one of the two paths alone."))},
)

# The shape question: a network students know by name, so that no two candidate shapes share a count.
SHAPE_SIZES = (784, 128, 10)       # an MNIST digit classifier: 784 pixels → 128 hidden → 10 classes
SHAPE_BATCH = 64


def _grad_W2_shape():
    net = Network(list(SHAPE_SIZES), seed=0)
    X = np.zeros((SHAPE_BATCH, SHAPE_SIZES[0]))
    y = np.zeros((SHAPE_BATCH, SHAPE_SIZES[-1]))
    return net.gradients(X, y)[1][1].shape      # (loss, grads_W, grads_b): grads_W[1] is ∂E/∂W₂


def _grad_W2_entries():
    rows, columns = _grad_W2_shape()
    return float(rows * columns)


register(
    "grad_W2_entries_batch64",
    lambda: tr("A {sizes} network trains on a batch of N = {batch} samples. What is the "
               "shape (rows, columns) of ∂E/∂W₂ (W₂: hidden → output)? Answer with the number of entries, "
               "rows × columns.").format(sizes='-'.join(map(str, SHAPE_SIZES)), batch=SHAPE_BATCH),
    _grad_W2_entries,
    hint=lambda: tr("equation (3): ∂E/∂W₂ = a₁ᵀ δ₂. Write down the shapes of a₁ (N, n₁) and δ₂ (N, n₂) for this "
                    "batch and multiply them as matrices: the batch is summed out."),
    solution=lambda: tr("a₁ is ({batch}, {n1}) and δ₂ is ({batch}, {n2}), so "
                        "a₁ᵀ δ₂ is ({n1}, {batch})·({batch}, {n2}) → "
                        "{shape}: {entries} entries, one per weight of W₂, whatever "
                        "the batch size. (Not ({batch}, {n2}): that is δ₂. In the column form "
                        "z = Wa + b the same gradient is the transpose, ({n2}, {n1}).)").format(
        batch=SHAPE_BATCH, n1=SHAPE_SIZES[1], n2=SHAPE_SIZES[2], shape=_grad_W2_shape(),
        entries=f"{_grad_W2_entries():.0f}"),
    nudge=lambda: tr("reread the table of shapes in section 6 and equation (3): which of the four sizes in the "
                     "question belong in the shape of a weight gradient, and why?"),
    # A whole number: any rounding that is not the exact count is wrong (abs_tol 0.5). The count cannot tell
    # (128, 10) from its transpose (10, 128); the question asks for the count of entries only.
    abs_tol=0.5, rel_tol=0.0,
)


# --------------------------------------------------------------------------- a code-writing exercise
def _equation_2_cases():
    """(description, delta_above, W_above, a, activation): the example's hidden layer (sigmoid, one
    sample), then batches with other activations and layers that are not square."""
    step = _trace()
    W2 = np.asarray(step.weights_before[1], dtype=float)
    yield (tr("this lesson's h1, h2 (sigmoid, one sample)"), step.layers[1].delta.copy(), W2, step.layers[0].a.copy(),
           activations.get("sigmoid"))
    rng = np.random.default_rng(17)
    yield (tr("a batch of 5, tanh, 3 neurons feeding 2"), rng.normal(size=(5, 2)), rng.normal(size=(3, 2)),
           np.tanh(rng.normal(size=(5, 3))), activations.get("tanh"))
    yield (tr("a batch of 4, ReLU, 6 neurons feeding 3"), rng.normal(size=(4, 3)), rng.normal(size=(6, 3)),
           np.maximum(rng.normal(size=(4, 6)), 0.0), activations.get("relu"))


def _test_equation_2(function):
    for what, delta_above, W_above, a, act in _equation_2_cases():
        true = backprop.hidden_delta(delta_above, W_above, a, act)
        phi_prime = act.deriv_from_output(a)
        got = returned(function(delta_above.copy(), W_above.copy(), phi_prime.copy()), true.shape,
                       name="equation_2", ends_with="…", wrong_shape=lambda shape: tr(
                           "for {what} equation_2 should return one δ per sample and neuron of the layer, "
                           "shape {shape} (like φ′(z)), got shape {got}.").format(what=what, shape=true.shape,
                                                                                  got=shape))
        square = W_above.shape[0] == W_above.shape[1]     # only then can W_above go in untransposed
        wrong = diagnose(got, true, what, source="backprop.hidden_delta", mistakes=[
            (-true, tr("every δ has the wrong sign: δ = ∂E/∂z, with no minus sign.")),
            (delta_above @ W_above.T, tr("φ′(z) is missing: multiply entry by entry by phi_prime.")),
            ((delta_above @ W_above) * phi_prime if square else None,
             tr("W_above is used untransposed: W[i, j] goes from neuron i of this layer to neuron j above, so the "
                "sum over j is delta_above @ W_above.T."))])
        if wrong:
            return False, wrong
    return True, tr("equation_2 agrees with the package's backprop.hidden_delta on this lesson's hidden layer and "
                    "on batches with tanh and ReLU layers that are not square.")


register(
    "equation_2_code",
    lambda: tr("Write equation_2(delta_above, W_above, phi_prime): equation (2), δ_l = (δ_{l+1} W_{l+1}ᵀ) ⊙ "
               "φ′(z_l), for a batch: delta_above (N, n_above), W_above (n_l, n_above), phi_prime = φ′(z_l) "
               "(N, n_l)."),
    None,
    lambda: tr("the row form: W_above[i, j] goes from neuron i of layer l to neuron j of layer l + 1, so "
               "delta_above @ W_above.T has shape (N, n_l) and adds up every path for every sample; then multiply "
               "entry by entry (*) by phi_prime."),
    lambda: tr("delta_above @ W_above.T sends every δ of the layer above back along its weights and adds up the "
               "paths (section 3b), one row per sample; * phi_prime is the ⊙ of equation (2). It is the same line "
               "as the package's backprop.hidden_delta, which computes φ′ from the layer's output."),
    points=2,
    test=_test_equation_2,
    reference=("def equation_2(delta_above, W_above, phi_prime):\n"
               "    return (delta_above @ W_above.T) * phi_prime"),
    nudge=lambda: tr("reread equation (2) and the table of shapes just above (section 6), and write the shape "
                     "under every factor: the check uses layers that are not square, where only one product fits. "
                     "Then try your function on this lesson's hidden layer, whose δ's section 3b printed."),
    mistakes={
        "sign-flipped": "def equation_2(delta_above, W_above, phi_prime):\n    return -(delta_above @ W_above.T) * phi_prime",
        "sigma-prime-missing": "def equation_2(delta_above, W_above, phi_prime):\n    return delta_above @ W_above.T",
        "weights-not-transposed": ("def equation_2(delta_above, W_above, phi_prime):\n"
                                   "    return (delta_above @ W_above) * phi_prime"),
    },
    # square layers, so that δ @ W (not Wᵀ) runs too
    probes=lambda: [(np.array([[0.3, -0.7], [1.1, 0.2], [-0.4, 0.5]]), np.array([[0.4, -0.9], [0.6, 0.25]]),
                     np.array([[0.2, 0.25], [0.1, 0.19], [0.24, 0.05]]))],
)


# --------------------------------------------------------------------------- the four equations (code)
_FOUR_OUTPUTS = ("delta1", "delta2", "grad_W1", "grad_b1", "grad_W2", "grad_b2")
_FOUR_ORDER = (1, 0, 4, 5, 2, 3)   # delta2, delta1, grad_W2, grad_b2, grad_W1, grad_b1: the order of computation
_FOUR_MEANING = {"delta1": mark("delta1 (the hidden layer's δ, equation (2))"),
                 "delta2": mark("delta2 (the output layer's δ, equation (1))"),
                 "grad_W1": mark("grad_W1 (∂E/∂W1, equation (3))"), "grad_b1": mark("grad_b1 (∂E/∂b1, equation (4))"),
                 "grad_W2": mark("grad_W2 (∂E/∂W2, equation (3))"), "grad_b2": mark("grad_b2 (∂E/∂b2, equation (4))")}


def _four_equations_true(X, T, W1, b1, W2, b2):
    r"""The package's backward pass of a two-layer sigmoid network with biases and the summed loss
    $E = \tfrac12\sum_{n,k}(T[n,k] - a_2[n,k])^2$ (``half_sse``): ``(delta1, delta2, grad_W1, grad_b1, grad_W2,
    grad_b2)`` of shapes ``(N, n_1)``, ``(N, n_2)``, ``W1.shape``, ``b1.shape``, ``W2.shape``, ``b2.shape``
    (``X``: ``(N, n_0)``, ``T``: ``(N, n_2)``, row form)."""
    net = Network.from_weights([np.array(W1, dtype=float), np.array(W2, dtype=float)],
                               [np.array(b1, dtype=float), np.array(b2, dtype=float)], activation="sigmoid",
                               loss="half_sse")
    _, (g1, g2), (gb1, gb2), (d1, d2) = net.gradients(np.asarray(X, dtype=float), np.asarray(T, dtype=float),
                                                      return_deltas=True)
    return d1, d2, g1, gb1, g2, gb2


def _four_equations_cases():
    """(description, X, T, W1, b1, W2, b2): the post's step (one sample), the post's network on a batch of
    three, then random networks of other sizes and batches."""
    W1, W2 = mazur.weight_arrays()
    b1, b2 = mazur.bias_arrays()
    yield (tr("the post's 2-2-2 step (N = 1)"), np.array(mazur.INPUTS)[None, :], np.array(mazur.TARGETS)[None, :],
           W1, b1, W2, b2)
    rng = np.random.default_rng(2)
    yield (tr("the post's network on a batch of 3"), rng.normal(size=(3, 2)), rng.uniform(0, 1, (3, 2)), W1, b1, W2, b2)
    for N, n0, n1, n2 in ((5, 3, 4, 2), (1, 2, 3, 1), (4, 4, 2, 3)):
        yield (tr("a random {sizes} network on a batch of {N}").format(sizes=f"{n0}-{n1}-{n2}", N=N), rng.normal(size=(N, n0)),
               rng.uniform(0, 1, (N, n2)), rng.normal(size=(n0, n1)), rng.normal(size=n1),
               rng.normal(size=(n1, n2)), rng.normal(size=n2))


def _test_four_equations(function):
    for what, *arrays in _four_equations_cases():
        args = [a.copy() for a in arrays]
        true = _four_equations_true(*arrays)
        shapes = [a.shape for a in true]
        got = returned(function(*args), shapes, name="four_equations", ends_with=", ".join(_FOUR_OUTPUTS),
                       wrong_count=lambda got: tr(
                           "four_equations should return six arrays, {names}; it returned {got}.").format(
                           names=", ".join(_FOUR_OUTPUTS),
                           got=(tr("{type} of length {n}").format(type=type(got).__name__, n=len(got))
                                if isinstance(got, (tuple, list)) else type(got).__name__)),
                       wrong_shape=lambda shapes_got: tr(
                           "for {what} {names} should have the shapes {shapes} (one δ per sample "
                           "and neuron, one gradient per weight and per bias), got {got}.").format(
                           what=what, names=", ".join(_FOUR_OUTPUTS), shapes=shapes, got=shapes_got))
        for name, before, after in zip(("X", "T", "W1", "b1", "W2", "b2"), arrays, args):
            if not np.array_equal(before, after):
                raise NotYet(tr("four_equations changed its argument {name}: the backward pass only computes "
                                "δ's and gradients; the update comes after it (section 4).").format(name=name))
        for i in _FOUR_ORDER:       # in the order they are computed: a slip is blamed on its own equation
            name, g, right = _FOUR_OUTPUTS[i], got[i], true[i]
            wrong = diagnose(g, right, tr("{case}, {output}:").format(case=what, output=tr(_FOUR_MEANING[name])),
                             source=tr("the backward pass of equations (1)–(4)"))
            if wrong:
                return False, wrong
    return True, tr("four_equations gives every δ, every weight gradient and every bias gradient of the post's "
                    "step, of the post's network on a batch, and of random networks of three other sizes and "
                    "batches.")


def _four_equations_code(delta2="(a2 - T) * a2 * (1 - a2)", delta1="(delta2 @ W2.T) * a1 * (1 - a1)",
                         grads_W="X.T @ delta1, a1.T @ delta2", grads_b="delta1.sum(axis=0), delta2.sum(axis=0)"):
    """The backward pass as a student writes it; each registered mistake changes one piece."""
    return ("def four_equations(X, T, W1, b1, W2, b2):\n"
            "    sigmoid = lambda z: 1 / (1 + np.exp(-z))\n"
            "    a1 = sigmoid(X @ W1 + b1)       # forward pass: one row per sample\n"
            "    a2 = sigmoid(a1 @ W2 + b2)\n"
            f"    delta2 = {delta2}          # (1)\n"
            f"    delta1 = {delta1}          # (2)\n"
            f"    grad_W1, grad_W2 = {grads_W}          # (3)\n"
            f"    grad_b1, grad_b2 = {grads_b}          # (4)\n"
            "    return delta1, delta2, grad_W1, grad_b1, grad_W2, grad_b2")


def _four_equations_probes():
    """Square layers and batches of two or more, so that every slip runs (δ @ W, or a layer's own output in
    place of its input, only fail with a shape error otherwise) and differs from the sum over the batch."""
    rng = np.random.default_rng(22)
    return [(rng.normal(size=(N, n)), rng.uniform(0, 1, (N, n)), rng.normal(size=(n, n)), rng.normal(size=n),
             rng.normal(size=(n, n)), rng.normal(size=n)) for N, n in ((3, 3), (2, 2))]


register(
    "four_equations_code",
    lambda: tr("Write four_equations(X, T, W1, b1, W2, b2): for a batch X (N, n_0) with targets T (N, n_2), the "
               "forward pass and then the backward pass of a two-layer sigmoid network with biases (row form, "
               "z = aW + b, E = ½Σ over samples and outputs of (T − a)²); return delta1, delta2 (N, n_1) and "
               "(N, n_2), and grad_W1, grad_b1, grad_W2, grad_b2 in the shapes of W1, b1, W2, b2. NumPy only (no "
               "backproplab)."),
    None,
    lambda: tr("a1 = σ(X @ W1 + b1), a2 = σ(a1 @ W2 + b2). Then one line per equation of section 6: "
               "delta2 = (a2 − T)·a2(1 − a2) entry by entry (1); delta1 = delta2 sent back along W2 (transposed), "
               "times a1(1 − a1) entry by entry (2); ∂E/∂W_l = a_{l−1}ᵀ δ_l, with a_0 = X (3); ∂E/∂b_l = the rows "
               "of δ_l added up (4). The loss is a sum over the samples: no division by N."),
    lambda: tr("The forward pass keeps a1 and a2: every slope is written with them. Equation (1): delta2 = "
               "(a2 − T) * a2 * (1 − a2); equation (2): delta1 = (delta2 @ W2.T) * a1 * (1 − a1); equation (3): "
               "grad_W1 = X.T @ delta1 and grad_W2 = a1.T @ delta2, the input of each layer transposed times its "
               "δ, which adds up the samples; equation (4): grad_b = delta.sum(axis=0), one entry per neuron, since "
               "a bias is a weight on the input 1. For the post's step (N = 1) it gives the δ's and bias gradients "
               "of section 3, as the cell after the exercise shows.") + "\n\n" + _four_equations_code(),
    points=2,
    test=_test_four_equations,
    reference=_four_equations_code(),
    nudge=lambda: tr("follow section 6 in its order: the forward pass (keep each layer's outputs), then equation "
                     "(1), (2), (3), (4), one line each (equation (2) is your equation_2), and write the shape from "
                     "the table under every symbol. Try your function on the post's step first (a batch of one "
                     "sample): section 3 printed its δ's and bias gradients."),
    # Every slip in both layers first, then in one layer only (the partial forms a student writes as often).
    mistakes={
        "weights-not-transposed": _four_equations_code(delta1="(delta2 @ W2) * a1 * (1 - a1)"),
        "bias-gradient-missing": [_four_equations_code(grads_b="np.zeros_like(b1), np.zeros_like(b2)"),
                                  _four_equations_code(grads_b="delta1[0], delta2[0]")],
        "input-output-swapped": [_four_equations_code(grads_W="a1.T @ delta1, a2.T @ delta2"),
                                 _four_equations_code(grads_W="X.T @ delta1, a2.T @ delta2")],
        "mean-vs-sum": [_four_equations_code(grads_W="X.T @ delta1 / len(X), a1.T @ delta2 / len(X)",
                                             grads_b="delta1.mean(axis=0), delta2.mean(axis=0)"),
                        _four_equations_code(delta2="(a2 - T) * a2 * (1 - a2) / len(X)"),
                        _four_equations_code(grads_W="X.T @ delta1 / len(X), a1.T @ delta2 / len(X)"),
                        _four_equations_code(grads_b="delta1.mean(axis=0), delta2.mean(axis=0)")],
        "sigma-prime-missing": [_four_equations_code(delta2="a2 - T", delta1="delta2 @ W2.T"),
                                _four_equations_code(delta2="a2 - T"),
                                _four_equations_code(delta1="delta2 @ W2.T")],
        "sign-flipped": _four_equations_code(delta2="(T - a2) * a2 * (1 - a2)"),
        "sigma-prime-wrong-quantity": (
            [_four_equations_code(delta2="(a2 - T) * sigmoid(a2) * (1 - sigmoid(a2))",
                                  delta1="(delta2 @ W2.T) * sigmoid(a1) * (1 - sigmoid(a1))"),
             _four_equations_code(delta1="(delta2 @ W2.T) * sigmoid(a1) * (1 - sigmoid(a1))"),
             _four_equations_code(delta2="(a2 - T) * (a1 @ W2 + b2) * (1 - (a1 @ W2 + b2))",     # z(1 − z)
                                  delta1="(delta2 @ W2.T) * (X @ W1 + b1) * (1 - (X @ W1 + b1))")],
            _REREAD_SLOPE),
    },
    probes=_four_equations_probes,
)

"""Exercises of lesson 2 (registered with :func:`backproplab.exercises.registry.register`).

All answers come from Matt Mazur's 2-2-2 example (:mod:`backproplab.lessons.lesson02.mazur`) or from the
shapes of a :class:`~backproplab.Network`, computed by the package. Error terms are
``δ = ∂E/∂z``, as in the lesson.

Keys: ``delta_h2`` (a hidden δ collected from two outputs), ``grad_b2_shared`` (the gradient of the
post's one output bias shared by o1 and o2), ``grad_W2_entries_batch64`` (the shape of ∂E/∂W₂ for a
batch of 64), ``equation_2_code`` (code: equation 2 for a layer, checked against
:func:`backproplab.backprop.hidden_delta`).
"""
import functools

import numpy as np

from ... import activations, backprop
from ...exercises.registry import diagnose, register, returned
from ...network import Network
from ...trace import fmt
from . import mazur


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
    "Backward pass: what is the error term δ_h2 = ∂E/∂z_h2 of hidden neuron h2?",
    lambda: _trace()["δ_h2"],
    hint="h2 reaches the loss along two paths, through o1 (weight w6) and through o2 (weight w8): "
         "δ_h2 = (δ_o1·w6 + δ_o2·w8)·out_h2(1 − out_h2), with δ_o1 and δ_o2 from section 3a. "
         "Mind the sign of δ_o2 (out_o2, the output of o2, is too small).",
    solution=lambda: (f"δ_h2 = (δ_o1·w6 + δ_o2·w8)·out_h2(1 − out_h2) = ({_f('δ_o1')}·{_w('w6')} + {_f('δ_o2')}·"
                      f"{_w('w8')})·{_f('o_h2')}·(1 − {_f('o_h2')}) = {_v('δ_h2')}. The path through o1 "
                      f"adds {fmt(_trace()['δ_o1'] * mazur.WEIGHTS['w6'])}, the path through o2 "
                      f"{fmt(_trace()['δ_o2'] * mazur.WEIGHTS['w8'])}."),
    # δ_h2 ≈ 0.00995: a rounded answer (0.0100) is fine, δ_h1 (0.00877) or one path alone is not
    abs_tol=6e-5, rel_tol=0.0,
)


def _grad_b2_shared():
    return float(_trace()["δ_o1"] + _trace()["δ_o2"])


register(
    "grad_b2_shared",
    "The post has one output bias b2, shared by o1 and o2 (z_o1 = … + b2 and z_o2 = … + b2). "
    "What is ∂E/∂b2?",
    _grad_b2_shared,
    hint="b2 reaches the loss along two paths, through z_o1 and through z_o2, and ∂z_o1/∂b2 = ∂z_o2/∂b2 = 1. "
         "Add up the two paths, as for a hidden δ.",
    solution=lambda: (f"∂E/∂b2 = δ_o1·∂z_o1/∂b2 + δ_o2·∂z_o2/∂b2 = δ_o1·1 + δ_o2·1 = {_v('δ_o1')} + "
                      f"{_f('δ_o2')} = {fmt(_grad_b2_shared())}: a shared parameter collects the gradients "
                      "of every place it is used. (The package gives each neuron its own bias: "
                      "∂E/∂b_o1 = δ_o1 and ∂E/∂b_o2 = δ_o2.)"),
    abs_tol=5e-4, rel_tol=0.0,
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
    f"A {'-'.join(map(str, SHAPE_SIZES))} network trains on a batch of N = {SHAPE_BATCH} samples. What is the "
    "shape (rows, columns) of ∂E/∂W₂ (W₂: hidden → output)? Answer with the number of entries, rows × columns.",
    _grad_W2_entries,
    hint="equation (3): ∂E/∂W₂ = a₁ᵀ δ₂. Write down the shapes of a₁ (N, n₁) and δ₂ (N, n₂) for this batch "
         "and multiply them as matrices: the batch is summed out.",
    solution=lambda: (f"a₁ is ({SHAPE_BATCH}, {SHAPE_SIZES[1]}) and δ₂ is ({SHAPE_BATCH}, {SHAPE_SIZES[2]}), so "
                      f"a₁ᵀ δ₂ is ({SHAPE_SIZES[1]}, {SHAPE_BATCH})·({SHAPE_BATCH}, {SHAPE_SIZES[2]}) → "
                      f"{_grad_W2_shape()}: {_grad_W2_entries():.0f} entries, one per weight of W₂, whatever "
                      f"the batch size. (Not ({SHAPE_BATCH}, {SHAPE_SIZES[2]}): that is δ₂. In the column form "
                      f"z = Wa + b the same gradient is the transpose, ({SHAPE_SIZES[2]}, {SHAPE_SIZES[1]}).)"),
    abs_tol=0.5, rel_tol=0.0,
)


# --------------------------------------------------------------------------- a code-writing exercise
def _equation_2_cases():
    """(description, delta_above, W_above, a, activation): the example's hidden layer (sigmoid, one
    sample), then batches with other activations and layers that are not square."""
    tr = _trace()
    W2 = np.asarray(tr.weights_before[1], dtype=float)
    yield ("this lesson's h1, h2 (sigmoid, one sample)", tr.layers[1].delta.copy(), W2, tr.layers[0].a.copy(),
           activations.get("sigmoid"))
    rng = np.random.default_rng(17)
    yield ("a batch of 5, tanh, 3 neurons feeding 2", rng.normal(size=(5, 2)), rng.normal(size=(3, 2)),
           np.tanh(rng.normal(size=(5, 3))), activations.get("tanh"))
    yield ("a batch of 4, ReLU, 6 neurons feeding 3", rng.normal(size=(4, 3)), rng.normal(size=(6, 3)),
           np.maximum(rng.normal(size=(4, 6)), 0.0), activations.get("relu"))


def _test_equation_2(function):
    for what, delta_above, W_above, a, act in _equation_2_cases():
        true = backprop.hidden_delta(delta_above, W_above, a, act)
        phi_prime = act.deriv_from_output(a)
        got = returned(function(delta_above.copy(), W_above.copy(), phi_prime.copy()), true.shape,
                       name="equation_2", ends_with="…", wrong_shape=lambda shape: (
                           f"for {what} equation_2 should return one δ per sample and neuron of the layer, "
                           f"shape {true.shape} (like φ′(z)), got shape {shape}."))
        square = W_above.shape[0] == W_above.shape[1]     # only then can W_above go in untransposed
        wrong = diagnose(got, true, what, source="backprop.hidden_delta", mistakes=[
            (-true, "every δ has the wrong sign: δ = ∂E/∂z, with no minus sign."),
            (delta_above @ W_above.T, "φ′(z) is missing: multiply entry by entry by phi_prime."),
            ((delta_above @ W_above) * phi_prime if square else None,
             "W_above is used untransposed: W[i, j] goes from neuron i of this layer to neuron j above, so the "
             "sum over j is delta_above @ W_above.T.")])
        if wrong:
            return False, wrong
    return True, ("equation_2 agrees with the package's backprop.hidden_delta on this lesson's hidden layer and on "
                  "batches with tanh and ReLU layers that are not square.")


register(
    "equation_2_code",
    "Write equation_2(delta_above, W_above, phi_prime): equation (2), δ_l = (δ_{l+1} W_{l+1}ᵀ) ⊙ φ′(z_l), for a "
    "batch: delta_above (N, n_above), W_above (n_l, n_above), phi_prime = φ′(z_l) (N, n_l).",
    None,
    "the row form: W_above[i, j] goes from neuron i of layer l to neuron j of layer l + 1, so "
    "delta_above @ W_above.T has shape (N, n_l) and adds up every path for every sample; then multiply "
    "entry by entry (*) by phi_prime.",
    "delta_above @ W_above.T sends every δ of the layer above back along its weights and adds up the paths "
    "(section 3b), one row per sample; * phi_prime is the ⊙ of equation (2). It is the same line as the "
    "package's backprop.hidden_delta, which computes φ′ from the layer's output.",
    points=2,
    test=_test_equation_2,
    reference=("def equation_2(delta_above, W_above, phi_prime):\n"
               "    return (delta_above @ W_above.T) * phi_prime"),
)

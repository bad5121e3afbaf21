r"""Matt Mazur's 2-2-2 example ("A Step by Step Backpropagation Example"): two outputs and biases.

Every number of the example is typed here once; the lesson, its exercises, its pictures and the
tests read it from this module.

Network: inputs i1, i2 → hidden h1, h2 → outputs o1, o2, sigmoid everywhere, a bias on every
hidden and output neuron (0.35 on h1 and h2, 0.60 on o1 and o2), loss
$E = \tfrac12\sum_k (t_k - o_k)^2$, one sample $x = (0.05, 0.10)$ with targets
$t = (0.01, 0.99)$, learning rate $\eta = 0.5$. The post shares one bias per layer ($b_1$, $b_2$)
and never updates it; here each neuron has its own copy of that value, and keeping them fixed
(``train_bias=False``, the default of :func:`trace` and :func:`train`) gives the post's numbers.

**The post's weights in the package's matrices.** The package computes in row form,
$z_k = a_{k-1} W_k + b_k$, so ``W[i, j]`` is the weight *from* neuron ``i`` of the layer below
*to* neuron ``j`` of the layer above (rows: sources, columns: targets):

.. math::
    W_1 = \begin{pmatrix} w_1 & w_3 \\ w_2 & w_4 \end{pmatrix}
        = \begin{pmatrix} 0.15 & 0.25 \\ 0.20 & 0.30 \end{pmatrix}
    \ (\text{rows } i_1, i_2;\ \text{columns } h_1, h_2), \qquad
    W_2 = \begin{pmatrix} w_5 & w_7 \\ w_6 & w_8 \end{pmatrix}
        = \begin{pmatrix} 0.40 & 0.50 \\ 0.45 & 0.55 \end{pmatrix}
    \ (\text{rows } h_1, h_2;\ \text{columns } o_1, o_2).

That is ``w1 = W1[0, 0]`` (i1→h1), ``w2 = W1[1, 0]`` (i2→h1), ``w3 = W1[0, 1]`` (i1→h2),
``w4 = W1[1, 1]`` (i2→h2), ``w5 = W2[0, 0]`` (h1→o1), ``w6 = W2[1, 0]`` (h2→o1),
``w7 = W2[0, 1]`` (h1→o2), ``w8 = W2[1, 1]`` (h2→o2) (:data:`POSITIONS`); a trace calls them
``"w_i1,h1"`` … ``"w_h2,o2"`` (:data:`TRACE_NAMES`). In the column form most derivations use,
$z = W a + b$, the matrices are the transposes: $W_1^\top = \begin{pmatrix} w_1 & w_2 \\ w_3 & w_4\end{pmatrix}$.

>>> from backproplab.lessons.lesson02 import mazur
>>> tr = mazur.trace()                        # one step, biases fixed as in the post
>>> round(float(tr["o_o1"]), 8), round(tr["E"], 9)
(0.75136507, 0.298371109)
>>> round(mazur.weights_by_name(tr.weights_after)["w5"], 8)     # 0.35891648 in the post
0.35891648
"""
from __future__ import annotations

from types import MappingProxyType

import numpy as np

from ... import activations, backprop
from ..._plumbing.i18n import tr
from ...network import History, Network
from ...tables import Table
from ...trace import StepTrace

__all__ = ["NAMES", "INPUTS", "TARGETS", "WEIGHTS", "BIAS_HIDDEN", "BIAS_OUTPUT", "LEARNING_RATE", "LOSS",
           "POSITIONS", "TRACE_NAMES", "PUBLISHED", "POST_NAMES", "PUBLISHED_AFTER_TRAINING",
           "PUBLISHED_AFTER_FIRST_STEP", "HIDDEN_DELTA_FROM", "TRAINING_STEPS",
           "weight_arrays", "bias_arrays", "weights_by_name", "network", "trace", "train",
           "published_table", "diagram_notes"]

NAMES = (("i1", "i2"), ("h1", "h2"), ("o1", "o2"))
INPUTS = np.array([0.05, 0.10])           # i1, i2
INPUTS.flags.writeable = False
TARGETS = np.array([0.01, 0.99])          # targets of o1, o2
TARGETS.flags.writeable = False
WEIGHTS = MappingProxyType({              # the post's names; read-only, take dict(WEIGHTS) to change a copy
    "w1": 0.15, "w2": 0.20, "w3": 0.25, "w4": 0.30,     # input → hidden
    "w5": 0.40, "w6": 0.45, "w7": 0.50, "w8": 0.55,     # hidden → output
})
BIAS_HIDDEN = 0.35                        # the post's b1, here b_h1 = b_h2
BIAS_OUTPUT = 0.60                        # the post's b2, here b_o1 = b_o2
LEARNING_RATE = 0.5                       # η
LOSS = "half_sse"                         # E = ½Σ(t − o)², the post's E_total
TRAINING_STEPS = 10_000                   # the post's long run

# (layer k, row i, column j) of each post weight in the package's weights[k]: row = source, column = target
POSITIONS = MappingProxyType({
    "w1": (0, 0, 0), "w2": (0, 1, 0), "w3": (0, 0, 1), "w4": (0, 1, 1),
    "w5": (1, 0, 0), "w6": (1, 1, 0), "w7": (1, 0, 1), "w8": (1, 1, 1),
})
TRACE_NAMES = MappingProxyType({w: f"w_{NAMES[k][i]},{NAMES[k + 1][j]}" for w, (k, i, j) in POSITIONS.items()})

# The figures the post prints, as printed (the digits it shows), under the package's trace names.
PUBLISHED = MappingProxyType({
    "o_o1": "0.75136507", "o_o2": "0.772928465", "E": "0.298371109",
    "w5": "0.35891648", "w6": "0.408666186", "w7": "0.511301270", "w8": "0.561370121",
    "w1": "0.149780716", "w2": "0.19956143", "w3": "0.24975114", "w4": "0.29950229",
})
# How the post writes the quantities that are not weights: a neuron's output out_o1 (o1 names the neuron),
# the loss E_total; the package's trace writes them o_o1 and E.
POST_NAMES = MappingProxyType({"o_o1": "out_o1", "o_o2": "out_o2", "E": "E_total"})
# What the post reports after TRAINING_STEPS steps with the biases fixed, and after its first step.
# These are not float64's figures for the algorithm of the lesson (10 000 steps give E = 3.5102e-05 and
# outputs 0.0159136, 0.9840643; one step gives E = 0.291027774): they come from the first version of the
# post's code (github.com/mattm/simple-neural-network, commit 31576f6, 14 March 2015), which updated
# w5 … w8 before it computed the hidden δ's, so those used the *updated* output weights; commit 4b6faac
# fixed it the next day. train(hidden_delta_from="updated") runs that slip and gives all four figures to
# every printed digit. Copies of the post print E as 0.000035085 or as 0.0000351085; the latter is, to
# its six digits, float64's E of the correct algorithm during the 10 000th step (history.loss[-1] of train()).
PUBLISHED_AFTER_TRAINING = MappingProxyType({"E": "0.000035085", "o_o1": "0.015912196", "o_o2": "0.984065734"})
PUBLISHED_AFTER_FIRST_STEP = MappingProxyType({"E": "0.291027924"})   # "the total error is now down to …"
HIDDEN_DELTA_FROM = ("original", "updated")  # the W₂ that equation (2) uses in train(): before or after its update


def _names():
    return [list(layer) for layer in NAMES]


def weight_arrays(weights=WEIGHTS) -> list[np.ndarray]:
    """The post's weights ``{"w1": …, …, "w8": …}`` as the package's matrices ``[W1 (2, 2), W2 (2, 2)]``,
    each ``wk`` at :data:`POSITIONS` ``[wk]`` (row form: ``W[i, j]`` from neuron i to neuron j)."""
    if not hasattr(weights, "keys") or set(weights.keys()) != set(POSITIONS):
        got = sorted(weights.keys()) if hasattr(weights, "keys") else type(weights).__name__
        raise ValueError(f"weights must be a mapping with exactly the keys {sorted(POSITIONS)}, got {got}")
    arrays = [np.empty((2, 2)), np.empty((2, 2))]
    for name, (k, i, j) in POSITIONS.items():
        arrays[k][i, j] = float(weights[name])
    return arrays


def bias_arrays(hidden=BIAS_HIDDEN, output=BIAS_OUTPUT) -> list[np.ndarray]:
    """The biases as the package holds them, one per neuron: ``[b_hidden (2,), b_output (2,)]``,
    each layer's copies equal (the post's shared $b_1$, $b_2$)."""
    return [np.full(2, float(hidden)), np.full(2, float(output))]


def weights_by_name(arrays) -> dict[str, float]:
    """The inverse of :func:`weight_arrays`: matrices (or a Network) → ``{"w1": …, …, "w8": …}``."""
    if isinstance(arrays, Network):
        arrays = arrays.weights
    if not isinstance(arrays, (list, tuple)) or [np.shape(a) for a in arrays] != [(2, 2), (2, 2)]:
        got = [np.shape(a) for a in arrays] if isinstance(arrays, (list, tuple)) else type(arrays).__name__
        raise ValueError(f"arrays must be a list of two (2, 2) weight matrices, got {got}")
    return {name: float(arrays[k][i, j]) for name, (k, i, j) in POSITIONS.items()}


def network(weights=WEIGHTS, hidden_bias=BIAS_HIDDEN, output_bias=BIAS_OUTPUT) -> Network:
    """A fresh ``Network.from_weights(...)`` of the example: names i1, i2 → h1, h2 → o1, o2,
    sigmoid, a bias on every neuron, ½Σ(t−o)²."""
    return Network.from_weights(weight_arrays(weights), bias_arrays(hidden_bias, output_bias),
                                activation="sigmoid", loss=LOSS, names=_names())


def trace(train_bias=False, lr=LEARNING_RATE, inputs=INPUTS, targets=TARGETS) -> StepTrace:
    """One training step of a fresh :func:`network`; returns its :class:`~backproplab.StepTrace`.
    ``train_bias=False`` (the post's choice) keeps the biases at 0.35 and 0.60; the weights'
    updates are the same either way, since every gradient uses the values before the step."""
    return network().train_step(inputs, targets, lr=lr, train_bias=train_bias)


def train(steps=TRAINING_STEPS, train_bias=False, lr=LEARNING_RATE,
          hidden_delta_from="original") -> tuple[Network, History]:
    r"""``steps`` full steps of gradient descent on the one sample, from the post's start:
    ``(network after the steps, its History)``. ``history.loss[k]`` is $E$ *during* step
    ``k + 1`` (before its update); ``network.loss_value(INPUTS, TARGETS)`` is $E$ after the
    last one. With the biases fixed, 10 000 steps give $E = 3.5102\cdot10^{-5}$ and outputs
    0.0159136, 0.9840643; training the biases too gives $E = 2.45\cdot10^{-6}$.

    ``hidden_delta_from="updated"`` runs the classic slip of the post's first code instead:
    each step updates $W_2$ (and $b_2$ if ``train_bias``) first and then computes the hidden
    error term with the *updated* weights, $\delta_1 = (\delta_2 W_2^{\text{new}\top}) \odot
    \sigma'(z_1)$, where equation (2) needs the $W_2$ the forward pass used. $\delta_2$, $a_1$
    and the update of $W_2$ are the same as in a correct step. That gives the post's figures:
    $E = 0.291027924$ after one step, $E = 3.5085\cdot10^{-5}$ and outputs 0.015912196,
    0.984065734 after 10 000 (:data:`PUBLISHED_AFTER_FIRST_STEP`, :data:`PUBLISHED_AFTER_TRAINING`).

    >>> net, _ = train(steps=1, hidden_delta_from="updated")
    >>> round(net.loss_value(INPUTS, TARGETS), 9)        # the post: 0.291027924
    0.291027924
    >>> round(train(steps=1)[0].loss_value(INPUTS, TARGETS), 9)
    0.291027774
    """
    if hidden_delta_from not in HIDDEN_DELTA_FROM:
        raise ValueError(f"hidden_delta_from must be one of {HIDDEN_DELTA_FROM}, got {hidden_delta_from!r}")
    net = network()
    if hidden_delta_from == "original":
        history = net.fit(INPUTS, TARGETS, epochs=steps, lr=lr, train_bias=train_bias)
        return net, history
    if not isinstance(train_bias, bool):
        raise TypeError(f"train_bias must be True or False, got {type(train_bias).__name__}")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ValueError(f"steps must be a whole number >= 0, got {steps!r}")
    X, T = INPUTS[None, :], TARGETS[None, :]                     # (1, 2): one sample, one row
    (W1, W2), (b1, b2) = net.weights, net.biases                 # updated in place
    losses = []
    for _ in range(int(steps)):
        a1 = activations.sigmoid(backprop.net_input(X, W1, b1))      # (1, 2): out_h1, out_h2
        a2 = activations.sigmoid(backprop.net_input(a1, W2, b2))     # (1, 2): out_o1, out_o2
        losses.append(0.5 * float(np.sum((T - a2) ** 2)))           # E during this step
        d2 = backprop.output_delta(a2 - T, a2, "sigmoid")            # (1): δ₂
        W2 -= lr * backprop.grad_W(a1, d2)                           # w5 … w8 updated first …
        if train_bias:
            b2 -= lr * backprop.grad_b(d2)
        d1 = backprop.hidden_delta(d2, W2, a1, "sigmoid")            # … then (2) with the updated W₂: the slip
        W1 -= lr * backprop.grad_W(X, d1)
        if train_bias:
            b1 -= lr * backprop.grad_b(d1)
    return net, History(loss=np.array(losses))


def published_table(step=None) -> Table:
    """The post's figures next to the package's: quantity (the post's name), published (its
    digits), package (float64) and package − published. ``step``: a trace of the first step
    (default: :func:`trace`)."""
    step = trace() if step is None else step
    if not isinstance(step, StepTrace):
        raise TypeError(f"step must be a StepTrace (from mazur.trace()), got {type(step).__name__}")
    after = weights_by_name(step.weights_after)
    rows = []
    for name, printed in PUBLISHED.items():
        value = after[name] if name in WEIGHTS else float(step[name])
        rows.append((POST_NAMES.get(name) or tr("{name} (new)").format(name=name), printed, value,
                     value - float(printed)))
    return Table([tr("quantity"), tr("published"), tr("package"), tr("package − published")], rows,
                 ["s", ".9f", "+.1e"],
                 caption=tr("Matt Mazur's figures and the package's float64 numbers (biases fixed)"))


def diagram_notes(inputs=INPUTS, targets=TARGETS) -> dict[str, str]:
    """Side notes for :func:`backproplab.plots.draw_network`: the inputs next to i1, i2 and the
    targets next to o1, o2, e.g. ``{"i1": "$x = 0.05$", …, "o2": "$t = 0.99$"}``."""
    notes = {n: f"$x = {float(v):g}$" for n, v in zip(NAMES[0], np.asarray(inputs, dtype=float))}
    notes.update({n: f"$t = {float(v):g}$" for n, v in zip(NAMES[-1], np.asarray(targets, dtype=float))})
    return notes

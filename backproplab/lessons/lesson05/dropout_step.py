r"""Lesson 5, sections 1 and 2: one training step under dropout, and why inverted dropout scales.

In training, every hidden unit $j$ of every sample is kept with probability $1-p$ and dropped
(set to 0) with probability $p$, and the survivors are scaled up (*inverted dropout*):

$$m_j \sim \mathrm{Bernoulli}(1-p), \qquad \hat o_j = \frac{m_j\, o_j}{1-p}, \qquad
\mathbb{E}[\hat o_j] = o_j .$$

The pieces (mask, scale) live in :mod:`backproplab.regularisers`; this module shows them at work:

* :func:`dropout_example`, :func:`dropout_table`, :func:`output_contributions` — one step of the
  XOR network under dropout (section 1) and tables of it;
* :func:`masked_forward` — a network's output through given masks (what one training pass sees);
* :func:`mask_average` / :func:`expected_activation_table` — the expectation above, checked over
  many random masks, next to dropout without the scale;
* :func:`scaling_comparison` / :func:`scaling_table` — inverted dropout against the original recipe (no
  scale in training, activations $\times(1-p)$ at prediction) and against forgetting that scale.

>>> from backproplab.lessons.lesson05 import dropout_step
>>> net, trace = dropout_step.dropout_example()
>>> dropout_step.dropout_table(trace, sample=2)      # o, m, ô = o·m/(1−p) and δ of D, E, F, G
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..._plumbing import checks as _checks
from ..._plumbing.format import minus
from ..._plumbing.i18n import tr
from ...datasets import xor
from ...network import Network
from ...regularisers import draw_masks, dropout_rate, keep_scale
from ...tables import Table

__all__ = ["LOSS_NAME", "LOSS_TEX", "EXAMPLE_SEED", "dropout_example", "dropout_table", "output_contributions",
           "masked_forward", "sample_label", "mask_average", "MaskAverage", "expected_activation_table", "scaling_comparison",
           "scaling_table"]

# Lesson 5 writes the loss E_total, as Mazur does: E alone is also a hidden unit (D, E, F, G), and
# δ_E = ∂E/∂z_E would read as a derivative of that unit. Its tables and figures use these names.
LOSS_NAME = "E_total"               # in plain text: δ = ∂E_total/∂z
LOSS_TEX = r"E_{\mathrm{total}}"     # in a matplotlib label: $\partial E_{\mathrm{total}}/\partial z$

# --------------------------------------------------------------------------- section 1: one step
EXAMPLE_SEED = 0        # section 1: its first mask drops D in (0,0) and F, G in (1,0); nothing in the other two


def dropout_example(seed=EXAMPLE_SEED, p=0.2, lr=0.5, hidden=4):
    """Section 1's step: ``Network([3, hidden, 1], bias=False, dropout=p, seed=seed)`` takes one
    training step on the four XOR cases. Returns ``(net, trace)`` (``net`` after the step)."""
    X, y = xor()
    net = Network([3, hidden, 1], bias=False, dropout=p, seed=seed)
    trace = net.train_step(X, y, lr=lr)
    return net, trace


def dropout_table(trace, sample, layer=0, precision=4, columns=("o", "m", "ô", "δ")) -> Table:
    r"""One sample's hidden layer ``layer`` during a dropout step: for each unit its output $o$,
    mask $m$, what it passes on $\hat o = o\,m/(1-p)$, and its error term
    $\delta = \partial E_{\text{total}}/\partial z$ (:data:`LOSS_NAME`).

    ``columns`` picks which of ``"o"``, ``"m"``, ``"ô"``, ``"δ"`` to show (in that order), e.g.
    ``("o", "m")`` to pose ô as an exercise before showing it."""
    if not hasattr(trace, "layers") or not hasattr(trace, "names"):
        raise TypeError(f"trace must be a StepTrace (from net.train_step), got {type(trace).__name__}")
    n_samples = trace.X.shape[0]
    sample = _checks.integer("sample", sample, low=0)
    if sample >= n_samples:
        raise ValueError(f"sample must be in 0..{n_samples - 1}, got {sample}")
    layer = _checks.integer("layer", layer, low=0)
    if layer >= len(trace.layers) - 1:
        raise ValueError(f"layer must be a hidden layer, 0..{len(trace.layers) - 2}, got {layer}")
    known = ("o", "m", "ô", "δ")
    if isinstance(columns, str) or not all(isinstance(c, str) for c in columns) or \
            not columns or not set(columns) <= set(known):
        raise ValueError(f"columns must be a non-empty selection of {known}, got {columns!r}")
    keep = [k for k, c in enumerate(known) if c in columns]
    lt = trace.layers[layer]
    if lt.mask is None:
        raise ValueError("the trace has no dropout mask: train a network with dropout > 0")
    p = int(precision)
    rows = [tuple([name] + [(lt.a[sample, j], f"{lt.mask[sample, j]:g}", lt.output[sample, j],
                             lt.delta[sample, j])[k] for k in keep])
            for j, name in enumerate(trace.names[layer + 1])]
    headers = [tr("o (before dropout)"), tr("mask m"), "ô = o·m/(1−p)", f"δ = ∂{LOSS_NAME}/∂z"]
    formats = [f".{p}f", "", f".{p}f", f"+.{p}f"]
    return Table([tr("unit")] + [headers[k] for k in keep], rows, [formats[k] for k in keep],
                 caption=tr("sample {sample}, p = {p}").format(sample=sample_label(trace.X, sample),
                                                               p=f"{trace.dropout:g}"))


def output_contributions(trace, sample, precision=3) -> Table:
    r"""How the output neuron's net input is made, for one sample of a step with dropout (one
    hidden layer, one output): per hidden unit $o_j$, $m_j$, $\hat o_j$, the weight $w_{jk}$ to the
    output and the product $\hat o_j w_{jk}$; the last row is their sum $z$ and $\sigma(z)$ is in the caption."""
    if not hasattr(trace, "layers") or len(trace.layers) != 2 or trace.layers[0].mask is None:
        raise ValueError("trace must be a StepTrace of a network with one hidden layer and dropout")
    n_samples = trace.X.shape[0]
    sample = _checks.integer("sample", sample, low=0)
    if sample >= n_samples:
        raise ValueError(f"sample must be in 0..{n_samples - 1}, got {sample}")
    if trace.layers[1].z.shape[1] != 1:
        raise ValueError("output_contributions needs a network with one output")
    hidden, out = trace.layers
    w = trace.weights_before[1][:, 0]
    out_name = trace.names[2][0]
    p = int(precision)
    rows = [(name, hidden.a[sample, j], f"{hidden.mask[sample, j]:g}", hidden.output[sample, j], w[j],
             hidden.output[sample, j] * w[j]) for j, name in enumerate(trace.names[1])]
    bias = 0.0 if trace.biases_before is None else trace.biases_before[1][0]
    if trace.biases_before is not None:
        rows.append((tr("bias b_{out}").format(out=out_name), "", "", "", "", bias))
    rows.append((tr("sum: z_{out}").format(out=out_name), "", "", "", "", float(out.z[sample, 0])))
    return Table([tr("unit j"), "o_j", "m_j", "ô_j", f"w_j{out_name}", f"ô_j·w_j{out_name}"], rows,
                 [f".{p}f", "", f".{p}f", f"+.{p}f", f"+.{p}f"],
                 caption=minus(tr("sample {sample}: z_{out} = Σ ô_j·w_j{out} = {z}, o_{out} = σ(z_{out}) = {o}").format(
                     sample=sample_label(trace.X, sample), out=out_name, z=f"{out.z[sample, 0]:+.{p}f}",
                     o=f"{out.a[sample, 0]:.{p}f}")))


def sample_label(X, n) -> str:
    """``"x = (1, 0)"``: sample ``n`` of ``X`` ``(n_samples, n_inputs)`` as the tables name it,
    leaving out a constant-1 bias column (``xor()``'s layout)."""
    row = X[n]
    if X.shape[1] > 2 and np.all(X[:, -1] == 1.0):
        row = row[:-1]
    return "x = (" + ", ".join(f"{v:g}" for v in row) + ")"


def _network(net):
    if not isinstance(net, Network):
        raise TypeError(f"net must be a backproplab Network, got {type(net).__name__}")
    return net


def masked_forward(net: Network, X, masks) -> np.ndarray:
    """The output ``(n_samples, n_out)`` of ``net`` in *training* mode with the given dropout
    masks (one 0/1 array ``(n_samples, n_hidden)`` per hidden layer): what a training pass sees.
    ``net.forward(X)`` is the evaluation-mode output (nothing dropped)."""
    _network(net)
    if masks is None:
        raise ValueError("masks must be a list of 0/1 arrays, one per hidden layer, got None "
                         "(use net.forward for the output without dropout)")
    return net.forward(X, masks)


# --------------------------------------------------------------------------- section 2: why scale
@dataclass
class MaskAverage:
    """Running averages of one activation ``o`` over ``n_masks`` random masks (see :func:`mask_average`)."""
    o: float
    p: float
    masks: np.ndarray            # (n_masks,) 0/1
    running_inverted: np.ndarray  # (n_masks,) mean of o·m/(1−p) over the first k masks
    running_unscaled: np.ndarray  # (n_masks,) mean of o·m

    @property
    def mean_inverted(self) -> float:
        return float(self.running_inverted[-1])

    @property
    def mean_unscaled(self) -> float:
        return float(self.running_unscaled[-1])


def mask_average(o, p, n_masks=10_000, seed=0) -> MaskAverage:
    r"""Average $\hat o = o\,m/(1-p)$ and the unscaled $o\,m$ over ``n_masks`` random masks
    $m \sim \mathrm{Bernoulli}(1-p)$ (drawn from ``seed``): the first tends to $o$, the second to $(1-p)\,o$."""
    o = _checks.real("o", o)
    p = dropout_rate(p)
    n_masks = _checks.integer("n_masks", n_masks, low=1)
    m = draw_masks(n_masks, p, seed)
    count = np.arange(1, n_masks + 1)
    unscaled = np.cumsum(o * m) / count
    return MaskAverage(o, p, m, unscaled * keep_scale(p), unscaled)


def expected_activation_table(o, rates=(0.2, 0.5, 0.8), n_masks=100_000, seed=0) -> Table:
    r"""For each dropout rate: the activation $o$, the mean of $o\,m/(1-p)$ and of $o\,m$ over
    ``n_masks`` random masks, and $(1-p)\,o$."""
    rates = [dropout_rate(p, "rates[]") for p in rates]
    rows = []
    for k, p in enumerate(rates):
        avg = mask_average(o, p, n_masks, seed=_checks.integer("seed", seed, low=0) + k)
        rows.append((f"p = {p:g}", avg.o, avg.mean_inverted, avg.mean_unscaled, (1 - p) * avg.o))
    return Table([tr("rate"), "o", tr("mean of o·m/(1−p)"), tr("mean of o·m"), "(1−p)·o"], rows,
                 [".4f", ".4f", ".4f", ".4f"],
                 caption=tr("averages over {n} random masks").format(n=f"{n_masks:,}".replace(",", " ")))


def _forward_with_hidden_scale(net, X, scale):
    """Evaluation-mode forward pass with every hidden layer's output multiplied by ``scale``: the
    network's layers run one at a time (each as a one-layer network), the scale applied between them.
    (Folding ``scale`` into the next weights instead would round differently.)"""
    out = X
    for k, (W, act) in enumerate(zip(net.weights, net.activations)):
        layer = Network.from_weights([W], None if net.biases is None else [net.biases[k]], activation=act.name)
        out = layer.forward(out) if k == len(net.weights) - 1 else layer.forward(out) * scale
    return out


def scaling_comparison(net: Network, X) -> dict:
    r"""Three ways to predict with a network trained with dropout rate $p$.

    The same training can be written without the $1/(1-p)$: a network with weights
    $W' = W/(1-p)$ after each dropout layer, fed $o\,m$, computes exactly what ``net`` computes from
    $o\,m/(1-p)$. That is the original recipe (Srivastava et al., 2014), which scales at prediction
    time instead: activations $\times(1-p)$ in front of $W'$.

    Returns ``{"inverted": …, "scaled at test": …, "not scaled": …}``, each ``(n_samples, n_out)``:
    ``net.forward(X)``; the original recipe; and the original recipe without its test-time scale.
    """
    _network(net)
    X = net.validate(X)
    p = net.dropout
    if p == 0.0:
        raise ValueError("net must have been built with dropout > 0 to compare scalings, got dropout=0")
    original = net.with_weights([net.weights[0]] + [w / (1.0 - p) for w in net.weights[1:]], net.biases)
    return {"inverted": net.forward(X),
            "scaled at test": _forward_with_hidden_scale(original, X, 1.0 - p),
            "not scaled": original.forward(X)}


def scaling_table(net: Network, X, y=None) -> Table:
    """:func:`scaling_comparison` as a table, one row per sample (with its target when ``y`` is given)."""
    outs = scaling_comparison(net, X)
    X = net.validate(X)
    targets = None if y is None else net.validate(X, y)[1]
    rows = []
    for n in range(X.shape[0]):
        rows.append((sample_label(X, n), *([] if targets is None else [targets[n, 0]]),
                     outs["inverted"][n, 0], outs["scaled at test"][n, 0], outs["not scaled"][n, 0]))
    cols = [tr("sample")] + ([] if targets is None else [tr("target")]) + \
        [tr("inverted dropout (net.forward)"), tr("original: × (1−p) at test"), tr("original, test scale forgotten")]
    return Table(cols, rows, ([".0f"] if targets is not None else []) + [".4f"] * 3,
                 caption=tr("predictions of one network trained with p = {p}, written three ways").format(
                     p=f"{net.dropout:g}"))

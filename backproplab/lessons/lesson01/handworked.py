r"""The hand-worked example of lesson 1: one training step of a 3-2-1 sigmoid network.

Every number of the example is typed here once; the notebook, the exercises, the images and
the tests all read it from this module.

Network: inputs A, B, C → hidden D, E → output F, sigmoid everywhere, no bias, loss
$E_{\text{total}} = \tfrac12 (t - o_F)^2$ (written with "total", as Mazur does, because E is also a
hidden neuron; the trace writes it ``E_total``), one sample $x = (0, 1, 1)$ with target $t = 0$,
learning rate $\eta = 0.5$.

>>> from backproplab.lessons.lesson01 import handworked as hw
>>> trace = hw.trace()               # the step, done by the package
>>> round(trace["o_F"], 4)
0.4397
>>> hw.paper_step()                  # the same step rounded the way one does it on paper

Conventions: the package writes $\delta = \partial E_{\text{total}}/\partial z$; the textbook error term is
$\mathrm{Err} = o(1-o)(t-o) = -\delta$ (a trace offers both, ``trace["Err_F"]``).
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import NamedTuple

import numpy as np

from ..._plumbing import checks as _checks
from ..._plumbing.i18n import mark, tr, tr_figure
from ...network import Network
from ...tables import Table

__all__ = ["NAMES", "INPUTS", "TARGET", "LEARNING_RATE", "WEIGHTS", "weight_arrays", "weights_by_name",
           "network", "trace", "loss_after_one_step", "nudge", "Nudge", "weight_table", "paper_step",
           "diagram_notes", "plot_losses", "Table"]

NAMES = (("A", "B", "C"), ("D", "E"), ("F",))
INPUTS = np.array([0.0, 1.0, 1.0])        # x_A, x_B, x_C
INPUTS.flags.writeable = False
TARGET = 0.0                              # t
LEARNING_RATE = 0.5                       # η
WEIGHTS = MappingProxyType({              # read-only; take dict(WEIGHTS) to change a copy
    "w_AD": 0.4, "w_BD": -0.6, "w_CD": 0.9,
    "w_AE": 0.8, "w_BE": 0.2, "w_CE": -0.4,
    "w_DF": -0.5, "w_EF": 0.1,
})


def _names():
    return [list(layer) for layer in NAMES]


def weight_arrays(weights=WEIGHTS) -> list[np.ndarray]:
    """The named weights ``{"w_AD": …}`` as the package's layer matrices: ``[(3, 2), (2, 1)]``,
    entry ``[i, j]`` of layer ``k`` being the weight from neuron ``NAMES[k][i]`` to ``NAMES[k+1][j]``."""
    expected = {f"w_{src}{dst}" for k in range(len(NAMES) - 1) for src in NAMES[k] for dst in NAMES[k + 1]}
    if not hasattr(weights, "keys") or set(weights.keys()) != expected:
        got = sorted(weights.keys()) if hasattr(weights, "keys") else type(weights).__name__
        raise ValueError(f"weights must be a mapping with exactly the keys {sorted(expected)}, got {got}")
    return [np.array([[float(weights[f"w_{src}{dst}"]) for dst in NAMES[k + 1]] for src in NAMES[k]])
            for k in range(len(NAMES) - 1)]


def weights_by_name(arrays) -> dict[str, float]:
    """The inverse of :func:`weight_arrays`: layer matrices (or a Network) → ``{"w_AD": …}``."""
    if isinstance(arrays, Network):
        arrays = arrays.weights
    shapes = [(len(NAMES[k]), len(NAMES[k + 1])) for k in range(len(NAMES) - 1)]
    if not isinstance(arrays, (list, tuple)) or [np.shape(a) for a in arrays] != shapes:
        raise ValueError(f"arrays must be a list of matrices of shapes {shapes}, "
                         f"got {[np.shape(a) for a in arrays] if isinstance(arrays, (list, tuple)) else arrays!r:.80}")
    return {f"w_{src}{dst}": float(arrays[k][i, j])
            for k in range(len(NAMES) - 1)
            for j, dst in enumerate(NAMES[k + 1]) for i, src in enumerate(NAMES[k])}


def network(weights=WEIGHTS) -> Network:
    """A fresh ``Network.from_weights(...)`` of the example: names A–F, sigmoid, no bias, ½(t−o)²."""
    return Network.from_weights(weight_arrays(weights), biases=None, activation="sigmoid",
                                loss="half_sse", names=_names())


def trace(target=TARGET, lr=LEARNING_RATE, inputs=INPUTS):
    """One training step of a fresh :func:`network`; returns its :class:`~backproplab.StepTrace`."""
    return network().train_step(inputs, [target], lr=lr)


def loss_after_one_step(lr, target=TARGET) -> float:
    r"""$E_{\text{total}}$ after one training step of a fresh :func:`network` with learning rate ``lr``
    (``lr`` > 0; the lesson's own step has ``lr = 0.5``): how far a single step goes depends on $\eta$."""
    lr = _checks.real("lr", lr, low=0, low_open=True)
    net = network()
    net.train_step(INPUTS, [target], lr=lr)
    return float(net.loss_value(INPUTS, [target]))


class Nudge(NamedTuple):
    r"""What :func:`nudge` measured: the ``weight`` nudged by ``h``, the ``change`` of
    $E_{\text{total}}$ it caused (two forward passes) and the change the chain rule ``predicted``,
    $\partial E_{\text{total}}/\partial w \cdot h$."""
    weight: str
    h: float
    change: float
    predicted: float

    @property
    def ratio(self) -> float:
        """``change / predicted``: close to 1 when the chain rule's derivative is right."""
        return self.change / self.predicted


def nudge(weight="w_DF", h=1e-4, target=TARGET) -> Nudge:
    r"""An independent check of the calculus: nudge one starting weight by ``h`` and measure how much
    the loss moves, next to what backpropagation predicts.

    $$\Delta E_{\text{total}} = E_{\text{total}}(w + h) - E_{\text{total}}(w)
      \approx \frac{\partial E_{\text{total}}}{\partial w}\, h ,$$
    the left side from two forward passes (no chain rule), the right side from the step's
    :class:`~backproplab.StepTrace`. The two agree up to a term of order $h^2$.

    weight : a weight's name, ``"w_AD"`` … ``"w_EF"``; h : a nonzero float, small (1e-4).
    """
    if not isinstance(weight, str) or weight not in WEIGHTS:
        raise ValueError(f"weight must be one of {list(WEIGHTS)}, got {weight!r:.40}")
    h = _checks.real("h", h)
    if h == 0:
        raise ValueError("h must be a nonzero number (the size of the nudge), got 0")
    nudged = dict(WEIGHTS)
    nudged[weight] += h
    before = network().loss_value(INPUTS, [target])
    after = network(nudged).loss_value(INPUTS, [target])
    return Nudge(weight, h, float(after - before), float(trace(target=target)[f"grad_{weight}"] * h))


# --------------------------------------------------------------------------- tables
class _LessonTable(Table):
    """A :class:`Table` whose header and caption are written in the student's language when it is shown;
    its column names stay English, so ``table.column("paper − exact")`` reads the same in every edition.
    ``caption`` may be a function returning the caption (translated when shown)."""

    @property
    def caption(self):
        caption = self._caption() if callable(self._caption) else self._caption
        return tr(caption) if caption else caption

    @caption.setter
    def caption(self, value):
        self._caption = value

    def cells(self):
        head, *body = super().cells()
        return [[tr(name) for name in head], *body]


def weight_table(before, after=None, precision=5) -> Table:
    """Before/after table of the eight weights: name, before, change, after.

    ``before`` and ``after`` are mappings ``{"w_AD": …}`` (or layer matrices); or pass a
    :class:`~backproplab.StepTrace` as ``before`` alone.
    """
    if after is None:
        if not hasattr(before, "weights_after"):
            raise TypeError("weight_table needs before and after weights, or a StepTrace as its only argument; "
                            f"got {type(before).__name__} alone")
        before, after = before.weights_before, before.weights_after
    before = before if hasattr(before, "keys") else weights_by_name(before)
    after = after if hasattr(after, "keys") else weights_by_name(after)
    weight_arrays(before), weight_arrays(after)   # check the names
    p = int(precision)
    rows = [(name, before[name], after[name] - before[name], after[name]) for name in WEIGHTS]
    return _LessonTable([mark("weight"), mark("before"), mark("change"), mark("after")], rows,
                        [f".{p}f", f"+.{p}f", f".{p}f"])


# --------------------------------------------------------------------------- on paper
def _round(value: Decimal, decimals: int) -> Decimal:
    """Round half away from zero, as taught at school (0.5935 → 0.594)."""
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _sigmoid_decimal(z: Decimal) -> Decimal:
    return 1 / (1 + (-z).exp())


def paper_step(forward_decimals=2, backward_decimals=3, target=TARGET, lr=LEARNING_RATE) -> Table:
    r"""The step as it is done with pencil, paper and a pocket calculator, next to the exact values.

    Each intermediate is rounded before it is used again: net inputs and outputs to
    ``forward_decimals`` places (0.57, 0.45, 0.44), error terms and new weights to
    ``backward_decimals`` places (0.108, −0.013, 0.003, −0.594). The arithmetic between the
    roundings is exact (decimal), like long multiplication. Uses the error terms of lesson 1,
    $\delta_j = (o_j - t)\,o_j(1-o_j)$ (output) and $o_j(1-o_j)\sum_k \delta_k w_{jk}$ (hidden),
    and the update $w_{ij} \leftarrow w_{ij} - \eta\,\delta_j\,o_i$.

    Returns a :class:`Table` with columns quantity, on paper, exact (float64, from the package's
    :class:`~backproplab.StepTrace`) and paper − exact.
    """
    fd, bd = int(forward_decimals), int(backward_decimals)
    if not (0 <= fd <= 12 and 0 <= bd <= 12):
        raise ValueError(f"forward_decimals and backward_decimals must be integers in 0..12, got {fd} and {bd}")
    D = lambda v: Decimal(repr(float(v)))
    x = dict(zip(NAMES[0], (D(v) for v in INPUTS)))
    w = {k: D(v) for k, v in WEIGHTS.items()}
    t, eta = D(target), D(lr)
    (inputs, hidden, (out,)) = NAMES

    paper = {}
    o = dict(x)
    for j in hidden:
        paper[f"z_{j}"] = _round(sum(x[i] * w[f"w_{i}{j}"] for i in inputs), fd)
        paper[f"o_{j}"] = o[j] = _round(_sigmoid_decimal(paper[f"z_{j}"]), fd)
    paper[f"z_{out}"] = _round(sum(o[j] * w[f"w_{j}{out}"] for j in hidden), fd)
    paper[f"o_{out}"] = o[out] = _round(_sigmoid_decimal(paper[f"z_{out}"]), fd)
    paper["E_total"] = _round((t - o[out]) ** 2 / 2, bd)   # the loss (E is a hidden neuron)
    delta = {out: _round((o[out] - t) * o[out] * (1 - o[out]), bd)}
    for j in hidden:
        delta[j] = _round(delta[out] * w[f"w_{j}{out}"] * o[j] * (1 - o[j]), bd)
    for j in (out, *hidden):
        paper[f"δ_{j}"] = delta[j]
    for name in WEIGHTS:
        src, dst = name[2], name[3]
        paper[f"{name}_new"] = _round(w[name] - eta * delta[dst] * o[src], bd)

    exact = trace(target=target, lr=lr)
    # the paper column keeps the decimals it was rounded to, as it would be written down
    rows = [(name, str(v), float(exact[name]), float(v) - float(exact[name])) for name, v in paper.items()]
    return _LessonTable([mark("quantity"), mark("on paper"), mark("exact"), mark("paper − exact")], rows,
                        ["s", ".5f", "+.5f"],
                        caption=lambda: tr("Rounded by hand ({fd} decimals forward, {bd} backward) vs float64")
                        .format(fd=fd, bd=bd))


# --------------------------------------------------------------------------- figures
# The titles the lesson's code cells pass to bp.plots.draw_network / draw_weight_change (the code stays the
# same in every edition): marked here so that the Korean catalogue holds them, for a figure that looks its
# title up with tr_figure.
_TITLES_IN_THE_LESSON = (mark("The 3-2-1 network and its starting weights"),
                         mark("After one step: new weight (change)"))


def diagram_notes(target=TARGET, inputs=INPUTS) -> dict[str, str]:
    """Side notes for :func:`backproplab.plots.draw_network`: the input values next to A, B, C
    and the target next to F, e.g. ``{"A": "$x_A = 0$", …, "F": "$t = 0$"}``."""
    notes = {name: f"$x_{name} = {float(x):g}$" for name, x in zip(NAMES[0], np.asarray(inputs, dtype=float))}
    notes[NAMES[-1][0]] = f"$t = {float(target):g}$"
    return notes


def plot_losses(losses, ax=None, highlight=1):
    """Plot ``losses[k]``, the loss after ``k`` training steps, against ``k``; mark the start,
    step ``highlight`` (the one worked by hand; ``None`` for no mark) and the end. Returns the figure."""
    import matplotlib.pyplot as plt

    losses = np.asarray(losses, dtype=float)
    if losses.ndim != 1 or losses.size < 2:
        raise ValueError(f"losses must be a 1-D array of at least 2 values, got shape {losses.shape}")
    if ax is None:
        fig, ax = plt.subplots(figsize=(8, 4.2), layout="constrained")
    from ...plots.style import OKABE_ITO      # colour-blind-safe: blue line, vermilion and bluish-green marks

    black, _, _, green, _, blue, vermilion, _ = OKABE_ITO
    steps = np.arange(losses.size)
    ax.plot(steps, losses, color=blue, lw=2.5)
    ax.plot([0], losses[:1], "o", color=black, ms=8,
            label=tr_figure("start: $E_{{\\mathrm{{total}}}}$ = {loss}").format(loss=f"{losses[0]:.4f}"))
    if highlight is not None and 0 < highlight < losses.size:
        ax.plot([highlight], [losses[highlight]], "o", color=vermilion, ms=9,
                label=tr_figure("after the step worked by hand: $E_{{\\mathrm{{total}}}}$ = {loss}")
                .format(loss=f"{losses[highlight]:.4f}"))
    ax.plot([steps[-1]], losses[-1:], "s", color=green, ms=8,
            label=tr_figure("after {steps} steps: $E_{{\\mathrm{{total}}}}$ = {loss}")
            .format(steps=steps[-1], loss=f"{losses[-1]:.4f}"))
    ax.set_xlabel(tr_figure("training steps taken"), fontsize=14)
    ax.set_ylabel(tr_figure(r"loss $E_{\mathrm{total}} = \frac{1}{2}(t - o_F)^2$"), fontsize=14)
    ax.tick_params(labelsize=12)
    ax.set_ylim(bottom=0)
    ax.set_xlim(-1, steps[-1] + 1)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=12, frameon=False)
    return ax.figure

"""One training step drawn on the network, quantity by quantity (what the step-through shows):
:func:`draw_step` reveals a :class:`~backproplab.StepTrace`'s records up to one, each where its
record's ``element`` says — z, o and δ at their neuron, ∂E/∂w and the new weight on the weight's
edge, a bias's on its edge from the "+1" node, the loss beside the output — and writes the current
one's line of ``explain()`` underneath (``caption=False``: without it, where the line is text beside the
picture, as in the step-through widget); :func:`step_frame` / :func:`step_frames` make PNGs of it for
the widget and the static builds. Public through :mod:`backproplab.plots.network_diagram`.
"""
from __future__ import annotations

import numpy as np

from .._plumbing.i18n import tr_figure
from ..trace import StepTrace
from ..trace_records import Phase, fmt
from ..trace_render import explain_line, heading, value_label
from ._network_parts import (NODE_RADIUS, EDGE_COLOUR, CURRENT_COLOUR, STEP_FONTSIZE, STEP_GAP, STEP_DY,
                             STEP_INCHES_PER_UNIT, BIAS_STEP_LABEL_POS, positions, bias_positions, limits,
                             draw_nodes, draw_edge, draw_biases, finish)

__all__ = ["draw_step", "step_records", "step_frame", "step_frames"]


def step_records(trace, precision=4, sample=None):
    """The quantities :func:`draw_step` reveals, in order: ``trace.records(precision, sample)``, for
    one sample of a batch (``sample``, default 0, when the trace holds several): that sample's
    forward pass and δ's, then the loss, gradients and updates of the whole batch."""
    if not isinstance(trace, StepTrace):
        raise TypeError(f"trace must be a StepTrace (from net.train_step), got {type(trace).__name__}")
    if sample is None and trace.X.shape[0] > 1:
        sample = 0
    return trace.records(precision, sample)


def _hot(current, names):
    """``(edges, biases)`` the current record uses, highlighted with it: a weight's own edge, a bias's
    edge, the edges a δ gathers from (to the layer above), the edges and bias a z gathers from."""
    if current is None:
        return set(), set()
    element = current.element
    if element.kind == "edge":
        return {element.names}, set()
    if element.kind == "bias":
        return set(), {element.names[0]}
    if element.kind != "neuron":
        return set(), set()
    layer, name = element.layer, element.names[0]
    if current.phase == Phase.BACKWARD:            # δ_j gathers δ_k·w_jk from the layer above
        return ({(name, q) for q in names[layer + 1]} if layer + 1 < len(names) else set()), set()
    return {(m, name) for m in names[layer - 1]}, {name}    # z_j gathers x_i·w_ij (and b_j) from below


def _step_edges(ax, trace, names, pos, hot_edges, precision):
    """Every weight's edge, labelled with its value before the step; ``hot_edges`` in colour."""
    for k, W in enumerate(trace.weights_before):
        for i, src in enumerate(names[k]):
            for j, dst in enumerate(names[k + 1]):
                hot = (src, dst) in hot_edges
                draw_edge(ax, pos[src], pos[dst], CURRENT_COLOUR if hot else EDGE_COLOUR, 3.0 if hot else 1.6,
                           label=f"w = {fmt(W[i, j], precision)}", label_pos=0.25, fontsize=STEP_FONTSIZE - 1)


def _placed(shown, current, precision):
    """The revealed records' labels by place: ``(above, below, on_edge, loss)``: forward values above
    their neuron, δ's below it, a weight's (``(src, dst)``) or a bias's (``(None, neuron)``) gradient
    and new value on its edge, the loss beside the output. Each label is ``(text, style)``."""
    above, below, on_edge, loss = {}, {}, {}, []
    for r in shown:
        style = dict(color=CURRENT_COLOUR, fontweight="bold") if r is current else dict(color="black")
        text, kind, names = (value_label(r, precision), style), r.element.kind, r.element.names
        if kind == "edge":
            on_edge.setdefault(names, []).append(text)
        elif kind == "bias":
            on_edge.setdefault((None, names[0]), []).append(text)     # on the bias edge, as weights are
        elif kind == "neuron":
            (above if r.phase == Phase.FORWARD else below).setdefault(names[0], []).append(text)
        else:
            loss.append(text)
    return above, below, on_edge, loss


def _neuron_labels(ax, pos, above, below):
    """Forward values stacked above their neuron (the latest nearest), δ's below it."""
    for neuron, lines in above.items():
        x, y = pos[neuron]
        for i, (text, style) in enumerate(reversed(lines)):
            ax.text(x, y + NODE_RADIUS + 0.06 + 0.24 * i, text, ha="center", va="bottom", fontsize=STEP_FONTSIZE,
                    zorder=6, **style)
    for neuron, lines in below.items():
        x, y = pos[neuron]
        for i, (text, style) in enumerate(lines):
            ax.text(x, y - NODE_RADIUS - 0.06 - 0.24 * i, text, ha="center", va="top", fontsize=STEP_FONTSIZE,
                    zorder=6, **style)


def _edge_labels(ax, pos, bias_source, on_edge):
    """Gradients and new values on their edge (a bias's: from its "+1" node, ``bias_source``)."""
    for (src, dst), lines in on_edge.items():
        (xa, ya), (xb, yb) = (pos[src] if src is not None else bias_source[dst]), pos[dst]
        # Near the target, where the edges of a layer have spread apart again; right-aligned, so the
        # text ends before the target's circle and its own values.
        lx, ly = xa + 0.78 * (xb - xa), ya + 0.78 * (yb - ya)
        for i, (text, style) in enumerate(lines):
            ax.text(lx, ly + 0.08 - 0.17 * i, text, ha="right", va="center", fontsize=STEP_FONTSIZE - 2, zorder=6,
                    bbox=dict(boxstyle="round,pad=0.05", facecolor="white", edgecolor="none", alpha=0.92), **style)


def _loss_labels(ax, names, pos, loss):
    """The loss (and the penalty) below and right of the output layer."""
    out_x = pos[names[-1][0]][0]
    out_y = min(pos[n][1] for n in names[-1])
    for i, (text, style) in enumerate(loss):
        current = style.get("fontweight") == "bold"
        ax.text(out_x + NODE_RADIUS + 0.2, out_y - NODE_RADIUS - 0.5 - 0.24 * i, text, ha="left",
                va="top", fontsize=STEP_FONTSIZE + 1, zorder=6,
                **(dict(color=CURRENT_COLOUR, fontweight="bold") if current else {}))


def _step_caption(ax, trace, step, records, current, precision):
    """The line under the diagram: where the step is, the phase's heading and the current record's line."""
    where_now = (f"{step + 1}/{len(records)} · {heading(current.phase, trace, precision)}\n"
                 f"{explain_line(current, precision)}" if current is not None else
                 tr_figure("0/{total} · the network before the step").format(total=len(records)))
    ax.text(0.5, 0.0, where_now, transform=ax.transAxes, ha="center", va="top", fontsize=STEP_FONTSIZE + 1,
            wrap=True, color="black")


def draw_step(trace, step, ax=None, *, precision=4, sample=None, title=None, caption=True):
    """Draw ``trace`` (a :class:`~backproplab.StepTrace` with neuron names) with its first
    ``step + 1`` quantities (:func:`step_records`) revealed where they belong: z, o and δ at their
    neuron (forward values above it, δ below), ∂E/∂w and the new weight on the weight's edge, a bias's
    on its edge from the "+1" node, the loss beside the output. The current quantity is highlighted in
    colour, with the edges it uses (a δ's outgoing edges, a weight's own edge), and its line of
    :meth:`~backproplab.StepTrace.explain` — formula, numbers, result — is written under the diagram
    (``caption=False``: not written; the current value still stands, in colour, at its place).
    ``step = -1`` shows the bare network. Where a quantity goes is its record's ``element``.
    Returns the figure.
    """
    _check_caption(caption)
    records = step_records(trace, precision, sample)
    if isinstance(step, bool) or not isinstance(step, (int, np.integer)) or not -1 <= step < len(records):
        raise ValueError(f"step must be an int in -1..{len(records) - 1} (one per quantity), got {step!r}")
    names = [list(layer) for layer in trace.names]
    pos = positions(names, dy=STEP_DY, gap=STEP_GAP)
    biases = trace.biases_before
    bias_pos = bias_positions(names, pos, dy=STEP_DY) if biases is not None else None
    if ax is None:
        import matplotlib.pyplot as plt
        _, ax = plt.subplots(figsize=_step_figsize(names, biases is not None))
    current = records[step] if step >= 0 else None
    hot_edges, hot_biases = _hot(current, names)
    _step_edges(ax, trace, names, pos, hot_edges, precision)
    inputs = {n: f"$x_{{{n}}} = {fmt(trace.X[0 if sample is None else sample, i], precision)}$"
              for i, n in enumerate(names[0])}
    if biases is not None:
        draw_biases(ax, biases, names, pos, bias_pos, precision, hot=hot_biases, label_pos=BIAS_STEP_LABEL_POS,
                     fontsize=STEP_FONTSIZE - 1, prefix="b = ")
    draw_nodes(ax, names, pos, set(), inputs)
    above, below, on_edge, loss = _placed(records[:step + 1], current, precision)
    _neuron_labels(ax, pos, above, below)
    bias_source = {} if biases is None else {n: bias_pos[k] for k in range(len(names) - 1) for n in names[k + 1]}
    _edge_labels(ax, pos, bias_source, on_edge)
    _loss_labels(ax, names, pos, loss)
    finish(ax, names, pos, title, [], bias_pos)
    (x0, x1), (y0, y1) = limits(pos, bias_pos)
    ax.set_xlim(x0, x1 + 0.9)
    ax.set_ylim(y0 - 0.1, y1 + 0.45)
    if caption:
        _step_caption(ax, trace, step, records, current, precision)
    return ax.figure


def step_frame(trace, step, *, precision=4, sample=None, dpi=96, caption=True) -> bytes:
    """One state of :func:`draw_step` (``step`` and ``caption`` as there: -1 is the bare network) as
    PNG bytes, drawn on its own Agg figure (``caption=False``: without the strip for the formula line).
    Deterministic: the same trace and step give the same bytes."""
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    _check_caption(caption)
    fig = Figure(figsize=_step_figsize(trace.names, trace.biases_before is not None, caption)
                 if isinstance(trace, StepTrace) else _step_figsize([[]]))
    FigureCanvasAgg(fig)
    draw_step(trace, step, ax=fig.add_axes((0.0, 0.12, 1.0, 0.88) if caption else (0.0, 0.0, 1.0, 1.0)),
              precision=precision, sample=sample, caption=caption)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def step_frames(trace, *, precision=4, sample=None, dpi=96) -> list[bytes]:
    """Every state of :func:`draw_step` as PNG bytes, from the bare network to the last update: the
    static build of a step-through (slides, the HTML site)."""
    n = len(step_records(trace, precision, sample))
    return [step_frame(trace, step, precision=precision, sample=sample, dpi=dpi) for step in range(-1, n)]


def _check_caption(caption):
    if not isinstance(caption, (bool, np.bool_)):
        raise TypeError(f"caption must be True or False, got {type(caption).__name__} {caption!r:.40}")


def _step_figsize(names, biased=False, caption=True):
    """The figure size :func:`draw_step` is laid out for (inches): the diagram (with its bias
    nodes if ``biased``), and (``caption``) a strip below for the formula line."""
    pos = positions(names, dy=STEP_DY, gap=STEP_GAP)
    (x0, x1), (y0, y1) = limits(pos, bias_positions(names, pos, dy=STEP_DY) if biased else None)
    return STEP_INCHES_PER_UNIT * (x1 - x0 + 0.9), STEP_INCHES_PER_UNIT * (y1 - y0 + 0.55) / (0.88 if caption else 1.0)

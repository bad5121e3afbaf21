"""Network diagrams: neurons as labelled circles, layers left to right, every weight on its edge.

* :func:`draw_network` — the network with its weights (optionally with dropped units greyed out);
* :func:`draw_weight_change` — one update step: edge colour and width show how much each weight
  moved, the label gives the new value and the change.

Both take a :class:`~backproplab.Network`, a :class:`~backproplab.StepTrace` or a plain list of
weight matrices ``(n_in, n_out)``, draw with matplotlib only, and return the figure.
"""
from __future__ import annotations

import numpy as np
from matplotlib import colors as mcolors
from matplotlib.cm import ScalarMappable
from matplotlib.patches import Circle, FancyArrowPatch

from ..network import Network
from ..trace import StepTrace, default_names, fmt

__all__ = ["draw_network", "draw_weight_change"]

NODE_RADIUS = 0.25          # data units; neighbouring neurons are 1 apart
LAYER_GAP = 2.2             # horizontal distance between layers
INCHES_PER_UNIT = 1.35      # figure size per data unit, for new figures
NAME_FONTSIZE = 20          # projector-readable
WEIGHT_FONTSIZE = 14
NOTE_FONTSIZE = 14
LAYER_COLOURS = {"input": "#d9e6f5", "hidden": "#fde3c8", "output": "#d5efd5"}
EDGE_COLOUR = "#404040"
DROPPED_COLOUR = "#b8b8b8"
# Diverging map for changes that keeps small changes visible: red (down) – grey – blue (up).
CHANGE_CMAP = mcolors.LinearSegmentedColormap.from_list(
    "backproplab_change", ["#b2182b", "#e08a73", "#a9a9a9", "#6f9fcf", "#2166ac"])


# --------------------------------------------------------------------------- input handling
def _weights_and_names(network, names, where):
    """(weights, names, masks) from a Network, a StepTrace or a list of weight matrices."""
    masks = None
    if isinstance(network, StepTrace):
        weights, default = network.weights_before, network.names
        masks = [layer.mask for layer in network.layers]
    elif isinstance(network, Network):
        weights, default = network.weights, network.names
    elif isinstance(network, (list, tuple)):
        # Network.from_weights checks the shapes and reports a bad one clearly.
        try:
            weights = Network.from_weights(list(network), names=None).weights
        except (TypeError, ValueError) as exc:
            raise type(exc)(f"{where}: {exc}") from None
        default = default_names([weights[0].shape[0]] + [w.shape[1] for w in weights])
    else:
        raise TypeError(f"{where} must be a Network, a StepTrace or a list of weight matrices (n_in, n_out), "
                        f"got {type(network).__name__}")
    if names is None:
        names = default
    else:
        sizes = [weights[0].shape[0]] + [w.shape[1] for w in weights]
        try:   # reuse the Network's name check
            names = Network.from_weights(weights, names=[list(n) for n in names]
                                         if isinstance(names, (list, tuple)) else names).names
        except (TypeError, ValueError) as exc:
            raise ValueError(f"names must be one list of strings per layer (sizes {sizes}), unique: {exc}") from None
    return [np.asarray(w, dtype=float) for w in weights], [list(n) for n in names], masks


def _dropped_names(dropped, names):
    """``dropped`` as a set of neuron names. Accepts names, or 0/1 keep masks (1 = kept), one per
    layer or one per hidden layer (as ``Network.train_step(masks=...)`` takes them); ``None``
    entries mean nothing is dropped in that layer; a mask may be ``(n,)`` or ``(1, n)``."""
    if dropped is None:
        return set()
    all_names = [n for layer in names for n in layer]
    if isinstance(dropped, str):
        dropped = {dropped}
    items = list(dropped)
    if all(isinstance(d, str) for d in items):
        unknown = [d for d in items if d not in all_names]
        if unknown:
            raise ValueError(f"dropped names {unknown} are not neurons of this network; its neurons are {all_names}")
        return set(items)
    # masks
    hidden = names[1:-1]
    if len(items) == len(names):
        layers = names
    elif len(items) == len(hidden):
        layers = hidden
    elif len(items) == len(names) - 1:      # one per weight layer, as StepTrace.layers[k].mask
        layers = names[1:]
    else:
        raise ValueError(f"dropped must be neuron names or a list of 0/1 keep masks, one per layer "
                         f"({len(names)}) or per hidden layer ({len(hidden)}); got {len(items)} entries")
    out = set()
    for k, (mask, layer) in enumerate(zip(items, layers)):
        if mask is None:
            continue
        m = np.asarray(mask, dtype=float)
        if m.ndim == 2 and m.shape[0] == 1:
            m = m[0]
        if m.shape != (len(layer),) or not np.isin(m, (0.0, 1.0)).all():
            raise ValueError(f"dropped[{k}] must be a 0/1 keep mask of length {len(layer)} (one sample), "
                             f"got {np.asarray(mask).tolist()!r:.80}")
        out.update(n for n, keep in zip(layer, m) if keep == 0.0)
    return out


def _positions(names, dy=1.0):
    """Centre of every neuron: layer k at x = k·LAYER_GAP, neurons ``dy`` apart, centred on y = 0."""
    pos = {}
    for k, layer in enumerate(names):
        n = len(layer)
        for j, name in enumerate(layer):
            pos[name] = (k * LAYER_GAP, dy * ((n - 1) / 2 - j))
    return pos


def _limits(pos):
    """(xlim, ylim) that hold the neurons, their side notes and the layer captions."""
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    return (min(xs) - 1.45, max(xs) + 1.45), (min(ys) - NODE_RADIUS - 0.6, max(ys) + NODE_RADIUS + 0.15)


def _layer_kind(k, n_layers):
    return "input" if k == 0 else ("output" if k == n_layers - 1 else "hidden")


def _new_axes(pos, ax, extra_width=0.0, title=None):
    """A new figure sized so that one data unit is INCHES_PER_UNIT (fonts stay readable)."""
    import matplotlib.pyplot as plt

    if ax is not None:
        return ax
    (x0, x1), (y0, y1) = _limits(pos)
    width = INCHES_PER_UNIT * (x1 - x0) + extra_width
    height = INCHES_PER_UNIT * (y1 - y0) + (0.45 if title else 0.0)
    _, ax = plt.subplots(figsize=(width, height), layout="constrained")
    return ax


# --------------------------------------------------------------------------- drawing pieces
def _draw_nodes(ax, names, pos, dropped, annotations):
    n_layers = len(names)
    for k, layer in enumerate(names):
        kind = _layer_kind(k, n_layers)
        for name in layer:
            x, y = pos[name]
            off = name in dropped
            ax.add_patch(Circle((x, y), NODE_RADIUS, facecolor="#eeeeee" if off else LAYER_COLOURS[kind],
                                edgecolor=DROPPED_COLOUR if off else "#303030", lw=2,
                                linestyle="--" if off else "-", zorder=3))
            ax.text(x, y, name, ha="center", va="center", fontsize=NAME_FONTSIZE, zorder=6 if off else 4,
                    color="#777777" if off else "black", fontweight="bold")
            if off:   # crossed out, as in the dropout papers
                r = NODE_RADIUS * 0.8
                for sx in (-1, 1):
                    ax.plot([x - r, x + r], [y - sx * r, y + sx * r], color="#c0392b", lw=2, alpha=0.55, zorder=5,
                            solid_capstyle="round")
            note = (annotations or {}).get(name)
            if note:
                if kind == "input":
                    ax.text(x - NODE_RADIUS - 0.12, y, note, ha="right", va="center", fontsize=NOTE_FONTSIZE)
                elif kind == "output":
                    ax.text(x + NODE_RADIUS + 0.12, y, note, ha="left", va="center", fontsize=NOTE_FONTSIZE)
                else:
                    ax.text(x, y - NODE_RADIUS - 0.08, note, ha="center", va="top", fontsize=NOTE_FONTSIZE)


def _draw_edge(ax, p0, p1, colour, lw, linestyle="-", label=None, label_colour="black",
               label_pos=1/3, fontsize=WEIGHT_FONTSIZE):
    (x0, y0), (x1, y1) = p0, p1
    d = np.hypot(x1 - x0, y1 - y0)
    ux, uy = (x1 - x0) / d, (y1 - y0) / d
    start = (x0 + ux * NODE_RADIUS, y0 + uy * NODE_RADIUS)
    end = (x1 - ux * NODE_RADIUS, y1 - uy * NODE_RADIUS)
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=16 + 2 * lw, color=colour,
                                 lw=lw, linestyle=linestyle, zorder=1, shrinkA=0, shrinkB=0))
    if label is not None:
        # A third of the way from the source centre, the labels of a layer are evenly spread.
        lx, ly = x0 + label_pos * (x1 - x0), y0 + label_pos * (y1 - y0)
        ax.text(lx, ly, label, ha="center", va="center", fontsize=fontsize, color=label_colour, zorder=2,
                linespacing=1.1,
                bbox=dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor="none", alpha=0.92))


def _finish(ax, names, pos, title, layer_titles):
    n_layers = len(names)
    (x0, x1), (y0, y1) = _limits(pos)
    if layer_titles is None:
        hidden = n_layers - 2
        layer_titles = (["input"] + (["hidden"] if hidden == 1 else [f"hidden {k}" for k in range(1, hidden + 1)])
                        + ["output"])
    if layer_titles:
        if len(layer_titles) != n_layers:
            raise ValueError(f"layer_titles must have {n_layers} entries (one per layer), got {len(layer_titles)}")
        for k, text in enumerate(layer_titles):
            ax.text(k * LAYER_GAP, y0 + 0.4, text, ha="center", va="top", fontsize=NOTE_FONTSIZE,
                    color="#555555", style="italic")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=NAME_FONTSIZE - 2)


# --------------------------------------------------------------------------- public
def draw_network(network, names=None, ax=None, *, dropped=None, precision=4, show_weights=True,
                 annotations=None, title=None, layer_titles=None, label_pos=1/3):
    """Draw a dense network: neurons labelled, layers left to right, each weight on its edge.

    Parameters
    ----------
    network : a :class:`~backproplab.Network`, a :class:`~backproplab.StepTrace` (its weights
        before the step, and its dropout masks) or a list of weight matrices ``(n_in, n_out)``.
    names : neuron names per layer, e.g. ``[["A","B","C"], ["D","E"], ["F"]]``; default: the
        network's own (letters A, B, C, … for small networks).
    ax : matplotlib axes to draw in; a new figure when ``None``.
    dropped : units to grey out and cross (dropout): a set of names such as ``{"D"}``, or 0/1
        keep masks (1 = kept), one per layer or one per hidden layer. Their edges are dashed.
    precision : significant digits of the weight labels.
    show_weights : write the weights on the edges (turn off for big networks).
    annotations : ``{name: text}`` written next to neurons (left of inputs, right of outputs,
        below hidden ones), e.g. ``{"A": "$x_A = 0$", "F": "$t = 0$"}``.
    title, layer_titles : figure title; captions under the layers (default input/hidden/output,
        ``[]`` for none).
    label_pos : where a weight sits along its edge, 0 = at the source's centre, 1 = at the target's.

    Returns the matplotlib figure.
    """
    weights, names, masks = _weights_and_names(network, names, "network")
    dropped = _dropped_names(masks if dropped is None and masks is not None else dropped, names)
    if not 0.0 <= float(label_pos) <= 1.0:
        raise ValueError(f"label_pos must be in [0, 1], got {label_pos!r}")
    pos = _positions(names)
    ax = _new_axes(pos, ax, title=title)
    for k, W in enumerate(weights):
        for i, src in enumerate(names[k]):
            for j, dst in enumerate(names[k + 1]):
                off = src in dropped or dst in dropped
                label = fmt(W[i, j], precision) if show_weights else None
                _draw_edge(ax, pos[src], pos[dst], DROPPED_COLOUR if off else EDGE_COLOUR, 1.8,
                           linestyle="--" if off else "-", label=label,
                           label_colour=DROPPED_COLOUR if off else "black", label_pos=label_pos)
    _draw_nodes(ax, names, pos, dropped, annotations)
    _finish(ax, names, pos, title, layer_titles)
    return ax.figure


def draw_weight_change(weights_before, weights_after=None, names=None, ax=None, *, precision=4,
                       show_weights=True, annotations=None, title=None, layer_titles=None, label_pos=1/3,
                       colorbar=True, dropped=None):
    """Draw one update step: each edge is coloured by its change $\\Delta w = w_\\text{new} - w_\\text{old}$
    (blue up, red down, grey unchanged) and is the wider the more it moved; the label is the new
    weight with the change below it. A colour bar is the legend.

    ``weights_before`` / ``weights_after``: Networks or lists of weight matrices of equal shapes;
    or pass a :class:`~backproplab.StepTrace` as ``weights_before`` alone. Colour and width grow
    with $\\sqrt{|\\Delta w|}$ so that small changes stay visible next to big ones (the colour bar
    shows the scale). The other arguments are as in :func:`draw_network`. Returns the figure.
    """
    if weights_after is None:
        if not isinstance(weights_before, StepTrace):
            raise TypeError("draw_weight_change needs weights_before and weights_after, or a StepTrace "
                            f"as its only argument; got {type(weights_before).__name__} alone")
        tr = weights_before
        before, names, masks = _weights_and_names(tr, names, "weights_before")
        after = [np.asarray(w, dtype=float) for w in tr.weights_after]
    else:
        before, names, masks = _weights_and_names(weights_before, names, "weights_before")
        after, _, _ = _weights_and_names(weights_after, None, "weights_after")
        if [w.shape for w in after] != [w.shape for w in before]:
            raise ValueError(f"weights_after must have the shapes of weights_before, {[w.shape for w in before]}, "
                             f"got {[w.shape for w in after]}")
    dropped = _dropped_names(masks if dropped is None and masks is not None else dropped, names)
    changes = [a - b for a, b in zip(after, before)]
    biggest = max(float(np.abs(c).max()) for c in changes)
    scale = biggest if biggest > 0 else 1.0
    signed_sqrt = lambda v: np.sign(v) * np.sqrt(np.abs(v))
    norm = mcolors.FuncNorm((signed_sqrt, lambda v: np.sign(v) * v * v), vmin=-scale, vmax=scale)

    pos = _positions(names, dy=1.3 if show_weights else 1.0)   # room for two-line labels
    ax = _new_axes(pos, ax, extra_width=1.3 if colorbar else 0.0, title=title)
    for k, (W, C) in enumerate(zip(after, changes)):
        for i, src in enumerate(names[k]):
            for j, dst in enumerate(names[k + 1]):
                change = C[i, j]
                # the change as shown on the label: zero if it rounds to zero there
                still = fmt(change, 2) == "0" or abs(change) < 1e-12 * max(1.0, abs(W[i, j]))
                off = src in dropped or dst in dropped
                if still:
                    colour, lw, style = DROPPED_COLOUR, 1.5, ":"
                else:
                    colour, lw, style = CHANGE_CMAP(norm(change)), 1.5 + 6.0 * np.sqrt(abs(change) / scale), "-"
                if off:
                    style = "--"
                label = None
                if show_weights:
                    delta = "no change" if still else ("+" if change > 0 else "") + fmt(change, 2)
                    label = f"{fmt(W[i, j], precision)}\n({delta})"
                _draw_edge(ax, pos[src], pos[dst], colour, lw, linestyle=style, label=label,
                           label_colour="#666666" if still or off else "black", label_pos=label_pos,
                           fontsize=WEIGHT_FONTSIZE - 1)
    _draw_nodes(ax, names, pos, dropped, annotations)
    _finish(ax, names, pos, title, layer_titles)
    if colorbar:
        mappable = ScalarMappable(norm=norm, cmap=CHANGE_CMAP)
        cbar = ax.figure.colorbar(mappable, ax=ax, shrink=0.75, pad=0.02, aspect=18)
        ticks = np.array([-scale, -scale / 4, 0.0, scale / 4, scale])
        cbar.set_ticks(ticks)
        cbar.set_ticklabels([("+" if t > 0 else "") + fmt(t, 2) for t in ticks])
        cbar.ax.tick_params(labelsize=12)
        cbar.set_label(r"change $\Delta w = w_\mathrm{new} - w_\mathrm{old}$" + "\n(edge width grows with $|\\Delta w|$)",
                       fontsize=13)
    return ax.figure

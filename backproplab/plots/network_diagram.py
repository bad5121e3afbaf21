r"""Network diagrams: neurons as labelled circles, layers left to right, every weight on its edge.

* :func:`draw_network` — the network with its weights (optionally with dropped units greyed out,
  or paths drawn in colour: ``highlight``);
* :func:`draw_weight_change` — one update step: edge colour and width show how much each weight
  moved, the label gives the new value and the change;
* :func:`draw_step` — one training step built up quantity by quantity, each value on the neuron or
  edge it belongs to, the current one highlighted with its formula underneath (the step-through's
  frames, :func:`step_frames`).

Both take a :class:`~backproplab.Network`, a :class:`~backproplab.StepTrace` or a plain list of
weight matrices ``(n_in, n_out)``, draw with matplotlib only, and return the figure.

Biases are drawn the textbook way, as the weights of a constant input: below each layer that
feeds biased neurons sits a small "+1" node, with one edge to every neuron it feeds, labelled
with that neuron's bias $b_j$ ($z_j = \sum_i a_i w_{ij} + 1\cdot b_j$). A network without
biases is drawn without them.
"""
from __future__ import annotations

import numpy as np
from matplotlib import colors as mcolors
from matplotlib.cm import ScalarMappable
from matplotlib.patches import Circle, FancyArrowPatch

from ..network import Network
from ..trace import StepTrace, default_names
from ..trace_records import Phase, fmt
from ..trace_render import explain_line, heading, value_label

__all__ = ["draw_network", "draw_weight_change", "draw_step", "step_records", "step_frame", "step_frames"]

NODE_RADIUS = 0.25          # data units; neighbouring neurons are 1 apart
LAYER_GAP = 2.2             # horizontal distance between layers
INCHES_PER_UNIT = 1.35      # figure size per data unit, for new figures
NAME_FONTSIZE = 20          # projector-readable
WEIGHT_FONTSIZE = 14
NOTE_FONTSIZE = 14
LAYER_COLOURS = {"input": "#d9e6f5", "hidden": "#fde3c8", "output": "#d5efd5"}
EDGE_COLOUR = "#404040"
CURRENT_COLOUR = "#d55e00"   # the quantity being revealed (Okabe–Ito vermillion)
STEP_FONTSIZE = 12
STEP_GAP, STEP_DY = 3.4, 1.6   # the step-through spreads the network out: values sit on it
STEP_INCHES_PER_UNIT = 1.0
DROPPED_COLOUR = "#b8b8b8"
BIAS_RADIUS = 0.17           # the "+1" node of a layer's biases
BIAS_DROP = 1.0              # how far below the lowest neuron the bias nodes sit (in neuron spacings)
BIAS_COLOUR = "#6a51a3"      # bias edges and labels: apart from the weights at a glance
BIAS_LABEL_POS = 0.62        # along a bias edge; weight labels sit at 1/3, so the two never share a column
BIAS_STEP_LABEL_POS = 0.3    # the step-through: below the weight labels (at 1/4) and its values (near the targets)
# draw_network(highlight=...): one colour per path (Okabe–Ito vermillion, blue, bluish green, orange);
# a neuron on several paths gets a thick black outline
PATH_COLOURS = ("#d55e00", "#0072b2", "#009e73", "#e69f00")
SHARED_COLOUR = "#000000"
# Diverging map for changes that keeps small changes visible: red (down) – grey – blue (up).
CHANGE_CMAP = mcolors.LinearSegmentedColormap.from_list(
    "backproplab_change", ["#b2182b", "#e08a73", "#a9a9a9", "#6f9fcf", "#2166ac"])


# --------------------------------------------------------------------------- input handling
def _biases_of(network):
    """The bias vectors a diagram shows (before the step, for a trace), or ``None``."""
    if isinstance(network, StepTrace):
        return network.biases_before
    if isinstance(network, Network):
        return network.biases
    return None


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


def _highlighted(highlight, names):
    """``highlight`` (paths, each a sequence of neuron names in consecutive layers) as
    ``({(src, dst): colour}, {neuron: colour})``: path ``p`` in ``PATH_COLOURS[p]``, a neuron on
    paths of different colours in ``SHARED_COLOUR``."""
    if highlight is None:
        return {}, {}
    layer_of = {name: k for k, layer in enumerate(names) for name in layer}
    expected = ("highlight must be a list of paths, each a list of two or more neuron names in consecutive "
                "layers, e.g. [['h1', 'o1'], ['h1', 'o2']]")
    if isinstance(highlight, str) or not isinstance(highlight, (list, tuple)) or not highlight:
        raise TypeError(f"{expected}; got {highlight!r:.60}")
    if len(highlight) > len(PATH_COLOURS):
        raise ValueError(f"highlight takes at most {len(PATH_COLOURS)} paths (one colour each), got {len(highlight)}")
    edges, nodes = {}, {}
    for p, path in enumerate(highlight):
        if isinstance(path, str) or not isinstance(path, (list, tuple)) or len(path) < 2:
            raise TypeError(f"{expected}; path {p} is {path!r:.60}")
        unknown = [n for n in path if n not in layer_of]
        if unknown:
            raise ValueError(f"highlight: path {p} names {unknown}, not neurons of this network; its neurons are "
                             f"{list(layer_of)}")
        colour = PATH_COLOURS[p]
        for src, dst in zip(path, path[1:]):
            if layer_of[dst] != layer_of[src] + 1:
                raise ValueError(f"highlight: path {p} goes from {src} to {dst}, which is no edge (an edge joins "
                                 "a neuron to one in the next layer)")
            edges[(src, dst)] = colour
        for name in path:
            nodes[name] = colour if nodes.get(name, colour) == colour else SHARED_COLOUR
    return edges, nodes


def _positions(names, dy=1.0, gap=LAYER_GAP):
    """Centre of every neuron: layer k at x = k·gap, neurons ``dy`` apart, centred on y = 0."""
    pos = {}
    for k, layer in enumerate(names):
        n = len(layer)
        for j, name in enumerate(layer):
            pos[name] = (k * gap, dy * ((n - 1) / 2 - j))
    return pos


def _bias_positions(names, pos, dy=1.0):
    """Centre of the "+1" node feeding layer ``k + 1``'s biases, for every weight layer ``k``: in
    layer ``k``'s column, ``BIAS_DROP`` neuron spacings below the lowest neuron of the network."""
    bottom = min(p[1] for p in pos.values()) - BIAS_DROP * dy
    return [(pos[names[k][0]][0], bottom) for k in range(len(names) - 1)]


def _limits(pos, bias_pos=None):
    """(xlim, ylim) that hold the neurons, their side notes and the layer captions (and the bias
    nodes, if any)."""
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()] + [p[1] for p in bias_pos or ()]
    return (min(xs) - 1.45, max(xs) + 1.45), (min(ys) - NODE_RADIUS - 0.6, max(ys) + NODE_RADIUS + 0.15)


def _layer_kind(k, n_layers):
    return "input" if k == 0 else ("output" if k == n_layers - 1 else "hidden")


def _new_axes(pos, ax, extra_width=0.0, title=None, bias_pos=None):
    """A new figure sized so that one data unit is INCHES_PER_UNIT (fonts stay readable)."""
    import matplotlib.pyplot as plt

    if ax is not None:
        return ax
    (x0, x1), (y0, y1) = _limits(pos, bias_pos)
    width = INCHES_PER_UNIT * (x1 - x0) + extra_width
    height = INCHES_PER_UNIT * (y1 - y0) + (0.45 if title else 0.0)
    _, ax = plt.subplots(figsize=(width, height), layout="constrained")
    return ax


# --------------------------------------------------------------------------- drawing pieces
def _draw_nodes(ax, names, pos, dropped, annotations, outlined=None):
    """The neurons; ``outlined``: ``{name: colour}`` of neurons drawn with a thick coloured outline."""
    n_layers = len(names)
    outlined = outlined or {}
    for k, layer in enumerate(names):
        kind = _layer_kind(k, n_layers)
        for name in layer:
            x, y = pos[name]
            off = name in dropped
            ax.add_patch(Circle((x, y), NODE_RADIUS, facecolor="#eeeeee" if off else LAYER_COLOURS[kind],
                                edgecolor=DROPPED_COLOUR if off else outlined.get(name, "#303030"),
                                lw=4 if name in outlined else 2,
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
               label_pos=1/3, fontsize=WEIGHT_FONTSIZE, start_radius=NODE_RADIUS):
    (x0, y0), (x1, y1) = p0, p1
    d = np.hypot(x1 - x0, y1 - y0)
    ux, uy = (x1 - x0) / d, (y1 - y0) / d
    start = (x0 + ux * start_radius, y0 + uy * start_radius)
    end = (x1 - ux * NODE_RADIUS, y1 - uy * NODE_RADIUS)
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=16 + 2 * lw, color=colour,
                                 lw=lw, linestyle=linestyle, zorder=1, shrinkA=0, shrinkB=0))
    if label is not None:
        # A third of the way from the source centre, the labels of a layer are evenly spread.
        lx, ly = x0 + label_pos * (x1 - x0), y0 + label_pos * (y1 - y0)
        ax.text(lx, ly, label, ha="center", va="center", fontsize=fontsize, color=label_colour, zorder=2,
                linespacing=1.1,
                bbox=dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor="none", alpha=0.92))


def _draw_biases(ax, biases, names, pos, bias_pos, precision, dropped=(), hot=(), label_pos=BIAS_LABEL_POS,
                 fontsize=WEIGHT_FONTSIZE, labels=True, prefix=""):
    """The "+1" node below each layer and its edges, one per biased neuron, labelled ``prefix`` +
    the neuron's bias. ``hot``: neurons whose bias edge is highlighted (the step-through)."""
    for k, (b, (bx, by)) in enumerate(zip(biases, bias_pos)):
        ax.add_patch(Circle((bx, by), BIAS_RADIUS, facecolor="white", edgecolor=BIAS_COLOUR, lw=1.6, zorder=3))
        ax.text(bx, by, "+1", ha="center", va="center", fontsize=fontsize - 2, color=BIAS_COLOUR, zorder=4)
        ax.text(bx - BIAS_RADIUS - 0.08, by, "bias", ha="right", va="center", fontsize=fontsize - 2,
                color=BIAS_COLOUR, style="italic")
        for j, dst in enumerate(names[k + 1]):
            off, is_hot = dst in dropped, dst in hot
            colour = CURRENT_COLOUR if is_hot else (DROPPED_COLOUR if off else BIAS_COLOUR)
            _draw_edge(ax, (bx, by), pos[dst], colour, 3.0 if is_hot else 1.4, linestyle="--" if off else "-",
                       label=f"{prefix}{fmt(b[j], precision)}" if labels else None,
                       label_colour=DROPPED_COLOUR if off else BIAS_COLOUR, label_pos=label_pos,
                       fontsize=fontsize, start_radius=BIAS_RADIUS)


def _finish(ax, names, pos, title, layer_titles, bias_pos=None):
    n_layers = len(names)
    (x0, x1), (y0, y1) = _limits(pos, bias_pos)
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
                 annotations=None, title=None, layer_titles=None, label_pos=1/3, show_biases=True,
                 highlight=None):
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
    show_biases : draw a network's biases (a Network's or a trace's, if it has them) as a "+1"
        node below each layer with an edge to each neuron it feeds, labelled with the neuron's
        bias (when ``show_weights``). A plain list of weight matrices has no biases.
    highlight : paths to draw in colour, each a list of neuron names in consecutive layers, e.g.
        ``[["h1", "o1"], ["h1", "o2"]]`` (the two paths by which $h_1$ reaches the loss): path
        ``p``'s edges thick in ``PATH_COLOURS[p]`` (vermillion, blue, …) with their labels, its
        neurons outlined in that colour (black for a neuron on paths of different colours).

    Returns the matplotlib figure.
    """
    weights, names, masks = _weights_and_names(network, names, "network")
    hot_edges, hot_nodes = _highlighted(highlight, names)
    dropped = _dropped_names(masks if dropped is None and masks is not None else dropped, names)
    if not 0.0 <= float(label_pos) <= 1.0:
        raise ValueError(f"label_pos must be in [0, 1], got {label_pos!r}")
    if not isinstance(show_biases, (bool, np.bool_)):
        raise TypeError(f"show_biases must be True or False, got {type(show_biases).__name__} {show_biases!r:.40}")
    pos = _positions(names)
    biases = _biases_of(network) if show_biases else None
    bias_pos = _bias_positions(names, pos) if biases is not None else None
    ax = _new_axes(pos, ax, title=title, bias_pos=bias_pos)
    for k, W in enumerate(weights):
        for i, src in enumerate(names[k]):
            for j, dst in enumerate(names[k + 1]):
                off = src in dropped or dst in dropped
                hot = hot_edges.get((src, dst))
                label = fmt(W[i, j], precision) if show_weights else None
                colour = hot or (DROPPED_COLOUR if off else EDGE_COLOUR)
                _draw_edge(ax, pos[src], pos[dst], colour, 4.0 if hot else 1.8,
                           linestyle="--" if off else "-", label=label,
                           label_colour=hot or (DROPPED_COLOUR if off else "black"), label_pos=label_pos)
    if biases is not None:
        _draw_biases(ax, biases, names, pos, bias_pos, precision, dropped, labels=show_weights)
    _draw_nodes(ax, names, pos, dropped, annotations, hot_nodes)
    _finish(ax, names, pos, title, layer_titles, bias_pos)
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


# --------------------------------------------------------------------------- step through one step
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
                _draw_edge(ax, pos[src], pos[dst], CURRENT_COLOUR if hot else EDGE_COLOUR, 3.0 if hot else 1.6,
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
                 f"0/{len(records)} · the network before the step")
    ax.text(0.5, 0.0, where_now, transform=ax.transAxes, ha="center", va="top", fontsize=STEP_FONTSIZE + 1,
            wrap=True, color="black")


def draw_step(trace, step, ax=None, *, precision=4, sample=None, title=None):
    """Draw ``trace`` (a :class:`~backproplab.StepTrace` with neuron names) with its first
    ``step + 1`` quantities (:func:`step_records`) revealed where they belong: z, o and δ at their
    neuron (forward values above it, δ below), ∂E/∂w and the new weight on the weight's edge, a bias's
    on its edge from the "+1" node, the loss beside the output. The current quantity is highlighted in
    colour, with the edges it uses (a δ's outgoing edges, a weight's own edge), and its line of
    :meth:`~backproplab.StepTrace.explain` — formula, numbers, result — is written under the diagram.
    ``step = -1`` shows the bare network. Where a quantity goes is its record's ``element``.
    Returns the figure.
    """
    records = step_records(trace, precision, sample)
    if isinstance(step, bool) or not isinstance(step, (int, np.integer)) or not -1 <= step < len(records):
        raise ValueError(f"step must be an int in -1..{len(records) - 1} (one per quantity), got {step!r}")
    names = [list(layer) for layer in trace.names]
    pos = _positions(names, dy=STEP_DY, gap=STEP_GAP)
    biases = trace.biases_before
    bias_pos = _bias_positions(names, pos, dy=STEP_DY) if biases is not None else None
    if ax is None:
        import matplotlib.pyplot as plt
        _, ax = plt.subplots(figsize=_step_figsize(names, biases is not None))
    current = records[step] if step >= 0 else None
    hot_edges, hot_biases = _hot(current, names)
    _step_edges(ax, trace, names, pos, hot_edges, precision)
    inputs = {n: f"$x_{{{n}}} = {fmt(trace.X[0 if sample is None else sample, i], precision)}$"
              for i, n in enumerate(names[0])}
    if biases is not None:
        _draw_biases(ax, biases, names, pos, bias_pos, precision, hot=hot_biases, label_pos=BIAS_STEP_LABEL_POS,
                     fontsize=STEP_FONTSIZE - 1, prefix="b = ")
    _draw_nodes(ax, names, pos, set(), inputs)
    above, below, on_edge, loss = _placed(records[:step + 1], current, precision)
    _neuron_labels(ax, pos, above, below)
    bias_source = {} if biases is None else {n: bias_pos[k] for k in range(len(names) - 1) for n in names[k + 1]}
    _edge_labels(ax, pos, bias_source, on_edge)
    _loss_labels(ax, names, pos, loss)
    _finish(ax, names, pos, title, [], bias_pos)
    (x0, x1), (y0, y1) = _limits(pos, bias_pos)
    ax.set_xlim(x0, x1 + 0.9)
    ax.set_ylim(y0 - 0.1, y1 + 0.45)
    _step_caption(ax, trace, step, records, current, precision)
    return ax.figure


def step_frame(trace, step, *, precision=4, sample=None, dpi=96) -> bytes:
    """One state of :func:`draw_step` (``step`` as there: -1 is the bare network) as PNG bytes,
    drawn on its own Agg figure. Deterministic: the same trace and step give the same bytes."""
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=_step_figsize(trace.names, trace.biases_before is not None) if isinstance(trace, StepTrace)
                 else _step_figsize([[]]))
    FigureCanvasAgg(fig)
    draw_step(trace, step, ax=fig.add_axes((0.0, 0.12, 1.0, 0.88)), precision=precision, sample=sample)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def step_frames(trace, *, precision=4, sample=None, dpi=96) -> list[bytes]:
    """Every state of :func:`draw_step` as PNG bytes, from the bare network to the last update: the
    static build of a step-through (slides, the HTML site)."""
    n = len(step_records(trace, precision, sample))
    return [step_frame(trace, step, precision=precision, sample=sample, dpi=dpi) for step in range(-1, n)]


def _step_figsize(names, biased=False):
    """The figure size :func:`draw_step` is laid out for (inches): the diagram (with its bias
    nodes if ``biased``), and a strip below for the formula line."""
    pos = _positions(names, dy=STEP_DY, gap=STEP_GAP)
    (x0, x1), (y0, y1) = _limits(pos, _bias_positions(names, pos, dy=STEP_DY) if biased else None)
    return STEP_INCHES_PER_UNIT * (x1 - x0 + 0.9), STEP_INCHES_PER_UNIT * (y1 - y0 + 0.55) / 0.88

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

from .._plumbing.i18n import tr_figure
from ..network import Network
from ..trace import StepTrace, default_names
from ..trace_records import fmt
from ._network_parts import (  # noqa: F401  (the colours and sizes stay importable from here)
    NODE_RADIUS, LAYER_GAP, INCHES_PER_UNIT, NAME_FONTSIZE, WEIGHT_FONTSIZE, NOTE_FONTSIZE, LAYER_COLOURS,
    EDGE_COLOUR, CURRENT_COLOUR, STEP_FONTSIZE, STEP_GAP, STEP_DY, STEP_INCHES_PER_UNIT, DROPPED_COLOUR,
    BIAS_RADIUS, BIAS_DROP, BIAS_COLOUR, BIAS_LABEL_POS, BIAS_STEP_LABEL_POS, PATH_COLOURS, SHARED_COLOUR,
    CHANGE_CMAP, positions, bias_positions, new_axes, draw_nodes, draw_edge, draw_biases, finish)
from .step_diagram import draw_step, step_frame, step_frames, step_records

__all__ = ["draw_network", "draw_weight_change", "draw_step", "step_records", "step_frame", "step_frames"]


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
    pos = positions(names)
    biases = _biases_of(network) if show_biases else None
    bias_pos = bias_positions(names, pos) if biases is not None else None
    ax = new_axes(pos, ax, title=title, bias_pos=bias_pos)
    for k, W in enumerate(weights):
        for i, src in enumerate(names[k]):
            for j, dst in enumerate(names[k + 1]):
                off = src in dropped or dst in dropped
                hot = hot_edges.get((src, dst))
                label = fmt(W[i, j], precision) if show_weights else None
                colour = hot or (DROPPED_COLOUR if off else EDGE_COLOUR)
                draw_edge(ax, pos[src], pos[dst], colour, 4.0 if hot else 1.8,
                           linestyle="--" if off else "-", label=label,
                           label_colour=hot or (DROPPED_COLOUR if off else "black"), label_pos=label_pos)
    if biases is not None:
        draw_biases(ax, biases, names, pos, bias_pos, precision, dropped, labels=show_weights)
    draw_nodes(ax, names, pos, dropped, annotations, hot_nodes)
    finish(ax, names, pos, title, layer_titles, bias_pos)
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
        step = weights_before
        before, names, masks = _weights_and_names(step, names, "weights_before")
        after = [np.asarray(w, dtype=float) for w in step.weights_after]
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

    pos = positions(names, dy=1.3 if show_weights else 1.0)   # room for two-line labels
    ax = new_axes(pos, ax, extra_width=1.3 if colorbar else 0.0, title=title)
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
                    delta = tr_figure("no change") if still else ("+" if change > 0 else "") + fmt(change, 2)
                    label = f"{fmt(W[i, j], precision)}\n({delta})"
                draw_edge(ax, pos[src], pos[dst], colour, lw, linestyle=style, label=label,
                           label_colour="#666666" if still or off else "black", label_pos=label_pos,
                           fontsize=WEIGHT_FONTSIZE - 1)
    draw_nodes(ax, names, pos, dropped, annotations)
    finish(ax, names, pos, title, layer_titles)
    if colorbar:
        mappable = ScalarMappable(norm=norm, cmap=CHANGE_CMAP)
        cbar = ax.figure.colorbar(mappable, ax=ax, shrink=0.75, pad=0.02, aspect=18)
        ticks = np.array([-scale, -scale / 4, 0.0, scale / 4, scale])
        cbar.set_ticks(ticks)
        cbar.set_ticklabels([("+" if t > 0 else "") + fmt(t, 2) for t in ticks])
        cbar.ax.tick_params(labelsize=12)
        cbar.set_label(tr_figure("change $\\Delta w = w_\\mathrm{new} - w_\\mathrm{old}$\n"
                                 "(edge width grows with $|\\Delta w|$)"), fontsize=13)
    return ax.figure

"""The pieces the network diagrams share (package-private): where neurons and bias nodes sit, the
figure's extent, and drawing a neuron, an edge, a layer's biases and the captions. Used by
:mod:`.network_diagram` (the network, a weight change) and :mod:`.step_diagram` (one step revealed
quantity by quantity)."""
from __future__ import annotations

import numpy as np
from matplotlib import colors as mcolors
from matplotlib.patches import Circle, FancyArrowPatch

from .._plumbing.i18n import tr_figure
from ..trace_records import fmt

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


def positions(names, dy=1.0, gap=LAYER_GAP):
    """Centre of every neuron: layer k at x = k·gap, neurons ``dy`` apart, centred on y = 0."""
    pos = {}
    for k, layer in enumerate(names):
        n = len(layer)
        for j, name in enumerate(layer):
            pos[name] = (k * gap, dy * ((n - 1) / 2 - j))
    return pos


def bias_positions(names, pos, dy=1.0):
    """Centre of the "+1" node feeding layer ``k + 1``'s biases, for every weight layer ``k``: in
    layer ``k``'s column, ``BIAS_DROP`` neuron spacings below the lowest neuron of the network."""
    bottom = min(p[1] for p in pos.values()) - BIAS_DROP * dy
    return [(pos[names[k][0]][0], bottom) for k in range(len(names) - 1)]


def limits(pos, bias_pos=None):
    """(xlim, ylim) that hold the neurons, their side notes and the layer captions (and the bias
    nodes, if any)."""
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()] + [p[1] for p in bias_pos or ()]
    return (min(xs) - 1.45, max(xs) + 1.45), (min(ys) - NODE_RADIUS - 0.6, max(ys) + NODE_RADIUS + 0.15)


def layer_kind(k, n_layers):
    return "input" if k == 0 else ("output" if k == n_layers - 1 else "hidden")


def new_axes(pos, ax, extra_width=0.0, title=None, bias_pos=None):
    """A new figure sized so that one data unit is INCHES_PER_UNIT (fonts stay readable)."""
    import matplotlib.pyplot as plt

    if ax is not None:
        return ax
    (x0, x1), (y0, y1) = limits(pos, bias_pos)
    width = INCHES_PER_UNIT * (x1 - x0) + extra_width
    height = INCHES_PER_UNIT * (y1 - y0) + (0.45 if title else 0.0)
    _, ax = plt.subplots(figsize=(width, height), layout="constrained")
    return ax


# --------------------------------------------------------------------------- drawing pieces
def draw_nodes(ax, names, pos, dropped, annotations, outlined=None):
    """The neurons; ``outlined``: ``{name: colour}`` of neurons drawn with a thick coloured outline."""
    n_layers = len(names)
    outlined = outlined or {}
    for k, layer in enumerate(names):
        kind = layer_kind(k, n_layers)
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


def draw_edge(ax, p0, p1, colour, lw, linestyle="-", label=None, label_colour="black",
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


def draw_biases(ax, biases, names, pos, bias_pos, precision, dropped=(), hot=(), label_pos=BIAS_LABEL_POS,
                 fontsize=WEIGHT_FONTSIZE, labels=True, prefix=""):
    """The "+1" node below each layer and its edges, one per biased neuron, labelled ``prefix`` +
    the neuron's bias. ``hot``: neurons whose bias edge is highlighted (the step-through)."""
    for k, (b, (bx, by)) in enumerate(zip(biases, bias_pos)):
        ax.add_patch(Circle((bx, by), BIAS_RADIUS, facecolor="white", edgecolor=BIAS_COLOUR, lw=1.6, zorder=3))
        ax.text(bx, by, "+1", ha="center", va="center", fontsize=fontsize - 2, color=BIAS_COLOUR, zorder=4)
        ax.text(bx - BIAS_RADIUS - 0.08, by, tr_figure("bias"), ha="right", va="center", fontsize=fontsize - 2,
                color=BIAS_COLOUR, style="italic")
        for j, dst in enumerate(names[k + 1]):
            off, is_hot = dst in dropped, dst in hot
            colour = CURRENT_COLOUR if is_hot else (DROPPED_COLOUR if off else BIAS_COLOUR)
            draw_edge(ax, (bx, by), pos[dst], colour, 3.0 if is_hot else 1.4, linestyle="--" if off else "-",
                       label=f"{prefix}{fmt(b[j], precision)}" if labels else None,
                       label_colour=DROPPED_COLOUR if off else BIAS_COLOUR, label_pos=label_pos,
                       fontsize=fontsize, start_radius=BIAS_RADIUS)


def finish(ax, names, pos, title, layer_titles, bias_pos=None):
    n_layers = len(names)
    (x0, x1), (y0, y1) = limits(pos, bias_pos)
    if layer_titles is None:
        hidden = n_layers - 2
        layer_titles = ([tr_figure("input")]
                        + ([tr_figure("hidden")] if hidden == 1
                           else [tr_figure("hidden {k}").format(k=k) for k in range(1, hidden + 1)])
                        + [tr_figure("output")])
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

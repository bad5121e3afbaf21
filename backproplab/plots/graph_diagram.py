"""Computational-graph figures for lessons 6 and 7.

* :func:`draw_graph` — a :class:`~backproplab.graph.Var`'s graph, inputs left, output right,
  every wire labelled with its forward value (green, above) and backward gradient (red, below),
  the way CS231n draws circuits.
"""
from __future__ import annotations

import numpy as np
import matplotlib.pyplot as plt
from matplotlib.offsetbox import AnchoredOffsetbox, HPacker, TextArea
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

from .._plumbing.format import number
from .._plumbing.i18n import tr_figure
from ..autograd.graph import SYMBOLS, Var, topological_order

__all__ = ["draw_graph"]

COLUMN_GAP = 2.0             # data units between columns (one unit ≈ 0.75 inch in the figure)
WIDE_COLUMN_GAP = 2.6        # for graphs of at most SMALL_GRAPH columns: more room for the labels
WIDE_ROW_GAP = 1.9
SMALL_GRAPH = 4
ROW_GAP = 1.5                # between neighbouring inputs: room for the labels of converging wires
GATE_RADIUS = 0.4
BOX_WIDTH, BOX_HEIGHT = 0.86, 0.56
INCH_PER_UNIT = 0.75
GATE_FONTSIZE = 16           # projector-readable
NAME_FONTSIZE = 17
LABEL_FONTSIZE = 13
VALUE_COLOUR = "#1a7f37"     # forward values: green (CS231n's colours)
GRAD_COLOUR = "#c62828"      # backward gradients: red
WIRE_COLOUR = "#404040"
GATE_FILL = "#fde3c8"
INPUT_FILL = "#d9e6f5"


def _gate_label(node, fold):
    """``+``, ``×``, ``exp``… or, with a constant folded in, ``+1``, ``×2``, ``1/x``, ``^2``."""
    op, kids = node.op, node.children
    sym = SYMBOLS[op]
    if not fold or len(kids) != 2 or not any(k.is_constant for k in kids):
        return sym
    left_const = kids[0].is_constant
    c = number((kids[0] if left_const else kids[1]).value, "g")
    if op in ("+", "*"):
        return f"{sym}{c}"
    if op == "max":
        return f"max({c})"
    if op == "**":
        return f"{c}^x" if left_const else f"x^{c}"
    if op == "-":
        return f"{c}−x" if left_const else f"−{c}"
    if op == "/":
        return f"{c}/x" if left_const else f"/{c}"
    return sym


def _layout(f, fold):
    """Columns (longest path from the inputs) and rows (inputs in reading order, each
    operation at the mean height of its inputs) of every node that is drawn."""
    order = topological_order(f)
    hidden = {id(n) for n in order if fold and n.is_constant and n is not f}
    visible = [n for n in order if id(n) not in hidden]
    kids = {id(n): [c for c in n.children if id(c) not in hidden] for n in visible}

    col = {}
    for n in visible:                       # topological order: children first
        col[id(n)] = 1 + max((col[id(c)] for c in kids[id(n)]), default=-1) if n.op else 0
    if not fold:                            # unfolded constants sit right next to their gate
        for n in visible:
            for c in kids[id(n)]:
                if c.is_constant:
                    col[id(c)] = min(col[id(c)] if col[id(c)] else col[id(n)] - 1, col[id(n)] - 1)

    row, next_leaf = {}, [0]

    def place(n):                           # depth-first, so inputs appear in reading order
        stack = [(n, False)]
        while stack:
            node, expanded = stack.pop()
            if id(node) in row:
                continue
            children = kids[id(node)]
            if not children:
                row[id(node)] = float(next_leaf[0])
                next_leaf[0] += 1
            elif expanded:
                row[id(node)] = float(np.mean([row[id(c)] for c in children]))
            else:
                stack.append((node, True))
                stack.extend((c, False) for c in reversed(children) if id(c) not in row)
    place(f)

    # Two nodes of one column must not overlap: push the lower one down.
    by_col = {}
    for n in visible:
        by_col.setdefault(col[id(n)], []).append(n)
    for nodes in by_col.values():
        nodes.sort(key=lambda n: row[id(n)])
        for a, b in zip(nodes, nodes[1:]):
            if row[id(b)] - row[id(a)] < 0.75:
                row[id(b)] = row[id(a)] + 0.75
    small = max(col.values()) + 1 <= SMALL_GRAPH
    gap = WIDE_COLUMN_GAP if small else COLUMN_GAP
    row_gap = WIDE_ROW_GAP if small else ROW_GAP
    pos = {id(n): (col[id(n)] * gap, -row[id(n)] * row_gap) for n in visible}
    return visible, kids, pos, gap


def _spots(slope, side):
    """Where the value and the gradient text go relative to a point of the wire: (offset in
    points, ha, va) for each. Value above the wire, gradient below, so that neither sits on it;
    ``side`` = +1 / −1 puts both above / below (for the outer one of two parallel wires)."""
    if side > 0:
        return ((0, 21), "center", "bottom"), ((0, 5), "center", "bottom")
    if side < 0:
        return ((0, -5), "center", "top"), ((0, -21), "center", "top")
    if abs(slope) < 0.2:
        return ((0, 6), "center", "bottom"), ((0, -6), "center", "top")
    if slope < 0:     # the wire falls to the right: free space above-right and below-left
        return ((5, 4), "left", "bottom"), ((-5, -4), "right", "top")
    return ((-5, 4), "right", "bottom"), ((5, -4), "left", "top")


def _text_box(x, y, text, spot, pt_per_unit):
    """Approximate data-unit rectangle (x0, x1, y0, y1) of a label placed at ``spot``."""
    (ox, oy), ha, va = spot
    w = (0.66 * LABEL_FONTSIZE * len(text) + 4) / pt_per_unit
    h = (1.3 * LABEL_FONTSIZE) / pt_per_unit
    cx = x + ox / pt_per_unit
    cy = y + oy / pt_per_unit
    x0 = {"left": cx, "center": cx - w / 2, "right": cx - w}[ha]
    y0 = {"bottom": cy, "center": cy - h / 2, "top": cy - h}[va]
    return (x0, x0 + w, y0, y0 + h)


def _overlap(a, b):
    return max(0.0, min(a[1], b[1]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[2], b[2]))


def _crosses(box, seg):
    """Does the segment ``((x0, y0), (x1, y1))`` pass through the rectangle? (Liang–Barsky)"""
    (x0, y0), (x1, y1) = seg
    dx, dy = x1 - x0, y1 - y0
    lo, hi = 0.0, 1.0
    for p, q in ((-dx, x0 - box[0]), (dx, box[1] - x0), (-dy, y0 - box[2]), (dy, box[3] - y0)):
        if p == 0:
            if q < 0:
                return False
        else:
            r = q / p
            if p < 0:
                lo = max(lo, r)
            else:
                hi = min(hi, r)
    return lo < hi


def _draw_label(ax, x, y, text, spot, colour, gid):
    (offset, ha, va) = spot
    box = dict(boxstyle="round,pad=0.08", fc="white", ec="none", alpha=0.85)
    t = ax.annotate(text, (x, y), xytext=offset, textcoords="offset points", ha=ha, va=va,
                    fontsize=LABEL_FONTSIZE, color=colour, fontweight="bold", bbox=box, zorder=5)
    t.set_gid(gid)


def _checked(f, show_grad, precision, output_name):
    """``show_grad`` as a bool (``None``: whether one ``f.backward()`` made every ``.grad``), after
    checking the arguments of :func:`draw_graph`."""
    if not isinstance(f, Var):
        raise TypeError(f"f must be a Var (the output of a computation), got {type(f).__name__}")
    if show_grad is None:
        show_grad = all(n.grad_root is f for n in topological_order(f))
    elif not isinstance(show_grad, (bool, np.bool_)):
        raise TypeError(f"show_grad must be True, False or None, got {show_grad!r}")
    if isinstance(precision, bool) or not isinstance(precision, (int, np.integer)) or precision < 0:
        raise ValueError(f"precision must be a whole number >= 0, got {precision!r}")
    if output_name is not None and not isinstance(output_name, str):
        raise TypeError(f"output_name must be a string, got {type(output_name).__name__}")
    return show_grad


def _extent(visible, pos, gap, title):
    """``(x_min, x_max, y_min, y_max, stub)``: the drawing's limits and the output wire's length."""
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    stub = 0.6 * gap + GATE_RADIUS
    x_min, x_max = min(xs) - BOX_WIDTH / 2 - 0.25, max(xs) + stub + 0.9
    parallel = any(len(n.children) != len({id(c) for c in n.children}) for n in visible)
    margin = 1.1 if parallel else 0.75          # room for the labels of curved wires
    y_min, y_max = min(ys) - margin, max(ys) + margin
    if title:
        y_max += 0.3
    return x_min, x_max, y_min, y_max, stub


def _graph_axes(x_min, x_max, y_min, y_max):
    """New axes filling a new figure, so that one data unit is INCH_PER_UNIT inches, with a strip
    below for the legend."""
    width = (x_max - x_min) * INCH_PER_UNIT
    height = (y_max - y_min) * INCH_PER_UNIT
    legend_height = 0.35
    fig = plt.figure(figsize=(width, height + legend_height))
    return fig.add_axes((0, legend_height / (height + legend_height), 1, height / (height + legend_height)))


def _draw_graph_nodes(ax, visible, pos, fold):
    """Inputs as boxes, operations as circles; returns ``{id(node): patch}`` (the wires end on them)."""
    patches = {}
    for n in visible:
        x, y = pos[id(n)]
        if n.op:
            patch = Circle((x, y), GATE_RADIUS, fc=GATE_FILL, ec=WIRE_COLOUR, lw=1.6, zorder=3)
            label = _gate_label(n, fold)
            # shrink long labels ("tanh", "max(0)") so they stay inside the circle
            size = min(GATE_FONTSIZE + 2, 2 * GATE_RADIUS * INCH_PER_UNIT * 72 * 0.72 / (0.7 * len(label)))
            ax.text(x, y, label, ha="center", va="center", fontsize=size, zorder=4)
        else:
            patch = FancyBboxPatch((x - BOX_WIDTH / 2, y - BOX_HEIGHT / 2), BOX_WIDTH, BOX_HEIGHT,
                                   boxstyle="round,pad=0.02,rounding_size=0.1",
                                   fc="#eeeeee" if n.is_constant else INPUT_FILL, ec=WIRE_COLOUR, lw=1.4, zorder=3)
            ax.text(x, y, n.name or number(n.value, "g"), ha="center", va="center", fontsize=NAME_FONTSIZE,
                    style="italic" if n.name else "normal", zorder=4)
        ax.add_patch(patch)
        patches[id(n)] = patch
    return patches


def _draw_totals(ax, visible, kids, pos, spec):
    """Where a value branches, its gradient is the sum over its wires: write the total under it.
    Returns ``[(x, y, text)]`` of the totals (the labels keep off them)."""
    uses = {}
    for n in visible:
        for c in kids[id(n)]:
            uses[id(c)] = uses.get(id(c), 0) + 1
    totals = []
    for n in visible:
        if uses.get(id(n), 0) > 1:
            x, y = pos[id(n)]
            below = y - (GATE_RADIUS if n.op else BOX_HEIGHT / 2) - 0.06
            text = f"Σ = {number(n.grad, spec)}"
            t = ax.text(x, below, text, ha="center", va="top", fontsize=LABEL_FONTSIZE,
                        color=GRAD_COLOUR, fontweight="bold", zorder=5)
            t.set_gid("grad_total")
            totals.append((x, below, text))
    return totals


def _wire_candidates(x0, y0, x1, y1, gap, rad, m):
    """Where a wire's labels may go: points along a straight wire (the middle of the first column
    gap, then the other gaps, then nudged positions), or the midpoint of a curved one."""
    dx, dy = x1 - x0, y1 - y0
    if m == 1:
        span = max(1, round(dx / gap))
        ts = [(g + 0.5) / span for g in range(span)]
        ts += [t + d / span for t in ts for d in (-0.15, 0.15, -0.25, 0.25)]
        slope = dy / dx if dx else 0.0
        # both labels on one side of the wire is the fallback for crowded places
        return [(x0 + t * dx, y0 + t * dy, _spots(slope, side)) for side in (0, 1, -1) for t in ts]
    lx, ly = x0 + dx / 2 + 0.5 * rad * dy, y0 + dy / 2 - 0.5 * rad * dx     # a quadratic Bézier's midpoint
    side = 1 if ly > (y0 + y1) / 2 else (-1 if ly < (y0 + y1) / 2 else 0)
    return [(lx, ly, _spots(0.0, side))]


def _draw_wires(ax, visible, kids, pos, patches, gap, spec, show_grad):
    """Every wire child → node; returns ``(segments, requests)``: the straight wires, and per wire
    ``(candidates, value, grad, own segment)`` for :func:`_place_labels` — the child's value and
    ∂f/∂(this wire) = upstream × local."""
    segments, requests = [], []
    for n in visible:
        if not n.op:
            continue
        counts = {}
        for c in kids[id(n)]:
            counts[id(c)] = counts.get(id(c), 0) + 1
        seen = {}
        for c, local in zip(n.children, n.local_grads):
            if id(c) not in pos:
                continue
            (x0, y0), (x1, y1) = pos[id(c)], pos[id(n)]
            m, k = counts[id(c)], seen.get(id(c), 0)
            seen[id(c)] = k + 1
            rad = 0.0 if m == 1 else 0.6 * (k - (m - 1) / 2)
            ax.add_patch(FancyArrowPatch((x0, y0), (x1, y1), patchA=patches[id(c)], patchB=patches[id(n)],
                                         arrowstyle="-|>", mutation_scale=15, lw=1.6, color=WIRE_COLOUR,
                                         connectionstyle=f"arc3,rad={rad}", shrinkA=0, shrinkB=1, zorder=2))
            if m == 1:
                segments.append(((x0, y0), (x1, y1)))
            cands = _wire_candidates(x0, y0, x1, y1, gap, rad, m)
            value = number(c.value, spec)
            if c.op and c.name:          # a named intermediate result: say which one it is
                value = f"{c.name} = {value}"
            grad = number(n.grad * local, spec) if show_grad else None
            requests.append((cands, value, grad, len(segments) - 1 if m == 1 else None))
    return segments, requests


def _output_label(f, output_name):
    """The output's name on its wire and in the legend: ``output_name``, else ``f.name``, else "f"."""
    return output_name or f.name or "f"


def _output_wire(ax, f, pos, stub, output_name, spec, show_grad):
    """The wire out of ``f`` with its name; returns its label request."""
    x, y = pos[id(f)]
    start = x + (GATE_RADIUS if f.op else BOX_WIDTH / 2)
    end = x + stub
    ax.add_patch(FancyArrowPatch((start, y), (end, y), arrowstyle="-|>", mutation_scale=15, lw=1.6,
                                 color=WIRE_COLOUR, shrinkA=0, shrinkB=0, zorder=2))
    ax.text(end + 0.08, y, _output_label(f, output_name), ha="left", va="center", fontsize=NAME_FONTSIZE,
            style="italic")
    return ([((start + end) / 2, y, _spots(0.0, 0))], number(f.value, spec),
            number(f.grad, spec) if show_grad else None, None)


def _place_labels(ax, visible, pos, totals, segments, requests, pt_per_unit):
    """Place the labels one wire at a time where they cover the fewest nodes, labels and wires."""
    r = 0.85 * GATE_RADIUS      # a square a little smaller than the circle: its corners are empty
    obstacles = [(px - r, px + r, py - r, py + r) if n.op else
                 (px - BOX_WIDTH / 2, px + BOX_WIDTH / 2, py - BOX_HEIGHT / 2, py + BOX_HEIGHT / 2)
                 for n in visible for px, py in [pos[id(n)]]]
    obstacles += [_text_box(tx, ty, text, ((0, 0), "center", "top"), pt_per_unit) for tx, ty, text in totals]
    for cands, value, grad, own in requests:
        best, best_cost = None, np.inf
        for i, (lx, ly, spots) in enumerate(cands):
            boxes = [_text_box(lx, ly, text, spot, pt_per_unit)
                     for text, spot in zip((value, grad), spots) if text is not None]
            cost = 0.001 * i
            for b in boxes:
                cost += 10 * sum(_overlap(b, o) for o in obstacles)
                cost += 0.05 * sum(_crosses(b, seg) for j, seg in enumerate(segments) if j != own)
            if cost < best_cost:
                best, best_cost = (lx, ly, spots, boxes), cost
        lx, ly, spots, boxes = best
        obstacles.extend(boxes)
        _draw_label(ax, lx, ly, value, spots[0], VALUE_COLOUR, "value")
        if grad is not None:
            _draw_label(ax, lx, ly, grad, spots[1], GRAD_COLOUR, "grad")


def _legend(ax, show_grad, name):
    """Which colour is which, one line under the drawing; ``name`` is the output's (``E`` gives ∂E/∂wire)."""
    items = [TextArea(tr_figure("value (forward)"), textprops=dict(color=VALUE_COLOUR, fontsize=LABEL_FONTSIZE - 1,
                                                        fontweight="bold"))]
    if show_grad:
        items.append(TextArea(tr_figure("gradient ∂{name}/∂wire (backward)").format(name=name),
                              textprops=dict(color=GRAD_COLOUR, fontsize=LABEL_FONTSIZE - 1, fontweight="bold")))
    ax.add_artist(AnchoredOffsetbox(loc="upper left", child=HPacker(children=items, pad=0, sep=18),
                                    bbox_to_anchor=(0, 0), bbox_transform=ax.transAxes, frameon=False,
                                    borderpad=0.1))


def draw_graph(f, ax=None, show_grad=None, precision=2, fold_constants=True, title=None,
               output_name=None):
    """Draw ``f``'s computational graph left to right; returns the figure.

    Inputs are boxes on the left, operations are circles, and every wire is labelled with the
    value flowing forward (green, above) and — once ``f.backward()`` has run — the gradient
    $\\partial f/\\partial(\\text{wire})$ flowing back (red, below). ``show_grad=None`` shows
    gradients exactly when one ``f.backward()`` made every ``.grad`` on the graph (``grad_root is f``
    everywhere), so that they are $\\partial f/\\partial(\\cdot)$; after two backward calls without
    zeroing, ``.grad`` holds sums, and ``show_grad=True`` draws them anyway. Constants fold into their gate's
    label (``+1``, ``×2``, ``1/x``) unless ``fold_constants=False``. ``output_name`` labels the
    output wire and the legend's $\\partial(\\text{name})/\\partial(\\text{wire})$ (default: ``f.name`` or
    "f"; a loss named ``E`` reads $\\partial E/\\partial(\\text{wire})$).
    """
    show_grad = _checked(f, show_grad, precision, output_name)
    fold = bool(fold_constants)
    spec = f".{precision}f"          # every number on a wire: fixed decimals, real minus, no "−0.00"
    visible, kids, pos, gap = _layout(f, fold)
    x_min, x_max, y_min, y_max, stub = _extent(visible, pos, gap, title)
    owns_figure = ax is None
    if ax is None:   # the axes fill the figure, so one data unit is INCH_PER_UNIT inches
        ax = _graph_axes(x_min, x_max, y_min, y_max)
    fig = ax.figure
    patches = _draw_graph_nodes(ax, visible, pos, fold)
    totals = _draw_totals(ax, visible, kids, pos, spec) if show_grad else []
    if owns_figure:
        pt_per_unit = INCH_PER_UNIT * 72
    else:             # the axes given to us: measure how many points one data unit gets
        bbox = ax.get_window_extent()
        pt_per_unit = min(bbox.width / (x_max - x_min), bbox.height / (y_max - y_min)) * 72 / fig.dpi
    segments, requests = _draw_wires(ax, visible, kids, pos, patches, gap, spec, show_grad)
    requests.insert(0, _output_wire(ax, f, pos, stub, output_name, spec, show_grad))
    _place_labels(ax, visible, pos, totals, segments, requests, pt_per_unit)
    _legend(ax, show_grad, _output_label(f, output_name))
    if title:
        ax.set_title(title, fontsize=LABEL_FONTSIZE + 1)
    ax.set_xlim(x_min, x_max)
    ax.set_ylim(y_min, y_max)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig

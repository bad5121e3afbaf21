r"""Figures of lesson 9 (training in practice): loss contours on a plane of two weights, gradient
arrows, descent paths, and the spread of the net inputs per layer.

* :func:`plot_gradient_arrows` — contours of the loss, each sample's step $-\eta\,\partial E_n/\partial w$
  as an arrow from the current point, and their sum, the full-batch step;
* :func:`plot_descent_paths` — contours and the paths of several runs (e.g. momentum 0, 0.5, 0.9);
* :func:`plot_layer_spread` — the standard deviation of the net inputs $z$ of each layer, one line
  per initialisation rule.

Loss curves are :func:`~backproplab.plots.plot_loss`. Every function takes an optional ``ax`` and
returns the figure; none calls ``plt.show()``.
"""
from __future__ import annotations

import numpy as np

from ..._plumbing import checks as _checks
from ..._plumbing.i18n import tr_figure
from ...plots._common import axes_or_new

__all__ = ["plot_gradient_arrows", "plot_descent_paths", "plot_layer_spread"]


def _contours(ax, u, v, E, labels):
    u = _checks.as_float_array("u", u, ndim=1)
    v = _checks.as_float_array("v", v, ndim=1)
    E = _checks.as_float_array("E", E, ndim=2)
    if E.shape != (v.size, u.size):
        raise ValueError(f"E must have shape (len(v), len(u)) = {(v.size, u.size)}, got {E.shape}")
    low, high = float(E.min()), float(E.max())
    # log-spaced levels show the valley floor and the walls alike
    levels = np.geomspace(max(low, high * 1e-6, 1e-300), high, 14) if low > 0 else 14
    ax.contour(u, v, E, levels=levels, colors="0.55", linewidths=0.8)
    ax.set_xlabel(labels[0], fontsize=11)
    ax.set_ylabel(labels[1], fontsize=11)
    ax.set_aspect("equal", adjustable="box")


def plot_gradient_arrows(u, v, E, point, steps, ax=None, labels=("$w_1$", "$w_2$")):
    """Contours of ``E`` over ``(u, v)`` (from :func:`backproplab.lessons.lesson09.practice.slice_surface`),
    and from ``point`` one thin arrow per row of ``steps`` ``(N, 2)`` (each sample's step) and a
    thick one for their sum (the full-batch step)."""
    steps = _checks.as_float_array("steps", steps, ndim=2)
    if steps.shape[1] != 2:
        raise ValueError(f"steps must have shape (N, 2), got {steps.shape}")
    fig, ax = axes_or_new(ax, (5.2, 5.2))
    _contours(ax, u, v, E, labels)
    x0, y0 = point
    kw = dict(angles="xy", scale_units="xy", scale=1)
    ax.quiver(np.full(len(steps), x0), np.full(len(steps), y0), steps[:, 0], steps[:, 1],
              color="#0072B2", width=0.004, alpha=0.8, label=tr_figure("one sample's step"), **kw)
    total = steps.sum(axis=0)
    ax.quiver([x0], [y0], [total[0]], [total[1]], color="#D55E00", width=0.011,
              label=tr_figure("their sum: the full-batch step"), **kw)
    ax.plot([x0], [y0], "ko", ms=5)
    ax.legend(fontsize=9, loc="lower left")
    return fig


def plot_descent_paths(u, v, E, paths, ax=None, labels=("$w_1$", "$w_2$"), minimum=None):
    """Contours of ``E`` over ``(u, v)`` and each path of ``paths`` (``{label: (steps + 1, 2)}``)
    as a line with a dot per step; ``minimum`` marks the lowest point."""
    if not isinstance(paths, dict) or not paths:
        raise TypeError(f"paths must be a non-empty dict {{label: (steps + 1, 2) array}}, got {type(paths).__name__}")
    fig, ax = axes_or_new(ax, (8.0, 4.0))
    _contours(ax, u, v, E, labels)
    colours = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00"]
    for k, (label, path) in enumerate(paths.items()):
        path = _checks.as_float_array(f"paths[{label!r}]", path, ndim=2)
        ax.plot(path[:, 0], path[:, 1], "-o", color=colours[k % len(colours)], ms=2.5, lw=1.3, label=label)
    ax.plot(*path[0], "ks", ms=6)
    if minimum is not None:
        ax.plot(*minimum, "k*", ms=11)
    ax.set_xlim(u[0], u[-1])
    ax.set_ylim(v[0], v[-1])
    ax.legend(fontsize=9, loc="upper right")
    return fig


def plot_layer_spread(spreads, ax=None, title=None):
    """The standard deviation of each layer's net inputs, ``{label: [std of z_1, z_2, …]}``, one
    line per label, on a log scale."""
    if not isinstance(spreads, dict) or not spreads:
        raise TypeError(f"spreads must be a non-empty dict {{label: list of stds}}, got {type(spreads).__name__}")
    fig, ax = axes_or_new(ax, (5.5, 3.8))
    for label, stds in spreads.items():
        stds = _checks.as_float_array(f"spreads[{label!r}]", stds, ndim=1)
        ax.plot(np.arange(1, stds.size + 1), stds, "-o", lw=1.6, label=label)
    ax.set_yscale("log")
    ax.set_xticks(np.arange(1, stds.size + 1))
    ax.set_xlabel(tr_figure("layer"), fontsize=11)
    ax.set_ylabel(tr_figure("spread of $z$ (standard deviation)"), fontsize=11)
    ax.axhline(1.0, color="0.6", lw=0.8, ls="--")
    ax.grid(True, alpha=0.3)
    if title:
        ax.set_title(title, fontsize=11)
    ax.legend(fontsize=9)
    return fig

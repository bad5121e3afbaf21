r"""Figures of lesson 3: activation functions, their derivatives, and gradients across layers.

* :func:`plot_activation` — $\varphi(z)$ and $\varphi'(z)$ on one axes, optionally marking one $z$;
* :func:`plot_activation_grid` — one small axes per activation, function and derivative;
* :func:`plot_gradient_norms` — per-layer gradient norms on a log scale, one line per activation.

Every function takes an optional ``ax`` (or makes its own figure) and returns the figure; none
calls ``plt.show()``.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from ... import activations
from ..._plumbing import checks as _checks
from ..._plumbing.i18n import mark, tr_figure
from ...plots._common import axes_or_new
from ...plots.style import OKABE_ITO

__all__ = ["activation_labels", "plot_activation", "plot_activation_grid", "plot_gradient_norms"]

FUNCTION_COLOUR = OKABE_ITO[5]        # blue
DERIVATIVE_COLOUR = OKABE_ITO[6]      # vermilion (dashed too: the line style tells them apart without colour)
_DEFAULT_Z = (-6.0, 6.0, 601)   # start, stop, points of the default grid


NICE_NAMES = {"sigmoid": mark("sigmoid"), "tanh": "tanh", "relu": "ReLU", "leaky_relu": "leaky ReLU",
              "linear": mark("linear")}
# Figure text the lesson's code cells pass in (a title, a legend label), looked up where it is drawn.
_CELL_TEXT = (mark("Error signal per layer (log scale)"), mark("chain of sigmoid neurons"))


def activation_labels(activation, short=False) -> tuple[str, str]:
    """Mathtext labels ``(function, derivative)`` of an activation, from the package's LaTeX.

    ``short=False``: the full formulas, e.g. ``$\\sigma(z) = \\dfrac{1}{1 + e^{-z}}$``;
    ``short=True``: the function's name only (``$\\sigma(z)$``). Piecewise derivatives
    (``\\begin{cases}``, which mathtext cannot draw) are named only, e.g. ``$\\mathrm{ReLU}'(z)$``.
    """
    act = activations.get(activation, elementwise=True)
    lhs = act.latex.split("=")[0].strip()
    function = f"${lhs}$" if short else f"${act.latex}$".replace(r"\frac", r"\dfrac")
    if "cases" in act.deriv_latex:
        derivative = f"${act.deriv_latex.split('=')[0].strip()}$"
    else:
        derivative = f"${act.deriv_latex}$"
    return function, derivative


def _z_grid(z):
    if z is None:
        return np.linspace(*_DEFAULT_Z)
    z = _checks.as_float_array("z", z, ndim=1)
    if z.size < 2:
        raise ValueError(f"z must hold at least two points to draw a curve, got {z.size}")
    return np.sort(z)


def _break_jumps(z, values, jump=0.1):
    """Insert NaN where a piecewise derivative jumps, so the plot shows a gap, not a vertical line."""
    cut = np.flatnonzero(np.abs(np.diff(values)) > jump) + 1
    return np.insert(z, cut, np.nan), np.insert(values, cut, np.nan)




def _small_negative_slope(act, z):
    """The slope of ``act`` for z < 0 if it is constant, non-zero and too small to see next to the
    slope 1 of the positive side (leaky ReLU's 0.01), else None."""
    neg = z[z < 0]
    if neg.size < 2:
        return None
    slopes = np.asarray(act.derivative(neg), dtype=float)
    slope = float(slopes[0])
    if np.ptp(slopes) > 1e-12 or not 0 < abs(slope) < 0.05:
        return None
    return slope


def _zoom_negative_side(ax, act, z, slope, fontsize):
    """An inset that magnifies z < 0, where a small slope (leaky ReLU's) is flat at the panel's scale."""
    neg = np.linspace(z[0], 0.0, 201)
    inset = ax.inset_axes([0.19, 0.3, 0.28, 0.3])
    inset.axhline(0, color="0.75", lw=0.8, zorder=0)
    inset.plot(neg, act(neg), color=FUNCTION_COLOUR, lw=1.8)
    inset.plot(neg, act.derivative(neg), color=DERIVATIVE_COLOUR, lw=1.6, ls="--")
    values = np.concatenate([act(neg), act.derivative(neg), [0.0]])
    pad = 0.15 * (values.max() - values.min())
    inset.set_ylim(values.min() - pad, values.max() + pad)
    inset.set_xlim(neg[0], 0.0)
    inset.xaxis.set_major_locator(MaxNLocator(3))
    inset.yaxis.set_major_locator(MaxNLocator(3))
    inset.tick_params(labelsize=fontsize - 3)
    inset.set_title(tr_figure("zoom on z < 0: slope {slope:g}").format(slope=slope), fontsize=fontsize - 2)
    inset.grid(True, alpha=0.25)
    return inset


def _draw(ax, act, z, show_derivative, fontsize, legend_loc="best", short=False):
    f_label, d_label = activation_labels(act, short=short)
    ax.axhline(0, color="0.75", lw=0.8, zorder=0)
    ax.axvline(0, color="0.75", lw=0.8, zorder=0)
    ax.plot(z, act(z), color=FUNCTION_COLOUR, lw=2.2, label=f_label)
    if show_derivative:
        ax.plot(*_break_jumps(z, act.derivative(z)), color=DERIVATIVE_COLOUR, lw=2.0, ls="--", label=d_label)
    ax.set_xlim(z[0], z[-1])
    ax.set_xlabel("$z$", fontsize=fontsize)
    ax.tick_params(labelsize=fontsize - 2)
    ax.grid(True, alpha=0.25)
    ax.legend(fontsize=fontsize - 2, loc=legend_loc, framealpha=0.9)


def plot_activation(activation, z=None, ax=None, show_derivative=True, mark=None, fontsize=12):
    r"""Draw $\varphi(z)$ (solid) and $\varphi'(z)$ (dashed) of one activation on one axes.

    Parameters
    ----------
    activation : name (``"sigmoid"``, ``"tanh"``, ``"relu"``, ``"leaky_relu"``, ``"linear"``) or Activation.
    z : 1-D array of net inputs to draw over; default ``linspace(-6, 6, 601)``.
    ax : matplotlib Axes to draw into, or ``None`` for a new figure.
    show_derivative : also draw $\varphi'$.
    mark : a net input $z_0$ (or ``None``): mark $\varphi(z_0)$ and $\varphi'(z_0)$ and write their values.

    Returns the figure.
    """
    act = activations.get(activation, elementwise=True)
    z = _z_grid(z)
    fig, ax = axes_or_new(ax, (7.5, 4.2))
    _draw(ax, act, z, bool(show_derivative), fontsize, legend_loc="upper left")
    if mark is not None:
        z0 = _checks.real("mark", mark)
        f0, d0 = float(act(z0)), float(act.derivative(z0))
        name = act.symbol
        ax.plot([z0], [f0], "o", color=FUNCTION_COLOUR, ms=7, zorder=3)
        ax.annotate(f"{name}({z0:g}) = {f0:.4g}", (z0, f0), xytext=(12, -4), textcoords="offset points",
                    fontsize=fontsize - 1, color=FUNCTION_COLOUR)
        if show_derivative:
            ax.plot([z0], [d0], "o", color=DERIVATIVE_COLOUR, ms=7, zorder=3)
            ax.vlines(z0, 0, d0, color=DERIVATIVE_COLOUR, lw=1, ls=":")
            ax.annotate(f"{name}′({z0:g}) = {d0:.4g}", (z0, d0), xytext=(12, 6), textcoords="offset points",
                        fontsize=fontsize - 1, color=DERIVATIVE_COLOUR)
    nice = tr_figure(NICE_NAMES.get(act.name, act.name))
    title = tr_figure("The {name} and its derivative") if show_derivative else tr_figure("The {name}")
    ax.set_title(title.format(name=nice), fontsize=fontsize + 1)
    return fig


def plot_activation_grid(names=None, z=None, ncols=3, fontsize=11):
    """One small axes per activation with the function (solid) and its derivative (dashed).

    ``names``: activation names (default: all of ``backproplab.activations.ACTIVATIONS``);
    ``z``: 1-D grid of net inputs (default ``linspace(-6, 6, 601)``); ``ncols``: axes per row.
    Returns the figure; unused cells of the grid are removed. An activation with a small constant
    slope for z < 0 (leaky ReLU) gets an inset that magnifies that side, so it does not look like ReLU.
    """
    if names is None:
        names = list(activations.ACTIVATIONS)
    if isinstance(names, str) or not isinstance(names, (list, tuple)) or not names:
        raise TypeError(f"names must be a non-empty list of activation names, got {names!r:.80}")
    acts = [activations.get(n, elementwise=True) for n in names]
    ncols = min(_checks.integer("ncols", ncols, low=1), len(acts))
    nrows = -(-len(acts) // ncols)
    z = _z_grid(z)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.3 * ncols, 2.9 * nrows), squeeze=False,
                             layout="constrained")
    for ax, act in zip(axes.flat, acts):
        _draw(ax, act, z, True, fontsize, legend_loc="upper left", short=True)
        formula = activation_labels(act)[0]
        # the formula is math (no Hangul with it in one text), so the name stays as in English here
        ax.set_title(f"{NICE_NAMES.get(act.name, act.name)}:  {formula}", fontsize=fontsize + 1)
        lo, hi = ax.get_ylim()
        ax.set_ylim(lo, hi + 0.35 * (hi - lo))        # room for the legend above the curves
        slope = _small_negative_slope(act, z)
        if slope is not None:                          # leaky ReLU: its 0.01 is invisible at this scale
            _zoom_negative_side(ax, act, z, slope, fontsize)
    for ax in axes.flat[len(acts):]:
        fig.delaxes(ax)
    return fig


def plot_gradient_norms(norms, ax=None, reference=None, ylabel=r"$\|\partial E/\partial W_k\|$",
                        title=mark("Gradient norm per layer"), fontsize=12):
    r"""Per-layer gradient norms on a log scale, one line per activation (or per run).

    Parameters
    ----------
    norms : dict label → 1-D array of non-negative norms, entry ``k`` for weight layer ``k + 1``
        (layer 1 is next to the input); a single array is drawn unlabelled.
    ax : matplotlib Axes or ``None``.
    reference : a factor $r$ (e.g. ``0.25``) or ``None``: draw the dashed guide $c\,r^{L-k}$ through
        the last layer of the first line — "multiplied by $r$ per layer, going backwards".
    ylabel, title : axis label and title.

    Zero norms (e.g. a dead ReLU layer) cannot be drawn on a log scale and are left out.
    Returns the figure.
    """
    if isinstance(norms, dict):
        if not norms:
            raise ValueError("norms must hold at least one line, got an empty dict")
        series = {str(k): _checks.as_float_array(f"norms[{k!r}]", v, ndim=1) for k, v in norms.items()}
    else:
        series = {"": _checks.as_float_array("norms", norms, ndim=1)}
    for label, v in series.items():
        if v.size == 0 or (v < 0).any():
            raise ValueError(f"norms{f'[{label!r}]' if label else ''} must be a non-empty array of "
                             f"non-negative numbers, got {v!r:.80}")
    fig, ax = axes_or_new(ax, (7.5, 4.2))
    markers = "os^Dv<>p"
    for i, (label, v) in enumerate(series.items()):
        layers = np.arange(1, v.size + 1)
        shown = np.where(v > 0, v, np.nan)            # log scale: leave zeros out
        ax.plot(layers, shown, marker=markers[i % len(markers)], lw=2, ms=6, label=tr_figure(label) if label else None)
    if reference is not None:
        r = _checks.real("reference", reference, low=0.0, low_open=True)
        first = next(iter(series.values()))
        if first[-1] > 0:
            L = first.size
            layers = np.arange(1, L + 1)
            ax.plot(layers, first[-1] * r ** (L - layers), "k--", lw=1.2, alpha=0.7,
                    label=tr_figure("×{r:g} per layer").format(r=r))
    ax.set_yscale("log")
    n_max = max(v.size for v in series.values())
    ax.set_xticks(np.arange(1, n_max + 1))
    ax.set_xlabel(tr_figure("layer $k$   (1 = next to the input; the last one is the output layer)"), fontsize=fontsize)
    ax.set_ylabel(tr_figure(ylabel), fontsize=fontsize)
    ax.set_title(tr_figure(title), fontsize=fontsize + 1)
    ax.tick_params(labelsize=fontsize - 2)
    ax.grid(True, which="major", alpha=0.3)
    if any(series) or reference is not None:
        ax.legend(fontsize=fontsize - 2)
    return fig

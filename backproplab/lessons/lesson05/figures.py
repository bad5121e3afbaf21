r"""Dropout and regularisation figures (lesson 5).

* :func:`plot_dropout_step` — one training step under dropout, sample by sample: the activations
  $o$, the keep mask $m$, what is passed on $\hat o = o\,m/(1-p)$, and the error terms $\delta$;
* :func:`plot_mask_average` — the running mean of $o\,m/(1-p)$ over random masks tends to $o$,
  the unscaled $o\,m$ to $(1-p)\,o$;
* :func:`plot_seed_survey` — the classic XOR-with-dropout run from many seeds: the outputs of the
  last training pass next to the outputs without dropout;
* :func:`plot_split` — a 2-D data set's training points (filled) and test points (hollow);
* :func:`plot_train_test` — train and test loss per epoch, one panel per run, side by side;
* :func:`plot_boundaries` — the decision boundaries of those runs, side by side;
* :func:`plot_penalties` — the L2 and L1 penalties of one weight and their gradients;
* :func:`plot_weight_histograms` — where the weights end up without a penalty, with L2, with L1.

Every function takes optional axes (or makes its own figure) and returns the figure; none calls
``plt.show()``.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from ..._plumbing import checks as _checks
from ..._plumbing.format import number
from ..._plumbing.i18n import figure_math, tr_figure
from ...plots.style import OKABE_ITO
from ...plots.training import CLASS_COLOURS, CLASS_MARKERS, DecisionSurface, plot_loss
from ...trace import StepTrace
from .dropout_step import LOSS_TEX, MaskAverage
from .dropout_survey import SeedSurvey
from .overfitting import RegularisedRun

__all__ = ["plot_dropout_step", "plot_mask_average", "plot_seed_survey", "plot_split", "plot_train_test",
           "plot_boundaries", "plot_penalties", "plot_weight_histograms", "TRAIN_COLOUR", "TEST_COLOUR"]

TRAIN_COLOUR = OKABE_ITO[5]           # blue
TEST_COLOUR = OKABE_ITO[6]            # vermilion
DROPPED_FILL = "#d0d0d0"
XOR_CASES = ["(0,0)", "(0,1)", "(1,0)", "(1,1)"]


def _axes_row(axes, n, figsize):
    """``n`` axes in a row: the given ones (checked) or a new figure's."""
    if axes is None:
        fig, axes = plt.subplots(1, n, figsize=figsize, layout="constrained", squeeze=False)
        return fig, list(axes[0])
    axes = list(np.ravel(axes))
    if len(axes) != n or not all(hasattr(a, "plot") for a in axes):
        raise ValueError(f"axes must be {n} matplotlib Axes (one per panel), got {len(axes)}")
    return axes[0].figure, axes


def _figure_legend(fig, **kw):
    """A legend under the panels ("outside" needs the constrained layout the figures here use)."""
    outside = fig.get_layout_engine() is not None
    return fig.legend(loc="outside lower center" if outside else "lower center", frameon=False, **kw)


def _runs(runs, name="runs"):
    """A dict or list of RegularisedRun as a list."""
    items = list(runs.values()) if isinstance(runs, dict) else list(runs) if isinstance(runs, (list, tuple)) else None
    if not items or not all(isinstance(r, RegularisedRun) for r in items):
        raise TypeError(f"{name} must be a non-empty dict or list of RegularisedRun "
                        f"(from regularisation.compare_regularisers), got {type(runs).__name__}")
    return items


# --------------------------------------------------------------------------- one dropout step
def plot_dropout_step(trace: StepTrace, layer=0, axes=None, precision=3):
    r"""Four heat maps of hidden layer ``layer`` during one step: rows are samples, columns units.

    $o$ (before dropout), the keep mask $m$, $\hat o = o\,m/(1-p)$ (what the next layer receives)
    and $\delta = \partial E_{\text{total}}/\partial z$ (lesson 5 writes the loss $E_{\text{total}}$:
    $E$ is a hidden unit). Dropped cells are greyed and hatched in every panel: their $\hat o$ and
    their $\delta$ are 0. Returns the figure.
    """
    if not isinstance(trace, StepTrace):
        raise TypeError(f"trace must be a StepTrace (from net.train_step), got {type(trace).__name__}")
    n_hidden_layers = len(trace.layers) - 1
    layer = _checks.integer("layer", layer, low=0)
    if layer >= n_hidden_layers:
        raise ValueError(f"layer must be a hidden layer, 0..{n_hidden_layers - 1}, got {layer}")
    lt = trace.layers[layer]
    if lt.mask is None:
        raise ValueError("the trace has no dropout mask: train a network with dropout > 0")
    units = trace.names[layer + 1]
    rows = [f"x = ({x[0]:g},{x[1]:g})" for x in trace.X] if trace.X.shape[1] >= 2 else \
        [tr_figure("sample {n}").format(n=n) for n in range(trace.X.shape[0])]
    p = trace.dropout
    panels = [(tr_figure("$o = \\sigma(z)$, before dropout"), lt.a, "Oranges", (0.0, max(1.0, float(lt.a.max())))),
              (tr_figure("keep mask $m$ (1 kept, 0 dropped)"), lt.mask, "Greys_r", (0.0, 1.0)),
              (tr_figure("passed on: $\\hat o = o\\,m/(1-p)$") + figure_math(f", $p = {p:g}$", f", p = {p:g}"), lt.output, "Oranges",
               (0.0, max(1.0, float(lt.output.max())))),
              (tr_figure("error term $\\delta = \\partial {loss}/\\partial z$").format(loss=LOSS_TEX), lt.delta, "RdBu_r",
               (-(m := max(float(np.abs(lt.delta).max()), 1e-12)), m))]
    if axes is None:
        width = 1.2 + 0.9 * len(units)
        fig, grid = plt.subplots(2, 2, figsize=(2 * width + 1.6, 2 * (0.5 * len(rows) + 1.0)), layout="constrained")
        axes = list(grid.ravel())
    else:
        fig, axes = _axes_row(axes, 4, None)
    for k, (ax, (title, values, cmap, (lo, hi))) in enumerate(zip(axes, panels)):
        ax.imshow(values, cmap=cmap, vmin=lo, vmax=hi, aspect="auto")
        for (i, j), v in np.ndenumerate(values):
            v = float(v)
            dropped = lt.mask[i, j] == 0
            if dropped:
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor=DROPPED_FILL, edgecolor="#888888",
                                       hatch="///", lw=0.0, zorder=2))
            text = f"{v:g}" if k == 1 else number(v, f".{precision}f")
            light = cmap == "Oranges" and v > 0.6 * hi or cmap == "RdBu_r" and abs(v) > 0.6 * hi
            ax.text(j, i, text, ha="center", va="center", fontsize=11, zorder=3,
                    color="white" if light and not dropped else ("#555555" if dropped else "black"))
        ax.set_xticks(range(len(units)), units, fontsize=12)
        ax.set_yticks(range(len(rows)), rows if k % 2 == 0 else [""] * len(rows), fontsize=11)
        ax.tick_params(length=0)
        ax.set_title(title, fontsize=12)
    return fig


# --------------------------------------------------------------------------- expectations
def plot_mask_average(averages, ax=None):
    r"""Running means over the number of masks (log axis), one colour per :class:`MaskAverage`:
    solid, $o\,m/(1-p)$, which settles on $o$ (dotted line); dashed, the unscaled $o\,m$, which
    settles on $(1-p)\,o$. Returns the figure."""
    items = [averages] if isinstance(averages, MaskAverage) else list(averages) if isinstance(averages, (list, tuple)) else None
    if not items or not all(isinstance(a, MaskAverage) for a in items):
        raise TypeError(f"averages must be a MaskAverage or a list of them (from regularisation.mask_average), "
                        f"got {type(averages).__name__}")
    if ax is None:
        fig, ax = plt.subplots(figsize=(7.5, 3.8), layout="constrained")
    else:
        fig = ax.figure
    colours = plt.get_cmap("tab10").colors
    for c, avg in zip(colours, items):
        k = np.arange(1, avg.masks.size + 1)
        ax.plot(k, avg.running_inverted, color=c, lw=1.8, label=figure_math(f"$p = {avg.p:g}$: ", f"p = {avg.p:g}: ") + tr_figure("mean of $o\\,m/(1-p)$"))
        ax.plot(k, avg.running_unscaled, color=c, lw=1.4, ls="--", label=figure_math(f"$p = {avg.p:g}$: ", f"p = {avg.p:g}: ") + tr_figure("mean of $o\\,m$"))
        ax.axhline((1 - avg.p) * avg.o, color=c, lw=0.8, ls=":")
    ax.axhline(items[0].o, color="black", lw=1.2, ls=":", label=f"$o = {items[0].o:.3f}$")
    ax.set_xscale("log")
    ax.set_xlabel(tr_figure("number of random masks averaged"), fontsize=11)
    ax.set_ylabel(tr_figure("running mean"), fontsize=11)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=9, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return fig


# --------------------------------------------------------------------------- the classic XOR run
def plot_seed_survey(surveys, axes=None):
    """One panel per :class:`SeedSurvey`: for each XOR case, the output of every seed's last
    training pass (crosses) and of the trained network without dropout (dots). Targets as bars;
    the band around 0.5 is where an output decides nothing. Returns the figure."""
    items = [surveys] if isinstance(surveys, SeedSurvey) else list(surveys) if isinstance(surveys, (list, tuple)) else None
    if not items or not all(isinstance(s, SeedSurvey) for s in items):
        raise TypeError(f"surveys must be a SeedSurvey or a list of them (from regularisation.xor_seed_survey), "
                        f"got {type(surveys).__name__}")
    fig, axes = _axes_row(axes, len(items), (2.6 * len(items) + 0.6, 3.9))   # ≥ 9 px text at 848 px wide
    for k, (ax, s) in enumerate(zip(axes, items)):
        n_seeds = len(s.seeds)
        offsets = np.linspace(-0.22, 0.22, n_seeds) if n_seeds > 1 else np.zeros(1)
        ax.axhspan(0.4, 0.6, color="#f3e6c4", zorder=0)
        for case, t in enumerate(s.targets):
            ax.plot([case - 0.32, case + 0.32], [t, t], color="black", lw=2.5, zorder=1)
        cases = np.arange(4)
        for i in range(n_seeds):
            ax.scatter(cases + offsets[i] - 0.03, s.last_pass[i], marker="x", s=36, color=TEST_COLOUR, lw=1.6,
                       zorder=3, label=tr_figure("last training pass (with its mask)") if i == 0 else None)
            ax.scatter(cases + offsets[i] + 0.03, s.eval_output[i], marker="o", s=26, color=TRAIN_COLOUR,
                       zorder=4, label=tr_figure("evaluation (no dropout)") if i == 0 else None)
        ax.set_xticks(cases, XOR_CASES, fontsize=11)
        ax.set_ylim(-0.06, 1.06)
        ax.set_xlim(-0.5, 3.5)
        ax.set_title(tr_figure("{label}\n({n} seeds, {epochs} epochs)").format(label=s.label, n=n_seeds,
                                                                               epochs=s.epochs), fontsize=11)
        ax.set_xlabel(tr_figure("input $(x_1, x_2)$"), fontsize=10)
        if k == 0:
            ax.set_ylabel(tr_figure("output $o$ (bars: target)"), fontsize=11)
        ax.grid(True, axis="y", alpha=0.3)
    handles, labels = axes[0].get_legend_handles_labels()
    _figure_legend(fig, handles=handles, labels=labels, ncol=2, fontsize=10)
    return fig


# --------------------------------------------------------------------------- overfitting
def _scatter_split(ax, X_train, y_train, X_test, y_test, size=40):
    for X, y, filled in ((X_train, y_train, True), (X_test, y_test, False)):
        if X is None:
            continue
        X = _checks.as_float_array("X", X, ndim=2)
        cls = _checks.as_float_array("y", y).reshape(-1) > 0.5
        if cls.size != X.shape[0]:
            raise ValueError(f"y must hold one label per point ({X.shape[0]}), got {cls.size}")
        for c in (0, 1):
            keep = cls == bool(c)
            ax.scatter(X[keep, 0], X[keep, 1], s=size if filled else 0.75 * size, marker=CLASS_MARKERS[c],
                       facecolors=CLASS_COLOURS[c] if filled else "none",
                       edgecolors="black" if filled else CLASS_COLOURS[c], linewidths=1.0 if filled else 1.2,
                       zorder=4, label=(tr_figure("train, class {c} ({n})") if filled else
                                        tr_figure("test, class {c} ({n})")).format(c=c, n=int(keep.sum())))


def plot_split(X_train, y_train, X_test, y_test, ax=None):
    """A 2-D classification set: training points filled, test points hollow, one colour and marker
    per class (the legend counts them). Returns the figure."""
    if ax is None:
        fig, ax = plt.subplots(figsize=(6.4, 4.2), layout="constrained")
    else:
        fig = ax.figure
    _scatter_split(ax, X_train, y_train, X_test, y_test)
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$", fontsize=12)
    ax.set_ylabel("$x_2$", fontsize=12)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=9, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return fig


def plot_train_test(runs, axes=None, ylim=None):
    """Train and test loss (evaluation mode) per epoch, one panel per run, same loss axis.

    ``runs``: a dict or list of :class:`RegularisedRun`. A dotted line marks the epoch with the
    lowest test loss; a box gives the final train and test loss, or "vary (round-off)" for a run
    whose end is set by round-off (``roundoff_sensitive``, where
    :func:`~backproplab.lessons.lesson05.overfitting.runs_table` says *varies*).
    Returns the figure."""
    items = _runs(runs)
    fig, axes = _axes_row(axes, len(items), (4.0 * len(items), 3.6))
    top = max(float(np.nanmax(r.test_loss[len(r.test_loss) // 20:])) for r in items)
    ylim = (0.0, 1.15 * top) if ylim is None else ylim
    for k, (ax, r) in enumerate(zip(axes, items)):
        for losses, colour, name in ((r.train_loss, TRAIN_COLOUR, tr_figure("train")),
                                     (r.test_loss, TEST_COLOUR, tr_figure("test"))):
            plot_loss(losses, ax=ax, log=False, label=name, epochs=r.epochs, legend=False, color=colour, lw=1.6)
        ax.axvline(r.best_epoch, color="0.4", ls=":", lw=1.2)
        ax.set_ylim(*ylim)
        ax.set_xlim(0, r.epochs[-1])
        ax.set_title(r.label, fontsize=12)
        ax.set_ylabel(tr_figure("loss ({loss}, no dropout)").format(loss=r.settings.get('loss', 'mse')) if k == 0
                      else "", fontsize=11)
        final = (tr_figure("final losses\nvary (round-off)") if r.roundoff_sensitive
                 else tr_figure("train {train}\ntest {test}").format(train=f"{r.train_loss[-1]:.3f}",
                                                                      test=f"{r.test_loss[-1]:.3f}"))
        ax.text(0.97, 0.96, final, transform=ax.transAxes,
                ha="right", va="top", fontsize=10,
                bbox=dict(boxstyle="round,pad=0.3", fc="white", ec="0.7"))
    axes[0].legend(loc="lower left", fontsize=10)
    return fig


def plot_boundaries(runs, X_train, y_train, X_test=None, y_test=None, axes=None, resolution=121):
    """The decision boundary of each run (dashed, where the output is 0.5) over its output,
    training points filled, test points as hollow markers. Each title gives the run's final train
    and test accuracy, or "varies (round-off)" for a ``roundoff_sensitive`` run. Returns the figure."""
    items = _runs(runs)
    fig, axes = _axes_row(axes, len(items), (4.0 * len(items), 4.1))
    extent = None
    if X_test is not None:
        both = np.vstack([_checks.as_float_array("X_train", X_train, ndim=2)[:, :2],
                          _checks.as_float_array("X_test", X_test, ndim=2)[:, :2]])
        lo, hi = both.min(axis=0), both.max(axis=0)
        pad = 0.1 * (hi - lo)
        extent = (lo[0] - pad[0], hi[0] + pad[0], lo[1] - pad[1], hi[1] + pad[1])
    for k, (ax, r) in enumerate(zip(axes, items)):
        surface = DecisionSurface(ax, X_train, y_train, features=None, resolution=resolution, extent=extent,
                                  threshold=0.5, vlim=(0.0, 1.0), show_values=False, legend=False)
        for art in surface.point_artists:
            art.set_sizes([40])
        surface.update(r.net)
        if X_test is not None:
            _scatter_split(ax, None, None, X_test, y_test)
        final = (tr_figure("varies (round-off)") if r.roundoff_sensitive
                 else tr_figure("train {train}, test {test}").format(train=f"{r.train_accuracy:.2f}",
                                                                     test=f"{r.test_accuracy:.2f}"))
        ax.set_title(tr_figure("{label}\naccuracy: {final}").format(label=r.label, final=final), fontsize=11)
        ax.set_aspect("equal")
        if k:
            ax.set_ylabel("")
    handles = [plt.Line2D([], [], ls="", marker=CLASS_MARKERS[c], markerfacecolor=CLASS_COLOURS[c] if filled else "none",
                          markeredgecolor="black" if filled else CLASS_COLOURS[c], markersize=8,
                          label=(tr_figure("train, class {c}") if filled else tr_figure("test, class {c}")).format(c=c))
               for filled in (True, False) for c in (0, 1)] if X_test is not None else []
    if handles:
        _figure_legend(fig, handles=handles, ncol=4, fontsize=10)
    return fig


def plot_penalties(lam=1.0, reach=2.0, axes=None):
    r"""Left: the penalties of one weight, $\tfrac{\lambda}{2}w^2$ (L2) and $\lambda|w|$ (L1); right:
    their gradients, $\lambda w$ and $\lambda\,\mathrm{sign}(w)$, which backprop adds to
    $\partial E_{\mathrm{total}}/\partial w$.
    Returns the figure."""
    lam = _checks.real("lam", lam, low=0.0, low_open=True)
    reach = _checks.real("reach", reach, low=0.0, low_open=True)
    fig, (ax_pen, ax_grad) = _axes_row(axes, 2, (10.0, 3.6))
    w = np.linspace(-reach, reach, 401)
    ax_pen.plot(w, 0.5 * lam * w ** 2, color=TRAIN_COLOUR, lw=2, label="L2: $\\frac{\\lambda}{2}w^2$")
    ax_pen.plot(w, lam * np.abs(w), color=TEST_COLOUR, lw=2, label="L1: $\\lambda|w|$")
    ax_grad.plot(w, lam * w, color=TRAIN_COLOUR, lw=2, label="L2: $\\lambda w$")
    pos, neg = w > 0, w < 0
    ax_grad.plot(w[pos], np.full(pos.sum(), lam), color=TEST_COLOUR, lw=2, label="L1: $\\lambda\\,\\mathrm{sign}(w)$")
    ax_grad.plot(w[neg], np.full(neg.sum(), -lam), color=TEST_COLOUR, lw=2)
    ax_grad.plot([0], [0], "o", color=TEST_COLOUR, ms=5)
    for ax, title, ylabel in ((ax_pen, tr_figure("penalty of one weight"), tr_figure("penalty")),
                              (ax_grad, tr_figure("its gradient, added to $\\partial {loss}/\\partial w$").format(loss=LOSS_TEX),
                               tr_figure("gradient"))):
        ax.axhline(0, color="0.5", lw=0.8)
        ax.axvline(0, color="0.5", lw=0.8)
        ax.set_xlabel(tr_figure("weight $w$"), fontsize=11)
        ax.set_ylabel(ylabel + figure_math(f" ($\\lambda = {lam:g}$)", f" (λ = {lam:g})"), fontsize=11)
        ax.set_title(title, fontsize=12)
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=10, loc="upper center")
    return fig


def plot_weight_histograms(weights, tol=1e-2, axes=None, bin_width=0.2):
    """Histograms of every weight (all layers, biases left out), one panel per entry, same axes.

    ``weights``: ``{label: RegularisedRun or Network or list of weight matrices}``. The middle bin
    is centred on 0 (``bin_width`` wide); each title says which fraction of the weights is within
    ``tol`` of 0. Returns the figure."""
    if not isinstance(weights, dict) or not weights:
        raise TypeError(f"weights must be a non-empty dict label -> run / network / weight list, got {type(weights).__name__}")
    arrays = {}
    for label, w in weights.items():
        w = getattr(w, "net", w)
        w = getattr(w, "weights", w)
        if not isinstance(w, (list, tuple)):
            raise TypeError(f"weights[{label!r}] must be a RegularisedRun, a Network or a list of weight matrices")
        arrays[label] = np.concatenate([_checks.as_float_array(f"weights[{label!r}]", m).ravel() for m in w])
    tol = _checks.real("tol", tol, low=0.0, low_open=True)
    fig, axes = _axes_row(axes, len(arrays), (4.0 * len(arrays), 3.4))
    bin_width = _checks.real("bin_width", bin_width, low=0.0, low_open=True)
    reach = max(float(np.abs(a).max()) for a in arrays.values())
    half = int(np.ceil(reach / bin_width - 0.5)) + 1
    edges = np.arange(-half - 0.5, half + 1.0) * bin_width
    top = 0
    for k, (ax, (label, flat)) in enumerate(zip(axes, arrays.items())):
        counts, _, _ = ax.hist(flat, bins=edges, color="#6a8fbf", edgecolor="white", lw=0.5)
        top = max(top, counts.max())
        near = float(np.mean(np.abs(flat) < tol))
        ax.set_title(tr_figure("{label}\n{share} % of {n} weights within {tol} of 0").format(
            label=label, share=f"{100 * near:.0f}", n=flat.size, tol=f"{tol:g}"), fontsize=11)
        ax.set_xlabel(tr_figure("weight value"), fontsize=11)
        if k == 0:
            ax.set_ylabel(tr_figure("number of weights (bins {width} wide)").format(width=f"{bin_width:g}"), fontsize=11)
        ax.grid(True, alpha=0.3)
    for ax in axes:
        ax.set_ylim(0, 1.05 * top)
    return fig

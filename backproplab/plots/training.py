r"""Figures of training (lessons 4 and 5): loss curves, data points and decision surfaces.

* :func:`plot_loss` — the loss per epoch, on a log scale by default;
* :func:`plot_points` — 2-D data points coloured by their target;
* :func:`plot_loss_and_gradient` — the loss and the size of one weight's gradient per step, for
  several runs side by side (lesson 8: the slowdown under half-SSE);
* :func:`plot_decision_surface` — the network's output over a square of the plane, the
  boundary where it crosses the threshold, and the data points on top; for one-hot targets of
  $K \ge 2$ classes, the plane coloured by the class the network rates most probable;
* :class:`DecisionSurface` — the same drawing as an object whose :meth:`~DecisionSurface.update`
  redraws it for new weights in place (what the XOR explorer does on every slider move).

The decision surface works for any network with two real inputs, and for networks whose inputs are a
*feature map* of the two coordinates: the XOR lesson's inputs carry a constant-1 column, which
``features="auto"`` recognises; pass ``features=`` a function ``(M, 2) → (M, n_inputs)`` otherwise.

Every function takes an optional ``ax`` (or makes its own figure) and returns the figure; none
calls ``plt.show()``.
"""
from __future__ import annotations


import matplotlib.pyplot as plt
import numpy as np
from matplotlib import colors as mcolors
from matplotlib.colors import ListedColormap

from .._plumbing import checks as _checks
from .._plumbing.i18n import figure_math, tr_figure
from ..datasets import add_bias_column
from ..network import History
from ._common import axes_or_new

__all__ = ["plot_loss", "plot_loss_and_gradient", "plot_points", "plot_decision_surface", "DecisionSurface",
           "CLASS_COLOURS", "MULTICLASS_COLOURS", "SURFACE_CMAP"]

CLASS_COLOURS = ("#2166ac", "#b2182b")   # target 0 / target 1: the two ends of RdBu_r …
# … and the surface in a paler RdBu_r (low outputs blue, high red, white at the middle), so that the
# points keep standing out on the region of their own colour.
SURFACE_CMAP = ListedColormap(0.6 * plt.get_cmap("RdBu_r")(np.linspace(0, 1, 256)) + 0.4,
                              name="RdBu_r_pale").with_extremes(bad="0.8")   # NaN (a diverged net): grey
CLASS_MARKERS = ("o", "s")
# K classes: Okabe and Ito's colour-blind-safe blue, vermilion, bluish green, orange, reddish purple,
# sky blue; the regions in the same colours made pale (mixed 35 : 65 with white).
MULTICLASS_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9")
MULTICLASS_MARKERS = ("o", "s", "^", "D", "v", "P")
_PALE = 0.35


# ---------------------------------------------------------------- small helpers


def _loss_array(history_or_losses) -> np.ndarray:
    """The losses as a 1-D float array, from a :class:`History` or a sequence of numbers.
    NaN and inf are kept: they mark where a run diverged, and the plot leaves them out."""
    raw = history_or_losses.loss if isinstance(history_or_losses, History) else history_or_losses
    try:
        arr = np.asarray(raw, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"history_or_losses must be a History or a 1-D sequence of numbers, "
                        f"got {type(history_or_losses).__name__}") from exc
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"history_or_losses must hold a non-empty 1-D sequence of losses, got shape {arr.shape}")
    return arr


def _points_and_targets(X, y):
    """``(N, 2)`` coordinates (the first two columns of ``X``) and ``(N,)`` targets."""
    X = _checks.as_float_array("X", X, ndim=2)
    if X.shape[1] < 2 or X.shape[0] == 0:
        raise ValueError(f"X must have shape (n_samples, 2 or more) — its first two columns are the "
                         f"coordinates — got shape {X.shape}")
    y = _checks.as_float_array("y", y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.shape != (X.shape[0],):
        raise ValueError(f"y must hold one target per sample, shape ({X.shape[0]},) or ({X.shape[0]}, 1), "
                         f"got shape {y.shape}")
    return X, y


def _threshold(threshold, y):
    """Where the classes split: the given value, or half-way between the smallest and largest target."""
    if threshold is None:
        return 0.5 * (float(y.min()) + float(y.max()))
    return _checks.real("threshold", threshold)


def _draw_points(ax, points, y, threshold, annotate, legend, animated=False):
    """Scatter the points, one colour and marker per class; returns the artists."""
    artists = []
    positive = y > threshold
    two_values = np.unique(y).size <= 2
    for cls in (0, 1):
        keep = positive == bool(cls)
        if not keep.any():
            continue
        if two_values:
            label = tr_figure("target {value}").format(value=f"{y[keep][0]:g}")
        else:
            label = (tr_figure("target > {threshold}") if cls else tr_figure("target ≤ {threshold}")).format(
                threshold=f"{threshold:g}")
        artists.append(ax.scatter(points[keep, 0], points[keep, 1], s=90, c=CLASS_COLOURS[cls],
                                  marker=CLASS_MARKERS[cls], edgecolors="black", linewidths=1.2, zorder=4,
                                  label=label, animated=animated))
    if annotate:
        for (x1, x2), t in zip(points, y):
            artists.append(ax.annotate(f"t = {t:g}", (x1, x2), xytext=(0, 11), textcoords="offset points",
                                       ha="center", va="bottom", fontsize=10, zorder=5, animated=animated))
    if legend:   # below the axes, where it hides no data
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize=10, frameon=False,
                  handletextpad=0.3, columnspacing=1.2)
    return artists


def _predictor(net):
    """``net.forward`` for a Network (or anything with ``forward``), else the callable itself."""
    if hasattr(net, "forward") and callable(net.forward):
        return net.forward
    if callable(net):
        return net
    raise TypeError(f"net must be a Network (or have a forward method) or a function of the inputs, "
                    f"got {type(net).__name__}")


def _feature_map(features, X):
    """The function taking ``(M, 2)`` grid points to the network's inputs."""
    if callable(features):
        return features
    if features is None:
        return lambda grid: grid
    if features != "auto":
        raise ValueError(f"features must be 'auto', None or a function (M, 2) -> (M, n_inputs), got {features!r}")
    if X.shape[1] == 2:
        return lambda grid: grid
    if X.shape[1] == 3 and np.all(X[:, 2] == 1.0):
        return add_bias_column
    raise ValueError(f"features='auto' understands 2 input columns, or 2 plus a constant-1 bias column; "
                     f"X has shape {X.shape}: pass features=, a function (M, 2) -> (M, {X.shape[1]})")


def _extent(extent, points, margin=0.25):
    if extent is None:
        lo, hi = points.min(axis=0), points.max(axis=0)
        pad = margin * np.maximum(hi - lo, 1e-9)
        return (float(lo[0] - pad[0]), float(hi[0] + pad[0]), float(lo[1] - pad[1]), float(hi[1] + pad[1]))
    ext = _checks.as_float_array("extent", extent, ndim=1)
    if ext.shape != (4,) or not (ext[0] < ext[1] and ext[2] < ext[3]):
        raise ValueError(f"extent must be (x_min, x_max, y_min, y_max) with min < max, got {extent!r}")
    return tuple(float(v) for v in ext)


# ---------------------------------------------------------------- loss curves
def plot_loss(history_or_losses, ax=None, log=True, label=None, epochs=None, legend=None, **line_kw):
    """Draw the loss per epoch: the one loss plotter of the package (lesson 4's curves, lesson 5's
    train and test curves, the explorers' loss panels).

    Parameters
    ----------
    history_or_losses : a :class:`~backproplab.network.History` (from ``net.fit``) or a 1-D
        sequence of losses, one per epoch (``loss[e]`` is the loss during epoch ``e``). NaN/inf
        (a run that diverged) are left out of the line.
    ax : axes to draw into (for several curves on one axes, pass the same ``ax``); ``None`` makes a figure.
    log : log scale on the loss axis (default), where the slow end of training is visible.
    label : legend entry of the curve.
    epochs : the epoch of each loss, same length (default ``0, 1, 2, …``), e.g. for losses recorded
        every few epochs.
    legend : draw the legend (default: when ``label`` is given).
    line_kw : passed on to ``ax.plot`` (``color``, ``lw``, ``animated``, …).

    Returns the figure.
    """
    losses = _loss_array(history_or_losses)
    if not isinstance(log, (bool, np.bool_)):
        raise TypeError(f"log must be True or False, got {log!r}")
    if label is not None and not isinstance(label, str):
        raise TypeError(f"label must be a string or None, got {type(label).__name__}")
    if epochs is None:
        epochs = np.arange(losses.size)
    else:
        epochs = _checks.as_float_array("epochs", epochs, ndim=1)
        if epochs.shape != losses.shape:
            raise ValueError(f"epochs must give one epoch per loss, shape {losses.shape}, got shape {epochs.shape}")
    finite = losses[np.isfinite(losses)]
    if log and (finite <= 0).any():
        raise ValueError(f"log=True needs positive losses, but the smallest is {finite.min():g}; use log=False")
    fig, ax = axes_or_new(ax, (6.0, 3.8))
    line_kw.setdefault("lw", 1.8)
    ax.plot(epochs, np.where(np.isfinite(losses), losses, np.nan), label=label, **line_kw)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel(tr_figure("epoch"), fontsize=11)
    ax.set_ylabel(tr_figure("loss $E$ (log scale)") if log else tr_figure("loss $E$"), fontsize=11)
    ax.grid(True, which="major", alpha=0.3)
    if legend is None:
        legend = label is not None
    if legend:
        ax.legend(fontsize=10)
    return fig


GRADIENT_LABEL = r"$|\partial E/\partial w|$"


def plot_loss_and_gradient(runs, axes=None, gradient_label=GRADIENT_LABEL):
    r"""Two panels per step, one line per run: the loss $E$ (left) and the size of a weight's gradient
    $|\partial E/\partial w|$ (right), both on log scales.

    ``runs`` maps a label to ``(losses, gradients)``, two 1-D sequences of the same length (step
    ``n``'s loss and gradient, before its update). ``axes``: two axes to draw into (default: a new
    figure). ``gradient_label``: the right panel's quantity (mathtext; the default is written
    ``|∂E/∂w|`` in a translation, whose figure text has no ``$…$`` beside its words). Returns the figure.
    """
    if not hasattr(runs, "items") or not runs:
        raise TypeError(f"runs must be a non-empty mapping label -> (losses, gradients), got {type(runs).__name__}")
    series = []
    for label, pair in runs.items():
        if not isinstance(label, str):
            raise TypeError(f"runs must be labelled by strings, got the label {label!r}")
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise TypeError(f"runs[{label!r}] must be a pair (losses, gradients), got {type(pair).__name__}")
        losses = _checks.as_float_array(f"runs[{label!r}] losses", pair[0], ndim=1)
        grads = np.abs(_checks.as_float_array(f"runs[{label!r}] gradients", pair[1], ndim=1))
        if losses.shape != grads.shape or losses.size == 0:
            raise ValueError(f"runs[{label!r}] must give one loss and one gradient per step, got shapes "
                             f"{losses.shape} and {grads.shape}")
        if (losses <= 0).any() or (grads == 0).any():
            raise ValueError(f"runs[{label!r}]: a log scale needs positive losses and non-zero gradients")
        series.append((label, losses, grads))
    if axes is None:
        fig, axes = plt.subplots(1, 2, figsize=(10.0, 3.6), constrained_layout=True)
    else:
        axes = list(axes)
        if len(axes) != 2:
            raise ValueError(f"axes must be two axes (loss, gradient), got {len(axes)}")
        fig = axes[0].figure
    for colour, (label, losses, grads) in zip(MULTICLASS_COLOURS, series):
        steps = np.arange(losses.size)
        axes[0].plot(steps, losses, color=colour, lw=1.8, label=label)
        axes[1].plot(steps, grads, color=colour, lw=1.8, label=label)
    if gradient_label == GRADIENT_LABEL:
        gradient_label = figure_math(GRADIENT_LABEL, "|∂E/∂w|")
    for ax, ylabel in zip(axes, (tr_figure("loss $E$ (log scale)"), gradient_label + tr_figure(" (log scale)"))):
        ax.set_yscale("log")
        ax.set_xlabel(tr_figure("step"), fontsize=11)
        ax.set_ylabel(ylabel, fontsize=11)
        ax.grid(True, which="major", alpha=0.3)
        ax.legend(fontsize=10)
    return fig


# ---------------------------------------------------------------- points and surfaces
def plot_points(X, y, ax=None, annotate=None, threshold=None, legend=True):
    """Draw 2-D data points coloured by target (blue circles: low target, red squares: high).

    ``X`` is ``(N, 2)`` or wider (the first two columns are the coordinates, so ``xor()``'s
    inputs with their bias column work as they are); ``y`` is ``(N,)`` or ``(N, 1)``.
    ``annotate`` writes each target beside its point (default: when there are at most 8 points).
    Returns the figure.
    """
    X, y = _points_and_targets(X, y)
    threshold = _threshold(threshold, y)
    annotate = X.shape[0] <= 8 if annotate is None else bool(annotate)
    fig, ax = axes_or_new(ax, (4.8, 4.0))
    _draw_points(ax, X[:, :2], y, threshold, annotate, legend)
    x0, x1, y0, y1 = _extent(None, X[:, :2])
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$", fontsize=12)
    ax.set_ylabel("$x_2$", fontsize=12)
    ax.grid(True, alpha=0.3)
    return fig


class DecisionSurface:
    """A network's output over a square of the plane, redrawable in place.

    Draws into ``ax``: an image of the output $o(x_1, x_2)$ (``resolution × resolution`` pixels,
    colour scale ``vlim``), the boundary line where $o$ equals ``threshold``, the data points,
    and (``show_values``) each point's output written beside it.

    Call :meth:`update` with a new network (or predict function) to redraw: the image data and the
    texts are replaced (``set_data`` / ``set_text``), only the boundary line is rebuilt.
    With ``animated=True`` the changing artists are left out of ``canvas.draw()``, for blitting.

    Attributes: ``image`` (the ``AxesImage``), ``boundary`` (a ``ContourSet`` or ``None`` when the
    output never crosses the threshold), ``value_texts``, ``values`` (the last grid of outputs,
    ``(resolution, resolution)``, row ``i`` is $x_2$ = ``grid_y[i]``), ``predictions`` (the outputs at
    the data points, ``(N,)``).
    """

    def __init__(self, ax, X, y, features="auto", resolution=101, extent=None, threshold=None, vlim=None,
                 show_values=None, annotate=False, legend=True, animated=False, output=0):
        self.ax = ax
        self.X, self.y = _points_and_targets(X, y)
        self.points = self.X[:, :2]
        self.features = _feature_map(features, self.X)
        self.resolution = _checks.integer("resolution", resolution, low=2)
        self.output = _checks.integer("output", output, low=0)
        self.threshold = _threshold(threshold, self.y)
        self.show_values = self.X.shape[0] <= 8 if show_values is None else bool(show_values)
        self.animated = bool(animated)
        x0, x1, y0, y1 = self.extent = _extent(extent, self.points)
        if vlim is None:
            vlim = (float(self.y.min()), float(self.y.max())) if self.y.min() < self.y.max() else (0.0, 1.0)
        vlim = _checks.as_float_array("vlim", vlim, ndim=1)
        if vlim.shape != (2,) or not vlim[0] < vlim[1]:
            raise ValueError(f"vlim must be (low, high) with low < high, got {tuple(vlim)}")
        self.vlim = (float(vlim[0]), float(vlim[1]))
        # Pixel centres: the image's pixels then sit exactly on the points they show.
        n = self.resolution
        self.grid_x = x0 + (np.arange(n) + 0.5) * (x1 - x0) / n
        self.grid_y = y0 + (np.arange(n) + 0.5) * (y1 - y0) / n
        gx, gy = np.meshgrid(self.grid_x, self.grid_y)
        self._grid_inputs = np.asarray(self.features(np.column_stack([gx.ravel(), gy.ravel()])), dtype=np.float64)

        self.image = ax.imshow(np.full((n, n), np.nan), origin="lower", extent=self.extent, cmap=SURFACE_CMAP,
                               vmin=self.vlim[0], vmax=self.vlim[1], interpolation="bilinear",
                               aspect="auto", zorder=1, animated=self.animated)
        self.boundary = None
        self.point_artists = _draw_points(ax, self.points, self.y, self.threshold, annotate, legend,
                                          animated=self.animated)
        self.value_texts = [ax.annotate("", (px, py), xytext=(0, -13), textcoords="offset points",
                                        ha="center", va="top", fontsize=10, zorder=5, animated=self.animated,
                                        bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.8))
                            for px, py in self.points] if self.show_values else []
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_xlabel("$x_1$", fontsize=12)
        ax.set_ylabel("$x_2$", fontsize=12)
        self.values = None
        self.predictions = None

    def _outputs(self, predict, inputs):
        out = np.asarray(predict(inputs), dtype=np.float64)
        if out.ndim == 1:
            out = out[:, None]
        if out.ndim != 2 or out.shape[0] != inputs.shape[0] or out.shape[1] <= self.output:
            raise ValueError(f"the network must return one row per input with at least {self.output + 1} "
                             f"output(s), got shape {out.shape} for {inputs.shape[0]} inputs")
        return out[:, self.output]

    def update(self, net):
        """Redraw for ``net`` (a Network or a function inputs → outputs); returns the output grid."""
        predict = _predictor(net)
        with np.errstate(all="ignore"):        # a diverged net gives NaN: drawn grey, no warning
            values = self._outputs(predict, self._grid_inputs).reshape(self.resolution, self.resolution)
            self.predictions = self._outputs(predict, np.asarray(self.features(self.points), dtype=np.float64))
        self.values = values
        self.image.set_data(values)
        if self.boundary is not None:
            self.boundary.remove()
            self.boundary = None
        finite = values[np.isfinite(values)]
        # Only when the output crosses the threshold is there a boundary to draw.
        if finite.size and finite.min() < self.threshold < finite.max():
            self.boundary = self.ax.contour(self.grid_x, self.grid_y, np.ma.masked_invalid(values),
                                            levels=[self.threshold], colors="black", linewidths=1.6,
                                            linestyles="--", zorder=3)
            self.boundary.set_animated(self.animated)
        for text, value in zip(self.value_texts, self.predictions):
            text.set_text(f"o = {value:.2f}" if np.isfinite(value) else "o = nan")
        return values

    @property
    def artists(self):
        """What :meth:`update` changes, in drawing order (for blitting)."""
        return [self.image] + ([self.boundary] if self.boundary is not None else []) + \
            self.point_artists + self.value_texts


def plot_decision_surface(net, X, y, ax=None, resolution=101, features="auto", extent=None, threshold=None,
                          vlim=None, show_values=None, annotate=False, colorbar=True, legend=True, title=None):
    """Colour the plane by the network's output and draw the data on top.

    Parameters
    ----------
    net : a :class:`~backproplab.Network` or a function mapping inputs ``(M, n_inputs)`` to outputs.
    X, y : the data: ``X`` ``(N, 2)`` or with more columns (the first two are the coordinates),
        ``y`` ``(N,)`` or ``(N, 1)``; or one-hot targets ``(N, K)`` of $K \\ge 2$ classes (up to
        ``len(MULTICLASS_COLOURS)``), for a network with $K$ outputs: then every pixel takes the
        pale colour of the class with the largest output (the *decision regions*, for a softmax
        layer the most probable class), thin black lines mark where that class changes, and each
        point is drawn in its true class's colour and marker.
    resolution : pixels per side of the output image.
    features : how grid points ``(M, 2)`` become network inputs. ``"auto"``: unchanged for two
        columns, with a constant-1 column appended when ``X`` has one (the XOR layout);
        ``None``: unchanged; or a function ``(M, 2) → (M, n_inputs)``.
    extent : ``(x_min, x_max, y_min, y_max)``; default: the points' range plus a quarter of it on each side.
    threshold : where the classes split (the dashed boundary line); default: half-way between the
        smallest and largest target (0.5 for targets 0/1). One output only.
    vlim : colour scale ``(low, high)``; default: the targets' range. One output only.
    show_values : write each point's output beside it (default: when there are at most 8 points). One output only.
    annotate : also write each point's target. One output only.
    colorbar, legend, title : extras (no colour bar for classes: the legend names them).

    Returns the figure.
    """
    try:
        shape = np.shape(y)
    except (TypeError, ValueError):       # ragged: the one-output checks say so
        shape = ()
    if len(shape) == 2 and shape[1] >= 2:
        for name, value in (("threshold", threshold), ("vlim", vlim), ("show_values", show_values)):
            if value is not None:
                raise ValueError(f"{name} applies to a network with one output; y has {shape[1]} "
                                 f"columns (one-hot classes), so leave {name} out")
        if annotate:
            raise ValueError("annotate applies to a network with one output; y has one-hot classes")
        fig, ax = axes_or_new(ax, (5.0, 4.6))
        _draw_class_regions(ax, net, X, y, resolution, features, extent, legend)
    else:
        fig, ax = axes_or_new(ax, (5.2, 4.0))
        surface = DecisionSurface(ax, X, y, features=features, resolution=resolution, extent=extent,
                                  threshold=threshold, vlim=vlim, show_values=show_values, annotate=annotate,
                                  legend=legend)
        surface.update(net)
        if colorbar:
            fig.colorbar(surface.image, ax=ax, label=tr_figure("network output $o$"), fraction=0.05, pad=0.04)
    if title is not None:
        ax.set_title(str(title), fontsize=12)
    return fig


def _draw_class_regions(ax, net, X, Y, resolution, features, extent, legend):
    """The K-class branch of :func:`plot_decision_surface`; returns the ``(resolution, resolution)``
    grid of predicted classes (row ``i`` is the ``i``-th pixel row from the bottom)."""
    X = _checks.as_float_array("X", X, ndim=2)
    Y = _checks.as_float_array("y", Y, ndim=2)
    if X.shape[1] < 2 or X.shape[0] == 0:
        raise ValueError(f"X must have shape (n_samples, 2 or more) — its first two columns are the "
                         f"coordinates — got shape {X.shape}")
    K = Y.shape[1]
    if Y.shape[0] != X.shape[0]:
        raise ValueError(f"y must hold one target row per sample, ({X.shape[0]}, {K}), got shape {Y.shape}")
    if K > len(MULTICLASS_COLOURS):
        raise ValueError(f"y has {K} classes (columns); the class colours cover at most {len(MULTICLASS_COLOURS)}")
    predict = _predictor(net)
    feature_map = _feature_map(features, X)
    n = _checks.integer("resolution", resolution, low=2)
    points = X[:, :2]
    x0, x1, y0, y1 = ext = _extent(extent, points)
    grid_x = x0 + (np.arange(n) + 0.5) * (x1 - x0) / n          # pixel centres, as DecisionSurface
    grid_y = y0 + (np.arange(n) + 0.5) * (y1 - y0) / n
    gx, gy = np.meshgrid(grid_x, grid_y)
    inputs = np.asarray(feature_map(np.column_stack([gx.ravel(), gy.ravel()])), dtype=np.float64)
    out = np.asarray(predict(inputs), dtype=np.float64)
    if out.ndim != 2 or out.shape != (inputs.shape[0], K):
        raise ValueError(f"the network must return {K} outputs per input (one per class of y), got shape "
                         f"{out.shape} for {inputs.shape[0]} inputs")
    regions = np.argmax(out, axis=1).reshape(n, n)
    rgb = np.array([mcolors.to_rgb(c) for c in MULTICLASS_COLOURS[:K]])
    pale = _PALE * rgb + (1.0 - _PALE)
    ax.imshow(pale[regions], origin="lower", extent=ext, interpolation="nearest", aspect="auto", zorder=1)
    for k in range(K):
        inside = (regions == k).astype(float)
        if 0.0 < inside.mean() < 1.0:
            ax.contour(grid_x, grid_y, inside, levels=[0.5], colors="black", linewidths=0.9, zorder=2)
    truth = np.argmax(Y, axis=1)
    for k in range(K):
        keep = truth == k
        if keep.any():
            ax.scatter(points[keep, 0], points[keep, 1], s=28, c=MULTICLASS_COLOURS[k],
                       marker=MULTICLASS_MARKERS[k], edgecolors="black", linewidths=0.6, zorder=4,
                       label=tr_figure("class {k}").format(k=k))
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$", fontsize=12)
    ax.set_ylabel("$x_2$", fontsize=12)
    if legend:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=K, fontsize=10, frameon=False,
                  handletextpad=0.3, columnspacing=1.2)
    return regions

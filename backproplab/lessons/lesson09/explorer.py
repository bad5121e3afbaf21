r"""OptimiserExplorer: gradient descent on a two-weight loss surface, with sliders for the learning
rate $\eta$, the momentum $\mu$ and the batch size; the path over the contours and the loss curve.

The model is :func:`backproplab.lessons.lesson09.practice.regression_valley`: a linear network with two weights
and loss ``mse`` on strongly correlated inputs, so its loss is a long, narrow, tilted
valley. Every run is ``fit(X, y, epochs, lr, momentum, batch_size, record_every=1)`` from the same
start (mini-batches shuffled, seeded): the path has one dot per epoch.

Why it answers at once: a run is a few thousand steps of a two-weight network (tens of ms at most);
each setting's run and its picture are cached; the contours are drawn once and cached as the background, and a move
draws only the path and the loss line on top of it (blitting), then the canvas goes into an
``ipywidgets.Image`` as PNG.

Headless use (tests, ``bench/optimiser_latency.py``)::

    ex = OptimiserExplorer()
    ex.controls["momentum"].value = 0.9      # the slider's callback runs update()
    ex.state["loss"], ex.state["path"]
"""
from __future__ import annotations

import html
from collections import OrderedDict

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..._plumbing.format import number
from ..._plumbing.i18n import tr, tr_figure
from ...widgets._base import EXPLORER_PNG_COLOURS, Explorer, fit_quietly, lru_get, png_bytes, slider_options
from . import practice

__all__ = ["OptimiserExplorer"]

LR_RANGE = (0.01, 1.0)            # log slider
MOMENTUM_RANGE = (0.0, 0.95)
BATCH_OPTIONS = (1, 4, 16, 64)    # 64: the whole data set (full batch)
EPOCHS = 40
_CACHE_SIZE = 256


class OptimiserExplorer(Explorer):
    """Sliders for η, μ and the batch size; draws the path of ``fit`` on the contours of the loss and
    the loss per epoch.

    Parameters
    ----------
    lr : starting learning rate, in [0.01, 1]; momentum : in [0, 0.95]; batch_size : one of 1, 4,
    16, 64 (64 = full batch).

    Attributes
    ----------
    controls : ``{"lr", "momentum", "batch_size"}`` → widget; set ``.value`` to drive it.
    state : the current drawing: the settings, ``path`` ``(EPOCHS + 1, 2)``, ``losses`` (per epoch,
        NaN after a divergence), ``loss`` (the last finite one), ``diverged_at`` (epoch or ``None``).
    image, readout, output, widget : as in every explorer.
    """

    def __init__(self, lr=0.1, momentum=0.0, batch_size=64):
        self._net, self._X, self._y = practice.regression_valley()
        self._cache, self._pngs = OrderedDict(), OrderedDict()
        self.controls = {
            "lr": widgets.FloatLogSlider(value=lr, base=10, min=np.log10(LR_RANGE[0]), max=np.log10(LR_RANGE[1]),
                                         step=0.1, description=tr("learning rate η"), readout_format=".3g",
                                         **slider_options()),
            "momentum": widgets.FloatSlider(value=momentum, min=MOMENTUM_RANGE[0], max=MOMENTUM_RANGE[1], step=0.05,
                                            description=tr("momentum μ"), readout_format=".2f", **slider_options()),
            "batch_size": widgets.Dropdown(options=[(tr("{b} (full)").format(b=b) if b == BATCH_OPTIONS[-1] else str(b), b)
                                                    for b in BATCH_OPTIONS],
                                           value=batch_size, description=tr("batch size")),
        }
        self._assemble([["lr", "momentum"], ["batch_size"]])
        self._build_figure()
        self._start()

    # ---------------------------------------------------------------- figure
    def _build_figure(self):
        fig = Figure(figsize=(10.0, 3.9), dpi=80, layout="constrained")
        self._canvas = FigureCanvasAgg(fig)
        self.figure = fig
        self._ax_w, self._ax_loss = fig.subplots(1, 2, width_ratios=[1.25, 1])
        u, v, E = practice.slice_surface(self._net.with_weights([np.zeros((2, 1))], None), self._X, self._y,
                                         (0, 0, 0), (0, 1, 0), span=(3.0, 3.0), resolution=101)
        self._ax_w.contour(u, v, E, levels=np.geomspace(E.min() + 1e-3, E.max(), 14), colors="0.6", linewidths=0.8)
        self._ax_w.plot([practice.REGRESSION_TRUE[0]], [practice.REGRESSION_TRUE[1]], "k*", ms=10)
        self._ax_w.set_xlim(u[0], u[-1])
        self._ax_w.set_ylim(v[0], v[-1])
        self._ax_w.set_xlabel("$w_1$", fontsize=11)
        self._ax_w.set_ylabel("$w_2$", fontsize=11)
        self._ax_w.set_aspect("equal", adjustable="box")
        self._ax_loss.set_yscale("log")
        self._ax_loss.set_xlim(0, EPOCHS)
        self._ax_loss.set_ylim(1e-3, float(E.max()))
        self._ax_loss.set_xlabel(tr_figure("epoch"), fontsize=11)
        self._ax_loss.set_ylabel(tr_figure("loss $E$ (mse, log scale)"), fontsize=11)
        self._ax_loss.grid(True, alpha=0.3)
        self._ax_w.set_title(" ", fontsize=11)
        self._path, = self._ax_w.plot([], [], "-o", color="#D55E00", ms=3, lw=1.3)
        self._loss_line, = self._ax_loss.plot([], [], color="#0072B2", lw=1.8)
        self._moving = [(self._ax_w, self._path), (self._ax_loss, self._loss_line), (self._ax_w, self._ax_w.title)]
        for _, artist in self._moving:
            artist.set_animated(True)
        self._canvas.draw()
        fig.set_layout_engine("none")
        self._background = self._canvas.copy_from_bbox(fig.bbox)

    # ---------------------------------------------------------------- training
    def _settings(self):
        lr = float(np.clip(self.controls["lr"].value, *LR_RANGE))
        return (float(f"{lr:.6g}"), round(float(self.controls["momentum"].value), 4), int(self.controls["batch_size"].value))

    def _run(self, lr, momentum, batch_size):
        net = self._net.with_weights(self._net.weights, None, seed=0)
        history = fit_quietly(net, self._X, self._y, EPOCHS, lr=lr, momentum=momentum, batch_size=batch_size,
                              record_every=1)
        path = np.array([ws[0].ravel() for ws in history.weights])
        diverged = history.diverged.epoch if history.diverged is not None else None
        return path, np.asarray(history.loss, dtype=float), diverged

    # ---------------------------------------------------------------- update
    def update(self):
        """Read the controls, train (or read the cache), move the path and the loss line, re-render."""
        lr, momentum, batch_size = settings = self._settings()
        path, losses, diverged = lru_get(self._cache, settings, lambda: self._run(*settings), _CACHE_SIZE)
        finite = losses[np.isfinite(losses)]
        self._path.set_data(path[:, 0], path[:, 1])
        self._loss_line.set_data(np.arange(losses.size), np.where(np.isfinite(losses), losses, np.nan))
        self._ax_w.title.set_text(tr_figure("η = {lr}, μ = {momentum}, batch {batch_size}").format(
            lr=number(lr, '.3g'), momentum=number(momentum, '.2f'), batch_size=batch_size))
        self.state = {"lr": lr, "momentum": momentum, "batch_size": batch_size, "path": path, "losses": losses,
                      "loss": float(finite[-1]) if finite.size else float("nan"), "diverged_at": diverged}
        self.image.value = lru_get(self._pngs, settings, self._render_png, _CACHE_SIZE)   # a setting seen before: its PNG
        self.readout.value = self._readout_html()

    def _render_png(self) -> bytes:
        """The cached contours with the path and the loss line drawn on top, as PNG bytes."""
        self._canvas.restore_region(self._background)
        for ax, artist in self._moving:
            ax.draw_artist(artist)
        return png_bytes(self._canvas, compress_level=3, colours=EXPLORER_PNG_COLOURS)

    def _readout_html(self):
        s = self.state
        steps = -(-self._X.shape[0] // s["batch_size"])
        if s["diverged_at"] is not None:
            what = tr("<b>diverged</b> in epoch {epoch}: η is too large for this valley").format(epoch=s['diverged_at'])
        else:
            what = tr("loss after {epochs} epochs: <b>{loss}</b>").format(epochs=EPOCHS, loss=number(s['loss'], '.3g'))
            if s["loss"] > s["losses"][0]:
                what += " " + tr("— it grew: η is too large for these steps")
        return ('<div style="font-family:monospace">'
                + tr("{steps} step(s) per epoch, {total} in all; {what}").format(
                    steps=html.escape(str(steps)), total=EPOCHS * steps, what=what)
                + "</div>")

    def __repr__(self):
        s = self.state
        end = (f"diverged in epoch {s['diverged_at']}" if s["diverged_at"] is not None
               else f"loss {number(s['loss'], '.3g')} after {EPOCHS} epochs")
        return (f"OptimiserExplorer(lr={number(s['lr'], '.3g')}, momentum={number(s['momentum'], '.2f')}, "
                f"batch_size={s['batch_size']}): {end}")

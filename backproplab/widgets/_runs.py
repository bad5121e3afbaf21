"""What the training explorers share: runs that resume and rewind, and a figure drawn by blitting.

* :class:`ResumableRun` — one network trained for an explorer. More epochs resume training where it
  stopped (dropout masks come from the network's own generator, so resuming draws exactly the masks
  a single run would); fewer epochs read a kept snapshot of the parameters, or replay from the
  snapshot before.
* :class:`TrainingExplorer` — an :class:`~._base.Explorer` with a loss panel (``_ax_loss``) and a
  decision surface (``_ax_surface``): one run per setting of everything but the epochs, kept in a
  cache with its snapshots; one figure, built once; a move draws only the moving artists on a cached
  background (the loss panel's background is cached per axis range) and a setting seen before
  reuses its PNG.

A subclass calls :meth:`TrainingExplorer._set_up` from ``__init__``, and implements
``_make_controls(settings)``, ``_new_run(settings)`` (a :class:`ResumableRun`, or a subclass of it),
``_build_figure()`` (starting with :meth:`TrainingExplorer._new_figure`) and ``update()`` (ending with
:meth:`TrainingExplorer._show`).
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import fields

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from ._base import EXPLORER_PNG_COLOURS, Explorer, fit_quietly, lru_get, png_bytes


def _parameters(net):
    """Copies of ``net``'s ``(weights, biases)`` (``biases`` None for a network without bias)."""
    return [w.copy() for w in net.weights], None if net.biases is None else [b.copy() for b in net.biases]


def all_finite(weights) -> bool:
    """Are all the arrays finite everywhere? (A diverged run's weights are NaN.)"""
    return all(np.isfinite(w).all() for w in weights)


def diverged_predict(inputs):
    """What a diverged network predicts: NaN everywhere (the surface draws it grey)."""
    return np.full((len(inputs), 1), np.nan)


class ResumableRun:
    """One network trained on ``(X, y)`` by ``fit(..., **fit_kwargs)``, kept so that more epochs resume
    it and fewer rewind it.

    ``losses[e]`` is the training loss during epoch ``e`` (``History.loss``; NaN from a divergence
    on); ``snapshots[e]`` the parameters ``(weights, biases)`` after ``e`` epochs, every
    ``record_every`` epochs and at every epoch count asked for. A run that overflows is not an
    error: its losses and weights become NaN, and the explorer says "diverged".
    """

    def __init__(self, net, X, y, record_every, **fit_kwargs):
        self.net = net
        self.X, self.y = X, y
        self.record_every = record_every
        self.fit_kwargs = fit_kwargs
        self.losses = np.empty(0)
        self.snapshots = {0: _parameters(net)}

    @property
    def trained(self) -> int:
        """How many epochs the run's network has been trained for."""
        return self.losses.size

    def _fit(self, net, epochs, record_every=0):
        # A run may overflow (large rates with ReLU): let NaN/inf through silently.
        with np.errstate(all="ignore"):
            return fit_quietly(net, self.X, self.y, epochs, record_every=record_every, **self.fit_kwargs)

    def extend_to(self, epochs: int):
        """Train on until ``epochs``; returns the ``History`` of the epochs added (its snapshot 0 is
        where they started), or ``None`` when the run is already there."""
        trained = self.trained
        if epochs <= trained:
            return None
        history = self._fit(self.net, epochs - trained, record_every=self.record_every)
        for e, ws, bs in zip(history.snapshot_epochs, history.weights, history.biases):
            self.snapshots[trained + e] = (ws, bs)
        self.snapshots[epochs] = _parameters(self.net)
        self.losses = np.concatenate([self.losses, history.loss])
        return history

    def parameters_at(self, epochs: int):
        """``(weights, biases)`` after ``epochs`` epochs: resumed, kept, or replayed from the snapshot
        before (a replay is the run itself when the network has no dropout)."""
        if epochs > self.trained:
            self.extend_to(epochs)
        elif epochs not in self.snapshots:
            start = max(e for e in self.snapshots if e < epochs)
            weights, biases = self.snapshots[start]
            if all_finite(weights):
                replay = self.net.with_weights(weights, biases)
                self._fit(replay, epochs - start)
                self.snapshots[epochs] = _parameters(replay)
            else:
                self.snapshots[epochs] = (weights, biases)     # (NaN weights stay NaN)
        return self.snapshots[epochs]

    def network_at(self, epochs: int):
        """The network after ``epochs`` epochs, or ``None`` if it diverged (non-finite weights)."""
        weights, biases = self.parameters_at(epochs)
        return self.net.with_weights(weights, biases) if all_finite(weights) else None


class TrainingExplorer(Explorer):
    """Base class of the explorers that train a network: a loss panel, a decision surface, caches."""
    MAX_RUNS = 32            # networks kept, each with its snapshots
    MAX_BACKGROUNDS = 12     # loss-panel backgrounds kept
    MAX_IMAGES = 64          # rendered PNGs kept

    def _set_up(self, start, control_rows):
        """Empty caches, the controls at ``start`` (``_make_controls``) laid out in ``control_rows``,
        the figure (``_build_figure``), then the first drawing."""
        self._runs: OrderedDict = OrderedDict()
        self._backgrounds: OrderedDict = OrderedDict()
        self._images: OrderedDict = OrderedDict()
        self.controls = self._make_controls(start)
        self._assemble(control_rows)
        self._build_figure()
        self._start()

    @staticmethod
    def run_key(settings) -> tuple:
        """What names one training run: every setting but the epochs (more or fewer epochs resume or
        rewind the same run)."""
        return tuple(getattr(settings, f.name) for f in fields(settings) if f.name != "epochs")

    def _run(self, settings):
        """The run of ``settings``, from the cache when it has been seen."""
        return lru_get(self._runs, self.run_key(settings), lambda: self._new_run(settings), self.MAX_RUNS)

    def _new_figure(self, figsize, width_ratios):
        """One figure on an Agg canvas, the loss panel left of the decision surface."""
        fig = Figure(figsize=figsize, dpi=90, layout="constrained")
        self._canvas = FigureCanvasAgg(fig)
        self.figure = fig
        self._ax_loss, self._ax_surface = fig.subplots(1, 2, width_ratios=width_ratios)
        self._base = None
        return self._ax_loss, self._ax_surface

    def _background(self, xlim, ylim):
        """Restore the figure without its moving parts, for these loss-axis limits.

        Only the loss panel depends on the limits, so the rest of the figure is drawn once
        (``self._base``) and the loss panel's background is cached per pair of limits."""
        ax, canvas = self._ax_loss, self._canvas
        if self._base is None:
            canvas.draw()                                 # lays the figure out, once …
            self.figure.set_layout_engine("none")         # … then every background shares it
            ax.set_visible(False)
            canvas.draw()
            ax.set_visible(True)
            self._base = canvas.copy_from_bbox(self.figure.bbox)
            # The loss panel's part of the figure: everything left of the decision surface's labels.
            right = self._ax_surface.get_tightbbox(canvas.get_renderer()).x0 - 2
            self._loss_region = Bbox.from_extents(0, 0, right, self.figure.bbox.height)

        def draw():
            canvas.restore_region(self._base)
            ax.draw(canvas.get_renderer())                # (animated artists are left out)
            return canvas.copy_from_bbox(self._loss_region)

        loss_panel = lru_get(self._backgrounds, (xlim, ylim), draw, self.MAX_BACKGROUNDS)
        canvas.restore_region(self._base)
        canvas.restore_region(loss_panel)

    def _show(self, settings, xlim, ylim, moving):
        """Set the loss axis to ``xlim``, ``ylim``, draw the ``moving`` artists on the background and
        show the PNG and the readout. Coming back to a setting reuses its picture (the artists are
        updated all the same)."""
        self._ax_loss.set_xlim(*xlim)
        self._ax_loss.set_ylim(*ylim)

        def render():
            self._background(xlim, ylim)
            for artist in moving:
                self.figure.draw_artist(artist)
            return png_bytes(self._canvas, colours=EXPLORER_PNG_COLOURS)
        self.image.value = lru_get(self._images, settings, render, self.MAX_IMAGES)
        self.readout.value = self._readout_html()

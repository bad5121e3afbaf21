r"""DropoutExplorer: train a wide network on a small noisy data set with sliders for dropout, the
learning rate, the width, L2 and the epochs, and watch overfitting appear and disappear.

The left panel shows the train and test loss per epoch (evaluation mode: no dropout, no penalty, so
the two curves are comparable), the right panel the decision boundary over the network's output,
training points filled and test points hollow. The readout gives the final losses and accuracies.

The network is ``Network([2, hidden, 1], activation=["tanh", "sigmoid"], loss="mse",
dropout=dropout, seed=seed)`` trained by ``fit(X_train, y_train, epochs, lr, l2=l2)`` on
:func:`backproplab.lessons.lesson05.overfitting.overfitting_data` — what
:func:`~backproplab.lessons.lesson05.overfitting.train_with_curves` does in a lesson cell with the same settings,
so every picture can be reproduced in code.

Why it answers at once:

* **Training** is ``Network.fit`` (vectorised, nothing traced), a few tens of ms at the defaults.
* **Caching** (:mod:`._runs`, shared with the XOR explorer). Each setting of (dropout, lr, hidden,
  l2, seed) keeps its network and a copy of the weights every ``RECORD_EVERY`` epochs. More epochs
  resume training where it stopped (dropout masks come from the network's own generator, so resuming
  draws exactly the masks a single run would); fewer epochs read a copy. Coming back to a setting
  costs nothing.
* **Losses** of all recorded weights are computed in one stacked pass (``snapshot_losses``).
* **Drawing.** One figure, built once; a move updates its artists and draws only them on a cached
  background (blitting; the loss panel's background is cached per axis range); the canvas goes into
  an ``ipywidgets.Image`` as PNG.

Headless use (tests, ``bench/dropout_widget_latency.py``)::

    ex = DropoutExplorer()
    ex.controls["dropout"].value = 0.5      # the slider's callback runs update()
    ex.state["test_loss"], ex.state["test_accuracy"]
    ex.image.value                          # PNG bytes of the current figure

Without a kernel (HTML export, GitHub) the display bundle carries a PNG snapshot of the current
figure next to the widget view; see ``_repr_mimebundle_``.
"""
from __future__ import annotations

import html
from dataclasses import asdict

import ipywidgets as widgets
import numpy as np
from matplotlib.lines import Line2D

from ..._plumbing import checks as _checks
from ..._plumbing.format import number
from ..._plumbing.i18n import tr, tr_figure
from ...plots.training import CLASS_COLOURS, CLASS_MARKERS, DecisionSurface, plot_loss
from ...widgets._base import slider_options
from ...widgets._runs import ResumableRun, TrainingExplorer, diverged_predict
from .figures import TEST_COLOUR, TRAIN_COLOUR
from .overfitting import (DROPOUT_RANGE, EPOCHS_RANGE, HIDDEN_RANGE, L2_RANGE, LR_RANGE,
                          OVERFIT, RECORD_EVERY, SEED_RANGE, DropoutSettings, accuracy, overfitting_data,
                          snapshot_losses)

__all__ = ["DropoutExplorer"]

DROPOUT_STEP = 0.05
LR_STEP = 0.1
L2_STEP = 0.0005
EPOCHS_STEP = 100
LOSS_TOPS = (0.3, 0.6, 1.0)       # the loss axis goes up to the first of these above the curves
_RESOLUTION = 81                  # decision-surface pixels per side


class _Run(ResumableRun):
    """One network on the train split, and the losses of its recorded parameters.

    ``snapshots[i · RECORD_EVERY]``: the parameters after ``i · RECORD_EVERY`` epochs;
    ``train_loss[i]`` / ``test_loss[i]``: their losses in evaluation mode, no penalty.
    """

    def __init__(self, settings: DropoutSettings, data):
        X_train, self.X_test, y_train, self.y_test = data
        super().__init__(settings.network(X_train.shape[1]), X_train, y_train, RECORD_EVERY,
                         lr=settings.lr, l2=settings.l2)
        self.train_loss = np.array([self.net.loss_value(X_train, y_train)])
        self.test_loss = np.array([self.net.loss_value(self.X_test, self.y_test)])

    def extend_to(self, epochs: int):
        """Train on until ``epochs`` (nothing to do when already there), and measure the new snapshots."""
        history = super().extend_to(epochs)
        if history is None:
            return None
        # Snapshot 0 is the start of this call: its losses are already kept.
        del history.snapshot_epochs[0], history.weights[0], history.biases[0]
        with np.errstate(all="ignore"):       # a large rate may overflow: shown as NaN, no warning
            train = snapshot_losses(history, self.net, self.X, self.y)
            test = snapshot_losses(history, self.net, self.X_test, self.y_test)
        self.train_loss = np.concatenate([self.train_loss, train])
        self.test_loss = np.concatenate([self.test_loss, test])
        return history

    def at(self, epochs: int):
        """``(recorded epochs, train loss, test loss, network or None if it diverged)`` up to ``epochs``."""
        net = self.network_at(epochs)
        k = epochs // RECORD_EVERY
        return (np.arange(k + 1) * RECORD_EVERY, self.train_loss[:k + 1], self.test_loss[:k + 1], net)


class DropoutExplorer(TrainingExplorer):
    """Sliders for training a wide network on a small noisy data set with dropout and L2; shows the
    train and test loss per epoch and the decision boundary.

    Parameters
    ----------
    dropout, lr, hidden, l2, epochs, seed : the starting position of the controls (see
        :class:`DropoutSettings`; defaults: lesson 5's unregularised run, ``lessons.overfitting.OVERFIT``:
        η = 3, 32 tanh units, 1000 epochs, seed 0).
    data : ``(X_train, X_test, y_train, y_test)``; default :func:`~backproplab.lessons.lesson05.overfitting.overfitting_data`.

    Attributes
    ----------
    controls : ``{"dropout", "lr", "hidden", "l2", "epochs", "seed"}`` → slider; set ``.value`` to
        drive the explorer (sliders clamp to their ranges).
    output : the display area (figure image and readout), an ``ipywidgets.VBox``.
    image : ``ipywidgets.Image`` with the PNG of the current figure; ``figure`` is the figure.
    readout : ``ipywidgets.HTML``: the final losses and accuracies in words.
    state : the current drawing: the settings, ``epochs_recorded``, ``train_losses``, ``test_losses``
        (arrays), ``train_loss``, ``test_loss`` (final), ``best_epoch``, ``best_test_loss``,
        ``train_accuracy``, ``test_accuracy``, ``diverged``.
    widget : the whole explorer (controls + output), what the notebook displays.
    """

    def __init__(self, dropout=0.0, lr=OVERFIT["lr"], hidden=OVERFIT["hidden"], l2=0.0, epochs=OVERFIT["epochs"],
                 seed=OVERFIT["seed"], data=None):
        start = DropoutSettings(dropout, lr, hidden, l2, epochs, seed)
        if data is None:
            data = overfitting_data()
        if not isinstance(data, (list, tuple)) or len(data) != 4:
            raise TypeError("data must be (X_train, X_test, y_train, y_test), as train_test_split returns it")
        X_train = _checks.as_float_array("X_train", data[0], ndim=2)
        X_test = _checks.as_float_array("X_test", data[1], ndim=2)
        if X_train.shape[1] != 2 or X_test.shape[1] != 2:
            raise ValueError(f"the explorer draws 2-D data: X_train and X_test must have 2 columns, "
                             f"got shapes {X_train.shape} and {X_test.shape}")
        if 0 in (X_train.shape[0], X_test.shape[0]):
            raise ValueError(f"X_train and X_test must hold at least one sample each, got shapes "
                             f"{X_train.shape} and {X_test.shape}")
        points = np.vstack([X_train, X_test])
        if (points.min(axis=0) == points.max(axis=0)).any():
            raise ValueError(f"the explorer draws the data's bounding box: X_train and X_test together "
                             f"must spread along both axes, got {points.shape[0]} sample(s) between "
                             f"{points.min(axis=0).tolist()} and {points.max(axis=0).tolist()}")
        y_train = _checks.targets("y_train", data[2], X_train.shape[0], 1)
        y_test = _checks.targets("y_test", data[3], X_test.shape[0], 1)
        self.data = (X_train, X_test, y_train, y_test)
        self._set_up(start, [["dropout", "l2", "epochs"], ["lr", "hidden", "seed"]])

    # ---------------------------------------------------------------- controls
    @staticmethod
    def _make_controls(s: DropoutSettings):
        slider = slider_options()
        return {
            "dropout": widgets.FloatSlider(value=s.dropout, min=DROPOUT_RANGE[0], max=DROPOUT_RANGE[1],
                                           step=DROPOUT_STEP, readout_format=".2f", description=tr("dropout rate p"),
                                           **slider),
            "lr": widgets.FloatSlider(value=s.lr, min=LR_RANGE[0], max=LR_RANGE[1], step=LR_STEP,
                                      readout_format=".1f", description=tr("learning rate η"), **slider),
            "hidden": widgets.IntSlider(value=s.hidden, min=HIDDEN_RANGE[0], max=HIDDEN_RANGE[1],
                                        description=tr("hidden units"), **slider),
            "l2": widgets.FloatSlider(value=s.l2, min=L2_RANGE[0], max=L2_RANGE[1], step=L2_STEP,
                                      readout_format=".4f", description=tr("L2 strength λ"), **slider),
            "epochs": widgets.IntSlider(value=s.epochs, min=EPOCHS_RANGE[0], max=EPOCHS_RANGE[1],
                                        step=EPOCHS_STEP, description=tr("epochs"), **slider),
            "seed": widgets.IntSlider(value=s.seed, min=SEED_RANGE[0], max=SEED_RANGE[1],
                                      description=tr("seed (weights, masks)"), **slider),
        }

    @property
    def settings(self) -> DropoutSettings:
        """The controls' current position (a value set from code between two steps of the epochs
        slider is read as the nearest step)."""
        values = {name: control.value for name, control in self.controls.items()}
        values["epochs"] = max(EPOCHS_RANGE[0], EPOCHS_STEP * round(values["epochs"] / EPOCHS_STEP))
        return DropoutSettings(**values)

    # ---------------------------------------------------------------- training
    def _new_run(self, settings: DropoutSettings):
        return _Run(settings, self.data)

    def train(self, settings: DropoutSettings):
        """``(recorded epochs, train losses, test losses, network or None if it diverged)`` for
        ``settings``, from the cache when this run has been seen."""
        return self._run(settings).at(settings.epochs)

    # ---------------------------------------------------------------- figure
    def _build_figure(self):
        X_train, X_test, y_train, y_test = self.data
        ax, self._ax_surface = self._new_figure((10.0, 4.0), width_ratios=[1.2, 1])
        for colour, name in ((TRAIN_COLOUR, tr_figure("train")), (TEST_COLOUR, tr_figure("test"))):   # empty until the first update
            plot_loss([np.nan], ax=ax, log=False, label=name, legend=False, color=colour, lw=1.7, animated=True)
        self._train_line, self._test_line = ax.lines[-2:]
        self._best_line = ax.axvline(0, color="0.4", ls=":", lw=1.2, animated=True)
        self._loss_text = ax.text(0.97, 0.95, "", transform=ax.transAxes, ha="right", va="top", fontsize=10,
                                  animated=True, bbox=dict(boxstyle="round,pad=0.3", fc="white", ec="0.7"))
        ax.set_ylabel(tr_figure("loss (mse, no dropout)"), fontsize=11)
        ax.set_title(tr_figure("train and test loss"), fontsize=12)
        ax.legend(handles=[Line2D([], [], color=TRAIN_COLOUR, lw=1.7, label=tr_figure("train")),
                           Line2D([], [], color=TEST_COLOUR, lw=1.7, label=tr_figure("test")),
                           Line2D([], [], color="0.4", ls=":", lw=1.2, label=tr_figure("lowest test loss"))],
                  loc="lower left", fontsize=9)
        both = np.vstack([X_train, X_test])
        lo, hi = both.min(axis=0), both.max(axis=0)
        pad = 0.1 * (hi - lo)
        extent = (lo[0] - pad[0], hi[0] + pad[0], lo[1] - pad[1], hi[1] + pad[1])
        self._surface = DecisionSurface(self._ax_surface, X_train, y_train, features=None, resolution=_RESOLUTION,
                                        extent=extent, vlim=(0.0, 1.0), threshold=0.5, show_values=False,
                                        legend=False, animated=True)
        for artist in self._surface.point_artists:
            artist.set_sizes([36])
        yt = y_test[:, 0] > 0.5
        self._test_points = [self._ax_surface.scatter(X_test[yt == bool(c), 0], X_test[yt == bool(c), 1], s=26,
                                                      facecolors="none", edgecolors=CLASS_COLOURS[c],
                                                      marker=CLASS_MARKERS[c], linewidths=1.1, zorder=4,
                                                      animated=True) for c in (0, 1)]
        self._ax_surface.set_title(tr_figure("output; dashed: o = 0.5; filled: train, hollow: test"), fontsize=11)

    # ---------------------------------------------------------------- update
    def update(self):
        """Read the controls, train (or fetch from the cache), redraw. The controls call this on every change."""
        s = self.settings
        X_train, X_test, y_train, y_test = self.data
        epochs, train, test, net = self.train(s)
        diverged = net is None or not (np.isfinite(train).all() and np.isfinite(test).all())
        finite = np.isfinite(test)
        best = int(np.argmin(np.where(finite, test, np.inf))) if finite.any() else 0
        if net is None:
            train_acc = test_acc = float("nan")
        else:
            train_acc, test_acc = accuracy(net, X_train, y_train), accuracy(net, X_test, y_test)
        self._surface.update(diverged_predict if net is None else net.forward)
        self.state = {**asdict(s), "epochs_recorded": epochs, "train_losses": train, "test_losses": test,
                      "train_loss": float(train[-1]), "test_loss": float(test[-1]),
                      "best_epoch": int(epochs[best]), "best_test_loss": float(test[best]),
                      "train_accuracy": train_acc, "test_accuracy": test_acc, "diverged": diverged}
        peak = max(float(np.nanmax(np.where(np.isfinite(c), c, np.nan)[len(c) // 10:], initial=0.0))
                   for c in (train, test))
        top = next((t for t in LOSS_TOPS if peak <= 0.95 * t), LOSS_TOPS[-1])
        self._train_line.set_data(epochs, train)
        self._test_line.set_data(epochs, test)
        self._best_line.set_xdata([epochs[best], epochs[best]])
        self._loss_text.set_text(tr_figure("diverged") if diverged else
                                 tr_figure("train {train}\ntest  {test}\nlowest test {best} (epoch {epoch})").format(
                                     train=f"{train[-1]:.3f}", test=f"{test[-1]:.3f}", best=f"{test[best]:.3f}",
                                     epoch=epochs[best]))
        # the image covers half of each of the surface's spines: draw them again on top
        self._show(s, (0, s.epochs), (0, top),
                   [self._train_line, self._test_line, self._best_line, self._loss_text, *self._surface.artists,
                    *self._test_points, *self._ax_surface.spines.values()])

    def _readout_html(self):
        st = self.state
        reg = [tr("dropout p = {p}").format(p=f"{st['dropout']:g}")] if st["dropout"] else []
        reg += [f"L2 λ = {st['l2']:g}"] if st["l2"] else []
        setting = (tr("2-{hidden}-1 network, η = {lr}, {epochs} epochs, seed {seed}, ").format(
            hidden=st['hidden'], lr=f"{st['lr']:g}", epochs=st['epochs'], seed=st['seed'])
                   + (", ".join(reg) if reg else tr("no regularisation")))
        if st["diverged"]:
            verdict = tr("<b class='bp-warn'>diverged</b> (try a smaller learning rate)")
        else:
            gap = st["test_loss"] - st["train_loss"]
            verdict = tr("train loss <b>{train}</b>, test loss <b>{test}</b> (gap {gap}; lowest test loss {best} "
                         "at epoch {epoch}); accuracy train <b>{train_acc}</b>, test <b>{test_acc}</b>").format(
                train=f"{st['train_loss']:.3f}", test=f"{st['test_loss']:.3f}", gap=number(gap, '+.3f'),
                best=f"{st['best_test_loss']:.3f}", epoch=st['best_epoch'], train_acc=f"{st['train_accuracy']:.2f}",
                test_acc=f"{st['test_accuracy']:.2f}")
        return f"<div style='font-family:monospace;font-size:1.0em'>{html.escape(setting)}<br>{verdict}</div>"

    # ---------------------------------------------------------------- display
    def __repr__(self):
        st = self.state
        # The plain-text summary names what every computer agrees on: where a run without
        # regularisation ends is set by round-off (see RegularisedRun.roundoff_sensitive); its lowest
        # test loss and that epoch are not. The live readout shows the final numbers too.
        outcome = tr("diverged") if st["diverged"] else tr("lowest test loss {best} at epoch {epoch}").format(
            best=f"{st['best_test_loss']:.4f}", epoch=st['best_epoch'])
        return (f"DropoutExplorer(2-{st['hidden']}-1, dropout={st['dropout']:g}, lr={st['lr']:g}, l2={st['l2']:g}, "
                f"epochs={st['epochs']}, seed={st['seed']}): {outcome}")


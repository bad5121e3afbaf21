r"""XORExplorer: train a network on XOR with sliders, and see the loss curve, the decision surface and
the four predictions change as soon as a slider is let go.

Controls: learning rate $\eta$ (log scale, 0.01–10), neurons per hidden layer (1–16), number of hidden
layers (1–3), epochs (100–10 000), the hidden layers' activation and the seed of the initial weights.
The network is lesson 4's recipe, :meth:`backproplab.lessons.lesson04.xor.XORSettings.network`:
``Network([3, hidden, …, hidden, 1], activation=[act, …, act, "sigmoid"], bias=False, seed=seed)``
trained by ``fit(X, y, epochs, lr)`` on ``datasets.xor()`` — exactly what a lesson cell with the same
settings gets, so every picture can be reproduced in code.

Why it answers at once:

* **Training** is ``Network.fit`` (vectorised, nothing traced): a few tens of ms for the defaults.
* **Caching** (:mod:`._runs`, shared with the dropout explorer). Each setting of (lr, hidden, layers,
  activation, seed) keeps its network and a snapshot of the weights every 100 epochs. Moving the
  *epochs* slider up resumes training from where it stopped; moving it down reads a snapshot (and
  replays the epochs after it). Coming back to a setting costs nothing.
* **Drawing.** One figure is built once; a move updates its artists (``set_data``) and draws only them
  on top of a cached background (blitting), then the canvas goes into an ``ipywidgets.Image`` as
  PNG. The background (axes, ticks, colour bar) is drawn once; only the loss panel's is redrawn,
  when the epoch axis or the loss range changes (and cached). A setting seen before reuses its PNG.

Headless use (tests, ``bench/widget_latency.py``)::

    ex = XORExplorer()
    ex.controls["hidden"].value = 2       # the slider's callback runs update()
    ex.state["loss"], ex.state["predictions"]
    ex.image.value                        # PNG bytes of the current figure

Without a kernel (HTML export, GitHub) the display bundle carries a PNG snapshot of the current figure
next to the widget view; see ``_repr_mimebundle_``.
"""
from __future__ import annotations

import html
import math
from dataclasses import asdict

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import LogLocator, NullFormatter

from ..._plumbing.i18n import tr, tr_figure
from ...datasets import xor
from ...plots.training import DecisionSurface, plot_loss
from ...widgets._base import slider_options
from ...widgets._runs import ResumableRun, TrainingExplorer, all_finite, diverged_predict
from .xor import EPOCHS_RANGE, HIDDEN_RANGE, LAYERS_RANGE, LR_RANGE, SEED_RANGE, XORSettings

__all__ = ["XORExplorer"]

LR_EXPONENT_STEP = 0.1            # the learning-rate slider is on a log scale, in steps of 10^0.1 (31 positions)
EPOCHS_STEP = 100                 # also the spacing of the cached weight snapshots
_ACTIVATION_OPTIONS = [("sigmoid σ", "sigmoid"), ("tanh", "tanh"), ("ReLU", "relu"), ("leaky ReLU", "leaky_relu")]
LOSS_TOP = 3.0                    # half-SSE on XOR with outputs in (0, 1) is below 2
LOSS_FLOOR = 1e-4                 # the loss axis goes down to here, or lower when a run does
_RESOLUTION = 61                  # decision-surface pixels per side


class XORExplorer(TrainingExplorer):
    """Sliders for training a network on XOR; shows the loss curve, the decision surface and the
    four predictions.

    Parameters
    ----------
    lr, hidden, layers, epochs, activation, seed : the starting position of the controls (see
        :class:`backproplab.lessons.lesson04.xor.XORSettings`; defaults: the classic 3-4-1 sigmoid network,
        learning rate 1, 2000 epochs, seed 1).

    Attributes
    ----------
    controls : ``{"lr", "hidden", "layers", "epochs", "activation", "seed"}`` → widget; set ``.value``
        to drive the explorer (sliders clamp to their ranges).
    output : the display area (figure image and readout), an ``ipywidgets.VBox``.
    image : ``ipywidgets.Image`` with the PNG of the current figure; ``figure`` is the figure.
    readout : ``ipywidgets.HTML``: loss and predictions in words.
    state : the current drawing: the settings, ``loss`` (final), ``losses`` (per epoch),
        ``predictions`` ``(4,)``, ``solved`` (all four on the right side of 0.5), ``diverged_at``.
    widget : the whole explorer (controls + output), what the notebook displays.
    """
    MAX_RUNS = 256                # networks kept (each with its snapshots: ~10-100 kB)
    MAX_BACKGROUNDS = 16          # loss-panel backgrounds kept (~0.6 MB each)
    MAX_IMAGES = 256              # rendered PNGs kept (~25 kB each)

    def __init__(self, lr=1.0, hidden=4, layers=1, epochs=2000, activation="sigmoid", seed=1):
        start = XORSettings(lr, hidden, layers, epochs, activation, seed)
        self.X, self.y = xor()
        self._set_up(start, [["lr", "epochs", "seed"], ["hidden", "layers", "activation"]])

    # ---------------------------------------------------------------- controls
    @staticmethod
    def _make_controls(s: XORSettings):
        slider = slider_options()
        return {
            "lr": widgets.FloatLogSlider(value=s.lr, base=10, min=math.log10(LR_RANGE[0]),
                                         max=math.log10(LR_RANGE[1]), step=LR_EXPONENT_STEP,
                                         readout_format=".3g", description=tr("learning rate η"), **slider),
            "hidden": widgets.IntSlider(value=s.hidden, min=HIDDEN_RANGE[0], max=HIDDEN_RANGE[1],
                                        description=tr("neurons per hidden layer"), **slider),
            "layers": widgets.IntSlider(value=s.layers, min=LAYERS_RANGE[0], max=LAYERS_RANGE[1],
                                        description=tr("hidden layers"), **slider),
            "epochs": widgets.IntSlider(value=s.epochs, min=EPOCHS_RANGE[0], max=EPOCHS_RANGE[1],
                                        step=EPOCHS_STEP, description=tr("epochs"), **slider),
            "activation": widgets.Dropdown(options=_ACTIVATION_OPTIONS, value=s.activation,
                                           description=tr("hidden activation"), style=slider["style"],
                                           layout=widgets.Layout(width=slider["layout"].width, flex="none")),
            "seed": widgets.IntSlider(value=s.seed, min=SEED_RANGE[0], max=SEED_RANGE[1],
                                      description=tr("seed"), **slider),
        }

    @property
    def settings(self) -> XORSettings:
        """The controls' current position."""
        v = {name: control.value for name, control in self.controls.items()}
        # The log slider stores 10**exponent; round off the last bits so 1.0 is 1.0.
        v["lr"] = float(f"{v['lr']:.12g}")
        return XORSettings(**v)

    # ---------------------------------------------------------------- training
    def _new_run(self, settings: XORSettings):
        return ResumableRun(settings.network(), self.X, self.y, EPOCHS_STEP, lr=settings.lr)

    def train(self, settings: XORSettings):
        """``(losses, weights)`` for ``settings``: the loss per epoch and the weights after the last
        epoch, from the cache when this run has been seen (``losses`` is a read-only view)."""
        run = self._run(settings)
        weights, _ = run.parameters_at(settings.epochs)
        losses = run.losses[:settings.epochs]
        losses.flags.writeable = False
        return losses, weights

    # ---------------------------------------------------------------- figure
    def _build_figure(self):
        ax, self._ax_surface = self._new_figure((9.6, 3.7), width_ratios=[1.25, 1])
        plot_loss([1.0], ax=ax)
        self._loss_line = ax.lines[-1]
        ax.set_title(tr_figure("loss per epoch"), fontsize=12)
        self._loss_text = ax.text(0.97, 0.95, "", transform=ax.transAxes, ha="right", va="top", fontsize=11,
                                  bbox=dict(boxstyle="round,pad=0.25", fc="white", ec="0.7"))
        self._surface = DecisionSurface(self._ax_surface, self.X, self.y, resolution=_RESOLUTION,
                                        vlim=(0.0, 1.0), threshold=0.5, show_values=True, legend=False,
                                        animated=True)
        self.figure.colorbar(self._surface.image, ax=self._ax_surface, label=tr_figure("output $o$"), fraction=0.06, pad=0.03)
        self._ax_surface.set_title(tr_figure("output $o(x_1, x_2)$; dashed: $o = 0.5$"), fontsize=12)
        # Fewer minor ticks than matplotlib's default on a log axis: they are most of the drawing time.
        ax.yaxis.set_minor_locator(LogLocator(subs=(2.0, 5.0)))
        ax.yaxis.set_minor_formatter(NullFormatter())
        for artist in (self._loss_line, self._loss_text):
            artist.set_animated(True)

    # ---------------------------------------------------------------- update
    def update(self):
        """Read the controls, train (or fetch from the cache), redraw. The controls call this on every change."""
        s = self.settings
        losses, weights = self.train(s)
        net = self._run(s).net.with_weights(weights) if all_finite(weights) else None
        finite = np.isfinite(losses)
        diverged_at = None if finite.all() else int(np.argmin(finite))
        self._surface.update(diverged_predict if net is None else net.forward)
        predictions = self._surface.predictions.copy()
        targets = self.y[:, 0]
        solved = bool(np.all((predictions > 0.5) == (targets > 0.5)))
        final = float(losses[-1])

        lowest = float(losses[finite].min()) if finite.any() else LOSS_FLOOR
        loss_bottom = min(LOSS_FLOOR, 10.0 ** math.floor(math.log10(max(lowest, 1e-300))))
        self._loss_line.set_data(np.arange(losses.size), np.where(finite, losses, np.nan))
        self._loss_text.set_text(tr_figure("diverged at epoch {epoch}").format(epoch=diverged_at)
                                 if diverged_at is not None
                                 else tr_figure("E = {E} after {epochs} epochs").format(E=f"{final:.3g}",
                                                                                       epochs=s.epochs))
        self.state = {**asdict(s), "loss": final, "losses": losses, "predictions": predictions,
                      "solved": solved, "diverged_at": diverged_at, "weights": weights}
        # the image covers half of each of the surface's spines: draw them again on top
        self._show(s, (0, s.epochs), (loss_bottom, LOSS_TOP),
                   [self._loss_line, self._loss_text, *self._surface.artists, *self._ax_surface.spines.values()])

    def _readout_html(self):
        st = self.state
        cells = "".join(f"<td style='padding:0 0.8em'>o({int(x1)},{int(x2)}) = <b>{o:.3f}</b> "
                        + tr("(target {t})").format(t=int(t)) + "</td>"
                        for (x1, x2, _), t, o in zip(self.X, self.y[:, 0], st["predictions"]))
        if st["diverged_at"] is not None:
            verdict = tr("<b class='bp-warn'>diverged</b> at epoch {epoch}").format(epoch=st['diverged_at'])
        else:
            verdict = (tr("E = <b>{E}</b> after {epochs} epochs — ").format(E=f"{st['loss']:.3g}",
                                                                            epochs=st['epochs']) +
                       (tr("<b class='bp-good'>all four on the right side of 0.5 ✔</b>") if st["solved"]
                        else tr("<b class='bp-warn'>not solved yet ✘</b>")))
        net = "-".join(str(n) for n in [3] + [st["hidden"]] * st["layers"] + [1])
        return ("<div style='font-family:monospace;font-size:1.0em'>"
                + tr("{net} network, {activation} hidden layers, η = {lr}, seed {seed}: {verdict}").format(
                    net=html.escape(net), activation=html.escape(st['activation']), lr=f"{st['lr']:.3g}",
                    seed=st['seed'], verdict=verdict)
                + f"<table><tr>{cells}</tr></table></div>")

    # ---------------------------------------------------------------- display
    def __repr__(self):
        st = self.state
        net = "-".join(str(n) for n in [3] + [st["hidden"]] * st["layers"] + [1])
        outcome = (f"diverged at epoch {st['diverged_at']}" if st["diverged_at"] is not None
                   else f"E = {st['loss']:.4g} after {st['epochs']} epochs")
        preds = ", ".join(f"{o:.3f}" for o in st["predictions"])
        return (f"XORExplorer({net}, activation={st['activation']!r}, lr={st['lr']:.3g}, seed={st['seed']}): "
                f"{outcome}; predictions [{preds}]")


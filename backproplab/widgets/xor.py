r"""XORExplorer: train a network on XOR with sliders, and see the loss curve, the decision surface and
the four predictions change as soon as a slider is let go.

Controls: learning rate $\eta$ (log scale, 0.01–10), neurons per hidden layer (1–16), number of hidden
layers (1–3), epochs (100–10 000), the hidden layers' activation and the seed of the initial weights.
The network is ``Network([3, hidden, …, hidden, 1], activation=[act, …, act, "sigmoid"], bias=False,
seed=seed)`` trained by ``fit(X, y, epochs, lr)`` on ``datasets.xor()`` — exactly what a lesson cell
with the same settings gets, so every picture can be reproduced in code.

Why it answers at once:

* **Training** is ``Network.fit`` (vectorised, nothing traced): a few tens of ms for the defaults.
* **Caching.** Each setting of (lr, hidden, layers, activation, seed) keeps its network and a
  snapshot of the weights every 100 epochs. Moving the *epochs* slider up resumes training from where
  it stopped; moving it down reads a snapshot. Coming back to a setting costs nothing.
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
from collections import OrderedDict
from dataclasses import asdict, dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox
from matplotlib.ticker import LogLocator, NullFormatter

from .. import _checks
from ..datasets import xor
from ..network import Network
from ..plots.training import DecisionSurface, plot_loss
from ._base import Explorer, bounded, fit_quietly, lru_get, png_bytes

__all__ = ["XORExplorer", "XORSettings", "HIDDEN_ACTIVATIONS"]

LR_RANGE = (0.01, 10.0)           # the learning-rate slider, log scale …
LR_EXPONENT_STEP = 0.1            # … in steps of 10^0.1 (31 positions)
HIDDEN_RANGE = (1, 16)
LAYERS_RANGE = (1, 3)
EPOCHS_RANGE = (100, 10_000)
EPOCHS_STEP = 100                 # also the spacing of the cached weight snapshots
SEED_RANGE = (0, 99)
HIDDEN_ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu")
_ACTIVATION_OPTIONS = [("sigmoid σ", "sigmoid"), ("tanh", "tanh"), ("ReLU", "relu"), ("leaky ReLU", "leaky_relu")]
LOSS_TOP = 3.0                    # half-SSE on XOR with outputs in (0, 1) is below 2
LOSS_FLOOR = 1e-4                 # the loss axis goes down to here, or lower when a run does
_MAX_RUNS = 256                   # networks kept (each with its snapshots: ~10-100 kB)
_MAX_BACKGROUNDS = 16             # loss-panel backgrounds kept (~0.6 MB each)
_MAX_IMAGES = 256                 # rendered PNGs kept (~70 kB each)
_RESOLUTION = 61                  # decision-surface pixels per side


@dataclass(frozen=True)
class XORSettings:
    """One position of the explorer's controls."""
    lr: float = 1.0
    hidden: int = 4
    layers: int = 1
    epochs: int = 2000
    activation: str = "sigmoid"
    seed: int = 1

    def __post_init__(self):
        object.__setattr__(self, "lr", bounded("lr", self.lr, *LR_RANGE, float))
        object.__setattr__(self, "hidden", bounded("hidden", self.hidden, *HIDDEN_RANGE, int))
        object.__setattr__(self, "layers", bounded("layers", self.layers, *LAYERS_RANGE, int))
        object.__setattr__(self, "epochs", bounded("epochs", self.epochs, *EPOCHS_RANGE, int))
        _checks.choice("activation", self.activation, HIDDEN_ACTIVATIONS)
        object.__setattr__(self, "seed", bounded("seed", self.seed, *SEED_RANGE, int))

    @property
    def layer_sizes(self) -> list[int]:
        return [3] + [self.hidden] * self.layers + [1]

    @property
    def activations(self) -> list[str]:
        """The hidden layers' activation, then a sigmoid output (targets are 0 and 1)."""
        return [self.activation] * self.layers + ["sigmoid"]

    def network(self) -> Network:
        """The untrained network these settings start from (as a lesson cell would build it)."""
        return Network(self.layer_sizes, activation=self.activations, bias=False, seed=self.seed)

    @property
    def _run_key(self):
        return (self.lr, self.hidden, self.layers, self.activation, self.seed)


class _Run:
    """One network trained on XOR, kept so that more epochs resume it and fewer rewind it.

    ``losses[e]`` is the loss during epoch ``e`` (``History.loss``); ``snapshots[e]`` the weights
    after ``e`` epochs, every ``EPOCHS_STEP`` epochs and at every epoch count asked for.
    """

    def __init__(self, settings: XORSettings, X, y):
        self.net = settings.network()
        self.lr = settings.lr
        self.X, self.y = X, y
        self.losses = np.empty(0)
        self.snapshots = {0: [w.copy() for w in self.net.weights]}

    def _fit(self, net, epochs, record_every=0):
        # A run may overflow (large rates with ReLU): let NaN/inf through silently; the explorer
        # reports "diverged" instead of a warning.
        with np.errstate(all="ignore"):
            return fit_quietly(net, self.X, self.y, epochs, lr=self.lr, record_every=record_every)

    def weights_at(self, epochs: int) -> list[np.ndarray]:
        trained = self.losses.size
        if epochs > trained:                       # resume
            history = self._fit(self.net, epochs - trained, record_every=EPOCHS_STEP)
            for e, ws in zip(history.snapshot_epochs, history.weights):
                self.snapshots[trained + e] = ws
            self.snapshots[epochs] = [w.copy() for w in self.net.weights]
            self.losses = np.concatenate([self.losses, history.loss])
        elif epochs not in self.snapshots:          # rewind to the snapshot before, replay the rest
            start = max(e for e in self.snapshots if e < epochs)
            weights = self.snapshots[start]
            if all(np.isfinite(w).all() for w in weights):
                replay = Network.from_weights(weights, activation=[a.name for a in self.net.activations])
                self._fit(replay, epochs - start)
                weights = [w.copy() for w in replay.weights]
            self.snapshots[epochs] = weights       # (NaN weights stay NaN)
        return self.snapshots[epochs]


class XORExplorer(Explorer):
    """Sliders for training a network on XOR; shows the loss curve, the decision surface and the
    four predictions.

    Parameters
    ----------
    lr, hidden, layers, epochs, activation, seed : the starting position of the controls (see
        :class:`XORSettings`; defaults: the classic 3-4-1 sigmoid network, learning rate 1, 2000 epochs, seed 1).

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

    def __init__(self, lr=1.0, hidden=4, layers=1, epochs=2000, activation="sigmoid", seed=1):
        start = XORSettings(lr, hidden, layers, epochs, activation, seed)
        self.X, self.y = xor()
        self._runs: OrderedDict = OrderedDict()
        self._backgrounds: OrderedDict = OrderedDict()
        self._images: OrderedDict = OrderedDict()
        self.controls = self._make_controls(start)
        self._assemble([["lr", "epochs", "seed"], ["hidden", "layers", "activation"]])
        self._build_figure()
        self._start()

    # ---------------------------------------------------------------- controls
    @staticmethod
    def _make_controls(s: XORSettings):
        style = {"description_width": "initial"}
        slider = dict(continuous_update=False, style=style, layout=widgets.Layout(width="300px"))
        return {
            "lr": widgets.FloatLogSlider(value=s.lr, base=10, min=math.log10(LR_RANGE[0]),
                                         max=math.log10(LR_RANGE[1]), step=LR_EXPONENT_STEP,
                                         readout_format=".3g", description="learning rate η", **slider),
            "hidden": widgets.IntSlider(value=s.hidden, min=HIDDEN_RANGE[0], max=HIDDEN_RANGE[1],
                                        description="neurons per hidden layer", **slider),
            "layers": widgets.IntSlider(value=s.layers, min=LAYERS_RANGE[0], max=LAYERS_RANGE[1],
                                        description="hidden layers", **slider),
            "epochs": widgets.IntSlider(value=s.epochs, min=EPOCHS_RANGE[0], max=EPOCHS_RANGE[1],
                                        step=EPOCHS_STEP, description="epochs", **slider),
            "activation": widgets.Dropdown(options=_ACTIVATION_OPTIONS, value=s.activation,
                                           description="hidden activation", style=style,
                                           layout=widgets.Layout(width="300px")),
            "seed": widgets.IntSlider(value=s.seed, min=SEED_RANGE[0], max=SEED_RANGE[1],
                                      description="seed", **slider),
        }

    @property
    def settings(self) -> XORSettings:
        """The controls' current position."""
        v = {name: control.value for name, control in self.controls.items()}
        # The log slider stores 10**exponent; round off the last bits so 1.0 is 1.0.
        v["lr"] = float(f"{v['lr']:.12g}")
        return XORSettings(**v)

    # ---------------------------------------------------------------- training
    def train(self, settings: XORSettings):
        """``(losses, weights)`` for ``settings``: the loss per epoch and the weights after the last
        epoch, from the cache when this run has been seen (``losses`` is a read-only view)."""
        run = lru_get(self._runs, settings._run_key, lambda: _Run(settings, self.X, self.y), _MAX_RUNS)
        weights = run.weights_at(settings.epochs)
        losses = run.losses[:settings.epochs]
        losses.flags.writeable = False
        return losses, weights

    # ---------------------------------------------------------------- figure
    def _build_figure(self):
        fig = Figure(figsize=(9.6, 3.7), dpi=90, layout="constrained")
        self._canvas = FigureCanvasAgg(fig)
        self.figure = fig
        self._ax_loss, self._ax_surface = fig.subplots(1, 2, width_ratios=[1.25, 1])
        ax = self._ax_loss
        plot_loss([1.0], ax=ax)
        self._loss_line = ax.lines[-1]
        ax.set_title("loss per epoch", fontsize=12)
        self._loss_text = ax.text(0.97, 0.95, "", transform=ax.transAxes, ha="right", va="top", fontsize=11,
                                  bbox=dict(boxstyle="round,pad=0.25", fc="white", ec="0.7"))
        self._surface = DecisionSurface(self._ax_surface, self.X, self.y, resolution=_RESOLUTION,
                                        vlim=(0.0, 1.0), threshold=0.5, show_values=True, legend=False,
                                        animated=True)
        fig.colorbar(self._surface.image, ax=self._ax_surface, label="output $o$", fraction=0.06, pad=0.03)
        self._ax_surface.set_title("output $o(x_1, x_2)$; dashed: $o = 0.5$", fontsize=12)
        # Fewer minor ticks than matplotlib's default on a log axis: they are most of the drawing time.
        ax.yaxis.set_minor_locator(LogLocator(subs=(2.0, 5.0)))
        ax.yaxis.set_minor_formatter(NullFormatter())
        for artist in (self._loss_line, self._loss_text):
            artist.set_animated(True)
        self._base = None

    def _background(self, epochs, loss_bottom):
        """Restore the figure without its moving parts, for this epoch axis and loss range.

        Only the loss panel depends on the epochs and the loss range, so the rest of the figure is
        drawn once (``self._base``) and the loss panel's background is cached per axis range."""
        ax = self._ax_loss
        canvas = self._canvas
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

        ax.set_xlim(0, epochs)
        ax.set_ylim(loss_bottom, LOSS_TOP)
        loss_panel = lru_get(self._backgrounds, (epochs, loss_bottom), draw, _MAX_BACKGROUNDS)
        canvas.restore_region(self._base)
        canvas.restore_region(loss_panel)

    def _render_png(self) -> bytes:
        """The moving artists drawn on the restored background, as PNG bytes."""
        for artist in (self._loss_line, self._loss_text):
            self._ax_loss.draw_artist(artist)
        for artist in self._surface.artists:
            self._ax_surface.draw_artist(artist)
        for spine in self._ax_surface.spines.values():   # the image covers half of each spine
            self._ax_surface.draw_artist(spine)
        return png_bytes(self._canvas)

    # ---------------------------------------------------------------- update
    def update(self):
        """Read the controls, train (or fetch from the cache), redraw. The controls call this on every change."""
        s = self.settings
        losses, weights = self.train(s)
        finite = np.isfinite(losses)
        diverged_at = None if finite.all() else int(np.argmin(finite))
        if all(np.isfinite(w).all() for w in weights):
            predict = Network.from_weights(weights, activation=s.activations).forward
        else:
            def predict(inputs):
                return np.full((len(inputs), 1), np.nan)
        self._surface.update(predict)
        predictions = self._surface.predictions.copy()
        targets = self.y[:, 0]
        solved = bool(np.all((predictions > 0.5) == (targets > 0.5)))
        final = float(losses[-1])

        lowest = float(losses[finite].min()) if finite.any() else LOSS_FLOOR
        loss_bottom = min(LOSS_FLOOR, 10.0 ** math.floor(math.log10(max(lowest, 1e-300))))
        self._ax_loss.set_xlim(0, s.epochs)
        self._ax_loss.set_ylim(loss_bottom, LOSS_TOP)
        self._loss_line.set_data(np.arange(losses.size), np.where(finite, losses, np.nan))
        self._loss_text.set_text(f"diverged at epoch {diverged_at}" if diverged_at is not None
                                 else f"E = {final:.3g} after {s.epochs} epochs")
        self.state = {**asdict(s), "loss": final, "losses": losses, "predictions": predictions,
                      "solved": solved, "diverged_at": diverged_at, "weights": weights}
        def render():
            self._background(s.epochs, loss_bottom)
            return self._render_png()
        # Coming back to a setting reuses its picture (the artists above are updated all the same).
        self.image.value = lru_get(self._images, s, render, _MAX_IMAGES)
        self.readout.value = self._readout_html()

    def _readout_html(self):
        st = self.state
        cells = "".join(f"<td style='padding:0 0.8em'>o({int(x1)},{int(x2)}) = <b>{o:.3f}</b> "
                        f"(target {int(t)})</td>"
                        for (x1, x2, _), t, o in zip(self.X, self.y[:, 0], st["predictions"]))
        if st["diverged_at"] is not None:
            verdict = f"<b style='color:#b35900'>diverged</b> at epoch {st['diverged_at']}"
        else:
            verdict = (f"E = <b>{st['loss']:.3g}</b> after {st['epochs']} epochs — " +
                       ("<b style='color:#1a7f37'>all four on the right side of 0.5 ✔</b>" if st["solved"]
                        else "<b style='color:#b35900'>not solved yet ✘</b>"))
        net = "-".join(str(n) for n in [3] + [st["hidden"]] * st["layers"] + [1])
        return (f"<div style='font-family:monospace;font-size:1.0em'>{html.escape(net)} network, "
                f"{html.escape(st['activation'])} hidden layers, η = {st['lr']:.3g}, seed {st['seed']}: {verdict}"
                f"<table><tr>{cells}</tr></table></div>")

    # ---------------------------------------------------------------- display
    def __repr__(self):
        st = self.state
        net = "-".join(str(n) for n in [3] + [st["hidden"]] * st["layers"] + [1])
        outcome = (f"diverged at epoch {st['diverged_at']}" if st["diverged_at"] is not None
                   else f"E = {st['loss']:.4g} after {st['epochs']} epochs")
        preds = ", ".join(f"{o:.3f}" for o in st["predictions"])
        return (f"XORExplorer({net}, activation={st['activation']!r}, lr={st['lr']:.3g}, seed={st['seed']}): "
                f"{outcome}; predictions [{preds}]")


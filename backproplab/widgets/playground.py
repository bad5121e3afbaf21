r"""Playground: TensorFlow-Playground-style exploration on 2-D data, with the numbers of any step
one selection away (lesson 10).

A network of the package's own :class:`~backproplab.network.Network` learns one of the six sets of
:func:`backproplab.datasets.playground` from input features of :mod:`backproplab.features`. The
figure draws, as the Playground does, every input feature and every neuron as a small heat map of its
own output over the plane $[-6, 6]^2$, the weights as lines (width $\propto |w|$, blue positive,
orange negative), the output's surface large with the points, and the train and test loss per epoch.
Select a neuron or a weight and the readout shows the numbers of the most recent training step for
it — $z$, $o$, $\delta$, $\partial E/\partial w$ and the update — from that step's
:class:`~backproplab.trace.StepTrace`: its records, in its notation (``o_h1.0``, ``w_x₁,h1.0``, λ₂),
formulas as ``trace.explain()`` writes them.

Training. Classification sets (labels 0/1): a sigmoid output and binary cross-entropy ``"bce"``;
regression sets: a linear output and $E = \tfrac12\sum(t - o)^2$. Hidden layers use the chosen
activation; starting weights are Glorot-normal from ``seed``. One epoch takes every training point
once, in batches of ``batch_size`` in a fresh order (drawn from ``seed``): ``Network.fit`` runs the
batches but the last, and :meth:`Network.train_step` runs the last one and returns its trace. So an
epoch is the same numbers however the epochs are grouped into steps and frames.

Speed. Play is an ``ipywidgets.Play`` whose ticks each run one frame (:meth:`Playground.frame`:
:attr:`Playground.epochs_per_frame` epochs, then one redraw), in the kernel's own thread; while a
frame runs the browser holds the next tick back (ipywidgets sends a control's latest value once the
kernel is idle), so ticks never pile up and pause answers at once. One forward pass over an 80 × 80
grid gives every neuron's picture (the small maps take every second row and column), and the maps are
pasted straight into the canvas's pixels through a colour table; everything that does not move is a
background drawn once per network shape (and once per loss-axis range), a frame draws the weights,
points, title and loss lines on top of it. The PNG has a 128-colour palette (about 21 kB).

Headless use (tests, ``bench/playground_latency.py``)::

    pg = Playground()
    pg.step(5)                      # five epochs, then redraw
    pg.select(1, 0)                 # hidden layer 1, unit 0 (units count from 0, top first)
    print(pg.selection_text())
    pg.set(features=("x1^2", "x2^2"), hidden=())
"""
from __future__ import annotations

import html
import math
import warnings

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.colors import LinearSegmentedColormap, to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from .. import backprop, datasets, features
from .._plumbing import checks as _checks
from .._plumbing.format import number
from .._plumbing.blas import one_blas_thread
from ..network import Network, NonFiniteError, TrainingDiverged
from ..trace_records import Element, element_name
from ..trace_render import explain_line, formula_line
from ._base import Explorer, png_bytes

__all__ = ["Playground", "DEFAULTS", "ACTIVATIONS", "LEARNING_RATES", "REG_RATES"]

ACTIVATIONS = ("tanh", "relu", "sigmoid", "linear", "leaky_relu")
REGULARISERS = ("none", "l1", "l2")
LEARNING_RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)   # the Playground's menu
REG_RATES = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
MAX_LAYERS, MAX_NEURONS = 6, 8
BATCH_RANGE = (1, 30)
TRAIN_FRACTION_RANGE = (0.1, 0.9)
NOISE_RANGE = (0.0, 0.5)
DROPOUT_RANGE = (0.0, 0.9)
N_POINTS = 200
STEPS_PER_FRAME = 100              # batch steps a play frame aims at (epochs_per_frame = this / batches)
MAX_EPOCHS_PER_FRAME = 20
PLAY_INTERVAL_MS = 70                # a tick every 70 ms; a slower frame makes the next tick wait
RESOLUTION = 80                    # the output surface's pixels per side; the small maps take every 2nd
HALF = datasets.PLAYGROUND_HALF_WIDTH
FIG_WIDTH, FIG_HEIGHT, DPI = 10.5, 5.0, 80     # 840 × 400 pixels
NET_BOX = (0.0, 0.01, 0.6, 0.97)               # the network's part of the figure; then the output and the loss
OUT_BOX = (0.62, 0.33, 0.37, 0.6)
LOSS_BOX = (0.665, 0.07, 0.32, 0.18)
NET_REGION = (0.0, 0.0, 0.61, 1.0)             # (x0, y0, x1, y1) of the figure each part redraws on white
LOSS_REGION = (0.615, 0.0, 1.0, 0.285)
PNG_COLOURS = 128
MAP_HALF = 0.37                                # half a small map's side, in units of the neuron spacing

DEFAULTS = dict(dataset="circle", noise=0.0, train_fraction=0.5, data_seed=0, features=("x1", "x2"),
                hidden=(4, 2), activation="tanh", learning_rate=0.03, batch_size=10, regulariser="none",
                reg_rate=0.0, dropout=0.0, seed=0, show_test=False, discretise=False)
_DATA = ("dataset", "noise", "train_fraction", "data_seed")
_STRUCTURE = _DATA + ("features", "hidden", "activation", "seed")     # a change resets the network

# the Playground's colours: orange negative (class 0), blue positive (class 1), near-white zero
ORANGE, BLUE = "#f59322", "#0877bd"
CMAP = LinearSegmentedColormap.from_list("playground", [ORANGE, "#e8eaeb", BLUE])
MAP_LUT = (CMAP(np.linspace(0.0, 1.0, 256)) * 255).round().astype(np.uint8)        # value on [−1, 1] → RGBA
SURFACE_LUT = (0.6 * MAP_LUT + 0.4 * 255).round().astype(np.uint8)                 # paler, under the points
_DIGITS = ".4g"
NONE = ()          # the menus' "nothing selected" (a Dropdown shows a blank for the value None)


def _check_settings(values: dict) -> dict:
    """Every setting checked (a ValueError/TypeError naming the first bad one); the canonical forms:
    ``features`` in :data:`~backproplab.features.FEATURES` order, ``hidden`` a tuple of ints."""
    s = dict(values)
    s["dataset"] = _checks.choice("dataset", s["dataset"], datasets.PLAYGROUND_SETS)
    s["noise"] = _checks.real("noise", s["noise"], low=NOISE_RANGE[0], high=NOISE_RANGE[1])
    s["train_fraction"] = _checks.real("train_fraction", s["train_fraction"], low=TRAIN_FRACTION_RANGE[0],
                                       high=TRAIN_FRACTION_RANGE[1])
    s["data_seed"] = _checks.integer("data_seed", s["data_seed"], low=0)
    if isinstance(s["features"], str) or not isinstance(s["features"], (list, tuple)):
        raise TypeError(f"features must be a tuple of feature names from {list(features.FEATURES)}, "
                        f"got {type(s['features']).__name__} {s['features']!r:.60}")
    try:
        chosen = features.check_names(s["features"])
    except ValueError as exc:
        raise ValueError(f"features: {exc}") from None
    s["features"] = tuple(name for name in features.FEATURES if name in chosen)
    hidden = s["hidden"]
    if isinstance(hidden, (bool, str)) or not isinstance(hidden, (list, tuple)):
        raise TypeError(f"hidden must be a tuple of neuron counts, one per hidden layer, e.g. (4, 2) or () for "
                        f"none, got {type(hidden).__name__} {hidden!r:.60}")
    if len(hidden) > MAX_LAYERS:
        raise ValueError(f"hidden must have at most {MAX_LAYERS} layers, got {len(hidden)}: {tuple(hidden)!r:.60}")
    s["hidden"] = tuple(_checks.bounded(f"hidden[{k}]", n, 1, MAX_NEURONS, int) for k, n in enumerate(hidden))
    s["activation"] = _checks.choice("activation", s["activation"], ACTIVATIONS)
    s["learning_rate"] = _checks.real("learning_rate", s["learning_rate"], low=0.0, high=10.0, low_open=True)
    s["batch_size"] = _checks.bounded("batch_size", s["batch_size"], *BATCH_RANGE, int)
    s["regulariser"] = _checks.choice("regulariser", s["regulariser"], REGULARISERS)
    s["reg_rate"] = _checks.real("reg_rate", s["reg_rate"], low=0.0, high=10.0)
    s["dropout"] = _checks.real("dropout", s["dropout"], low=DROPOUT_RANGE[0], high=DROPOUT_RANGE[1])
    s["seed"] = _checks.integer("seed", s["seed"], low=0)
    for flag in ("show_test", "discretise"):
        if not isinstance(s[flag], (bool, np.bool_)):
            raise TypeError(f"{flag} must be True or False, got {type(s[flag]).__name__} {s[flag]!r:.40}")
        s[flag] = bool(s[flag])
    return s


def _challenges():
    def challenge(**changes):
        return {**DEFAULTS, **changes}
    return {
        # a straight line cannot follow two arms: the loss stalls near ln 2
        "spiral-no-hidden": challenge(dataset="spiral", hidden=()),
        # the disc is x1² + x2² < r²: a straight line in the squares, no hidden layer needed
        "circle-squares": challenge(dataset="circle", features=("x1^2", "x2^2"), hidden=()),
        # too large a step pushes ReLUs to negative net input everywhere: their pictures go blank
        "dead-relu": challenge(dataset="circle", hidden=(6, 6), activation="relu", learning_rate=0.3, seed=1),
        # 20 noisy training points, every feature and three wide layers: the network follows every training
        # point (train loss → 0) and its test loss climbs far above its lowest
        "overfit": challenge(dataset="xor", noise=0.3, train_fraction=0.1, hidden=(8, 8, 8),
                             features=features.FEATURES, show_test=True),
        # the same with an L2 penalty: the test loss stays near its lowest
        "overfit-cure": challenge(dataset="xor", noise=0.3, train_fraction=0.1, hidden=(8, 8, 8),
                                  features=features.FEATURES, show_test=True, regulariser="l2", reg_rate=0.3),
    }


class Playground(Explorer):
    r"""TensorFlow Playground in the notebook, trained by the package's :class:`Network`, with the
    numbers of the latest step for any neuron or weight.

    Parameters (all are settings; :meth:`set` takes the same names)
    ----------
    dataset : one of :data:`backproplab.datasets.PLAYGROUND_SETS`.
    noise : in [0, 0.5]; train_fraction : share of the 200 points used for training, in [0.1, 0.9];
    data_seed : draws the points and the split.
    features : names from :data:`backproplab.features.FEATURES` (kept in that order).
    hidden : neurons per hidden layer, 0–6 layers of 1–8 neurons; ``()`` is no hidden layer.
    activation : the hidden layers' activation, one of :data:`ACTIVATIONS`.
    learning_rate : $\eta$ in (0, 10]; batch_size : 1–30 points per step.
    regulariser : ``"none"``, ``"l1"`` ($\lambda\sum|w|$) or ``"l2"`` ($\tfrac\lambda2\sum w^2$), on the
        weights; reg_rate : $\lambda$ in [0, 10].
    dropout : rate of inverted dropout on the hidden layers, in [0, 0.9].
    seed : draws the starting weights, the batch order and the dropout masks.
    show_test : draw the test points too; discretise : draw the output as its class (0/1) only.

    Attributes
    ----------
    settings : the current settings (a new dict each time). epoch, train_loss, test_loss, history.
    network : the :class:`Network` being trained. trace : the :class:`StepTrace` of the most recent
        batch (``None`` before the first step); batch : its ``(features, targets)``.
    controls, image, readout, epoch_label, widget : the view (name → ipywidgets control, …).
    """
    CHALLENGES = _challenges()

    def __init__(self, dataset="circle", noise=0.0, train_fraction=0.5, data_seed=0, features=("x1", "x2"),
                 hidden=(4, 2), activation="tanh", learning_rate=0.03, batch_size=10, regulariser="none",
                 reg_rate=0.0, dropout=0.0, seed=0, show_test=False, discretise=False):
        given = dict(dataset=dataset, noise=noise, train_fraction=train_fraction, data_seed=data_seed,
                     features=features, hidden=hidden, activation=activation, learning_rate=learning_rate,
                     batch_size=batch_size, regulariser=regulariser, reg_rate=reg_rate, dropout=dropout, seed=seed,
                     show_test=show_test, discretise=discretise)
        self._settings = _check_settings(given)
        self._selected = None
        self._layout_key = None
        self._make_data()
        self.reset(redraw=False)
        self._build_controls()
        self._build_figure()
        self._refresh()
        self._observe()

    # ---------------------------------------------------------------- settings
    @property
    def settings(self) -> dict:
        """The current settings (a copy): the constructor's arguments."""
        return dict(self._settings)

    def set(self, **settings):
        """Change settings by name (any constructor argument), all checked before any applies: a
        ValueError/TypeError names the bad one and nothing changes. A change of the data, features,
        hidden layers, activation or seed resets the network; the others apply from the next step."""
        self._apply(settings)
        self._refresh()

    def _apply(self, settings):
        unknown = sorted(set(settings) - set(DEFAULTS))
        if unknown:
            raise ValueError(f"unknown setting(s) {unknown}; the settings are {sorted(DEFAULTS)}")
        new = _check_settings({**self._settings, **settings})
        old, self._settings = self._settings, new
        if any(new[k] != old[k] for k in _DATA):
            self._make_data()
        if any(new[k] != old[k] for k in _STRUCTURE):
            self._selected = None
            self.reset(redraw=False)
        else:
            self.network.dropout = new["dropout"]
        self._sync_controls()

    def challenge(self, name):
        """Put the playground into the state of :attr:`CHALLENGES` ``[name]`` (every setting) and reset."""
        name = _checks.choice("name", name, self.CHALLENGES)
        self._apply(self.CHALLENGES[name])
        self.reset()

    # ---------------------------------------------------------------- data and network
    def _make_data(self):
        s = self._settings
        X, y = datasets.playground(s["dataset"], n=N_POINTS, noise=s["noise"], seed=s["data_seed"])
        self.X_train, self.X_test, self.y_train, self.y_test = datasets.train_test_split(
            X, y, test_fraction=1.0 - s["train_fraction"], seed=s["data_seed"])

    @property
    def classification(self) -> bool:
        return self._settings["dataset"] in datasets.PLAYGROUND_CLASSIFICATION

    def reset(self, redraw=True):
        """New starting weights from ``seed``, epoch 0, the history cleared."""
        s = self._settings
        names = features.check_names(s["features"])
        sizes = [len(names), *s["hidden"], 1]
        output = ("sigmoid", "bce") if self.classification else ("linear", "half_sse")
        neuron_names = ([[features.feature_label(f) for f in names]]
                        + [[f"h{k}.{j}" for j in range(n)] for k, n in enumerate(s["hidden"], start=1)] + [["out"]])
        self.network = Network(sizes, activation=[s["activation"]] * len(s["hidden"]) + [output[0]], loss=output[1],
                               dropout=s["dropout"], seed=s["seed"], init="glorot", names=neuron_names)
        self._order = np.random.default_rng([s["seed"], 1])         # the batch order, apart from the weights' draw
        self.F_train = features.feature_map(self.X_train, names)
        self.F_test = features.feature_map(self.X_test, names)
        self.epoch = 0
        self.trace = self.batch = None
        self.diverged = None
        self.train_loss, self.test_loss = self._losses()
        self.history = [(0, self.train_loss, self.test_loss)]
        if redraw:
            self._refresh()

    @property
    def epochs_per_frame(self) -> int:
        """Epochs one play frame trains: about :data:`STEPS_PER_FRAME` batch steps, 1 to 20 epochs."""
        batches = -(-self.F_train.shape[0] // self._settings["batch_size"])
        return max(1, min(MAX_EPOCHS_PER_FRAME, round(STEPS_PER_FRAME / batches)))

    def _losses(self):
        """Mean loss per point on the training and the test set (no penalty)."""
        net = self.network
        try:
            return (net.loss_value(self.F_train, self.y_train) / self.F_train.shape[0],
                    net.loss_value(self.F_test, self.y_test) / self.F_test.shape[0])
        except NonFiniteError:
            return math.nan, math.nan

    def _train_epoch(self):
        """One epoch: every training point once, in batches of ``batch_size`` in a fresh order. fit runs
        all batches but the last; train_step runs the last and keeps its trace. False if it diverged."""
        s, net = self._settings, self.network
        n, b = self.F_train.shape[0], s["batch_size"]
        order = self._order.permutation(n)
        F, y = self.F_train[order], self.y_train[order]
        last = (n - 1) // b * b                  # where the last (possibly smaller) batch starts
        l1 = s["reg_rate"] if s["regulariser"] == "l1" else 0.0
        l2 = s["reg_rate"] if s["regulariser"] == "l2" else 0.0
        lr = s["learning_rate"]
        if last:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", TrainingDiverged)
                history = net.fit(F[:last], y[:last], epochs=1, lr=lr, l2=l2, l1=l1, batch_size=b, shuffle=False)
            if history.diverged is not None:
                self.diverged = self.epoch
                return False
        try:
            self.trace = net.train_step(F[last:], y[last:], lr=lr, l2=l2, l1=l1)
        except NonFiniteError:
            self.diverged = self.epoch
            return False
        self.batch = (F[last:], y[last:])
        self.epoch += 1
        self.train_loss, self.test_loss = self._losses()
        self.history.append((self.epoch, self.train_loss, self.test_loss))
        if not (math.isfinite(self.train_loss) and math.isfinite(self.test_loss)):
            self.diverged = self.epoch              # finite weights whose loss overflows: stop here
            return False
        return True

    def step(self, epochs=1):
        """Train ``epochs`` epochs (one epoch = every training batch once), then redraw."""
        epochs = _checks.integer("epochs", epochs, low=1, high=10**6)
        self.widget.add_class("bp-busy")
        try:
            with one_blas_thread():
                for _ in range(epochs):
                    if self.diverged is not None or not self._train_epoch():
                        self.pause()
                        break
                self.update()
        finally:
            self.widget.remove_class("bp-busy")

    def frame(self):
        """One play frame: :attr:`epochs_per_frame` epochs and one redraw."""
        self.step(self.epochs_per_frame)

    # ---------------------------------------------------------------- play / pause
    def play(self):
        """Start playing: the browser's Play control ticks, each tick runs :meth:`frame`."""
        self.controls["play"].playing = True

    def pause(self):
        self.controls["play"].playing = False

    @property
    def playing(self) -> bool:
        return bool(self.controls["play"].playing)

    def _on_tick(self, change):
        # No backlog can build up: while the kernel is busy, the browser's widget manager holds back a
        # control's updates and sends only the latest once the kernel is idle, so a slow frame simply
        # makes the next tick come later.
        if change["new"] > change["old"]:            # the stop button rewinds: nothing to train
            self.frame()

    # ---------------------------------------------------------------- selection
    def select(self, layer, unit):
        """Select neuron ``unit`` (from 0, top first) of ``layer`` (1 … = the hidden layers, the last
        = the output; 0 = the inputs cannot be selected, they have no incoming weights)."""
        layer, unit = self._check_neuron(layer, unit)
        self._selected = (layer, unit)
        self._show_selection()

    def select_edge(self, layer, i, j):
        """Select the weight ``network.weights[layer − 1][i, j]``: from unit ``i`` of layer ``layer − 1``
        into unit ``j`` of ``layer``."""
        layer, j = self._check_neuron(layer, j)
        n_in = self.network.layer_sizes[layer - 1]
        i = _checks.integer("i", i, low=0)
        if i >= n_in:
            raise ValueError(f"i must be a unit of layer {layer - 1} (0 … {n_in - 1}), got {i}")
        self._selected = (layer, i, j)
        self._show_selection()

    def clear_selection(self):
        self._selected = None
        self._show_selection()

    @property
    def selected(self):
        """``(layer, unit)`` for a neuron, ``(layer, i, j)`` for a weight, or ``None``."""
        return self._selected

    def _check_neuron(self, layer, unit):
        sizes = self.network.layer_sizes
        layer = _checks.integer("layer", layer, low=1)
        if layer >= len(sizes):
            raise ValueError(f"layer must be 1 … {len(sizes) - 1} (the hidden layers, then the output), got {layer}")
        unit = _checks.integer("unit", unit, low=0)
        if unit >= sizes[layer]:
            raise ValueError(f"unit must be 0 … {sizes[layer] - 1} (layer {layer} has {sizes[layer]}), got {unit}")
        return layer, unit

    def _show_selection(self):
        self._sync_selection_controls()
        self._refresh()

    def selection_text(self) -> str:
        """The numbers of the most recent step for the selected neuron or weight (plain text, the
        package's number format), or a line saying what to select."""
        if self._selected is None:
            return "Select a neuron or a weight to see the numbers of the latest step."
        net = self.network
        layer, *units = self._selected
        src_names, dst_names = net.names[layer - 1], net.names[layer]
        k = layer - 1                                     # the weight layer into `layer`
        if self.trace is None:
            w = net.weights[k]
            if len(units) == 2:
                i, j = units
                return (f"w {src_names[i]} → {dst_names[j]} = {number(w[i, j], _DIGITS)}; no step yet: "
                        "press step or play to see its gradient and update")
            return f"neuron {dst_names[units[0]]}: no step yet: press step or play to see its numbers"
        t = self.trace
        n = t.X.shape[0]
        points = f"{n} point{'s' if n != 1 else ''}"
        head = (f"epoch {self.epoch}: the step on its last batch ({points}, η = {number(t.lr, 'g')}"
                f"{self._penalty_note()})")
        if len(units) == 2:
            i, j = units
            return "\n".join([f"weight {src_names[i]} → {dst_names[j]} (layer {layer}, i = {i}, j = {j}) · {head}"]
                             + _edge_readout(t, layer, i, j))
        j = units[0]
        output = layer == len(net.layer_sizes) - 1
        return "\n".join([f"neuron {dst_names[j]} ({'output' if output else f'hidden layer {layer}'}, unit {j}, "
                          f"{t.layers[k].activation.name}) · {head}"] + _neuron_readout(t, layer, j))

    def _penalty_note(self):
        """The penalty in the trace's notation: λ₂ for L2, λ₁ for L1."""
        s = self._settings
        if s["regulariser"] == "none" or s["reg_rate"] == 0:
            return ""
        symbol = "λ₂" if s["regulariser"] == "l2" else "λ₁"
        return f", {s['regulariser'].upper()} {symbol} = {number(s['reg_rate'], 'g')}"

    # ---------------------------------------------------------------- controls
    def _build_controls(self):
        s = self._settings
        narrow = widgets.Layout(width="auto")
        c = {
            "play": widgets.Play(value=0, min=0, max=10**9, step=1, interval=PLAY_INTERVAL_MS, show_repeat=False,
                                 description="play"),
            "step": widgets.Button(description="step", tooltip="one epoch", layout=widgets.Layout(width="70px")),
            "reset": widgets.Button(description="reset", tooltip="new starting weights from the seed",
                                    layout=widgets.Layout(width="70px")),
            "dataset": widgets.Dropdown(options=list(datasets.PLAYGROUND_SETS), value=s["dataset"], description="data",
                                        layout=widgets.Layout(width="190px")),
            "noise": widgets.FloatSlider(value=s["noise"], min=NOISE_RANGE[0], max=NOISE_RANGE[1], step=0.05,
                                         description="noise", continuous_update=False, readout_format=".2f",
                                         layout=widgets.Layout(width="230px")),
            "train_fraction": widgets.FloatSlider(value=s["train_fraction"], min=TRAIN_FRACTION_RANGE[0],
                                                  max=TRAIN_FRACTION_RANGE[1], step=0.1, description="train share",
                                                  continuous_update=False, readout_format=".0%",
                                                  style={"description_width": "80px"},
                                                  layout=widgets.Layout(width="265px")),
            "data_seed": widgets.BoundedIntText(value=s["data_seed"], min=0, max=10**6, description="data seed",
                                                style={"description_width": "65px"}, layout=widgets.Layout(width="135px")),
            "features": widgets.ToggleButtons(options=[], layout=narrow),   # replaced below: one toggle per feature
            "layers": widgets.BoundedIntText(value=len(s["hidden"]), min=0, max=MAX_LAYERS, description="hidden layers",
                                             style={"description_width": "90px"}, layout=widgets.Layout(width="150px")),
            "activation": widgets.Dropdown(options=list(ACTIVATIONS), value=s["activation"], description="activation",
                                           style={"description_width": "70px"}, layout=widgets.Layout(width="190px")),
            "learning_rate": widgets.Dropdown(options=_rate_options(LEARNING_RATES, s["learning_rate"]),
                                              value=s["learning_rate"], description="η",
                                              layout=widgets.Layout(width="150px")),
            "batch_size": widgets.IntSlider(value=s["batch_size"], min=BATCH_RANGE[0], max=BATCH_RANGE[1],
                                            description="batch", continuous_update=False,
                                            layout=widgets.Layout(width="230px")),
            "regulariser": widgets.Dropdown(options=list(REGULARISERS), value=s["regulariser"],
                                            description="penalty", layout=widgets.Layout(width="150px")),
            "reg_rate": widgets.Dropdown(options=_rate_options(REG_RATES, s["reg_rate"]), value=s["reg_rate"],
                                         description="λ", layout=widgets.Layout(width="130px")),
            "dropout": widgets.FloatSlider(value=s["dropout"], min=DROPOUT_RANGE[0], max=DROPOUT_RANGE[1], step=0.05,
                                           description="dropout", continuous_update=False, readout_format=".2f",
                                           layout=widgets.Layout(width="230px")),
            "seed": widgets.BoundedIntText(value=s["seed"], min=0, max=10**6, description="seed",
                                           layout=widgets.Layout(width="130px")),
            "show_test": widgets.Checkbox(value=s["show_test"], description="test points", indent=False,
                                          layout=widgets.Layout(width="110px")),
            "discretise": widgets.Checkbox(value=s["discretise"], description="discretise output", indent=False,
                                           layout=widgets.Layout(width="150px")),
            "neuron": widgets.Dropdown(options=[], description="select", layout=widgets.Layout(width="200px")),
            "edge": widgets.Dropdown(options=[], description="weight", layout=widgets.Layout(width="230px")),
        }
        for k in range(MAX_LAYERS):
            c[f"neurons {k + 1}"] = widgets.BoundedIntText(
                value=s["hidden"][k] if k < len(s["hidden"]) else 4, min=1, max=MAX_NEURONS,
                description=f"{k + 1}:" if k else "neurons 1:", style={"description_width": "70px" if not k else "15px"},
                layout=widgets.Layout(width="125px" if not k else "70px"))
        for name in features.FEATURES:
            c[f"feature {name}"] = widgets.ToggleButton(value=name in s["features"],
                                                        description=features.feature_label(name),
                                                        layout=widgets.Layout(width="62px"))
        del c["features"]
        self.controls = c
        self.epoch_label = widgets.HTML()
        rows = [["play", "step", "reset"], ["dataset", "noise", "train_fraction", "data_seed"],
                [f"feature {name}" for name in features.FEATURES],
                ["layers"] + [f"neurons {k + 1}" for k in range(MAX_LAYERS)] + ["activation"],
                ["learning_rate", "batch_size", "regulariser", "reg_rate", "dropout", "seed"],
                ["show_test", "discretise", "neuron", "edge"]]
        self._assemble(rows)
        first = self.widget.children[0]
        first.children = (*first.children, self.epoch_label)     # the epoch counter beside play
        self.readout.layout = widgets.Layout(max_width="900px")
        self._sync_controls()

    def _observe(self):
        self._syncing = False
        self.controls["play"].observe(self._on_tick, names="value")
        self.controls["step"].on_click(lambda _: self.step(1))
        self.controls["reset"].on_click(lambda _: self.reset())
        self.controls["neuron"].observe(self._on_neuron, names="value")
        self.controls["edge"].observe(self._on_edge, names="value")
        for name, control in self.controls.items():
            if name not in ("play", "step", "reset", "neuron", "edge"):
                control.observe(self._on_control, names="value")

    def _settings_from_controls(self):
        c = self.controls
        s = {name: c[name].value for name in ("dataset", "noise", "train_fraction", "data_seed", "activation",
                                               "learning_rate", "batch_size", "regulariser", "reg_rate", "dropout",
                                               "seed", "show_test", "discretise")}
        for name in ("noise", "train_fraction", "dropout"):       # a slider's float, e.g. 0.30000000000000004
            s[name] = round(float(s[name]), 4)
        s["features"] = tuple(name for name in features.FEATURES if c[f"feature {name}"].value)
        s["hidden"] = tuple(int(c[f"neurons {k + 1}"].value) for k in range(int(c["layers"].value)))
        return s

    def _on_control(self, change):
        if getattr(self, "_syncing", True):
            return
        wanted = self._settings_from_controls()
        try:
            self.set(**wanted)
        except (ValueError, TypeError) as exc:
            self._sync_controls()                 # back to the settings in force
            self.readout.value = (f'<div style="color:#a00">{html.escape(str(exc))}</div>'
                                  + self._readout_html())

    def _sync_controls(self):
        """The controls show the current settings (without calling back)."""
        if not hasattr(self, "controls"):
            return
        self._syncing = True
        try:
            s, c = self._settings, self.controls
            for name in ("dataset", "noise", "train_fraction", "data_seed", "activation", "batch_size", "regulariser",
                         "dropout", "seed", "show_test", "discretise"):
                if c[name].value != s[name]:
                    c[name].value = s[name]
            for name, menu in (("learning_rate", LEARNING_RATES), ("reg_rate", REG_RATES)):
                options = _rate_options(menu, s[name])
                if list(c[name].options) != options:
                    c[name].options = options
                c[name].value = s[name]
            for name in features.FEATURES:
                c[f"feature {name}"].value = name in s["features"]
            c["layers"].value = len(s["hidden"])
            for k in range(MAX_LAYERS):
                box = c[f"neurons {k + 1}"]
                if k < len(s["hidden"]):
                    box.value = s["hidden"][k]
                box.layout.display = None if k < len(s["hidden"]) else "none"
            self._sync_selection_controls()
        finally:
            self._syncing = False

    def _sync_selection_controls(self):
        if not hasattr(self, "controls"):
            return
        was, self._syncing = getattr(self, "_syncing", False), True
        try:
            net, c = self.network, self.controls
            neurons = [("(none)", NONE)] + [(f"{names[j]} ({'output' if k == len(net.names) - 1 else f'layer {k}'})",
                                             (k, j))
                                            for k, names in enumerate(net.names) if k for j in range(len(names))]
            if list(c["neuron"].options) != neurons:
                c["neuron"].options = neurons
            sel = self._selected
            c["neuron"].value = NONE if sel is None else (sel[0], sel[-1])
            if sel is None:
                edges = [("(select a neuron first)", NONE)]
            else:
                layer, j = sel[0], sel[-1]
                edges = [("(the whole neuron)", NONE)] + [
                    (f"{src} → {net.names[layer][j]}", (layer, i, j)) for i, src in enumerate(net.names[layer - 1])]
            if list(c["edge"].options) != edges:
                c["edge"].options = edges
            c["edge"].value = sel if sel is not None and len(sel) == 3 else NONE
        finally:
            self._syncing = was

    def _on_neuron(self, change):
        if self._syncing:
            return
        if change["new"] == NONE:
            self.clear_selection()
        else:
            self.select(*change["new"])

    def _on_edge(self, change):
        if self._syncing:
            return
        if change["new"] == NONE:
            if self._selected is not None:
                self.select(self._selected[0], self._selected[-1])
        else:
            self.select_edge(*change["new"])

    # ---------------------------------------------------------------- figure
    def _build_figure(self):
        """The figure's three parts: the network (rebuilt for each shape), the output surface with the
        points, the loss curves. Everything that does not move is drawn once into a background."""
        fig = self.figure = Figure(figsize=(FIG_WIDTH, FIG_HEIGHT), dpi=DPI)
        self._canvas = FigureCanvasAgg(fig)
        self._net_ax = fig.add_axes(NET_BOX)
        self._net_ax.set_axis_off()
        self._net_artists = []
        out_ax = self._out_ax = fig.add_axes(OUT_BOX)
        out_ax.set_xlim(-HALF, HALF)
        out_ax.set_ylim(-HALF, HALF)
        out_ax.set_xticks([-6, -3, 0, 3, 6])
        out_ax.set_yticks([-6, -3, 0, 3, 6])
        out_ax.tick_params(labelsize=7, length=2, pad=1)
        out_ax.set_aspect("equal")
        self._train_points = out_ax.scatter([], [], c=[], cmap=CMAP, vmin=-1, vmax=1, s=20, edgecolors="white",
                                            linewidths=0.9, animated=True)
        self._test_points = out_ax.scatter([], [], c=[], cmap=CMAP, vmin=-1, vmax=1, s=11, edgecolors="0.2",
                                           linewidths=0.6, animated=True)
        self._points_of = None
        self._title = out_ax.set_title(" ", fontsize=9.5, animated=True)
        loss_ax = self._loss_ax = fig.add_axes(LOSS_BOX)
        loss_ax.tick_params(labelsize=7, length=2, pad=1)
        self._train_line, = loss_ax.plot([], [], color="0.1", lw=1.4, label="train", animated=True)
        self._test_line, = loss_ax.plot([], [], color="#cc79a7", lw=1.4, label="test", animated=True)
        loss_ax.legend(fontsize=7, loc="upper right", frameon=False, handlelength=1.2)
        loss_ax.set_xlabel("epoch", fontsize=7, labelpad=0)
        self._loss_label = loss_ax.set_ylabel(" ", fontsize=7, labelpad=1)
        loss_ax.grid(True, alpha=0.25)
        self._loss_limits = None
        self._layout_key = None
        self._background = None
        height = self._canvas.get_width_height()[1]
        def box(ax, x0, x1, y0, y1, inset):       # data rectangle → (rows, columns) of the pixel buffer
            (c0, r1), (c1, r0) = ax.transData.transform([(x0, y0), (x1, y1)])
            return (slice(height - math.floor(r0) + inset, height - math.ceil(r1) - inset),
                    slice(math.ceil(c0) + inset, math.floor(c1) - inset))
        self._box = box
        out_ax.apply_aspect()                     # the square box it will be drawn in
        self._surface_box = box(out_ax, -HALF, HALF, -HALF, HALF, 0)

    def _lay_out(self):
        """Keep the figure in step with the settings: the points, the network's shape (its part of the
        background redrawn when the shape changes) and the loss axis (redrawn when its limits grow)."""
        self._place_points()
        s = self._settings
        key = (s["features"], s["hidden"], self.classification)
        regions = []
        if key != self._layout_key:
            self._layout_key = key
            self._build_network_axes()
            regions.append((self._net_ax, NET_REGION))
        label = "loss (bce)" if self.classification else "loss ½(t−o)²"
        if self._loss_label.get_text() != label:
            self._loss_label.set_text(label)
            regions.append((self._loss_ax, LOSS_REGION))
        limits = self._new_loss_limits()
        if limits != self._loss_limits:
            self._loss_limits = limits
            self._loss_ax.set_xlim(0, limits[0])
            self._loss_ax.set_ylim(0, limits[1])
            regions.append((self._loss_ax, LOSS_REGION))
        if not regions:
            return
        if self._background is None:                # the first picture: draw everything once
            self._canvas.draw()
        else:                                       # redraw only the parts that changed, on white
            self._canvas.restore_region(self._background)
            pixels = np.asarray(self._canvas.buffer_rgba())
            width, height = self._canvas.get_width_height()
            for ax, (x0, y0, x1, y1) in dict(regions).items():
                pixels[round(height * (1 - y1)):round(height * (1 - y0)), round(width * x0):round(width * x1)] = 255
                self.figure.draw_artist(ax)
        self._background = self._canvas.copy_from_bbox(self.figure.bbox)

    def _build_network_axes(self):
        """The network's part: a small map per feature and neuron (pasted in each frame), their frames,
        the edges (restyled each frame), the labels."""
        s = self._settings
        net_ax = self._net_ax
        for artist in self._net_artists:          # cheaper than clearing the axes (its ticks and spines)
            artist.remove()
        sizes = self.network.layer_sizes
        n_cols, tallest = len(sizes), max(max(sizes), 4)
        _equal_limits(net_ax, (-1.0, n_cols - 0.45), (-tallest / 2 - 0.1, tallest / 2 + 0.45))
        half = self._half = MAP_HALF
        self._centres = [[(c, (n - 1) / 2 - j) for j in range(n)] for c, n in enumerate(sizes)]
        segments = [[(x0 + half, y0), (x1 - half, y1)]
                    for k in range(n_cols - 1) for (x0, y0) in self._centres[k] for (x1, y1) in self._centres[k + 1]]
        self._edges = LineCollection(segments, linewidths=1.0, colors=BLUE, capstyle="butt", animated=True)
        frames = LineCollection([[(x - half, y - half), (x + half, y - half), (x + half, y + half), (x - half, y + half),
                                  (x - half, y - half)] for column in self._centres for (x, y) in column],
                                linewidths=0.8, colors="0.55")
        self._selected_edge = Line2D([], [], color="black", lw=3.0, solid_capstyle="butt", animated=True)
        self._highlight = Rectangle((0, 0), 2 * half + 0.14, 2 * half + 0.14, fill=False, lw=2.4, edgecolor="black",
                                    animated=True)
        added = [net_ax.add_collection(self._edges, autolim=False), net_ax.add_collection(frames, autolim=False),
                 net_ax.add_line(self._selected_edge), net_ax.add_artist(self._highlight)]
        for j, name in enumerate(s["features"]):
            x, y = self._centres[0][j]
            added.append(net_ax.text(x - half - 0.08, y, features.feature_label(name), ha="right", va="center",
                                     fontsize=10))
        titles = ["features"] + [f"layer {k}" for k in range(1, n_cols - 1)] + ["output"]
        for c, title in enumerate(titles):
            added.append(net_ax.text(c, tallest / 2 + 0.05, title, ha="center", va="bottom", fontsize=9, color="0.25"))
        self._net_artists = added
        self._map_boxes = [[self._box(net_ax, x - half, x + half, y - half, y + half, 1) for (x, y) in column]
                           for column in self._centres]
        F = features.feature_map(_grid_points(RESOLUTION), s["features"])
        self._grid_features = F
        small = F.reshape(RESOLUTION, RESOLUTION, -1)[::2, ::2]
        # the inputs never change: each scaled onto [−1, 1] by its largest |value| over the plane
        self._input_pixels = [_pixels(small[:, :, j] / max(np.abs(small[:, :, j]).max(), 1e-12), MAP_LUT, b)
                              for j, b in enumerate(self._map_boxes[0])]

    def _place_points(self):
        """The scatter plots show the current training and test points."""
        if self._points_of is self.X_train:
            return
        self._points_of = self.X_train
        for points, X, y in ((self._train_points, self.X_train, self.y_train), (self._test_points, self.X_test, self.y_test)):
            points.set_offsets(X)
            points.set_array(self._point_colours(y))

    def _new_loss_limits(self):
        """The loss axis: epochs and loss rounded up to 1, 2, 5 × 10ᵏ (a new background only when they grow)."""
        h = np.array(self.history)
        finite = h[:, 1:][np.isfinite(h[:, 1:])]
        return (_nice_ceiling(max(10.0, h[-1, 0])), _nice_ceiling(1.05 * float(finite.max()) if finite.size else 1.0))

    def _point_colours(self, y):
        return 2.0 * y[:, 0] - 1.0 if self.classification else y[:, 0]

    def update(self):
        """Redraw the figure from the current network, then the readout and the epoch counter."""
        self._lay_out()
        s, net = self._settings, self.network
        with np.errstate(all="ignore"):          # one pass over the grid gives every neuron's picture
            out, caches = backprop.forward(net.weights, net.biases, net.activations, self._grid_features)
        self._draw_losses()
        canvas = self._canvas
        canvas.restore_region(self._background)
        self._draw_weights()
        self._draw_selection()
        net_ax = self._net_ax
        net_ax.draw_artist(self._edges)
        net_ax.draw_artist(self._selected_edge)
        pixels = np.asarray(canvas.buffer_rgba())
        for j, block in enumerate(self._input_pixels):
            pixels[self._map_boxes[0][j]] = block
        for k, cache in enumerate(caches[:-1]):  # the hidden neurons
            a = cache[2].reshape(RESOLUTION, RESOLUTION, -1)[::2, ::2]
            lo = 0.0 if net.activations[k].name == "sigmoid" else -1.0
            shown = (a - lo) * (2.0 / (1.0 - lo)) - 1.0         # the activation's range onto [−1, 1]
            for j, where in enumerate(self._map_boxes[k + 1]):
                pixels[where] = _pixels(shown[:, :, j], MAP_LUT, where)
        o = out[:, 0].reshape(RESOLUTION, RESOLUTION)
        if self.classification:
            surface = 2.0 * ((o >= 0.5) if s["discretise"] else o) - 1.0
        else:
            surface = np.sign(o) if s["discretise"] else o
        pixels[self._map_boxes[-1][0]] = _pixels(surface[::2, ::2], MAP_LUT, self._map_boxes[-1][0])
        pixels[self._surface_box] = _pixels(surface, SURFACE_LUT, self._surface_box)
        net_ax.draw_artist(self._highlight)
        out_ax = self._out_ax
        if s["show_test"]:                       # under the training points, which the network sees
            out_ax.draw_artist(self._test_points)
        out_ax.draw_artist(self._train_points)
        state = f"epoch {self.epoch}" + (" · diverged" if self.diverged is not None else "")
        self._title.set_text(f"{state} · test {number(self.test_loss, '.3f')} · train {number(self.train_loss, '.3f')}")
        out_ax.draw_artist(self._title)
        self._loss_ax.draw_artist(self._train_line)
        self._loss_ax.draw_artist(self._test_line)
        self.image.value = png_bytes(canvas, colours=PNG_COLOURS)     # 128 colours: no steps in the maps
        self.epoch_label.value = f"<b>epoch {self.epoch}</b>" + (" · <b>diverged</b>: lower η and reset"
                                                               if self.diverged is not None else "")
        self.readout.value = self._readout_html()

    def _draw_weights(self):
        w = np.nan_to_num(np.concatenate([W.ravel() for W in self.network.weights]))   # row-major: edge order
        size = np.minimum(np.abs(w), 2.0) / 2.0
        self._edges.set_linewidths(0.3 + 3.2 * size)
        colours = np.where(w[:, None] >= 0, _rgba(BLUE), _rgba(ORANGE))
        colours[:, 3] = 0.3 + 0.7 * np.minimum(2.0 * size, 1.0)
        self._edges.set_color(colours)

    def _draw_selection(self):
        sel, half = self._selected, self._half
        self._highlight.set_visible(sel is not None and len(sel) == 2)
        self._selected_edge.set_data([], [])
        if sel is None:
            return
        if len(sel) == 2:
            x, y = self._centres[sel[0]][sel[1]]
            self._highlight.set_xy((x - half - 0.07, y - half - 0.07))
        else:
            layer, i, j = sel
            (x0, y0), (x1, y1) = self._centres[layer - 1][i], self._centres[layer][j]
            self._selected_edge.set_data([x0 + half, x1 - half], [y0, y1])

    def _draw_losses(self):
        h = np.array(self.history)
        self._train_line.set_data(h[:, 0], h[:, 1])
        self._test_line.set_data(h[:, 0], h[:, 2])

    def _readout_html(self):
        s = self._settings
        n_train, n_test = self.F_train.shape[0], self.F_test.shape[0]
        loss = "binary cross-entropy per point" if self.classification else "½(t − o)² per point"
        line = (f"{s['dataset']}: {n_train} training and {n_test} test points · train loss "
                f"{number(self.train_loss, '.4f')}, test loss {number(self.test_loss, '.4f')} ({loss}) · "
                f"{self.epochs_per_frame} epoch(s) per play frame")
        return (f'<div style="font-family:monospace;font-size:12px">{html.escape(line)}</div>'
                f'<pre style="font-size:12px;line-height:1.25;margin:4px 0">{html.escape(self.selection_text())}</pre>')

    def __repr__(self):
        s = self._settings
        hidden = "-".join(map(str, s["hidden"])) or "none"
        feats = " ".join(features.feature_label(f) for f in s["features"])
        return (f"Playground({s['dataset']}, features {feats}, hidden {hidden}, {s['activation']}, "
                f"η = {number(s['learning_rate'], 'g')}, batch {s['batch_size']}): epoch {self.epoch}, "
                f"train loss {number(self.train_loss, '.3f')}, test loss {number(self.test_loss, '.3f')}")

    def close(self):
        """Close the widgets (their comms)."""
        for w in (*self.controls.values(), self.epoch_label, self.image, self.readout, self.working, self.output,
                  *self.widget.children, self.widget):
            w.close()


# ---------------------------------------------------------------- helpers
def _grid_points(resolution):
    """The centres of a ``resolution × resolution`` grid of pixels over the square, row by row from
    the bottom (``imshow(origin="lower")``'s order): ``(resolution², 2)``."""
    centres = np.linspace(-HALF, HALF, resolution + 1)
    centres = (centres[:-1] + centres[1:]) / 2
    x1, x2 = np.meshgrid(centres, centres)
    return np.column_stack([x1.ravel(), x2.ravel()])


def _pixels(values, lut, where):
    """RGBA pixels of a map for the buffer block ``where`` (row and column slices): ``values``
    ``(side, side)`` on [−1, 1] (row 0 at the bottom, as imshow(origin="lower") draws it), through
    the colour table ``lut``, each value repeated over its share of the block (nearest neighbour)."""
    rows = where[0].stop - where[0].start
    cols = where[1].stop - where[1].start
    side_r, side_c = values.shape
    r = (side_r - 1) - (np.arange(rows) * side_r) // rows          # the buffer's row 0 is the top
    c = (np.arange(cols) * side_c) // cols
    index = np.clip(np.nan_to_num((values + 1.0) * 127.5), 0, 255).astype(np.intp)
    return lut[index[r[:, None], c[None, :]]]


def _equal_limits(ax, xlim, ylim):
    """Limits that hold ``xlim`` × ``ylim`` with one data unit the same length across and up (the
    maps stay square), centred in the axes box."""
    fig_w, fig_h = ax.figure.get_size_inches()
    box = ax.get_position()
    width, height = box.width * fig_w, box.height * fig_h
    scale = min(width / (xlim[1] - xlim[0]), height / (ylim[1] - ylim[0]))
    cx, cy = (xlim[0] + xlim[1]) / 2, (ylim[0] + ylim[1]) / 2
    ax.set_xlim(cx - width / scale / 2, cx + width / scale / 2)
    ax.set_ylim(cy - height / scale / 2, cy + height / scale / 2)


def _nice_ceiling(value):
    """The smallest of 1, 2, 5 × 10ᵏ that is at least ``value`` (> 0)."""
    if not value > 0 or not math.isfinite(value):
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= value * (1 - 1e-12))


def _rate_options(menu, value):
    """A rate menu with ``value`` added if it is not on it (``set`` accepts any rate in range)."""
    options = sorted(set(menu) | {float(value)})
    return [(number(v, "g"), v) for v in options]


def _rgba(colour):
    return np.array(to_rgba(colour))


def _edge_readout(trace, layer, i, j):
    """The read-out's lines for the weight ``(i, j)`` into ``layer``: its value before the step, then
    its gradient's and its update's lines of ``trace.explain()`` (the trace's records and notation),
    then the change."""
    k = layer - 1
    recs = trace.records(element=Element("edge", layer, (i, j), (trace.names[k][i], trace.names[layer][j])))
    before, after = trace.weights_before[k][i, j], trace.weights_after[k][i, j]
    name = element_name(recs[0].element)
    return ([f"  {name} = {number(before, _DIGITS)} before the step"]
            + [f"  {explain_line(r)}" for r in recs]
            + [f"  Δw = {number(after - before, _DIGITS)}"])


def _neuron_readout(trace, layer, j):
    """The read-out's lines for neuron ``j`` of ``layer``: its quantities' formulas (the trace's
    records and notation), their values in the first points of the batch, and its incoming weights'
    and bias's gradients and updates."""
    lt = trace.layers[layer - 1]
    recs = trace.records(element=Element("neuron", layer, j, (trace.names[layer][j],)))
    n, shown = lt.z.shape[0], min(lt.z.shape[0], 5)
    first = {}                                  # quantity → its first record (sample 0's)
    for r in recs:
        first.setdefault(r.quantity, r)
    lines = [f"  {formula_line(r)}" for r in first.values()]
    by_sample = {}
    for r in recs:
        by_sample.setdefault(r.sample or 0, {})[r.quantity] = number(r.value, _DIGITS)
    extra = (["t"] if layer == len(trace.names) - 1 else []) + (["kept"] if lt.mask is not None else [])
    rows = []
    for s in range(shown):
        data = ([number(trace.y[s, j], _DIGITS)] if "t" in extra else []) + \
            (["yes" if lt.mask[s, j] else "no"] if "kept" in extra else [])
        values = [by_sample[s][q] for q in first]
        rows.append([str(s + 1)] + values[:-1] + data + values[-1:])    # δ last, after what it uses
    quantities = list(first)
    lines += _table(["point"] + quantities[:-1] + extra + quantities[-1:], rows)
    if n > shown:
        lines.append(f"  … {n - shown} more point(s) in this batch")
    return lines + _incoming_readout(trace, layer, j)


def _incoming_readout(trace, layer, j):
    """A neuron's incoming weights and bias: before, ∂E/∂w, Δw, after; and the formulas of the first
    weight's (the others' alike) and of the bias's gradient and update, in the trace's notation."""
    k, names = layer - 1, trace.names
    elements = [Element("edge", layer, (i, j), (m, names[layer][j])) for i, m in enumerate(names[k])]
    befores = [trace.weights_before[k][i, j] for i in range(len(names[k]))]
    afters = [trace.weights_after[k][i, j] for i in range(len(names[k]))]
    if trace.biases_before is not None:
        elements.append(Element("bias", layer, j, (names[layer][j],)))
        befores.append(trace.biases_before[k][j])
        afters.append(trace.biases_after[k][j])
    rows, formulas = [], []
    for element, before, after in zip(elements, befores, afters):
        grad, update = trace.records(element=element)
        rows.append([element_name(element), number(before, _DIGITS), number(grad.value, _DIGITS),
                     number(after - before, _DIGITS), number(after, _DIGITS)])
        if element.kind == "bias" or element is elements[0]:
            formulas.append(f"  {formula_line(grad)};  {formula_line(update)}"
                            + (" (the other weights alike)" if element.kind == "edge" and len(names[k]) > 1 else ""))
    return (["incoming weights (∂E/∂w summed over the batch):"]
            + _table(["weight", "w", "∂E/∂w", "Δw", "w after"], rows) + formulas)


def _table(header, rows):
    """Plain-text columns, right-aligned numbers."""
    widths = [max(len(r[c]) for r in [header] + rows) for c in range(len(header))]
    def line(cells):
        return "  " + "  ".join(cell.rjust(w) if k else cell.ljust(w) for k, (cell, w) in enumerate(zip(cells, widths)))
    return [line(header)] + [line(r) for r in rows]

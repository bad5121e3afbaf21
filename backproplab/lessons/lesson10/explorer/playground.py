r"""The :class:`Playground`: settings, a training run, its picture, its read-out and the controls,
composed into one explorer (lesson 10).

Not an :class:`~backproplab.widgets._base.Explorer` subclass, by design. An ``Explorer``'s
``set(**values)`` moves *controls* by name and its controls redraw through ``update()`` one to one;
the playground's :meth:`Playground.set` takes *settings* (the constructor's arguments, as lesson 10
writes ``pg.set(learning_rate=0.03)``), several settings have several controls (a toggle per
feature, a box per hidden layer) and some controls are actions (play, step, reset, the selection
menus). Subclassing meant overriding what ``set`` means; composing the pieces keeps both meanings
honest. The playground has the explorers' face all the same: ``controls``, ``image``, ``readout``,
``output``, ``widget``, a display bundle with a PNG snapshot, ``close()``.
"""
from __future__ import annotations

from .... import features
from ...._plumbing import checks as _checks
from ...._plumbing.format import number
from ...._plumbing.i18n import tr
from .controls import ROWS, Controls
from .picture import Picture
from .readout import readout_html, refusal_html, selection_text
from .settings import DATA, STRUCTURE, challenges, changed_settings, check_settings
from .training import TrainingRun
from .view import View

__all__ = ["Playground"]


class _FromRun:
    """A read-only attribute of the playground: the training run's attribute of the same name."""

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, playground, owner=None):
        return self if playground is None else getattr(playground.run, self.name)


class Playground:
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
    settings : the current settings (a new dict each time). epoch, train_loss, test_loss, history,
        accuracy_history (``[(epoch, train accuracy, test accuracy), …]``, NaN for regression sets).
    network : the :class:`Network` being trained. trace : the :class:`StepTrace` of the most recent
        batch (``None`` before the first step); batch : its ``(features, targets)``.
    X_train, X_test, y_train, y_test : the points and targets; F_train, F_test : their input features.
    run : the :class:`~backproplab.widgets.playground.training.TrainingRun` these come from;
        picture : the :class:`~backproplab.widgets.playground.picture.Picture` that draws it.
    controls, image, readout, epoch_label, widget : the view (name → ipywidgets control, …).
    """
    CHALLENGES = challenges()

    X_train, X_test, y_train, y_test = _FromRun(), _FromRun(), _FromRun(), _FromRun()
    F_train, F_test, network, epoch = _FromRun(), _FromRun(), _FromRun(), _FromRun()
    history, train_loss, test_loss, accuracy_history = _FromRun(), _FromRun(), _FromRun(), _FromRun()
    trace, batch, diverged, classification = _FromRun(), _FromRun(), _FromRun(), _FromRun()

    def __init__(self, dataset="circle", noise=0.0, train_fraction=0.5, data_seed=0, features=("x1", "x2"),
                 hidden=(4, 2), activation="tanh", learning_rate=0.03, batch_size=10, regulariser="none",
                 reg_rate=0.0, dropout=0.0, seed=0, show_test=False, discretise=False):
        given = dict(dataset=dataset, noise=noise, train_fraction=train_fraction, data_seed=data_seed,
                     features=features, hidden=hidden, activation=activation, learning_rate=learning_rate,
                     batch_size=batch_size, regulariser=regulariser, reg_rate=reg_rate, dropout=dropout, seed=seed,
                     show_test=show_test, discretise=discretise)
        self._settings = check_settings(given)
        self._selected = None
        self.run = TrainingRun(self._settings)
        self._controls = Controls(self._settings)
        self.controls = self._controls.widgets
        self.view = View(self.controls, ROWS)
        self.image, self.readout, self.epoch_label = self.view.image, self.view.readout, self.view.epoch_label
        self.output, self.widget = self.view.output, self.view.widget
        self._controls.show(self._settings, self.network.names, None)
        self.picture = Picture()
        self._refresh()
        self._controls.connect(self, self._show_refusal)

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
        new = changed_settings(self._settings, settings)
        old, self._settings = self._settings, new
        if any(new[k] != old[k] for k in DATA):
            self.run.new_data(new)
        if any(new[k] != old[k] for k in STRUCTURE):
            self._selected = None
            self.run.reset(new)
        else:
            self.network.dropout = new["dropout"]
        self._controls.show(new, self.network.names, self._selected)

    def challenge(self, name):
        """Put the playground into the state of :attr:`CHALLENGES` ``[name]`` (every setting) and reset."""
        name = _checks.choice("name", name, self.CHALLENGES)
        self._apply(self.CHALLENGES[name])
        self.reset()

    @classmethod
    def from_challenge(cls, name, **changes):
        """A new playground in the state of :attr:`CHALLENGES` ``[name]``, with ``changes`` (setting
        names → values, as :meth:`set` takes them) on top: the same points, network and starting
        weights as ``pg.challenge(name)`` followed by ``pg.set(**changes)`` on an existing one, but a
        widget of its own, so a picture shown earlier keeps showing its own playground.

        >>> overfit = Playground.from_challenge("overfit", dropout=0.5)
        """
        name = _checks.choice("name", name, cls.CHALLENGES)
        return cls(**changed_settings(cls.CHALLENGES[name], changes))

    # ---------------------------------------------------------------- training
    def reset(self, redraw=True):
        """New starting weights from ``seed``, epoch 0, the history cleared."""
        self.run.reset(self._settings)
        if redraw:
            self._refresh()

    @property
    def epochs_per_frame(self) -> int:
        """Epochs one play frame trains: about 100 batch steps, 1 to 20 epochs."""
        return self.run.epochs_per_frame(self._settings["batch_size"])

    def step(self, epochs=1):
        """Train ``epochs`` epochs (one epoch = every training batch once), then redraw."""
        epochs = _checks.integer("epochs", epochs, low=1, high=10**6)
        with self.view.busy():
            if not self.run.train(self._settings, epochs):
                self.pause()
            self.update()

    def frame(self):
        """One play frame: :attr:`epochs_per_frame` epochs and one redraw."""
        self.step(self.epochs_per_frame)

    def play(self):
        """Start playing: the browser's Play control ticks, each tick runs :meth:`frame`."""
        self.controls["play"].playing = True

    def pause(self):
        self.controls["play"].playing = False

    @property
    def playing(self) -> bool:
        return bool(self.controls["play"].playing)

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
        self._controls.show_selection(self.network.names, self._selected)
        self._refresh()

    def selection_text(self) -> str:
        """The numbers of the most recent step for the selected neuron or weight (plain text, the
        package's number format), or a line saying what to select."""
        return selection_text(self.run, self._settings, self._selected)

    # ---------------------------------------------------------------- the view
    def _refresh(self):
        with self.view.busy():
            self.update()

    def update(self):
        """Redraw the figure from the current network, then the readout and the epoch counter."""
        self.image.value = self.picture.draw(self.run, self._settings, self._selected)
        self.epoch_label.value = tr("<b>epoch {epoch}</b>").format(epoch=self.epoch) + (
            tr(" · <b>diverged</b>: lower η and reset") if self.diverged is not None else "")
        self.readout.value = self._readout_html()

    def _readout_html(self):
        return readout_html(self.run, self._settings, self._selected, self.epochs_per_frame)

    def _show_refusal(self, error):
        self.readout.value = refusal_html(error) + self._readout_html()

    @property
    def figure(self):
        """The matplotlib figure the picture is drawn on."""
        return self.picture.figure

    def _repr_mimebundle_(self, include=None, exclude=None):
        """The live widget view, plus a PNG of the current figure and one line of text for places
        without a kernel: an HTML export or a slide deck that prefers ``image/png`` shows the
        snapshot, and a front-end without the widget manager shows the PNG or the text."""
        return self.view.mimebundle(repr(self))

    def __repr__(self):
        s = self._settings
        hidden = "-".join(map(str, s["hidden"])) or tr("none")
        feats = " ".join(features.feature_label(f) for f in s["features"])
        return tr("Playground({dataset}, features {features}, hidden {hidden}, {activation}, "
                  "η = {lr}, batch {batch}): epoch {epoch}, "
                  "train loss {train}, test loss {test}").format(
            dataset=s['dataset'], features=feats, hidden=hidden, activation=s['activation'],
            lr=number(s['learning_rate'], 'g'), batch=s['batch_size'], epoch=self.epoch,
            train=number(self.train_loss, '.3f'), test=number(self.test_loss, '.3f'))

    def close(self):
        """Close the widgets (their comms)."""
        for control in self.controls.values():
            control.close()
        self.view.close()

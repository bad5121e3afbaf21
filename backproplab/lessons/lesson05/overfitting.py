r"""Lesson 5, sections 4 and 6: a wide network overfits a few noisy points, and what dropout, L2
and L1 do about it.

* :data:`DATA`, :func:`overfitting_data` — the noisy two-moons split (60 training, 140 test points);
* :data:`OVERFIT` — the network and training of section 4 (also the DropoutExplorer's start);
* :func:`train_with_curves` — train one network and record its train and test loss (evaluation mode,
  no penalty) every few epochs: a :class:`RegularisedRun`;
* :func:`compare_regularisers` — the same network trained several ways (plain, dropout, L2, L1);
  :func:`runs_table` and :func:`compare_over_data` sum them up;
* :func:`accuracy`, :func:`near_zero_fraction` — the measurements (and :func:`snapshot_losses`, shared with
  lesson 9 from :mod:`backproplab.snapshots`).

The penalties are $\tfrac{\lambda_2}{2}\sum w^2$ (gradient $\lambda_2 w$) and $\lambda_1\sum|w|$
(gradient $\lambda_1\,\mathrm{sign}(w)$), on weights only, as in :meth:`Network.fit`
(:mod:`backproplab.regularisers`).

>>> from backproplab.lessons.lesson05 import overfitting
>>> X_train, X_test, y_train, y_test = overfitting.overfitting_data()
>>> runs = overfitting.compare_regularisers(X_train, y_train, X_test, y_test,
...                                         {"none": {}, "L2": {"l2": 0.001}}, **overfitting.OVERFIT)
>>> overfitting.runs_table(runs)
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..._plumbing import checks as _checks
from ..._plumbing.blas import single_blas_thread
from ..._plumbing.i18n import tr
from ...datasets import moons, train_test_split
from ...network import History, Network
from ...snapshots import snapshot_losses   # shared with lesson 9's batch-size runs
from ...tables import Table

__all__ = ["DropoutSettings", "DATA", "OVERFIT", "overfitting_data", "train_with_curves", "compare_regularisers", "compare_over_data",
           "RegularisedRun", "runs_table", "snapshot_losses", "accuracy", "near_zero_fraction"]

DATA = dict(n=200, noise=0.2, flip=0.1, seed=3, test_fraction=0.7)   # section 4's data set
# Section 4's network and training (also the DropoutExplorer's starting point): wide enough to
# memorise 60 noisy points in 1000 full-batch epochs.
OVERFIT = dict(hidden=32, lr=3.0, epochs=1000, seed=0, record_every=20)


def overfitting_data(n=DATA["n"], noise=DATA["noise"], flip=DATA["flip"], seed=DATA["seed"],
                     test_fraction=DATA["test_fraction"]):
    """Section 4's data: :func:`~backproplab.datasets.moons` split by
    :func:`~backproplab.datasets.train_test_split` (same seed):
    ``X_train, X_test, y_train, y_test``. By default 200 points, 60 for training and 140 for testing."""
    X, y = moons(n, noise, flip, seed)
    return train_test_split(X, y, test_fraction, seed)


# --------------------------------------------------------------------------- measurements
def accuracy(net_or_outputs, X=None, y=None, threshold=0.5) -> float:
    """Fraction of samples on the right side of ``threshold``: ``accuracy(net, X, y)`` or
    ``accuracy(outputs, y=y)``."""
    if isinstance(net_or_outputs, Network):
        if X is None:
            raise ValueError("X is needed to compute the accuracy of a network")
        out = net_or_outputs.forward(X)
    else:
        out = _checks.as_float_array("outputs", net_or_outputs)
    if y is None:
        raise ValueError("y (the targets) is needed to compute an accuracy")
    y = _checks.as_float_array("y", y)
    if y.size != out.size:
        raise ValueError(f"y must hold one target per output, {out.size} values, got {y.size}")
    return float(np.mean((out > threshold) == (y.reshape(out.shape) > threshold)))


def near_zero_fraction(weights, tol=1e-2) -> float:
    """Fraction of the weights (a matrix, or a list of them) with $|w| <$ ``tol``."""
    arrays = weights if isinstance(weights, (list, tuple)) else [weights]
    flat = np.concatenate([_checks.as_float_array("weights", w).ravel() for w in arrays])
    tol = _checks.real("tol", tol, low=0.0, low_open=True)
    return float(np.mean(np.abs(flat) < tol))


# --------------------------------------------------------------------------- runs
@dataclass
class RegularisedRun:
    """One network trained on a train split and measured on a test split (see :func:`train_with_curves`).

    ``epochs[i]`` — when ``train_loss[i]`` and ``test_loss[i]`` were measured (evaluation mode: no
    dropout, no penalty, so the two are comparable and comparable across runs); ``history`` — what
    ``fit`` returned (its ``loss`` is the training objective: with dropout and penalty);
    ``net`` — the trained network; ``roundoff_sensitive`` — whether where the run *ends* is set by
    round-off (see :func:`train_with_curves`): then its final losses and accuracies differ from one
    computer to the next, while its curve up to the lowest test loss does not.
    """
    label: str
    settings: dict
    net: Network
    history: History
    epochs: np.ndarray
    train_loss: np.ndarray
    test_loss: np.ndarray
    train_accuracy: float
    test_accuracy: float
    roundoff_sensitive: bool = False

    @property
    def best_epoch(self) -> int:
        """The recorded epoch with the lowest test loss."""
        return int(self.epochs[int(np.argmin(self.test_loss))])

    def __repr__(self):
        return (f"RegularisedRun({self.label!r}: train loss {self.train_loss[-1]:.4f}, test loss "
                f"{self.test_loss[-1]:.4f}, accuracy {self.train_accuracy:.2f}/{self.test_accuracy:.2f})")


def _label(dropout, l2, l1):
    parts = ([tr("dropout p = {p}").format(p=f"{dropout:g}")] if dropout else []) + \
        ([f"L2 λ = {l2:g}"] if l2 else []) + ([f"L1 λ = {l1:g}"] if l1 else [])
    return ", ".join(parts) if parts else tr("no regularisation")


@single_blas_thread
def train_with_curves(X_train, y_train, X_test, y_test, hidden=OVERFIT["hidden"], dropout=0.0, l2=0.0, l1=0.0,
                      lr=OVERFIT["lr"], epochs=OVERFIT["epochs"], seed=OVERFIT["seed"],
                      record_every=OVERFIT["record_every"], activation="tanh", loss="mse",
                      label=None, probe_roundoff=True, progress=False) -> RegularisedRun:
    r"""Train ``Network([n_in, hidden, n_out], activation=[activation, "sigmoid"], loss=loss,
    dropout=dropout, seed=seed)`` with ``fit(X_train, y_train, epochs, lr, l2=l2, l1=l1,
    record_every=record_every)`` and measure train and test loss at every snapshot.

    ``loss="mse"`` (the mean) by default, so that a train and a test split of different sizes
    give comparable numbers. Returns a :class:`RegularisedRun`.

    ``probe_roundoff``: also train two twins whose initial weights are scaled by $1 \pm 10^{-12}$
    and mark the run ``roundoff_sensitive`` if a twin's final test loss differs by more than
    $10^{-9}$, i.e. if the run amplifies a tiny difference more than a thousandfold. A run that
    settles shrinks it (the twins end about $10^{-14}$ apart); a chaotic one (a wide network
    memorising noise with a large step) blows it up to $10^{-7}$ … $10^{-2}$, and so it blows up the
    different summation order of another CPU's BLAS as well: its end differs between computers.

    ``progress="bar"``: each of these ``fit`` calls shows a progress bar in Jupyter while it trains
    (``Network.fit``'s ``progress``).
    """
    X_train = _checks.as_float_array("X_train", X_train, ndim=2)
    y_train = _checks.as_float_array("y_train", y_train)
    y_train = y_train[:, None] if y_train.ndim == 1 else y_train
    hidden = _checks.integer("hidden", hidden, low=1)
    record_every = _checks.integer("record_every", record_every, low=1)
    def build(seed):
        return Network([X_train.shape[1], hidden, y_train.shape[1]], activation=[activation, "sigmoid"],
                       loss=loss, dropout=dropout, seed=seed)
    if probe_roundoff and isinstance(seed, np.random.Generator):   # the twin needs the same draws
        seed = seed.integers(2**63)
    net = build(seed)
    X_test, y_test = net.validate(X_test, y_test)
    twins = [build(seed), build(seed)] if probe_roundoff else []
    history = net.fit(X_train, y_train, epochs=epochs, lr=lr, l2=l2, l1=l1, record_every=record_every,
                      progress=progress)
    test_loss = snapshot_losses(history, net, X_test, y_test)
    sensitive = False
    for twin, scale in zip(twins, (1 + 1e-12, 1 - 1e-12)):
        for W in twin.weights:
            W *= scale
        twin.fit(X_train, y_train, epochs=epochs, lr=lr, l2=l2, l1=l1, progress=progress)
        sensitive |= abs(twin.loss_value(X_test, y_test) - test_loss[-1]) > 1e-9
    return RegularisedRun(label or _label(net.dropout, l2, l1),
                          dict(hidden=hidden, dropout=dropout, l2=l2, l1=l1, lr=lr, epochs=epochs, seed=seed,
                               activation=activation, loss=loss),
                          net, history, np.array(history.snapshot_epochs),
                          snapshot_losses(history, net, X_train, y_train),
                          test_loss, accuracy(net, X_train, y_train), accuracy(net, X_test, y_test), sensitive)


def compare_regularisers(X_train, y_train, X_test, y_test, variants, **common) -> dict:
    """Train the same network (same seed, same epochs) once per variant.

    ``variants``: ``{label: {"dropout": …, "l2": …, "l1": …}}`` (missing keys are 0);
    ``common``: the other arguments of :func:`train_with_curves` (``progress="bar"`` among them).
    Returns ``{label: RegularisedRun}``.
    """
    if not isinstance(variants, dict) or not variants:
        raise TypeError(f"variants must be a non-empty dict label -> settings, got {type(variants).__name__}")
    runs = {}
    for label, settings in variants.items():
        unknown = set(settings) - {"dropout", "l2", "l1"}
        if unknown:
            raise ValueError(f"variant {label!r}: unknown setting(s) {sorted(unknown)}; use dropout, l2, l1")
        runs[label] = train_with_curves(X_train, y_train, X_test, y_test, label=label, **{**common, **settings})
    return runs


def runs_table(runs) -> Table:
    """One row per :class:`RegularisedRun`: final train and test loss, the lowest test loss and its
    epoch, and the accuracies."""
    items = list(runs.values()) if isinstance(runs, dict) else list(runs)
    if not items or not all(isinstance(r, RegularisedRun) for r in items):
        raise TypeError("runs must be a non-empty dict or list of RegularisedRun")
    def at_end(r, value, spec):   # a round-off-sensitive run's end differs from computer to computer
        return tr("varies") if r.roundoff_sensitive else format(value, spec)
    rows = [(r.label, at_end(r, r.train_loss[-1], ".3f"), at_end(r, r.test_loss[-1], ".3f"), r.test_loss.min(),
             str(r.best_epoch), at_end(r, r.train_accuracy, ".2f"), at_end(r, r.test_accuracy, ".2f"))
            for r in items]
    first = items[0].settings
    caption = tr("losses ({loss}) in evaluation mode after {epochs} epochs").format(loss=first['loss'],
                                                                                  epochs=first['epochs'])
    if any(r.roundoff_sensitive for r in items):
        caption += tr("; varies: where this run ends is set by round-off (it blows a 1e-12 change of its start up "
                      "a thousandfold and more), so it differs from one computer to the next")
    return Table([tr("run"), tr("train loss"), tr("test loss"), tr("lowest test loss"), tr("at epoch"),
                  tr("train accuracy"), tr("test accuracy")], rows, ["", "", ".3f", "", "", ""], caption=caption)


def compare_over_data(variants, data_seeds, **common) -> Table:
    """The experiment of :func:`compare_regularisers` on other draws of :func:`overfitting_data`
    (one per seed in ``data_seeds``): the final test loss of every variant, and in brackets the
    lowest test loss of the unregularised run (the first variant)."""
    seeds = [_checks.integer("data_seeds[]", s, low=0) for s in data_seeds]
    if not seeds:
        raise ValueError("data_seeds must hold at least one seed")
    rows = []
    for seed in seeds:
        runs = compare_regularisers(*_reorder(overfitting_data(seed=seed)), variants, probe_roundoff=False, **common)
        rows.append((tr("data seed {seed}").format(seed=seed), *[r.test_loss[-1] for r in runs.values()]))
    return Table([tr("data"), *[tr("test loss: {label}").format(label=label) for label in variants]], rows,
                 [".3f"] * len(variants),
                 caption=tr("the same experiment on other draws of the data (final test loss)"))


def _reorder(split):
    """``X_train, X_test, y_train, y_test`` → ``X_train, y_train, X_test, y_test``."""
    X_train, X_test, y_train, y_test = split
    return X_train, y_train, X_test, y_test


# --------------------------------------------------------------------------- the explorer's recipe
# The dropout explorer (widgets.DropoutExplorer) trains what these settings describe; a lesson cell can
# build the same network without ipywidgets.
DROPOUT_RANGE = (0.0, 0.8)
LR_RANGE = (0.1, 5.0)
HIDDEN_RANGE = (2, 128)
L2_RANGE = (0.0, 0.01)
EPOCHS_RANGE = (100, 5000)
SEED_RANGE = (0, 99)
RECORD_EVERY = OVERFIT["record_every"]   # epochs between recorded weights (divides the explorer's epochs step)
ACTIVATIONS = ["tanh", "sigmoid"]


@dataclass(frozen=True)
class DropoutSettings:
    """One position of the explorer's controls (values are checked and rounded to the slider steps)."""
    dropout: float = 0.0
    lr: float = OVERFIT["lr"]
    hidden: int = OVERFIT["hidden"]
    l2: float = 0.0
    epochs: int = OVERFIT["epochs"]
    seed: int = OVERFIT["seed"]

    def __post_init__(self):
        put = lambda name, value: object.__setattr__(self, name, value)
        # Round to the slider grid, so that 0.1 + 0.05 and 0.15 are the same cached run.
        put("dropout", round(_checks.bounded("dropout", self.dropout, *DROPOUT_RANGE, float), 4))
        put("lr", round(_checks.bounded("lr", self.lr, *LR_RANGE, float), 4))
        put("hidden", _checks.bounded("hidden", self.hidden, *HIDDEN_RANGE, int))
        put("l2", round(_checks.bounded("l2", self.l2, *L2_RANGE, float), 6))
        put("epochs", _checks.bounded("epochs", self.epochs, *EPOCHS_RANGE, int))
        if self.epochs % RECORD_EVERY:
            raise ValueError(f"epochs must be a multiple of {RECORD_EVERY}, got {self.epochs}")
        put("seed", _checks.bounded("seed", self.seed, *SEED_RANGE, int))

    def network(self, n_in=2) -> Network:
        """The untrained network these settings start from (as a lesson cell would build it)."""
        return Network([n_in, self.hidden, 1], activation=ACTIVATIONS, loss="mse", dropout=self.dropout,
                       seed=self.seed)

r"""The playground's training run: the points, the network built from the settings, and the epochs.

Classification sets (labels 0/1): a sigmoid output and binary cross-entropy ``"bce"``; regression
sets: a linear output and $E = \tfrac12\sum(t - o)^2$. Hidden layers use the chosen activation;
starting weights are Glorot-normal from ``seed``. One epoch takes every training point once, in
batches of ``batch_size`` in a fresh order (drawn from ``seed``): ``Network.fit`` runs the batches
but the last, and :meth:`Network.train_step` runs the last one and returns its trace. So an epoch is
the same numbers however the epochs are grouped into steps and frames.
"""
from __future__ import annotations

import math
import warnings

import numpy as np

from .... import datasets, features
from ....network import Network, NonFiniteError, TrainingDiverged
from .settings import penalties

__all__ = ["TrainingRun", "N_POINTS", "STEPS_PER_FRAME", "MAX_EPOCHS_PER_FRAME"]

N_POINTS = 200
STEPS_PER_FRAME = 100              # batch steps a play frame aims at (epochs_per_frame = this / batches)
MAX_EPOCHS_PER_FRAME = 20


class TrainingRun:
    r"""The data and the network of one playground, and its training so far.

    Attributes
    ----------
    X_train, X_test : ``(n, 2)`` points; y_train, y_test : ``(n, 1)`` targets (from the data settings).
    F_train, F_test : the points' input features ``(n, n_features)``.
    network : the :class:`~backproplab.network.Network` being trained.
    epoch : epochs trained; history : ``[(epoch, train loss, test loss), …]`` from epoch 0;
        accuracy_history : ``[(epoch, train accuracy, test accuracy), …]`` alongside it (NaN for the
        regression sets and once the output overflows).
    train_loss, test_loss : mean loss per point (no penalty), NaN once it overflows.
    trace : the :class:`~backproplab.trace.StepTrace` of the latest epoch's last batch (``None``
        before the first); batch : that batch's ``(features, targets)``.
    diverged : the epoch training diverged at, or ``None``.
    """

    def __init__(self, settings: dict):
        self.new_data(settings)
        self.reset(settings)

    @property
    def classification(self) -> bool:
        """Whether the data set is one of two classes (else a regression)."""
        return self._dataset in datasets.PLAYGROUND_CLASSIFICATION

    def new_data(self, settings: dict):
        """Draw the points and their train/test split from the data settings."""
        s = settings
        self._dataset = s["dataset"]
        X, y = datasets.playground(s["dataset"], n=N_POINTS, noise=s["noise"], seed=s["data_seed"])
        self.X_train, self.X_test, self.y_train, self.y_test = datasets.train_test_split(
            X, y, test_fraction=1.0 - s["train_fraction"], seed=s["data_seed"])

    def reset(self, settings: dict):
        """New starting weights from ``seed``, epoch 0, the history cleared."""
        s = settings
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
        self.train_loss, self.test_loss = self.losses()
        self.history = [(0, self.train_loss, self.test_loss)]
        self.accuracy_history = [(0, *self.accuracies())]

    def epochs_per_frame(self, batch_size: int) -> int:
        """Epochs one play frame trains: about :data:`STEPS_PER_FRAME` batch steps, 1 to 20 epochs."""
        batches = -(-self.F_train.shape[0] // batch_size)
        return max(1, min(MAX_EPOCHS_PER_FRAME, round(STEPS_PER_FRAME / batches)))

    def losses(self) -> tuple[float, float]:
        """Mean loss per point on the training and the test set (no penalty)."""
        net = self.network
        try:
            return (net.loss_value(self.F_train, self.y_train) / self.F_train.shape[0],
                    net.loss_value(self.F_test, self.y_test) / self.F_test.shape[0])
        except NonFiniteError:
            return math.nan, math.nan

    def accuracies(self) -> tuple[float, float]:
        r"""Fraction of the training and of the test points the output puts on their label's side of
        $\tfrac12$ (classification sets); NaN, NaN for the regression sets or an overflowing output."""
        if not self.classification:
            return math.nan, math.nan
        try:
            return tuple(float(np.mean((self.network.forward(F) > 0.5) == (y > 0.5)))
                         for F, y in ((self.F_train, self.y_train), (self.F_test, self.y_test)))
        except NonFiniteError:
            return math.nan, math.nan

    def train_epoch(self, settings: dict) -> bool:
        """One epoch: every training point once, in batches of ``batch_size`` in a fresh order. fit runs
        all batches but the last; train_step runs the last and keeps its trace. False if it diverged."""
        net = self.network
        n, b = self.F_train.shape[0], settings["batch_size"]
        order = self._order.permutation(n)
        F, y = self.F_train[order], self.y_train[order]
        last = (n - 1) // b * b                  # where the last (possibly smaller) batch starts
        l1, l2 = penalties(settings)
        lr = settings["learning_rate"]
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
        self.train_loss, self.test_loss = self.losses()
        self.history.append((self.epoch, self.train_loss, self.test_loss))
        self.accuracy_history.append((self.epoch, *self.accuracies()))
        if not (math.isfinite(self.train_loss) and math.isfinite(self.test_loss)):
            self.diverged = self.epoch              # finite weights whose loss overflows: stop here
            return False
        return True

    def train(self, settings: dict, epochs: int) -> bool:
        """Up to ``epochs`` epochs; False if training has diverged (now or before): nothing more to do."""
        for _ in range(epochs):
            if self.diverged is not None or not self.train_epoch(settings):
                return False
        return True

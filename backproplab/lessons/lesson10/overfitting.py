r"""Lesson 10, challenge 4: what an overfit run's two records say — early stopping, and loss against accuracy.

The playground records, after every epoch $e$, the mean loss per point on the training and the test set
(``history``: ``(e, E_train, E_test)``) and the fraction of points on their label's side of $\tfrac12$
(``accuracy_history``: ``(e, acc_train, acc_test)``). :func:`early_stopping` reads both:

* **early stopping** keeps the weights of the epoch $e^* = \arg\min_e E_\text{test}(e)$ — the lowest
  loss on points the network does not train on;
* **loss against accuracy**: the accuracy counts only on which side of $\tfrac12$ a point lands, the
  cross-entropy $-\ln o$ (label 1) or $-\ln(1 - o)$ (label 0) also how sure the network is. A test point
  the network gets wrong ever more confidently adds ever more loss and never changes the accuracy:
  ``steady_from`` is the first epoch from which the test accuracy keeps its final value to the end.
  :func:`wrong_side` says how much of a set's loss its wrongly classified points carry.

Nothing here trains or draws: the records come from a :class:`~backproplab.widgets.Playground` run
(``pg.history``, ``pg.accuracy_history``, ``pg.network``, ``pg.F_test``, ``pg.y_test``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..._plumbing import checks as _checks
from ..._plumbing.format import number
from ..._plumbing.i18n import tr
from ...network import Network

__all__ = ["EarlyStop", "early_stopping", "WrongSide", "wrong_side"]


@dataclass(frozen=True)
class EarlyStop:
    """What an overfit run's records say (see :func:`early_stopping`).

    Attributes
    ----------
    best_epoch : the epoch of the lowest test loss; best_test_loss, best_test_accuracy : there.
    final_epoch : the last epoch; final_test_loss, final_test_accuracy : there.
    steady_from : the first epoch from which the test accuracy equals its final value at every epoch;
        steady_test_loss : the test loss at that epoch.
    """
    best_epoch: int
    best_test_loss: float
    best_test_accuracy: float
    final_epoch: int
    final_test_loss: float
    final_test_accuracy: float
    steady_from: int
    steady_test_loss: float

    def lines(self) -> list[str]:
        """The three lines lesson 10 prints (losses and accuracies to 2 decimals)."""
        f = lambda v: number(v, ".2f")   # noqa: E731
        return [tr("lowest test loss {loss} at epoch {epoch}, test accuracy {accuracy} there").format(
                    loss=f(self.best_test_loss), epoch=self.best_epoch, accuracy=f(self.best_test_accuracy)),
                tr("after {epochs} epochs: test loss {loss}, test accuracy {accuracy}").format(
                    epochs=self.final_epoch, loss=f(self.final_test_loss), accuracy=f(self.final_test_accuracy)),
                tr("test accuracy {accuracy} at every epoch from {epoch} on, while the test loss climbs from "
                   "{start} to {end}").format(accuracy=f(self.final_test_accuracy), epoch=self.steady_from,
                                              start=f(self.steady_test_loss), end=f(self.final_test_loss))]

    def __str__(self):
        return "\n".join(self.lines())


def _records(name, records):
    if not isinstance(records, (list, tuple)) or not records:
        raise TypeError(f"{name} must be a non-empty list of (epoch, train, test) tuples, "
                        f"got {type(records).__name__} {records!r:.60}")
    rows = []
    for k, row in enumerate(records):
        if not isinstance(row, (list, tuple)) or len(row) != 3:
            raise ValueError(f"{name}[{k}] must be an (epoch, train, test) tuple, got {row!r:.60}")
        epoch, train, test = row
        if isinstance(epoch, bool) or not isinstance(epoch, int):
            raise TypeError(f"{name}[{k}]: the epoch must be an int, got {type(epoch).__name__} {epoch!r:.40}")
        rows.append((epoch, float(train), float(test)))
    return rows


def early_stopping(history, accuracy_history) -> EarlyStop:
    r"""Read an overfit run's records: where the test loss is lowest, where the run ends, and from which
    epoch the test accuracy stays at its final value.

    Parameters
    ----------
    history : ``[(epoch, train loss, test loss), …]``, one row per epoch from epoch 0 (``pg.history``).
    accuracy_history : ``[(epoch, train accuracy, test accuracy), …]`` for the same epochs
        (``pg.accuracy_history``).

    Returns
    -------
    :class:`EarlyStop`; the lowest test loss $\min_e E_\text{test}(e)$ is taken at its first epoch.
    """
    losses = _records("history", history)
    accuracies = _records("accuracy_history", accuracy_history)
    if [r[0] for r in losses] != [r[0] for r in accuracies]:
        raise ValueError("history and accuracy_history must list the same epochs, got "
                         f"{len(losses)} and {len(accuracies)} rows")
    if not all(math.isfinite(r[2]) for r in losses) or not all(math.isfinite(r[2]) for r in accuracies):
        raise ValueError("the test losses and accuracies must be finite: a run that diverged has no lowest loss")
    best = min(range(len(losses)), key=lambda i: losses[i][2])
    final = accuracies[-1][2]
    steady = len(accuracies) - 1
    while steady > 0 and accuracies[steady - 1][2] == final:
        steady -= 1
    return EarlyStop(best_epoch=losses[best][0], best_test_loss=losses[best][2],
                     best_test_accuracy=accuracies[best][2], final_epoch=losses[-1][0],
                     final_test_loss=losses[-1][2], final_test_accuracy=final,
                     steady_from=losses[steady][0], steady_test_loss=losses[steady][2])


@dataclass(frozen=True)
class WrongSide:
    """The points a classifier puts on the wrong side of ½ and their share of the loss (see :func:`wrong_side`).

    Attributes
    ----------
    wrong : how many points; total : of how many; loss_share : their part of the summed loss, in [0, 1].
    """
    wrong: int
    total: int
    loss_share: float

    def __str__(self):
        return tr("{wrong} of {total} points on the wrong side of ½ carry {percent} % of the loss").format(
            wrong=self.wrong, total=self.total, percent=number(100 * self.loss_share, '.0f'))


def wrong_side(network, X, y) -> WrongSide:
    r"""How many of the points ``X`` ``(n, n_in)`` with labels ``y`` ``(n, 1)`` (0 or 1) the one-output
    classifier ``network`` puts on the wrong side of $\tfrac12$ ($o > \tfrac12$ but $t = 0$, or
    $o \le \tfrac12$ but $t = 1$), and their share $\sum_{\text{wrong}} E_n / \sum_n E_n$ of the summed
    loss (the network's own loss, binary cross-entropy in the playground; no penalty)."""
    if not isinstance(network, Network):
        raise TypeError(f"network must be a backproplab Network, got {type(network).__name__}")
    if network.layer_sizes[-1] != 1:
        raise ValueError(f"network must have one output (a two-class classifier), got {network.layer_sizes[-1]}")
    X = _checks.samples("X", X, network.layer_sizes[0])
    y = _checks.targets("y", y, X.shape[0], 1)
    if not np.isin(y, (0.0, 1.0)).all():
        raise ValueError("y must hold the labels 0 and 1 only")
    wrong = ((network.forward(X) > 0.5) != (y > 0.5))[:, 0]
    total_loss = network.loss_value(X, y)
    share = network.loss_value(X[wrong], y[wrong]) / total_loss if wrong.any() and total_loss > 0 else 0.0
    return WrongSide(wrong=int(wrong.sum()), total=int(X.shape[0]), loss_share=float(share))

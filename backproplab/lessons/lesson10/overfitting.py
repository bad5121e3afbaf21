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

Nothing here trains or draws: the records come from a :class:`~backproplab.widgets.Playground` run
(``pg.history``, ``pg.accuracy_history``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..._plumbing.format import number

__all__ = ["EarlyStop", "early_stopping"]


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
        return [f"lowest test loss {f(self.best_test_loss)} at epoch {self.best_epoch}, "
                f"test accuracy {f(self.best_test_accuracy)} there",
                f"after {self.final_epoch} epochs: test loss {f(self.final_test_loss)}, "
                f"test accuracy {f(self.final_test_accuracy)}",
                f"test accuracy {f(self.final_test_accuracy)} at every epoch from {self.steady_from} on, "
                f"while the test loss climbs from {f(self.steady_test_loss)} to {f(self.final_test_loss)}"]

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

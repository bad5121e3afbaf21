r"""The epoch loops behind :meth:`Network.fit <backproplab.network.Network.fit>`: full-batch and
mini-batch epochs over a fused training step (:func:`backproplab.backprop.training_step`), the
loss history and weight snapshots (:class:`History`), and what happens when training diverges
(:class:`Divergence`) or is interrupted (Ctrl-C).

Every run ends with the network holding the weights after ``len(history.loss)`` finished epochs:
the loops keep the parameters of the epoch before (full batch: three rotating parameter sets;
mini-batch: a copy at each epoch's start) so that a loss or a weight that stops being finite, or
a ``KeyboardInterrupt`` in the middle of an epoch, can fall back to them.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from ._plumbing.progress import epoch_progress

MAX_EPOCHS = 10**8          # one fit call (hours even for XOR); train in several calls instead

__all__ = ["History", "Divergence", "MAX_EPOCHS", "train", "commit"]


class Divergence(NamedTuple):
    """Why :meth:`Network.fit` stopped early: in epoch ``epoch`` (counted from 0) ``quantity``
    stopped being finite — ``"loss"`` (its forward pass overflowed; ``value`` is the loss) or
    ``"weights"`` (its update made some weights inf or NaN; ``value`` is ``None``)."""
    epoch: int
    quantity: str
    value: float | None = None


@dataclass
class History:
    """What :meth:`Network.fit` returns.

    ``loss[e]`` is the training loss during epoch ``e`` (measured in the forward pass, before
    that epoch's update, as the classic loops print it; with ``l2``/``l1`` it includes the penalty). With ``record_every = r > 0``,
    ``snapshot_epochs`` lists the epochs after which the weights were copied into
    ``weights`` / ``biases`` (epoch 0 is the starting point).

    A run cut short has fewer entries than the epochs asked for: ``diverged`` is a
    :class:`Divergence` (or ``None``) and ``interrupted`` is ``True`` after Ctrl-C
    (``KeyboardInterrupt``). Either way the network holds the weights after ``len(loss)`` epochs.
    """
    loss: np.ndarray
    snapshot_epochs: list = field(default_factory=list)
    weights: list = field(default_factory=list)
    biases: list = field(default_factory=list)
    diverged: Divergence | None = None
    interrupted: bool = False

    @property
    def final_loss(self) -> float:
        if len(self.loss) == 0:
            raise ValueError("this History has no finished epoch, so it has no final loss")
        return float(self.loss[-1])

    def __repr__(self):
        losses = f"loss {self.loss[0]:.6g} → {self.loss[-1]:.6g}, " if len(self.loss) else ""
        end = (f", diverged in epoch {self.diverged.epoch}" if self.diverged is not None else "") \
            + (", interrupted" if self.interrupted else "")
        return f"History({len(self.loss)} epochs, {losses}{len(self.snapshot_epochs)} snapshots{end})"


class _Params(NamedTuple):
    """One set of a network's parameters: a list of weight matrices and a list of bias vectors
    (or ``None``), as the loops rotate them."""
    weights: list
    biases: list | None

    def empty_like(self, share_biases=False):
        """Uninitialised weights shaped like these; the same bias arrays with ``share_biases``."""
        biases = self.biases if share_biases or self.biases is None else [np.empty_like(b) for b in self.biases]
        return _Params([np.empty_like(w) for w in self.weights], biases)

    def copy(self):
        return _Params([w.copy() for w in self.weights],
                       None if self.biases is None else [b.copy() for b in self.biases])

    def is_finite(self) -> bool:
        return all(np.isfinite(a).all() for a in self.weights + (self.biases or []))


class _Run(NamedTuple):
    """What one call of :func:`train` records into, and when: ``losses`` (a list, appended per
    epoch), ``history``, snapshots every ``record_every`` epochs (0: never), and
    ``report(epochs done, loss)`` every ``every`` epochs (``None``: never)."""
    losses: list
    history: History
    record_every: int
    report: object
    every: int

    def epoch_done(self, epoch, E, params):
        """Bookkeeping after epoch ``epoch`` (from 0) finished with loss ``E`` and ``params``
        (the full-batch loop inlines it: one call per epoch shows in the XOR benchmark)."""
        self.losses.append(E)
        if self.record_every and (epoch + 1) % self.record_every == 0:
            snapshot(self.history, epoch + 1, params.weights, params.biases)
        if self.report is not None and (epoch + 1) % self.every == 0:
            self.report(epoch + 1, E)


def commit(targets, values) -> None:
    """Copy each array of ``values`` into the array of ``targets`` at the same place (skipping an
    array that is its own target), all of them or — if an exception or Ctrl-C comes first — none
    of the remaining: the copies are plain, so only the ``KeyboardInterrupt`` needs deferring,
    which :func:`_interrupts_deferred` does."""
    pairs = [(t, v) for t, v in zip(targets, values) if t is not v]
    with _interrupts_deferred():
        for target, value in pairs:
            target[...] = value


class _interrupts_deferred:
    """Context manager: a Ctrl-C (SIGINT) inside the block raises ``KeyboardInterrupt`` only when
    the block ends, so a multi-array update finishes. Outside the main thread (where no signal
    handler can be set) it does nothing."""

    def __enter__(self):
        import signal
        import threading
        self.caught, self.previous = False, None
        if threading.current_thread() is threading.main_thread():
            try:
                self.previous = signal.signal(signal.SIGINT, self._catch)
            except (ValueError, TypeError):      # pragma: no cover  (no signals here)
                self.previous = None
        return self

    def _catch(self, signum, frame):
        self.caught = True

    def __exit__(self, *exc):
        import signal
        previous = self.previous
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
        if self.caught and exc[0] is None:      # the Ctrl-C now, as the handler before would have taken it
            if previous is signal.default_int_handler or previous is None:
                raise KeyboardInterrupt
            if callable(previous):
                previous(signal.SIGINT, None)
            elif previous == signal.SIG_DFL:
                signal.raise_signal(signal.SIGINT)
            # SIG_IGN: this process ignores Ctrl-C, and so does the commit
        return False


def snapshot(history, epoch, weights, biases):
    """Copies of ``weights`` and ``biases`` (or ``None``) into ``history`` as the ones after ``epoch``."""
    history.snapshot_epochs.append(epoch)
    history.weights.append([w.copy() for w in weights])
    history.biases.append(None if biases is None else [b.copy() for b in biases])


def train(step, weights, biases, X, y, epochs, batch_size=None, record_every=0, progress=False,
          shuffle=True, share_biases=False, permutation=None, mean_loss=False) -> History:
    """Run ``epochs`` epochs of ``step(X, y, src, dst) -> E`` (see
    :func:`backproplab.backprop.training_step`) on the network's arrays ``weights`` and ``biases``
    (or ``None``), which end holding the weights after ``len(history.loss)`` epochs; returns the
    :class:`History` (``diverged`` and ``interrupted`` set, no warning given).

    ``batch_size=None`` (or at least ``len(X)``): full batch; else mini-batches, drawn in the order
    ``permutation(n)`` gives every epoch or, ``shuffle=False``, in the order of ``X``.
    ``mean_loss``: the loss is a mean, so an epoch's loss weighs each batch by its size.
    ``share_biases``: the step never writes the biases (they are kept fixed). The arguments are
    trusted (``Network.fit`` checks them)."""
    history = History(np.empty(0))
    if record_every:
        snapshot(history, 0, weights, biases)
    own = _Params(weights, biases)        # the network's arrays: they receive the result
    with epoch_progress(epochs, "bar" if progress == "bar" else None) as advance, np.errstate(all="ignore"):
        if progress == "bar":       # report(epochs done, loss) every `every` epochs, or never (None)
            report, every = (lambda done, E: advance(done)), max(1, epochs // 100)
        else:
            report, every = (_print_progress(epochs) if progress else None), max(1, epochs // 10)
        run = _Run([], history, record_every, report, every)
        if batch_size is None or batch_size >= X.shape[0]:
            final, history.diverged, history.interrupted = _run_full_batch(step, own, X, y, epochs, run, share_biases)
        else:
            final, history.diverged, history.interrupted = _run_mini_batch(
                step, own, X, y, epochs, batch_size, run, shuffle, permutation, mean_loss)
    commit(own.weights + (own.biases or []), final.weights + (final.biases or []))
    done = len(run.losses)
    history.loss = np.array(run.losses, dtype=np.float64)
    while history.snapshot_epochs and history.snapshot_epochs[-1] > done:
        del history.snapshot_epochs[-1], history.weights[-1], history.biases[-1]
    return history


def _run_full_batch(step, own, X, y, epochs, run, share_biases=False):
    """Full-batch epochs on three rotating parameter sets: epoch ``e`` reads set ``e % 3`` and
    writes set ``(e + 1) % 3``, so the weights after ``len(losses)`` epochs are always intact
    (and so are those one epoch before, for a divergence found one epoch late). With
    ``share_biases`` (biases kept fixed: the step never writes them) all three sets hold the
    network's own bias arrays. Returns ``(parameters to keep, Divergence or None, interrupted)``."""
    sets = [own] + [own.empty_like(share_biases) for _ in range(2)]
    # epoch e: rotation[e % 3] = (src, dst), as plain tuples of the same lists (a step unpacks a plain
    # tuple faster than a NamedTuple: it shows on XOR's 12 µs epochs)
    rotation = [(tuple(sets[e]), tuple(sets[(e + 1) % 3])) for e in range(3)]
    losses, record_every, report, every = run.losses, run.record_every, run.report, run.every
    append, isfinite = losses.append, math.isfinite
    try:
        for epoch in range(epochs):
            src, dst = rotation[epoch % 3]
            E = step(X, y, src, dst)
            if not isfinite(E):
                return *_fall_back(sets[epoch % 3], sets[(epoch - 1) % 3], losses, E), False
            append(E)           # run.epoch_done, inlined
            if record_every and (epoch + 1) % record_every == 0:
                snapshot(run.history, epoch + 1, *dst)
            if report is not None and (epoch + 1) % every == 0:
                report(epoch + 1, E)
    except KeyboardInterrupt:
        return sets[len(losses) % 3], None, True
    last = sets[epochs % 3]
    if last.is_finite():
        return last, None, False
    return *_fall_back(last, sets[(epochs - 1) % 3], losses, None), False


def _run_mini_batch(step, own, X, y, epochs, batch_size, run, shuffle, permutation, mean_loss):
    """Mini-batch epochs, updating the network's arrays in place; a copy of the weights at the
    start of each epoch (and of the one before) is what an interruption or a divergence
    returns to. ``shuffle=False`` takes consecutive slices of ``X``, cut once (views, no
    draw). Returns ``(parameters to keep, Divergence or None, interrupted)``."""
    current, losses, n = own, run.losses, X.shape[0]
    in_order = None if shuffle else [(X[i:i + batch_size], y[i:i + batch_size]) for i in range(0, n, batch_size)]
    before = start = (0, current.copy())      # (epochs finished, the weights then)
    try:
        for epoch in range(epochs):
            if epoch:
                before, start = start, (epoch, current.copy())
            if in_order is None:
                order = permutation(n)
                batches = ((X[idx], y[idx]) for idx in (order[i:i + batch_size] for i in range(0, n, batch_size)))
            else:
                batches = in_order
            epoch_loss = 0.0
            for Xb, yb in batches:
                E = step(Xb, yb, current, current)
                epoch_loss += E * (Xb.shape[0] / n) if mean_loss else E
                if not math.isfinite(epoch_loss):
                    return *_fall_back(start[1], before[1], losses, epoch_loss), False
            run.epoch_done(epoch, epoch_loss, current)
    except KeyboardInterrupt:
        # Mid-epoch: back to its start. Between epochs: the arrays are already consistent.
        return (start[1] if start[0] == len(losses) else current), None, True
    if current.is_finite():
        return current, None, False
    return *_fall_back(current, start[1], losses, None), False


def _fall_back(latest, previous, losses, loss):
    """``(parameters, Divergence)`` once epoch ``len(losses)`` gave the non-finite ``loss``
    (``None``: its weights were not finite): ``latest``, the weights after ``len(losses)``
    epochs, if finite, else ``previous``, one epoch earlier (and that epoch is dropped)."""
    if loss is not None and (latest.is_finite() or not losses):
        return latest, Divergence(len(losses), "loss", float(loss))
    losses.pop()
    return previous, Divergence(len(losses), "weights")


def divergence_message(d, epochs, lr) -> str:
    """The :class:`~backproplab.TrainingDiverged` warning's text for the :class:`Divergence` ``d``."""
    what = (f"the loss became {d.value}" if d.quantity == "loss"
            else "its update made some weights inf or NaN")
    return (f"training diverged in epoch {d.epoch} of {epochs}: {what}. fit stopped there and "
            f"returns the History of the {d.epoch} finished epoch(s) (history.diverged); the "
            f"network keeps the weights after them. The usual cure: a smaller learning rate lr "
            f"(it was {lr:g}).")


def _print_progress(epochs):
    """fit's ``progress=True``: a function ``(epochs done, loss)`` that prints a line."""
    width = len(str(epochs))
    return lambda done, E: print(f"epoch {done:>{width}}/{epochs}  loss {E:.6f}")

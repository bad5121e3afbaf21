r"""The epoch loops behind :meth:`Network.fit <backproplab.network.Network.fit>`: full-batch and
mini-batch epochs over a fused training step (:func:`backproplab.backprop.training_step`), the
loss history and weight snapshots (:class:`History`), and what happens when training diverges
(:class:`Divergence`) or is interrupted (Ctrl-C).

Every run ends with the network holding the weights after ``len(history.loss)`` finished epochs:
the loops keep the parameters of the epoch before (full batch: three rotating parameter sets;
mini-batch: a copy at each epoch's start) so that a loss or a weight that stops being finite, or
a ``KeyboardInterrupt`` in the middle of an epoch, can fall back to them.

Ctrl-C is let through only inside the epoch loops, where the fall-back above makes any moment safe;
everywhere else in ``fit`` (argument checks, first-call imports, the initial snapshot, appending a
snapshot, the final copy into the network) it is held back by :class:`CtrlC` and turns into
``history.interrupted`` (see :func:`returns_on_ctrl_c`).
"""
from __future__ import annotations

import functools
import math
import signal
import threading
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from ._plumbing.i18n import mark, tr
from ._plumbing.progress import epoch_progress

MAX_EPOCHS = 10**8          # one fit call (hours even for XOR); train in several calls instead

__all__ = ["History", "Divergence", "MAX_EPOCHS", "train", "commit", "CtrlC", "returns_on_ctrl_c"]


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
    (``KeyboardInterrupt``) at any moment of ``fit`` — before its first epoch (the History is
    then empty and the network unchanged) or after its last (all epochs done, the Ctrl-C is
    reported all the same). Either way the network holds the weights after ``len(loss)`` epochs,
    and ``snapshot_epochs``, ``weights`` and ``biases`` have the same length.
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
    ``report(epochs done, loss)`` every ``every`` epochs (``None``: never); ``ctrl_c``, the
    :class:`CtrlC` that holds back a Ctrl-C while a snapshot is appended."""
    losses: list
    history: History
    record_every: int
    report: object
    every: int
    ctrl_c: CtrlC

    def epoch_done(self, epoch, E, params):
        """Bookkeeping after epoch ``epoch`` (from 0) finished with loss ``E`` and ``params``
        (the full-batch loop inlines it: one call per epoch shows in the XOR benchmark)."""
        if self.record_every and (epoch + 1) % self.record_every == 0:
            snapshot(self.history, epoch + 1, params.weights, params.biases, self.ctrl_c, (self.losses, E))
        else:
            self.losses.append(E)
        if self.report is not None and (epoch + 1) % self.every == 0:
            self.report(epoch + 1, E)


class CtrlC:
    r"""Ctrl-C (SIGINT) held back, then let through, while the main thread runs a block of code.

    Created *held*: from :meth:`install` on, a Ctrl-C only sets ``pending``. :meth:`release`
    lets it through — the one held back (if any) at once, later ones as they come — by calling
    the handler that was there before (Python's raises ``KeyboardInterrupt``); a Ctrl-C that gets
    through holds the rest back again, so a second one cannot interrupt the code that handles the
    first. Setting ``held = True`` (an attribute store: no moment for a signal to slip in) holds
    back again; :meth:`restore` puts the previous handler back.

    Outside the main thread no handler can be installed, and none is needed (signals reach only
    the main thread): ``held``/``pending`` are then plain flags that nothing sets. Nor is one
    installed when SIGINT is ignored or left to the system (``SIG_IGN``/``SIG_DFL``).

    :func:`commit` holds Ctrl-C back around its copies with it; :func:`returns_on_ctrl_c` around
    the whole of ``fit``, :func:`train` letting it through in the epoch loops only.
    """

    def __init__(self):
        self.held, self.pending, self.previous = True, False, None

    @classmethod
    def install(cls) -> "CtrlC":
        """A held :class:`CtrlC` with its handler installed (where one can be)."""
        guard = cls()
        current = signal.getsignal(signal.SIGINT)
        if callable(current):
            try:
                # signal.signal first runs the handlers of signals already pending (the old ones):
                # a Ctrl-C before this line raises here, before anything was held back
                signal.signal(signal.SIGINT, guard._handle)
                guard.previous = current
            except ValueError:                 # not the main thread: no signal reaches this code
                pass
        return guard

    def _handle(self, signum, frame):
        if self.held:
            self.pending = True
            return
        self.held = True                       # no second Ctrl-C inside the code that handles this one
        self.previous(signum, frame)
        self.held = False                      # (a handler that did not raise: carry on)

    def release(self) -> None:
        """Let Ctrl-C through from now on, starting with one held back so far."""
        self.held = False
        if self.pending:
            self.pending = False
            self._handle(signal.SIGINT, None)

    def restore(self) -> None:
        """Put the previous handler back (a Ctrl-C that comes meanwhile still sets ``pending``)."""
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)


class _interrupts_deferred:
    """Context manager: a Ctrl-C inside the block takes effect (``KeyboardInterrupt``) only when
    the block ends, so a multi-array update finishes. Outside the main thread it does nothing."""

    def __enter__(self):
        self.guard = CtrlC.install()
        return self.guard

    def __exit__(self, exc_type, *exc):
        guard = self.guard
        guard.restore()
        if guard.pending and exc_type is None:       # (pending implies a handler was installed)
            guard.pending = False
            guard.previous(signal.SIGINT, None)
        return False


def commit(targets, values) -> None:
    """Copy each array of ``values`` into the array of ``targets`` at the same place (skipping an
    array that is its own target), all of them or — if an exception or Ctrl-C comes first — none
    of the remaining: the copies are plain, so only the ``KeyboardInterrupt`` needs deferring,
    which :class:`CtrlC` does (a Ctrl-C during the copies is delivered after the last one)."""
    pairs = [(t, v) for t, v in zip(targets, values) if t is not v]
    with _interrupts_deferred():
        for target, value in pairs:
            target[...] = value


def snapshot(history, epoch, weights, biases, ctrl_c=None, loss=None):
    """Copies of ``weights`` and ``biases`` (or ``None``) into ``history`` as the ones after
    ``epoch``: the copies are made first, then the three entries appended with Ctrl-C held back
    by ``ctrl_c`` (``None``: the caller holds it back), so the three lists never differ in length.
    ``loss``: ``(losses, E)`` to append ``E`` to ``losses`` in the same held-back moment, so the
    epoch is finished (counted in the losses) exactly when its snapshot is there."""
    entry = (epoch, [w.copy() for w in weights], None if biases is None else [b.copy() for b in biases])
    if ctrl_c is not None:
        ctrl_c.held = True
    if loss is not None:
        loss[0].append(loss[1])
    history.snapshot_epochs.append(entry[0])
    history.weights.append(entry[1])
    history.biases.append(entry[2])
    if ctrl_c is not None:
        ctrl_c.release()


_running = threading.local()       # .guard: the CtrlC of the fit running on this thread


def returns_on_ctrl_c(fit):
    """Decorator for :meth:`Network.fit <backproplab.network.Network.fit>`: Ctrl-C is held back
    from its first moment to its last, except inside :func:`train`'s epoch loops (which fall back
    to the last finished epoch), and a Ctrl-C at any moment makes ``fit`` return its History with
    ``interrupted = True`` instead of raising. ``fit`` itself must return a :class:`History`."""
    @functools.wraps(fit)
    def held_back(*args, **kwargs):
        try:
            ctrl_c = CtrlC.install()
        except KeyboardInterrupt:      # came before the handler was in place: nothing done yet
            return History(np.empty(0), interrupted=True)
        outer, _running.guard = getattr(_running, "guard", None), ctrl_c
        try:
            history = fit(*args, **kwargs)
        except BaseException:          # a refused argument (a held-back Ctrl-C is dropped with it)
            _running.guard = outer
            ctrl_c.restore()
            raise
        _running.guard = outer
        # From here to the return nothing calls Python code that could check for signals, except
        # restore(): a Ctrl-C that reaches the restored handler is caught just below.
        try:
            ctrl_c.restore()
            history.interrupted = history.interrupted or ctrl_c.pending
            return history
        except KeyboardInterrupt:      # Python's handler is back and a Ctrl-C came that moment
            history.interrupted = True
            return history
    return held_back


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
    trusted (``Network.fit`` checks them).

    Under :func:`returns_on_ctrl_c` (``fit``) Ctrl-C is held back here except inside the epoch
    loops; a Ctrl-C held back until they start ends the run before its first epoch."""
    ctrl_c = getattr(_running, "guard", None) or CtrlC()     # (called directly: nothing held back)
    history = History(np.empty(0))
    if record_every:
        snapshot(history, 0, weights, biases)
    own = _Params(weights, biases)        # the network's arrays: they receive the result
    with epoch_progress(epochs, "bar" if progress == "bar" else None, mark("epochs")) as advance, np.errstate(all="ignore"):
        if progress == "bar":       # report(epochs done, loss) every `every` epochs, or never (None)
            report, every = (lambda done, E: advance(done)), max(1, epochs // 100)
        else:
            report, every = (_print_progress(epochs) if progress else None), max(1, epochs // 10)
        run = _Run([], history, record_every, report, every, ctrl_c)
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
    append, isfinite, ctrl_c = losses.append, math.isfinite, run.ctrl_c
    try:
        ctrl_c.release()        # Ctrl-C from here on: any moment is an epoch boundary, see below
        for epoch in range(epochs):
            src, dst = rotation[epoch % 3]
            E = step(X, y, src, dst)
            if not isfinite(E):
                ctrl_c.held = True
                return *_fall_back(sets[epoch % 3], sets[(epoch - 1) % 3], losses, E), False
            if record_every and (epoch + 1) % record_every == 0:     # run.epoch_done, inlined
                snapshot(run.history, epoch + 1, *dst, ctrl_c, (losses, E))
            else:
                append(E)
            if report is not None and (epoch + 1) % every == 0:
                report(epoch + 1, E)
        ctrl_c.held = True
    except KeyboardInterrupt:
        # set len(losses) % 3 holds the weights after len(losses) epochs: before the epoch's loss
        # is appended that is its source (its destination may be half-written), after it the
        # destination (and its snapshot, if due, is there: it is appended with the loss)
        ctrl_c.held = True
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
    ctrl_c = run.ctrl_c
    try:
        ctrl_c.release()
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
                    ctrl_c.held = True
                    return *_fall_back(start[1], before[1], losses, epoch_loss), False
            run.epoch_done(epoch, epoch_loss, current)
        ctrl_c.held = True
    except KeyboardInterrupt:
        ctrl_c.held = True
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
    return lambda done, E: print(tr("epoch {done}/{epochs}  loss {loss}").format(
        done=f"{done:>{width}}", epochs=epochs, loss=f"{E:.6f}"))

r"""A fully connected network that shows its work.

Shapes, for a batch of $N$ samples and weight layer $k$ with $n_{k-1}$ inputs and $n_k$ outputs:

* ``weights[k]``: ``(n_{k-1}, n_k)`` — ``weights[k][i, j]`` is $w_{ij}$, from neuron $i$ to $j$;
* ``biases[k]``: ``(n_k,)``, or the whole list is ``None`` for a network without bias;
* inputs $x$: ``(N, n_0)``; net input $z_k = a_{k-1} W_k + b_k$ and activation
  $a_k = \varphi_k(z_k)$: ``(N, n_k)``.

The backward pass is the four equations of backprop, with $\delta = \partial E/\partial z$:

1. $\delta_L = \partial E/\partial a_L \odot \varphi_L'(z_L)$                (output layer; $o - t$
   for sigmoid + bce and softmax + cross_entropy, through the Jacobian for other softmax pairs)
2. $\delta_k = (\delta_{k+1} W_{k+1}^\top) \odot \varphi_k'(z_k)$            (hidden layers)
3. $\partial E/\partial W_k = a_{k-1}^\top \delta_k$
4. $\partial E/\partial b_k = \sum_n \delta_k$

and gradient descent updates $W \leftarrow W - \eta\,\partial E/\partial W$.
"""
from __future__ import annotations

import json
import math
import warnings
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from . import activations, backprop, losses, regularisers
from ._plumbing import checks as _checks
from ._plumbing.checks import NonFiniteError, TrainingDiverged
from ._plumbing.blas import single_blas_thread
from ._plumbing.progress import epoch_progress
from .trace import LayerTrace, StepTrace, default_names

_FORMAT_VERSION = 1
MAX_PARAMETERS = 10**8      # weights and biases of a network built from layer_sizes (800 MB)
MAX_EPOCHS = 10**8          # one fit call (hours even for XOR); train in several calls instead

__all__ = ["Network", "History", "Divergence", "NonFiniteError", "TrainingDiverged",
           "MAX_PARAMETERS", "MAX_EPOCHS", "INIT_RULES"]

# init name → the variance of a starting weight, from the layer's fan-in and fan-out
INIT_RULES = {
    "uniform": lambda n_in, n_out: 1.0 / 3.0,                # U[−1, 1): (1 − (−1))²/12
    "normal": lambda n_in, n_out: 1.0,                       # N(0, 1): unscaled randn
    "lecun": lambda n_in, n_out: 1.0 / n_in,                 # LeCun et al. 1998
    "glorot": lambda n_in, n_out: 2.0 / (n_in + n_out),      # Glorot & Bengio 2010 ("Xavier")
    "he": lambda n_in, n_out: 2.0 / n_in,                    # He et al. 2015, for ReLU
}


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


class Network:
    r"""A dense feed-forward network trained by backpropagation.

    >>> net = Network([3, 4, 1], activation="sigmoid", bias=False, seed=1)
    >>> trace = net.train_step([[0, 1, 1]], [[0]], lr=0.5)   # one step, every number recorded
    >>> history = net.fit(X, y, epochs=1000, lr=1.0)          # many steps, nothing recorded

    Parameters
    ----------
    layer_sizes : list of int, e.g. ``[3, 4, 1]`` (inputs, hidden…, outputs).
    activation : one name for every weight layer, or a list with one per weight layer:
        ``"sigmoid"``, ``"tanh"``, ``"relu"``, ``"leaky_relu"``, ``"linear"``; and
        ``"softmax"`` (p_k = e^{z_k}/Σⱼ e^{z_j}) for the output layer only, with at
        least two outputs.
    bias : whether each layer adds a bias vector.
    loss : ``"half_sse"`` (½Σ(t−o)², default), ``"sse"`` (Σ(t−o)²), ``"mse"`` (mean),
        ``"bce"`` (binary cross-entropy −Σ[t ln o + (1−t) ln(1−o)], targets in [0, 1], for a
        sigmoid or softmax output layer) or ``"cross_entropy"`` (−Σ t ln p, one probability
        distribution per target row, for a softmax output layer). Every loss but ``mse`` is a sum
        over the samples, not a mean.
    dropout : rate $p$ of inverted dropout on the hidden layers, in $[0, 1)$; only in training.
    seed : int or ``numpy.random.Generator``; draws the initial weights (by ``init``), then the
        dropout masks and mini-batch orders.
    init : how the starting weights $w$ of a layer with $n_\text{in}$ inputs and $n_\text{out}$
        outputs are drawn (biases start at 0):

        * ``"uniform"`` (default) — uniform in $[-1, 1)$, like the classic 11-line network
          ($\operatorname{Var} w = 1/3$ whatever the layer's width);
        * ``"normal"`` — standard normal $\mathcal N(0, 1)$, unscaled ``randn``;
        * ``"lecun"`` — LeCun normal, $\mathcal N(0, 1/n_\text{in})$;
        * ``"glorot"`` — Glorot (Xavier) normal, $\mathcal N(0, 2/(n_\text{in} + n_\text{out}))$;
        * ``"he"`` — He (Kaiming) normal, $\mathcal N(0, 2/n_\text{in})$, for ReLU layers.

        The three scaled rules are their *normal* variants (not truncated); ``INIT_RULES[init]``
        gives the variance as a function of ``(n_in, n_out)``.
    names : optional neuron names per layer, e.g. ``[["A","B","C"], ["D","E"], ["F"]]``.
    """

    def __init__(self, layer_sizes, activation="sigmoid", bias=True, loss="half_sse",
                 dropout=0.0, seed=0, names=None, init="uniform"):
        sizes = _layer_sizes(layer_sizes)
        init = _checks.choice("init", init, INIT_RULES)
        self._rng = _checks.rng(seed)
        weights = [_initial_weights(self._rng, init, n_in, n_out) for n_in, n_out in zip(sizes, sizes[1:])]
        biases = [np.zeros(n) for n in sizes[1:]] if _flag("bias", bias) else None
        self._setup(weights, biases, activation, loss, dropout, names)

    # ---------------------------------------------------------------- construction
    @classmethod
    def from_weights(cls, weights, biases=None, activation="sigmoid", loss="half_sse",
                     dropout=0.0, seed=0, names=None):
        """A network with the given weights (list of ``(n_in, n_out)`` arrays) and biases
        (list of ``(n_out,)`` arrays, or ``None`` for no bias). The arrays are copied."""
        if not isinstance(weights, (list, tuple)) or not weights:
            raise TypeError(f"weights must be a non-empty list of 2-D arrays, got {type(weights).__name__}")
        ws = [_checks.as_float_array(f"weights[{k}]", w, ndim=2) for k, w in enumerate(weights)]
        for k, (w0, w1) in enumerate(zip(ws, ws[1:])):
            if w0.shape[1] != w1.shape[0]:
                rows = f"{w0.shape[1]} row" + ("s" if w0.shape[1] != 1 else "")
                raise ValueError(f"weights[{k + 1}] must have {rows} to follow weights[{k}] "
                                 f"of shape {w0.shape}, got shape {w1.shape}")
        for k, w in enumerate(ws):
            if 0 in w.shape:
                raise ValueError(f"weights[{k}] must have at least one row and column, got shape {w.shape}")
        bs = None
        if biases is not None:
            if not isinstance(biases, (list, tuple)) or len(biases) != len(ws):
                raise ValueError(f"biases must be None or a list of {len(ws)} vectors, got {biases!r:.80}")
            bs = [_checks.as_float_array(f"biases[{k}]", b, ndim=1) for k, b in enumerate(biases)]
            for k, (w, b) in enumerate(zip(ws, bs)):
                if b.shape != (w.shape[1],):
                    raise ValueError(f"biases[{k}] must have shape ({w.shape[1]},), got shape {b.shape}")
        net = cls.__new__(cls)
        net._rng = _checks.rng(seed)
        net._setup(ws, bs, activation, loss, dropout, names)
        return net

    def _setup(self, weights, biases, activation, loss, dropout, names):
        self.weights = weights
        self.biases = biases
        n_layers = len(weights)
        if isinstance(activation, (list, tuple)):
            if len(activation) != n_layers:
                raise ValueError(f"activation must be one name or a list of {n_layers} names "
                                 f"(one per weight layer), got {len(activation)} names")
            self.activations = [activations.get(a) for a in activation]
        else:
            self.activations = [activations.get(activation)] * n_layers
        self.loss_fn = losses.get(loss)
        _check_output_layer(self.activations, self.loss_fn, weights[-1].shape[1])
        self.dropout = _checks.real("dropout", dropout, low=0.0, high=1.0, high_open=True)
        self.names = default_names(self.layer_sizes) if names is None else _neuron_names(names, self.layer_sizes)

    # ---------------------------------------------------------------- properties
    @property
    def layer_sizes(self) -> list[int]:
        return [self.weights[0].shape[0]] + [w.shape[1] for w in self.weights]

    @property
    def bias(self) -> bool:
        return self.biases is not None

    @property
    def loss(self) -> str:
        return self.loss_fn.name

    def __repr__(self):
        acts = sorted({a.name for a in self.activations})
        act = acts[0] if len(acts) == 1 else [a.name for a in self.activations]
        return (f"Network({self.layer_sizes}, activation={act!r}, bias={self.bias}, "
                f"loss={self.loss!r}, dropout={self.dropout})")

    def summary(self) -> str:
        """A table of every layer's shapes: the bookkeeping that catches most bugs."""
        rows = [("layer", "W shape", "b shape", "activation", "output shape", "parameters")]
        for k, (w, act) in enumerate(zip(self.weights, self.activations)):
            b = f"({w.shape[1]},)" if self.bias else "—"
            n_par = w.size + (w.shape[1] if self.bias else 0)
            rows.append((str(k + 1), str(w.shape), b, act.name, f"(N, {w.shape[1]})", str(n_par)))
        rows.append(("total", "", "", "", "", str(sum(int(r[5]) for r in rows[1:]))))
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        lines = ["  ".join(c.ljust(wd) for c, wd in zip(r, widths)).rstrip() for r in rows]
        lines.insert(1, "  ".join("-" * wd for wd in widths))
        lines.insert(0, f"input: (N, {self.layer_sizes[0]})")
        return "\n".join(lines)

    # ---------------------------------------------------------------- core maths (in backprop.py)
    def _forward(self, X, masks=None):
        """:func:`backprop.forward` with this network's parameters, on a checked batch."""
        return backprop.forward(self.weights, self.biases, self.activations, X, masks,
                                regularisers.keep_scale(self.dropout))

    def _output_error(self, out, caches, y):
        """:func:`backprop.output_error` for this network's output layer and loss: ``(E, δ_L)``."""
        return backprop.output_error(self.loss_fn, self.activations[-1])(caches[-1][1], out, y)

    def _backward(self, caches, delta_L):
        """:func:`backprop.backward` from the output's δ: ``(deltas, grads_W, grads_b)``."""
        return backprop.backward(self.weights, self.activations, caches, delta_L,
                                 regularisers.keep_scale(self.dropout), self.biases is not None)

    def draw_masks(self, n_samples, steps=None):
        """Fresh dropout keep masks from the network's own generator, as a training step draws them:
        one 0/1 array ``(n_samples, n_hidden)`` per hidden layer (1 = kept, with probability
        ``1 − dropout``), or ``None`` for a network without dropout. ``steps=k`` draws the masks of
        ``k`` successive steps at once: one ``(k, n_samples, n_hidden)`` array per hidden layer,
        the same numbers ``k`` calls would give."""
        n_samples = _checks.integer("n_samples", n_samples, low=1)
        if self.dropout == 0.0:
            return None
        if steps is None:
            return self._fresh_masks(n_samples)
        steps = _checks.integer("steps", steps, low=1)
        hidden = [w.shape[1] for w in self.weights[:-1]]
        if len(hidden) == 1:   # one block of uniforms per step: one call draws them in the same order
            return [regularisers.keep_mask(self._rng.random((steps, n_samples, hidden[0])), self.dropout)]
        per_step = [self._fresh_masks(n_samples) for _ in range(steps)]
        return [np.stack([m[k] for m in per_step]) for k in range(len(hidden))]

    def _fresh_masks(self, n_samples):
        # draw_masks without its argument checks: fit's dropout step calls it every batch
        return [regularisers.keep_mask(self._rng.random((n_samples, w.shape[1])), self.dropout)
                for w in self.weights[:-1]]

    # ---------------------------------------------------------------- public API
    def validate(self, X, y=None):
        """``X`` as a checked float array ``(n_samples, n_in)`` (one sample may be a 1-D array),
        or ``(X, y)`` with ``y`` checked as ``(n_samples, n_out)`` targets. Raises a ``ValueError``
        or ``TypeError`` naming the argument otherwise, also for targets the loss cannot take (bce:
        outside [0, 1]; cross_entropy: a row that is not a probability distribution). Every method
        that takes data calls this."""
        X = _checks.samples("X", X, self.layer_sizes[0])
        if y is None:
            return X
        y = _checks.targets("y", y, X.shape[0], self.layer_sizes[-1])
        if self.loss_fn.check_targets is not None:
            self.loss_fn.check_targets("y", y)
        return X, y

    def with_weights(self, weights, biases=None, seed=0) -> "Network":
        """A network of the same kind (activations, loss, dropout rate, neuron names) with the
        given weights and biases (``None``: no bias) and a generator from ``seed``; arrays copied.
        The weight matrices must have the shapes of this network's."""
        if not isinstance(weights, (list, tuple)) or [np.shape(w) for w in weights] != [w.shape for w in self.weights]:
            shapes = ", ".join(str(w.shape) for w in self.weights)
            got = [np.shape(w) for w in weights] if isinstance(weights, (list, tuple)) else type(weights).__name__
            raise ValueError(f"weights must be a list of arrays of shapes {shapes}, got {got}")
        return Network.from_weights(weights, biases, activation=[a.name for a in self.activations],
                                    loss=self.loss, dropout=self.dropout, seed=seed,
                                    names=[list(n) for n in self.names])

    def _check_masks(self, masks, n_samples):
        if masks is None:
            return None
        hidden = self.layer_sizes[1:-1]
        if not isinstance(masks, (list, tuple)) or len(masks) != len(hidden):
            raise ValueError(f"masks must be a list of {len(hidden)} arrays, one per hidden layer, got {masks!r:.80}")
        out = []
        for k, (m, n) in enumerate(zip(masks, hidden)):
            m = _checks.targets(f"masks[{k}]", m, n_samples, n)
            if not np.isin(m, (0.0, 1.0)).all():
                raise ValueError(f"masks[{k}] must hold only 0 (dropped) and 1 (kept)")
            out.append(m)
        return out + [None]

    def _check_batch(self, X, y, masks, l2, l1):
        """The arguments of ``gradients`` and ``loss_value``, checked."""
        X, y = self.validate(X, y)
        return (X, y, self._check_masks(masks, X.shape[0])) + _penalty_rates(l2, l1)

    def _overflow_hint(self, X, lr=None):
        """What to tell a student whose finite numbers overflowed."""
        largest_w = max(float(np.abs(w).max()) for w in self.weights)
        rate = "" if lr is None else f", lr = {lr:g}"
        return (f"The weights or inputs are too large for float64 (largest |weight| = {largest_w:.3g}, "
                f"largest |x| = {float(np.abs(X).max()):.3g}{rate}); large weights usually come from "
                "training with too large a learning rate lr: try a smaller one.")

    def forward(self, X, masks=None) -> np.ndarray:
        """The network's output ``(n_samples, n_out)``.

        By default in evaluation mode: nothing is dropped. ``masks`` (one 0/1 array
        ``(n_samples, n_hidden)`` per hidden layer) gives the output of a training pass with that
        dropout pattern instead. Raises :class:`NonFiniteError` (a ``ValueError``) if the output
        overflows to inf or NaN.
        """
        X = self.validate(X)
        masks = self._check_masks(masks, X.shape[0])
        with np.errstate(all="ignore"):
            out = self._forward(X, masks)[0]
        self._check_finite(X, None, ("the network's output", out))
        return out

    predict = forward

    def gradients(self, X, y, masks=None, l2=0.0, l1=0.0, return_deltas=False):
        r"""``(loss, grads_W, grads_b)`` at the current weights, without changing them.

        ``masks`` (one 0/1 array ``(n_samples, n_hidden)`` per hidden layer) fixes the dropout
        pattern, which makes the loss a deterministic function the gradient check can probe.
        ``grads_b`` is ``None`` for a network without bias. ``return_deltas=True`` also returns
        every layer's error terms $\delta = \partial E/\partial z$ (one ``(n_samples, n_out)``
        array per layer, penalty not included) as a fourth item. Raises :class:`NonFiniteError` (a
        ``ValueError``) if the loss or a gradient overflows to inf or NaN.
        """
        X, y, masks, l2, l1 = self._check_batch(X, y, masks, l2, l1)
        with np.errstate(all="ignore"):
            out, caches = self._forward(X, masks)
            E, delta_L = self._output_error(out, caches, y)
            deltas, gW, gb = self._backward(caches, delta_L)
            gW = [g + regularisers.penalty_grad(w, l2, l1) for g, w in zip(gW, self.weights)]
            E = E + regularisers.penalty(self.weights, l2, l1)
        self._check_finite(X, None, ("the loss", E), ("the weight gradients", gW), ("the bias gradients", gb))
        if return_deltas:
            return E, gW, (gb if self.biases is not None else None), deltas
        return E, gW, (gb if self.biases is not None else None)

    def loss_value(self, X, y, masks=None, l2=0.0, l1=0.0) -> float:
        """The loss $E$ (plus the penalty, if any) at the current weights; :class:`NonFiniteError`
        (a ``ValueError``) if it overflows."""
        X, y, masks, l2, l1 = self._check_batch(X, y, masks, l2, l1)
        with np.errstate(all="ignore"):
            out, caches = self._forward(X, masks)
            E = self._output_error(out, caches, y)[0] + regularisers.penalty(self.weights, l2, l1)
        self._check_finite(X, None, ("the loss", E))
        return E

    def _check_finite(self, X, lr, *named):
        """NonFiniteError for the first ``(what, value)`` (a float, an array or a list of arrays;
        ``None`` is skipped) that is not finite everywhere."""
        for what, value in named:
            if value is None:
                continue
            parts = value if isinstance(value, list) else [value]
            if not all(p is None or (math.isfinite(p) if isinstance(p, float) else np.isfinite(p).all())
                       for p in parts):
                _checks.finite(what, math.nan, self._overflow_hint(X, lr))

    @single_blas_thread
    def train_step(self, X, y, lr, l2=0.0, l1=0.0, masks=None, train_bias=True) -> StepTrace:
        """One full-batch gradient-descent step; returns a :class:`StepTrace` of every number.

        Dropout (if the network has it) draws a fresh mask unless ``masks`` is given.
        ``train_bias=False`` keeps the biases fixed: they still add into every net input and the
        trace still shows their gradients $\\partial E/\\partial b = \\sum_n \\delta$, but only the
        weights are updated (as hand-worked examples often do). If a value of the step overflows
        to inf or NaN, raises :class:`NonFiniteError` (a ``ValueError``) and leaves the weights
        unchanged.
        """
        X, y = self.validate(X, y)
        lr = _checks.real("lr", lr, low=0.0, low_open=True)
        train_bias = _flag("train_bias", train_bias)
        l2, l1 = _penalty_rates(l2, l1)
        masks = self._check_masks(masks, X.shape[0]) if masks is not None else self.draw_masks(X.shape[0])
        weights_before = [w.copy() for w in self.weights]
        biases_before = None if self.biases is None else [b.copy() for b in self.biases]
        with np.errstate(all="ignore"):
            out, caches = self._forward(X, masks)
            E, delta_L = self._output_error(out, caches, y)
            deltas, gW, gb = self._backward(caches, delta_L)
            new_W = [w - lr * (g + regularisers.penalty_grad(w, l2, l1)) for w, g in zip(self.weights, gW)]
            new_b = (None if self.biases is None else [b - lr * g for b, g in zip(self.biases, gb)] if train_bias
                     else [b.copy() for b in self.biases])
            penalty = regularisers.penalty(new_W, l2, l1) if (l2 or l1) else 0.0   # as the trace shows it: after the step
        self._check_finite(X, lr, ("the loss", E), ("the penalty", penalty), ("the weight gradients", gW),
                           ("the bias gradients", None if self.biases is None else gb),
                           ("the updated weights", new_W), ("the updated biases", new_b))
        for w, new in zip(self.weights, new_W):      # all checked: now change the network
            w[...] = new
        if self.biases is not None:
            for b, new in zip(self.biases, new_b):
                b[...] = new
        passed_on = [c[0] for c in caches[1:]] + [out]     # each layer's output is the next one's input
        layers = [LayerTrace(inputs=c[0], z=c[1], a=c[2], mask=c[3], output=o, delta=d, grad_W=g,
                             grad_b=b, activation=act)
                  for c, o, d, g, b, act in zip(caches, passed_on, deltas, gW, gb, self.activations)]
        return StepTrace(layers=layers, names=self.names, X=X, y=y, output=out, loss=E,
                         penalty=penalty,
                         loss_fn=self.loss_fn, lr=lr, l2=l2, l1=l1, dropout=self.dropout, train_bias=train_bias,
                         weights_before=weights_before, weights_after=[w.copy() for w in self.weights],
                         biases_before=biases_before,
                         biases_after=None if self.biases is None else [b.copy() for b in self.biases])

    @single_blas_thread
    def fit(self, X, y, epochs, lr, momentum=0.0, l2=0.0, batch_size=None, record_every=0,
            progress=False, l1=0.0, train_bias=True, shuffle=True) -> History:
        """Train by (mini-batch) gradient descent; returns a :class:`History`.

        ``momentum`` $\\mu$ keeps a velocity $v \\leftarrow \\mu v - \\eta\\,g$, $w \\leftarrow w + v$.
        ``l2`` / ``l1`` add $\\tfrac{\\lambda_2}{2}\\sum w^2$ / $\\lambda_1\\sum|w|$ to the loss
        (weights only). ``batch_size=None`` is full-batch; otherwise each step takes
        ``batch_size`` samples (the last batch of an epoch may be smaller), in a fresh random order
        every epoch — or, with ``shuffle=False``, in the order of ``X``: rows ``0…b−1``, then
        ``b…2b−1``, …, the same batches every epoch, as a hand-written loop over consecutive
        slices takes them (no random draw; ``shuffle`` changes nothing full-batch). ``progress=True``
        prints the loss ten times during training; ``progress="bar"`` shows a progress bar in Jupyter
        that removes itself when training ends, leaving nothing in the saved notebook
        (:mod:`backproplab.progress`).
        ``train_bias=False`` keeps the biases at their values (they still add into every net
        input) and trains only the weights; it costs nothing per epoch.
        Tracing is off: nothing is recorded per epoch beyond the loss. ``epochs`` is at most
        ``MAX_EPOCHS`` (10⁸) per call.

        **Divergence.** If the loss of an epoch, or the weights after its update, stop being finite
        (the usual sign of too large a learning rate), ``fit`` stops there: it emits one
        :class:`TrainingDiverged` warning naming the epoch, keeps the last finite weights and
        returns the History of the epochs before, with ``history.diverged`` saying what happened.

        **Interruption.** Ctrl-C (``KeyboardInterrupt``) stops training without an exception: the
        network keeps the weights after the last finished epoch and ``fit`` returns the History up
        to it, with ``history.interrupted = True``.

        In every case the network ends with the weights after ``len(history.loss)`` epochs.
        """
        X, y = self.validate(X, y)
        epochs = _checks.integer("epochs", epochs, low=1, high=MAX_EPOCHS)
        lr = _checks.real("lr", lr, low=0.0, low_open=True)
        momentum = _checks.real("momentum", momentum, low=0.0, high=1.0, high_open=True)
        l2, l1 = _penalty_rates(l2, l1)
        record_every = _checks.integer("record_every", record_every, low=0)
        train_bias = _flag("train_bias", train_bias)
        shuffle = _flag("shuffle", shuffle)
        if not (isinstance(progress, (bool, np.bool_)) or progress is None or progress == "bar"):
            raise ValueError(f"progress must be False, True (print the loss ten times) or 'bar' (a progress "
                             f"bar in Jupyter), got {progress!r:.40}")
        n = X.shape[0]
        if batch_size is not None:
            batch_size = _checks.integer("batch_size", batch_size, low=1)
        full_batch = batch_size is None or batch_size >= n

        losses = []              # grows: nothing is reserved for epochs that may never run
        history = History(np.empty(0))
        if record_every:
            self._snapshot(history, 0)
        step = self._make_step(lr, momentum, l2, l1, train_bias)
        own = (self.weights, self.biases)     # the network's arrays: they receive the result
        with epoch_progress(epochs, "bar" if progress == "bar" else None) as advance, np.errstate(all="ignore"):
            if progress == "bar":       # report(epochs done, loss) every `every` epochs, or never (None)
                report, every = (lambda done, E: advance(done)), max(1, epochs // 100)
            else:
                report, every = (_print_progress(epochs) if progress else None), max(1, epochs // 10)
            if full_batch:
                final, history.diverged, history.interrupted = self._run_full_batch(
                    step, X, y, epochs, losses, history, record_every, report, every, share_biases=not train_bias)
            else:
                final, history.diverged, history.interrupted = self._run_mini_batch(
                    step, X, y, epochs, batch_size, losses, history, record_every, report, every, shuffle)
        for mine, theirs in zip(own[0], final.weights):
            if mine is not theirs:
                mine[...] = theirs
        if own[1] is not None:
            for mine, theirs in zip(own[1], final.biases):
                if mine is not theirs:
                    mine[...] = theirs
        done = len(losses)
        history.loss = np.array(losses, dtype=np.float64)
        while history.snapshot_epochs and history.snapshot_epochs[-1] > done:
            del history.snapshot_epochs[-1], history.weights[-1], history.biases[-1]
        if history.diverged is not None:
            # stacklevel 3: past fit's one-BLAS-thread wrapper, to the line that called fit
            warnings.warn(TrainingDiverged(self._divergence_message(history.diverged, epochs, lr)),
                          stacklevel=3)
        return history

    @staticmethod
    def _divergence_message(d, epochs, lr):
        what = (f"the loss became {d.value}" if d.quantity == "loss"
                else "its update made some weights inf or NaN")
        return (f"training diverged in epoch {d.epoch} of {epochs}: {what}. fit stopped there and "
                f"returns the History of the {d.epoch} finished epoch(s) (history.diverged); the "
                f"network keeps the weights after them. The usual cure: a smaller learning rate lr "
                f"(it was {lr:g}).")

    def _run_full_batch(self, step, X, y, epochs, losses, history, record_every, report, every,
                        share_biases=False):
        """Full-batch epochs on three rotating parameter sets: epoch ``e`` reads set ``e % 3`` and
        writes set ``(e + 1) % 3``, so the weights after ``len(losses)`` epochs are always intact
        (and so are those one epoch before, for a divergence found one epoch late). With
        ``share_biases`` (biases kept fixed: the step never writes them) all three sets hold the
        network's own bias arrays. Returns ``(parameters to keep, Divergence or None, interrupted)``."""
        sets = [_Params(self.weights, self.biases)] + [_Params.empty_like(self, share_biases) for _ in range(2)]
        try:
            for epoch in range(epochs):
                E = step(X, y, sets[epoch % 3], sets[(epoch + 1) % 3])
                if not math.isfinite(E):
                    return *self._fall_back(sets[epoch % 3], sets[(epoch - 1) % 3], losses, E), False
                losses.append(E)
                if record_every and (epoch + 1) % record_every == 0:
                    self._snapshot(history, epoch + 1, sets[(epoch + 1) % 3])
                if report is not None and (epoch + 1) % every == 0:
                    report(epoch + 1, E)
        except KeyboardInterrupt:
            return sets[len(losses) % 3], None, True
        last = sets[epochs % 3]
        if last.is_finite():
            return last, None, False
        return *self._fall_back(last, sets[(epochs - 1) % 3], losses, None), False

    def _run_mini_batch(self, step, X, y, epochs, batch_size, losses, history, record_every, report, every,
                        shuffle=True):
        """Mini-batch epochs, updating the network's arrays in place; a copy of the weights at the
        start of each epoch (and of the one before) is what an interruption or a divergence
        returns to. ``shuffle=False`` takes consecutive slices of ``X``, cut once (views, no
        draw). Returns ``(parameters to keep, Divergence or None, interrupted)``."""
        current = _Params(self.weights, self.biases)
        n, mean_loss = X.shape[0], self.loss_fn.is_mean
        in_order = None if shuffle else [(X[i:i + batch_size], y[i:i + batch_size]) for i in range(0, n, batch_size)]
        before = start = (0, current.copy())      # (epochs finished, the weights then)
        try:
            for epoch in range(epochs):
                if epoch:
                    before, start = start, (epoch, current.copy())
                if in_order is None:
                    order = self._rng.permutation(n)
                    batches = ((X[idx], y[idx]) for idx in (order[i:i + batch_size] for i in range(0, n, batch_size)))
                else:
                    batches = in_order
                epoch_loss = 0.0
                for Xb, yb in batches:
                    E = step(Xb, yb, current, current)
                    epoch_loss += E * (Xb.shape[0] / n) if mean_loss else E
                    if not math.isfinite(epoch_loss):
                        return *self._fall_back(start[1], before[1], losses, epoch_loss), False
                losses.append(epoch_loss)
                if record_every and (epoch + 1) % record_every == 0:
                    self._snapshot(history, epoch + 1)
                if report is not None and (epoch + 1) % every == 0:
                    report(epoch + 1, epoch_loss)
        except KeyboardInterrupt:
            # Mid-epoch: back to its start. Between epochs: the arrays are already consistent.
            return (start[1] if start[0] == len(losses) else current), None, True
        if current.is_finite():
            return current, None, False
        return *self._fall_back(current, start[1], losses, None), False

    @staticmethod
    def _fall_back(latest, previous, losses, loss):
        """``(parameters, Divergence)`` once epoch ``len(losses)`` gave the non-finite ``loss``
        (``None``: its weights were not finite): ``latest``, the weights after ``len(losses)``
        epochs, if finite, else ``previous``, one epoch earlier (and that epoch is dropped)."""
        if loss is not None and (latest.is_finite() or not losses):
            return latest, Divergence(len(losses), "loss", float(loss))
        losses.pop()
        return previous, Divergence(len(losses), "weights")

    def _make_step(self, lr, momentum, l2, l1, train_bias=True):
        """:func:`backprop.training_step` for this network, drawing fresh dropout masks each step:
        ``step(X, y, src, dst) -> E`` with ``src``/``dst`` :class:`_Params`."""
        step = backprop.training_step(self.activations, self.loss_fn, lr, momentum, l2, l1,
                                      regularisers.keep_scale(self.dropout), self.biases is not None,
                                      train_bias)
        if not self.dropout:
            return step
        draw = self._fresh_masks
        return lambda X, y, src, dst: step(X, y, src, dst, draw(X.shape[0]))

    def _snapshot(self, history, epoch, params=None):
        weights, biases = (self.weights, self.biases) if params is None else params
        history.snapshot_epochs.append(epoch)
        history.weights.append([w.copy() for w in weights])
        history.biases.append(None if biases is None else [b.copy() for b in biases])

    # ---------------------------------------------------------------- persistence
    def save(self, path) -> None:
        """Write the network to ``path`` (.npz): weights, biases, settings, names and the state of
        its random generator, as plain arrays (no pickle). Like ``numpy.savez``, a path without
        the ``.npz`` suffix gets it: ``save("model")`` writes ``model.npz``, which
        ``Network.load("model")`` finds again."""
        meta = {"version": _FORMAT_VERSION, "activations": [a.name for a in self.activations],
                "loss": self.loss, "dropout": self.dropout, "bias": self.bias, "names": self.names,
                "rng_state": self._rng.bit_generator.state}
        arrays = {f"W{k}": w for k, w in enumerate(self.weights)}
        if self.biases is not None:
            arrays.update({f"b{k}": b for k, b in enumerate(self.biases)})
        np.savez(path, meta=np.array(json.dumps(meta)), **arrays)

    @classmethod
    def load(cls, path) -> "Network":
        """Read a network written by :meth:`save`; ``path`` may leave out the ``.npz`` that
        ``save`` added.

        The file is not trusted: nothing is unpickled, every array's shape and dtype are read
        from its header (and its size bounded) before its data, and the settings are checked
        against the format. Any malformed file raises ``ValueError`` naming the file and what is
        wrong with it.
        """
        from ._plumbing import npz as _npz
        path = _npz.resolve(path)
        arrays = _npz.read(path, names=r"meta|W\d{1,4}|b\d{1,4}", max_values=MAX_PARAMETERS)
        meta = _file_meta(path, arrays.pop("meta", None))
        n = len(meta["activations"])
        try:
            n = len(meta["activations"])
            weights = [arrays.pop(f"W{k}") for k in range(n)]
            biases = [arrays.pop(f"b{k}") for k in range(n)] if meta["bias"] else None
        except KeyError as exc:
            raise ValueError(f"{path}: the network has {n} layer(s) but the file has no array "
                             f"{exc.args[0]!r}") from None
        if arrays:
            raise ValueError(f"{path}: unexpected array(s) {sorted(arrays)} for a network of {n} "
                             f"layer(s) with bias={meta['bias']}")
        try:
            rng = np.random.default_rng()
            rng.bit_generator.state = meta["rng_state"]
            return cls.from_weights(weights, biases, activation=meta["activations"], loss=meta["loss"],
                                    dropout=meta["dropout"], seed=rng, names=meta["names"])
        except (ValueError, TypeError, KeyError, OverflowError) as exc:
            raise ValueError(f"{path}: not a valid backproplab network: {exc}") from None


_META_TYPES = {"version": int, "activations": list, "loss": str, "dropout": (int, float), "bias": bool,
               "names": list, "rng_state": dict}


def _file_meta(path, text):
    """The settings stored by :meth:`Network.save`, checked against the format (``_META_TYPES``)."""
    if text is None or text.shape != () or text.dtype.kind != "U":
        raise ValueError(f"{path}: no backproplab settings (a text array 'meta') in the file")
    try:
        meta = json.loads(str(text))
    except (ValueError, RecursionError) as exc:
        raise ValueError(f"{path}: the settings are not valid JSON ({type(exc).__name__})") from None
    if not isinstance(meta, dict):
        raise ValueError(f"{path}: the settings must be a JSON object, got {type(meta).__name__}")
    missing, unknown = sorted(set(_META_TYPES) - set(meta)), sorted(set(meta) - set(_META_TYPES))
    if missing:
        raise ValueError(f"{path}: the settings miss {missing}")
    if unknown:
        raise ValueError(f"{path}: unknown settings {unknown}")
    for key, kind in _META_TYPES.items():
        value = meta[key]
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            raise ValueError(f"{path}: setting {key!r} must be of type "
                             f"{getattr(kind, '__name__', 'number')}, got {type(value).__name__} {value!r:.40}")
    if meta["version"] != _FORMAT_VERSION:
        raise ValueError(f"{path}: unsupported backproplab file version {meta['version']!r:.20}")
    acts = meta["activations"]
    if not acts or len(acts) > 1000 or not all(isinstance(a, str) for a in acts):
        raise ValueError(f"{path}: setting 'activations' must be a list of 1 to 1000 names, got {acts!r:.60}")
    return meta


class _Params(NamedTuple):
    """One set of a network's parameters: a list of weight matrices and a list of bias vectors
    (or ``None``), as ``fit`` rotates them."""
    weights: list
    biases: list | None

    @classmethod
    def empty_like(cls, net, share_biases=False):
        """Uninitialised weights shaped like ``net``'s; its own bias arrays with ``share_biases``."""
        biases = net.biases if share_biases or net.biases is None else [np.empty_like(b) for b in net.biases]
        return cls([np.empty_like(w) for w in net.weights], biases)

    def copy(self):
        return _Params([w.copy() for w in self.weights],
                       None if self.biases is None else [b.copy() for b in self.biases])

    def is_finite(self) -> bool:
        return all(np.isfinite(a).all() for a in self.weights + (self.biases or []))


def _initial_weights(rng, init, n_in, n_out):
    """One ``(n_in, n_out)`` weight matrix drawn from ``rng`` by the rule ``init``."""
    if init == "uniform":
        return 2.0 * rng.random((n_in, n_out)) - 1.0
    return rng.standard_normal((n_in, n_out)) * math.sqrt(INIT_RULES[init](n_in, n_out))


def _print_progress(epochs):
    """fit's ``progress=True``: a function ``(epochs done, loss)`` that prints a line."""
    width = len(str(epochs))
    return lambda done, E: print(f"epoch {done:>{width}}/{epochs}  loss {E:.6f}")


def _penalty_rates(l2, l1):
    return _checks.real("l2", l2, low=0.0), _checks.real("l1", l1, low=0.0)


def _check_output_layer(acts, loss, n_out):
    """ValueError for an output-only activation on a hidden layer, a one-output softmax, or a
    loss that cannot take the output layer's activation."""
    for k, act in enumerate(acts[:-1]):
        if act.name in activations.OUTPUT_ONLY:
            which = ("it for every layer, the hidden ones included" if all(a is act for a in acts)
                     else f"activation[{k}] = {act.name!r}, a hidden layer")
            suggestion = [a.name if a.elementwise else "sigmoid" for a in acts[:-1]] + [act.name]
            raise ValueError(
                f"activation {act.name!r} is allowed on the output layer only (it turns the net inputs "
                f"into probabilities over the classes), got {which}; give one activation per weight "
                f"layer, e.g. activation={suggestion}")
    out = acts[-1]
    if not out.elementwise and n_out < 2:
        raise ValueError(f"activation {out.name!r} needs at least two outputs (its outputs sum to 1: "
                         f"a single one is always 1), got {n_out}; for one output use 'sigmoid'")
    if loss.output_activations is not None and out.name not in loss.output_activations:
        allowed = " or ".join(repr(a) for a in loss.output_activations)
        raise ValueError(f"loss {loss.name!r} needs an output layer with activation {allowed} (its "
                         f"outputs must be probabilities), got {out.name!r}")


def _layer_sizes(layer_sizes):
    if not isinstance(layer_sizes, (list, tuple)) or len(layer_sizes) < 2:
        raise ValueError(f"layer_sizes must be a list of at least two sizes (inputs and outputs), "
                         f"e.g. [3, 4, 1], got {layer_sizes!r}")
    sizes = [_checks.integer(f"layer_sizes[{i}]", n, low=1) for i, n in enumerate(layer_sizes)]
    count = sum(n_in * n_out + n_out for n_in, n_out in zip(sizes, sizes[1:]))   # exact: Python ints
    if count > MAX_PARAMETERS:
        shown = ", ".join(f"{n:.3g}" if n > 10**6 else str(n) for n in sizes)
        raise ValueError(f"layer_sizes [{shown}] would need "
                         f"{float(count):.3g} weights and biases ({count * 8 / 2**30:.3g} GiB); "
                         f"the limit is {MAX_PARAMETERS:.0e} (800 MB)")
    return sizes


def _flag(name, value):
    """``value`` as a bool; TypeError naming ``name`` unless it is True or False (not 0/1, not "no")."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__} {value!r:.40}")
    return bool(value)


def _neuron_names(names, sizes):
    if not isinstance(names, (list, tuple)) or len(names) != len(sizes):
        raise ValueError(f"names must be a list of {len(sizes)} lists (one per layer, sizes {sizes}), got {names!r:.80}")
    out = []
    for k, (layer, n) in enumerate(zip(names, sizes)):
        if not isinstance(layer, (list, tuple)) or len(layer) != n or not all(isinstance(s, str) for s in layer):
            raise ValueError(f"names[{k}] must be a list of {n} strings, got {layer!r:.80}")
        out.append(list(layer))
    flat = [s for layer in out for s in layer]
    bad = [s for s in flat if not s or "," in s or s.endswith("_new")]
    if bad:
        raise ValueError(f"names must be non-empty, without commas (the trace writes w_D,E for the "
                         f"weight from D to E) and not end in '_new' (the updated values), got {bad[:5]}")
    if len(set(flat)) != len(flat):
        raise ValueError(f"names must be unique across the network, got {flat}")
    return out

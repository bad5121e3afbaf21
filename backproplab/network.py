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

This module is the :class:`Network` itself: construction (the checks in :mod:`.construction`),
the forward pass, gradients and the recorded step (the equations in :mod:`.backprop`). ``fit``'s
epoch loops, :class:`History` and :class:`Divergence` live in :mod:`.training`, the file format
of ``save``/``load`` in :mod:`.persistence`; the names stay importable from here.
"""
from __future__ import annotations

import math
import warnings

import numpy as np

from . import activations, backprop, construction, losses, persistence, regularisers, training
from ._plumbing import checks as _checks
from ._plumbing.checks import NonFiniteError, TrainingDiverged
from ._plumbing.blas import single_blas_thread
from ._plumbing.format import display_width, pad
from ._plumbing.i18n import tr
from .trace import LayerTrace, StepTrace, default_names
from .construction import INIT_RULES, MAX_PARAMETERS
from .training import MAX_EPOCHS, Divergence, History


__all__ = ["Network", "History", "Divergence", "NonFiniteError", "TrainingDiverged",
           "MAX_PARAMETERS", "MAX_EPOCHS", "INIT_RULES"]

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
        sizes = construction.layer_sizes(layer_sizes)
        init = _checks.choice("init", init, INIT_RULES)
        self._rng = _checks.rng(seed)
        weights = [construction.initial_weights(self._rng, init, n_in, n_out) for n_in, n_out in zip(sizes, sizes[1:])]
        biases = [np.zeros(n) for n in sizes[1:]] if _flag("bias", bias) else None
        self._setup(weights, biases, activation, loss, dropout, names)

    # ---------------------------------------------------------------- construction
    @classmethod
    def from_weights(cls, weights, biases=None, activation="sigmoid", loss="half_sse",
                     dropout=0.0, seed=0, names=None, *, copy=True):
        """A network with the given weights (list of ``(n_in, n_out)`` arrays) and biases
        (list of ``(n_out,)`` arrays, or ``None`` for no bias). The arrays are copied; with
        ``copy=False`` float64 arrays become the network's own as they are (:meth:`load` does, so a
        loaded network is held in memory once)."""
        copy = _flag("copy", copy)
        if not isinstance(weights, (list, tuple)) or not weights:
            raise TypeError(f"weights must be a non-empty list of 2-D arrays, got {type(weights).__name__}")
        ws = [_checks.as_float_array(f"weights[{k}]", w, ndim=2, copy=copy) for k, w in enumerate(weights)]
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
            bs = [_checks.as_float_array(f"biases[{k}]", b, ndim=1, copy=copy) for k, b in enumerate(biases)]
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
        construction.check_output_layer(self.activations, self.loss_fn, weights[-1].shape[1])
        self.dropout = _checks.real("dropout", dropout, low=0.0, high=1.0, high_open=True)
        self.names = default_names(self.layer_sizes) if names is None else construction.neuron_names(names, self.layer_sizes)

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
        rows = [(tr("layer"), tr("W shape"), tr("b shape"), tr("activation"), tr("output shape"), tr("parameters"))]
        counts = []
        for k, (w, act) in enumerate(zip(self.weights, self.activations)):
            b = f"({w.shape[1]},)" if self.bias else "—"
            counts.append(w.size + (w.shape[1] if self.bias else 0))
            rows.append((str(k + 1), str(w.shape), b, act.name, f"(N, {w.shape[1]})", str(counts[-1])))
        rows.append((tr("total"), "", "", "", "", str(sum(counts))))
        widths = [max(display_width(r[i]) for r in rows) for i in range(len(rows[0]))]
        lines = ["  ".join(pad(c, wd) for c, wd in zip(r, widths)).rstrip() for r in rows]
        lines.insert(1, "  ".join("-" * wd for wd in widths))
        lines.insert(0, tr("input: (N, {n})").format(n=self.layer_sizes[0]))
        return "\n".join(lines)

    # ---------------------------------------------------------------- core maths (in backprop.py)
    def _forward(self, X, masks=None):
        """:func:`backprop.forward` with this network's parameters: ``(output, caches)``."""
        return backprop.forward(self.weights, self.biases, self.activations, X, masks,
                                regularisers.keep_scale(self.dropout))

    def _output_error(self, out, caches, y):
        """:func:`backprop.output_error` for this network's output layer and loss: ``(E, δ_L)``."""
        return backprop.output_error(self.loss_fn, self.activations[-1])(caches[-1].z, out, y)

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
            _checks.within_limit("n_samples", n_samples * sum(w.shape[1] for w in self.weights[:-1]),
                                 "the masks", regularisers.MAX_VALUES)
            return self._fresh_masks(n_samples)
        steps = _checks.integer("steps", steps, low=1)
        hidden = [w.shape[1] for w in self.weights[:-1]]
        _checks.within_limit("steps", steps * n_samples * sum(hidden), f"{steps:.3g} steps of masks",
                             regularisers.MAX_VALUES)
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
        return (f"The weights, the inputs X or the targets y are too large for float64 (largest |weight| = {largest_w:.3g}, "
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
        if _flag("return_deltas", return_deltas):
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
        weights_before = [w.copy() for w in self.weights]
        biases_before = None if self.biases is None else [b.copy() for b in self.biases]
        # Everything computed and checked: now change the network, every layer or (Ctrl-C) none
        training.commit(self.weights + (self.biases or []), new_W + (new_b or []))
        passed_on = [c.inputs for c in caches[1:]] + [out]     # each layer's output is the next one's input
        layers = [LayerTrace(inputs=c.inputs, z=c.z, a=c.a, mask=c.mask, output=o, delta=d, grad_W=g,
                             grad_b=b, activation=act)
                  for c, o, d, g, b, act in zip(caches, passed_on, deltas, gW, gb, self.activations)]
        return StepTrace(layers=layers, names=self.names, X=X, y=y, output=out, loss=E,
                         penalty=penalty,
                         loss_fn=self.loss_fn, lr=lr, l2=l2, l1=l1, dropout=self.dropout, train_bias=train_bias,
                         weights_before=weights_before, weights_after=new_W,
                         biases_before=biases_before, biases_after=new_b)

    @training.returns_on_ctrl_c     # outermost: Ctrl-C is held back from fit's first moment
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
        (:mod:`backproplab._plumbing.progress`).
        ``train_bias=False`` keeps the biases at their values (they still add into every net
        input) and trains only the weights; it costs nothing per epoch.
        Tracing is off: nothing is recorded per epoch beyond the loss. ``epochs`` is at most
        ``MAX_EPOCHS`` (10⁸) per call.

        **Divergence.** If the loss of an epoch, or the weights after its update, stop being finite
        (the usual sign of too large a learning rate), ``fit`` stops there: it emits one
        :class:`TrainingDiverged` warning naming the epoch, keeps the last finite weights and
        returns the History of the epochs before, with ``history.diverged`` saying what happened.

        **Interruption.** Ctrl-C (``KeyboardInterrupt``) at any moment of ``fit`` stops training
        without an exception: the network keeps the weights after the last finished epoch and
        ``fit`` returns the History up to it, with ``history.interrupted = True`` (before the first
        epoch: an empty History, the network unchanged). Outside the epochs (checking the
        arguments, recording a snapshot, copying the result into the network) the Ctrl-C is held
        back until that step is complete, so the History's lists always have the same length.

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
        if batch_size is not None:
            batch_size = _checks.integer("batch_size", batch_size, low=1)
        history = training.train(self._make_step(lr, momentum, l2, l1, train_bias), self.weights, self.biases,
                                 X, y, epochs, batch_size, record_every, progress, shuffle,
                                 share_biases=not train_bias, permutation=self._rng.permutation,
                                 mean_loss=self.loss_fn.is_mean)
        if history.diverged is not None:
            # stacklevel 4: past fit's one-BLAS-thread and Ctrl-C wrappers, to the line that called fit
            warnings.warn(TrainingDiverged(training.divergence_message(history.diverged, epochs, lr)),
                          stacklevel=4)
        return history

    def _make_step(self, lr, momentum, l2, l1, train_bias=True):
        """:func:`backprop.training_step` for this network, drawing fresh dropout masks each step:
        ``step(X, y, src, dst) -> E`` with ``src``/``dst`` ``(weights, biases)`` pairs."""
        step = backprop.training_step(self.activations, self.loss_fn, lr, momentum, l2, l1,
                                      regularisers.keep_scale(self.dropout), self.biases is not None,
                                      train_bias)
        if not self.dropout:
            return step
        draw = self._fresh_masks
        return lambda X, y, src, dst: step(X, y, src, dst, draw(X.shape[0]))

    # ---------------------------------------------------------------- persistence (persistence.py)
    def save(self, path) -> None:
        """Write the network to ``path`` (.npz): weights, biases, settings, names and the state of
        its random generator, as plain arrays (no pickle). Like ``numpy.savez``, a path without
        the ``.npz`` suffix gets it: ``save("model")`` writes ``model.npz``, which
        ``Network.load("model")`` finds again."""
        if not (isinstance(path, str) or hasattr(path, "__fspath__")):     # str or os.PathLike
            raise TypeError(f"path must be a file name (a str or os.PathLike), got {type(path).__name__} {path!r:.60}")
        settings = {"activations": [a.name for a in self.activations], "loss": self.loss,
                    "dropout": self.dropout, "bias": self.bias, "names": self.names,
                    "rng_state": self._rng.bit_generator.state}
        persistence.write(path, settings, self.weights, self.biases)

    @classmethod
    def load(cls, path) -> "Network":
        """Read a network written by :meth:`save`; ``path`` may leave out the ``.npz`` that
        ``save`` added.

        The file is not trusted: nothing is unpickled, every array's shape and dtype are read
        from its header (and its size bounded) before its data, and the settings are checked
        against the format. Any malformed file raises ``ValueError`` naming the file and what is
        wrong with it.
        """
        path, weights, biases, meta = persistence.read(path, max_values=MAX_PARAMETERS)
        try:
            rng = np.random.default_rng()
            rng.bit_generator.state = meta["rng_state"]
            return cls.from_weights(weights, biases, activation=meta["activations"], loss=meta["loss"],
                                    dropout=meta["dropout"], seed=rng, names=meta["names"], copy=False)
        except (ValueError, TypeError, KeyError, OverflowError) as exc:
            raise ValueError(f"{path}: not a valid backproplab network: {exc}") from None


def _penalty_rates(l2, l1):
    return _checks.real("l2", l2, low=0.0), _checks.real("l1", l1, low=0.0)


def _flag(name, value):
    """``value`` as a bool; TypeError naming ``name`` unless it is True or False (not 0/1, not "no")."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__} {value!r:.40}")
    return bool(value)

r"""Backpropagation's four equations, each written once, and the one training step built from them.

A dense layer $k$ takes the input $a_{k-1}$ ``(N, n_in)`` (the previous layer's output, after
dropout if it has any), its weights $W_k$ ``(n_in, n_out)`` and bias $b_k$ ``(n_out,)``:

.. math::
    z_k = a_{k-1} W_k + b_k, \qquad a_k = \varphi_k(z_k).

With $\delta_k = \partial E/\partial z_k$ (one row per sample) the backward pass is

==========  ==========================================================================  ==================
eq. 1       $\delta_L = \partial E/\partial a_L \odot \varphi_L'(z_L)$                    :func:`output_delta`, :func:`output_error`
eq. 2       $\delta_k = (\delta_{k+1} W_{k+1}^\top) \odot \varphi_k'(z_k)$                :func:`hidden_delta`
eq. 3       $\partial E/\partial W_k = a_{k-1}^\top \delta_k$                              :func:`grad_W`
eq. 4       $\partial E/\partial b_k = \sum_n \delta_{k,n}$                                :func:`grad_b`
==========  ==========================================================================  ==================

$\varphi'$ is written with the layer's output alone (``Activation.deriv_from_output``), as the
classic loops do: $\sigma' = a(1-a)$. An output activation that is not elementwise (softmax) has
a full Jacobian instead, and eq. 1 becomes the vector-Jacobian product
$\delta_L = (\partial E/\partial a_L)^\top \partial a_L/\partial z_L$
(softmax: $p \odot (g - \sum_j g_j p_j)$, ``Activation.vjp_from_output``). A loss that pairs with
its output activation (sigmoid + bce, softmax + cross_entropy) gives $\delta_L$ directly,
$o - t$, computed from $z_L$ (``Loss.value_and_delta``); :func:`output_error` decides which, once.

Dropout keeps a hidden unit with the 0/1 mask $m$ and passes on $a \odot m/(1-p)$; the gradient
flows back through the same factor (eq. 2).

:func:`forward` and :func:`backward` run the equations over all layers and keep every number
(``Network.gradients`` and ``Network.train_step``'s trace read them); :func:`training_step` makes
the fast step ``Network.fit`` runs: the same functions, with the update fused in layer by layer.
Every array may carry leading stack axes — ``(S, N, n)`` inputs with ``(S, n_in, n_out)``
weights train ``S`` networks side by side (a seed survey) — as long as the loss is a sum.
"""
from __future__ import annotations

import numpy as np

from .regularisers import penalty, penalty_grad

__all__ = ["net_input", "output_delta", "output_error", "hidden_delta", "grad_W", "grad_b", "forward",
           "backward", "training_step"]


def net_input(a_prev, W, b=None) -> np.ndarray:
    r"""$z = a_{k-1} W + b$: ``(N, n_out)`` from the input ``(N, n_in)``, ``W`` ``(n_in, n_out)``
    and ``b`` ``(n_out,)`` or ``None``."""
    # ndarray.dot costs half of np.matmul on the lessons' tiny 2-D arrays; stacks need matmul
    z = a_prev.dot(W) if a_prev.ndim == 2 else np.matmul(a_prev, W)
    if b is not None:
        z += b
    return z


def output_delta(dE_da, a, activation) -> np.ndarray:
    r"""Eq. 1: $\delta_L = \partial E/\partial a_L \odot \varphi'(z_L)$, with $\varphi'$ from the
    output ``a`` ``(N, n_out)``; ``dE_da`` is the loss gradient of the same shape. For an
    activation that is not elementwise (softmax) it is the product with the Jacobian,
    $\delta_L = (\partial E/\partial a_L)^\top \partial a_L/\partial z_L$, row by row."""
    # not elementwise (softmax): through its Jacobian. The usual line stays last: lesson 3 prints it
    if activation.deriv_from_output is None:
        return activation.vjp_from_output(dE_da, a)
    return dE_da * activation.deriv_from_output(a)


def output_error(loss, activation):
    r"""Eq. 1 with the loss: a function ``(z, a, t) -> (E, δ_L)`` of the output layer's net input
    ``z``, output ``a`` and targets ``t`` (all ``(N, n_out)``), chosen once for the pair.

    If ``loss`` pairs with ``activation`` (sigmoid + bce, softmax + cross_entropy) it is
    ``loss.value_and_delta``: $\delta_L = a - t$ and $E$ computed stably from ``z``. Otherwise
    $E$ and $\partial E/\partial a$ come from ``loss.value_and_grad(a, t)`` and
    :func:`output_delta` takes them through $\varphi'$ (or softmax's Jacobian)."""
    if loss.pairs(activation):
        return loss.value_and_delta
    value_and_grad = loss.value_and_grad

    def through_the_activation(z, a, t):
        E, dE_da = value_and_grad(a, t)
        return E, output_delta(dE_da, a, activation)
    return through_the_activation


def hidden_delta(delta_above, W_above, a, activation, mask=None, keep_scale=1.0) -> np.ndarray:
    r"""Eq. 2: $\delta_k = (\delta_{k+1} W_{k+1}^\top) \odot \varphi_k'(z_k)$.

    ``delta_above`` ``(N, n_above)`` and ``W_above`` ``(n_k, n_above)`` belong to the layer above,
    ``a`` ``(N, n_k)`` is layer $k$'s output before dropout. With dropout (``mask`` ``(N, n_k)``
    of 0/1) the gradient flows back only through kept units, scaled like the forward pass."""
    upstream = delta_above.dot(W_above.T) if delta_above.ndim == 2 else np.matmul(delta_above, W_above.mT)
    if mask is not None:       # dropped units pass no gradient back
        upstream *= mask * keep_scale
    return upstream * activation.deriv_from_output(a)


def grad_W(inputs, delta) -> np.ndarray:
    r"""Eq. 3: $\partial E/\partial W_k = a_{k-1}^\top \delta_k$, ``(n_in, n_out)``: the layer's
    input ``(N, n_in)`` (after dropout) times its error term ``(N, n_out)``, summed over samples."""
    return inputs.T.dot(delta) if inputs.ndim == 2 else np.matmul(inputs.mT, delta)


def grad_b(delta) -> np.ndarray:
    r"""Eq. 4: $\partial E/\partial b_k = \sum_n \delta_{k,n}$, ``(n_out,)``, because
    $\partial z/\partial b = 1$."""
    return delta.sum(axis=-2)


def forward(weights, biases, activations, X, masks=None, keep_scale=1.0):
    r"""The forward pass: ``(output, caches)``.

    ``weights[k]`` ``(n_in, n_out)``, ``biases[k]`` ``(n_out,)`` (or ``biases=None``),
    ``activations[k]`` an :class:`~backproplab.activations.Activation`; ``X`` ``(N, n_0)``.
    ``masks[k]`` (0/1, ``(N, n_k)``, or ``None``) drops units of hidden layer ``k`` (a last
    entry for the output layer is ignored). One cache ``(inputs, z, a, mask)`` per layer:
    ``a`` is before dropout, the next layer's ``inputs`` after it."""
    caches = []
    out = X
    last = len(weights) - 1
    for k, (W, act) in enumerate(zip(weights, activations)):
        z = net_input(out, W, None if biases is None else biases[k])
        a = act.fn(z)
        mask = masks[k] if masks is not None and k < last else None
        caches.append((out, z, a, mask))
        out = a if mask is None else a * mask * keep_scale     # inverted dropout
    return out, caches


def backward(weights, activations, caches, delta_L, keep_scale=1.0, bias=True):
    r"""The backward pass: ``(deltas, grads_W, grads_b)``, one entry per layer (``grads_b`` is a
    list of ``None`` for ``bias=False``), from the output layer's error term ``delta_L``
    $\delta_L$ ``(N, n_out)`` (eq. 1: :func:`output_error` or :func:`output_delta`) and
    :func:`forward`'s caches."""
    L = len(caches)
    deltas, grads_W, grads_b = [None] * L, [None] * L, [None] * L
    delta = delta_L
    for k in range(L - 1, -1, -1):
        deltas[k] = delta
        grads_W[k] = grad_W(caches[k][0], delta)                                 # eq. 3
        if bias:
            grads_b[k] = grad_b(delta)                                           # eq. 4
        if k:
            _, _, a_below, mask = caches[k - 1]
            delta = hidden_delta(delta, weights[k], a_below, activations[k - 1], mask, keep_scale)  # eq. 2
    return deltas, grads_W, grads_b


def training_step(activations, loss, lr, momentum=0.0, l2=0.0, l1=0.0, keep_scale=1.0, bias=True,
                  train_bias=True):
    r"""A function ``step(X, y, src, dst, masks=None) -> E`` for one untraced gradient-descent step.

    ``src`` and ``dst`` are ``(weights, biases)`` pairs of lists of arrays (``biases`` ``None``
    for ``bias=False``): the step computes the loss $E$ (plus the L1/L2 penalty) at ``src`` and
    writes the updated parameters into ``dst``, which may be ``src`` itself. With
    ``train_bias=False`` the biases take part in the forward pass but are never updated, and
    never written: ``dst``'s biases are left as they are (pass the same bias arrays in ``src``
    and ``dst``, as ``Network.fit`` does). ``masks``: this
    step's dropout masks, as in :func:`forward`. With ``momentum`` $\mu$ the step keeps its own
    velocities, $v \leftarrow \mu v - \eta g$, $w \leftarrow w + v$.

    Built for speed on small arrays, where each NumPy call costs more than its arithmetic: the
    backward pass and the update are fused layer by layer (as in the classic 11-line loop), and
    the learning rate is folded into the output δ once — δ propagates linearly (eq. 2), so every
    gradient below it comes out already multiplied by η. The arguments are trusted (checked by
    ``Network.fit``).
    """
    fns = [act.fn for act in activations]
    loss_and_grad = loss.value_and_grad
    out_act = activations[-1]
    # sigmoid + bce, softmax + cross_entropy: (E, δ) from z directly; else through φ'. Decided
    # here, not per step, and not through output_error's wrapper: the usual path stays inline.
    loss_and_delta = loss.value_and_delta if loss.pairs(out_act) else None
    L = len(activations)
    top_down = range(L - 1, -1, -1)
    subtract, add = np.subtract, np.add
    penalised = bool(l2 or l1)
    update_bias = bias and train_bias     # decided here, once: a frozen bias costs nothing per step
    velocity, velocity_b = [], []        # filled on the first call, with the parameters' shapes

    def step(X, y, src, dst, masks=None):
        weights, biases = src
        new_weights, new_biases = dst
        inputs = [X]             # inputs[k] feeds layer k (after dropout)
        outs = []                # outs[k] = φ(z_k), before dropout, for φ'
        a = X
        for k in range(L):
            z = net_input(a, weights[k], biases[k] if bias else None)
            a = fns[k](z)
            outs.append(a)
            if masks is not None and k < L - 1:
                a = a * masks[k] * keep_scale
            inputs.append(a)
        E = penalty(weights, l2, l1) if penalised else 0.0    # before the update, like the loss itself
        if loss_and_delta is None:
            data_loss, dE_da = loss_and_grad(a, y)
            delta = output_delta(dE_da, a, out_act)                             # eq. 1
        else:
            data_loss, delta = loss_and_delta(z, a, y)                          # eq. 1, paired
        if lr != 1.0:
            delta *= lr
        if momentum and not velocity:
            velocity.extend(np.zeros_like(w) for w in weights)
            velocity_b.extend(np.zeros_like(b) for b in (biases if update_bias else ()))
        for k in top_down:
            W = weights[k]
            if k:                # δ of the layer below, from W *before* its update
                delta_below = hidden_delta(delta, W, outs[k - 1], activations[k - 1],
                                           None if masks is None else masks[k - 1], keep_scale)  # eq. 2
            step_W = grad_W(inputs[k], delta)                                   # eq. 3, times η
            if l2 or l1:
                step_W += lr * penalty_grad(W, l2, l1)
            if not momentum:
                subtract(W, step_W, new_weights[k])
                if update_bias:
                    subtract(biases[k], grad_b(delta), new_biases[k])          # eq. 4, times η
            else:
                velocity[k] *= momentum
                velocity[k] -= step_W
                add(W, velocity[k], new_weights[k])
                if update_bias:
                    velocity_b[k] *= momentum
                    velocity_b[k] -= grad_b(delta)
                    add(biases[k], velocity_b[k], new_biases[k])
            if k:
                delta = delta_below
        return data_loss + E

    return step

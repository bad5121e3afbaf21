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

The loops exist once. The forward pass (:func:`forward`) keeps one :class:`LayerCache`
``(inputs, z, a, mask)`` per layer; the backward pass is one generator that walks the layers from
the top, computing the δ of the layer below from the weights *before* anyone updates them, and
then yields the layer's ``(k, δ_k, ∂E/∂W_k, ∂E/∂b_k)``. Two consumers read it:

* :func:`backward` collects every layer's numbers (``Network.gradients`` and the recorded step
  ``Network.train_step``, whose trace shows them);
* :func:`training_step` builds the fast step ``Network.fit`` runs, which updates ``W_k`` as soon
  as layer ``k`` is yielded (the δ below already used it), with η folded into δ_L once.

Every array may carry leading stack axes — ``(S, N, n)`` inputs with ``(S, n_in, n_out)``
weights train ``S`` networks side by side (a seed survey) — as long as the loss is a sum.

**Public API** (``__all__``; the notebooks call them): :class:`LayerCache`, :func:`net_input`,
:func:`output_delta`, :func:`output_error`, :func:`hidden_delta`, :func:`grad_W`, :func:`grad_b`,
:func:`forward`, :func:`backward` and :func:`training_step`. They check their arguments and raise a
``TypeError`` or ``ValueError`` naming the argument, what was expected and what came:

* arrays: a float64 ``ndarray`` is used as it is; anything else that holds real numbers (a list
  of lists, an int or bool array, float32) is *converted* to a float64 array, the way NumPy's own
  functions take lists; text, objects, complex numbers, masked arrays and ``numpy.matrix`` are
  refused. Values are not checked: inf and NaN pass through the formulas as in NumPy (a
  ``Network`` reports an overflow; these functions are the maths);
* shapes must agree as the equations need (``a_{k-1}``'s columns = ``W_k``'s rows, ``δ`` and
  ``a`` of one layer alike, …); leading stack axes are left to NumPy's broadcasting;
* an activation is an :class:`~backproplab.activations.Activation` or its name, a loss a
  :class:`~backproplab.losses.Loss` or its name; a dropout mask holds only 0 and 1;
* :func:`training_step` checks its settings once, when it builds the step; the step it returns
  trusts its arrays (it runs thousands of times: ``Network.fit`` checks them first).

The loops themselves call the unchecked private versions (``_net_input``, ``_hidden_delta``, …),
so the checks cost nothing per training step.
"""
from __future__ import annotations

import numbers
from typing import NamedTuple

import numpy as np

from . import activations as _activations, losses as _losses
from ._plumbing import checks as _checks
from .regularisers import penalty, penalty_grad

__all__ = ["LayerCache", "net_input", "output_delta", "output_error", "hidden_delta", "grad_W", "grad_b",
           "forward", "backward", "training_step"]


class LayerCache(NamedTuple):
    r"""What the forward pass keeps of layer $k$ for the backward pass.

    ``inputs``: $a_{k-1}$ ``(N, n_in)``, the layer's input (after the layer below's dropout);
    ``z``: $z_k$ ``(N, n_out)``; ``a``: $a_k = \varphi_k(z_k)$ ``(N, n_out)``, before dropout
    (eq. 2 needs $\varphi'$ from it); ``mask``: the layer's 0/1 dropout mask ``(N, n_out)`` or
    ``None``. A tuple, so ``inputs, z, a, mask = cache`` works too."""
    inputs: np.ndarray
    z: np.ndarray
    a: np.ndarray
    mask: np.ndarray | None


# ------------------------------------------------------------------ the equations, unchecked
def _net_input(a_prev, W, b=None):
    # ndarray.dot costs half of np.matmul on the lessons' tiny 2-D arrays; stacks need matmul
    z = a_prev.dot(W) if a_prev.ndim == 2 else np.matmul(a_prev, W)
    if b is not None:
        z += b
    return z


def _output_delta(dE_da, a, activation):
    # not elementwise (softmax): through its Jacobian. The usual line stays last: lesson 3 prints it
    if activation.deriv_from_output is None:
        return activation.vjp_from_output(dE_da, a)
    return dE_da * activation.deriv_from_output(a)


def _output_error(loss, activation):
    if loss.pairs(activation):
        return loss.value_and_delta
    value_and_grad = loss.value_and_grad

    def through_the_activation(z, a, t):
        E, dE_da = value_and_grad(a, t)
        return E, _output_delta(dE_da, a, activation)
    return through_the_activation


def _hidden_delta(delta_above, W_above, a, activation, mask=None, keep_scale=1.0):
    upstream = delta_above.dot(W_above.T) if delta_above.ndim == 2 else np.matmul(delta_above, W_above.mT)
    if mask is not None:       # dropped units pass no gradient back
        upstream *= mask * keep_scale
    return upstream * activation.deriv_from_output(a)


def _grad_W(inputs, delta):
    return inputs.T.dot(delta) if inputs.ndim == 2 else np.matmul(inputs.mT, delta)


def _grad_b(delta):
    return delta.sum(axis=-2)


# ------------------------------------------------------------------ the two loops, unchecked
# LayerCache(...) runs a Python-level __new__ (0.3–0.6 µs); tuple.__new__ builds the same object at a
# third of the cost, which the XOR benchmark's 12 µs epochs notice
_new_cache = tuple.__new__


def _forward(weights, biases, activations, X, masks=None, keep_scale=1.0):
    # written for the lessons' tiny arrays, where each Python step costs about as much as a NumPy call
    out = X
    caches = []
    append = caches.append
    last = len(weights) - 1
    for k in range(last + 1):
        z = _net_input(out, weights[k], None if biases is None else biases[k])
        a = activations[k].fn(z)
        mask = None if masks is None or k == last else masks[k]    # the output layer never drops
        append(_new_cache(LayerCache, (out, z, a, mask)))
        out = a if mask is None else a * mask * keep_scale         # inverted dropout
    return out, caches


def _backward_layers(weights, activations, caches, delta, keep_scale=1.0, bias=True):
    """The backward pass, one layer at a time from the top: yields ``(k, δ_k, ∂E/∂W_k, ∂E/∂b_k)``
    (``None`` for the bias gradient with ``bias=False``). Before it yields layer ``k`` it has taken
    the δ of layer ``k − 1`` through ``weights[k]`` (eq. 2), so a consumer may update
    ``weights[k]`` in place as soon as it receives the layer."""
    for k in range(len(caches) - 1, 0, -1):
        below = caches[k - 1]           # δ of the layer below, from W_k *before* its update (eq. 2)
        delta_below = _hidden_delta(delta, weights[k], below.a, activations[k - 1], below.mask, keep_scale)
        yield k, delta, _grad_W(caches[k].inputs, delta), (_grad_b(delta) if bias else None)  # eq. 3, 4
        delta = delta_below
    yield 0, delta, _grad_W(caches[0].inputs, delta), (_grad_b(delta) if bias else None)


# ------------------------------------------------------------------ argument checks of the public API
def _array(name, value):
    """``value`` as a float64 array: a float64 ndarray as it is, anything else numeric converted."""
    if type(value) is np.ndarray and value.dtype == np.float64:
        return value
    return _checks.as_float_array(name, value, finite=False)


def _at_least(name, arr, ndim, shape_text):
    if arr.ndim < ndim:
        raise ValueError(f"{name} must be {shape_text}, got shape {arr.shape}")
    return arr


def _agree(name, arr, axis, size, why):
    """ValueError unless ``arr.shape[axis] == size``."""
    if arr.shape[axis] != size:
        raise ValueError(f"{name} must have {size} along axis {axis} ({why}), got shape {arr.shape}")


def _same_shape(name, arr, other_name, other):
    if arr.shape != other.shape:
        raise ValueError(f"{name} must have the shape of {other_name}, {other.shape}, got shape {arr.shape}")


def _activation(name, value):
    if not isinstance(value, (str, _activations.Activation)):
        raise TypeError(f"{name} must be an Activation (e.g. backproplab.activations.sigmoid) or its "
                        f"name, got {type(value).__name__} {value!r:.40}")
    return _activations.get(value)


def _loss(value):
    if not isinstance(value, (str, _losses.Loss)):
        raise TypeError(f"loss must be a Loss (e.g. backproplab.losses.half_sse) or its name, got "
                        f"{type(value).__name__} {value!r:.40}")
    return _losses.get(value)


def _mask(name, value, like_name, like):
    mask = _array(name, value)
    _same_shape(name, mask, like_name, like)
    if not np.isin(mask, (0.0, 1.0)).all():
        raise ValueError(f"{name} must hold only 0 (dropped) and 1 (kept)")
    return mask


def _scale(value):
    """``keep_scale``: a real number >= 1, or an array of them (one per stacked network)."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return _checks.real("keep_scale", value, low=1.0)
    arr = _array("keep_scale", value)
    if not (arr >= 1.0).all():
        raise ValueError(f"keep_scale must be >= 1 (it is 1/(1 − p) for a dropout rate p), got {arr!r:.60}")
    return arr


def _layer_list(name, value, n=None):
    if not isinstance(value, (list, tuple)) or not value or (n is not None and len(value) != n):
        count = "a non-empty list" if n is None else f"a list of {n}"
        raise TypeError(f"{name} must be {count} (one per layer), got {value!r:.60}")
    return list(value)


# ------------------------------------------------------------------ public API: the equations
def net_input(a_prev, W, b=None) -> np.ndarray:
    r"""$z = a_{k-1} W + b$: ``(N, n_out)`` from the input ``(N, n_in)``, ``W`` ``(n_in, n_out)``
    and ``b`` ``(n_out,)`` or ``None``."""
    W = _at_least("W", _array("W", W), 2, "a matrix (n_in, n_out)")
    a_prev = _at_least("a_prev", _array("a_prev", a_prev), 1, "(N, n_in)")
    _agree("a_prev", a_prev, -1, W.shape[-2], f"one column per row of W, shape {W.shape}")
    if b is not None:
        b = _at_least("b", _array("b", b), 1, "a vector (n_out,)")
        _agree("b", b, -1, W.shape[-1], f"one entry per column of W, shape {W.shape}")
    return _net_input(a_prev, W, b)


def output_delta(dE_da, a, activation) -> np.ndarray:
    r"""Eq. 1: $\delta_L = \partial E/\partial a_L \odot \varphi'(z_L)$, with $\varphi'$ from the
    output ``a`` ``(N, n_out)``; ``dE_da`` is the loss gradient of the same shape. For an
    activation that is not elementwise (softmax) it is the product with the Jacobian,
    $\delta_L = (\partial E/\partial a_L)^\top \partial a_L/\partial z_L$, row by row."""
    activation = _activation("activation", activation)
    a = _array("a", a)
    dE_da = _array("dE_da", dE_da)
    _same_shape("dE_da", dE_da, "a", a)
    return _output_delta(dE_da, a, activation)


def output_error(loss, activation):
    r"""Eq. 1 with the loss: a function ``(z, a, t) -> (E, δ_L)`` of the output layer's net input
    ``z``, output ``a`` and targets ``t`` (all ``(N, n_out)``), chosen once for the pair.

    If ``loss`` pairs with ``activation`` (sigmoid + bce, softmax + cross_entropy) it is
    ``loss.value_and_delta``: $\delta_L = a - t$ and $E$ computed stably from ``z``. Otherwise
    $E$ and $\partial E/\partial a$ come from ``loss.value_and_grad(a, t)`` and
    :func:`output_delta` takes them through $\varphi'$ (or softmax's Jacobian). The function
    returned checks its arrays (``z`` may be ``None`` when the pair does not use it)."""
    loss, activation = _loss(loss), _activation("activation", activation)
    error = _output_error(loss, activation)
    paired = loss.pairs(activation)

    def checked(z, a, t):
        a = _array("a", a)
        t = _array("t", t)
        _same_shape("t", t, "a", a)
        if z is not None or paired:
            if z is None:
                raise ValueError(f"z must be the output layer's net input for {loss.name} with "
                                 f"{activation.name} (its E is computed from z), got None")
            z = _array("z", z)
            _same_shape("z", z, "a", a)
        return error(z, a, t)
    return checked


def hidden_delta(delta_above, W_above, a, activation, mask=None, keep_scale=1.0) -> np.ndarray:
    r"""Eq. 2: $\delta_k = (\delta_{k+1} W_{k+1}^\top) \odot \varphi_k'(z_k)$.

    ``delta_above`` ``(N, n_above)`` and ``W_above`` ``(n_k, n_above)`` belong to the layer above,
    ``a`` ``(N, n_k)`` is layer $k$'s output before dropout. With dropout (``mask`` ``(N, n_k)``
    of 0/1) the gradient flows back only through kept units, scaled like the forward pass
    (``keep_scale`` $= 1/(1-p)$)."""
    activation = _activation("activation", activation)
    if not activation.elementwise:
        raise ValueError(f"activation {activation.name!r} is for the output layer only; a hidden layer's "
                         f"activation is elementwise (e.g. 'sigmoid')")
    W_above = _at_least("W_above", _array("W_above", W_above), 2, "a matrix (n_k, n_above)")
    delta_above = _at_least("delta_above", _array("delta_above", delta_above), 1, "(N, n_above)")
    a = _at_least("a", _array("a", a), 1, "(N, n_k)")
    _agree("delta_above", delta_above, -1, W_above.shape[-1], f"one column per column of W_above, shape {W_above.shape}")
    _agree("a", a, -1, W_above.shape[-2], f"one column per row of W_above, shape {W_above.shape}")
    if a.ndim > 1 and delta_above.ndim > 1:
        _agree("a", a, -2, delta_above.shape[-2], f"one row per sample, as delta_above {delta_above.shape}")
    if mask is not None:
        mask = _mask("mask", mask, "a", a)
    return _hidden_delta(delta_above, W_above, a, activation, mask, _scale(keep_scale))


def grad_W(inputs, delta) -> np.ndarray:
    r"""Eq. 3: $\partial E/\partial W_k = a_{k-1}^\top \delta_k$, ``(n_in, n_out)``: the layer's
    input ``(N, n_in)`` (after dropout) times its error term ``(N, n_out)``, summed over samples."""
    inputs = _at_least("inputs", _array("inputs", inputs), 2, "(N, n_in)")
    delta = _at_least("delta", _array("delta", delta), 2, "(N, n_out)")
    _agree("delta", delta, -2, inputs.shape[-2], f"one row per sample, as inputs {inputs.shape}")
    return _grad_W(inputs, delta)


def grad_b(delta) -> np.ndarray:
    r"""Eq. 4: $\partial E/\partial b_k = \sum_n \delta_{k,n}$, ``(n_out,)``, because
    $\partial z/\partial b = 1$."""
    return _grad_b(_at_least("delta", _array("delta", delta), 2, "(N, n_out)"))


# inspect.getsource() of a public equation shows the equation itself, the unchecked function the loops
# run (it follows __wrapped__): lesson 3 prints the line of eq. 1 and eq. 2 that does the work.
for _public, _equation in ((net_input, _net_input), (output_delta, _output_delta), (hidden_delta, _hidden_delta),
                           (grad_W, _grad_W), (grad_b, _grad_b)):
    _public.__wrapped__ = _equation
del _public, _equation


# ------------------------------------------------------------------ public API: the passes
def _checked_network(weights, biases, activations):
    """``(weights, biases, activations)`` of a forward or backward pass, checked."""
    weights = [_at_least(f"weights[{k}]", _array(f"weights[{k}]", w), 2, "a matrix (n_in, n_out)")
               for k, w in enumerate(_layer_list("weights", weights))]
    for k in range(1, len(weights)):
        _agree(f"weights[{k}]", weights[k], -2, weights[k - 1].shape[-1],
               f"one row per column of weights[{k - 1}], shape {weights[k - 1].shape}")
    acts = [_activation(f"activations[{k}]", a)
            for k, a in enumerate(_layer_list("activations", activations, len(weights)))]
    if biases is not None:
        biases = [_at_least(f"biases[{k}]", _array(f"biases[{k}]", b), 1, "a vector (n_out,)")
                  for k, b in enumerate(_layer_list("biases", biases, len(weights)))]
        for k, (b, W) in enumerate(zip(biases, weights)):
            _agree(f"biases[{k}]", b, -1, W.shape[-1], f"one entry per column of weights[{k}], shape {W.shape}")
    return weights, biases, acts


def forward(weights, biases, activations, X, masks=None, keep_scale=1.0):
    r"""The forward pass: ``(output, caches)``.

    ``weights[k]`` ``(n_in, n_out)``, ``biases[k]`` ``(n_out,)`` (or ``biases=None``),
    ``activations[k]`` an :class:`~backproplab.activations.Activation`; ``X`` ``(N, n_0)``.
    ``masks[k]`` (0/1, ``(N, n_k)``, or ``None``) drops units of hidden layer ``k`` (a last
    entry for the output layer is ignored). One :class:`LayerCache` ``(inputs, z, a, mask)`` per
    layer: ``a`` is before dropout, the next layer's ``inputs`` after it."""
    weights, biases, activations = _checked_network(weights, biases, activations)
    X = _at_least("X", _array("X", X), 1, "(N, n_in)")
    _agree("X", X, -1, weights[0].shape[-2], f"one column per row of weights[0], shape {weights[0].shape}")
    if masks is not None:
        if not isinstance(masks, (list, tuple)) or len(masks) < len(weights) - 1:
            raise TypeError(f"masks must be None or a list of {len(weights) - 1} arrays (one per hidden "
                            f"layer), got {masks!r:.60}")
        masks = [None if m is None else _array(f"masks[{k}]", m) for k, m in enumerate(masks)]
    keep_scale = _scale(keep_scale)
    return _forward(weights, biases, activations, X, masks, keep_scale)


def backward(weights, activations, caches, delta_L, keep_scale=1.0, bias=True):
    r"""The backward pass: ``(deltas, grads_W, grads_b)``, one entry per layer (``grads_b`` is a
    list of ``None`` for ``bias=False``), from the output layer's error term ``delta_L``
    $\delta_L$ ``(N, n_out)`` (eq. 1: :func:`output_error` or :func:`output_delta`) and
    :func:`forward`'s caches (:class:`LayerCache`, or 4-tuples in its order)."""
    weights, _, activations = _checked_network(weights, None, activations)
    caches = [c if isinstance(c, LayerCache) else LayerCache(*c)
              for c in _layer_list("caches", caches, len(weights))]
    delta_L = _array("delta_L", delta_L)
    _same_shape("delta_L", delta_L, "caches[-1].a", caches[-1].a)
    if not isinstance(bias, (bool, np.bool_)):
        raise TypeError(f"bias must be True or False, got {type(bias).__name__} {bias!r:.40}")
    return _collect(weights, activations, caches, delta_L, _scale(keep_scale), bias)


def _collect(weights, activations, caches, delta_L, keep_scale, bias):
    """The backward generator's layers gathered into ``(deltas, grads_W, grads_b)``, bottom first."""
    L = len(caches)
    deltas, grads_W, grads_b = [None] * L, [None] * L, [None] * L
    for k, delta, gW, gb in _backward_layers(weights, activations, caches, delta_L, keep_scale, bias):
        deltas[k], grads_W[k], grads_b[k] = delta, gW, gb
    return deltas, grads_W, grads_b


# ------------------------------------------------------------------ public API: the fast step
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

    It runs :func:`forward`'s loop and :func:`backward`'s generator, and consumes each layer as it
    comes: ``W_k`` is updated right after layer ``k`` is yielded (the δ below was already taken
    through it), as in the classic 11-line loop. The learning rate is folded into the output δ
    once — δ propagates linearly (eq. 2), so every gradient below it comes out already multiplied
    by η. The settings are checked here, once; the step trusts its arrays (``Network.fit``
    checks them).
    """
    activations = [_activation(f"activations[{k}]", a)
                   for k, a in enumerate(_layer_list("activations", activations))]
    loss = _loss(loss)
    lr = _checks.real("lr", lr, low=0.0, low_open=True)
    momentum = _checks.real("momentum", momentum, low=0.0, high=1.0, high_open=True)
    l2, l1 = _checks.real("l2", l2, low=0.0), _checks.real("l1", l1, low=0.0)
    keep_scale = _scale(keep_scale)
    for name, flag in (("bias", bias), ("train_bias", train_bias)):
        if not isinstance(flag, (bool, np.bool_)):
            raise TypeError(f"{name} must be True or False, got {type(flag).__name__} {flag!r:.40}")
    return _fused_step(activations, loss, lr, momentum, l2, l1, keep_scale, bool(bias), bool(bias and train_bias))


def _fused_step(activations, loss, lr, momentum, l2, l1, keep_scale, bias, update_bias):
    """:func:`training_step`'s step from checked settings; ``update_bias``: the biases are trained."""
    loss_and_grad = loss.value_and_grad
    out_act = activations[-1]
    # sigmoid + bce, softmax + cross_entropy: (E, δ) from z directly; else through φ'. Decided
    # here, not per step, and not through _output_error's wrapper: the usual path stays inline.
    loss_and_delta = loss.value_and_delta if loss.pairs(out_act) else None
    subtract, add = np.subtract, np.add
    penalised = bool(l2 or l1)
    plain = not (momentum or penalised)  # settings decided here, once, not per step or per layer
    scaled = lr != 1.0
    velocity, velocity_b = [], []        # filled on the first call, with the parameters' shapes

    def step(X, y, src, dst, masks=None):
        weights, biases = src
        new_weights, new_biases = dst
        out, caches = _forward(weights, biases if bias else None, activations, X, masks, keep_scale)
        E = penalty(weights, l2, l1) if penalised else 0.0    # before the update, like the loss itself
        if loss_and_delta is None:
            data_loss, dE_da = loss_and_grad(out, y)
            delta = _output_delta(dE_da, out, out_act)                          # eq. 1
        else:
            data_loss, delta = loss_and_delta(caches[-1].z, out, y)             # eq. 1, paired
        if scaled:
            delta *= lr
        layers = _backward_layers(weights, activations, caches, delta, keep_scale, update_bias)  # eq. 2–4, times η
        if plain:                # the common case, with no per-layer branch it does not need
            for k, _, step_W, step_b in layers:
                subtract(weights[k], step_W, new_weights[k])
                if update_bias:
                    subtract(biases[k], step_b, new_biases[k])
            return data_loss + E
        if momentum and not velocity:
            velocity.extend(np.zeros_like(w) for w in weights)
            velocity_b.extend(np.zeros_like(b) for b in (biases if update_bias else ()))
        for k, _, step_W, step_b in layers:
            W = weights[k]
            if penalised:
                step_W += lr * penalty_grad(W, l2, l1)
            if not momentum:
                subtract(W, step_W, new_weights[k])
                if update_bias:
                    subtract(biases[k], step_b, new_biases[k])
            else:
                velocity[k] *= momentum
                velocity[k] -= step_W
                add(W, velocity[k], new_weights[k])
                if update_bias:
                    velocity_b[k] *= momentum
                    velocity_b[k] -= step_b
                    add(biases[k], velocity_b[k], new_biases[k])
        return data_loss + E

    return step

r"""Lesson 7's helpers: a network built from scalar ``Var``\ s, compared with the vectorised ``Network``.

The lesson writes ``Neuron``, ``Layer`` and ``MLP`` itself (the lesson *is* that code); what it needs
around them lives here. Its ``MLP.parameters()`` lists, layer by layer and unit by unit, each unit's
weights and then its bias — for a layer with weights $W$ of shape ``(n_in, n_out)`` and biases $b$:

$$W_{0,0}, W_{1,0}, \dots, W_{n_\text{in}-1,0},\ b_0,\quad W_{0,1}, \dots,\ b_1,\quad \dots$$

:func:`arrays_from_parameters` turns such a flat list (values or gradients) back into the
``Network`` layout, so that one comparison with :meth:`Network.gradients` checks every entry;
:func:`worst_gradient_error` does that comparison, :func:`node_count` counts a graph's nodes (and
the constants among them, which the drawings fold into the gates), and :func:`epoch_speed_ratio` /
:func:`speed_verdict` measure one epoch of the scalar graph against ``Network.fit`` and say it
in words that hold on every machine.
"""
from __future__ import annotations

import numbers

import time
from typing import NamedTuple

import numpy as np

from ... import gradcheck
from ..._plumbing import checks as _checks
from ..._plumbing.i18n import tr
from ...autograd.graph import Var, topological_order
from ...network import Network

__all__ = ["NodeCount", "node_count", "arrays_from_parameters", "parameter_count", "worst_gradient_error",
           "epoch_speed_ratio", "speed_verdict", "SPEED_FLOOR"]

# The scalar epoch measured 300–700 times slower than Network.fit on the lesson's 2-8-1 network and
# 100 moons (bench/autograd_speed.py): a floor ten times lower holds on any machine and under load.
SPEED_FLOOR = 30


class NodeCount(NamedTuple):
    """The nodes of a graph: ``nodes`` in all, ``constants`` among them (the plain numbers a
    computation turned into nodes — inputs, targets, the ½ and the exponent 2 of the loss), and
    ``drawn = nodes − constants``, what :func:`backproplab.plots.draw_graph` shows when it folds
    every constant into its gate's label (``×0.5``, ``x^2``)."""
    nodes: int
    constants: int
    drawn: int


def node_count(f) -> NodeCount:
    """Count the nodes of ``f``'s graph (all of :func:`topological_order`), and the constants among them."""
    if not isinstance(f, Var):
        raise TypeError(f"f must be a Var (the output of a computation), got {type(f).__name__}")
    order = topological_order(f)
    constants = sum(1 for n in order if n.is_constant)
    return NodeCount(len(order), constants, len(order) - constants)


def parameter_count(layer_sizes) -> int:
    """Weights and biases of a dense network with these layer sizes: $\\sum_l (n_{l-1} + 1)\\,n_l$."""
    sizes = _sizes(layer_sizes)
    return sum((n_in + 1) * n_out for n_in, n_out in zip(sizes, sizes[1:]))


def arrays_from_parameters(values, layer_sizes):
    """``(weights, biases)`` in ``Network``'s layout from a flat list in the MLP's parameter order.

    ``values`` are numbers or ``Var``\\ s — for a ``Var`` its ``.value`` is taken; pass
    ``[p.grad for p in mlp.parameters()]`` for the gradients. Returns ``weights[l]`` of shape
    ``(n_l, n_{l+1})`` and ``biases[l]`` of shape ``(n_{l+1},)``.
    """
    sizes = _sizes(layer_sizes)
    try:
        flat = [v.value if isinstance(v, Var) else v for v in values]
    except TypeError:
        raise TypeError(f"values must be a list of numbers or Vars, got {type(values).__name__}") from None
    flat = _checks.as_float_array("values", flat, ndim=1)
    expected = parameter_count(sizes)
    if flat.size != expected:
        raise ValueError(f"values must hold {expected} numbers for layer sizes {sizes}, got {flat.size}")
    weights, biases, start = [], [], 0
    for n_in, n_out in zip(sizes, sizes[1:]):
        block = flat[start:start + (n_in + 1) * n_out].reshape(n_out, n_in + 1)   # one row per unit
        weights.append(block[:, :n_in].T.copy())
        biases.append(block[:, n_in].copy())
        start += (n_in + 1) * n_out
    return weights, biases


def worst_gradient_error(parameters, net, X, y) -> float:
    """The worst per-entry relative error (:func:`gradcheck.rel_error`) between the ``.grad`` of
    ``parameters`` (the MLP's, in its order: Vars, or any nodes with a number ``.grad`` such as the
    student's ``Value`` of section 8) and :meth:`Network.gradients` of ``net`` on ``(X, y)``."""
    if not isinstance(net, Network):
        raise TypeError(f"net must be a Network, got {type(net).__name__}")
    params = list(parameters)
    if not all(isinstance(getattr(p, "grad", None), numbers.Real) for p in params):
        raise TypeError("parameters must be Vars, or nodes with a number .grad (an MLP's parameters())")
    grads_W, grads_b = arrays_from_parameters([p.grad for p in params], net.layer_sizes)
    _, net_W, net_b = net.gradients(X, y)
    if net_b is None:
        raise ValueError("net must have biases, like the MLP")
    return max(gradcheck.rel_error(a, b) for a, b in zip(grads_W + grads_b, net_W + net_b))


def epoch_speed_ratio(scalar_epoch, net, X, y, lr, fit_repeats=20) -> float:
    """How many times longer one call of ``scalar_epoch()`` takes than one epoch of ``net.fit``.

    ``scalar_epoch`` runs one epoch of the scalar network (forward, zero, backward, update) and
    ``net.fit(X, y, epochs=1, lr=lr)`` runs on a copy of ``net``, so ``net`` is unchanged. Each
    side's fastest of its runs counts (the scalar epoch twice, the fit ``fit_repeats`` times),
    the usual way to time past a busy machine.
    """
    if not callable(scalar_epoch):
        raise TypeError(f"scalar_epoch must be a function of no arguments, got {type(scalar_epoch).__name__}")
    if not isinstance(net, Network):
        raise TypeError(f"net must be a Network, got {type(net).__name__}")
    fit_repeats = _checks.integer("fit_repeats", fit_repeats, low=1)
    scalar = min(_seconds(scalar_epoch) for _ in range(2))
    vector = min(_seconds(lambda: net.with_weights(net.weights, net.biases).fit(X, y, epochs=1, lr=lr))
                 for _ in range(fit_repeats))
    return scalar / vector


def speed_verdict(ratio, floor=SPEED_FLOOR) -> str:
    """The ratio in words that every machine agrees on: "more than 30 times slower" (the
    lesson's measurement is ten times that) — never the digits of a timing."""
    ratio = _checks.real("ratio", ratio, low=0.0)
    floor = _checks.real("floor", floor, low=1.0)
    if ratio > floor:
        return tr("more than {floor:g} times slower").format(floor=floor)
    return tr("not even {floor:g} times slower (this machine's Python is unusually fast next to its NumPy)").format(
        floor=floor)


def _seconds(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _sizes(layer_sizes) -> list:
    if isinstance(layer_sizes, (str, bytes)) or not hasattr(layer_sizes, "__iter__"):
        raise TypeError(f"layer_sizes must be a list of whole numbers, got {type(layer_sizes).__name__}")
    sizes = [_checks.integer(f"layer_sizes[{k}]", n, low=1) for k, n in enumerate(layer_sizes)]
    if len(sizes) < 2:
        raise ValueError(f"layer_sizes must name at least an input and an output layer, got {sizes}")
    return sizes

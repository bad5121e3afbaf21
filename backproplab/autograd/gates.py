r"""CS231n-style gates: the local rules of backprop as objects with an explicit ``forward`` / ``backward``.

A gate remembers its inputs in ``forward`` and, in ``backward``, turns the upstream gradient
$\partial f/\partial z$ into its inputs' gradients, $\partial f/\partial x = \partial f/\partial z \cdot
\partial z/\partial x$ — the same rules :class:`backproplab.graph.Var` applies node by node. Gates work on
numbers and on NumPy arrays (element-wise, with broadcasting), and ``backward`` returns gradients with
the shape of each input::

    >>> gate = MultiplyGate()
    >>> gate.forward(3.0, -4.0)
    -12.0
    >>> gate.backward(2.0)          # (dx, dy): the multiply gate swaps its inputs
    (-8.0, 6.0)

The three patterns of lesson 6: the add gate *distributes* ``dz``, the max gate *routes* it, the
multiply gate *swaps* its inputs; the sigmoid gate needs only the output it stored.
"""
from __future__ import annotations

import numbers

import numpy as np

from .._plumbing import checks as _checks
from ..activations import sigmoid as _sigma

__all__ = ["MultiplyGate", "AddGate", "MaxGate", "SigmoidGate"]


def _gate_input(name, v):
    """A finite float for a number, a finite float64 array otherwise."""
    if isinstance(v, numbers.Real) and not isinstance(v, bool):
        return _checks.real(name, v)
    return _checks.as_float_array(name, v)


def _gate_output(gate, what, value):
    """``value`` if finite everywhere, else NonFiniteError: the gate's arithmetic overflowed."""
    _checks.finite(f"{type(gate).__name__}'s {what}", value,
                   "Its inputs are too large for float64 (the product of two numbers above 1e154 overflows).")
    return value


def _unbroadcast(grad, shape):
    """Sum ``grad`` over the axes broadcasting added, so the gradient has the input's shape."""
    if shape == ():
        return float(np.sum(grad))
    grad = np.asarray(grad)
    while grad.ndim > len(shape):
        grad = grad.sum(axis=0)
    for axis, n in enumerate(shape):
        if n == 1 and grad.shape[axis] != 1:
            grad = grad.sum(axis=axis, keepdims=True)
    return grad


def _scalar_or_array(v):
    return float(v) if np.ndim(v) == 0 else v


class _Gate:
    """Shared bookkeeping: remember the inputs, check ``dz`` against the output's shape."""

    def __init__(self):
        self._cache = None

    def __repr__(self):
        return f"{type(self).__name__}()"

    def _store(self, *inputs):
        inputs = tuple(_gate_input(n, v) for n, v in zip(("x", "y"), inputs))
        try:
            shape = np.broadcast_shapes(*(np.shape(v) for v in inputs))
        except ValueError:
            raise ValueError(f"the inputs of {type(self).__name__} must have broadcastable shapes, got "
                             + " and ".join(str(np.shape(v)) for v in inputs)) from None
        return inputs, shape

    def _upstream(self, dz):
        if self._cache is None:
            raise RuntimeError(f"{type(self).__name__}.backward needs the inputs of a forward pass: "
                               "call forward first")
        dz = _gate_input("dz", dz)
        if np.shape(dz) != self._shape:
            raise ValueError(f"dz must have the shape of the gate's output {self._shape}, got {np.shape(dz)}")
        return dz


class _ArithmeticGate(_Gate):
    """A two-input gate whose backward is upstream × local: ``dx = dz · ∂z/∂x``, ``dy = dz · ∂z/∂y``.
    A subclass gives the output (``_apply``) and the local gradients (``_local``) beside it."""

    def forward(self, x, y):
        (x, y), self._shape = self._store(x, y)
        with np.errstate(all="ignore"):
            z = _gate_output(self, "output", self._apply(x, y))
        self._cache = (x, y)
        return _scalar_or_array(z)

    def backward(self, dz):
        """``(dx, dy)`` from the upstream gradient ``dz`` (shaped like the output), each summed over
        the axes broadcasting added."""
        dz = self._upstream(dz)
        x, y = self._cache
        local_x, local_y = self._local(x, y)
        with np.errstate(all="ignore"):
            dx = _gate_output(self, "gradient dx", _unbroadcast(dz * local_x, np.shape(x)))
            dy = _gate_output(self, "gradient dy", _unbroadcast(dz * local_y, np.shape(y)))
        return dx, dy


class MultiplyGate(_ArithmeticGate):
    """$z = xy$. Backward swaps the inputs: $\\partial z/\\partial x = y$, $\\partial z/\\partial y = x$."""

    @staticmethod
    def _apply(x, y):
        return x * y

    @staticmethod
    def _local(x, y):
        return y, x                     # the swap


class AddGate(_ArithmeticGate):
    """$z = x + y$. Backward distributes: both inputs receive ``dz`` unchanged (local gradient 1)."""

    @staticmethod
    def _apply(x, y):
        return x + y

    @staticmethod
    def _local(x, y):
        return 1.0, 1.0


class MaxGate(_Gate):
    """$z = \\max(x, y)$ (element-wise). Backward routes: the larger input gets all of ``dz``,
    the other gets 0. On a tie the first input wins, as in :meth:`backproplab.graph.Var.max`."""

    def forward(self, x, y):
        (x, y), self._shape = self._store(x, y)
        self._cache = (x, y)
        return _scalar_or_array(np.where(x >= y, x, y))

    def backward(self, dz):
        """``(dx, dy)``: ``dz`` where that input was the max, 0 elsewhere."""
        dz = self._upstream(dz)
        x, y = self._cache
        x_wins = np.asarray(x) >= np.asarray(y)
        return (_unbroadcast(np.where(x_wins, dz, 0.0), np.shape(x)),
                _unbroadcast(np.where(x_wins, 0.0, dz), np.shape(y)))


class SigmoidGate(_Gate):
    """$s = \\sigma(x) = 1/(1 + e^{-x})$, one input. Backward multiplies by $s(1 - s)$, using
    only the output it stored — the reason the sigmoid gate is worth collapsing into one."""

    def forward(self, x):
        (x,), self._shape = self._store(x)
        s = _sigma(x)          # the package's warning-free sigmoid
        self._cache = (s,)
        return _scalar_or_array(s)

    def backward(self, dz):
        """``dx = dz · s(1 − s)``."""
        dz = self._upstream(dz)
        (s,) = self._cache
        return _scalar_or_array(dz * s * (1.0 - s))

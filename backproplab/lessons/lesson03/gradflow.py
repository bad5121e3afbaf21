r"""How big the gradient is in each layer: the numbers behind vanishing gradients.

Going backwards, every hidden layer multiplies the error signal $\delta = \partial E/\partial z$ by
its weights and by $\varphi'(z)$:

$$\delta_k = (\delta_{k+1} W_{k+1}^\top) \odot \varphi'(z_k).$$

With the sigmoid, $\varphi' \le \tfrac14$, so in a chain of one-neuron layers with $|w| \le 1$ the
signal shrinks by at least a factor 4 per layer. :func:`deep_narrow_network` builds such deep,
narrow networks and :func:`gradient_norms` measures the signal layer by layer.

>>> net = deep_narrow_network(depth=10, width=4, activation="sigmoid", seed=0)
>>> gradient_norms(net, X, y)               # ‖∂E/∂W_k‖ for k = 1 … 11, tiny at the start
"""
from __future__ import annotations

import numpy as np

from ... import activations
from ..._plumbing import checks as _checks
from ..._plumbing.format import pad
from ..._plumbing.i18n import tr
from ...network import Network

__all__ = ["deep_narrow_network", "gradient_norms", "compare_activations", "format_norms"]

_WRT = ("weights", "delta")


def deep_narrow_network(depth, width=4, activation="sigmoid", seed=0, output_activation="linear") -> Network:
    """A network with ``depth`` hidden layers of ``width`` neurons each, ``width`` inputs and one output.

    Layer sizes ``[width] * (depth + 1) + [1]``. The hidden layers use ``activation``; the output
    neuron uses ``output_activation`` (linear by default, so that every factor $\\varphi'$ between
    the loss and the first layer comes from the hidden activation under study). The weights are
    the package's default initialisation (uniform in $[-1, 1)$, drawn from ``seed``) and the biases
    start at zero, so two networks with the same ``seed``, ``depth`` and ``width`` have the same
    weights whatever their activation.
    """
    depth = _checks.integer("depth", depth, low=1)
    width = _checks.integer("width", width, low=1)
    act = activations.get(activation).name
    out_act = activations.get(output_activation).name
    sizes = [width] * (depth + 1) + [1]
    return Network(sizes, activation=[act] * depth + [out_act], bias=True, seed=seed)


def gradient_norms(net, X, y, wrt="weights") -> np.ndarray:
    r"""The size of the gradient in every weight layer, shape ``(n_layers,)``; entry ``k`` is layer ``k + 1``.

    ``wrt="weights"``: the Frobenius norm $\|\partial E/\partial W_k\|$; ``wrt="delta"``: the
    norm $\|\delta_k\|$ of the error signal $\delta_k = \partial E/\partial z_k$ over all samples
    and neurons of the layer. Both come from ``net.gradients(X, y, return_deltas=True)``, without
    dropout. ``X``: ``(n_samples, n_inputs)``, ``y``: ``(n_samples, n_outputs)``. The network is
    not changed.
    """
    if not isinstance(net, Network):
        raise TypeError(f"net must be a backproplab Network, got {type(net).__name__}")
    wrt = _checks.choice("wrt", wrt, _WRT)
    _, grads_W, _, deltas = net.gradients(X, y, return_deltas=True)   # dropout off: no masks
    return np.array([np.linalg.norm(g) for g in (grads_W if wrt == "weights" else deltas)])


def compare_activations(X, y, names=("sigmoid", "tanh", "relu"), depth=10, width=4, seed=0,
                        wrt="weights") -> dict[str, np.ndarray]:
    """:func:`gradient_norms` of the same deep narrow network (same weights) with each activation.

    ``X``: ``(n_samples, width)``, ``y``: ``(n_samples, 1)``. Returns ``{name: norms}``, each of
    shape ``(depth + 1,)``.
    """
    if isinstance(names, str) or not isinstance(names, (list, tuple)) or not names:
        raise TypeError(f"names must be a non-empty list of activation names, got {names!r:.80}")
    return {activations.get(n).name: gradient_norms(deep_narrow_network(depth, width, n, seed), X, y, wrt=wrt)
            for n in names}


def format_norms(norms, precision=2) -> str:
    """A text table of per-layer norms: one row per layer, one column per entry of ``norms``
    (a dict label → 1-D array of equal length), in scientific notation with ``precision`` digits."""
    if not isinstance(norms, dict) or not norms:
        raise TypeError(f"norms must be a non-empty dict label → array, got {type(norms).__name__}")
    cols = {str(k): _checks.as_float_array(f"norms[{k!r}]", v, ndim=1) for k, v in norms.items()}
    lengths = {v.size for v in cols.values()}
    if len(lengths) != 1:
        raise ValueError(f"every entry of norms must have the same length, got lengths {sorted(lengths)}")
    precision = _checks.integer("precision", precision, low=1)
    n = lengths.pop()
    width = max(precision + 6, *(len(k) for k in cols))
    head = pad(tr("layer"), 5)   # Hangul takes two columns
    lines = [head + "  " + "  ".join(k.rjust(width) for k in cols)]
    for i in range(n):
        lines.append(f"{i + 1:>5}  " + "  ".join(f"{v[i]:.{precision - 1}e}".rjust(width) for v in cols.values()))
    return "\n".join(lines)

"""What a :class:`~backproplab.network.Network` is built from, checked: the layer sizes (bounded by
:data:`MAX_PARAMETERS`), the starting weights by an init rule (:data:`INIT_RULES`), the output
layer's activation against the loss, and the neurons' names.
"""
from __future__ import annotations

import math

import numpy as np

from . import activations
from ._plumbing import checks as _checks

MAX_PARAMETERS = 10**8      # weights and biases of a network built from layer_sizes (800 MB)

__all__ = ["INIT_RULES", "MAX_PARAMETERS", "initial_weights", "check_output_layer", "layer_sizes", "neuron_names"]

# init name → the variance of a starting weight, from the layer's fan-in and fan-out
INIT_RULES = {
    "uniform": lambda n_in, n_out: 1.0 / 3.0,                # U[−1, 1): (1 − (−1))²/12
    "normal": lambda n_in, n_out: 1.0,                       # N(0, 1): unscaled randn
    "lecun": lambda n_in, n_out: 1.0 / n_in,                 # LeCun et al. 1998
    "glorot": lambda n_in, n_out: 2.0 / (n_in + n_out),      # Glorot & Bengio 2010 ("Xavier")
    "he": lambda n_in, n_out: 2.0 / n_in,                    # He et al. 2015, for ReLU
}


def initial_weights(rng, init, n_in, n_out):
    """One ``(n_in, n_out)`` weight matrix drawn from ``rng`` by the rule ``init``."""
    if init == "uniform":
        return 2.0 * rng.random((n_in, n_out)) - 1.0
    return rng.standard_normal((n_in, n_out)) * math.sqrt(INIT_RULES[init](n_in, n_out))


def check_output_layer(acts, loss, n_out):
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


def layer_sizes(layer_sizes):
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


def neuron_names(names, sizes):
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

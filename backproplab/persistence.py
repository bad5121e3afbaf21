"""A network's file format: :meth:`Network.save <backproplab.network.Network.save>` writes one
``.npz`` of plain arrays (``W0``, ``W1``, …, ``b0``, …) and a JSON text array ``meta`` (format
version, activations, loss, dropout, bias, neuron names, the random generator's state); nothing is
pickled. :func:`read` does not trust the file: it reads every array's header (shape, dtype, size
bounded) before its data (:mod:`backproplab._plumbing.npz`) and checks the settings against the format,
raising a ``ValueError`` naming the file and what is wrong with it.
"""
from __future__ import annotations

import json

import numpy as np

from ._plumbing import npz as _npz

FORMAT_VERSION = 1

__all__ = ["FORMAT_VERSION", "write", "read"]

_META_TYPES = {"version": int, "activations": list, "loss": str, "dropout": (int, float), "bias": bool,
               "names": list, "rng_state": dict}


def write(path, settings, weights, biases) -> None:
    """Write ``weights``, ``biases`` (or ``None``) and ``settings`` (every key of the format but
    ``version``) to ``path``; like ``numpy.savez``, a path without the ``.npz`` suffix gets it."""
    meta = {"version": FORMAT_VERSION, **settings}
    arrays = {f"W{k}": w for k, w in enumerate(weights)}
    if biases is not None:
        arrays.update({f"b{k}": b for k, b in enumerate(biases)})
    np.savez(path, meta=np.array(json.dumps(meta)), **arrays)


def read(path, max_values):
    """``(path, weights, biases, meta)`` from a file :func:`write` wrote (``path`` may leave out
    the ``.npz``; the one returned is the file read). ``biases`` is ``None`` for a network without
    bias; ``max_values`` bounds the numbers read. The arrays are not checked against each other
    (``Network.from_weights`` does that)."""
    path = _npz.resolve(path)
    arrays = _npz.read(path, names=r"meta|W\d{1,4}|b\d{1,4}", max_values=max_values)
    meta = _file_meta(path, arrays.pop("meta", None))
    n = len(meta["activations"])
    try:
        weights = [arrays.pop(f"W{k}") for k in range(n)]
        biases = [arrays.pop(f"b{k}") for k in range(n)] if meta["bias"] else None
    except KeyError as exc:
        raise ValueError(f"{path}: the network has {n} layer(s) but the file has no array "
                         f"{exc.args[0]!r}") from None
    if arrays:
        raise ValueError(f"{path}: unexpected array(s) {sorted(arrays)} for a network of {n} "
                         f"layer(s) with bias={meta['bias']}")
    return path, weights, biases, meta


def _file_meta(path, text):
    """The settings stored by :func:`write`, checked against the format (``_META_TYPES``)."""
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
    if meta["version"] != FORMAT_VERSION:
        raise ValueError(f"{path}: unsupported backproplab file version {meta['version']!r:.20}")
    acts = meta["activations"]
    if not acts or len(acts) > 1000 or not all(isinstance(a, str) for a in acts):
        raise ValueError(f"{path}: setting 'activations' must be a list of 1 to 1000 names, got {acts!r:.60}")
    return meta

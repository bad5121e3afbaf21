"""A network's file format: :meth:`Network.save <backproplab.network.Network.save>` writes one
``.npz`` of plain arrays (``W0``, ``W1``, …, ``b0``, …) and a JSON text array ``meta`` (format
version, activations, loss, dropout, bias, neuron names, the random generator's state); nothing is
pickled.

:func:`read` does not trust the file. In this order, each step before anything costly: the path
must name a regular file (:mod:`backproplab._plumbing.npz`); the settings are read and checked
first, and imply every array's shape (the neuron names give the layer sizes), bounded by
``max_values`` numbers; every array's ``.npy`` header (shape, dtype and its width in bytes) is
checked against those shapes and the byte budget :data:`MAX_FILE_BYTES`; only then are the data
inflated, each straight into its own preallocated array. Anything wrong raises a ``ValueError``
naming the file and what is wrong with it.
"""
from __future__ import annotations

import json
import math

import numpy as np

from ._plumbing import npz as _npz

FORMAT_VERSION = 1
# The bytes of numbers a file may hold in all, as its headers claim them: 10**8 float64, the
# 800 MB of ``MAX_PARAMETERS`` (a count of numbers, blind to their width).
MAX_FILE_BYTES = 800_000_000

__all__ = ["FORMAT_VERSION", "MAX_FILE_BYTES", "write", "read"]

_MEMBERS = r"meta|W\d{1,4}|b\d{1,4}"
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


def read(path, max_values, max_bytes=None):
    """``(path, weights, biases, meta)`` from a file :func:`write` wrote (``path`` may leave out
    the ``.npz``; the one returned is the file read). ``biases`` is ``None`` for a network without
    bias; ``max_values`` bounds the numbers read, ``max_bytes`` (default :data:`MAX_FILE_BYTES`)
    their bytes. Each array has the shape the settings imply; their values are not checked
    (``Network.from_weights`` does that)."""
    max_bytes = MAX_FILE_BYTES if max_bytes is None else max_bytes
    path = _npz.resolve(path)
    with _npz.Archive(path, names=_MEMBERS) as archive:
        meta = _file_meta(path, _settings_text(archive))
        shapes = _implied_shapes(path, meta, max_values)
        headers = _checked_headers(archive, shapes, max_bytes)
        _check_members(path, meta, shapes, headers)
        arrays = {name: archive.read(name, headers[name]) for name in shapes}
    n = len(meta["activations"])
    weights = [arrays[f"W{k}"] for k in range(n)]
    biases = [arrays[f"b{k}"] for k in range(n)] if meta["bias"] else None
    return path, weights, biases, meta


def _settings_text(archive):
    """The text of the member ``meta``, or ``None`` if there is none or it is not one text."""
    if "meta" not in archive.members:
        return None
    header = archive.header("meta")
    return str(archive.read("meta", header)[()]) if header.is_text else None


def _implied_shapes(path, meta, max_values) -> dict:
    """Every array's shape (by member name) as the checked settings ``meta`` imply them: the
    neuron names give the layer sizes; ValueError if the network would exceed ``max_values``."""
    n, names = len(meta["activations"]), meta["names"]
    if len(names) != n + 1 or not all(isinstance(layer, list) for layer in names):
        raise ValueError(f"{path}: not a valid backproplab network: names must be a list of {n + 1} "
                         f"lists (one per layer, for {n} activation(s)), got {names!r:.80}")
    sizes = [len(layer) for layer in names]
    shapes = {f"W{k}": (sizes[k], sizes[k + 1]) for k in range(n)}
    if meta["bias"]:
        shapes.update({f"b{k}": (sizes[k + 1],) for k in range(n)})
    count = sum(math.prod(shape) for shape in shapes.values())
    if count > max_values:
        raise ValueError(f"{path}: the settings describe a network of {count} numbers (layer sizes "
                         f"{sizes!r:.80}), more than the {max_values} allowed; nothing was decompressed")
    return shapes


def _checked_headers(archive, shapes, max_bytes) -> dict:
    """Every array member's header, checked against ``shapes`` and ``max_bytes`` before any data
    are inflated (a member that ``shapes`` does not name is refused later, by name)."""
    headers, total = {}, 0
    for name in archive.members:
        if name == "meta":
            continue
        header = headers[name] = archive.header(name)
        where = f"{archive.path}: array {name!r}: its header claims shape {header.shape}"
        if header.is_text:
            raise ValueError(f"{where} of text; the arrays must hold numbers")
        if name in shapes and header.shape != shapes[name]:
            raise ValueError(f"{where} ({float(header.count):.3g} numbers), but the settings imply shape "
                             f"{shapes[name]}; nothing was decompressed")
        total += header.nbytes
        if total > max_bytes:
            raise ValueError(f"{where} of {header.dtype} ({header.nbytes} bytes), which brings the arrays "
                             f"to {total} bytes, more than the {max_bytes} allowed (MAX_FILE_BYTES); "
                             "nothing was decompressed")
    return headers


def _check_members(path, meta, shapes, headers) -> None:
    """The array members are exactly those the settings imply."""
    n = len(meta["activations"])
    missing = [name for name in shapes if name not in headers]
    if missing:
        raise ValueError(f"{path}: the network has {n} layer(s) but the file has no array {missing[0]!r}")
    unexpected = sorted(set(headers) - set(shapes))
    if unexpected:
        raise ValueError(f"{path}: unexpected array(s) {unexpected} for a network of {n} "
                         f"layer(s) with bias={meta['bias']}")


def _file_meta(path, text):
    """The settings stored by :func:`write` (their JSON ``text``), checked against the format
    (``_META_TYPES``)."""
    if text is None:
        raise ValueError(f"{path}: no backproplab settings (a text array 'meta') in the file")
    try:
        meta = json.loads(text)
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

"""Argument checks that turn bad input into one clear error message.

Every public function validates what it is given here, so that a student who passes the wrong
shape or a learning rate of 0 reads *which* argument is wrong, what was expected and what came,
instead of a NumPy traceback from deep inside a matrix product.
"""
from __future__ import annotations

import math
import numbers

import numpy as np


class NonFiniteError(ValueError):
    """A computation on finite input overflowed: a result came out inf or NaN.

    Raised by ``Network.forward``, ``gradients``, ``loss_value`` and ``train_step`` (which then
    leaves the network unchanged) instead of letting NumPy warn and return inf or NaN.
    """


class FloatOverflow(OverflowError, NonFiniteError):
    """A result of finite numbers is too large for a float (``Var(1e308) * 10``).

    Both an ``OverflowError`` (what Python's own float arithmetic raises, e.g. ``math.exp(1000)``)
    and a ``ValueError`` (:class:`NonFiniteError`), so either ``except`` catches it.
    """


MAX_VALUES = 10**8
"""The most numbers one generated array may hold (800 MB of float64, as ``MAX_PARAMETERS`` for a
network): data sets, one-hot targets and dropout masks are refused above it *before* allocating."""

FLOAT64_MAX = float(np.finfo(np.float64).max)


def within_limit(name: str, count: int, what: str, limit: int = MAX_VALUES) -> None:
    """ValueError naming ``name`` unless ``count`` (the numbers an array would hold) is at most
    ``limit``; called before the allocation, so nothing is allocated in vain."""
    if count > limit:
        raise ValueError(f"{name} is too large: {what} would hold {count:.3g} numbers, more than the "
                         f"limit of {limit:.0e} ({limit * 8 // 10**6:,} MB of float64)")


class TrainingDiverged(UserWarning):
    """``Network.fit`` stopped because the loss or the weights stopped being finite numbers."""


def finite(what: str, value, hint: str) -> None:
    """NonFiniteError unless ``value`` (a number or an array) is finite everywhere."""
    ok = math.isfinite(value) if isinstance(value, float) else bool(np.isfinite(value).all())
    if not ok:
        raise NonFiniteError(f"{what} overflowed: it is not a finite number (inf or NaN) although "
                             f"every input was finite. {hint}")


def as_float_array(name: str, value, ndim: int | None = None, finite: bool = True, copy: bool = True) -> np.ndarray:
    """``value`` as a float64 array (a copy; with ``copy=False`` a float64 array itself); TypeError if it
    is not numeric, ValueError on NaN/inf (unless ``finite=False``: the maths functions of
    :mod:`backproplab.backprop` let them through)."""
    if isinstance(value, np.ma.MaskedArray):
        raise TypeError(f"{name} must be a plain array, got a masked array (its mask would be "
                        f"ignored); fill or drop the masked entries first, e.g. {name}.filled(0)")
    if isinstance(value, np.matrix):
        raise TypeError(f"{name} must be an array, got numpy.matrix (always 2-D, with * as the "
                        f"matrix product); convert it with np.asarray({name})")
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError) as exc:  # ragged nested lists
        raise ValueError(f"{name} must be a rectangular array of numbers, got {value!r:.80}") from exc
    if arr.dtype.kind in "mM":
        raise TypeError(f"{name} must contain real numbers, got times or durations of dtype {arr.dtype}")
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise TypeError(f"{name} must contain real numbers, got an array of dtype {arr.dtype}")
    if np.issubdtype(arr.dtype, np.complexfloating):
        raise TypeError(f"{name} must contain real numbers, got complex dtype {arr.dtype}")
    arr = _to_float64(name, arr, copy)
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-dimensional, got shape {arr.shape}")
    bad = ~np.isfinite(arr) if finite else None
    if finite and bad.any():
        raise ValueError(f"{name} must be finite, but {int(bad.sum())} of its {arr.size} "
                         f"entries are NaN or inf (first at index {tuple(np.argwhere(bad)[0])})")
    return arr


def _to_float64(name: str, arr: np.ndarray, copy: bool = True) -> np.ndarray:
    """A float64 copy of a real array (``copy=False``: a float64 array as it is). Wider floats (float128) within float64's range are cast
    silently (values below its smallest subnormal become 0, as rounding does); a finite value
    beyond it is refused rather than turned into inf with a warning."""
    if arr.dtype.kind != "f" or arr.dtype.itemsize <= 8:
        return arr.astype(np.float64, copy=copy)
    with np.errstate(over="ignore", under="ignore"):
        out = arr.astype(np.float64, copy=True)
    lost = np.isinf(out) & np.isfinite(arr)
    if lost.any():
        first = tuple(int(i) for i in np.argwhere(lost)[0])
        raise ValueError(f"{name} must hold numbers within float64's range (|x| <= {FLOAT64_MAX:.4g}), "
                         f"got {arr[first]!s:.30} ({arr.dtype}) at index {first}")
    return out


def samples(name: str, value, n_features: int) -> np.ndarray:
    """A batch as ``(n_samples, n_features)``; a 1-D array of length ``n_features`` is one sample."""
    arr = as_float_array(name, value)
    if arr.ndim == 1 and arr.shape[0] == n_features:
        arr = arr[None, :]
    if arr.ndim != 2 or arr.shape[1] != n_features:
        raise ValueError(f"{name} must have shape (n_samples, {n_features}), got shape {arr.shape}")
    if arr.shape[0] == 0:
        raise ValueError(f"{name} must hold at least one sample, got shape {arr.shape}")
    return arr


def targets(name: str, value, n_samples: int, n_outputs: int) -> np.ndarray:
    """Targets as ``(n_samples, n_outputs)``; a flat array is read as one value per sample or output."""
    arr = as_float_array(name, value)
    if arr.ndim <= 1 and arr.size == n_samples * n_outputs:
        arr = arr.reshape(n_samples, n_outputs)
    if arr.shape != (n_samples, n_outputs):
        raise ValueError(f"{name} must have shape ({n_samples}, {n_outputs}) to match the "
                         f"{n_samples} sample(s) and {n_outputs} output(s), got shape {arr.shape}")
    return arr


def real(name: str, value, *, low=None, high=None, low_open=False, high_open=False) -> float:
    """A finite real number in the given interval."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    original = value
    try:
        value = float(value) + 0.0      # + 0.0: −0.0 becomes 0.0 (numpy refuses a scale of −0.0)
    except OverflowError:           # an int beyond float range, e.g. 10**400
        raise ValueError(f"{name} must be a finite number, got an integer with "
                         f"{len(str(abs(value)))} digits, too large for a float") from None
    lo_ok = low is None or (value > low if low_open else value >= low)
    hi_ok = high is None or (value < high if high_open else value <= high)
    if math.isinf(value):
        wide = " (a float128 beyond float64's range)" if isinstance(original, np.floating) and np.isfinite(original) else ""
        raise ValueError(f"{name} must be a finite number, got {original!r:.40}{wide}")
    if low is None and high is None:
        if not np.isfinite(value):
            raise ValueError(f"{name} must be a finite number, got {value!r}")
        return value
    if not np.isfinite(value) or not (lo_ok and hi_ok):
        lo = "" if low is None else ("(" if low_open else "[") + f"{low}"
        hi = "" if high is None else f"{high}" + (")" if high_open else "]")
        interval = f"in {lo}, {hi}" if low is not None and high is not None else (
            f"{'>' if low_open else '>='} {low}" if low is not None else f"{'<' if high_open else '<='} {high}")
        raise ValueError(f"{name} must be {interval}, got {value!r}")
    return value


def integer(name: str, value, *, low: int = 1, high: int | None = None) -> int:
    """An integer ``>= low`` (and ``<= high``, if given)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r:.60}")
    if value < low:
        raise ValueError(f"{name} must be >= {low}, got {value:.3g}" if abs(value) > 10**15
                         else f"{name} must be >= {low}, got {value}")
    if high is not None and value > high:
        raise ValueError(f"{name} must be <= {high:,}, got {int(value):.3g}")
    return int(value)


def bounded(name: str, value, low, high, kind):
    """``value`` as ``kind`` (int or float) in ``[low, high]``, or a clear error (for settings that
    mirror a slider's range)."""
    value = integer(name, value, low=low) if kind is int else real(name, value)
    if not low <= value <= high:
        raise ValueError(f"{name} must be in [{low}, {high}], got {value!r}")
    return value


def choice(name: str, value, options) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, one of {sorted(options)}, got {value!r}")
    if value not in options:
        raise ValueError(f"unknown {name} {value!r}; expected one of {sorted(options)}")
    return value


def rng(seed) -> np.random.Generator:
    """A Generator from an int seed, or the Generator itself (shared, so draws continue)."""
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(integer("seed", seed, low=0))

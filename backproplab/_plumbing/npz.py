"""Reading an ``.npz`` archive that may be hostile: bounded, header first, never unpickling.

``numpy.load`` decompresses an array in full before anything can look at it. Here every member's
``.npy`` header (shape, dtype) is read and checked first, so that a small archive claiming a huge
array, an object (pickle) array or a truncated member is refused before its data is read.
Every problem with the file is a ``ValueError`` naming the file.
"""
from __future__ import annotations

import os
import re
import struct
import zipfile
import zlib

import numpy as np
from numpy.lib import format as npy_format

MAX_MEMBERS = 10_000
MAX_TEXT_CHARS = 1_000_000          # a 0-d string array (backproplab's settings, as JSON)

# Everything zipfile and the .npy header reader raise on a damaged or crafted archive.
_DAMAGED = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, struct.error, zlib.error,
            NotImplementedError, OverflowError, RuntimeError, SyntaxError, TypeError, KeyError)


class _Refused(Exception):
    """What _read_member found wrong with a member's header (turned into a ValueError by read)."""


def resolve(path) -> str:
    """``path`` as a string; ``"model"`` means ``"model.npz"`` when only the latter exists
    (``numpy.savez`` adds the suffix)."""
    try:
        path = os.fspath(path)
    except TypeError:
        raise TypeError(f"path must be a file path (str or os.PathLike), got {type(path).__name__}") from None
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    if not os.path.exists(path) and not path.endswith(".npz") and os.path.exists(path + ".npz"):
        return path + ".npz"
    return path


def read(path, names: str, max_values: int) -> dict:
    """The arrays of the archive ``path`` by name (without ``.npy``).

    ``names``: a regular expression every member name must match; numeric arrays must have kind
    float or integer and hold ``max_values`` numbers in all; string arrays must be 0-d and at most
    ``MAX_TEXT_CHARS`` long. Missing files raise the usual ``FileNotFoundError``.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (FileNotFoundError, IsADirectoryError, PermissionError):
        raise
    except _DAMAGED + (OSError,) as exc:
        raise ValueError(f"{path}: not an .npz archive ({_why(exc)})") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise ValueError(f"{path}: {len(infos)} members, more than the {MAX_MEMBERS} allowed")
        seen, arrays, budget = set(), {}, max_values
        for info in infos:
            name = info.filename[:-4] if info.filename.endswith(".npy") else None
            if name is None or not re.fullmatch(names, name):
                raise ValueError(f"{path}: unexpected member {info.filename!r:.80}")
            if name in seen:
                raise ValueError(f"{path}: member {info.filename!r} appears twice")
            seen.add(name)
            try:
                with archive.open(info) as member:
                    arrays[name], used = _read_member(member, info, budget)
            except _Refused as exc:
                raise ValueError(f"{path}: array {name!r}: {exc}") from None
            except _DAMAGED as exc:
                raise ValueError(f"{path}: array {name!r} is damaged ({_why(exc)})") from None
            budget -= used
    return arrays


def _read_member(member, info, budget):
    """``(array, number of values)`` from one open ``.npy`` member, its header checked first."""
    version = npy_format.read_magic(member)
    if version == (1, 0):
        shape, fortran, dtype = npy_format.read_array_header_1_0(member)
    elif version == (2, 0):
        shape, fortran, dtype = npy_format.read_array_header_2_0(member)
    else:
        raise _Refused(f"unsupported .npy format version {version}")
    if dtype.hasobject or dtype.fields is not None or dtype.subdtype is not None:
        raise _Refused(f"holds Python objects or records (dtype {dtype}); only plain numbers "
                       "are read: nothing is ever unpickled (allow_pickle=False)")
    count = 1
    for n in shape:
        count *= n
    if dtype.kind == "U":
        if shape != () or dtype.itemsize > 4 * MAX_TEXT_CHARS:
            raise _Refused(f"text must be one string of at most {MAX_TEXT_CHARS} characters, "
                             f"got shape {shape} and dtype {dtype}")
        used = 0
    elif dtype.kind in "fiu":
        if count > budget:
            raise _Refused(f"its header claims shape {shape} ({float(count):.3g} numbers), more than "
                             f"the {budget:.3g} still allowed; nothing was decompressed")
        used = count
    else:
        raise _Refused(f"must hold real numbers, got dtype {dtype}")
    n_bytes = count * dtype.itemsize
    if info.file_size != member.tell() + n_bytes:
        raise _Refused(f"its header claims shape {shape} of {dtype} ({n_bytes} bytes), but the "
                         f"member holds {info.file_size - member.tell()} bytes of data")
    data = member.read(n_bytes)
    if len(data) != n_bytes:
        raise _Refused(f"truncated: {len(data)} of {n_bytes} bytes")
    array = np.frombuffer(data, dtype=dtype)
    return array.reshape(shape, order="F" if fortran else "C").copy(), used


def _why(exc) -> str:
    return f"{type(exc).__name__}: {exc}"[:200]

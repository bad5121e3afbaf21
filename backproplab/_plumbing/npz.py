"""Reading an ``.npz`` archive that may be hostile: a regular file only, headers first, bounded,
never unpickling.

``numpy.load`` opens whatever the path names (a named pipe blocks, ``/dev/zero`` never ends) and
decompresses an array in full before anything can look at it. Here the path must name a regular
file (checked before it is opened, and again on the open descriptor), every member's ``.npy``
header (shape, dtype) is read on its own — at most :data:`MAX_HEADER_BYTES` of the member are
inflated — so that the caller can check it against what it expects and a byte budget before any
data is read; the data then go straight into one preallocated array (:meth:`Archive.read`), never
through a second copy. Every problem with the file is a ``ValueError`` naming the file.
"""
from __future__ import annotations

import io
import os
import re
import stat
import struct
import zipfile
import zlib
from typing import NamedTuple

import numpy as np
from numpy.lib import format as npy_format

MAX_MEMBERS = 10_000
MAX_TEXT_CHARS = 1_000_000          # a 0-d string array (backproplab's settings, as JSON)
MAX_HEADER_BYTES = 65_536           # the most of a member inflated before its header is checked
MAX_ITEM_BYTES = 8                  # the widest number read (float64, int64): float128 is refused
_CHUNK = 1 << 20                    # data are inflated this many bytes at a time

# Everything zipfile and the .npy header reader raise on a damaged or crafted archive.
_DAMAGED = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, struct.error, zlib.error,
            NotImplementedError, OverflowError, RuntimeError, SyntaxError, TypeError, KeyError)
_LENGTH_FORMAT = {(1, 0): "<H", (2, 0): "<I"}    # .npy versions read, and their header-length field


class _Refused(Exception):
    """What a member's header or data are found wrong with (turned into a ValueError naming both)."""


class Header(NamedTuple):
    """A member's ``.npy`` header: ``shape``, ``dtype``, ``fortran`` order and the ``offset`` of
    its data in the member; ``count`` numbers (or one text) of ``nbytes`` bytes in all."""
    shape: tuple
    dtype: np.dtype
    fortran: bool
    offset: int

    @property
    def count(self) -> int:
        count = 1
        for n in self.shape:     # Python ints: a crafted shape cannot overflow
            count *= n
        return count

    @property
    def nbytes(self) -> int:
        return self.count * self.dtype.itemsize

    @property
    def is_text(self) -> bool:
        return self.dtype.kind == "U"


def resolve(path) -> str:
    """``path`` as a string; ``"model"`` means ``"model.npz"`` when only the latter exists
    (``numpy.savez`` adds the suffix)."""
    try:
        path = os.fspath(path)
    except TypeError:
        raise TypeError(f"path must be a file path (str or os.PathLike), got {type(path).__name__}") from None
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    if not os.path.lexists(path) and not path.endswith(".npz") and os.path.exists(path + ".npz"):
        return path + ".npz"
    return path


def open_regular(path):
    """``path`` opened for binary reading, if it is a regular file (a symlink to one is followed).

    A pipe, a device, a socket or a directory is refused with a ValueError *before* it is opened
    (opening a named pipe blocks until a writer comes; ``/dev/zero`` never ends). The descriptor is
    opened without blocking and checked again, so that a special file swapped in between is refused too.
    Missing or unreadable files raise the usual ``FileNotFoundError``/``PermissionError``.
    """
    _check_regular(path, os.stat(path))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        _check_regular(path, os.fstat(fd))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _check_regular(path, info) -> None:
    if stat.S_ISREG(info.st_mode):
        return
    kinds = [(stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")]
    kind = next((name for test, name in kinds if test(info.st_mode)), "a special file")
    raise ValueError(f"{path}: not a regular file but {kind}; a network is read only from a regular "
                     "file (nothing was read)")


class Archive:
    """An ``.npz`` archive open for checked reading; use it in a ``with`` block.

    ``names``: a regular expression every member name (without ``.npy``) must match; the members
    are in ``self.members`` (name → ``zipfile.ZipInfo``), in the archive's order.
    """

    def __init__(self, path, names: str):
        self.path = path
        self._file = open_regular(path)
        try:
            self._zip = zipfile.ZipFile(self._file)
        except _DAMAGED + (OSError,) as exc:
            self._file.close()
            raise ValueError(f"{path}: not an .npz archive ({_why(exc)})") from None
        try:
            self.members = self._members(names)
        except BaseException:
            self.close()
            raise

    def _members(self, names) -> dict:
        infos = self._zip.infolist()
        if len(infos) > MAX_MEMBERS:
            raise ValueError(f"{self.path}: {len(infos)} members, more than the {MAX_MEMBERS} allowed")
        members = {}
        for info in infos:
            name = info.filename[:-4] if info.filename.endswith(".npy") else None
            if name is None or not re.fullmatch(names, name):
                raise ValueError(f"{self.path}: unexpected member {info.filename!r:.80}")
            if name in members:
                raise ValueError(f"{self.path}: member {info.filename!r} appears twice")
            members[name] = info
        return members

    def close(self) -> None:
        # zipfile leaves open a file object it was given: close ours too.
        self._zip.close()
        self._file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def header(self, name) -> Header:
        """The checked header of member ``name``: plain numbers at most :data:`MAX_ITEM_BYTES` wide,
        or one text of at most :data:`MAX_TEXT_CHARS` characters, as long as the member's data.
        Only the header is inflated (at most :data:`MAX_HEADER_BYTES`)."""
        info = self.members[name]
        with self._guard(name), self._zip.open(info) as member:
            header = _read_header(member)
            _check_kind(header)
            data_bytes = info.file_size - header.offset
            if data_bytes != header.nbytes:
                raise _Refused(f"its header claims shape {header.shape} of {header.dtype} ({header.nbytes} "
                               f"bytes), but the member holds {data_bytes} bytes of data")
        return header

    def read(self, name, header: Header) -> np.ndarray:
        """The data of member ``name`` (whose checked ``header`` is given) in one new array, filled
        a chunk at a time: the array is the only copy ever held."""
        flat = np.empty(header.count, dtype=header.dtype)
        raw = memoryview(flat.view(np.uint8)) if header.count else memoryview(b"")
        with self._guard(name), self._zip.open(self.members[name]) as member:
            if len(member.read(header.offset)) != header.offset:
                raise _Refused("truncated header")
            filled = 0
            while filled < len(raw):
                got = member.readinto(raw[filled:filled + _CHUNK])
                if not got:
                    raise _Refused(f"truncated: {filled} of {len(raw)} bytes")
                filled += got
        return flat.reshape(header.shape, order="F" if header.fortran else "C")

    def _guard(self, name):
        return _Guard(self.path, name)


class _Guard:
    """Turns what zipfile and numpy raise on a damaged member into one ValueError naming it."""

    def __init__(self, path, name):
        self.path, self.name = path, name

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if kind is None:
            return False
        if issubclass(kind, _Refused):
            raise ValueError(f"{self.path}: array {self.name!r}: {exc}") from None
        if issubclass(kind, _DAMAGED):
            raise ValueError(f"{self.path}: array {self.name!r} is damaged ({_why(exc)})") from None
        return False


def _read_header(member) -> Header:
    """The ``.npy`` header at the start of the open ``member``, inflating at most
    :data:`MAX_HEADER_BYTES` of it (numpy's reader would read any length the file claims)."""
    magic = member.read(8)
    if len(magic) != 8 or magic[:6] != npy_format.MAGIC_PREFIX:
        raise _Refused("not an .npy array (no .npy magic string)")
    version = (magic[6], magic[7])
    if version not in _LENGTH_FORMAT:
        raise _Refused(f"unsupported .npy format version {version}")
    size = struct.calcsize(_LENGTH_FORMAT[version])
    length_field = member.read(size)
    (length,) = struct.unpack(_LENGTH_FORMAT[version], length_field)
    offset = 8 + size + length
    if offset > MAX_HEADER_BYTES:
        raise _Refused(f"its header claims {length} bytes, more than the {MAX_HEADER_BYTES} read "
                       "before a header is checked; nothing was decompressed")
    text = member.read(length)
    if len(text) != length:
        raise _Refused(f"truncated header: {len(text)} of {length} bytes")
    reader = {(1, 0): npy_format.read_array_header_1_0, (2, 0): npy_format.read_array_header_2_0}[version]
    shape, fortran, dtype = reader(io.BytesIO(length_field + text), max_header_size=MAX_HEADER_BYTES)
    if any(n < 0 for n in shape):
        raise _Refused(f"its header claims a negative shape {shape}")
    return Header(tuple(shape), dtype, bool(fortran), offset)


def _check_kind(header: Header) -> None:
    dtype, shape = header.dtype, header.shape
    if dtype.hasobject or dtype.fields is not None or dtype.subdtype is not None:
        raise _Refused(f"holds Python objects or records (dtype {dtype}); only plain numbers "
                       "are read: nothing is ever unpickled (allow_pickle=False)")
    if header.is_text:
        if shape != () or dtype.itemsize > 4 * MAX_TEXT_CHARS:
            raise _Refused(f"text must be one string of at most {MAX_TEXT_CHARS} characters, "
                           f"got shape {shape} and dtype {dtype}")
    elif dtype.kind not in "fiu":
        raise _Refused(f"must hold real numbers, got dtype {dtype}")
    elif dtype.itemsize > MAX_ITEM_BYTES:
        raise _Refused(f"its header claims {dtype} numbers of {dtype.itemsize} bytes each, wider than the "
                       f"{MAX_ITEM_BYTES} bytes of float64 (a network computes in float64); nothing "
                       "was decompressed")


def _why(exc) -> str:
    return f"{type(exc).__name__}: {exc}"[:200]

"""A student's progress: which exercises were tried and which are right, kept outside the notebooks.

Each :func:`~.registry.check` of an answer calls :func:`record`, which writes to a small JSON file,
:data:`FILE_NAME`, **only if one already exists** in the kernel's working folder or a folder above it
(up to :data:`SEARCH_DEPTH` levels). The student's working copy of the lessons is made with that file
in its root; the tracked lessons in ``notebooks/``, nbval's runs and nbgrader's never have one, so
nothing is recorded there, and under nbgrader (``NBGRADER_EXECUTION`` set) nothing is recorded at all.

The file maps each exercise key to ``{"tried": true, "right": true|false}``; "right" stays true once
reached. Two kernels checking at the same moment do not lose each other's entries: the update is
made under an exclusive lock (``fcntl.flock`` where the system has it) and written to a temporary
file that replaces the old one in one step, so a reader never sees half a file. Reading never
trusts the file: a special file, one over :data:`MAX_BYTES`, or anything but that JSON shape reads
as no progress, and a record that cannot be written is skipped — a check never fails because of it.
"""
from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path

from .._plumbing.npz import open_regular

__all__ = ["FILE_NAME", "MAX_BYTES", "SEARCH_DEPTH", "find", "load", "record", "start"]

FILE_NAME = ".backproplab-progress.json"
MAX_BYTES = 256 * 1024        # ten lessons' exercises take about 4 kB
SEARCH_DEPTH = 3              # the working folder, and up to three folders above it


def find(start_dir=None) -> Path | None:
    """The progress file that records for a kernel working in ``start_dir`` (default: the current
    folder): the first :data:`FILE_NAME` in it or up to :data:`SEARCH_DEPTH` folders above, or ``None``."""
    folder = Path(start_dir or os.getcwd()).resolve()
    for candidate in [folder, *folder.parents][:SEARCH_DEPTH + 1]:
        path = candidate / FILE_NAME
        if path.is_file():
            return path
    return None


def start(folder) -> Path:
    """Make ``folder`` a place where progress is recorded (an empty progress file, if it has none);
    return the file's path. The working copy of the lessons calls this once, when it is made."""
    path = Path(folder) / FILE_NAME
    if not path.exists():
        _write(path, {})
    return path


def load(path) -> dict[str, dict[str, bool]]:
    """The progress recorded in ``path``: ``{exercise key: {"tried": bool, "right": bool}}``; an empty
    dict for a missing, special, oversized or malformed file (which is never trusted, never executed)."""
    try:
        with open_regular(path) as f:
            raw = f.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            return {}
        data = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {key: {"tried": bool(entry.get("tried")), "right": bool(entry.get("right"))}
            for key, entry in data.items()
            if isinstance(key, str) and len(key) <= 100 and isinstance(entry, dict)}


def record(key: str, correct: bool, start_dir=None) -> bool:
    """Record a try at exercise ``key`` (and whether it was right) in the progress file :func:`find`
    finds; return whether anything was recorded. Never raises for a file it cannot use."""
    if os.environ.get("NBGRADER_EXECUTION"):
        return False
    path = find(start_dir)
    if path is None:
        return False
    try:
        with _locked(path):
            data = load(path)
            entry = data.get(key, {"tried": False, "right": False})
            data[key] = {"tried": True, "right": entry["right"] or bool(correct)}
            _write(path, data)
    except OSError:
        return False
    return True


@contextlib.contextmanager
def _locked(path: Path):
    """An exclusive lock on ``path``'s lock file for a read-modify-write, where the system has one."""
    try:
        import fcntl
    except ImportError:          # Windows: no advisory locks; the atomic replace still keeps the file whole
        yield
        return
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _write(path: Path, data: dict) -> None:
    """Write ``data`` to ``path`` whole or not at all: a temporary file beside it, then one replace."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=1, sort_keys=True, ensure_ascii=False)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise

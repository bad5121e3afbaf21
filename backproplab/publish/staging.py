"""A build written in full beside its output folder, then swapped in: all of it or nothing.

:func:`staged` yields a fresh temporary folder next to ``out_dir`` (same file system, so the swap is
two renames). When the build inside the ``with`` block finishes, the previous ``out_dir`` is moved aside,
the new one renamed into place and the old one removed; when it raises, the temporary folder is removed
and ``out_dir`` is left exactly as it was, so a failed build never leaves a half-built site.
"""
from __future__ import annotations

import contextlib
import secrets
import shutil
from pathlib import Path

__all__ = ["staged", "check_replaceable"]


def check_replaceable(out_dir, keep, marker: str) -> Path:
    """``out_dir`` as a ``Path``, checked safe to replace whole: it is missing, an empty folder, or a
    folder holding ``marker`` (a previous build's file, e.g. ``index.html``); and it does not hold
    ``keep`` (the lessons' folder). Raises ``ValueError`` naming ``out_dir`` otherwise, since a
    swap removes everything else in it."""
    out_dir = Path(out_dir)
    if out_dir.is_symlink() or (out_dir.exists() and not out_dir.is_dir()):
        raise ValueError(f"out_dir must be a folder (or missing), got {str(out_dir)!r}, "
                         f"{'a symlink' if out_dir.is_symlink() else 'a file'}")
    resolved = out_dir.resolve()
    if Path(keep).resolve().is_relative_to(resolved):
        raise ValueError(f"out_dir {str(out_dir)!r} holds the lessons ({keep}); a build replaces its out_dir "
                         "whole, so choose a folder of its own, such as build/html")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / marker).is_file():
        raise ValueError(f"out_dir {str(out_dir)!r} is a folder with other files and no {marker} of a previous "
                         "build; a build replaces its out_dir whole, so choose an empty or new folder")
    return out_dir


def _new_folder(out_dir: Path, what: str) -> Path:
    # mkdir, not tempfile.mkdtemp: the folder becomes the output, so it gets the usual permissions
    # (mkdtemp's 0700 would hide a site from the web server that serves it).
    folder = out_dir.parent / f".{out_dir.name}.{secrets.token_hex(4)}.{what}"
    folder.mkdir()
    return folder


@contextlib.contextmanager
def staged(out_dir):
    """Yield a new empty folder beside ``out_dir`` to build in; on success it replaces ``out_dir``."""
    out_dir = Path(out_dir)
    made = [folder for folder in out_dir.parents if not folder.exists()]     # deepest first
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    stage = _new_folder(out_dir, "building")
    try:
        yield stage
    except BaseException:               # Ctrl-C too: no half-built folder is left behind,
        shutil.rmtree(stage, ignore_errors=True)
        for folder in made:             # nor a build/ folder made for it
            try:
                folder.rmdir()
            except OSError:
                break
        raise
    old = None
    if out_dir.exists():
        old = _new_folder(out_dir, "old")
        out_dir.rename(old / out_dir.name)
    try:
        stage.rename(out_dir)
    except BaseException:               # put the previous output back rather than leave none
        if old is not None:
            (old / out_dir.name).rename(out_dir)
            old.rmdir()
        shutil.rmtree(stage, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)

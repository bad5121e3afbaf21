"""Which files a build may publish: the lessons' own, and nothing else.

A lesson's markdown may show a picture by a relative address (``![…](../images/NAME.png)``); the site
copies that file beside its pages and the decks, student edition, course and lecture notebooks embed it.
A build runs on whatever lies in the lessons' folder, so a stray notebook showing ``../.env``,
``../.git/config`` or a symlink to ``~/.ssh`` would otherwise publish it. :func:`local_file` admits
only a regular file inside the lessons' folder or the repository's ``images/`` folder beside it (after
following every symlink), never a hidden file or folder (``.env``, ``.git/``, ``.ipynb_checkpoints/``),
and refuses anything else with a ``ValueError`` naming the notebook and the link. Addresses that name
no local file (``https:``, ``data:``, ``attachment:``, ``#…``) are left alone: they publish nothing.
"""
from __future__ import annotations

from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

__all__ = ["IMAGES_FOLDER", "allowed_folders", "is_local", "local_file"]

IMAGES_FOLDER = "images"          # beside the lessons' folder: the pictures the lessons share
# Schemes that name no file on this machine: a build leaves such a link as it is.
_REMOTE = {"http", "https", "data", "attachment", "mailto"}


def allowed_folders(notebooks_dir) -> tuple[Path, Path]:
    """The folders a build may publish from: the lessons' folder (symlinks resolved) and ``images/``
    beside it. ``images/`` itself is not resolved, so an ``images`` symlink to elsewhere admits nothing."""
    lessons = Path(notebooks_dir).resolve()
    return lessons, lessons.parent / IMAGES_FOLDER


def is_local(src: str) -> bool:
    """Does address ``src`` name a file on this machine (relative, absolute or ``file:``)?"""
    return not src.startswith("#") and urlsplit(src).scheme.lower() not in _REMOTE


def local_file(src: str, notebooks_dir, notebook: str) -> Path:
    """The file that link ``src`` of lesson ``notebook`` (in ``notebooks_dir``) names, resolved.

    Only a relative address is accepted, and only when it resolves (symlinks followed) to a regular
    file inside :func:`allowed_folders` with no hidden part on the way. Raises ``ValueError`` naming
    ``notebook`` and ``src`` otherwise, before anything is read.
    """
    where = f"{notebook}: link {src!r}"
    parts = urlsplit(src)
    if parts.scheme or src.startswith(("/", "\\")) or PurePosixPath(unquote(parts.path)).is_absolute():
        raise ValueError(f"{where} is an absolute address; a lesson may show only files of its own folder or "
                         f"of {IMAGES_FOLDER}/ beside it, by a relative address such as ../{IMAGES_FOLDER}/NAME.png")
    relative = unquote(parts.path)
    roots = allowed_folders(notebooks_dir)
    source = (roots[0] / relative).resolve()      # follows every symlink on the way
    inside = next((root for root in roots if source.is_relative_to(root)), None)
    if inside is None:
        raise ValueError(f"{where} leads outside the lessons (to {source}); a lesson may show only files of "
                         f"{roots[0]} or {roots[1]}, and no symlink out of them")
    if any(part.startswith(".") for part in source.relative_to(inside).parts):
        raise ValueError(f"{where} names a hidden file or folder ({source}); hidden files are never published")
    if not source.is_file():
        raise ValueError(f"{where}: no such file (looked for {source}, a regular file)")
    return source

"""The student's working copy of the lessons: what ``make lab`` serves, so that nothing tracked is one
click away and a ``git pull`` of course updates never meets the student's edits.

``my-lessons/`` (``my-lessons-ko/`` for the Korean edition in ``notebooks/ko/``; both git-ignored) holds
one copy of each lesson, made the first time the lab starts and never overwritten: the lesson as the
student reads it, without the instructor's speaker notes, ending with a link to the next lesson and to
the course map. Beside them: the course map ``00_start_here.ipynb`` (rewritten at every start, with the
progress), the exercise record (:mod:`backproplab.exercises.progress`) and a manifest of what each copy
was made from, so that a lesson changed in the course since is named at start and on the map.
``backproplab reset [NN ...]`` gives a fresh copy of those lessons (all, without a number); the old copy
moves to ``.old/`` first, so nothing the student wrote is lost.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from .._plumbing import i18n
from .._plumbing.i18n import tr
from .._plumbing.notebook_cells import NOTES_TAG, is_speaker_note   # the definition the lecture builds use
from ..exercises import progress
from . import course_map

__all__ = ["EDITIONS", "Workspace", "NOTES_TAG", "student_copy", "prepare", "reset", "MANIFEST"]

# language: (the tracked lessons, the student's copy), both relative to the course folder
EDITIONS = {"en": ("notebooks", "my-lessons"), "ko": ("notebooks/ko", "my-lessons-ko")}
MANIFEST = ".backproplab-copy.json"
OLD = ".old"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def student_copy(nb: dict, next_lesson: tuple[str, str] | None) -> dict:
    """A lesson notebook as the student's copy: the speaker notes left out, everything else as it is
    (outputs, pictures, the folded worked solutions), and a last cell linking to ``next_lesson``
    (``(file name, title)``, or ``None`` for the last lesson) and to the course map."""
    copy = {**nb, "cells": [cell for cell in nb["cells"] if not is_speaker_note(cell)]}
    links = []
    if next_lesson is not None:
        links.append(tr("**Next:** [{title}]({file})").format(title=next_lesson[1], file=next_lesson[0]))
    links.append(tr("[The course map]({file})").format(file=course_map.START_PAGE))
    last = {"cell_type": "markdown", "metadata": {"backproplab": {"added": "next"}}, "source": " · ".join(links)}
    if (nb.get("nbformat"), nb.get("nbformat_minor", 0)) >= (4, 5):
        last["id"] = "backproplab-next"          # cell ids exist from nbformat 4.5 on
    copy["cells"] = [*copy["cells"], last]
    return copy


@dataclass
class Workspace:
    """The course folder's edition ``language``: where its lessons are and where the student's copy is."""
    root: Path
    language: str = "en"

    def __post_init__(self):
        if self.language not in EDITIONS:
            raise ValueError(f"language must be one of {', '.join(EDITIONS)}, got {self.language!r}")
        self.root = Path(self.root)
        source, copy = EDITIONS[self.language]
        self.source, self.copy = self.root / source, self.root / copy

    def lessons(self) -> list[Path]:
        """The tracked lessons of this edition, in order."""
        return sorted(p for p in self.source.glob("[0-9][0-9]_*.ipynb") if p.is_file())

    def _manifest(self) -> dict:
        try:
            data = json.loads((self.copy / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _write_lesson(self, index: int, lessons: list[Path], manifest: dict) -> None:
        path = lessons[index]
        raw = path.read_bytes()
        nb = json.loads(raw.decode("utf-8"))
        following = None
        if index + 1 < len(lessons):
            nxt = lessons[index + 1]
            with i18n.language(self.language):
                following = (nxt.name, tr("Lesson {number} · {title}").format(
                    number=int(nxt.name[:2]),
                    title=course_map.lesson_title(json.loads(nxt.read_text(encoding="utf-8")))))
        with i18n.language(self.language):
            copy = student_copy(nb, following)
        text = json.dumps(copy, indent=1, ensure_ascii=False) + "\n"
        target = self.copy / path.name
        temp = target.with_name(target.name + ".tmp")
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, target)             # whole or not at all, also on Ctrl-C
        manifest[path.name] = _digest(raw)

    def changed(self) -> list[str]:
        """Lessons whose tracked version changed since the student's copy was made."""
        manifest = self._manifest()
        return [p.name for p in self.lessons()
                if (self.copy / p.name).exists() and manifest.get(p.name) not in (None, _digest(p.read_bytes()))]

    def prepare(self) -> list[str]:
        """Make the copy of every lesson that has none yet (never overwriting one), start the exercise
        record, write the course map; return the lessons changed in the course since their copy."""
        lessons = self.lessons()
        if not lessons:
            raise FileNotFoundError(f"no lessons in {self.source}")
        self.copy.mkdir(exist_ok=True)
        manifest = self._manifest()
        for index, path in enumerate(lessons):
            if not (self.copy / path.name).exists():
                self._write_lesson(index, lessons, manifest)
        self._save_manifest(manifest)
        progress.start(self.copy)
        changed = self.changed()
        self.write_start_page(changed)
        return changed

    def _save_manifest(self, manifest: dict) -> None:
        (self.copy / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")

    def write_start_page(self, changed=()) -> Path:
        found = progress.find(self.copy)
        with i18n.language(self.language):      # the Korean workspace's map is written in Korean
            page = course_map.start_page(self.copy, progress.load(found) if found else {}, changed)
        path = self.copy / course_map.START_PAGE
        path.write_text(json.dumps(page, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        return path

    def reset(self, numbers=()) -> list[tuple[str, Path | None]]:
        """A fresh copy of the lessons numbered ``numbers`` (every lesson when empty); each old copy is
        moved to ``.old/`` first. Returns ``(lesson, where the old copy went or None)`` per lesson."""
        lessons = self.lessons()
        by_number = {int(p.name[:2]): i for i, p in enumerate(lessons)}
        wanted = []
        for n in numbers:
            try:
                number = int(n)
            except (TypeError, ValueError):
                raise ValueError(f"a lesson number such as 04, got {n!r}") from None
            if number not in by_number:
                raise ValueError(f"no lesson {n} in {self.source}; the lessons are "
                                 f"{', '.join(p.name[:2] for p in lessons)}")
            wanted.append(by_number[number])
        self.copy.mkdir(exist_ok=True)
        manifest = self._manifest()
        done = []
        stamp = time.strftime("%Y%m%d-%H%M%S")
        for index in (wanted or range(len(lessons))):
            name = lessons[index].name
            old = self.copy / name
            kept = None
            if old.exists():
                (self.copy / OLD).mkdir(exist_ok=True)
                kept = self.copy / OLD / f"{old.stem}-{stamp}.ipynb"
                shutil.move(old, kept)
            self._write_lesson(index, lessons, manifest)
            done.append((name, kept))
        self._save_manifest(manifest)
        self.write_start_page(self.changed())
        return done


def prepare(root=".", language="en") -> tuple[Workspace, list[str]]:
    """The working copy of ``language`` in the course folder ``root``, made ready for the lab."""
    ws = Workspace(root, language)
    return ws, ws.prepare()


def reset(numbers=(), root=".", language="en"):
    return Workspace(root, language).reset(numbers)

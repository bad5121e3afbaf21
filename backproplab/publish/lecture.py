"""The lecture path of a lesson: what a 50-minute talk shows, with speaker notes.

A lesson marks its path with the cell tag ``lecture`` (:data:`LECTURE_TAG`). Speaker notes are
markdown cells of slide type ``notes``, tagged ``lecture`` and ``notes`` and collapsed in JupyterLab
(``jupyter.source_hidden``); each starts with ``**Speaker notes** (~N min).``, its share of the talk.
Reveal.js shows them in its speaker view (press ``S`` on a static deck); RISE keeps them off the slide.

:func:`lecture_notebook` turns a lesson into its lecture version: every cell off the path becomes a
``skip`` cell (left out of the slides, live or static), nothing else changes — the code cells all stay,
so *Run All* in RISE still runs the lesson top to bottom. ``python -m backproplab slides`` writes a
lecture deck ``NAME.lecture.slides.html`` beside each full deck, and ``python -m backproplab lecture``
writes the lecture notebooks (pictures attached, ``rise.css`` beside them) to present live with RISE.
The student edition, the course and the site leave the speaker notes out (:func:`is_speaker_note`).
"""
from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path

from .._plumbing.notebook_cells import LECTURE_TAG, NOTES_TAG, is_speaker_note   # shared with the student's copy
from .._plumbing.notebook_cells import slide_type as _slide_type, tags as _tags
from .attachments import attach_images_preprocessor, check_lessons
from .sources import local_file
from .notebooks import drop_widget_state, lesson_paths, out_folder

__all__ = ["LECTURE_TAG", "NOTES_TAG", "is_speaker_note", "has_lecture_path", "lecture_notebook",
           "lecture_slides", "note_minutes", "build_lecture"]

_MINUTES = re.compile(r"^\*\*Speaker notes\*\* \(~(\d+(?:\.\d+)?) min\)")
_SLIDE_STARTS = ("slide", "subslide")


def has_lecture_path(nb) -> bool:
    """Does lesson ``nb`` mark a lecture path (any cell tagged ``lecture``)?"""
    return any(LECTURE_TAG in _tags(cell) for cell in nb.cells)


def lecture_notebook(nb):
    """The lecture version of lesson ``nb`` (a new notebook; ``nb`` is unchanged): cells off the path
    become ``skip`` cells, every cell stays in place. Raises ``ValueError`` when ``nb`` has no path."""
    if not has_lecture_path(nb):
        raise ValueError("nb has no lecture path: no cell is tagged 'lecture'")
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if LECTURE_TAG not in _tags(cell):
            cell.metadata.setdefault("slideshow", {})["slide_type"] = "skip"
    return nb


def lecture_slides(nb) -> int:
    """The number of slides on the lecture path of ``nb`` (its tagged slide and subslide cells)."""
    return sum(LECTURE_TAG in _tags(cell) and _slide_type(cell) in _SLIDE_STARTS for cell in nb.cells)


def note_minutes(cell) -> float:
    """The minutes a speaker note gives its part of the talk (``**Speaker notes** (~N min).``)."""
    found = _MINUTES.match(cell.source)
    if found is None:
        raise ValueError(f"cell: a speaker note must start with '**Speaker notes** (~N min).', got {cell.source[:60]!r}")
    return float(found[1])


def build_lecture(notebooks_dir, out_dir) -> list[Path]:
    """Write the lecture notebook of every lesson in ``notebooks_dir`` that has a lecture path to
    ``out_dir/NAME.ipynb``, pictures attached and saved widget state dropped (its outputs are kept, so
    it opens as the lesson does), and copy the live slides' ``rise.css`` beside them. Open one in
    JupyterLab with RISE, run all cells, and start the slideshow: RISE shows the lecture path only.
    Returns the paths written."""
    import nbformat

    paths = [p for p in lesson_paths(notebooks_dir) if has_lecture_path(nbformat.read(p, as_version=4))]
    check_lessons(paths)                   # every picture, before anything is written
    css = Path(notebooks_dir) / "rise.css"
    if css.is_file() or css.is_symlink():     # a symlink out of the lessons is refused, not followed
        css = local_file(css.name, notebooks_dir, "the live slides' style sheet")
    out_dir = out_folder(out_dir)
    attach = attach_images_preprocessor()
    written = []
    for path in paths:
        nb = drop_widget_state(lecture_notebook(nbformat.read(path, as_version=4)))
        resources = {"metadata": {"path": str(path.parent), "notebook": path.name}}
        for index, cell in enumerate(nb.cells):
            attach.preprocess_cell(cell, resources, index)
        target = out_dir / path.name
        nbformat.write(nb, target)
        written.append(target)
    if css.is_file():
        written.append(Path(shutil.copy2(css, out_dir / "rise.css")))
    return written

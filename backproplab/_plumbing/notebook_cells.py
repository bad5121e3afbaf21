"""What a lesson cell is, read from its metadata: the one definition the student's working copy
(:mod:`backproplab.lab.workspace`) and the publishing tools (:mod:`backproplab.publish.lecture`, the
course, the site) share, so that what a student never sees and what an instructor presents agree.

A lesson marks its lecture path with the cell tag ``lecture`` (:data:`LECTURE_TAG`); a speaker note is a
markdown cell of slide type ``notes``, tagged ``lecture`` and ``notes`` (:data:`NOTES_TAG`).
Cells are plain dicts or ``nbformat`` nodes (both answer ``.get``).
"""
from __future__ import annotations

__all__ = ["LECTURE_TAG", "NOTES_TAG", "slide_type", "tags", "is_speaker_note"]

LECTURE_TAG = "lecture"
NOTES_TAG = "notes"


def slide_type(cell) -> str:
    """The cell's slide type (``"-"`` when it has none)."""
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type", "-")


def tags(cell) -> list:
    """The cell's tags (``[]`` when it has none)."""
    return cell.get("metadata", {}).get("tags", [])


def is_speaker_note(cell) -> bool:
    """Is ``cell`` a speaker note (slide type ``notes``, or tagged ``notes``)? Notes are for the one who
    presents: either mark alone keeps a cell out of what students open."""
    return slide_type(cell) == "notes" or NOTES_TAG in tags(cell)

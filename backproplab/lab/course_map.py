"""The course map: the ten lessons in order, what each teaches, about how long it takes, what it needs
from earlier lessons, and the student's progress — the start page of the student's lab.

The map is written into the working copy as ``00_start_here.ipynb`` each time the lab starts (it is not
the student's work; :mod:`.workspace` rewrites it). Its progress column reads the exercise record of
:mod:`backproplab.exercises.progress`; the page's one code cell, ``show()``, redraws the map with the
progress as it is now.

The map is written in the package's language (:func:`backproplab.set_language`; the Korean workspace
writes it inside ``i18n.language("ko")``): the lesson titles come from the lessons themselves, what each
teaches and the page's words from the ``backproplab`` catalogue.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .._plumbing import i18n
from .._plumbing.i18n import mark, tr

__all__ = ["Lesson", "COURSE", "START_PAGE", "lesson_title", "exercise_keys", "map_rows", "map_html",
           "start_page", "show"]

START_PAGE = "00_start_here.ipynb"


@dataclass(frozen=True)
class Lesson:
    """One lesson of the course map: its number, what it teaches (one line), about how many minutes a
    student alone needs (reading, running, the exercises), and the earlier lessons it builds on."""
    number: int
    teaches: str
    minutes: int
    needs: tuple[int, ...]


COURSE = (
    Lesson(1, mark("one training step of a 3-2-1 network by hand: forward pass, every δ, every new weight"), 60, ()),
    Lesson(2, mark("two outputs and biases (Mazur's example), then the four equations of backprop in matrix form"),
           60, (1,)),
    Lesson(3, mark("the sigmoid's derivative σ′ = σ(1 − σ), other activations, saturation and vanishing gradients"),
           45, (1,)),
    Lesson(4, mark("training XOR: the 11-line network, learning rate, hidden size, depth and seed"), 60, (1, 3)),
    Lesson(5, mark("dropout's forward and backward pass, inverted dropout, L2 and L1 penalties"), 60, (2, 4)),
    Lesson(6, mark("computational graphs, gates, patterns in backward flow and gradient checking"), 60, (2,)),
    Lesson(7, mark("your own autograd: a network from scalar values, trained on two moons"), 50, (6,)),
    Lesson(8, mark("cross-entropy and softmax: why σ′ cancels and δ = p − y"), 50, (2, 3)),
    Lesson(9, mark("training in practice: mini-batches, momentum, symmetry breaking and the scale of the start"),
           60, (2, 4)),
    Lesson(10, mark("the playground: a TensorFlow-Playground-style lab with four challenges"), 45, (4, 8, 9)),
)


def lesson_title(nb: dict) -> str:
    """A lesson notebook's title: its first heading, without the ``#`` and the "Lesson N ·" prefix
    (the Korean edition's "N강 ·" too)."""
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            for line in "".join(cell.get("source", "")).splitlines():
                if line.startswith("# "):
                    title = line[2:].strip()
                    for sep in (" · ", " — ", ": "):
                        head, found, rest = title.partition(sep)
                        if found and (head.startswith("Lesson") or re.fullmatch(r"\d+강", head.strip())):
                            return rest.strip()
                    return title
    return tr("(untitled)")


def exercise_keys(nb: dict) -> list[str]:
    """The exercises of a lesson notebook, in order (their answer cells' keys)."""
    return [cell["metadata"]["backproplab"]["exercise"] for cell in nb.get("cells", [])
            if cell.get("metadata", {}).get("backproplab", {}).get("part") == "answer"]


def map_rows(lessons: dict[int, tuple[str, dict]], progress: dict) -> list[dict]:
    """One row per lesson of :data:`COURSE` found in ``lessons`` (``{number: (file name, notebook)}``):
    number, title, file, teaches, minutes, needs, exercises, tried, right."""
    rows = []
    for lesson in COURSE:
        if lesson.number not in lessons:
            continue
        name, nb = lessons[lesson.number]
        keys = exercise_keys(nb)
        rows.append({"number": lesson.number, "title": lesson_title(nb), "file": name, "teaches": tr(lesson.teaches),
                     "minutes": lesson.minutes, "needs": lesson.needs, "exercises": len(keys),
                     "tried": sum(progress.get(k, {}).get("tried", False) for k in keys),
                     "right": sum(progress.get(k, {}).get("right", False) for k in keys)})
    return rows


def _progress_cell(row) -> str:
    if not row["exercises"]:
        return "—"
    if not row["tried"]:
        return tr("not started ({exercises} exercises)").format(exercises=row["exercises"])
    return (tr("{right} of {exercises} right").format(right=row["right"], exercises=row["exercises"])
            + (tr(", {tried} tried").format(tried=row["tried"] - row["right"]) if row["tried"] > row["right"] else ""))


_HEADERS = ("", mark("Lesson"), mark("What you learn"), mark("Time"), mark("Builds on"), mark("Your progress"))


def _time(minutes) -> str:
    return tr("about {minutes} min").format(minutes=minutes)


def map_markdown(rows, changed=()) -> str:
    """The course map as a markdown table (for the start page); ``changed``: lesson files updated in the
    course since the student's copy was made."""
    lines = ["| | " + " | ".join(tr(h) for h in _HEADERS[1:]) + " |", "|---|---|---|---|---|---|"]
    for row in rows:
        needs = ", ".join(str(n) for n in row["needs"]) or "—"
        updated = tr(" *(updated: see below)*") if row["file"] in changed else ""
        lines.append(f"| {row['number']} | [{row['title']}]({row['file']}){updated} | {row['teaches']} | "
                     f"{_time(row['minutes'])} | {needs} | {_progress_cell(row)} |")
    return "\n".join(lines)


def map_html(rows) -> str:
    """The course map as an HTML table (what :func:`show` displays)."""
    head = "".join(f"<th style='text-align:left'>{html.escape(tr(h)) if h else ''}</th>" for h in _HEADERS)
    body = "".join(
        "<tr>" + "".join(f"<td style='text-align:left'>{c}</td>" for c in (
            row["number"], f"<a href='{html.escape(row['file'])}'>{html.escape(row['title'])}</a>",
            html.escape(row["teaches"]), html.escape(_time(row["minutes"])),
            ", ".join(str(n) for n in row["needs"]) or "—", html.escape(_progress_cell(row)))) + "</tr>"
        for row in rows)
    return f"<table class='backproplab-table'><tr>{head}</tr>{body}</table>"


def _lessons_in(folder: Path) -> dict[int, tuple[str, dict]]:
    found = {}
    for path in sorted(folder.glob("[0-9][0-9]_*.ipynb")):
        number = int(path.name[:2])
        if number:
            found[number] = (path.name, json.loads(path.read_text(encoding="utf-8")))
    return found


def start_page(folder, progress: dict, changed=(), reset_hint="backproplab reset NN") -> dict:
    """The start page notebook (nbformat 4 JSON) for the working copy ``folder``."""
    rows = map_rows(_lessons_in(Path(folder)), progress)
    total = sum(r["minutes"] for r in rows)
    intro = tr("# Start here: the course map\n\n"
               "Ten lessons that teach backpropagation by doing it: every number of a training step by hand first, "
               "then the equations, the code, and the practice. Take them in order; each row says which earlier "
               "lessons it builds on. Click a lesson's title to open it. "
               "In all about {hours} h {minutes} min at your own pace.\n\n"
               "These are **your copies** of the lessons: change, run and save them freely. Nothing you do here "
               "touches the course's files. Your progress counts the exercises you have checked.").format(
        hours=total // 60, minutes=f"{total % 60:02d}")
    cells = [_markdown(intro), _markdown(map_markdown(rows, changed))]
    if changed:
        listed = ", ".join(f"[{name}]({name})" for name in sorted(changed))
        cells.append(_markdown(tr(
            "**Updated in the course since your copy was made:** {listed}. Your copy is kept as it is. "
            "To take the new version, run `{reset_hint}` in a terminal in the course folder (NN: the lesson's "
            "number); your old copy is kept in `.old/`.").format(listed=listed, reset_hint=reset_hint)))
    cells.append(_markdown(tr("**Starting over.** `backproplab reset 04` in a terminal in the course folder gives you "
                              "a fresh copy of lesson 4 (your old one moves to `.old/`); `backproplab reset` resets "
                              "every lesson. This page is rewritten each time the lab starts; run the cell below to "
                              "see your progress as it is now.")))
    language = i18n.get_language()
    call = "show()" if language == "en" else f"show(language={language!r})"
    cells.append({"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                  "source": f"from backproplab.lab.course_map import show\n{call}"})
    for number, cell in enumerate(cells):
        cell["id"] = f"course-map-{number}"
    return {"cells": cells, "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                                        "name": "python3"},
                                         "language_info": {"name": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def _markdown(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def show(folder=None, language=None):
    """Display the course map with the progress recorded now (in the working copy's start page);
    ``language``: the map's (``"ko"`` on the Korean start page), default the package's language now."""
    from IPython.display import HTML

    from ..exercises import progress

    folder = Path(folder or ".")
    found = progress.find(folder)
    with i18n.language(language or i18n.get_language()):
        return HTML(map_html(map_rows(_lessons_in(folder), progress.load(found) if found else {})))

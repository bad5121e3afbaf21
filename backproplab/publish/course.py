"""An nbgrader course (``python -m backproplab course``): its ``source/`` folder, one assignment
``lessonNN`` per lesson, from the lessons in ``notebooks/`` as they are (nothing is executed).

Each exercise of a lesson is three cells, marked in their ``backproplab`` metadata: the student's
*answer* cell, a *check* cell and the worked *solution*. In the course source the answer cell becomes an
nbgrader solution cell holding the reference answer between ``### BEGIN SOLUTION`` and ``### END
SOLUTION``, the check cell a locked, autograded test cell worth the exercise's points, and the worked
solution is left out; outputs and saved widget state go, and markdown pictures become cell attachments,
so the assignment carries them. :mod:`.student` releases this source as nbgrader does.
"""
from __future__ import annotations

import re
from pathlib import Path

from .attachments import attach_images_preprocessor, check_lessons
from .lecture import is_speaker_note
from .notebooks import drop_widget_state, lesson_paths, out_folder

__all__ = ["build_course", "course_source", "exercise_cells", "SOLUTION_TAG"]

SOLUTION_TAG = "solution"           # the tag of a lesson's collapsed worked-solution cells


def exercise_cells(nb, name="notebook") -> list[tuple[str, int, int, int]]:
    """Every exercise of a lesson as ``(key, answer index, check index, solution index)``, checked:
    each is an answer cell, its check cell right after it, then its worked-solution cell (tagged
    ``solution``), all three code cells naming a registered exercise. Raises ``ValueError`` naming
    the lesson and cell otherwise."""
    from ..exercises import exercises

    registered = exercises()
    parts = [(i, c.metadata.get("backproplab", {}).get("exercise"), c.metadata.get("backproplab", {}).get("part"))
             for i, c in enumerate(nb.cells)]
    found = []
    for i, key, part in parts:
        if part is None:
            if SOLUTION_TAG in nb.cells[i].metadata.get("tags", []):
                raise ValueError(f"{name}, cell {i}: a cell tagged {SOLUTION_TAG!r} needs backproplab metadata "
                                 '{"exercise": KEY, "part": "solution"}')
            continue
        if key not in registered:
            raise ValueError(f"{name}, cell {i}: exercise {key!r} is not registered in backproplab.exercises")
        if nb.cells[i].cell_type != "code" or part not in {"answer", "check", "solution"}:
            raise ValueError(f"{name}, cell {i}: exercise part {part!r} must be a code cell: answer, check or solution")
        if part == "answer":
            found.append([key, i, None, None])
        elif not found or found[-1][0] != key or (part == "check") != (found[-1][2] is None) or found[-1][3] is not None:
            raise ValueError(f"{name}, cell {i}: the {part} cell of {key!r} must follow its answer "
                             "(answer, then check right after it, then solution)")
        elif part == "check":
            if i != found[-1][1] + 1:
                raise ValueError(f"{name}, cell {i}: the check cell of {key!r} must come right after its answer cell")
            found[-1][2] = i
        else:
            if SOLUTION_TAG not in nb.cells[i].metadata.get("tags", []):
                raise ValueError(f"{name}, cell {i}: the solution cell of {key!r} must be tagged {SOLUTION_TAG!r}")
            found[-1][3] = i
    for key, a, c, sol in found:
        if c is None or sol is None:
            raise ValueError(f"{name}, cell {a}: exercise {key!r} needs a check cell and a solution cell")
    return [tuple(f) for f in found]


def course_source(nb, name="notebook", folder="."):
    """The nbgrader source version of lesson ``nb`` (a new notebook; ``nb`` is not changed): answer
    cells hold the reference answer in a solution region, check cells are locked test cells with
    points, worked solutions, speaker notes, outputs and saved widget state are gone, and markdown pictures (looked
    up relative to ``folder``) are cell attachments."""
    import copy

    from ..exercises import exercises

    registered = exercises()
    found = exercise_cells(nb, name)
    nb = copy.deepcopy(nb)
    drop_widget_state(nb)
    attach = attach_images_preprocessor()
    resources = {"metadata": {"path": str(folder), "notebook": name}}
    drop = set()
    for key, answer, check, sol in found:
        ex = registered[key]
        grade_id = re.sub(r"[^A-Za-z0-9_-]", "-", key)      # nbgrader's grade ids allow no other characters
        cell = nb.cells[answer]
        cell.source = f"{cell.source.rstrip()}\n### BEGIN SOLUTION\n{ex.reference_code()}\n### END SOLUTION"
        cell.metadata["nbgrader"] = {"grade": False, "grade_id": f"{grade_id}_answer", "locked": False,
                                     "schema_version": 3, "solution": True}
        nb.cells[check].metadata["nbgrader"] = {"grade": True, "grade_id": grade_id, "locked": True,
                                                "points": ex.points, "schema_version": 3, "solution": False}
        drop.add(sol)
    drop.update(i for i, cell in enumerate(nb.cells) if is_speaker_note(cell))   # for the presenter only
    nb.cells = [cell for i, cell in enumerate(nb.cells) if i not in drop]
    for index, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        attach.preprocess_cell(cell, resources, index)
    return nb


def _assignment(path) -> str:
    """The nbgrader assignment name of a lesson: ``01_hand_worked_backprop.ipynb`` → ``lesson01``."""
    number = re.match(r"\d+", path.stem)
    if number is None:
        raise ValueError(f"lesson file {path.name!r} must start with its number (e.g. 01_…) to name its assignment")
    return f"lesson{number[0]}"


def build_course(notebooks_dir, course_dir, lessons_wanted=None) -> list[Path]:
    """Write the nbgrader source of lessons to ``course_dir/source/lessonNN/NAME.ipynb``.

    ``lessons_wanted``: lesson numbers or file names to include (e.g. ``["01", "04"]``); all by default.
    Then, in ``course_dir``: ``nbgrader generate_assignment lessonNN`` releases one. Returns the paths written.
    """
    import nbformat

    paths = lesson_paths(notebooks_dir)
    if lessons_wanted is not None:
        wanted = [str(w) for w in lessons_wanted]
        chosen = [p for p in paths if any(p.name == w or p.stem == w or p.stem.startswith(f"{w}_") for w in wanted)]
        missing = [w for w in wanted if not any(p.name == w or p.stem == w or p.stem.startswith(f"{w}_") for p in chosen)]
        if missing:
            raise ValueError(f"lessons_wanted: no lesson {', '.join(missing)} in {str(notebooks_dir)!r}; "
                             f"the lessons are {', '.join(p.stem for p in paths)}")
        paths = chosen
    check_lessons(paths)                   # every picture, before anything is written
    written = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        target = out_folder(Path(course_dir) / "source" / _assignment(path)) / path.name
        nbformat.write(course_source(nb, path.name, path.parent), target)
        written.append(target)
    return written

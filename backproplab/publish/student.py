"""The student edition (``python -m backproplab student``): what ``nbgrader generate_assignment``
releases, one self-contained notebook per lesson.

Made from the course source (:func:`.course.course_source`) by nbgrader's own ``ClearSolutions`` and
``ClearOutput`` preprocessors through nbconvert: the answer cells as the student first sees them
(``answer = None`` and the stub comment), the checks, no solutions, no outputs, pictures attached.
"""
from __future__ import annotations

from pathlib import Path

from .attachments import check_lessons
from .course import course_source
from .notebooks import lesson_paths, out_folder

__all__ = ["build_student", "student_exporter", "CODE_STUB"]

# What replaces the reference answer in a released notebook: a comment, not nbgrader's default
# `raise NotImplementedError()`, so "Run All" goes on past an unanswered exercise (its check says
# "not yet"). A course sets the same with c.ClearSolutions.code_stub (see docs/instructors.md).
CODE_STUB = "# YOUR ANSWER HERE"
# Cell metadata a student notebook keeps (execution timings go); notebook metadata likewise (the
# course source has no saved widget state left: it belongs to outputs that are cleared).
_STUDENT_CELL_METADATA = {"jupyter", "tags", "nbgrader", "slideshow", "editable", "deletable"}
_STUDENT_NB_METADATA = {"kernelspec", "language_info", "rise"}


def student_exporter():
    """nbconvert's NotebookExporter with nbgrader's CheckCellMetadata, ClearSolutions and ClearOutput,
    and nbconvert's ClearMetadata (execution timings): what ``nbgrader generate_assignment`` does to
    a course source notebook."""
    from nbconvert import NotebookExporter
    from nbconvert.preprocessors import ClearMetadataPreprocessor
    from nbgrader.preprocessors import CheckCellMetadata, ClearOutput, ClearSolutions

    exporter = NotebookExporter()
    for preprocessor in (
        CheckCellMetadata(),                                    # unique grade ids, valid nbgrader metadata
        ClearSolutions(code_stub={"python": CODE_STUB}, enforce_metadata=True),
        ClearOutput(),
        ClearMetadataPreprocessor(enabled=True, clear_cell_metadata=True, clear_notebook_metadata=True,
                                  preserve_cell_metadata_mask=_STUDENT_CELL_METADATA,
                                  preserve_nb_metadata_mask=_STUDENT_NB_METADATA),
    ):
        exporter.register_preprocessor(preprocessor, enabled=True)
    return exporter


def build_student(notebooks_dir, out_dir) -> list[Path]:
    """Write the student edition of every lesson in ``notebooks_dir`` to ``out_dir/NAME.ipynb``: the
    course source (:func:`.course.course_source`) released as ``nbgrader generate_assignment`` releases
    it — reference answers replaced by :data:`CODE_STUB`, outputs cleared, the checks and their nbgrader
    metadata kept, pictures attached. Returns the paths written.
    """
    import nbformat

    paths = lesson_paths(notebooks_dir)
    check_lessons(paths)                   # every picture, before anything is written
    out_dir = out_folder(out_dir)
    exporter = student_exporter()
    written = []
    for path in paths:
        source = course_source(nbformat.read(path, as_version=4), path.name, path.parent)
        text, _ = exporter.from_notebook_node(source, resources={"metadata": {"name": path.stem,
                                                                              "path": str(path.parent)}})
        target = out_dir / path.name
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written

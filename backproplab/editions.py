"""Editions of the lessons: reveal.js slides and the nbgrader student edition.

Both read the lessons in ``notebooks/`` as they are (nothing is executed, the lessons are never
changed) and write new files:

* :func:`build_slides` (``make slides``): one reveal.js deck per lesson, ``NAME.slides.html``, made by
  nbconvert's ``SlidesExporter`` from the stored outputs and each cell's ``slideshow.slide_type``, the
  same metadata JupyterLab's RISE extension uses for live slides. Theme, transition, scrolling and
  slide numbers come from the notebook's ``rise`` metadata, so the static and the live deck agree.
  Widgets show the PNG snapshot their display bundle carries (``image/png`` is preferred over the
  widget view), and pictures the markdown shows are embedded, so a deck is one self-contained file.
* :func:`build_course` (``make course``): an nbgrader course's ``source/`` folder, one assignment
  ``lessonNN`` per lesson. Each exercise of a lesson is three cells, marked in their ``backproplab``
  metadata: the student's *answer* cell, a *check* cell and the worked *solution*. In the course source
  the answer cell becomes an nbgrader solution cell holding the reference answer between
  ``### BEGIN SOLUTION`` and ``### END SOLUTION``, the check cell a locked, autograded test cell worth
  the exercise's points, and the worked solution is left out; outputs and saved widget state go, and
  markdown pictures become cell attachments, so the assignment carries them.
* :func:`build_student` (``make student``): what ``nbgrader generate_assignment`` releases, made from
  that course source by nbgrader's own ``ClearSolutions`` and ``ClearOutput`` preprocessors through
  nbconvert: the answer cells as the student first sees them (``answer = None`` and the stub comment),
  the checks, no solutions, no outputs, pictures attached — one self-contained file per lesson.
"""
from __future__ import annotations

import base64
import re
from pathlib import Path

from .site import DISPLAY_PRIORITY   # image/png before the widget view: snapshots show

__all__ = ["build_slides", "build_course", "build_student", "course_source", "exercise_cells", "lessons",
           "SLIDE_TYPES", "SOLUTION_TAG", "CODE_STUB", "RISE_SETTINGS"]

SLIDE_TYPES = ("slide", "subslide", "fragment", "-", "skip", "notes")
SOLUTION_TAG = "solution"           # the tag of a lesson's collapsed worked-solution cells
# What replaces the reference answer in a released notebook: a comment, not nbgrader's default
# `raise NotImplementedError()`, so "Run All" goes on past an unanswered exercise (its check says
# "not yet"). A course sets the same with c.ClearSolutions.code_stub (see the README).
CODE_STUB = "# YOUR ANSWER HERE"
# The notebook-level settings of live slides (jupyterlab-rise reads the notebook's "rise" metadata).
RISE_SETTINGS = {"theme": "simple", "transition": "none", "scroll": True, "enable_chalkboard": False,
                 "slideNumber": "c/t"}
# rise key → SlidesExporter trait, for the static decks
_RISE_TO_REVEAL = {"theme": "reveal_theme", "transition": "reveal_transition", "scroll": "reveal_scroll",
                   "slideNumber": "reveal_number"}
# reveal.js themes size headings for a title on an empty slide (an h1 at 3.77em takes four lines of a
# lesson title); these keep a heading to a line or two and leave the slide to the content.
_SLIDE_CSS = """
.reveal .slides section h1 { font-size: 44px; line-height: 1.15; margin: 0 0 16px; }
.reveal .slides section h2 { font-size: 36px; line-height: 1.2; margin: 0 0 14px; }
.reveal .slides section h3 { font-size: 29px; line-height: 1.2; margin: 0 0 12px; }
.reveal .slides section h4 { font-size: 24px; line-height: 1.2; margin: 0 0 10px; }
.reveal .slides section .jp-RenderedImage img { max-height: 440px; width: auto; }
/* no In [n]: / Out[n]: column on a slide: its 110px go to the content */
:root { --jp-cell-prompt-width: 0px; }
.reveal .jp-InputPrompt, .reveal .jp-OutputPrompt { display: none; }
/* a long code line wraps instead of running off the slide */
.reveal .slides section .highlight pre { white-space: pre-wrap; overflow-wrap: anywhere; }
"""
# MathJax 2 as shipped by jupyter_server_mathjax (the offline copy) has the STIX-Web fonts only, not
# MathJax's default TeX fonts; without this, HTML-CSS output fails on characters such as a prime. Long
# display equations break lines, as nbconvert already asks of the CDN default (CommonHTML output).
_MATHJAX_FONTS = """<script type="text/x-mathjax-config">
MathJax.Hub.Config({"HTML-CSS": {availableFonts: [], preferredFont: null, webFont: "STIX-Web", imageFont: null,
                                  linebreaks: {automatic: true}}});
</script>"""
_MATHJAX_END = "<!-- End of mathjax configuration -->"
# Cell metadata a student notebook keeps (execution timings go); notebook metadata likewise (the saved
# widget state goes: it belongs to outputs that are cleared).
_STUDENT_CELL_METADATA = {"jupyter", "tags", "nbgrader", "slideshow", "editable", "deletable"}
_STUDENT_NB_METADATA = {"kernelspec", "language_info", "rise"}


def lessons(notebooks_dir) -> list[Path]:
    """The lessons in ``notebooks_dir``: its ``*.ipynb`` files in name order (checked to exist)."""
    notebooks_dir = Path(notebooks_dir)
    if not notebooks_dir.is_dir():
        raise ValueError(f"notebooks_dir must be a folder of lessons, got {str(notebooks_dir)!r} (not a folder)")
    paths = sorted(notebooks_dir.glob("*.ipynb"))
    if not paths:
        raise ValueError(f"notebooks_dir {str(notebooks_dir)!r} holds no *.ipynb lesson")
    return paths


def _out(out_dir) -> Path:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return out_dir


def _reveal_settings(nb) -> dict:
    """SlidesExporter traits from the notebook's ``rise`` metadata (missing keys: RISE_SETTINGS)."""
    rise = {**RISE_SETTINGS, **nb.metadata.get("rise", {})}
    traits = {trait: rise[key] for key, trait in _RISE_TO_REVEAL.items() if key in rise}
    traits["reveal_scroll"] = bool(traits.get("reveal_scroll", False))
    number = traits.get("reveal_number", "")
    traits["reveal_number"] = number if isinstance(number, str) else ("c/t" if number else "")
    return traits


def build_slides(notebooks_dir, out_dir, *, reveal_url_prefix: str | None = None, mathjax_url: str | None = None,
                 require_js_url: str | None = None, jquery_url: str | None = None) -> list[Path]:
    """Write ``out_dir/NAME.slides.html``, a reveal.js deck, for every lesson in ``notebooks_dir``.

    The deck loads reveal.js 4, require.js, jQuery and MathJax 2 from nbconvert's CDN addresses. To
    present without internet, point these at local copies: ``reveal_url_prefix`` a folder holding
    reveal.js's ``dist/`` and ``plugin/``, ``mathjax_url`` a ``MathJax.js`` (e.g. the one in the
    ``jupyter_server_mathjax`` package), ``require_js_url`` and ``jquery_url`` the two script files.
    Returns the paths written.
    """
    import nbformat
    from nbconvert import SlidesExporter
    from traitlets.config import Config

    paths = lessons(notebooks_dir)
    out_dir = _out(out_dir)
    config = Config()
    config.NbConvertBase.display_data_priority = DISPLAY_PRIORITY
    written = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        # Snapshots only: without the saved widget state the deck loads no widget JavaScript.
        nb.metadata.pop("widgets", None)
        exporter = SlidesExporter(config=config, **_reveal_settings(nb))
        # nbconvert's embed_images refuses pictures outside the lesson's folder (../images/); attachments it embeds
        exporter.register_preprocessor(_attach_images_preprocessor(), enabled=True)
        for trait, url in [("reveal_url_prefix", reveal_url_prefix), ("mathjax_url", mathjax_url),
                           ("require_js_url", require_js_url), ("jquery_url", jquery_url)]:
            if url is not None:
                setattr(exporter, trait, str(url).rstrip("/"))
        html, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": path.stem,
                                                                           "path": str(path.parent)}})
        # after the theme's style sheet, so these rules win
        html = html.replace("</head>", f'<style type="text/css">{_SLIDE_CSS}</style>\n</head>', 1)
        html = html.replace(_MATHJAX_END, f"{_MATHJAX_END}\n{_MATHJAX_FONTS}", 1)
        target = out_dir / f"{path.stem}.slides.html"
        target.write_text(html, encoding="utf-8")
        written.append(target)
    return written


_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)\)")
_IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
                ".svg": "image/svg+xml"}


def _attach_images_preprocessor():
    from nbconvert.preprocessors import Preprocessor

    class AttachImages(Preprocessor):
        """Turns markdown pictures with a relative address (``![…](../images/NAME.png)``) into cell
        attachments (``![…](attachment:NAME.png)``), so a handed-out notebook shows them wherever it lies.
        The address is resolved against ``resources["metadata"]["path"]``, the lesson's folder."""

        def preprocess_cell(self, cell, resources, index):
            if cell.cell_type != "markdown":
                return cell, resources
            folder = Path(resources.get("metadata", {}).get("path", "."))

            def attach(match):
                src = match["src"]
                if ":" in src or src.startswith(("/", "#")):          # web address, data: or attachment:
                    return match[0]
                source = folder / src
                mimetype = _IMAGE_TYPES.get(source.suffix.lower())
                if mimetype is None or not source.is_file():
                    raise ValueError(f"picture {src!r} in a markdown cell: no such image file {source}")
                data = source.read_bytes()
                payload = data.decode("utf-8") if mimetype == "image/svg+xml" else base64.b64encode(data).decode()
                cell.setdefault("attachments", {})[source.name] = {mimetype: payload}
                return f"![{match['alt']}](attachment:{source.name})"

            cell.source = _IMAGE.sub(attach, cell.source)
            return cell, resources

    return AttachImages(enabled=True)


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


def exercise_cells(nb, name="notebook") -> list[tuple[str, int, int, int]]:
    """Every exercise of a lesson as ``(key, answer index, check index, solution index)``, checked:
    each is an answer cell, its check cell right after it, then its worked-solution cell (tagged
    ``solution``), all three code cells naming a registered exercise. Raises ``ValueError`` naming
    the lesson and cell otherwise."""
    from .exercises import exercises

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
    points, worked solutions, outputs and saved widget state are gone, and markdown pictures (looked
    up relative to ``folder``) are cell attachments."""
    import copy

    from .exercises import exercises

    registered = exercises()
    found = exercise_cells(nb, name)
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    attach = _attach_images_preprocessor()
    resources = {"metadata": {"path": str(folder)}}
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

    paths = lessons(notebooks_dir)
    if lessons_wanted is not None:
        wanted = [str(w) for w in lessons_wanted]
        chosen = [p for p in paths if any(p.name == w or p.stem == w or p.stem.startswith(f"{w}_") for w in wanted)]
        missing = [w for w in wanted if not any(p.name == w or p.stem == w or p.stem.startswith(f"{w}_") for p in chosen)]
        if missing:
            raise ValueError(f"lessons_wanted: no lesson {', '.join(missing)} in {str(notebooks_dir)!r}; "
                             f"the lessons are {', '.join(p.stem for p in paths)}")
        paths = chosen
    written = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        target = _out(Path(course_dir) / "source" / _assignment(path)) / path.name
        nbformat.write(course_source(nb, path.name, path.parent), target)
        written.append(target)
    return written


def build_student(notebooks_dir, out_dir) -> list[Path]:
    """Write the student edition of every lesson in ``notebooks_dir`` to ``out_dir/NAME.ipynb``: the
    course source (:func:`course_source`) released as ``nbgrader generate_assignment`` releases it —
    reference answers replaced by :data:`CODE_STUB`, outputs cleared, the checks and their nbgrader
    metadata kept, pictures attached. Returns the paths written.
    """
    import nbformat

    paths = lessons(notebooks_dir)
    out_dir = _out(out_dir)
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

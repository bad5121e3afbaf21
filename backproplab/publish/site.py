"""The lessons as a static HTML site that works offline.

``build_site(notebooks_dir, out_dir)`` (``python -m backproplab site``, ``make site``) writes::

    out_dir/index.html            table of contents: each lesson's title and its ## sections, linked
    out_dir/lessons/NAME.html     one page per notebook, from its stored outputs (nothing is executed)
    out_dir/images/…              the pictures the lessons' markdown shows (``../images/NAME.png``;
                                  only files of the lessons' folder and of images/, see :mod:`.sources`)
    out_dir/mathjax/…             MathJax 2, copied from the ``jupyter_server_mathjax`` package

The pages are nbconvert's ``lab`` template extended by ``templates/backproplab_site`` (a contents /
previous / next bar). Nothing is loaded from the internet:

* LaTeX is typeset by the local MathJax copy (``mathjax_url`` points at it), configured for the
  STIX-Web fonts it ships as the slides are (:mod:`.mathjax`).
* Widgets show the PNG snapshot their display bundle carries: ``image/png`` comes before the widget
  view in the display priority, and the saved widget state is dropped from the page
  (:mod:`.notebooks`), so no widget
  JavaScript is fetched from a CDN (it could not be, offline) and no empty box is left.
* require.js, which only JavaScript outputs need, is left out (the lessons have none).
* Solution cells (tag ``solution``) show only their output, the folded ``<details>`` "Show the
  solution": in JupyterLab their source is hidden too, and ``solution("key")`` says nothing.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import bs4
import nbformat
from nbconvert import HTMLExporter
from nbconvert.filters import markdown2html_mistune
from nbconvert.preprocessors import Preprocessor
from traitlets.config import Config

from . import mathjax
from .lecture import is_speaker_note
from .step_builds import expand_step_throughs
from .notebooks import DISPLAY_PRIORITY, drop_empty_outputs, drop_widget_state, lesson_paths
from .sources import is_local, local_file
from .staging import check_replaceable, staged
from .._plumbing.i18n import mark, tr

__all__ = ["build_site", "check_pictures", "lesson_title", "SITE_TITLE"]

SITE_TITLE = mark("backproplab — backpropagation, step by step")
SITE_INTRO = mark("Lessons that teach backpropagation with every number on the table. These pages show the "
                  "stored outputs; open the notebooks in JupyterLab (make lab) to run them and move the sliders.")
TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "backproplab_site"
LESSONS = "lessons"            # pages go one folder down, so ../images/NAME.png resolves as in the repo


def lesson_title(nb, default: str = "") -> str:
    """The text of the notebook's first level-1 heading (``# Lesson 1 · …``), or ``default``."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        fenced = False
        for line in cell.source.splitlines():
            fenced ^= line.lstrip().startswith(("```", "~~~"))
            if not fenced and line.startswith("# "):
                return line[2:].strip().rstrip("#").strip()
    return default


class StaticPagePreprocessor(Preprocessor):
    """Prepares a lesson for a static page and outlines it for the contents.

    Drops the saved widget state (a page shows the widgets' snapshots, never live widgets, so the lab
    template then loads no widget script from a CDN); titles the page after the lesson's first heading
    (else its metadata title, else its name); and puts in ``resources["outline"]`` the ``##``
    headings (``{"id", "html"}``, the ids nbconvert gives them on the page) and the relative ``src``
    of the markdown's images, from each markdown cell rendered alone (small, so cheap to parse).
    Speaker notes (:func:`.lecture.is_speaker_note`) are left out; a step-through becomes a strip of
    one picture per phase (:mod:`.step_builds`).
    """

    def preprocess(self, nb, resources):
        drop_empty_outputs(drop_widget_state(nb))
        nb.cells = [cell for cell in nb.cells if not is_speaker_note(cell)]   # notes are for the presenter
        expand_step_throughs(nb, slides=False)                                # one picture per phase
        fallback = nb.metadata.get("title") or resources.get("metadata", {}).get("name", "")
        nb.metadata["title"] = lesson_title(nb, fallback)
        sections, images = [], []
        for cell in nb.cells:
            if cell.cell_type != "markdown":
                continue
            soup = _rendered(cell.source)
            for heading in soup.select("h2[id]"):
                for anchor in heading.select("a.anchor-link"):
                    anchor.decompose()
                sections.append({"id": heading["id"], "html": heading.decode_contents().strip()})
            images += [src for src in _local_pictures(soup) if src not in images]
        resources["outline"] = {"sections": sections, "images": images}
        return nb, resources


_ATTACHED_PICTURE = re.compile(r"!\[[^\]]*\]\(attachment:[^)]*\)")


def _rendered(markdown: str) -> bs4.BeautifulSoup:
    """A markdown cell rendered alone and parsed (attached pictures left out: the outline wants
    headings and the pictures to copy)."""
    return bs4.BeautifulSoup(markdown2html_mistune(_ATTACHED_PICTURE.sub("", markdown)), features="html.parser")


def _local_pictures(soup) -> list[str]:
    """The ``src`` of every picture in ``soup`` that names a file on this machine (:func:`.sources.is_local`)."""
    return [img["src"] for img in soup.select("img[src]") if is_local(img["src"])]


def check_pictures(nb, notebooks_dir, notebook: str) -> list[Path]:
    """The files the markdown of lesson ``nb`` shows, each checked by :func:`.sources.local_file`
    (``ValueError`` naming ``notebook`` and the link for any outside the lessons, hidden or missing)."""
    return [local_file(src, notebooks_dir, notebook) for cell in nb.cells if cell.cell_type == "markdown"
            for src in _local_pictures(_rendered(cell.source))]


def _exporter(template_file: str, mathjax_url: str) -> HTMLExporter:
    config = Config()
    config.NbConvertBase.display_data_priority = DISPLAY_PRIORITY
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_input_tags = {"solution"}
    exporter = HTMLExporter(config=config, template_name=TEMPLATE_NAME, template_file=template_file,
                            extra_template_basedirs=[str(TEMPLATES)], mathjax_url=mathjax_url,
                            theme="light")
    exporter.register_preprocessor(StaticPagePreprocessor(enabled=True))
    return exporter


def _copy_images(images, notebooks_dir: Path, pages_dir: Path, out_dir: Path, page: str) -> list[Path]:
    """Copy the files a page shows (``src`` relative to its notebook) to the same place relative to the page."""
    written = []
    for src in images:
        source = local_file(src, notebooks_dir, page)     # only the lessons' own files
        target = (pages_dir / unquote(urlsplit(src).path)).resolve()
        if not target.is_relative_to(out_dir.resolve()):
            raise ValueError(f"{page}: link {src!r} lies outside the site folder once copied; "
                             "keep lesson images in images/ beside notebooks/")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)              # the bytes only: no permission bits from elsewhere
        written.append(target)
    return written


def build_site(notebooks_dir, out_dir) -> list[Path]:
    """Write the HTML site of the lessons in ``notebooks_dir`` (``*.ipynb``, in name order) to ``out_dir``.

    Returns the paths written: ``index.html``, the lesson pages, the images and the MathJax folder.
    Uses the outputs stored in the notebooks; executes nothing. Every picture a lesson shows is checked
    first (:mod:`.sources`: only files of ``notebooks_dir`` and of ``images/`` beside it; a ``ValueError``
    names the notebook and the link). The site is built in a folder beside ``out_dir`` that replaces it
    only when the build succeeds (:mod:`.staging`): a failed build leaves ``out_dir`` as it was.
    ``out_dir`` must be missing, empty or a previous site (it holds ``index.html``).
    """
    notebooks_dir, out_dir = Path(notebooks_dir), Path(out_dir)
    paths = lesson_paths(notebooks_dir)
    notebooks = [nbformat.read(path, as_version=4) for path in paths]
    for path, nb in zip(paths, notebooks):
        check_pictures(nb, notebooks_dir, path.name)      # all of them, before anything is written
    check_replaceable(out_dir, notebooks_dir, "index.html")
    with staged(out_dir) as stage:
        written = _write_site(paths, notebooks, notebooks_dir, stage)
    return [out_dir / path.relative_to(stage) for path in written]


def _write_site(paths, notebooks, notebooks_dir: Path, out_dir: Path) -> list[Path]:
    """Write the site into the (new, empty) folder ``out_dir``; :func:`build_site` says what."""
    mathjax_dir = mathjax.copy_mathjax(out_dir)     # first: fails before any page without jupyter-server-mathjax
    pages_dir = out_dir / LESSONS
    pages_dir.mkdir(parents=True, exist_ok=True)
    hrefs = [f"{path.stem}.html" for path in paths]
    titles = [lesson_title(nb, path.stem) for nb, path in zip(notebooks, paths)]
    link = [{"href": href, "title": title} for href, title in zip(hrefs, titles)]

    lesson_exporter = _exporter("index.html.j2", mathjax.local_url("../"))
    written, lessons = [], []
    for i, (path, nb) in enumerate(zip(paths, notebooks)):
        resources = {
            "metadata": {"name": path.stem, "path": str(notebooks_dir)},
            "site": {"contents": "../index.html", "contents_label": tr("Contents"),
                     "previous": link[i - 1] if i > 0 else None,
                     "next": link[i + 1] if i + 1 < len(paths) else None},
        }
        html, resources = lesson_exporter.from_notebook_node(nb, resources=resources)
        page = pages_dir / hrefs[i]
        page.write_text(mathjax.configure(html, linebreaks=False), encoding="utf-8")
        written.append(page)
        written += _copy_images(resources["outline"]["images"], notebooks_dir, pages_dir, out_dir, path.name)
        page_href = str(PurePosixPath(LESSONS) / hrefs[i])
        sections = [{"href": f"{page_href}#{s['id']}", "html": s["html"]} for s in resources["outline"]["sections"]]
        lessons.append({"href": page_href, "title": titles[i], "sections": sections})

    # The contents page: the same templates, rendered from an empty notebook that carries the title.
    contents_exporter = _exporter("contents.html.j2", mathjax.local_url())
    index_html, _ = contents_exporter.from_notebook_node(
        nbformat.v4.new_notebook(metadata={"title": tr(SITE_TITLE)}),
        resources={"metadata": {"name": "index"},
                   "contents": {"title": tr(SITE_TITLE), "intro": tr(SITE_INTRO), "lessons": lessons}})
    index = out_dir / "index.html"
    index.write_text(mathjax.configure(index_html, linebreaks=False), encoding="utf-8")
    return [index, *written, mathjax_dir]

"""Static slides (``python -m backproplab slides``): one reveal.js deck per lesson, ``NAME.slides.html``.

Made by nbconvert's ``SlidesExporter`` from the stored outputs (nothing is executed, the lessons are
never changed) and each cell's ``slideshow.slide_type``, the same metadata JupyterLab's RISE extension
uses for live slides. A step-through is built up press by press (:mod:`.step_builds`). Theme,
transition, scrolling and slide numbers come from the notebook's ``rise``
metadata, so the static and the live deck agree. Widgets show the PNG snapshot their display bundle
carries (``image/png`` is preferred over the widget view), and pictures the markdown shows are
embedded, so a deck is one self-contained file.
"""
from __future__ import annotations

from pathlib import Path

from . import mathjax
from .attachments import attach_images_preprocessor, check_lessons
from .lecture import has_lecture_path, lecture_notebook
from .step_builds import expand_step_throughs
from .notebooks import DISPLAY_PRIORITY, drop_empty_outputs, drop_widget_state, lesson_paths, out_folder

__all__ = ["build_slides", "SLIDE_TYPES", "RISE_SETTINGS"]

SLIDE_TYPES = ("slide", "subslide", "fragment", "-", "skip", "notes")
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


def _reveal_settings(nb) -> dict:
    """SlidesExporter traits from the notebook's ``rise`` metadata (missing keys: RISE_SETTINGS)."""
    rise = {**RISE_SETTINGS, **nb.metadata.get("rise", {})}
    traits = {trait: rise[key] for key, trait in _RISE_TO_REVEAL.items() if key in rise}
    traits["reveal_scroll"] = bool(traits.get("reveal_scroll", False))
    number = traits.get("reveal_number", "")
    traits["reveal_number"] = number if isinstance(number, str) else ("c/t" if number else "")
    return traits


def build_slides(notebooks_dir, out_dir, *, offline: bool = False, cache_dir=None,
                 reveal_url_prefix: str | None = None, mathjax_url: str | None = None,
                 require_js_url: str | None = None, jquery_url: str | None = None) -> list[Path]:
    """Write ``out_dir/NAME.slides.html``, a reveal.js deck, for every lesson in ``notebooks_dir``.

    The deck loads reveal.js 4, require.js, jQuery and MathJax 2 from nbconvert's CDN addresses.
    ``offline=True`` copies them beside the decks first (``out_dir/vendor``, ``out_dir/mathjax``; see
    :mod:`.offline`, which downloads the npm tarballs once into ``cache_dir``) and points the decks at
    the copies, so that they present without internet. Or point them at copies of your own:
    ``reveal_url_prefix`` a folder holding reveal.js's ``dist/`` and ``plugin/``, ``mathjax_url`` a
    ``MathJax.js``, ``require_js_url`` and ``jquery_url`` the two script files.
    A lesson with a lecture path (:mod:`.lecture`) also gets ``out_dir/NAME.lecture.slides.html``, its
    50-minute deck. Speaker notes show in reveal.js's speaker view (press ``S``).
    Returns the paths written (the decks, then the copied folders).
    """
    import nbformat
    from nbconvert import SlidesExporter
    from traitlets.config import Config

    paths = lesson_paths(notebooks_dir)
    check_lessons(paths)                   # every picture, before anything is written
    out_dir = out_folder(out_dir)
    own = {"reveal_url_prefix": reveal_url_prefix, "mathjax_url": mathjax_url, "require_js_url": require_js_url,
           "jquery_url": jquery_url}
    copied = []
    if offline:
        if any(own.values()):
            raise ValueError("offline=True copies the scripts itself: pass no reveal_url_prefix, mathjax_url, "
                             "require_js_url or jquery_url with it")
        from .offline import VENDOR, vendor_scripts
        own = vendor_scripts(out_dir, cache_dir)
        copied = [out_dir / VENDOR, out_dir / mathjax.FOLDER]
    config = Config()
    config.NbConvertBase.display_data_priority = DISPLAY_PRIORITY
    written = []
    for path in paths:
        nb = expand_step_throughs(drop_empty_outputs(drop_widget_state(nbformat.read(path, as_version=4))), slides=True)
        decks = [(f"{path.stem}.slides.html", nb)]
        if has_lecture_path(nb):           # the 50-minute path, beside the full deck
            decks.append((f"{path.stem}.lecture.slides.html", lecture_notebook(nb)))
        for name, deck in decks:
            exporter = SlidesExporter(config=config, **_reveal_settings(deck))
            exporter.register_preprocessor(attach_images_preprocessor(), enabled=True)   # attachments it embeds
            for trait, url in own.items():
                if url is not None:
                    setattr(exporter, trait, str(url).rstrip("/"))
            html, _ = exporter.from_notebook_node(deck, resources={"metadata": {
                "name": path.stem, "notebook": path.name, "path": str(path.parent)}})
            # after the theme's style sheet, so these rules win
            html = html.replace("</head>", f'<style type="text/css">{_SLIDE_CSS}</style>\n</head>', 1)
            target = out_dir / name
            target.write_text(mathjax.configure(html, linebreaks=True), encoding="utf-8")
            written.append(target)
    return written + copied

"""The publishing commands, run through ``python -m backproplab COMMAND`` (or the ``backproplab``
console script)::

    backproplab slides    # build/slides/*.slides.html  (reveal.js, nbconvert; + NAME.lecture.slides.html)
    backproplab lecture   # build/lecture/*.ipynb       (the lecture paths, to present live with RISE)
    backproplab student   # build/student/*.ipynb       (nbgrader: solutions and outputs cleared)
    backproplab course --out COURSE [--lessons 01 04]   # COURSE/source/lessonNN/ (nbgrader)
    backproplab site      # build/html/index.html + one page per lesson
    … --lang ko           # the Korean edition: from notebooks/ko/ into build/ko/<what>
    backproplab images [--out DIR] [NAME.png …]          # images/*.png (see backproplab.publish.images)

Folders are relative to the current working directory: run from the folder that holds the lessons
(the repository's root, or a copy of its ``notebooks/`` and ``images/``); the package itself may be
installed anywhere (``pip install ".[publish]"``, not only editable). ``--notebooks DIR`` and ``--out DIR``
choose other folders. Each prints the files it wrote; a build that fails (a lesson showing a file from
outside its folder, a missing picture) says why on one line and exits with status 1.
Slides load reveal.js, require.js, jQuery and MathJax from CDNs; ``--offline`` copies them beside the
decks, or point ``--reveal-url-prefix``, ``--require-js-url``, ``--jquery-url`` and ``--mathjax-url`` at
copies of your own.
"""
from __future__ import annotations

import argparse
import importlib
from pathlib import Path

from .._plumbing.i18n import LANGUAGES, language
from .notebooks import lesson_paths

__all__ = ["main", "BUILD_COMMANDS", "COMMANDS", "NOTEBOOKS", "BUILD"]

# Relative paths: they resolve against the working directory when used, never against the package's
# own location (site-packages after a non-editable install).
NOTEBOOKS = Path("notebooks")
BUILD = Path("build")
# command → (module of backproplab.publish, its build function, default folder under build/)
BUILDS = {"slides": ("slides", "build_slides", "slides"), "student": ("student", "build_student", "student"),
          "course": ("course", "build_course", "course"), "site": ("site", "build_site", "html"),
          "lecture": ("lecture", "build_lecture", "lecture")}
BUILD_COMMANDS = tuple(BUILDS)
COMMANDS = (*BUILD_COMMANDS, "images", "translate")
PUBLISH_HINT = ("the publishing tools need the publish extra: pip install \"backproplab[publish]\" "
                "(from a clone: pip install -e \".[publish]\")")


def _build_function(what: str):
    # Imported on demand: nbconvert, bs4 and nbgrader are only needed for building.
    module, function, _ = BUILDS[what]
    return getattr(importlib.import_module(f".{module}", __package__), function)


def build(argv) -> int:
    """``backproplab slides|student|course|site [options]``: ``argv`` starts with the command."""
    parser = argparse.ArgumentParser(prog="backproplab", description="Build what instructors hand out, "
                                     "from the lessons in notebooks/.")
    parser.add_argument("what", choices=BUILD_COMMANDS)
    parser.add_argument("--notebooks", type=Path, default=None, help="folder of lessons (default: notebooks/)")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: build/<what>)")
    parser.add_argument("--lang", default="en", choices=LANGUAGES,
                        help="the edition: en (notebooks/, build/<what>) or ko (notebooks/ko/, build/ko/<what>)")
    parser.add_argument("--lessons", nargs="+", default=None, metavar="NN",
                        help="course only: the lessons to put in (numbers such as 01 04; default: all)")
    offline = parser.add_argument_group("slides only: local copies of the scripts a deck loads")
    offline.add_argument("--offline", action="store_true",
                         help="copy reveal.js, require.js, jQuery and MathJax beside the decks (downloaded once "
                              "into build/vendor-cache), so that they present without internet")
    for option in ("reveal-url-prefix", "require-js-url", "jquery-url", "mathjax-url"):
        offline.add_argument(f"--{option}", default=None)
    args = parser.parse_args(argv)
    edition = Path() if args.lang == "en" else Path(args.lang)
    if args.notebooks is None:
        args.notebooks = NOTEBOOKS / edition
    if args.out is None:
        args.out = BUILD / edition / BUILDS[args.what][2]
    if args.offline and args.what != "slides":
        parser.error("--offline applies to slides only")
    if args.offline and any(getattr(args, k) for k in ("reveal_url_prefix", "require_js_url", "jquery_url", "mathjax_url")):
        parser.error("--offline copies the scripts itself: leave out --reveal-url-prefix, --require-js-url, "
                     "--jquery-url and --mathjax-url")
    slide_urls = {k: getattr(args, k) for k in ("reveal_url_prefix", "require_js_url", "jquery_url", "mathjax_url")}
    if args.what != "slides" and any(slide_urls.values()):
        parser.error("--reveal-url-prefix, --require-js-url, --jquery-url and --mathjax-url apply to slides only")
    if args.what != "course" and args.lessons:
        parser.error("--lessons applies to course only")
    try:
        lesson_paths(args.notebooks)          # before anything is imported or written
    except ValueError as err:
        parser.error(f"{err}; run from the folder that holds the lessons (the repository's root), "
                     "or pass --notebooks DIR")
    try:
        build_function = _build_function(args.what)
    except ModuleNotFoundError as err:
        parser.error(f"{err}: {PUBLISH_HINT}")
    extra = {k: v for k, v in slide_urls.items() if v} if args.what == "slides" else {}
    if args.offline:
        extra = {"offline": True}
    if args.what == "course":
        extra = {"lessons_wanted": args.lessons}
    try:
        with language(args.lang):               # what the builds write themselves (the site's title) follows
            written = build_function(args.notebooks, args.out, **extra)
    except ModuleNotFoundError as err:          # nbgrader, imported on first use
        parser.error(f"{err}: {PUBLISH_HINT}")
    except (ValueError, OSError) as err:        # a lesson's bad link, a missing picture, a full disk
        # the message names the notebook and the link; the builds check before writing (the site
        # builds beside its folder), so nothing half-built is left to clean up
        parser.exit(1, f"backproplab {args.what}: error: {err}\n")
    for path in written:
        print(path)
    return 0


def main(argv) -> int:
    """Run publishing command ``argv[0]`` (one of :data:`COMMANDS`) with options ``argv[1:]``."""
    if argv[:1] == ["images"]:
        from .images import main as images_main
        return images_main(argv[1:])
    if argv[:1] == ["translate"]:
        from .translate import main as translate_main
        return translate_main(argv[1:])
    return build(argv)

"""Build what instructors hand out, from the lessons in ``notebooks/``.

    python -m backproplab.build slides    # build/slides/*.slides.html  (reveal.js, nbconvert)
    python -m backproplab.build student   # build/student/*.ipynb       (nbgrader: solutions and outputs cleared)
    python -m backproplab.build course --out COURSE [--lessons 01 04]   # COURSE/source/lessonNN/ (nbgrader)
    python -m backproplab.build site      # build/html/index.html + one page per lesson

Folders are relative to the current working directory: run from the folder that holds the lessons
(the repository's root, or a copy of its ``notebooks/`` and ``images/``); the package itself may be
installed anywhere (``pip install .``, not only editable). ``--notebooks DIR`` and ``--out DIR``
choose other folders. Each prints the files it wrote.
Slides load reveal.js, require.js, jQuery and MathJax from CDNs; to present offline, point
``--reveal-url-prefix``, ``--require-js-url``, ``--jquery-url`` and ``--mathjax-url`` at local copies.
"""
from __future__ import annotations

import argparse
from pathlib import Path

# Relative paths: they resolve against the working directory when used, never against the package's
# own location (site-packages after a non-editable install).
NOTEBOOKS = Path("notebooks")
BUILD = Path("build")
OUT_DIRS = {"slides": "slides", "student": "student", "course": "course", "site": "html"}
INSTRUCTOR_HINT = ("the publishing tools need the instructor set: pip install \"backproplab[instructor]\" "
                   "(from a clone: pip install -e \".[instructor]\")")


def _targets():
    # Imported on demand: nbconvert and nbgrader are only needed for building.
    from . import editions, site
    return {
        "slides": editions.build_slides,
        "student": editions.build_student,
        "course": editions.build_course,
        "site": site.build_site,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m backproplab.build", description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["slides", "student", "course", "site"])
    parser.add_argument("--notebooks", type=Path, default=NOTEBOOKS, help="folder of lessons (default: notebooks/)")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: build/<what>)")
    parser.add_argument("--lessons", nargs="+", default=None, metavar="NN",
                        help="course only: the lessons to put in (numbers such as 01 04; default: all)")
    offline = parser.add_argument_group("slides only: local copies of the scripts a deck loads")
    for option in ("reveal-url-prefix", "require-js-url", "jquery-url", "mathjax-url"):
        offline.add_argument(f"--{option}", default=None)
    args = parser.parse_args(argv)
    slide_urls = {k: getattr(args, k) for k in ("reveal_url_prefix", "require_js_url", "jquery_url", "mathjax_url")}
    if args.what != "slides" and any(slide_urls.values()):
        parser.error("--reveal-url-prefix, --require-js-url, --jquery-url and --mathjax-url apply to slides only")
    if args.what != "course" and args.lessons:
        parser.error("--lessons applies to course only")
    if not args.notebooks.is_dir():
        where = (f"no notebooks/ folder in the current directory {Path.cwd()}"
                 if args.notebooks == NOTEBOOKS else f"--notebooks {args.notebooks}: no such folder")
        parser.error(f"{where}; run from the folder that holds the lessons (the repository's root), "
                     "or pass --notebooks DIR")
    try:
        build = _targets()[args.what]
    except ModuleNotFoundError as err:
        parser.error(f"{err}: {INSTRUCTOR_HINT}")
    default_out = BUILD / OUT_DIRS[args.what]
    extra = {k: v for k, v in slide_urls.items() if v} if args.what == "slides" else {}
    if args.what == "course":
        extra = {"lessons_wanted": args.lessons}
    try:
        written = build(args.notebooks, args.out or default_out, **extra)
    except ModuleNotFoundError as err:          # nbgrader, imported on first use
        parser.error(f"{err}: {INSTRUCTOR_HINT}")
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

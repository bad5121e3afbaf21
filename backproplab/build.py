"""Build what instructors hand out, from the lessons in ``notebooks/``.

    python -m backproplab.build slides    # build/slides/*.slides.html  (reveal.js, nbconvert)
    python -m backproplab.build student   # build/student/*.ipynb       (nbgrader: solutions and outputs cleared)
    python -m backproplab.build site      # build/html/index.html + one page per lesson

``--notebooks DIR`` and ``--out DIR`` choose other folders. Each prints the files it wrote.
"""
from __future__ import annotations

import argparse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
BUILD = ROOT / "build"


def _targets():
    # Imported on demand: nbconvert and nbgrader are only needed for building.
    from . import editions, site
    return {
        "slides": (editions.build_slides, BUILD / "slides"),
        "student": (editions.build_student, BUILD / "student"),
        "site": (site.build_site, BUILD / "html"),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m backproplab.build", description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["slides", "student", "site"])
    parser.add_argument("--notebooks", type=Path, default=NOTEBOOKS, help="folder of lessons (default: notebooks/)")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: build/<what>)")
    args = parser.parse_args(argv)
    build, default_out = _targets()[args.what]
    for path in build(args.notebooks, args.out or default_out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Write every image the lessons use: ``python -m backproplab images [--out DIR] [NAME.png …]``.

The lessons show these PNGs in their markdown as cell attachments (``![…](attachment:NAME.png)``),
so a picture shows wherever the notebook lies: in the repository, on GitHub, in Colab, in a lesson
downloaded on its own, in an HTML export. ``images/`` keeps the same files; after writing them the
command copies each into the lessons that carry it (:func:`sync_attachments`), and
``tests/publish/test_images.py`` checks that the two agree. :data:`IMAGES` maps each
file name to a function that draws it and returns the figure; a lesson that needs a new image adds
one entry with :func:`image`. The default output folder is ``images/`` in the current working
directory (the repository's root when run from there, as ``make images`` does); it must exist, so a
command run from the wrong folder says so instead of writing pictures where no lesson finds them.
``--out DIR`` writes anywhere (creating DIR).

Only the package's own plots are needed (no ``publish`` extra). The PNGs are deterministic: no time stamp or software version is written into them, so running
the command again changes no file unless a drawing changed.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable

__all__ = ["IMAGES", "IMAGES_DIR", "NOTEBOOKS_DIR", "image", "write_images", "sync_attachments", "main"]

# Relative: resolved against the working directory when the images are written, never against the
# package's own location (site-packages after a non-editable install).
IMAGES_DIR = Path("images")
NOTEBOOKS_DIR = Path("notebooks")
IMAGES: dict[str, Callable] = {}
DPI = 110


def image(filename):
    """Register the decorated function (no arguments → matplotlib figure) as ``filename``."""
    if not filename.endswith(".png") or "/" in filename:
        raise ValueError(f"filename must be a plain name ending in .png, got {filename!r}")

    def register(fn):
        if filename in IMAGES:
            raise ValueError(f"image {filename!r} is registered twice")
        IMAGES[filename] = fn
        return fn
    return register


# --------------------------------------------------------------------------- lesson 1
@image("network_before.png")
def network_before():
    """Lesson 1: the 3-2-1 network with its starting weights, inputs and target."""
    from ..lessons.lesson01 import handworked as hw
    from ..plots import draw_network

    return draw_network(hw.network(), annotations=hw.diagram_notes(),
                        title="Before the step: the starting weights")


@image("network_after.png")
def network_after():
    """Lesson 1: the same network after one step; colour and width show each weight's change."""
    from ..lessons.lesson01 import handworked as hw
    from ..plots import draw_weight_change

    return draw_weight_change(hw.trace(), annotations=hw.diagram_notes(),
                              title=f"After one step (η = {hw.LEARNING_RATE:g}): new weight (change)")


# --------------------------------------------------------------------------- writing
def write_images(out_dir=None, names=None) -> list[Path]:
    """Draw and save the registered images (all of them, or those in ``names``) into ``out_dir``
    (default :data:`IMAGES_DIR`, ``images/`` in the working directory, which must exist; ``out_dir`` is
    created if needed). Returns the paths written."""
    import matplotlib.pyplot as plt

    if out_dir is None and not IMAGES_DIR.is_dir():
        raise ValueError(f"no images/ folder in the current directory {Path.cwd()}: run from the repository's "
                         "root (the folder with notebooks/ and images/), or pass --out DIR")
    out = Path(IMAGES_DIR if out_dir is None else out_dir)
    selected = list(IMAGES) if names is None else list(names)
    unknown = [n for n in selected if n not in IMAGES]
    if unknown:
        raise ValueError(f"unknown images {unknown}; the images are {sorted(IMAGES)}")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for filename in selected:
        fig = IMAGES[filename]()
        path = out / filename
        fig.savefig(path, dpi=DPI, facecolor="white", bbox_inches="tight", pad_inches=0.15,
                    metadata={"Software": None})
        plt.close(fig)
        written.append(path)
    return written


def sync_attachments(notebooks_dir=None, images_dir=None) -> list[Path]:
    """Copy each image of ``images_dir`` (default ``images/``) into every lesson of ``notebooks_dir``
    (default ``notebooks/``) whose markdown carries an attachment of that name. Returns the notebooks
    rewritten: only those whose attachments changed (the JSON is written as the lessons are stored:
    one-space indent, UTF-8, a final newline). Plain JSON, so no publishing extra is needed."""
    import base64
    import json

    notebooks = Path(NOTEBOOKS_DIR if notebooks_dir is None else notebooks_dir)
    images = Path(IMAGES_DIR if images_dir is None else images_dir)
    for folder, what in ((notebooks, "notebooks_dir"), (images, "images_dir")):
        if not folder.is_dir():
            raise ValueError(f"{what} must be a folder, got {str(folder)!r} (no such folder)")
    rewritten = []
    for path in sorted(notebooks.glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        changed = False
        for cell in nb["cells"]:
            for name, bundle in cell.get("attachments", {}).items():
                if name in IMAGES and (images / name).is_file():
                    payload = base64.b64encode((images / name).read_bytes()).decode("ascii")
                    if bundle != {"image/png": payload}:
                        cell["attachments"][name] = {"image/png": payload}
                        changed = True
        if changed:
            path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            rewritten.append(path)
    return rewritten


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="backproplab images",
                                     description="Write every image the backproplab lessons use.")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: images/ in the current directory)")
    parser.add_argument("names", nargs="*", help="only these images (default: all)")
    args = parser.parse_args(argv)
    import matplotlib
    matplotlib.use("Agg")   # no window, same pixels everywhere
    try:
        written = write_images(args.out, args.names or None)
    except ValueError as exc:
        parser.error(str(exc))
    for path in written:
        print(f"wrote {path}")
    if args.out is None and NOTEBOOKS_DIR.is_dir():     # the repository's layout: the lessons follow
        for path in sync_attachments():
            print(f"updated the attachments of {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Write every image the lessons use: ``python -m backproplab images [--out DIR] [NAME.png …]``.

The notebooks embed these PNGs in their markdown (``![…](../images/network_before.png)``) so
that the pictures show even where no code runs (GitHub, an HTML export). :data:`IMAGES` maps each
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

__all__ = ["IMAGES", "IMAGES_DIR", "image", "write_images", "main"]

# Relative: resolved against the working directory when the images are written, never against the
# package's own location (site-packages after a non-editable install).
IMAGES_DIR = Path("images")
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
    from ..lessons import handworked as hw
    from ..plots import draw_network

    return draw_network(hw.network(), annotations=hw.diagram_notes(),
                        title="Before the step: the starting weights")


@image("network_after.png")
def network_after():
    """Lesson 1: the same network after one step; colour and width show each weight's change."""
    from ..lessons import handworked as hw
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
    return 0


if __name__ == "__main__":
    sys.exit(main())

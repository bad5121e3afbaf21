"""The lessons as every build reads them: the folder check, and what a static rendering does to a
notebook (show widget snapshots, drop the saved widget state).

Nothing here is executed: the builds use the outputs stored in the notebooks.
"""
from __future__ import annotations

from pathlib import Path

__all__ = ["lesson_paths", "out_folder", "drop_widget_state", "drop_empty_outputs", "DISPLAY_PRIORITY", "WIDGET_VIEW"]

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# nbconvert's HTML priority with the widget view moved after image/png: a widget with a snapshot shows it.
DISPLAY_PRIORITY = ["application/javascript", "text/html", "text/markdown", "image/svg+xml", "text/vnd.mermaid",
                    "text/latex", "image/png", WIDGET_VIEW, "image/jpeg", "text/plain"]


def lesson_paths(notebooks_dir) -> list[Path]:
    """The lessons in ``notebooks_dir``: its ``*.ipynb`` files in name order. Raises ``ValueError``
    when it is not a folder (a relative one is named with the working directory it was looked for in)
    or holds no lesson."""
    notebooks_dir = Path(notebooks_dir)
    if not notebooks_dir.is_dir():
        where = (f"no {notebooks_dir.as_posix()}/ folder in the current directory {Path.cwd()}"
                 if not notebooks_dir.is_absolute() else f"no such folder {notebooks_dir}")
        raise ValueError(f"notebooks_dir must be a folder of lessons: {where}")
    paths = sorted(notebooks_dir.glob("*.ipynb"))
    if not paths:
        raise ValueError(f"notebooks_dir {str(notebooks_dir)!r} holds no *.ipynb lesson")
    return paths


def out_folder(out_dir) -> Path:
    """``out_dir`` as a ``Path``, created with its parents if missing."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return out_dir


def drop_widget_state(nb):
    """Remove the saved widget state from notebook ``nb`` (in place; returns ``nb``). A static build
    shows the widgets' PNG snapshots (:data:`DISPLAY_PRIORITY`), so without the state it loads no widget
    JavaScript (from a CDN, or not at all offline) and leaves no empty widget box."""
    nb.metadata.pop("widgets", None)
    return nb


def drop_empty_outputs(nb):
    """Remove the outputs that display nothing from notebook ``nb`` (in place; returns ``nb``): what a
    finished progress bar leaves (``fit(progress="bar")`` empties its output when training ends). A
    static build has nothing to show for them, and nbconvert warns about each."""
    for cell in nb.cells:
        if cell.get("outputs"):
            cell.outputs = [o for o in cell.outputs if o.get("output_type") not in ("display_data", "update_display_data")
                            or o.get("data")]
    return nb

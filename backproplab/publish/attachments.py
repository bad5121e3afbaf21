"""Markdown pictures as cell attachments, so a handed-out notebook or a deck shows them wherever it lies."""
from __future__ import annotations

import base64
import re
from pathlib import Path

from .sources import is_local, local_file

__all__ = ["attach_images_preprocessor", "check_lessons", "IMAGE_TYPES"]

_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)\)")
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
               ".svg": "image/svg+xml"}


def check_lessons(paths) -> None:
    """Check every markdown picture of the lessons at ``paths`` (:func:`.sources.local_file`) before a
    build writes anything, so a refused link leaves no partly written output. Raises ``ValueError``
    naming the notebook and the link."""
    import nbformat

    for path in paths:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown":
                for match in _IMAGE.finditer(cell.source):
                    if is_local(match["src"]):
                        local_file(match["src"], path.parent, path.name)


def attach_images_preprocessor():
    """An nbconvert preprocessor that turns markdown pictures with a relative address
    (``![…](../images/NAME.png)``) into cell attachments (``![…](attachment:NAME.png)``). The address is
    resolved against ``resources["metadata"]["path"]``, the lesson's folder, and must name a file of that
    folder or of ``images/`` beside it (:func:`.sources.local_file`: anything else, an absolute address
    or a symlink out included, is refused with a ``ValueError`` naming the notebook,
    ``resources["metadata"]["notebook"]`` or else ``["name"]``, and the link). (nbconvert's own
    ``embed_images`` refuses pictures outside the lesson's folder, such as ``../images/``.)"""
    from nbconvert.preprocessors import Preprocessor

    class AttachImages(Preprocessor):
        def preprocess_cell(self, cell, resources, index):
            if cell.cell_type != "markdown":
                return cell, resources
            metadata = resources.get("metadata", {})
            folder = Path(metadata.get("path", "."))
            notebook = metadata.get("notebook") or metadata.get("name") or "a notebook"

            def attach(match):
                src = match["src"]
                if not is_local(src):          # web address, data: or attachment: (a file: one is refused below)
                    return match[0]
                source = local_file(src, folder, notebook)
                mimetype = IMAGE_TYPES.get(source.suffix.lower())
                if mimetype is None:
                    raise ValueError(f"{notebook}: picture {src!r} in a markdown cell is no image file "
                                     f"(a name ending in {', '.join(IMAGE_TYPES)})")
                data = source.read_bytes()
                payload = data.decode("utf-8") if mimetype == "image/svg+xml" else base64.b64encode(data).decode()
                name = Path(src).name            # the name the lesson gives it, even through a symlink
                cell.setdefault("attachments", {})[name] = {mimetype: payload}
                return f"![{match['alt']}](attachment:{name})"

            cell.source = _IMAGE.sub(attach, cell.source)
            return cell, resources

    return AttachImages(enabled=True)

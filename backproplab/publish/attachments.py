"""Markdown pictures as cell attachments, so a handed-out notebook or a deck shows them wherever it lies."""
from __future__ import annotations

import base64
import re
from pathlib import Path

__all__ = ["attach_images_preprocessor", "IMAGE_TYPES"]

_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)\)")
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
               ".svg": "image/svg+xml"}


def attach_images_preprocessor():
    """An nbconvert preprocessor that turns markdown pictures with a relative address
    (``![…](../images/NAME.png)``) into cell attachments (``![…](attachment:NAME.png)``). The address is
    resolved against ``resources["metadata"]["path"]``, the lesson's folder. (nbconvert's own
    ``embed_images`` refuses pictures outside the lesson's folder, such as ``../images/``.)"""
    from nbconvert.preprocessors import Preprocessor

    class AttachImages(Preprocessor):
        def preprocess_cell(self, cell, resources, index):
            if cell.cell_type != "markdown":
                return cell, resources
            folder = Path(resources.get("metadata", {}).get("path", "."))

            def attach(match):
                src = match["src"]
                if ":" in src or src.startswith(("/", "#")):          # web address, data: or attachment:
                    return match[0]
                source = folder / src
                mimetype = IMAGE_TYPES.get(source.suffix.lower())
                if mimetype is None or not source.is_file():
                    raise ValueError(f"picture {src!r} in a markdown cell: no such image file {source}")
                data = source.read_bytes()
                payload = data.decode("utf-8") if mimetype == "image/svg+xml" else base64.b64encode(data).decode()
                cell.setdefault("attachments", {})[source.name] = {mimetype: payload}
                return f"![{match['alt']}](attachment:{source.name})"

            cell.source = _IMAGE.sub(attach, cell.source)
            return cell, resources

    return AttachImages(enabled=True)

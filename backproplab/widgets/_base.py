"""What every explorer shares: controls wired to ``update()``, a figure rendered to PNG into an
``ipywidgets.Image``, and a display bundle that carries a static snapshot for places without a kernel.

A subclass builds ``self.controls`` (name → widget), calls :meth:`Explorer._assemble` with the rows
of controls to show, builds its figure on an Agg canvas, then calls :meth:`Explorer._start`. It
implements ``update()`` (read the controls, redraw, set ``self.image.value`` and
``self.readout.value``) and ``__repr__`` (one stable line of text).
"""
from __future__ import annotations

import base64
import io
from collections import OrderedDict

import ipywidgets as widgets
import numpy as np
import PIL.Image

from .. import _checks


class Explorer:
    """Base class of the explorers: ``controls``, ``output`` (figure image + values), ``widget``."""

    def _assemble(self, control_rows):
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="900px"))
        self.readout = widgets.HTML()
        self.output = widgets.VBox([self.image, self.readout])
        self.widget = widgets.VBox([widgets.HBox([self.controls[name] for name in row]) for row in control_rows]
                                   + [self.output])
        self.state = {}
        self._paused = False

    def _start(self):
        self.update()
        for control in self.controls.values():
            control.observe(self._on_change, names="value")

    def _on_change(self, change):
        if not self._paused:
            self.update()

    def set(self, **values):
        """Move several controls at once, then redraw once: ``explorer.set(hidden=2, seed=10)``."""
        unknown = set(values) - set(self.controls)
        if unknown:
            raise ValueError(f"unknown control(s) {sorted(unknown)}; the controls are {sorted(self.controls)}")
        self._paused = True
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            self._paused = False
        self.update()

    def _repr_mimebundle_(self, include=None, exclude=None):
        """The live widget view, plus a PNG of the current figure and one line of text for places
        without a kernel: an HTML export or a slide deck that prefers ``image/png`` shows the
        snapshot, and a front-end without the widget manager shows the PNG or the text."""
        bundle = self.widget._repr_mimebundle_()
        bundle["image/png"] = base64.b64encode(self.image.value).decode("ascii")
        bundle["text/plain"] = repr(self)
        return bundle

    def close(self):
        """Close the widgets (their comms) and detach the callbacks."""
        for control in self.controls.values():
            control.unobserve(self._on_change, names="value")
        for w in (*self.controls.values(), self.image, self.readout, self.output, *self.widget.children,
                  self.widget):
            w.close()


def png_bytes(canvas, compress_level=1) -> bytes:
    """An Agg canvas's current pixels as PNG bytes (fast compression: these images live for one move)."""
    rgba = np.asarray(canvas.buffer_rgba())
    buf = io.BytesIO()
    PIL.Image.fromarray(rgba[..., :3]).save(buf, format="png", compress_level=compress_level)
    return buf.getvalue()


def bounded(name, value, low, high, kind):
    """``value`` as ``kind`` (int or float) in ``[low, high]``, or a clear error."""
    value = _checks.integer(name, value, low=low) if kind is int else _checks.real(name, value)
    if not low <= value <= high:
        raise ValueError(f"{name} must be in [{low}, {high}], got {value!r}")
    return value


def lru_get(cache: OrderedDict, key, make, size):
    """``cache[key]``, made with ``make()`` when missing; keeps the ``size`` most recently used."""
    if key in cache:
        cache.move_to_end(key)
        return cache[key]
    value = cache[key] = make()
    if len(cache) > size:
        cache.popitem(last=False)
    return value

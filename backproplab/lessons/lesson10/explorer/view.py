"""The playground's view: the rows of controls with the epoch counter beside play, the picture, the
read-out, the "working…" note, and the busy state while the kernel trains or draws.

It follows the explorers' look (:mod:`backproplab.widgets._base`: the same busy style, rows that
wrap, a PNG snapshot in the display bundle) without being an ``Explorer``: see
:class:`~backproplab.widgets.playground.Playground` for why.
"""
from __future__ import annotations

import base64
from contextlib import contextmanager

import ipywidgets as widgets

from ...._plumbing.blas import one_blas_thread
from ....widgets._base import BUSY_STYLE, control_row

__all__ = ["View"]


class View:
    """``widget`` (the whole view) of ``image``, ``readout``, ``epoch_label`` and the rows of ``controls``."""

    def __init__(self, controls: dict, rows):
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="900px"))
        self.image.add_class("bp-figure")
        self.readout = widgets.HTML(layout=widgets.Layout(max_width="900px"))
        self.epoch_label = widgets.HTML()
        # no height of its own: the note floats over the picture's corner
        self.working = widgets.HTML(BUSY_STYLE, layout=widgets.Layout(height="0px", min_height="0px",
                                                                      overflow="visible"))
        self.output = widgets.VBox([self.image, self.readout])
        shown = [control_row([controls[name] for name in row]) for row in rows]
        shown[0].children = (*shown[0].children, self.epoch_label)     # the epoch counter beside play
        self.widget = widgets.VBox(shown + [self.working, self.output])
        self.widget.add_class("bp-explorer")

    @contextmanager
    def busy(self):
        """Grey the picture (after 0.3 s) while the block runs, on one BLAS thread: tiny matrices, and
        the browser needs the other core. The class reaches the browser at once, before the work starts."""
        self.widget.add_class("bp-busy")
        try:
            with one_blas_thread():
                yield
        finally:
            self.widget.remove_class("bp-busy")

    def mimebundle(self, text: str) -> dict:
        """The live widget view, plus a PNG of the current picture and ``text`` for places without a kernel."""
        bundle = self.widget._repr_mimebundle_()
        bundle["image/png"] = base64.b64encode(self.image.value).decode("ascii")
        bundle["text/plain"] = text
        return bundle

    def close(self):
        """Close the view's own widgets and the rows (their comms)."""
        for w in (self.epoch_label, self.image, self.readout, self.working, self.output, *self.widget.children,
                  self.widget):
            w.close()

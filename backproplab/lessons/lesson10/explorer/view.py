"""The playground's view: the explorers' picture view (:class:`backproplab.widgets._base.PictureView`:
rows of controls, the picture, the read-out, the "working…" note, the busy state, the snapshot bundle)
with the epoch counter beside play and a read-out as wide as the picture.

It is not an ``Explorer``: see :class:`~backproplab.widgets.playground.Playground` for why.
"""
from __future__ import annotations

import ipywidgets as widgets

from ....widgets._base import PictureView, control_row

__all__ = ["View"]


class View(PictureView):
    """``widget`` (the whole view) of ``image``, ``readout``, ``epoch_label`` and the rows of ``controls``."""

    def __init__(self, controls: dict, rows):
        self.epoch_label = widgets.HTML()
        shown = [control_row([controls[name] for name in row]) for row in rows]
        shown[0].children = (*shown[0].children, self.epoch_label)     # the epoch counter beside play
        super().__init__(shown, readout=widgets.HTML(layout=widgets.Layout(max_width="900px")))

    def close(self):
        """Close the epoch counter, then the view's widgets and the rows (their comms)."""
        self.epoch_label.close()
        super().close()

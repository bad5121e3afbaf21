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
import warnings
from collections import OrderedDict
from contextlib import contextmanager

import ipywidgets as widgets
import numpy as np
import PIL.Image

from .._plumbing import checks as _checks
from .._plumbing.blas import one_blas_thread
from .._plumbing.i18n import tr


# A verdict in a read-out: .bp-good / .bp-warn, at least 4.5:1 on the notebook's background in JupyterLab Light
# (fixed colours: its own warn orange is 2.7:1 on white) and Dark (its success and warn colours on #111).
# While an update runs the explorer carries the class "bp-busy". Only an update that is still running
# after 0.3 s shows it (the transition's delay): a fast move never flickers, a slow one (a new width
# trained for 5000 epochs) greys the picture and says "working…" until the new picture arrives.
BUSY_STYLE = """<style>
.bp-explorer .bp-figure { transition: opacity 0s; }
.bp-explorer.bp-busy .bp-figure { opacity: 0.45; transition: opacity 0.15s 0.3s; }
.bp-explorer .bp-working { position: absolute; z-index: 1; margin: 8px 12px; padding: 2px 8px; visibility: hidden;
  background: rgba(255, 255, 255, 0.9); border-radius: 4px; font-style: italic; color: #333; }
.bp-explorer.bp-busy .bp-working { visibility: visible; transition: visibility 0s 0.3s; }
.bp-explorer .bp-good { color: #1a7f37; }
.bp-explorer .bp-warn { color: #b35900; }
body[data-jp-theme-light="false"] .bp-explorer .bp-good { color: var(--jp-success-color1, #4caf50); }
body[data-jp-theme-light="false"] .bp-explorer .bp-warn { color: var(--jp-warn-color1, #ff9800); }
</style><span class="bp-working">working…</span>"""


class Explorer:
    """Base class of the explorers: ``controls``, ``output`` (figure image + values), ``widget``."""

    def _assemble(self, control_rows):
        self.view = PictureView([control_row([self.controls[name] for name in row]) for row in control_rows])
        self.image, self.readout, self.working = self.view.image, self.view.readout, self.view.working
        self.output, self.widget = self.view.output, self.view.widget
        self.state = {}
        self._paused = False

    def _start(self):
        self._refresh()
        for control in self.controls.values():
            control.observe(self._on_change, names="value")

    def _on_change(self, change):
        if not self._paused:
            self._refresh()

    def set(self, **values):
        """Move several controls at once, then redraw once: ``explorer.set(hidden=2, seed=10)``."""
        unknown = set(values) - set(self.controls)
        if unknown:
            raise ValueError(f"unknown control(s) {sorted(unknown)}; the controls are {sorted(self.controls)}")
        for name, value in values.items():      # every value checked before any control moves
            _check_control_value(name, self.controls[name], value)
        self._paused = True
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            self._paused = False
        self._refresh()

    def _refresh(self):
        with self.view.busy():
            self.update()

    def _repr_mimebundle_(self, include=None, exclude=None):
        """The live widget view, plus a PNG of the current figure and one line of text for places
        without a kernel: an HTML export or a slide deck that prefers ``image/png`` shows the
        snapshot, and a front-end without the widget manager shows the PNG or the text."""
        return self.view.mimebundle(repr(self))

    def close(self):
        """Close the widgets (their comms) and detach the callbacks."""
        for control in self.controls.values():
            control.unobserve(self._on_change, names="value")
            control.close()
        self.view.close()


class PictureView:
    """What every explorer shows (the step-through aside): its rows of controls, the "working…" note,
    the picture (``image``, PNG) and the ``readout`` below it, in ``widget``; the playground adds to it.

    ``rows``: the rows of controls, already laid out (:func:`control_row`); ``readout``: the widget
    under the picture (an empty ``HTML`` by default)."""

    def __init__(self, rows, readout=None):
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="900px"))
        self.image.add_class("bp-figure")
        self.readout = widgets.HTML() if readout is None else readout
        # no height of its own: the note floats over the picture's corner
        # the note in the package's language (BUSY_STYLE writes it in English)
        note = BUSY_STYLE.replace(">working…<", ">" + tr("working…") + "<")
        self.working = widgets.HTML(note, layout=widgets.Layout(height="0px", min_height="0px", overflow="visible"))
        self.output = widgets.VBox([self.image, self.readout])
        self.widget = widgets.VBox(list(rows) + [self.working, self.output])
        self.widget.add_class("bp-explorer")

    @contextmanager
    def busy(self):
        """Grey the picture (after 0.3 s) while the block runs, on one BLAS thread: tiny matrices, and
        the browser needs the other core. The class reaches the browser at once (a comm message),
        before the work starts."""
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
        """Close the view's widgets and its rows (their comms)."""
        for w in (self.image, self.readout, self.working, self.output, *self.widget.children, self.widget):
            w.close()


def _check_control_value(name, control, value):
    """A clear error for a value the control cannot hold (sliders still clamp to their range)."""
    if isinstance(control, widgets.Dropdown):
        options = [o[1] if isinstance(o, tuple) else o for o in control.options]
        if value not in options:
            raise ValueError(f"{name} must be one of {options}, got {value!r:.60}")
    elif isinstance(control, widgets.IntSlider):
        _checks.integer(name, value, low=-2**63)
    else:
        _checks.real(name, value)


def fit_quietly(net, X, y, epochs, **kwargs):
    """``net.fit(X, y, epochs, **kwargs)`` as the explorers draw a run that diverged: without the
    TrainingDiverged warning (the explorer says "diverged" itself) and, from the epoch it
    diverged on, NaN losses and NaN weights (in the network and in any weight snapshots)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", _checks.TrainingDiverged)
        history = net.fit(X, y, epochs=epochs, **kwargs)
    if history.diverged is None:
        return history
    done = len(history.loss)
    history.loss = np.concatenate([history.loss, np.full(epochs - done, np.nan)])
    for array in net.weights + (net.biases or []):
        array.fill(np.nan)
    every = kwargs.get("record_every", 0)
    if every:
        for epoch in range(every * (done // every + 1), epochs + 1, every):
            history.snapshot_epochs.append(epoch)
            history.weights.append([w.copy() for w in net.weights])
            history.biases.append(None if net.biases is None else [b.copy() for b in net.biases])
    return history


def slider_options(width="400px", label_width="170px") -> dict:
    """The explorers' slider keywords: train on release (not on every pixel of a drag), one label
    width for all (the sliders line up when their row wraps, and the longest label fits), and a width
    the slider keeps (``flex: none``) where its row is narrow: the row wraps instead, and every track
    stays about 140 px long."""
    return dict(continuous_update=False, style={"description_width": label_width},
                layout=widgets.Layout(width=width, flex="none"))


def control_row(children) -> widgets.HBox:
    """A row of controls that wraps onto a second line on a narrow screen (a 1024 px laptop with the
    file browser open, or beside a slide preview) instead of squeezing each slider's track to nothing.
    Each control keeps its width (``flex: none`` where it has no flex of its own)."""
    for child in children:
        if not child.layout.flex:
            child.layout.flex = "none"
    return widgets.HBox(children, layout=widgets.Layout(flex_flow="row wrap", align_items="center"))


# The explorers' pictures: a palette PNG of 256 colours, a third of the bytes of RGB and faster to
# write and to send (XOR explorer 80 → 24 kB, dropout 104 → 35 kB, optimiser 46 → 18 kB).
EXPLORER_PNG_COLOURS = 256


def png_bytes(canvas, compress_level=1, colours=None) -> bytes:
    """An Agg canvas's current pixels as PNG bytes (fast compression: these images live for one move).
    ``colours=k`` writes a palette PNG of ``k`` colours (at most 256) picked for this picture: about
    a third of the bytes and faster to write, for pictures of a few smooth colour ramps."""
    if colours is None:
        image = PIL.Image.fromarray(np.asarray(canvas.buffer_rgba())[..., :3])
    else:       # read as RGB straight from the RGBA buffer (the figure is opaque)
        rgb = PIL.Image.frombytes("RGB", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBX")
        image = rgb.quantize(colours, method=PIL.Image.Quantize.FASTOCTREE)
    buf = io.BytesIO()
    image.save(buf, format="png", compress_level=compress_level)
    return buf.getvalue()


def lru_get(cache: OrderedDict, key, make, size):
    """``cache[key]``, made with ``make()`` when missing; keeps the ``size`` most recently used."""
    if key in cache:
        cache.move_to_end(key)
        return cache[key]
    value = cache[key] = make()
    if len(cache) > size:
        cache.popitem(last=False)
    return value

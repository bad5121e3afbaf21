"""Step through one training step on the network diagram, one quantity at a time.

``StepThrough(trace)`` shows :func:`backproplab.plots.draw_step` for any :class:`~backproplab.StepTrace`
with neuron names: every net input, output, error term, gradient and new weight appears in the order
of :meth:`~backproplab.StepTrace.explain`, on the neuron or edge it belongs to, the current one
highlighted and its formula with the numbers written underneath. Controls: the *quantity* slider
(focus it and use ← / →), *previous* / *next*, *play*, and *jump to* a phase (by the titles of
:class:`~backproplab.trace_records.Phase`). Where there is no kernel (an HTML export, a static
slide) the display bundle carries the finished step as a picture, and ``frames()`` gives every
state for a static build.
"""
from __future__ import annotations

import base64
import html

import ipywidgets as widgets

from .._plumbing import checks as _checks
from ..plots.step_diagram import step_frame, step_records
from ..trace import StepTrace
from ..trace_records import Phase
from ..trace_render import explain_line, heading
from ._base import control_row

__all__ = ["StepThrough"]


class StepThrough:
    """One training step built up in front of the class.

    Parameters
    ----------
    trace : the :class:`~backproplab.StepTrace` of ``net.train_step(...)``.
    sample : which sample's forward pass and δ's to show when the step used a batch (default 0).
    precision : significant digits, as in ``trace.explain()``.
    interval : milliseconds per quantity when playing.

    ``controls`` : ``{"quantity", "phase"}`` → widget (set ``.value`` to drive it without a browser);
    ``widget`` : what the notebook shows; ``records`` : the quantities in the order they appear.
    """

    def __init__(self, trace, sample=None, precision=4, interval=1200):
        if not isinstance(trace, StepTrace):
            raise TypeError(f"trace must be a StepTrace (from net.train_step), got {type(trace).__name__}")
        self.precision = _checks.integer("precision", precision, low=1)
        self.sample = sample
        self.trace = trace
        self.records = step_records(trace, self.precision, sample)
        self._frames = {}                   # count → PNG, each made on first use
        n = len(self.records)
        self.controls = {
            "quantity": widgets.IntSlider(value=0, min=0, max=n, description="quantity",
                                          continuous_update=True, layout=widgets.Layout(width="420px", flex="none")),
            "phase": widgets.Dropdown(options=[("—", None)] + [(p.title.lower(), p.value) for p in Phase
                                                              if any(r.phase == p for r in self.records)],
                                      value=None, description="jump to"),
        }
        self.play = widgets.Play(value=0, min=0, max=n, step=1, interval=_checks.integer("interval", interval, low=50),
                                 description="play")
        # play drives the slider in the browser; the slider's moves reach play from here (_on_quantity).
        # A two-way jslink would make every key press send two messages, and the second often waits
        # for the first's acknowledgement (tens of ms; see backproplab.lab.server).
        self.play_link = widgets.jsdlink((self.play, "value"), (self.controls["quantity"], "value"))
        self.previous = widgets.Button(description="◀ previous", layout=widgets.Layout(width="110px", flex="none"))
        self.next = widgets.Button(description="next ▶", layout=widgets.Layout(width="110px", flex="none"))
        self.previous.on_click(lambda _: self.step(-1))
        self.next.on_click(lambda _: self.step(+1))
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="900px"))
        self.readout = widgets.HTML()
        self.widget = widgets.VBox([
            control_row([self.play, self.previous, self.next, self.controls["quantity"], self.controls["phase"]]),
            self.image, self.readout])
        self.controls["quantity"].observe(self._on_quantity, names="value")
        self.controls["phase"].observe(self._on_phase, names="value")
        self.update()

    # ---------------------------------------------------------------- driving
    def step(self, by=1):
        """Move ``by`` quantities (negative: back); stops at the ends."""
        slider = self.controls["quantity"]
        slider.value = min(slider.max, max(0, slider.value + _checks.integer("by", by, low=-2**31)))

    def show(self, count):
        """Show the first ``count`` quantities (0: the bare network; ``len(records)``: the whole step)."""
        self.controls["quantity"].value = _checks.integer("count", count, low=0)

    def _on_quantity(self, change):
        self.play.value = change["new"]      # play goes on from here (the link above runs one way)
        self.update()

    def _on_phase(self, change):
        if change["new"] is not None:
            first = next(i for i, r in enumerate(self.records) if r.phase == change["new"])
            self.controls["quantity"].value = first + 1
            self.controls["phase"].value = None

    def frames(self) -> list[bytes]:
        """Every state as PNG bytes, from the bare network (``frames()[0]``) to the finished step."""
        return [self._frame(count) for count in range(len(self.records) + 1)]

    def _frame(self, count):
        if count not in self._frames:
            self._frames[count] = step_frame(self.trace, count - 1, precision=self.precision, sample=self.sample)
        return self._frames[count]

    def update(self):
        """Show the state the *quantity* slider asks for (the controls call this on every change)."""
        count = self.controls["quantity"].value
        self.image.value = self._frame(count)
        self.readout.value = f"<div style='font-family:monospace;font-size:1.05em'>{html.escape(self._line(count))}</div>"
        # The picture is on its way to the browser; draw the next state now, while the class looks at
        # this one, so that the next press shows it at once.
        if count < len(self.records):
            self._frame(count + 1)

    def _line(self, count):
        if count == 0:
            return f"0/{len(self.records)}: the network before the step (press next, or focus the slider and use →)"
        record = self.records[count - 1]
        return (f"{count}/{len(self.records)} · {heading(record.phase, self.trace, self.precision)}: "
                f"{explain_line(record, self.precision)}")

    # ---------------------------------------------------------------- display
    def __repr__(self):
        sizes = "-".join(str(len(layer)) for layer in self.trace.names)
        return f"StepThrough({sizes} step, {len(self.records)} quantities): {self._line(self.controls['quantity'].value)}"

    def _repr_mimebundle_(self, include=None, exclude=None):
        """The live widget, plus the finished step as a picture and one line of text for places
        without a kernel, and the trace as data (``StepTrace.MIME``) for the static builds."""
        bundle = self.widget._repr_mimebundle_()
        bundle["image/png"] = base64.b64encode(self._frame(len(self.records))).decode("ascii")
        bundle["text/plain"] = repr(self)
        # the step as plain data, from which the static builds redraw every state (backproplab.publish.step_builds)
        bundle[StepTrace.MIME] = {"trace": self.trace.to_dict(), "precision": self.precision, "sample": self.sample}
        return bundle

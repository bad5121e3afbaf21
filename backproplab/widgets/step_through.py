"""Step through one training step on the network diagram, one quantity at a time.

``StepThrough(trace)`` shows :func:`backproplab.plots.draw_step` for any :class:`~backproplab.StepTrace`
with neuron names: every net input, output, error term, gradient and new weight appears in the order
of :meth:`~backproplab.StepTrace.explain`, on the neuron or edge it belongs to, the current one
highlighted (its value in colour at its place) and its formula with the numbers written underneath.
Controls: the *quantity* slider (focus it and use ← / →), *previous* / *next*, *play*, and *jump to*
a phase (by the titles of :class:`~backproplab.trace_records.Phase`), which always shows the phase
of the quantity on show ("before the step" at 0). Every button says what it does when the pointer
rests on it (the play widget's icons too).

The formula line is written once, as text under the picture (``readout``), not also in the picture:
text can be selected and copied, a screen reader reads it, it keeps its size when the picture is
scaled down to a narrow notebook, and it takes the theme's colours; the picture keeps, where the
eye is, the current value in colour on its neuron or edge. Where there is no kernel (an HTML export,
a static slide) the display bundle carries the finished step as a picture with its formula line
drawn in (there is no text beside it), and ``frames()`` gives every state, each with its line, for
a static build.
"""
from __future__ import annotations

import base64
import html

import ipywidgets as widgets

from .._plumbing import checks as _checks
from .._plumbing.i18n import mark, tr
from ..plots.step_diagram import step_frame, step_records
from ..trace import StepTrace
from ..trace_records import Phase
from ..trace_render import explain_line, heading
from ._base import control_row

__all__ = ["StepThrough"]

BEFORE, BEFORE_LABEL = "before", mark("before the step")     # *jump to*'s first entry: the bare network
# The play widget's three icon buttons have no title of their own; the widget's tooltip (the title of
# their box, which ipywidgets sets only when the widget has no description) is shown over each of them.
PLAY_TOOLTIP = mark("▶ play from here (⏸ pause) · ■ stop: back to the start · ⟲ repeat: start again at the end")


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
            "quantity": widgets.IntSlider(value=0, min=0, max=n, description=tr("quantity"),
                                          continuous_update=True, layout=widgets.Layout(width="420px", flex="none")),
            "phase": widgets.Dropdown(options=[(tr(BEFORE_LABEL), BEFORE)] + [(p.title.lower(), p.value) for p in Phase
                                                                            if any(r.phase == p for r in self.records)],
                                      value=BEFORE, description=tr("jump to"),
                                      tooltip=tr("the phase on show; pick another to jump to its first quantity")),
        }
        self._following = False             # True while the menu follows the slider (no jump then)
        self.play = widgets.Play(value=0, min=0, max=n, step=1, interval=_checks.integer("interval", interval, low=50),
                                 tooltip=tr(PLAY_TOOLTIP))    # no description: the browser shows a tooltip only without one
        # play drives the slider in the browser; the slider's moves reach play from here (_on_quantity).
        # A two-way jslink would make every key press send two messages, and the second often waits
        # for the first's acknowledgement (tens of ms; see backproplab.lab.server).
        self.play_link = widgets.jsdlink((self.play, "value"), (self.controls["quantity"], "value"))
        self.previous = widgets.Button(description=tr("◀ previous"), tooltip=tr("back one quantity (← on the slider)"),
                                       layout=widgets.Layout(width="110px", flex="none"))
        self.next = widgets.Button(description=tr("next ▶"), tooltip=tr("show the next quantity (→ on the slider)"),
                                   layout=widgets.Layout(width="110px", flex="none"))
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
        self._follow(change["new"])
        self.update()

    def _on_phase(self, change):
        if self._following:
            return
        self.controls["quantity"].value = (0 if change["new"] == BEFORE else
                                           1 + next(i for i, r in enumerate(self.records) if r.phase == change["new"]))

    def phase_at(self, count) -> str:
        """The *jump to* entry of the state showing ``count`` quantities: ``"before"`` for 0, else
        the phase (its value, e.g. ``"backward"``) of the last quantity shown."""
        count = _checks.integer("count", count, low=0, high=len(self.records))
        return BEFORE if count == 0 else str(self.records[count - 1].phase.value)

    def _follow(self, count):
        """Set *jump to* to the phase on show, without jumping (a move within a phase changes nothing)."""
        self._following = True
        try:
            self.controls["phase"].value = self.phase_at(count)
        finally:
            self._following = False

    def frames(self) -> list[bytes]:
        """Every state as PNG bytes, from the bare network (``frames()[0]``) to the finished step."""
        return [self._frame(count) for count in range(len(self.records) + 1)]

    def _frame(self, count):
        """The picture of ``count`` quantities, without its formula line (the readout has it)."""
        if count not in self._frames:
            self._frames[count] = step_frame(self.trace, count - 1, precision=self.precision, sample=self.sample,
                                             caption=False)
        return self._frames[count]

    def _readout(self, count):
        """The text under the picture: where the step is and the phase's heading, then the formula
        with the numbers put in (in the theme's text colour, selectable)."""
        if count == 0:
            return (f"<div style='font-family:monospace;font-size:1.05em'>{html.escape(self._line(0))}</div>")
        record = self.records[count - 1]
        where = f"{count}/{len(self.records)} · {heading(record.phase, self.trace, self.precision)}"
        return ("<div style='font-family:monospace;font-size:1.05em;line-height:1.5'>"
                f"<div style='opacity:0.75'>{html.escape(where)}</div>"
                f"<div style='font-size:1.1em'>{html.escape(explain_line(record, self.precision))}</div></div>")

    def update(self):
        """Show the state the *quantity* slider asks for (the controls call this on every change)."""
        count = self.controls["quantity"].value
        self.image.value = self._frame(count)
        self.readout.value = self._readout(count)
        # The picture is on its way to the browser; draw the next state now, while the class looks at
        # this one, so that the next press shows it at once.
        if count < len(self.records):
            self._frame(count + 1)

    def _line(self, count):
        if count == 0:
            return tr("0/{total}: the network before the step (press next, or focus the slider and use →)").format(
                total=len(self.records))
        record = self.records[count - 1]
        return (f"{count}/{len(self.records)} · {heading(record.phase, self.trace, self.precision)}: "
                f"{explain_line(record, self.precision)}")

    # ---------------------------------------------------------------- display
    def __repr__(self):
        return self._describe(self.controls["quantity"].value)

    def _describe(self, count):
        sizes = "-".join(str(len(layer)) for layer in self.trace.names)
        return f"StepThrough({sizes} step, {len(self.records)} quantities): {self._line(count)}"

    def _repr_mimebundle_(self, include=None, exclude=None):
        """The live widget, plus the finished step as a picture and as one line of text (the same
        state: the widget itself opens at 0) for places without a kernel, and the trace as data (``StepTrace.MIME``) for the static builds."""
        bundle = self.widget._repr_mimebundle_()
        # no text beside this picture: it carries its formula line
        finished = step_frame(self.trace, len(self.records) - 1, precision=self.precision, sample=self.sample)
        bundle["image/png"] = base64.b64encode(finished).decode("ascii")
        bundle["text/plain"] = self._describe(len(self.records))     # what the picture shows: the finished step
        # the step as plain data, from which the static builds redraw every state (backproplab.publish.step_builds)
        bundle[StepTrace.MIME] = {"trace": self.trace.to_dict(), "precision": self.precision, "sample": self.sample}
        return bundle

"""Static builds of a step-through (:class:`backproplab.widgets.StepThrough`): the slides show the
step as a reveal.js fragment sequence, the site as a strip of one picture per phase.

A step-through's display bundle carries its trace as plain data (under ``StepTrace.MIME``,
:meth:`backproplab.StepTrace.to_dict`), so a build redraws every state without the kernel that made
it; nothing of the lesson is executed. Why two forms:

* **Slides: every quantity, one press each.** On a slide the class follows the step as the lecturer
  builds it; a reveal.js ``r-stack`` puts the states on top of each other and each press of → shows
  the next, with its formula line under the diagram — the live widget's *next* button, without a kernel.
* **Site: one picture per phase** (after the forward pass, the loss, the δ's, the gradients, the
  updates). A reader scrolls, and 20–40 near-identical pictures in a column read worse than five that
  each add a layer of numbers; the lesson's own cells list every line of ``explain()`` beside them.
"""
from __future__ import annotations

import base64
import functools
import html
import json

from .._plumbing.i18n import mark, tr
from ..trace_records import Phase

__all__ = ["expand_step_throughs"]


_AFTER = {Phase.FORWARD: mark("after the forward pass"), Phase.LOSS: mark("after the loss"),
          Phase.BACKWARD: mark("after the backward pass"), Phase.GRADIENT: mark("after the gradients"),
          Phase.UPDATE: mark("after the updates")}


def _after(phase) -> str:
    """A site picture's caption: the phase it ends ("after the backward pass"), in the package's language."""
    return tr(_AFTER[Phase(phase)])


def _img(png: bytes, style: str, alt: str, extra: str = "") -> str:
    src = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    return f'<img {extra}src="{src}" alt="{html.escape(alt)}" style="{style}">'


def _slides_html(frames, records) -> str:
    images = [_img(frames[0], "max-height:480px;width:auto;background:white", "the network before the step")]
    images += [_img(frame, "max-height:480px;width:auto;background:white", f"{r.phase.value}: {r.name}", 'class="fragment" ')
               for frame, r in zip(frames[1:], records)]
    return f'<div class="r-stack bp-step-through">{"".join(images)}</div>'


def _site_html(frames, records) -> str:
    last_of_phase = [i for i, r in enumerate(records) if i + 1 == len(records) or records[i + 1].phase != r.phase]
    figures = "".join(
        f'<figure style="margin:0">{_img(frames[i + 1], "width:100%;height:auto", _after(records[i].phase))}'
        f'<figcaption style="font-size:0.9em;text-align:center">{i + 1}/{len(records)} · '
        f'{html.escape(_after(records[i].phase))}</figcaption></figure>'
        for i in last_of_phase)
    return ('<div class="bp-step-through" style="display:grid;grid-template-columns:repeat(auto-fill,minmax(460px,1fr));'
            f'gap:10px">{figures}</div>')


@functools.lru_cache(maxsize=8)
def _drawn(spec_json: str):
    """Every state's picture and record of one step-through bundle. Kept for the process: the full
    deck, the lecture deck and the site of one build draw the same step-through, and each of its
    26–37 states is a matplotlib figure."""
    from ..plots.step_diagram import step_frames, step_records
    from ..trace import StepTrace

    spec = json.loads(spec_json)
    trace = StepTrace.from_dict(spec["trace"])
    precision, sample = spec.get("precision", 4), spec.get("sample")
    return tuple(step_frames(trace, precision=precision, sample=sample)), tuple(step_records(trace, precision, sample))


def expand_step_throughs(nb, *, slides: bool):
    """Replace every step-through output of ``nb`` (in place; returns ``nb``) by its static build:
    a fragment sequence of every state (``slides=True``) or one picture per phase (the site)."""
    from ..trace import StepTrace

    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if StepTrace.MIME not in data:
                continue
            frames, records = _drawn(json.dumps(data[StepTrace.MIME], sort_keys=True))
            output["data"] = {"text/html": (_slides_html if slides else _site_html)(frames, records),
                              "text/plain": data.get("text/plain", "")}
    return nb

"""A step-through's static builds: its display bundle carries the trace as data, from which the slides
build every state as a reveal.js fragment and the site one picture per phase."""
from __future__ import annotations

import base64
import json
import re

import nbformat
import numpy as np
import pytest

import backproplab as bp
from backproplab.lessons import handworked, mazur
from backproplab.plots.network_diagram import step_frame, step_records
from backproplab.publish.step_builds import expand_step_throughs
from backproplab.trace import StepTrace

pytest.importorskip("ipywidgets")


@pytest.mark.parametrize("make", [handworked.trace, mazur.trace,
                                  lambda: bp.Network([3, 4, 2], dropout=0.3, seed=1, activation=["relu", "softmax"],
                                                     loss="cross_entropy").train_step(np.ones((2, 3)), np.eye(2), lr=0.1)],
                         ids=["3-2-1", "2-2-2 biases fixed", "softmax with dropout, a batch"])
def test_a_trace_round_trips_through_json_exactly(make):
    trace = make()
    back = StepTrace.from_dict(json.loads(json.dumps(trace.to_dict())))
    assert back.explain() == trace.explain() and back.values.keys() == trace.values.keys()
    assert all(np.array_equal(back.values[k], trace.values[k]) for k in trace.values)
    assert step_frame(back, 5) == step_frame(trace, 5)          # the same picture, byte for byte


def test_from_dict_refuses_what_to_dict_did_not_write():
    with pytest.raises(ValueError, match="data must be a dict written by StepTrace.to_dict"):
        StepTrace.from_dict({"names": []})
    broken = handworked.trace().to_dict()
    del broken["layers"]
    with pytest.raises(ValueError, match="not a trace written by StepTrace.to_dict .*KeyError"):
        StepTrace.from_dict(broken)


def _notebook_with(widget):
    bundle = widget._repr_mimebundle_()
    out = nbformat.v4.new_output("display_data", data={k: v for k, v in bundle.items()})
    cell = nbformat.v4.new_code_cell("StepThrough(trace)", outputs=[out])
    return nbformat.v4.new_notebook(cells=[cell]), bundle


def test_the_bundle_carries_the_trace_and_the_builds_show_every_state():
    from backproplab.widgets import StepThrough

    trace = handworked.trace()
    nb, bundle = _notebook_with(StepThrough(trace))
    assert StepTrace.from_dict(bundle[StepTrace.MIME]["trace"]).explain() == trace.explain()
    n = len(step_records(trace))

    slides = expand_step_throughs(nbformat.from_dict(json.loads(json.dumps(nb))), slides=True)
    html = slides.cells[0].outputs[0]["data"]["text/html"]
    assert set(slides.cells[0].outputs[0]["data"]) == {"text/html", "text/plain"}
    images = re.findall(r'<img (class="fragment" )?src="data:image/png;base64,([^"]+)"', html)
    assert len(images) == n + 1 and [bool(c) for c, _ in images] == [False] + [True] * n   # bare network, then one per press
    assert base64.b64decode(images[4][1]) == step_frame(trace, 3)

    site = expand_step_throughs(nbformat.from_dict(json.loads(json.dumps(nb))), slides=False)
    page = site.cells[0].outputs[0]["data"]["text/html"]
    phases = [r.phase for r in step_records(trace)]
    assert page.count("<figure") == len(dict.fromkeys(phases)) == 5         # one picture per phase
    last_forward = max(i for i, p in enumerate(phases) if p == "forward")
    assert f"{last_forward + 1}/{n} · after the forward pass" in page

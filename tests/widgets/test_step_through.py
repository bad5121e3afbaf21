"""The step-through: one training step revealed quantity by quantity on the diagram (issue 25)."""
import numpy as np
import pytest

import backproplab as bp
from backproplab import plots
from backproplab.lessons import handworked as hw
from backproplab.trace import Element, explain_line
from backproplab.widgets import StepThrough


@pytest.fixture(scope="module")
def trace():
    return hw.trace()


def test_the_order_of_quantities_is_explains_order_and_each_appears_once(trace):
    records = plots.step_records(trace)
    lines = [line for line in trace.explain().splitlines() if line and not line.startswith("#")]
    assert [explain_line(r) for r in records] == lines
    names = [r.name for r in records]
    assert len(names) == len(set(names)) == 26                  # 6 forward, E, 3 δ, 8 gradients, 8 updates
    assert names[:2] == ["z_D", "o_D"] and names[6] == "E_total" and names[7] == "δ_F" and names[-1] == "w_EF_new"


def test_every_quantity_has_its_place_on_the_diagram(trace):
    places = {r.name: r.element for r in plots.step_records(trace)}
    assert places["z_D"] == places["δ_D"] == Element("neuron", 1, 0, ("D",))
    assert places["E_total"] == Element("loss", None, None, ())
    assert places["∂E_total/∂w_CE"] == places["w_CE_new"] == Element("edge", 2 - 1, (2, 1), ("C", "E"))
    assert trace.element_of("w_CE_new") == places["w_CE_new"]          # a look-up in the records
    with pytest.raises(KeyError, match="not a quantity"):
        trace.element_of("z_Q")


def test_frames_are_deterministic_and_each_step_changes_the_picture(trace):
    frames = plots.step_frames(trace, dpi=50)
    assert len(frames) == 27 and all(f.startswith(b"\x89PNG") for f in frames)
    assert frames == plots.step_frames(trace, dpi=50)
    assert len(set(frames)) == 27                                 # every quantity adds something visible


def test_draw_step_refuses_steps_out_of_range(trace):
    with pytest.raises(ValueError, match=r"step must be an int in -1\.\.25"):
        plots.draw_step(trace, 26)
    with pytest.raises(TypeError, match="trace must be a StepTrace"):
        plots.draw_step([np.eye(2)], 0)


def test_the_widget_steps_forward_back_and_jumps_to_a_phase(trace):
    st = StepThrough(trace)
    first = bytes(st.image.value)
    assert "0/26" in st.readout.value
    st.step()
    assert "z_D = x_A·w_AD + x_B·w_BD + x_C·w_CD = 0·0.4 + 1·(−0.6) + 1·0.9 = 0.3" in st.readout.value
    assert bytes(st.image.value) != first
    st.controls["phase"].value = "backward"
    assert st.controls["quantity"].value == 8 and "δ_F" in st.readout.value
    assert st.controls["phase"].value == "backward"              # the menu shows where the step is
    st.step(-1)
    assert "E_total = ½(t_F − o_F)²" in st.readout.value
    st.show(26)
    st.step()                                                     # stops at the end
    assert st.controls["quantity"].value == 26 and "w_EF ←" in repr(st)
    bundle = st._repr_mimebundle_()
    assert bundle["text/plain"] == repr(st) and "image/png" in bundle
    assert st.play.max == 26


def test_play_follows_the_slider_through_the_kernel_and_drives_it_in_the_browser(trace):
    """The browser link runs one way, play → slider (a key press on the slider sends one message,
    not two); the slider's moves reach play here, so play goes on from where the slider is."""
    import ipywidgets
    st = StepThrough(trace)
    assert type(st.play_link) is ipywidgets.widgets.widget_link.DirectionalLink      # jsdlink, not jslink
    assert st.play_link.source == (st.play, "value") and st.play_link.target == (st.controls["quantity"], "value")
    st.controls["quantity"].value = 7
    assert st.play.value == 7 and "7/26" in st.readout.value
    st.step(-2)
    assert st.play.value == 5


def test_jump_to_shows_the_phase_on_show_and_follows_next_and_previous(trace):
    st = StepThrough(trace)
    menu = st.controls["phase"]
    assert menu.value == "before" and menu.options[0] == ("before the step", "before")     # never blank
    assert [label for label, _ in menu.options[1:]] == ["forward pass", "loss", "backward pass", "gradients", "updates"]
    seen = []
    for _ in range(len(st.records)):
        st.step()
        seen.append(menu.value)
        assert menu.value == st.records[st.controls["quantity"].value - 1].phase.value
    assert seen[:7] == ["forward"] * 6 + ["loss"] and seen[-1] == "update"
    st.controls["quantity"].value = 9                   # a move within a phase does not jump back to its start
    assert menu.value == "backward" and st.controls["quantity"].value == 9
    st.step(+1)
    assert st.controls["quantity"].value == 10 and menu.value == "backward"
    menu.value = "before"
    assert st.controls["quantity"].value == 0 and "0/26" in st.readout.value
    assert st.phase_at(26) == "update"
    with pytest.raises(ValueError, match="count"):
        st.phase_at(27)


def test_the_formula_is_written_once_as_text_under_a_picture_without_it(trace):
    """The readout under the picture carries the formula line (selectable, read by screen readers);
    the live picture has no formula strip. The no-kernel snapshot, with no text beside it, keeps it."""
    import base64
    import io

    import PIL.Image
    st = StepThrough(trace)
    st.show(8)
    assert "δ_F = " in st.readout.value and "8/26 · Backward pass" in st.readout.value
    assert bytes(st.image.value) == plots.step_frame(trace, 7, caption=False) != plots.step_frame(trace, 7)
    live = PIL.Image.open(io.BytesIO(bytes(st.image.value))).size
    captioned = PIL.Image.open(io.BytesIO(plots.step_frame(trace, 7))).size
    assert live[0] == captioned[0] and live[1] < captioned[1]           # the strip for the line is gone
    bundle = st._repr_mimebundle_()
    assert base64.b64decode(bundle["image/png"]) == plots.step_frame(trace, 25)
    # the picture for places without a kernel and its line of text tell of the same state, the finished
    # step, whatever the slider shows (the lesson displays the widget at 0)
    assert bundle["text/plain"].endswith(st._line(26)) and "26/26 · Updates" in bundle["text/plain"]
    assert "8/26" in repr(st) and "8/26" not in bundle["text/plain"]
    with pytest.raises(TypeError, match="caption must be True or False"):
        plots.step_frame(trace, 0, caption="no")


def test_every_button_has_a_tooltip(trace):
    st = StepThrough(trace)
    for button in (st.play, st.previous, st.next, st.controls["phase"]):
        assert button.tooltip, button
    assert all(word in st.play.tooltip for word in ("play", "pause", "stop", "repeat"))
    assert not st.play.description          # with a description, ipywidgets shows no tooltip on the play box

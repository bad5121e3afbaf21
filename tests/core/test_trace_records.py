"""The trace as records (issue 32): each record knows its phase, element and sample; the phases are
one enumeration with their titles; text and HTML are written from the records."""
import re

import numpy as np
import pytest

import backproplab as bp
from backproplab.lessons import handworked as hw, mazur
from backproplab.trace import Element, Phase, Record
from backproplab.trace_render import explain_line, formula_line, heading, value_label


def by_name(records):
    return {r.name: r for r in records}


def test_a_3_2_1_step_without_biases_knows_every_records_element():
    trace = hw.trace()                                  # names A B C → D E → F, one sample
    recs = by_name(trace.records())
    z_d = recs["z_D"]
    assert (z_d.phase, z_d.element, z_d.sample, z_d.quantity) == (Phase.FORWARD, Element("neuron", 1, 0, ("D",)), None, "z")
    assert z_d.formula == "x_A·w_AD + x_B·w_BD + x_C·w_CD" and z_d.value == pytest.approx(0.3)
    assert recs["o_E"].element == Element("neuron", 1, 1, ("E",)) and recs["o_E"].quantity == "o"
    assert recs["δ_F"].element == Element("neuron", 2, 0, ("F",)) and recs["δ_F"].phase is Phase.BACKWARD
    assert recs["E_total"].element == Element("loss", None, None, ()) and recs["E_total"].phase is Phase.LOSS
    grad = recs["∂E_total/∂w_CE"]
    assert grad.element == Element("edge", 1, (2, 1), ("C", "E")) and grad.quantity == "∂E_total/∂w"
    assert grad.value == trace.layers[0].grad_W[2, 1]
    new = recs["w_EF_new"]
    assert new.element == Element("edge", 2, (1, 0), ("E", "F")) and new.phase is Phase.UPDATE
    assert new.quantity == "w" and new.value == trace.weights_after[1][1, 0]
    assert not any(r.element.kind == "bias" for r in recs.values())
    # every element names real neurons at the layer and index it says
    for r in recs.values():
        e = r.element
        if e.kind == "neuron":
            assert trace.names[e.layer][e.index] == e.names[0]
        elif e.kind == "edge":
            i, j = e.index
            assert (trace.names[e.layer - 1][i], trace.names[e.layer][j]) == e.names


def test_a_2_2_2_step_with_biases_has_bias_records_and_samples_in_a_batch():
    trace = mazur.trace(train_bias=True)                # i1 i2 → h1 h2 → o1 o2, biases
    recs = by_name(trace.records())
    assert recs["∂E/∂b_o2"].element == Element("bias", 2, 1, ("o2",)) and recs["∂E/∂b_o2"].quantity == "∂E/∂b"
    assert recs["b_h1_new"].element == Element("bias", 1, 0, ("h1",)) and recs["b_h1_new"].quantity == "b"
    assert recs["b_h1_new"].value == trace.biases_after[0][0]
    assert recs["z_h2"].formula.endswith("+ b_h2") and recs["z_h2"].sample is None
    # a batch of three: forward and backward records per sample, the rest for the whole batch
    net = mazur.network()
    X = np.array([[0.05, 0.1], [0.2, 0.3], [1.0, 0.0]])
    batch = net.train_step(X, np.array([[0.01, 0.99]] * 3), lr=0.5)
    recs = by_name(batch.records())
    assert recs["z_o1[2]"].sample == 2 and recs["z_o1[2]"].element == Element("neuron", 2, 0, ("o1",))
    assert recs["z_o1[2]"].value == batch.layers[1].z[2, 0]
    assert recs["δ_h2[1]"].sample == 1 and recs["δ_h2[1]"].value == batch.layers[0].delta[1, 1]
    assert all(r.sample is None for r in recs.values() if r.phase in (Phase.LOSS, Phase.GRADIENT, Phase.UPDATE))
    one = batch.records(sample=1)
    assert {r.sample for r in one if r.phase in (Phase.FORWARD, Phase.BACKWARD)} == {1}
    # one element's records: what the playground's read-out asks for
    h2 = Element("neuron", 1, 1, ("h2",))
    assert [r.name for r in batch.records(element=h2, sample=0)] == ["z_h2[0]", "o_h2[0]", "δ_h2[0]"]
    edge = recs["w_h1,o2_new"].element
    assert [r.name for r in batch.records(element=edge)] == ["∂E/∂w_h1,o2", "w_h1,o2_new"]
    with pytest.raises(TypeError, match="element must be an Element"):
        batch.records(element=("neuron", "h2"))


def test_phases_are_one_enumeration_with_their_titles_once():
    assert [p.value for p in Phase] == ["forward", "loss", "backward", "gradient", "update"]
    assert [p.title for p in Phase] == ["Forward pass", "Loss", "Backward pass", "Gradients", "Updates"]
    assert Phase.BACKWARD == "backward" and str(Phase.GRADIENT) == "gradient"
    trace = hw.trace()
    text = trace.explain()
    for p in Phase:
        assert text.count(f"# {p.title}") == 1                          # one heading per phase, by its title
    assert heading("backward", trace) == "Backward pass: δ = ∂E_total/∂z" == trace.phase_title(Phase.BACKWARD)
    assert heading(Phase.UPDATE, trace) == "Updates (η = 0.5)"
    html = trace._repr_html_()
    assert "Backward pass (δ = ∂E_total/∂z)" in html and "Updates (η = 0.5)" in html
    # a phase header takes its colours from the theme, both (JupyterLab Dark's white text on a fixed light
    # background would vanish), with light fallbacks outside JupyterLab
    headers = re.findall(r'<th colspan="4" style="([^"]*)">', html)
    assert len(headers) == 5 and all("background:var(--jp-layout-color3, #eef3fb)" in s and
                                     "color:var(--jp-content-font-color1, #1f2328)" in s for s in headers)
    with pytest.raises(ValueError, match="phase must be one of"):
        trace.phase_title("sideways")


def test_renderers_read_the_records_fields():
    trace = hw.trace()
    recs = by_name(trace.records())
    assert explain_line(recs["w_AD_new"]) == "w_AD ← w_AD − η·∂E_total/∂w_AD = 0.4 − 0.5·0 = 0.4"
    assert formula_line(recs["w_AD_new"]) == "w_AD ← w_AD − η·∂E_total/∂w_AD"
    assert value_label(recs["δ_D"]) == f"δ = {bp.trace.fmt(trace['δ_D'])}"
    # a record with another name renders by its fields: the diagram's label never reads the name
    renamed = recs["z_D"]._replace(name="?")
    assert value_label(renamed) == "z = 0.3"
    assert isinstance(renamed, Record)


def test_the_loss_is_E_total_exactly_where_a_neuron_is_called_E():
    """Issue 34: the loss and a neuron called E must not share a letter. Beside a neuron E (lesson 1's
    D, E → F; a 2-2-3 network's outputs E, F, G) the trace writes the loss E_total, in its lines, its
    headings, its keys and the step diagram's labels; every other network keeps E (lesson 2's i1, h1, o1)."""
    from backproplab.trace_records import loss_symbol
    assert loss_symbol([["A", "B", "C"], ["D", "E"], ["F"]]) == "E_total"
    assert loss_symbol([["A", "B"], ["C", "D"], ["E", "F", "G"]]) == "E_total"
    assert loss_symbol([["i1", "i2"], ["h1", "h2"], ["o1", "o2"]]) == "E"
    assert loss_symbol([["A", "B"], ["C", "D"], ["Ex"]]) == "E"          # only a neuron named exactly E
    trace = hw.trace()
    assert trace.loss_symbol == "E_total"
    recs = by_name(trace.records())
    loss = recs["E_total"]
    assert (loss.quantity, loss.formula) == ("E_total", "½(t_F − o_F)²")
    assert value_label(loss) == f"E_total = {bp.trace.fmt(trace.loss)}"
    assert value_label(recs["∂E_total/∂w_DF"]).startswith("∂E_total/∂w = ")
    text = trace.explain()
    assert "\nE_total = ½(t_F − o_F)² = ½(0 − 0.4397)² = 0.09669\n" in text
    assert "# Backward pass: δ = ∂E_total/∂z" in text
    assert "∂E_total/∂w_DF = o_D·δ_F = 0.5744·0.1083 = 0.06223" in text
    # no line of the trace writes the loss as a bare E any more
    import re
    assert not re.search(r"(^|[^_\w])E( =|/)|∂E/", text, re.M)
    # the keys: the new names, and the old ones still read the same numbers
    assert trace["E_total"] == trace["E"] == trace.loss
    assert trace["∂E_total/∂w_DF"] == trace["∂E/∂w_DF"] == trace["grad_w_DF"]
    # lesson 2's network has no neuron E: its trace is written as before
    plain = mazur.trace(train_bias=True)
    assert plain.loss_symbol == "E" and "E_total" not in plain.explain() and "E_total" not in plain.values
    assert "\nE = ½Σₖ(t_k − o_k)²" in plain.explain() and "# Backward pass: δ = ∂E/∂z" in plain.explain()
    assert by_name(plain.records())["∂E/∂b_o2"].quantity == "∂E/∂b"


def test_the_step_through_and_its_static_frames_write_E_total_beside_neuron_E():
    """The step-through's read-out line and the diagram's labels use the trace's loss symbol."""
    from backproplab.widgets import StepThrough
    trace = hw.trace()
    loss_at = next(i for i, r in enumerate(trace.records()) if r.phase is Phase.LOSS) + 1
    widget = StepThrough(trace)
    widget.show(loss_at)
    assert "· Loss: E_total = ½(t_F − o_F)² = ½(0 − 0.4397)² = 0.09669" in repr(widget)
    widget.show(loss_at + 1)
    assert "Backward pass: δ = ∂E_total/∂z: δ_F = " in repr(widget)
    plain = StepThrough(mazur.trace(train_bias=True))
    plain.show(next(i for i, r in enumerate(plain.records) if r.phase is Phase.LOSS) + 1)
    assert "· Loss: E = ½Σₖ(t_k − o_k)²" in repr(plain)

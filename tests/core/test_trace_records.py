"""The trace as records (issue 32): each record knows its phase, element and sample; the phases are
one enumeration with their titles; text and HTML are written from the records."""
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
    assert recs["E"].element == Element("loss", None, None, ()) and recs["E"].phase is Phase.LOSS
    grad = recs["∂E/∂w_CE"]
    assert grad.element == Element("edge", 1, (2, 1), ("C", "E")) and grad.quantity == "∂E/∂w"
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
    assert heading("backward", trace) == "Backward pass: δ = ∂E/∂z" == trace.phase_title(Phase.BACKWARD)
    assert heading(Phase.UPDATE, trace) == "Updates (η = 0.5)"
    html = trace._repr_html_()
    assert "Backward pass (δ = ∂E/∂z)" in html and "Updates (η = 0.5)" in html
    with pytest.raises(ValueError, match="phase must be one of"):
        trace.phase_title("sideways")


def test_renderers_read_the_records_fields():
    trace = hw.trace()
    recs = by_name(trace.records())
    assert explain_line(recs["w_AD_new"]) == "w_AD ← w_AD − η·∂E/∂w_AD = 0.4 − 0.5·0 = 0.4"
    assert formula_line(recs["w_AD_new"]) == "w_AD ← w_AD − η·∂E/∂w_AD"
    assert value_label(recs["δ_D"]) == f"δ = {bp.trace.fmt(trace['δ_D'])}"
    # a record with another name renders by its fields: the diagram's label never reads the name
    renamed = recs["z_D"]._replace(name="?")
    assert value_label(renamed) == "z = 0.3"
    assert isinstance(renamed, Record)

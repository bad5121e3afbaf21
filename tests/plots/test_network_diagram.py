"""Network diagrams: every neuron and weight drawn, dropped units greyed out, changes coloured."""
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch

import backproplab as bp
from backproplab.lessons import handworked as hw
from backproplab.plots import draw_network, draw_weight_change
from backproplab.trace import fmt


def texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def arrows(fig):
    return [p for p in fig.axes[0].patches if isinstance(p, FancyArrowPatch)]


def circles(fig):
    return [p for p in fig.axes[0].patches if isinstance(p, Circle)]


def is_dashed(patch):
    return patch.get_linestyle() not in ("-", "solid")


# --------------------------------------------------------------------------- draw_network
def test_draws_every_neuron_and_every_weight_on_its_edge():
    fig = draw_network(hw.network())
    assert isinstance(fig, Figure)
    labels = texts(fig)
    for name in "ABCDEF":
        assert name in labels
    for value in hw.WEIGHTS.values():
        assert fmt(value) in labels          # "−0.6" with a real minus sign
    assert len(arrows(fig)) == 8 and len(circles(fig)) == 6


def test_layers_run_left_to_right():
    fig = draw_network(hw.network())
    x = {t.get_text(): t.get_position()[0] for t in fig.axes[0].texts if t.get_text() in "ABCDEF"}
    assert x["A"] == x["B"] == x["C"] < x["D"] == x["E"] < x["F"]


def test_weight_labels_sit_on_their_edges():
    fig = draw_network(hw.network(), label_pos=0.5)
    pos = {t.get_text(): np.array(t.get_position()) for t in fig.axes[0].texts}
    # w_DF = −0.5 halfway between D and F
    np.testing.assert_allclose(pos[fmt(-0.5)], (pos["D"] + pos["F"]) / 2)


def test_accepts_weight_lists_traces_and_names():
    weights = hw.weight_arrays()
    fig = draw_network(weights, names=[["x", "y", "z"], ["h1", "h2"], ["out"]])
    assert {"x", "h2", "out"} <= set(texts(fig))
    fig = draw_network(hw.trace())       # the weights before the step
    assert fmt(-0.6) in texts(fig)
    assert "A" in texts(draw_network(weights))   # default letters


def test_draws_into_a_given_axes_and_returns_its_figure():
    fig, ax = plt.subplots()
    assert draw_network(hw.network(), ax=ax) is fig
    assert len(ax.patches) == 14


def test_annotations_title_and_layer_titles():
    fig = draw_network(hw.network(), annotations=hw.diagram_notes(), title="Start")
    labels = texts(fig)
    assert "$x_A = 0$" in labels and "$t = 0$" in labels
    assert {"input", "hidden", "output"} <= set(labels)
    assert fig.axes[0].get_title() == "Start"
    assert "hidden 2" in texts(draw_network(bp.Network([2, 3, 3, 1])))
    assert "input" not in texts(draw_network(hw.network(), layer_titles=[]))


def test_show_weights_false_writes_no_weights():
    labels = texts(draw_network(hw.network(), show_weights=False))
    assert not any(fmt(v) in labels for v in hw.WEIGHTS.values())


@pytest.mark.parametrize("dropped", [{"D"}, "D", [[0, 1]], [None, [0, 1], None], [np.array([[0.0, 1.0]])]])
def test_dropped_unit_is_greyed_out_with_dashed_edges(dropped):
    fig = draw_network(hw.network(), dropped=dropped)
    dashed = [p for p in arrows(fig) if is_dashed(p)]
    assert len(dashed) == 4                      # A→D, B→D, C→D and D→F
    d_circle = circles(fig)[3]                   # A, B, C, D, …
    assert is_dashed(d_circle) and not is_dashed(circles(fig)[4])


def test_dropout_masks_of_a_trace_are_shown():
    net = bp.Network([2, 4, 1], dropout=0.5, seed=3)
    trace = net.train_step([[1.0, 0.0]], [[1.0]], lr=0.5)
    n_dropped = int((trace.layers[0].mask == 0).sum())
    assert n_dropped > 0
    fig = draw_network(trace)
    assert sum(is_dashed(c) for c in circles(fig)) == n_dropped
    fig = draw_network(trace, dropped=set())     # an explicit argument wins
    assert not any(is_dashed(c) for c in circles(fig))


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="dropped names.*'Q'"):
        draw_network(hw.network(), dropped={"Q"})
    with pytest.raises(ValueError, match="dropped"):
        draw_network(hw.network(), dropped=[[0, 1, 1]])
    with pytest.raises(ValueError, match=r"dropped\[0\].*0/1"):
        draw_network(hw.network(), dropped=[[0.5, 1]])
    with pytest.raises(TypeError, match="network must be"):
        draw_network("3-2-1")
    with pytest.raises(ValueError, match="weights_?\\[?1"):
        draw_network([np.ones((3, 2)), np.ones((3, 1))])
    with pytest.raises(ValueError, match="names"):
        draw_network(hw.network(), names=[["A", "B"], ["D", "E"], ["F"]])
    with pytest.raises(ValueError, match="label_pos"):
        draw_network(hw.network(), label_pos=1.5)
    with pytest.raises(ValueError, match="layer_titles"):
        draw_network(hw.network(), layer_titles=["in", "out"])


# --------------------------------------------------------------------------- draw_weight_change
def edge_by_name(fig):
    """The arrows in drawing order (layer, source, target) by weight name."""
    order = [f"w_{s}{d}" for k in range(2) for s in hw.NAMES[k] for d in hw.NAMES[k + 1]]
    return dict(zip(order, arrows(fig)))


def test_weight_change_labels_new_values_and_changes():
    trace = hw.trace()
    fig = draw_weight_change(trace)
    labels = texts(fig)
    assert f"{fmt(trace['w_DF_new'])}\n({fmt(trace['w_DF_new'] - trace['w_DF'], 2)})" in labels
    assert f"{fmt(trace['w_BD_new'])}\n(+{fmt(trace['w_BD_new'] - trace['w_BD'], 2)})" in labels
    assert f"{fmt(0.4)}\n(no change)" in labels
    assert len(fig.axes) == 2                    # the diagram and its colour bar


def test_weight_change_width_and_colour_follow_the_change():
    fig = draw_weight_change(hw.trace())
    edges = edge_by_name(fig)
    widths = {name: e.get_linewidth() for name, e in edges.items()}
    assert widths["w_DF"] > widths["w_BD"] > widths["w_BE"] > widths["w_AD"]
    assert is_dashed(edges["w_AD"]) and not is_dashed(edges["w_BD"])
    red, green, blue, _ = edges["w_DF"].get_edgecolor()     # w_DF went down: red
    assert red > blue
    red, green, blue, _ = edges["w_BD"].get_edgecolor()     # w_BD went up: blue
    assert blue > red


def test_weight_change_from_two_weight_lists_matches_the_trace():
    trace = hw.trace()
    a = draw_weight_change(trace)
    b = draw_weight_change(trace.weights_before, trace.weights_after, names=hw.NAMES)
    assert texts(a) == texts(b)
    c = draw_weight_change(hw.network(), hw.network(hw.weights_by_name(trace.weights_after)), colorbar=False)
    assert texts(c) == [t for t in texts(a) if t in texts(c)] and len(c.axes) == 1


def test_no_change_at_all_is_drawn_without_error():
    fig = draw_weight_change(hw.network(), hw.network())
    assert sum("no change" in t for t in texts(fig)) == 8


def test_weight_change_bad_arguments():
    with pytest.raises(TypeError, match="StepTrace"):
        draw_weight_change(hw.network())
    with pytest.raises(ValueError, match="weights_after"):
        draw_weight_change(hw.weight_arrays(), [np.ones((3, 3)), np.ones((3, 1))])

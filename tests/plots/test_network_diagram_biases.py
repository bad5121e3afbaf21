"""Biases on the network diagram and the step-through: a "+1" node per layer, one labelled edge per
biased neuron, never on top of a weight label; a network without biases is drawn as before."""
import io

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch

from backproplab.lessons import mazur
from backproplab.plots import draw_network, draw_step, step_records
from backproplab.plots.network_diagram import BIAS_COLOUR, CURRENT_COLOUR
from backproplab.trace import fmt


def texts(fig):
    return [t for ax in fig.axes for t in ax.texts]


def png(fig):
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=60, metadata={"Software": None})
    return buffer.getvalue()


def overlapping(fig, labels):
    """Pairs of the given text artists whose drawn boxes (with their white backgrounds) overlap."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [(t.get_text(), (t.get_bbox_patch() or t).get_window_extent(renderer)) for t in labels]
    return [(a, b) for i, (a, ba) in enumerate(boxes) for b, bb in boxes[i + 1:] if ba.overlaps(bb)]


def test_every_bias_is_drawn_on_an_edge_from_a_plus_one_node():
    fig = draw_network(mazur.network(), annotations=mazur.diagram_notes())
    ax = fig.axes[0]
    labels = [t.get_text() for t in texts(fig)]
    assert labels.count("+1") == 2 and labels.count("bias") == 2
    assert labels.count(fmt(0.35)) == 2 and labels.count(fmt(0.6)) == 2
    assert len([p for p in ax.patches if isinstance(p, Circle)]) == 6 + 2
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    assert len(arrows) == 8 + 4
    assert sum(np.allclose(a.get_edgecolor()[:3], plt.matplotlib.colors.to_rgb(BIAS_COLOUR)) for a in arrows) == 4
    # the bias nodes sit below the network, in the columns of the inputs and of the hidden layer
    node = {t.get_text(): t.get_position() for t in texts(fig) if t.get_text() in ("i2", "h2")}
    plus = sorted(t.get_position() for t in texts(fig) if t.get_text() == "+1")
    assert plus[0][0] == node["i2"][0] and plus[1][0] == node["h2"][0]
    assert plus[0][1] < node["i2"][1] - 0.5


def test_bias_labels_never_overlap_the_weight_labels_or_neurons():
    for net in (mazur.network(), mazur.network(hidden_bias=-0.1234, output_bias=0.5678)):
        fig = draw_network(net, annotations=mazur.diagram_notes())
        assert overlapping(fig, texts(fig)) == []


def test_a_trace_shows_the_biases_before_its_step():
    step = mazur.trace(train_bias=True)
    labels = [t.get_text() for t in texts(draw_network(step))]
    assert labels.count(fmt(0.35)) == 2 and fmt(step["b_o1_new"]) not in labels


def test_without_biases_the_figure_is_the_bias_free_one():
    weights_only = png(draw_network(mazur.weight_arrays(), names=mazur.NAMES))
    assert png(draw_network(mazur.network(), show_biases=False)) == weights_only
    assert png(draw_network(mazur.network())) != weights_only
    no_labels = [t.get_text() for t in texts(draw_network(mazur.network(), show_weights=False))]
    assert "+1" in no_labels and fmt(0.35) not in no_labels
    with pytest.raises(TypeError, match="show_biases must be True or False"):
        draw_network(mazur.network(), show_biases="yes")


# --------------------------------------------------------------------------- the step-through
@pytest.fixture(scope="module")
def step():
    return mazur.trace()


def frame(step, name):
    records = step_records(step)
    index = [r.name for r in records].index(name)
    fig = Figure(figsize=(10, 6))
    FigureCanvasAgg(fig)
    draw_step(step, index, ax=fig.add_axes((0, 0.12, 1, 0.88)))
    return fig


def hot_arrows(fig):
    return [p for p in fig.axes[0].patches if isinstance(p, FancyArrowPatch)
            and np.allclose(p.get_edgecolor()[:3], plt.matplotlib.colors.to_rgb(CURRENT_COLOUR))]


def test_a_net_input_lights_its_bias_edge_too(step):
    fig = frame(step, "z_o1")
    assert len(hot_arrows(fig)) == 3                      # from h1, from h2 and from the "+1" node
    labels = [t.get_text() for t in texts(fig)]
    assert labels.count("b = 0.35") == 2 and labels.count("b = 0.6") == 2


def test_a_bias_gradient_and_update_sit_on_the_bias_edge(step):
    fig = frame(step, "b_o1_new")
    (hot,) = hot_arrows(fig)
    (x0, y0), (x1, y1) = hot._posA_posB
    by_text = {t.get_text(): t for t in texts(fig)}
    for text in (f"∂E/∂b = {fmt(step['∂E/∂b_o1'])}", "b ← 0.6"):
        x, y = by_text[text].get_position()
        assert x0 < x < x1 and y0 < y < y1                 # along the edge from the "+1" node to o1
    assert by_text["b ← 0.6"].get_color() == CURRENT_COLOUR
    # the bias's numbers and labels overlap nothing else on the picture
    bias_texts = [t for t in texts(fig) if t.get_text().startswith(("b ", "∂E/∂b", "+1", "bias"))]
    others = [t for t in texts(fig) if t not in bias_texts and t.get_position()[1] > -5]
    clashes = [pair for pair in overlapping(fig, bias_texts + others)
               if pair[0] in {t.get_text() for t in bias_texts} or pair[1] in {t.get_text() for t in bias_texts}]
    assert clashes == []


def test_the_diagram_places_and_highlights_a_record_by_its_element_not_its_name(step, monkeypatch):
    """draw_step reads each record's element: records renamed to nonsense are drawn in the same places."""
    from backproplab.plots import network_diagram

    records = step_records(step)
    index = [r.name for r in records].index("w_h1,o2_new")
    renamed = [r._replace(name=f"?{k}") for k, r in enumerate(records)]
    monkeypatch.setattr(network_diagram, "step_records", lambda *args, **kwargs: renamed)
    fig = Figure(figsize=(10, 6))
    FigureCanvasAgg(fig)
    draw_step(step, index, ax=fig.add_axes((0, 0.12, 1, 0.88)))
    (hot,) = hot_arrows(fig)
    assert renamed[index].element.names == ("h1", "o2")
    (x0, y0), (x1, y1) = hot._posA_posB
    by_text = {t.get_text(): t for t in texts(fig)}
    h1, o2 = by_text["h1"].get_position(), by_text["o2"].get_position()
    assert x0 < h1[0] + 0.5 and x1 > o2[0] - 0.5 and (y0 - y1) * (h1[1] - o2[1]) > 0   # from h1 towards o2
    new = by_text[f"w ← {fmt(step['w_h1,o2_new'])}"]
    assert new.get_color() == CURRENT_COLOUR
    x, y = new.get_position()
    assert min(x0, x1) < x < max(x0, x1) and min(y0, y1) < y < max(y0, y1)          # on that edge

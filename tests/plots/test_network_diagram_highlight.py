"""draw_network(highlight=...): paths drawn in colour, one colour per path (lesson 2's two paths from h1)."""
import io

import numpy as np
import pytest
from matplotlib.colors import to_rgb
from matplotlib.patches import Circle, FancyArrowPatch

from backproplab.lessons import mazur
from backproplab.plots import draw_network
from backproplab.plots.network_diagram import EDGE_COLOUR, PATH_COLOURS, SHARED_COLOUR


def png(fig):
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=60, metadata={"Software": None})
    return buffer.getvalue()


def coloured(patches, colour, getter):
    return [p for p in patches if np.allclose(getter(p)[:3], to_rgb(colour))]


def test_two_paths_from_h1_in_two_colours():
    fig = draw_network(mazur.network(), show_biases=False, highlight=[["h1", "o1"], ["h1", "o2"]])
    ax = fig.axes[0]
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    first = coloured(arrows, PATH_COLOURS[0], lambda p: p.get_edgecolor())
    second = coloured(arrows, PATH_COLOURS[1], lambda p: p.get_edgecolor())
    assert len(first) == len(second) == 1 and first[0].get_linewidth() > 3
    assert len(coloured(arrows, EDGE_COLOUR, lambda p: p.get_edgecolor())) == 8 - 2
    # the edges' labels take the path's colour: w5 = 0.4 (h1 → o1), w7 = 0.5 (h1 → o2)
    labels = {t.get_text(): t.get_color() for t in ax.texts}
    assert to_rgb(labels["0.4"]) == to_rgb(PATH_COLOURS[0]) and to_rgb(labels["0.5"]) == to_rgb(PATH_COLOURS[1])
    assert to_rgb(labels["0.45"]) == to_rgb("black")
    circles = [p for p in ax.patches if isinstance(p, Circle)]
    assert len(coloured(circles, SHARED_COLOUR, lambda p: p.get_edgecolor())) == 1          # h1, on both paths
    assert len(coloured(circles, PATH_COLOURS[0], lambda p: p.get_edgecolor())) == 1        # o1
    assert len(coloured(circles, PATH_COLOURS[1], lambda p: p.get_edgecolor())) == 1        # o2


def test_a_longer_path_and_no_highlight():
    plain = png(draw_network(mazur.network()))
    assert png(draw_network(mazur.network(), highlight=None)) == plain
    fig = draw_network(mazur.network(), highlight=[["i1", "h1", "o2"]])
    arrows = [p for p in fig.axes[0].patches if isinstance(p, FancyArrowPatch)]
    assert len(coloured(arrows, PATH_COLOURS[0], lambda p: p.get_edgecolor())) == 2


@pytest.mark.parametrize("highlight, error, says", [
    ("h1", TypeError, "list of paths"),
    ([], TypeError, "list of paths"),
    ([["h1"]], TypeError, "path 0"),
    ([["h1", "o3"]], ValueError, r"names \['o3'\]"),
    ([["i1", "o1"]], ValueError, "no edge"),
    ([["o1", "h1"]], ValueError, "no edge"),
    ([["i1", "h1"]] * 5, ValueError, "at most 4 paths"),
])
def test_bad_highlight_is_named(highlight, error, says):
    with pytest.raises(error, match=says):
        draw_network(mazur.network(), highlight=highlight)

"""Colour meaning in the lessons' figures reads for colour-blind students: the colours that carry a meaning
(train/test, function/derivative, the two difference quotients, the marks on lesson 1's loss curve) come
from the Okabe–Ito palette (:data:`backproplab.plots.style.OKABE_ITO`), and no pair of them is red against
green. Surfaces use diverging or sequential maps that stay readable (RdBu-like, viridis)."""
import matplotlib

matplotlib.use("agg")

import matplotlib.colors as mcolors  # noqa: E402
import numpy as np  # noqa: E402

from backproplab.lessons.lesson01 import handworked  # noqa: E402
from backproplab.lessons.lesson03 import figures as lesson03  # noqa: E402
from backproplab.lessons.lesson05 import figures as lesson05  # noqa: E402
from backproplab.lessons.lesson06 import figures as lesson06  # noqa: E402
from backproplab.plots.style import OKABE_ITO  # noqa: E402

PALETTE = {c.lower() for c in OKABE_ITO}


def _red_green(a, b) -> bool:
    """A pair told apart only by red against green (both saturated, hues ~0° and ~120°)."""
    import colorsys
    hues = sorted(colorsys.rgb_to_hsv(*mcolors.to_rgb(c))[0] * 360 for c in (a, b))
    reddish = lambda h: h < 20 or h > 340          # noqa: E731
    greenish = lambda h: 90 < h < 150              # noqa: E731
    return (reddish(hues[0]) and greenish(hues[1])) or (greenish(hues[0]) and reddish(hues[1]))


def test_the_meaning_colours_are_okabe_ito():
    for name, colour in {"lesson 3 function": lesson03.FUNCTION_COLOUR, "lesson 3 derivative": lesson03.DERIVATIVE_COLOUR,
                         "lesson 5 train": lesson05.TRAIN_COLOUR, "lesson 5 test": lesson05.TEST_COLOUR}.items():
        assert mcolors.to_hex(colour) in PALETTE, f"{name}: {colour} is not in OKABE_ITO"


def _line_and_marker_colours(fig):
    return [mcolors.to_hex(line.get_color()) for ax in fig.axes for line in ax.get_lines()]


def test_the_figures_draw_their_meaning_in_okabe_ito_and_never_red_against_green():
    figures = {"lesson 1 losses": handworked.plot_losses(np.linspace(0.1, 0.01, 20), highlight=1),
               "lesson 6 step sizes": lesson06.plot_step_size_errors(np.sin, 1.0, exact=np.cos(1.0))}
    for name, fig in figures.items():
        colours = _line_and_marker_colours(fig)
        meaning = [c for c in colours if c not in ("#000000", "#808080", "#333333", "#555555")]
        assert meaning and set(meaning) <= PALETTE, f"{name}: {sorted(set(meaning) - PALETTE)} not in OKABE_ITO"
        assert not any(_red_green(a, b) for a in meaning for b in meaning), f"{name}: red against green in {meaning}"
        matplotlib.pyplot.close(fig)


def test_the_red_green_check_finds_the_old_pair():
    assert _red_green("#d6604d", "#1b7837")                  # lesson 1's old marks
    assert not _red_green(OKABE_ITO[6], OKABE_ITO[3])        # vermilion and bluish green

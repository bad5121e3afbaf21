"""Projector-sized figures for lectures.

    with backproplab.plots.lecture_style():
        fig = backproplab.plots.draw_network(net)

or as a switch for the rest of a session: ``lecture_style().__enter__()`` … ``lecture_style.reset()``.
Inside the block, fonts and lines are larger, the background is plain white with dark text, and the
colour cycle is Okabe and Ito's palette, which stays distinguishable with every common form of colour
blindness and in greyscale print. Figures drawn with explicit font sizes keep them.
"""
from __future__ import annotations

import matplotlib as mpl

__all__ = ["lecture_style", "OKABE_ITO", "LECTURE_RC"]

# Okabe & Ito (2008), "Color Universal Design": black first for the strongest contrast on a projector.
OKABE_ITO = ["#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"]

LECTURE_RC = {
    "figure.figsize": (10, 6.25),
    "figure.dpi": 110,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "axes.edgecolor": "#111111",
    "axes.labelcolor": "#111111",
    "axes.linewidth": 1.6,
    "axes.titlesize": 22,
    "axes.labelsize": 20,
    "axes.prop_cycle": mpl.cycler(color=[OKABE_ITO[i] for i in (5, 6, 3, 1, 7, 2, 0)]),
    "xtick.labelsize": 16,
    "ytick.labelsize": 16,
    "xtick.color": "#111111",
    "ytick.color": "#111111",
    "xtick.major.width": 1.4,
    "ytick.major.width": 1.4,
    "legend.fontsize": 16,
    "lines.linewidth": 3.0,
    "lines.markersize": 9,
    "font.size": 17,
    "text.color": "#111111",
    "grid.alpha": 0.35,
    "grid.linewidth": 1.0,
}


def lecture_style():
    """A context manager (also usable as a decorator) that makes figures projector-sized."""
    return mpl.rc_context(LECTURE_RC)


lecture_style.reset = mpl.rcdefaults

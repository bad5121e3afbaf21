"""Gradient-checking figures (lesson 6): how the finite-difference error depends on the step size."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..._plumbing.i18n import figure_math, tr_figure
from ...gradcheck import step_size_errors
from ...plots.style import OKABE_ITO

__all__ = ["plot_step_size_errors"]


def plot_step_size_errors(f, x, exact, hs=None, ax=None):
    """Log-log plot of :func:`backproplab.gradcheck.step_size_errors`: truncation error falls with
    $h$ (slope 1 for forward differences, 2 for central ones) until rounding error, about
    $\\epsilon_{\\text{machine}}/h$, takes over. Returns the figure."""
    hs, forward, central = step_size_errors(f, x, exact, hs)
    if ax is None:
        fig, ax = plt.subplots(figsize=(7.5, 4.6), layout="constrained")
    fig = ax.figure
    hs = np.asarray(hs, dtype=float)
    for errors, label, colour, marker in ((forward, tr_figure("forward") + figure_math(r"  $\frac{f(x+h)-f(x)}{h}$",
                                                                                          "  (f(x+h) − f(x))/h"),
                                           OKABE_ITO[5], "s"),
                                          (central, tr_figure("central") + figure_math(r"  $\frac{f(x+h)-f(x-h)}{2h}$",
                                                                                          "  (f(x+h) − f(x−h))/2h"),
                                           OKABE_ITO[6], "o")):
        errors = np.asarray(errors, dtype=float)
        shown = np.where(errors > 0, errors, np.nan)      # an exact hit (error 0) has no place on a log axis
        ax.loglog(hs, shown, marker=marker, ms=4, lw=1.8, color=colour, label=label)
    central = np.asarray(central, dtype=float)
    finite = np.where(central > 0, central, np.inf)
    best = int(np.argmin(finite))
    ax.annotate(tr_figure("smallest error at h ≈ {h}").format(h=f"{hs[best]:.0e}"), (hs[best], finite[best]), xytext=(-30, -10),
                textcoords="offset points", ha="right", va="center", fontsize=12,
                arrowprops=dict(arrowstyle="->", color="#333333"))
    ax.text(0.02, 0.24, tr_figure("← rounding error\n    dominates (≈ ε/h)"), transform=ax.transAxes, ha="left",
            va="bottom", fontsize=12, color="#555555")
    ax.text(0.98, 0.24, tr_figure("truncation error →\ndominates"), transform=ax.transAxes, ha="right", va="bottom",
            fontsize=12, color="#555555")
    low = np.nanmin(np.where(central > 0, central, np.nan))
    ax.set_ylim(low / 30, None)
    ax.set_xlabel(tr_figure("step size") + figure_math(" $h$", " h"), fontsize=13)
    ax.set_ylabel(tr_figure("|numerical − exact|"), fontsize=13)
    ax.tick_params(labelsize=11)
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=12, loc="upper center")
    ax.set_title(tr_figure("Error of a finite-difference derivative"), fontsize=14)
    return fig

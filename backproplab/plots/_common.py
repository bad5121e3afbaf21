"""Small helpers shared by the figure modules."""
import matplotlib.pyplot as plt


def axes_or_new(ax, figsize):
    """``(figure, axes)``: the given Axes and its figure, or a new figure of ``figsize`` with one Axes."""
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize, layout="constrained")   # labels and legends inside the figure
        return fig, ax
    if not hasattr(ax, "plot") or not hasattr(ax, "figure"):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    return ax.figure, ax

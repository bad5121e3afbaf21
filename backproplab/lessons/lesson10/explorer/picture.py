r"""The playground's picture: the network, the output surface with the points, the loss curves.

As the TensorFlow Playground does, every input feature and every neuron is a small heat map of its
own output over the plane $[-6, 6]^2$, the weights are lines (width $\propto |w|$, blue positive,
orange negative), the output's surface is drawn large with the points, and the train and test loss
per epoch below it.

Speed. One forward pass over an 80 × 80 grid gives every neuron's picture (the small maps take every
second row and column), and the maps are pasted straight into the canvas's pixels through a colour
table; everything that does not move is a background drawn once per network shape (and once per
loss-axis range), a frame draws the weights, points, title and loss lines on top of it. The PNG has a
128-colour palette (about 21 kB).
"""
from __future__ import annotations

import math

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.colors import LinearSegmentedColormap, to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from .... import backprop, datasets, features
from ...._plumbing.format import number
from ...._plumbing.i18n import tr_figure
from ....widgets._base import png_bytes

__all__ = ["Picture", "RESOLUTION", "HALF", "FIG_WIDTH", "FIG_HEIGHT", "DPI", "FONT_PT", "NET_BOX", "OUT_BOX", "LOSS_BOX", "NET_REGION",
           "LOSS_REGION", "PNG_COLOURS", "MAP_HALF", "ORANGE", "BLUE", "CMAP", "MAP_LUT", "SURFACE_LUT"]

RESOLUTION = 80                    # the output surface's pixels per side; the small maps take every 2nd
HALF = datasets.PLAYGROUND_HALF_WIDTH
FIG_WIDTH, FIG_HEIGHT, DPI = 10.5, 5.5, 80     # 840 × 440 pixels, shown at that size (the view's max width is 900 px)
# Every text of the figure is at least FONT_PT: 9.5 pt at 80 dpi is 10.6 px on screen at 100 % zoom (the
# picture shown at its own width, as in JupyterLab in a 1280 px window with the file browser open).
FONT_PT = 9.5
NET_BOX = (0.0, 0.01, 0.6, 0.97)               # the network's part of the figure; then the output and the loss
OUT_BOX = (0.62, 0.40, 0.37, 0.545)
LOSS_BOX = (0.675, 0.105, 0.29, 0.195)       # room on the right for half the last epoch label ("100000")
NET_REGION = (0.0, 0.0, 0.61, 1.0)             # (x0, y0, x1, y1) of the figure each part redraws on white
LOSS_REGION = (0.615, 0.0, 1.0, 0.345)
PNG_COLOURS = 128
MAP_HALF = 0.37                                # half a small map's side, in units of the neuron spacing

# the Playground's colours: orange negative (class 0), blue positive (class 1), near-white zero
ORANGE, BLUE = "#f59322", "#0877bd"
CMAP = LinearSegmentedColormap.from_list("playground", [ORANGE, "#e8eaeb", BLUE])
MAP_LUT = (CMAP(np.linspace(0.0, 1.0, 256)) * 255).round().astype(np.uint8)        # value on [−1, 1] → RGBA
SURFACE_LUT = (0.6 * MAP_LUT + 0.4 * 255).round().astype(np.uint8)                 # paler, under the points


class Picture:
    """The playground's figure on an Agg canvas, redrawn by :meth:`draw` into PNG bytes.

    Attributes: ``figure`` (the matplotlib figure); ``grid_features`` the input features of the grid's
    ``RESOLUTION²`` points, row by row from the bottom (every neuron's picture is its output there).
    """

    def __init__(self):
        fig = self.figure = Figure(figsize=(FIG_WIDTH, FIG_HEIGHT), dpi=DPI)
        self._canvas = FigureCanvasAgg(fig)
        self._net_ax = fig.add_axes(NET_BOX)
        self._net_ax.set_axis_off()
        self._net_artists = []
        self._build_output_axes(fig)
        self._build_loss_axes(fig)
        self._layout_key = None
        self._background = None
        self._out_ax.apply_aspect()                     # the square box it will be drawn in
        self._surface_box = self._box(self._out_ax, -HALF, HALF, -HALF, HALF, 0)
        self.grid_features = None

    def _build_output_axes(self, fig):
        out_ax = self._out_ax = fig.add_axes(OUT_BOX)
        out_ax.set_xlim(-HALF, HALF)
        out_ax.set_ylim(-HALF, HALF)
        out_ax.set_xticks([-6, -3, 0, 3, 6])
        out_ax.set_yticks([-6, -3, 0, 3, 6])
        out_ax.tick_params(labelsize=FONT_PT, length=2, pad=1)
        out_ax.set_aspect("equal")
        self._train_points = out_ax.scatter([], [], c=[], cmap=CMAP, vmin=-1, vmax=1, s=20, edgecolors="white",
                                            linewidths=0.9, animated=True)
        self._test_points = out_ax.scatter([], [], c=[], cmap=CMAP, vmin=-1, vmax=1, s=11, edgecolors="0.2",
                                           linewidths=0.6, animated=True)
        self._points_of = None
        self._title = out_ax.set_title(" ", fontsize=FONT_PT + 0.5, animated=True)

    def _build_loss_axes(self, fig):
        loss_ax = self._loss_ax = fig.add_axes(LOSS_BOX)
        loss_ax.tick_params(labelsize=FONT_PT, length=2, pad=1)
        loss_ax.yaxis.set_major_locator(MaxNLocator(nbins=3))      # three or four labels fit its height
        loss_ax.xaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 5, 10], integer=True))   # 6 labels fit
        self._train_line, = loss_ax.plot([], [], color="0.1", lw=1.4, label=tr_figure("train"), animated=True)
        self._test_line, = loss_ax.plot([], [], color="#cc79a7", lw=1.4, label=tr_figure("test"), animated=True)
        loss_ax.legend(fontsize=FONT_PT, loc="upper right", frameon=False, handlelength=1.2, ncols=2,
                       columnspacing=1.0, borderaxespad=0.2)
        loss_ax.set_xlabel(tr_figure("epoch"), fontsize=FONT_PT, labelpad=0)
        self._loss_label = loss_ax.set_ylabel(" ", fontsize=FONT_PT, labelpad=1)
        loss_ax.grid(True, alpha=0.25)
        self._loss_limits = None

    def _box(self, ax, x0, x1, y0, y1, inset):
        """A data rectangle of ``ax`` → the (rows, columns) slices of the canvas's pixel buffer."""
        height = self._canvas.get_width_height()[1]
        (c0, r1), (c1, r0) = ax.transData.transform([(x0, y0), (x1, y1)])
        return (slice(height - math.floor(r0) + inset, height - math.ceil(r1) - inset),
                slice(math.ceil(c0) + inset, math.floor(c1) - inset))

    # ---------------------------------------------------------------- the background
    def _lay_out(self, run, settings):
        """Keep the figure in step with the settings: the points, the network's shape (its part of the
        background redrawn when the shape changes) and the loss axis (redrawn when its limits grow)."""
        self._place_points(run)
        key = (settings["features"], settings["hidden"], run.classification)
        regions = []
        if key != self._layout_key:
            self._layout_key = key
            self._build_network_axes(run.network.layer_sizes, settings["features"])
            regions.append((self._net_ax, NET_REGION))
        label = tr_figure("loss (bce)") if run.classification else tr_figure("loss ½(t−o)²")
        if self._loss_label.get_text() != label:
            self._loss_label.set_text(label)
            regions.append((self._loss_ax, LOSS_REGION))
        limits = _loss_limits(run.history)
        if limits != self._loss_limits:
            self._loss_limits = limits
            self._loss_ax.set_xlim(0, limits[0])
            self._loss_ax.set_ylim(0, limits[1])
            regions.append((self._loss_ax, LOSS_REGION))
        if not regions:
            return
        if self._background is None:                # the first picture: draw everything once
            self._canvas.draw()
        else:                                       # redraw only the parts that changed, on white
            self._canvas.restore_region(self._background)
            pixels = np.asarray(self._canvas.buffer_rgba())
            width, height = self._canvas.get_width_height()
            for ax, (x0, y0, x1, y1) in dict(regions).items():
                pixels[round(height * (1 - y1)):round(height * (1 - y0)), round(width * x0):round(width * x1)] = 255
                self.figure.draw_artist(ax)
        self._background = self._canvas.copy_from_bbox(self.figure.bbox)

    def _build_network_axes(self, sizes, feature_names):
        """The network's part: a small map per feature and neuron (pasted in each frame), their frames,
        the edges (restyled each frame), the labels."""
        net_ax = self._net_ax
        for artist in self._net_artists:          # cheaper than clearing the axes (its ticks and spines)
            artist.remove()
        n_cols, tallest = len(sizes), max(max(sizes), 4)
        _equal_limits(net_ax, (-1.0, n_cols - 0.45), (-tallest / 2 - 0.1, tallest / 2 + 0.45))
        half = MAP_HALF
        self._centres = [[(c, (n - 1) / 2 - j) for j in range(n)] for c, n in enumerate(sizes)]
        segments = [[(x0 + half, y0), (x1 - half, y1)]
                    for k in range(n_cols - 1) for (x0, y0) in self._centres[k] for (x1, y1) in self._centres[k + 1]]
        self._edges = LineCollection(segments, linewidths=1.0, colors=BLUE, capstyle="butt", animated=True)
        frames = LineCollection([[(x - half, y - half), (x + half, y - half), (x + half, y + half), (x - half, y + half),
                                  (x - half, y - half)] for column in self._centres for (x, y) in column],
                                linewidths=0.8, colors="0.55")
        self._selected_edge = Line2D([], [], color="black", lw=3.0, solid_capstyle="butt", animated=True)
        self._highlight = Rectangle((0, 0), 2 * half + 0.14, 2 * half + 0.14, fill=False, lw=2.4, edgecolor="black",
                                    animated=True)
        added = [net_ax.add_collection(self._edges, autolim=False), net_ax.add_collection(frames, autolim=False),
                 net_ax.add_line(self._selected_edge), net_ax.add_artist(self._highlight)]
        for j, name in enumerate(feature_names):
            x, y = self._centres[0][j]
            added.append(net_ax.text(x - half - 0.08, y, features.feature_label(name), ha="right", va="center",
                                     fontsize=FONT_PT + 1))
        titles = ([tr_figure("features")] + [tr_figure("layer {k}").format(k=k) for k in range(1, n_cols - 1)]
                  + [tr_figure("output")])
        for c, title in enumerate(titles):
            added.append(net_ax.text(c, tallest / 2 + 0.05, title, ha="center", va="bottom", fontsize=FONT_PT + 0.5,
                                     color="0.25"))
        self._net_artists = added
        self._map_boxes = [[self._box(net_ax, x - half, x + half, y - half, y + half, 1) for (x, y) in column]
                           for column in self._centres]
        F = features.feature_map(_grid_points(RESOLUTION), feature_names)
        self.grid_features = F
        small = F.reshape(RESOLUTION, RESOLUTION, -1)[::2, ::2]
        # the inputs never change: each scaled onto [−1, 1] by its largest |value| over the plane
        self._input_pixels = [_pixels(small[:, :, j] / max(np.abs(small[:, :, j]).max(), 1e-12), MAP_LUT, b)
                              for j, b in enumerate(self._map_boxes[0])]

    def _place_points(self, run):
        """The scatter plots show the current training and test points."""
        if self._points_of is run.X_train:
            return
        self._points_of = run.X_train
        for points, X, y in ((self._train_points, run.X_train, run.y_train),
                             (self._test_points, run.X_test, run.y_test)):
            points.set_offsets(X)
            points.set_array(2.0 * y[:, 0] - 1.0 if run.classification else y[:, 0])

    # ---------------------------------------------------------------- a frame
    def draw(self, run, settings: dict, selected) -> bytes:
        """The picture of ``run`` under ``settings`` with ``selected`` highlighted, as PNG bytes."""
        self._lay_out(run, settings)
        net = run.network
        with np.errstate(all="ignore"):          # one pass over the grid gives every neuron's picture
            out, caches = backprop.forward(net.weights, net.biases, net.activations, self.grid_features)
        h = np.array(run.history)
        self._train_line.set_data(h[:, 0], h[:, 1])
        self._test_line.set_data(h[:, 0], h[:, 2])
        canvas = self._canvas
        canvas.restore_region(self._background)
        self._draw_weights(net.weights)
        self._draw_selection(selected)
        net_ax = self._net_ax
        net_ax.draw_artist(self._edges)
        net_ax.draw_artist(self._selected_edge)
        self._paste_maps(net, out, caches, run.classification, settings["discretise"])
        net_ax.draw_artist(self._highlight)
        out_ax = self._out_ax
        if settings["show_test"]:                # under the training points, which the network sees
            out_ax.draw_artist(self._test_points)
        out_ax.draw_artist(self._train_points)
        state = tr_figure("epoch {epoch}").format(epoch=run.epoch)
        if run.diverged is not None:
            state += tr_figure(" · diverged")
        self._title.set_text(tr_figure("{state} · test {test} · train {train}").format(
            state=state, test=number(run.test_loss, '.3f'), train=number(run.train_loss, '.3f')))
        out_ax.draw_artist(self._title)
        self._loss_ax.draw_artist(self._train_line)
        self._loss_ax.draw_artist(self._test_line)
        return png_bytes(canvas, colours=PNG_COLOURS)     # 128 colours: no steps in the maps

    def _paste_maps(self, net, out, caches, classification, discretise):
        """Every feature's, neuron's and the output's map, and the output surface, into the pixels."""
        pixels = np.asarray(self._canvas.buffer_rgba())
        for j, block in enumerate(self._input_pixels):
            pixels[self._map_boxes[0][j]] = block
        for k, cache in enumerate(caches[:-1]):  # the hidden neurons
            a = cache[2].reshape(RESOLUTION, RESOLUTION, -1)[::2, ::2]
            lo = 0.0 if net.activations[k].name == "sigmoid" else -1.0
            shown = (a - lo) * (2.0 / (1.0 - lo)) - 1.0         # the activation's range onto [−1, 1]
            for j, where in enumerate(self._map_boxes[k + 1]):
                pixels[where] = _pixels(shown[:, :, j], MAP_LUT, where)
        o = out[:, 0].reshape(RESOLUTION, RESOLUTION)
        if classification:
            surface = 2.0 * ((o >= 0.5) if discretise else o) - 1.0
        else:
            surface = np.sign(o) if discretise else o
        pixels[self._map_boxes[-1][0]] = _pixels(surface[::2, ::2], MAP_LUT, self._map_boxes[-1][0])
        pixels[self._surface_box] = _pixels(surface, SURFACE_LUT, self._surface_box)

    def _draw_weights(self, weights):
        w = np.nan_to_num(np.concatenate([W.ravel() for W in weights]))   # row-major: edge order
        size = np.minimum(np.abs(w), 2.0) / 2.0
        self._edges.set_linewidths(0.3 + 3.2 * size)
        colours = np.where(w[:, None] >= 0, _rgba(BLUE), _rgba(ORANGE))
        colours[:, 3] = 0.3 + 0.7 * np.minimum(2.0 * size, 1.0)
        self._edges.set_color(colours)

    def _draw_selection(self, sel):
        half = MAP_HALF
        self._highlight.set_visible(sel is not None and len(sel) == 2)
        self._selected_edge.set_data([], [])
        if sel is None:
            return
        if len(sel) == 2:
            x, y = self._centres[sel[0]][sel[1]]
            self._highlight.set_xy((x - half - 0.07, y - half - 0.07))
        else:
            layer, i, j = sel
            (x0, y0), (x1, y1) = self._centres[layer - 1][i], self._centres[layer][j]
            self._selected_edge.set_data([x0 + half, x1 - half], [y0, y1])


# ---------------------------------------------------------------- helpers
def _grid_points(resolution):
    """The centres of a ``resolution × resolution`` grid of pixels over the square, row by row from
    the bottom (``imshow(origin="lower")``'s order): ``(resolution², 2)``."""
    centres = np.linspace(-HALF, HALF, resolution + 1)
    centres = (centres[:-1] + centres[1:]) / 2
    x1, x2 = np.meshgrid(centres, centres)
    return np.column_stack([x1.ravel(), x2.ravel()])


def _pixels(values, lut, where):
    """RGBA pixels of a map for the buffer block ``where`` (row and column slices): ``values``
    ``(side, side)`` on [−1, 1] (row 0 at the bottom, as imshow(origin="lower") draws it), through
    the colour table ``lut``, each value repeated over its share of the block (nearest neighbour)."""
    rows = where[0].stop - where[0].start
    cols = where[1].stop - where[1].start
    side_r, side_c = values.shape
    r = (side_r - 1) - (np.arange(rows) * side_r) // rows          # the buffer's row 0 is the top
    c = (np.arange(cols) * side_c) // cols
    index = np.clip(np.nan_to_num((values + 1.0) * 127.5), 0, 255).astype(np.intp)
    return lut[index[r[:, None], c[None, :]]]


def _equal_limits(ax, xlim, ylim):
    """Limits that hold ``xlim`` × ``ylim`` with one data unit the same length across and up (the
    maps stay square), centred in the axes box."""
    fig_w, fig_h = ax.figure.get_size_inches()
    box = ax.get_position()
    width, height = box.width * fig_w, box.height * fig_h
    scale = min(width / (xlim[1] - xlim[0]), height / (ylim[1] - ylim[0]))
    cx, cy = (xlim[0] + xlim[1]) / 2, (ylim[0] + ylim[1]) / 2
    ax.set_xlim(cx - width / scale / 2, cx + width / scale / 2)
    ax.set_ylim(cy - height / scale / 2, cy + height / scale / 2)


def _loss_limits(history):
    """The loss axis: epochs and loss rounded up to 1, 2, 5 × 10ᵏ (a new background only when they grow)."""
    h = np.array(history)
    finite = h[:, 1:][np.isfinite(h[:, 1:])]
    return (_nice_ceiling(max(10.0, h[-1, 0])), _nice_ceiling(1.05 * float(finite.max()) if finite.size else 1.0))


def _nice_ceiling(value):
    """The smallest of 1, 2, 5 × 10ᵏ that is at least ``value`` (> 0)."""
    if not value > 0 or not math.isfinite(value):
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= value * (1 - 1e-12))


def _rgba(colour):
    return np.array(to_rgba(colour))

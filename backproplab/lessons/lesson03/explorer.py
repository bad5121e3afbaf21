r"""ActivationExplorer: slide $z$, watch $\varphi(z)$, its tangent line and $\varphi'(z)$.

Left panel: the activation, the point $(z, \varphi(z))$ and the tangent line
$y = \varphi(z) + \varphi'(z)\,(u - z)$, whose slope is the derivative. Right panel: the
derivative curve with the point $(z, \varphi'(z))$ — the slope on the left is the height on the right.

The figure is a plain matplotlib ``Figure`` (no pyplot, so nothing is shown twice). Its layout is
computed once, for the activation with the widest tick labels (tanh's "−1.0"), and then frozen, so a
new activation costs one plain draw and no layout pass. The curves are drawn once per activation and
kept (one background each); a move of the slider only updates the point, the tangent and the titles
(``set_data``) and draws them on top of the background (blitting), then the result goes into an
``ipywidgets.Image`` as PNG. The last :data:`_PNG_CACHE` pictures are kept too, so a setting seen
before answers without drawing.

Headless use (tests)::

    ex = ActivationExplorer("sigmoid", z=1.0)
    ex.controls["z"].value = 2.0          # the slider callback runs update()
    ex.state["slope"]                     # σ'(2) = 0.105…
    ex.image.value                        # PNG bytes of the current figure

Without a kernel (HTML export, a notebook opened before running) the display bundle carries a
PNG snapshot of the current figure next to the widget view; see ``_repr_mimebundle_``.
"""
from __future__ import annotations

import html
from collections import OrderedDict

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ... import activations
from ..._plumbing import checks as _checks
from ..._plumbing.format import number
from ..._plumbing.i18n import mark, tr, tr_figure
from ...trace import fmt
from ...widgets._base import Explorer, lru_get, png_bytes
from .figures import DERIVATIVE_COLOUR, FUNCTION_COLOUR, activation_labels

__all__ = ["ActivationExplorer"]

Z_MAX = 8.0                       # the slider runs over [-Z_MAX, Z_MAX]
Z_STEP = 0.05
_N_POINTS = 801
_OPTIONS = [(mark("sigmoid σ"), "sigmoid"), ("tanh", "tanh"), ("ReLU", "relu"),
            ("leaky ReLU", "leaky_relu"), (mark("linear"), "linear")]
_DERIV_YLIM = (-0.08, 1.12)       # same for every activation, so the heights compare
_WIDEST_LABELS = "tanh"           # the layout is computed for its y tick labels ("−1.0") and kept
_PNG_CACHE = 256                  # pictures kept, by (activation, z)


def _function_ylim(act, z):
    """y-range of the left panel: the function over the whole slider range plus a margin."""
    values = act(z)
    lo, hi = float(values.min()), float(values.max())
    pad = 0.1 * (hi - lo)
    return lo - pad, hi + pad


class ActivationExplorer(Explorer):
    """A slider for $z$ and a menu of activations; draws the function, the point, its tangent
    line (slope = derivative) and the derivative, and prints the values.

    Parameters
    ----------
    activation : ``"sigmoid"`` (default), ``"tanh"``, ``"relu"``, ``"leaky_relu"`` or ``"linear"``.
    z : the starting net input, in ``[-8, 8]``.

    Attributes
    ----------
    controls : ``{"z": FloatSlider, "activation": Dropdown}`` — set ``.value`` to drive it.
    output : the display area (figure image and the printed values), an ``ipywidgets.VBox``.
    image : ``ipywidgets.Image`` holding the PNG of the current figure; ``figure`` is the figure.
    readout : ``ipywidgets.HTML`` with the values.
    state : ``{"activation", "z", "value", "slope"}`` of the current drawing.
    widget : the whole explorer (controls + output), what the notebook displays.
    """

    def __init__(self, activation="sigmoid", z=1.0):
        act = activations.get(activation, elementwise=True)
        z = _checks.real("z", z, low=-Z_MAX, high=Z_MAX)
        self._grid = np.linspace(-Z_MAX, Z_MAX, _N_POINTS)
        self.controls = {
            "z": widgets.FloatSlider(value=z, min=-Z_MAX, max=Z_MAX, step=Z_STEP, description="z",
                                     continuous_update=True, readout_format=".2f",
                                     layout=widgets.Layout(width="420px", flex="none")),
            "activation": widgets.Dropdown(options=[(tr(label), name) for label, name in _OPTIONS], value=act.name,
                                           description=tr("activation")),
        }
        self._assemble([["activation", "z"]])
        self._build_figure()
        self._start()

    # ---------------------------------------------------------------- figure
    def _build_figure(self):
        fig = Figure(figsize=(9.0, 3.6), dpi=90, layout="constrained")
        self._canvas = FigureCanvasAgg(fig)
        self.figure = fig
        self._ax_f, self._ax_d = fig.subplots(1, 2)
        for ax in (self._ax_f, self._ax_d):
            ax.axhline(0, color="0.75", lw=0.8, zorder=0)
            ax.axvline(0, color="0.75", lw=0.8, zorder=0)
            ax.grid(True, alpha=0.25)
            ax.set_xlim(-Z_MAX, Z_MAX)
            ax.set_xlabel("$z$", fontsize=12)
            ax.set_title(" ", fontsize=12)              # reserves the title's place in the layout
        self._ax_d.set_ylim(*_DERIV_YLIM)
        self._curve, = self._ax_f.plot([], [], color=FUNCTION_COLOUR, lw=2.2)
        self._tangent, = self._ax_f.plot([], [], color="0.25", lw=1.4, ls="--", label=tr_figure("tangent line"))
        self._point, = self._ax_f.plot([], [], "o", color=FUNCTION_COLOUR, ms=9, zorder=3)
        self._deriv_curve, = self._ax_d.plot([], [], color=DERIVATIVE_COLOUR, lw=2.0)
        self._deriv_point, = self._ax_d.plot([], [], "o", color=DERIVATIVE_COLOUR, ms=9, zorder=3)
        self._deriv_stem, = self._ax_d.plot([], [], color=DERIVATIVE_COLOUR, lw=1, ls=":")
        # What moves with z, drawn on top of a cached background (blitting): redrawing the whole
        # figure for every slider step would make the slider lag.
        self._moving = [(self._ax_f, self._tangent), (self._ax_f, self._point),
                        (self._ax_d, self._deriv_stem), (self._ax_d, self._deriv_point),
                        (self._ax_f, self._ax_f.title), (self._ax_d, self._ax_d.title)]
        for _, artist in self._moving:
            artist.set_animated(True)
        self._backgrounds = {}                  # activation name -> (background, legends)
        self._pngs = OrderedDict()
        self._drawn_activation = None
        # The layout, once, for the widest tick labels; then frozen: no layout pass per activation.
        self._set_curves(activations.get(_WIDEST_LABELS, elementwise=True))
        fig.set_layout_engine("constrained")
        self._canvas.draw()
        fig.set_layout_engine("none")

    def _set_curves(self, act):
        """Give the artists that depend only on the activation (curves, labels, y-range) its values."""
        f_label, d_label = activation_labels(act)
        self._curve.set_data(self._grid, act(self._grid))
        d = act.derivative(self._grid)
        cut = np.flatnonzero(np.abs(np.diff(d)) > 0.1) + 1       # gap at a jump (ReLU's kink)
        self._deriv_curve.set_data(np.insert(self._grid, cut, np.nan), np.insert(d, cut, np.nan))
        self._curve.set_label(f_label)
        self._deriv_curve.set_label(d_label)
        self._ax_f.set_ylim(*_function_ylim(act, self._grid))
        self._legends = [(ax, ax.legend(loc="upper left", fontsize=11, framealpha=0.95))
                         for ax in (self._ax_f, self._ax_d)]
        for _, legend in self._legends:
            legend.set_animated(True)                             # drawn above the tangent line

    def _use_curves(self, act):
        """Make ``act``'s curves the background: drawn the first time (animated artists are left
        out), then kept."""
        if act.name not in self._backgrounds:
            self._set_curves(act)
            self._canvas.draw()
            self._backgrounds[act.name] = (self._canvas.copy_from_bbox(self.figure.bbox), self._legends)
        else:
            self._ax_f.set_ylim(*_function_ylim(act, self._grid))    # the data coordinates of the blit
        self._background, self._legends = self._backgrounds[act.name]
        self._drawn_activation = act.name

    # ---------------------------------------------------------------- update
    def update(self):
        """Read the controls, move the point, tangent and values, and re-render the image.
        The slider and the menu call this on every change."""
        act = activations.get(self.controls["activation"].value)
        z0 = float(np.clip(self.controls["z"].value, -Z_MAX, Z_MAX))
        if act.name != self._drawn_activation:
            self._use_curves(act)
        value, slope = float(act(z0)), float(act.derivative(z0))
        self._point.set_data([z0], [value])
        self._tangent.set_data(self._grid, value + slope * (self._grid - z0))
        self._deriv_point.set_data([z0], [slope])
        self._deriv_stem.set_data([z0, z0], [0.0, slope])
        s = act.symbol
        self._ax_f.title.set_text(tr_figure("{s}({z}) = {value},  tangent slope {slope}").format(
            s=s, z=number(z0, '.2f'), value=fmt(value), slope=fmt(slope)))
        self._ax_d.title.set_text(f"{s}′({number(z0, '.2f')}) = {fmt(slope)}")
        self.state = {"activation": act.name, "z": z0, "value": value, "slope": slope}
        self.image.value = lru_get(self._pngs, (act.name, z0), self._render_png, _PNG_CACHE)
        self.readout.value = self._readout_html(act, z0, value, slope)

    def _render_png(self) -> bytes:
        """The cached background with the moving artists drawn on top, as PNG bytes."""
        self._canvas.restore_region(self._background)
        for ax, artist in self._moving + self._legends:
            ax.draw_artist(artist)
        return png_bytes(self._canvas, compress_level=3)

    def _readout_html(self, act, z0, value, slope):
        s = html.escape(act.symbol)
        from_output = act.output_deriv_text.format(o=fmt(value))
        line = (f"z = {number(z0, '.2f')} &nbsp;→&nbsp; {s}(z) = <b>{fmt(value)}</b>, &nbsp; "
                f"{s}′(z) = {html.escape(from_output)} = <b>{fmt(slope)}</b>")
        note = ""
        if act.name in ("relu", "leaky_relu") and abs(z0) < Z_STEP / 2:
            note = "<br><i>" + tr("z = 0 is the kink: no tangent exists there; the package uses the left slope.") + "</i>"
        return f'<div style="font-size:1.05em;font-family:monospace">{line}{note}</div>'

    # ---------------------------------------------------------------- display
    def __repr__(self):
        s = activations.get(self.state["activation"]).symbol
        return (f"ActivationExplorer(activation={self.state['activation']!r}, z={number(self.state['z'], '.2f')}): "
                f"{s}(z) = {fmt(self.state['value'])}, {s}′(z) = {fmt(self.state['slope'])}")


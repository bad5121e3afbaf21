"""The playground's controls: the ipywidgets (name → widget), the rows they are shown in, the settings
they stand for, and their wiring to the playground.

Some settings have several controls (a toggle per feature; the number of hidden layers and a box per
layer), so the controls are not the settings: :meth:`Controls.settings` reads the settings they show,
:meth:`Controls.show` moves them to the settings in force (without calling back).

Play is an ``ipywidgets.Play`` whose ticks each run one frame, in the kernel's own thread; while a
frame runs the browser holds the next tick back (ipywidgets sends a control's latest value once the
kernel is idle), so ticks never pile up and pause answers at once.
"""
from __future__ import annotations

import ipywidgets as widgets

from .... import datasets, features
from ...._plumbing.format import number
from ...._plumbing.i18n import mark, tr
from .settings import (ACTIVATIONS, BATCH_RANGE, DROPOUT_RANGE, LEARNING_RATES, MAX_LAYERS, MAX_NEURONS, NOISE_RANGE,
                       REG_RATES, REGULARISERS, TRAIN_FRACTION_RANGE)

__all__ = ["Controls", "PLAY_INTERVAL_MS", "PLAY_TOOLTIP", "NONE", "ROWS", "style_feature_toggle"]

PLAY_INTERVAL_MS = 70                # a tick every 70 ms; a slower frame makes the next tick wait
NONE = ()          # the menus' "nothing selected" (a Dropdown shows a blank for the value None)
ACTIONS = ("play", "step", "reset", "neuron", "edge")          # controls that are not settings
PLAIN = ("dataset", "noise", "train_fraction", "data_seed", "activation", "learning_rate", "batch_size",
         "regulariser", "reg_rate", "dropout", "seed", "show_test", "discretise")    # one control, one setting
ROWS = [["play", "step", "reset"], ["dataset", "noise", "train_fraction", "data_seed"],
        [f"feature {name}" for name in features.FEATURES],
        ["layers"] + [f"neurons {k + 1}" for k in range(MAX_LAYERS)] + ["activation"],
        ["learning_rate", "batch_size", "regulariser", "reg_rate", "dropout", "seed"],
        ["show_test", "discretise", "neuron", "edge"]]


def _width(pixels):
    """A control's width; a menu's is wide enough for its longest entry (tests/lessons/test_lesson10_explorer.py
    checks every menu's entries against its width)."""
    return widgets.Layout(width=pixels)


# The Play control is drawn as icon buttons (▶, which turns into ⏸ while playing, and ■); one tooltip on
# the control names them all. It has no description: ipywidgets shows a tooltip only on a widget without one.
PLAY_TOOLTIP = mark("▶ play, ⏸ pause: train one frame after another · ■ stop: pause too (the training so far "
                    "stays)")


def _action_controls():
    return {
        "play": widgets.Play(value=0, min=0, max=10**9, step=1, interval=PLAY_INTERVAL_MS, show_repeat=False,
                             tooltip=tr(PLAY_TOOLTIP)),
        "step": widgets.Button(description=tr("step"), tooltip=tr("one epoch"), layout=_width("70px")),
        "reset": widgets.Button(description=tr("reset"), tooltip=tr("new starting weights from the seed"),
                                layout=_width("70px")),
        "neuron": widgets.Dropdown(options=[], description=tr("select"), layout=_width("210px")),
        # the menu's own width fits its longest entry, "(select a neuron first)"
        "edge": widgets.Dropdown(options=[], description=tr("weight"), style={"description_width": "50px"},
                                 layout=_width("250px")),
    }


def _data_controls(s):
    return {
        "dataset": widgets.Dropdown(options=list(datasets.PLAYGROUND_SETS), value=s["dataset"],
                                    description=tr("data"),
                                    layout=_width("200px")),
        "noise": widgets.FloatSlider(value=s["noise"], min=NOISE_RANGE[0], max=NOISE_RANGE[1], step=0.05,
                                     description=tr("noise"), continuous_update=False, readout_format=".2f",
                                     layout=_width("230px")),
        "train_fraction": widgets.FloatSlider(value=s["train_fraction"], min=TRAIN_FRACTION_RANGE[0],
                                              max=TRAIN_FRACTION_RANGE[1], step=0.1, description=tr("train share"),
                                              continuous_update=False, readout_format=".0%",
                                              style={"description_width": "80px"}, layout=_width("265px")),
        "data_seed": widgets.BoundedIntText(value=s["data_seed"], min=0, max=10**6, description=tr("data seed"),
                                            style={"description_width": "65px"}, layout=_width("135px")),
        **{f"feature {name}": _feature_toggle(name, name in s["features"]) for name in features.FEATURES},
    }


def _feature_toggle(name, on):
    """The toggle of the input feature ``name``: on and off tell apart by more than a shade (see
    :func:`style_feature_toggle`)."""
    label = features.feature_label(name)
    toggle = widgets.ToggleButton(value=on, description=label,
                                  tooltip=tr("feature {label}: click to use it or not").format(label=label),
                                  layout=_width("76px"))
    style_feature_toggle(toggle)
    return toggle


def style_feature_toggle(toggle):
    """On: JupyterLab's blue ``info`` button with a check mark; off: the plain button, no mark. Both
    read in the Light and the Dark theme (the theme draws the plain button, white text on the blue)."""
    toggle.button_style = "info" if toggle.value else ""
    toggle.icon = "check" if toggle.value else ""


def _network_controls(s):
    c = {"layers": widgets.BoundedIntText(value=len(s["hidden"]), min=0, max=MAX_LAYERS,
                                          description=tr("hidden layers"),
                                          style={"description_width": "90px"}, layout=_width("150px"))}
    for k in range(MAX_LAYERS):
        c[f"neurons {k + 1}"] = widgets.BoundedIntText(
            value=s["hidden"][k] if k < len(s["hidden"]) else 4, min=1, max=MAX_NEURONS,
            description=f"{k + 1}:" if k else tr("neurons {n}:").format(n=1),
            style={"description_width": "70px" if not k else "15px"},
            layout=_width("125px" if not k else "70px"))
    c["activation"] = widgets.Dropdown(options=list(ACTIVATIONS), value=s["activation"], description=tr("activation"),
                                       style={"description_width": "70px"}, layout=_width("190px"))
    c["seed"] = widgets.BoundedIntText(value=s["seed"], min=0, max=10**6, description=tr("seed"),
                                       layout=_width("130px"))
    return c


def _training_controls(s):
    return {
        "learning_rate": widgets.Dropdown(options=rate_options(LEARNING_RATES, s["learning_rate"]),
                                          value=s["learning_rate"], description="η", style={"description_width": "25px"},
                                          layout=_width("115px")),
        "batch_size": widgets.IntSlider(value=s["batch_size"], min=BATCH_RANGE[0], max=BATCH_RANGE[1],
                                        description=tr("batch"), continuous_update=False, layout=_width("230px")),
        "regulariser": widgets.Dropdown(options=list(REGULARISERS), value=s["regulariser"], description=tr("penalty"),
                                        layout=_width("160px")),
        "reg_rate": widgets.Dropdown(options=rate_options(REG_RATES, s["reg_rate"]), value=s["reg_rate"],
                                     description="λ", style={"description_width": "25px"}, layout=_width("115px")),
        "dropout": widgets.FloatSlider(value=s["dropout"], min=DROPOUT_RANGE[0], max=DROPOUT_RANGE[1], step=0.05,
                                       description=tr("dropout"), continuous_update=False, readout_format=".2f",
                                       layout=_width("230px")),
        "show_test": widgets.Checkbox(value=s["show_test"], description=tr("test points"), indent=False,
                                      layout=_width("110px")),
        "discretise": widgets.Checkbox(value=s["discretise"], description=tr("discretise output"), indent=False,
                                       layout=_width("150px")),
    }


def rate_options(menu, value):
    """A rate menu with ``value`` added if it is not on it (``set`` accepts any rate in range)."""
    options = sorted(set(menu) | {float(value)})
    return [(number(v, "g"), v) for v in options]


def neuron_options(names):
    """The neuron menu for a network with neuron ``names`` per layer: nothing, or a hidden or output neuron."""
    last = len(names) - 1
    return [(tr("(none)"), NONE)] + [(tr("{neuron} (output)").format(neuron=layer[j]) if k == last
                                      else tr("{neuron} (layer {k})").format(neuron=layer[j], k=k), (k, j))
                                     for k, layer in enumerate(names) if k for j in range(len(layer))]


def edge_options(names, selected):
    """The weight menu: the selected neuron's incoming weights (or a prompt to select a neuron)."""
    if selected is None:
        return [(tr("(select a neuron first)"), NONE)]
    layer, j = selected[0], selected[-1]
    return [(tr("(the whole neuron)"), NONE)] + [(f"{src} → {names[layer][j]}", (layer, i, j))
                                             for i, src in enumerate(names[layer - 1])]


class Controls:
    """The playground's ipywidgets controls: ``widgets`` (name → widget, every name of :data:`ROWS`)."""

    def __init__(self, settings: dict):
        self.widgets = {**_action_controls(), **_data_controls(settings), **_network_controls(settings),
                        **_training_controls(settings)}
        self.syncing = False
        for name in features.FEATURES:          # the toggle's look follows its value, however it moves
            self.widgets[f"feature {name}"].observe(lambda change: style_feature_toggle(change["owner"]), names="value")

    def settings(self) -> dict:
        """The settings the controls show (unchecked: the playground checks them)."""
        c = self.widgets
        s = {name: c[name].value for name in PLAIN}
        for name in ("noise", "train_fraction", "dropout"):       # a slider's float, e.g. 0.30000000000000004
            s[name] = round(float(s[name]), 4)
        s["features"] = tuple(name for name in features.FEATURES if c[f"feature {name}"].value)
        s["hidden"] = tuple(int(c[f"neurons {k + 1}"].value) for k in range(int(c["layers"].value)))
        return s

    def show(self, settings: dict, names, selected):
        """Move the controls to ``settings``, and the menus to the network's neuron ``names`` and the
        ``selected`` neuron or weight, without calling back."""
        self.syncing = True
        try:
            s, c = settings, self.widgets
            for name in PLAIN:
                if name in ("learning_rate", "reg_rate"):
                    continue
                if c[name].value != s[name]:
                    c[name].value = s[name]
            for name, menu in (("learning_rate", LEARNING_RATES), ("reg_rate", REG_RATES)):
                options = rate_options(menu, s[name])
                if list(c[name].options) != options:
                    c[name].options = options
                c[name].value = s[name]
            for name in features.FEATURES:
                c[f"feature {name}"].value = name in s["features"]
            c["layers"].value = len(s["hidden"])
            for k in range(MAX_LAYERS):
                box = c[f"neurons {k + 1}"]
                if k < len(s["hidden"]):
                    box.value = s["hidden"][k]
                box.layout.display = None if k < len(s["hidden"]) else "none"
            self.show_selection(names, selected)
        finally:
            self.syncing = False

    def show_selection(self, names, selected):
        """Move the neuron and weight menus to the ``selected`` neuron or weight, without calling back."""
        was, self.syncing = self.syncing, True
        try:
            c = self.widgets
            neurons = neuron_options(names)
            if list(c["neuron"].options) != neurons:
                c["neuron"].options = neurons
            c["neuron"].value = NONE if selected is None else (selected[0], selected[-1])
            edges = edge_options(names, selected)
            if list(c["edge"].options) != edges:
                c["edge"].options = edges
            c["edge"].value = selected if selected is not None and len(selected) == 3 else NONE
        finally:
            self.syncing = was

    def connect(self, playground, refused):
        """Wire the controls to ``playground``'s public methods; ``refused(error)`` says why a move of
        the controls could not apply (the controls go back to the settings in force first)."""
        c = self.widgets

        def on_tick(change):
            # No backlog can build up: while the kernel is busy, the browser's widget manager holds back
            # a control's updates and sends only the latest once the kernel is idle, so a slow frame
            # simply makes the next tick come later.
            if change["new"] > change["old"]:            # the stop button rewinds: nothing to train
                playground.frame()

        def on_neuron(change):
            if self.syncing:
                return
            if change["new"] == NONE:
                playground.clear_selection()
            else:
                playground.select(*change["new"])

        def on_edge(change):
            if self.syncing:
                return
            selected = playground.selected
            if change["new"] != NONE:
                playground.select_edge(*change["new"])
            elif selected is not None:                   # "(the whole neuron)"
                playground.select(selected[0], selected[-1])

        def on_setting(change):
            if self.syncing:
                return
            try:
                playground.set(**self.settings())
            except (ValueError, TypeError) as exc:
                self.show(playground.settings, playground.network.names, playground.selected)
                refused(exc)

        c["play"].observe(on_tick, names="value")
        c["step"].on_click(lambda _: playground.step(1))
        c["reset"].on_click(lambda _: playground.reset())
        c["neuron"].observe(on_neuron, names="value")
        c["edge"].observe(on_edge, names="value")
        for name, control in c.items():
            if name not in ACTIONS:
                control.observe(on_setting, names="value")

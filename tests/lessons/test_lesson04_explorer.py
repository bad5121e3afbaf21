"""The XOR explorer driven headless: every control redraws, ranges clamp, results are Network.fit's."""
import base64
import warnings

import ipywidgets as widgets
import numpy as np
import pytest
from traitlets import TraitError

from backproplab.datasets import xor
from backproplab.lessons.lesson04.xor import XORSettings
from backproplab.widgets import XORExplorer
from backproplab.lessons.lesson04 import explorer as xor_widget

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def _shared():
    ex = XORExplorer()
    yield ex
    ex.close()


@pytest.fixture
def explorer(_shared):
    """One explorer for the module (building one takes a while), back at the defaults for each test."""
    _shared.set(**{name: getattr(XORSettings(), name) for name in _shared.controls})
    return _shared


def _png(ex):
    return bytes(ex.image.value)


def _fit(settings, epochs=None):
    X, y = xor()
    net = settings.network()
    history = net.fit(X, y, epochs=epochs or settings.epochs, lr=settings.lr)
    return net, history


def _figure_state(ex):
    line = ex._loss_line
    return (line.get_xdata().copy(), line.get_ydata().copy(), np.array(ex._surface.image.get_array()).copy(),
            [t.get_text() for t in ex._surface.value_texts], ex._loss_text.get_text())


def _changed(before, after):
    return any(not (np.array_equal(a, b, equal_nan=True) if isinstance(a, np.ndarray) else a == b)
               for a, b in zip(before, after))


def test_public_attributes(explorer):
    assert list(explorer.controls) == ["lr", "hidden", "layers", "epochs", "activation", "seed"]
    assert isinstance(explorer.controls["lr"], widgets.FloatLogSlider)
    assert isinstance(explorer.output, widgets.VBox)
    assert explorer.image in explorer.output.children and explorer.readout in explorer.output.children
    assert _png(explorer).startswith(PNG_SIGNATURE)
    assert explorer.settings == XORSettings()


def test_slider_ranges(explorer):
    c = explorer.controls
    assert (c["lr"].base, c["lr"].min, c["lr"].max) == (10, -2, 1)           # 0.01 … 10, log scale
    assert (c["hidden"].min, c["hidden"].max) == (1, 16)
    assert (c["layers"].min, c["layers"].max) == (1, 3)
    assert (c["epochs"].min, c["epochs"].max, c["epochs"].step) == (100, 10_000, 100)
    assert [v for _, v in c["activation"].options] == ["sigmoid", "tanh", "relu", "leaky_relu"]
    assert (c["seed"].min, c["seed"].max) == (0, 99)


def test_default_drawing_is_network_fit(explorer):
    """What the explorer shows is what a lesson cell with the same settings computes."""
    net, history = _fit(explorer.settings)
    X, _ = xor()
    np.testing.assert_array_equal(explorer.state["losses"], history.loss)
    np.testing.assert_allclose(explorer.state["predictions"], net.forward(X)[:, 0], atol=1e-12)
    assert explorer.state["loss"] == history.final_loss
    assert explorer.state["solved"] and explorer.state["diverged_at"] is None
    np.testing.assert_array_equal(explorer._loss_line.get_ydata(), history.loss)
    assert [t.get_text() for t in explorer._surface.value_texts] == \
        [f"o = {o:.2f}" for o in net.forward(X)[:, 0]]


@pytest.mark.parametrize("name, value", [
    ("lr", 0.1), ("lr", 10.0), ("hidden", 2), ("hidden", 16), ("layers", 3), ("epochs", 500),
    ("epochs", 4000), ("activation", "tanh"), ("activation", "relu"), ("seed", 7),
])
def test_each_control_redraws(explorer, name, value):
    before_png, before_fig = _png(explorer), _figure_state(explorer)
    before_readout = explorer.readout.value
    explorer.controls[name].value = value
    assert explorer.state[name] == pytest.approx(value) if name == "lr" else explorer.state[name] == value
    assert _png(explorer) != before_png and _png(explorer).startswith(PNG_SIGNATURE)
    assert _changed(before_fig, _figure_state(explorer))
    assert explorer.readout.value != before_readout
    net, history = _fit(explorer.settings)
    np.testing.assert_allclose(explorer.state["losses"], history.loss, rtol=1e-12)


@pytest.mark.parametrize("name, value, clamped", [
    ("lr", 100.0, 10.0), ("lr", 1e-5, 0.01), ("hidden", 50, 16), ("hidden", 0, 1), ("layers", 9, 3),
    ("layers", -1, 1), ("epochs", 1_000_000, 10_000), ("epochs", 1, 100), ("seed", 500, 99), ("seed", -3, 0),
])
def test_sliders_clamp_and_the_drawing_follows(explorer, name, value, clamped):
    explorer.controls[name].value = value
    assert explorer.controls[name].value == pytest.approx(clamped)
    assert explorer.state[name] == pytest.approx(clamped)
    assert explorer.state["losses"].size == explorer.state["epochs"]


def test_unknown_activation_is_refused(explorer):
    with pytest.raises(TraitError):
        explorer.controls["activation"].value = "softmax"


def test_epochs_resume_and_rewind_give_the_straight_run(explorer):
    for epochs in (3000, 1500, 1550, 2600):                # up (resume), down (snapshot), between steps
        explorer.controls["epochs"].value = epochs
        net, history = _fit(explorer.settings)
        np.testing.assert_array_equal(explorer.state["losses"], history.loss)
        for w, w_fit in zip(explorer.state["weights"], net.weights):
            np.testing.assert_array_equal(w, w_fit)


def test_deeper_relu_network_matches_network_fit(explorer):
    explorer.set(layers=2, hidden=5, activation="relu", lr=0.3, seed=4, epochs=700)
    s = explorer.settings
    assert s.layer_sizes == [3, 5, 5, 1] and s.activations == ["relu", "relu", "sigmoid"]
    net, history = _fit(s)
    np.testing.assert_array_equal(explorer.state["losses"], history.loss)
    np.testing.assert_allclose(explorer.state["predictions"], net.forward(xor()[0])[:, 0], atol=1e-12)


def test_stuck_seed_is_shown_as_not_solved(explorer):
    explorer.set(hidden=2, seed=10, epochs=5000)
    st = explorer.state
    assert not st["solved"]
    assert st["loss"] == pytest.approx(1 / 3, abs=2e-3)
    np.testing.assert_allclose(st["predictions"][1:], 2 / 3, atol=5e-3)
    assert "not solved" in explorer.readout.value


def test_hidden_size_one_never_solves(explorer):
    explorer.set(hidden=1, epochs=5000)
    assert not explorer.state["solved"] and explorer.state["loss"] > 0.3


def test_revisiting_a_setting_uses_the_cache(explorer):
    first_png, first_losses = _png(explorer), explorer.state["losses"]
    explorer.controls["seed"].value = 3
    explorer.controls["seed"].value = 1
    assert _png(explorer) == first_png
    assert np.shares_memory(explorer.state["losses"], first_losses)       # not retrained
    with pytest.raises(ValueError):
        explorer.state["losses"][0] = 0.0                                 # the cache is read-only


def test_set_moves_several_controls_with_one_update(explorer, monkeypatch):
    calls = []
    original = explorer.update
    monkeypatch.setattr(explorer, "update", lambda: (calls.append(1), original()))
    explorer.set(hidden=3, seed=5)
    assert len(calls) == 1 and explorer.state["hidden"] == 3 and explorer.state["seed"] == 5
    with pytest.raises(ValueError, match="unknown control"):
        explorer.set(momentum=0.9)


def test_a_diverged_run_is_reported_without_warnings(explorer, monkeypatch):
    bad_weights = [np.full((3, 4), np.nan), np.full((4, 1), np.nan)]
    monkeypatch.setattr(explorer, "train", lambda s: (np.array([0.5, 0.4, np.nan]), bad_weights))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        explorer.update()
    assert explorer.state["diverged_at"] == 2
    assert "diverged" in explorer.readout.value and "diverged" in explorer._loss_text.get_text()
    assert np.isnan(explorer.state["predictions"]).all()


def test_loss_axis_extends_below_its_floor_when_a_run_does(explorer):
    explorer.set(hidden=8, layers=2, activation="tanh", lr=3.0, seed=5, epochs=3000)
    lowest = explorer.state["losses"].min()
    assert lowest < xor_widget.LOSS_FLOOR
    bottom, top = explorer._ax_loss.get_ylim()
    assert bottom <= lowest and top == xor_widget.LOSS_TOP


def test_static_snapshot_bundle(explorer):
    bundle = explorer._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == explorer.widget.model_id
    assert base64.b64decode(bundle["image/png"]) == _png(explorer)
    assert bundle["text/plain"].startswith("XORExplorer(3-4-1, activation='sigmoid', lr=1, seed=1): E = ")
    assert "predictions [" in bundle["text/plain"]


@pytest.mark.parametrize("kwargs, error, match", [
    ({"lr": 0.0}, ValueError, "lr must be in"), ({"lr": 20}, ValueError, "lr"), ({"lr": "fast"}, TypeError, "lr"),
    ({"hidden": 0}, ValueError, "hidden"), ({"hidden": 2.5}, TypeError, "hidden"), ({"layers": 4}, ValueError, "layers"),
    ({"epochs": 50}, ValueError, "epochs"), ({"activation": "softmax"}, ValueError, "activation"),
    ({"seed": 100}, ValueError, "seed"), ({"seed": -1}, ValueError, "seed"),
])
def test_constructor_rejects_bad_settings(kwargs, error, match):
    with pytest.raises(error, match=match):
        XORExplorer(**kwargs)


def test_close_detaches_the_controls():
    ex = XORExplorer(epochs=200)
    png = _png(ex)
    ex.close()
    ex.controls["seed"].value = 5
    assert _png(ex) == png and ex.state["seed"] == 1

"""The dropout explorer, driven headless: sliders move, the state and the picture follow, the cache
answers repeated settings, and the display bundle carries a static PNG."""
import base64
import io

import numpy as np
import PIL.Image
import pytest

from backproplab import widgets
from backproplab.lessons.lesson05 import overfitting
from backproplab.lessons.lesson05.overfitting import DROPOUT_RANGE, RECORD_EVERY, DropoutSettings
from backproplab.lessons.lesson05.explorer import DropoutExplorer


@pytest.fixture
def explorer():
    ex = DropoutExplorer()
    yield ex
    ex.close()


def test_lazy_export():
    assert widgets.DropoutExplorer is DropoutExplorer


def test_controls_and_defaults_are_the_lessons_run(explorer):
    assert set(explorer.controls) == {"dropout", "lr", "hidden", "l2", "epochs", "seed"}
    assert explorer.controls["dropout"].min == 0.0 and explorer.controls["dropout"].max == 0.8
    st = explorer.state
    assert (st["dropout"], st["lr"], st["hidden"], st["l2"], st["epochs"], st["seed"]) == (0.0, 3.0, 32, 0.0, 1000, 0)
    # exactly what a lesson cell gets with the same settings
    X_train, X_test, y_train, y_test = overfitting.overfitting_data()
    run = overfitting.train_with_curves(X_train, y_train, X_test, y_test)
    np.testing.assert_array_equal(st["epochs_recorded"], run.epochs)
    np.testing.assert_allclose(st["train_losses"], run.train_loss, rtol=1e-12)
    np.testing.assert_allclose(st["test_losses"], run.test_loss, rtol=1e-12)
    assert st["test_accuracy"] == run.test_accuracy and st["best_epoch"] == run.best_epoch
    assert bytes(explorer.image.value).startswith(b"\x89PNG")
    assert f"test loss <b>{run.test_loss[-1]:.3f}</b>" in explorer.readout.value
    assert "lowest test loss 0.115 at epoch 140" in explorer.readout.value


def test_moving_the_dropout_slider_retrains_and_redraws(explorer, pixels):
    before = pixels(explorer.image.value)
    test_before = explorer.state["test_loss"]
    explorer.controls["dropout"].value = 0.5                  # what the browser does; observe() calls update()
    st = explorer.state
    assert st["dropout"] == 0.5
    assert st["test_loss"] < test_before - 0.01               # dropout cures the overfitting here
    assert st["test_loss"] < 0.125                            # (the run without it ends at 0.147…0.166)
    assert st["train_loss"] > 0.05
    assert not np.array_equal(pixels(explorer.image.value), before)
    np.testing.assert_array_equal(explorer._test_line.get_ydata(), st["test_losses"])
    np.testing.assert_array_equal(explorer._surface.values.shape, (81, 81))
    assert "dropout p = 0.5" in explorer.readout.value


@pytest.mark.parametrize("name, value", [("lr", 1.0), ("hidden", 8), ("l2", 0.002), ("seed", 5), ("epochs", 400)])
def test_every_control_changes_the_state(explorer, name, value):
    default_test_loss = explorer.state["test_loss"]
    explorer.controls[name].value = value
    assert explorer.state[name] == value
    if name == "epochs":
        assert explorer.state["epochs_recorded"][-1] == 400
    else:
        assert explorer.state["test_losses"][-1] != pytest.approx(default_test_loss, abs=1e-4)


def test_coming_back_costs_no_training(explorer):
    first_png, first_test_loss = bytes(explorer.image.value), explorer.state["test_loss"]
    explorer.controls["dropout"].value = 0.3
    runs = len(explorer._runs)
    explorer.controls["dropout"].value = 0.0
    assert len(explorer._runs) == runs                        # served from the cache
    assert bytes(explorer.image.value) == first_png
    assert explorer.state["test_loss"] == first_test_loss


def test_more_epochs_resume_training_exactly(explorer):
    """Resuming draws the masks a single run would: 500 then 1000 epochs = 1000 at once."""
    explorer.set(dropout=0.4, epochs=500)
    explorer.controls["epochs"].value = 1000
    resumed = explorer.state["test_losses"].copy()
    X_train, X_test, y_train, y_test = overfitting.overfitting_data()
    fresh = overfitting.train_with_curves(X_train, y_train, X_test, y_test, dropout=0.4)
    np.testing.assert_allclose(resumed, fresh.test_loss, rtol=1e-12)
    # and fewer epochs read the recorded weights
    explorer.controls["epochs"].value = 300
    np.testing.assert_allclose(explorer.state["test_losses"], fresh.test_loss[:300 // RECORD_EVERY + 1], rtol=1e-12)


def test_set_moves_several_controls_and_redraws_once(explorer, monkeypatch):
    calls = []
    original = explorer.update
    monkeypatch.setattr(explorer, "update", lambda: (calls.append(1), original())[1])
    explorer.set(dropout=0.2, l2=0.001)
    assert len(calls) == 1
    assert explorer.state["dropout"] == 0.2 and explorer.state["l2"] == 0.001
    with pytest.raises(ValueError, match="unknown control"):
        explorer.set(momentum=0.9)


def test_sliders_clamp_and_settings_check(explorer):
    explorer.controls["dropout"].value = 0.95
    assert explorer.controls["dropout"].value == DROPOUT_RANGE[1]
    assert explorer.state["dropout"] == 0.8
    explorer.controls["epochs"].value = 130                   # between two steps: the nearest step
    assert explorer.state["epochs"] == 100
    with pytest.raises(ValueError, match="dropout must be in"):
        DropoutSettings(dropout=0.9)
    with pytest.raises(ValueError, match="multiple of 20"):
        DropoutSettings(epochs=110)
    with pytest.raises(TypeError, match="hidden must be an integer"):
        DropoutSettings(hidden=2.5)
    assert DropoutSettings(dropout=0.1 + 0.2) == DropoutSettings(dropout=0.3)   # one cached run


def test_a_diverged_run_is_reported_not_raised(explorer):
    """tanh and sigmoid are bounded, so these runs do not overflow; should one ever give NaN, the
    explorer draws it grey and says so instead of raising or warning."""
    epochs = explorer.settings.epochs
    run = explorer._runs[explorer.run_key(explorer.settings)]
    k = epochs // RECORD_EVERY
    weights, biases = run.snapshots[epochs]
    run.snapshots[epochs] = ([np.full_like(w, np.nan) for w in weights], biases)
    run.test_loss[k] = np.nan
    explorer._images.clear()
    explorer.update()
    assert explorer.state["diverged"] is True
    assert "diverged" in explorer.readout.value and "diverged" in repr(explorer)
    assert np.isnan(explorer._surface.values).all()


def test_display_bundle_has_a_static_snapshot(explorer):
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    png = base64.b64decode(bundle["image/png"])
    assert png == bytes(explorer.image.value)
    assert PIL.Image.open(io.BytesIO(png)).mode == "P"          # a 256-colour palette PNG, opaque
    assert bundle["text/plain"] == repr(explorer)
    assert repr(explorer) == ("DropoutExplorer(2-32-1, dropout=0, lr=3, l2=0, epochs=1000, seed=0): "
                              "lowest test loss 0.1152 at epoch 140")


def test_bad_data_is_named():
    with pytest.raises(TypeError, match="X_train, X_test, y_train, y_test"):
        DropoutExplorer(data=(1, 2))
    X_train, X_test, y_train, y_test = overfitting.overfitting_data()
    with pytest.raises(ValueError, match="2 columns"):
        DropoutExplorer(data=(np.c_[X_train, X_train], X_test, y_train, y_test))

import base64

import numpy as np
import pytest

from backproplab import activations, widgets
from backproplab.lessons.lesson03.explorer import Z_MAX, ActivationExplorer


@pytest.fixture
def explorer():
    ex = ActivationExplorer("sigmoid", z=1.0)
    yield ex
    ex.close()


def test_lazy_export():
    assert widgets.ActivationExplorer is ActivationExplorer


def test_initial_state_and_readout(explorer):
    s = activations.sigmoid(1.0)
    assert explorer.state == {"activation": "sigmoid", "z": 1.0, "value": pytest.approx(s),
                              "slope": pytest.approx(s * (1 - s))}
    assert "σ′(z) = 0.7311·(1 − 0.7311) = <b>0.1966</b>" in explorer.readout.value
    assert bytes(explorer.image.value).startswith(b"\x89PNG")
    assert set(explorer.controls) == {"z", "activation"}


def test_moving_the_slider_runs_the_callback(explorer):
    before_png, before_text = explorer.image.value, explorer.readout.value
    explorer.controls["z"].value = -2.0                # what the browser does; observe() calls update()
    s = activations.sigmoid(-2.0)
    assert explorer.state["z"] == -2.0
    assert explorer.state["value"] == pytest.approx(s)
    assert explorer.state["slope"] == pytest.approx(s * (1 - s))
    assert explorer.image.value != before_png
    assert explorer.readout.value != before_text and "−2.00" in explorer.readout.value
    # the artists moved: point on the curve, tangent through it with the derivative as slope
    np.testing.assert_allclose(explorer._point.get_data(), [[-2.0], [s]])
    u, t = explorer._tangent.get_data()
    np.testing.assert_allclose(np.diff(t) / np.diff(u), s * (1 - s))
    assert "−2.00" in explorer._ax_f.get_title()


def test_changing_the_activation_redraws_the_curve(explorer, pixels):
    before = pixels(explorer.image.value)
    explorer.controls["activation"].value = "tanh"
    assert explorer.state["activation"] == "tanh"
    assert explorer.state["slope"] == pytest.approx(1 - np.tanh(1.0) ** 2)
    x, y = explorer._curve.get_data()
    np.testing.assert_allclose(y, np.tanh(x))
    assert "tanh" in explorer.readout.value
    after = pixels(explorer.image.value)
    assert after.shape == before.shape and (after != before).any()


def test_blitted_image_equals_a_full_redraw(explorer, pixels):
    explorer.controls["z"].value = 3.5
    blitted = pixels(explorer.image.value).astype(int)
    explorer.figure.canvas.draw()                      # a full draw (animated artists excluded) …
    for ax, artist in explorer._moving + explorer._legends:
        ax.draw_artist(artist)                         # … plus the moving parts
    full = np.asarray(explorer.figure.canvas.buffer_rgba())[..., :3].astype(int)
    assert np.abs(blitted - full).max() == 0


def test_slider_clamps_to_its_range(explorer):
    explorer.controls["z"].value = 100.0
    assert explorer.state["z"] == Z_MAX
    explorer.controls["z"].value = -100.0
    assert explorer.state["z"] == -Z_MAX


@pytest.mark.parametrize("name", sorted(activations.ACTIVATIONS))
def test_every_activation_draws(explorer, name):
    explorer.controls["activation"].value = name
    for z in (-7.5, 0.0, 0.3, 7.5):
        explorer.controls["z"].value = z
        act = activations.get(name)
        assert explorer.state["value"] == pytest.approx(float(act(z)))
        assert explorer.state["slope"] == pytest.approx(float(act.derivative(z)))


def test_kink_note_for_relu(explorer):
    explorer.controls["activation"].value = "relu"
    explorer.controls["z"].value = 0.0
    assert "kink" in explorer.readout.value
    explorer.controls["z"].value = 0.5
    assert "kink" not in explorer.readout.value


def test_mimebundle_has_widget_view_png_snapshot_and_text(explorer):
    explorer.controls["z"].value = 0.0
    bundle = explorer._repr_mimebundle_()
    view = bundle["application/vnd.jupyter.widget-view+json"]
    assert view["model_id"] == explorer.widget.model_id
    assert base64.b64decode(bundle["image/png"]) == explorer.image.value
    assert bundle["text/plain"] == "ActivationExplorer(activation='sigmoid', z=0.00): σ(z) = 0.5, σ′(z) = 0.25"


@pytest.mark.parametrize("kwargs, error", [
    ({"activation": "swish"}, ValueError),
    ({"activation": 1}, TypeError),
    ({"z": 9.0}, ValueError),
    ({"z": "1"}, TypeError),
    ({"z": float("nan")}, ValueError),
])
def test_rejects_bad_arguments(kwargs, error):
    with pytest.raises(error):
        ActivationExplorer(**kwargs)


def test_an_update_marks_the_explorer_busy_until_it_is_done():
    """The "bp-busy" class reaches the browser before the work starts and leaves when it ends,
    also when the update fails (the style shows it only after 0.3 s)."""
    from backproplab.widgets import ActivationExplorer
    ex = ActivationExplorer()
    seen = []
    real_update = ex.update
    ex.update = lambda: (seen.append("bp-busy" in ex.widget._dom_classes), real_update())
    ex.controls["z"].value = 1.5
    assert seen == [True] and "bp-busy" not in ex.widget._dom_classes
    assert "bp-explorer" in ex.widget._dom_classes and "bp-figure" in ex.image._dom_classes

    def fails():
        raise RuntimeError("boom")
    ex.update = fails
    with pytest.raises(RuntimeError):
        ex.controls["z"].value = -1.0
    assert "bp-busy" not in ex.widget._dom_classes


def test_kept_backgrounds_and_pictures_equal_a_fresh_drawing():
    # Each activation's background is drawn once and kept, and pictures are kept by setting: a picture
    # reached through them must be the pixels a fresh explorer draws for the same setting.
    ex = ActivationExplorer("sigmoid", z=1.0)
    for name, z in [("tanh", -2.0), ("relu", 3.0), ("sigmoid", 2.0), ("tanh", 0.5), ("relu", 3.0)]:
        ex.set(activation=name, z=z)
        fresh = ActivationExplorer(name, z=z)
        assert ex.image.value == fresh.image.value, (name, z)
        assert ex.state == fresh.state
        fresh.close()
    ex.close()

"""OptimiserExplorer (lesson 9): sliders for η, μ and batch size over a two-weight valley."""
import base64

import numpy as np
import pytest

from backproplab import widgets
from backproplab.lessons.lesson09 import practice
from backproplab.lessons.lesson09.explorer import EPOCHS, OptimiserExplorer


@pytest.fixture
def explorer():
    ex = OptimiserExplorer()
    yield ex
    ex.close()


def test_lazy_export_and_initial_state(explorer):
    assert widgets.OptimiserExplorer is OptimiserExplorer
    s = explorer.state
    assert (s["lr"], s["momentum"], s["batch_size"]) == (0.1, 0.0, 64)
    assert s["path"].shape == (EPOCHS + 1, 2) and s["losses"].shape == (EPOCHS,)
    np.testing.assert_array_equal(s["path"][0], [-2.0, 2.0])
    assert bytes(explorer.image.value).startswith(b"\x89PNG") and "1 step(s) per epoch" in explorer.readout.value


def test_the_path_is_fit_with_the_same_settings(explorer):
    explorer.set(lr=0.2, momentum=0.5, batch_size=16)
    net, X, y = practice.regression_valley()
    twin = net.with_weights(net.weights, None, seed=0)
    history = twin.fit(X, y, epochs=EPOCHS, lr=0.2, momentum=0.5, batch_size=16, record_every=1)
    np.testing.assert_array_equal(explorer.state["path"], [w[0].ravel() for w in history.weights])
    np.testing.assert_array_equal(explorer.state["losses"], history.loss)
    np.testing.assert_array_equal(explorer._path.get_data()[0], explorer.state["path"][:, 0])
    assert "4 step(s) per epoch, 160 in all" in explorer.readout.value


def test_momentum_speeds_up_the_valley_and_settings_are_cached(explorer):
    slow = explorer.state["loss"]
    explorer.controls["momentum"].value = 0.9
    assert explorer.state["loss"] < 0.2 * slow
    cached = explorer._cache[(0.1, 0.9, 64)]
    explorer.controls["momentum"].value = 0.0
    explorer.controls["momentum"].value = 0.9
    assert explorer._cache[(0.1, 0.9, 64)] is cached and len(explorer._cache) == 2


def test_too_large_a_rate_diverges_quietly_and_says_so(explorer, recwarn):
    explorer.set(lr=1.0, momentum=0.0)        # η·λ_max ≈ 3.1 > 2: full-batch descent blows up
    assert not [w for w in recwarn if issubclass(w.category, (RuntimeWarning, UserWarning))]
    assert explorer.state["diverged_at"] is not None or explorer.state["loss"] > explorer.state["losses"][0]
    assert "diverged" in explorer.readout.value or "it grew" in explorer.readout.value


def test_snapshot_without_a_kernel_and_stable_text(explorer):
    bundle = explorer._repr_mimebundle_()
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
    assert bundle["text/plain"].startswith("OptimiserExplorer(lr=0.1, momentum=0.00, batch_size=64): loss ")
    with pytest.raises(ValueError, match=r"batch_size must be one of \[1, 4, 16, 64\], got 3"):
        explorer.set(batch_size=3)


def test_the_speaker_notes_say_what_the_explorer_shows(explorer, notebook_cells):
    """The notes of the explorer slide: its readouts, η = 1 with μ = 0.9 still swinging, batch 1's
    jitter a little above the least-squares floor and growing with η."""
    from pathlib import Path
    path = Path(__file__).resolve().parents[2] / "notebooks" / "09_training_in_practice.ipynb"
    notes = next("".join(c["source"]) for c in notebook_cells(path)
                 if "The explorer: a linear fit" in "".join(c["source"]))
    assert f"loss {explorer.state['loss']:.3g} after 40 epochs" in notes
    explorer.set(momentum=0.9)
    assert f"to 0.9: {explorer.state['loss']:.3g}" in notes
    explorer.set(lr=1.0, momentum=0.9)
    last = explorer.state["losses"][-12:]
    assert f"ends at {explorer.state['loss']:.3g}, still swinging" in notes and last.max() > 3 * last.min()
    _, X, y = practice.regression_valley()
    w = np.linalg.lstsq(X, y, rcond=None)[0]
    floor = float(np.mean((X @ w - y) ** 2))
    jitter = {}
    for lr in (0.02, 0.05, 0.1):
        explorer.set(lr=lr, momentum=0.0, batch_size=1)
        losses = explorer.state["losses"]
        assert (losses > floor).all()
        jitter[lr] = np.abs(np.diff(losses[-20:])).mean()       # epoch-to-epoch change at the end
    assert jitter[0.02] < jitter[0.05] < jitter[0.1] and jitter[0.1] > 4 * jitter[0.02]
    assert (losses[-20:] < 1.5 * floor).all()                   # at η = 0.1: a little above the floor

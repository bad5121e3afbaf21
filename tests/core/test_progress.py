"""backproplab.progress: fit(progress="bar") and the lessons' surveys show a bar in Jupyter that
removes itself, and leave nothing for nbval to compare."""
import numpy as np
import pytest

from backproplab import Network
from backproplab.datasets import xor
from backproplab._plumbing.progress import WIDGET_VIEW, ProgressBar, epoch_progress
from backproplab.lessons import overfitting  # noqa: F401  (loaded before the patches)

X, Y = xor()


class FakeDisplay:
    """IPython's display(bundle, raw=True, display_id=True) and its handle's update, recorded."""

    def __init__(self):
        self.shown, self.updates = [], []

    def __call__(self, bundle, raw=False, display_id=None):
        assert raw and display_id is True
        self.shown.append(bundle)
        return self

    def update(self, bundle, raw=False):
        assert raw
        self.updates.append(bundle)


def test_the_bar_fills_an_empty_output_with_a_widget_view_moves_and_empties_it():
    display = FakeDisplay()
    bar = ProgressBar(1000, display=display, delay=0.0)
    assert display.shown == [{}] and not bar.shown        # an empty place, from the start
    values = []
    for done in range(1, 1001):
        bar.advance(done)
        values.append(bar._bar.value if bar.shown else 0)
    bundle = display.updates[0]
    assert list(bundle) == [WIDGET_VIEW]                  # no text/plain: nbval compares none of it
    assert bundle[WIDGET_VIEW]["model_id"] == bar._widget.model_id
    assert len(set(values) - {0}) == 100 and values[-1] == 1000   # moved 100 times, to the end
    assert bar._label.value == "1 000 / 1 000 epochs"
    bar.close()
    bar.close()
    assert display.updates[1:] == [{}]                    # emptied once: the saved output is empty


def test_a_short_run_never_shows_the_bar():
    display = FakeDisplay()
    bar = ProgressBar(1000, display=display, delay=60.0)
    for done in range(1, 1001):
        bar.advance(done)
    bar.close()
    assert not bar.shown and display.shown == [{}] and display.updates == []


def test_outside_a_jupyter_kernel_nothing_is_shown():
    bar = ProgressBar(10)
    assert not bar.shown
    bar.advance(10)
    bar.close()


def test_epoch_progress_removes_the_bar_after_an_error():
    display = FakeDisplay()
    with pytest.raises(KeyboardInterrupt):
        with epoch_progress(50, "bar", display=display, delay=0.0) as advance:
            advance(10)
            raise KeyboardInterrupt
    assert len(display.updates) == 2 and display.updates[-1] == {}
    with epoch_progress(50, None) as advance:
        assert advance(3) is None
    with pytest.raises(ValueError, match="progress must be None, False or 'bar'"):
        with epoch_progress(50, "tqdm"):
            pass


def test_fit_with_a_bar_trains_the_same_and_prints_nothing(capsys, monkeypatch):
    display = FakeDisplay()
    monkeypatch.setattr("backproplab.progress._kernel_display", lambda: display)
    plain, barred = Network([3, 4, 1], bias=False, seed=1), Network([3, 4, 1], bias=False, seed=1)
    h_plain = plain.fit(X, Y, epochs=300, lr=1.0)
    h_bar = barred.fit(X, Y, epochs=300, lr=1.0, progress="bar")
    np.testing.assert_array_equal(h_plain.loss, h_bar.loss)
    np.testing.assert_array_equal(plain.weights[0], barred.weights[0])
    assert capsys.readouterr().out == ""
    assert display.shown == [{}]                          # a place for the bar; too quick to fill
    monkeypatch.setattr("backproplab.progress.DELAY", 0.0)
    barred.fit(X, Y, epochs=30, lr=1.0, batch_size=2, progress="bar")      # mini-batch too
    assert len(display.shown) == 2 and list(display.updates[0]) == [WIDGET_VIEW] and display.updates[1] == {}
    with pytest.raises(ValueError, match="progress must be False, True"):
        plain.fit(X, Y, epochs=3, lr=1.0, progress="tqdm")


def test_seed_survey_with_a_bar(monkeypatch):
    from backproplab.lessons.xor import seed_survey
    display = FakeDisplay()
    monkeypatch.setattr("backproplab.progress._kernel_display", lambda: display)
    with_bar = seed_survey([1, 2], epochs=200, progress="bar")
    without = seed_survey([1, 2], epochs=200)
    np.testing.assert_array_equal(with_bar.final_loss, without.final_loss)
    assert display.shown == [{}]


def test_the_lessons_long_runs_take_a_bar(monkeypatch):
    from backproplab.lessons import dropout_survey, overfitting
    display = FakeDisplay()
    monkeypatch.setattr("backproplab.progress._kernel_display", lambda: display)
    monkeypatch.setattr("backproplab.progress.DELAY", 0.0)
    split = overfitting.overfitting_data()
    X_train, X_test, y_train, y_test = split
    kwargs = dict(hidden=8, epochs=40, record_every=20, dropout=0.5)
    barred = overfitting.train_with_curves(X_train, y_train, X_test, y_test, progress="bar", **kwargs)
    plain = overfitting.train_with_curves(X_train, y_train, X_test, y_test, **kwargs)
    np.testing.assert_array_equal(barred.test_loss, plain.test_loss)
    assert len(display.shown) == 3                        # the run and its two round-off twins
    surveys = dropout_survey.xor_seed_surveys([0], [dict(hidden=4), dict(hidden=6)], epochs=30, progress="bar")
    assert len(display.shown) == 4 and display.updates[-1] == {} and len(surveys) == 2

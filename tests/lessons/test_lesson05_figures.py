"""The figures of lesson 5: each draws what it says, into given axes or its own figure."""
import dataclasses

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.patches import Rectangle

import backproplab as bp
from backproplab.lessons.lesson05 import dropout_step, dropout_survey, overfitting
from backproplab.lessons.lesson05 import figures as rp


@pytest.fixture(scope="module")
def runs():
    X_train, X_test, y_train, y_test = overfitting.overfitting_data()
    variants = {"plain": {}, "dropout": {"dropout": 0.5}, "L1": {"l1": 0.001}}
    return overfitting.compare_regularisers(X_train, y_train, X_test, y_test, variants, hidden=8, epochs=200)


def test_everything_is_exported_from_plots():
    for name in rp.__all__:
        assert getattr(bp.plots, name) is getattr(rp, name)


def test_plot_dropout_step_hatches_the_dropped_cells_in_every_panel():
    _, trace = dropout_step.dropout_example()
    fig = bp.plots.plot_dropout_step(trace)
    axes = fig.axes[:4]
    assert len(axes) == 4
    n_dropped = int((trace.layers[0].mask == 0).sum())
    for ax in axes:
        hatched = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_hatch()]
        assert len(hatched) == n_dropped
        assert [t.get_text() for t in ax.get_xticklabels()] == ["D", "E", "F", "G"]
    # the numbers written in the δ panel are the trace's, and a dropped δ reads 0.000, not −0.000
    texts = [t.get_text() for t in axes[3].texts]
    assert texts.count("0.000") >= n_dropped and "−0.000" not in texts
    assert f"{trace.layers[0].delta[2, 0]:.3f}".replace("-", "−") in texts
    assert "x = (1,0)" in [t.get_text() for t in axes[0].get_yticklabels()]
    # the loss is E_total beside the unit E, so that δ_E = ∂E_total/∂z_E reads as one thing
    assert axes[3].get_title() == "error term $\\delta = \\partial E_{\\mathrm{total}}/\\partial z$"


def test_plot_dropout_step_rejects_a_trace_without_dropout():
    trace = bp.Network([3, 4, 1]).train_step(*bp.datasets.xor(), lr=0.1)
    with pytest.raises(ValueError, match="no dropout mask"):
        bp.plots.plot_dropout_step(trace)
    with pytest.raises(TypeError, match="StepTrace"):
        bp.plots.plot_dropout_step("trace")
    _, with_dropout = dropout_step.dropout_example()
    with pytest.raises(ValueError, match="hidden layer"):
        bp.plots.plot_dropout_step(with_dropout, layer=1)


def test_plot_mask_average_draws_the_running_means():
    avgs = [dropout_step.mask_average(0.6, p, n_masks=500, seed=k) for k, p in enumerate((0.2, 0.5))]
    fig = bp.plots.plot_mask_average(avgs)
    ax = fig.axes[0]
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), avgs[0].running_inverted)
    np.testing.assert_array_equal(ax.lines[1].get_ydata(), avgs[0].running_unscaled)
    assert ax.get_xscale() == "log"
    fig2, ax2 = plt.subplots()
    assert bp.plots.plot_mask_average(avgs[0], ax=ax2) is fig2
    with pytest.raises(TypeError, match="MaskAverage"):
        bp.plots.plot_mask_average([1, 2])


def test_plot_seed_survey_one_panel_per_survey():
    surveys = [dropout_survey.xor_seed_survey([0, 1], hidden=4, dropout=0.2, epochs=300),
               dropout_survey.xor_seed_survey([0, 1], hidden=4, dropout=0.0, epochs=300)]
    fig = bp.plots.plot_seed_survey(surveys)
    assert len(fig.axes) == 2
    ax = fig.axes[0]
    points = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(points) == 4                                   # 2 seeds × (last pass, evaluation)
    np.testing.assert_allclose(points[1].get_offsets()[:, 1], surveys[0].eval_output[0])
    assert "4 hidden, p = 0.2" in ax.get_title()


def test_plot_split_counts_the_classes():
    X_train, X_test, y_train, y_test = overfitting.overfitting_data()
    fig = bp.plots.plot_split(X_train, y_train, X_test, y_test)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    n1 = int(y_train.sum())
    assert f"train, class 1 ({n1})" in labels and f"train, class 0 ({60 - n1})" in labels
    with pytest.raises(ValueError, match="one label per point"):
        bp.plots.plot_split(X_train, y_train[:5], X_test, y_test)


def test_plot_train_test_shows_each_runs_curves(runs):
    fig = bp.plots.plot_train_test(runs)
    assert len(fig.axes) == 3
    for ax, run in zip(fig.axes, runs.values()):
        train, test = ax.lines[:2]
        np.testing.assert_array_equal(train.get_ydata(), run.train_loss)
        np.testing.assert_array_equal(test.get_xdata(), run.epochs)
        assert ax.get_title() == run.label
        assert ax.lines[2].get_xdata()[0] == run.best_epoch
    fig2, axes = plt.subplots(1, 3)
    assert bp.plots.plot_train_test(list(runs.values()), axes=axes) is fig2
    with pytest.raises(ValueError, match="3 matplotlib Axes"):
        bp.plots.plot_train_test(runs, axes=axes[:2])
    with pytest.raises(TypeError, match="RegularisedRun"):
        bp.plots.plot_train_test({"a": 1})


def test_plot_boundaries_draws_each_networks_output(runs):
    X_train, X_test, y_train, y_test = overfitting.overfitting_data()
    fig = bp.plots.plot_boundaries(runs, X_train, y_train, X_test, y_test, resolution=31)
    panels = [ax for ax in fig.axes if ax.images]
    assert len(panels) == 3
    for ax, run in zip(panels, runs.values()):
        image = ax.images[0].get_array()
        x0, x1, y0, y1 = ax.images[0].get_extent()
        # the centre pixel of the image is the network's output there
        cx = x0 + (15 + 0.5) * (x1 - x0) / 31
        cy = y0 + (15 + 0.5) * (y1 - y0) / 31
        assert image[15, 15] == pytest.approx(run.net.forward([[cx, cy]])[0, 0])
        assert f"test {run.test_accuracy:.2f}" in ax.get_title()


def test_a_roundoff_sensitive_run_shows_no_final_numbers(runs):
    """Where a run's end is set by round-off (the table says "varies"), the figures give no final numbers."""
    X_train, X_test, y_train, y_test = overfitting.overfitting_data()
    plain, dropout = list(runs.values())[:2]
    sensitive = dataclasses.replace(plain, roundoff_sensitive=True)
    fig = bp.plots.plot_train_test([sensitive, dropout])
    assert [t.get_text() for t in fig.axes[0].texts] == ["final losses\nvary (round-off)"]
    assert [t.get_text() for t in fig.axes[1].texts] == [f"train {dropout.train_loss[-1]:.3f}\n"
                                                         f"test {dropout.test_loss[-1]:.3f}"]
    fig = bp.plots.plot_boundaries([sensitive, dropout], X_train, y_train, X_test, y_test, resolution=11)
    titles = [ax.get_title() for ax in fig.axes if ax.images]
    assert titles == [f"{plain.label}\naccuracy: varies (round-off)",
                      f"{dropout.label}\naccuracy: train {dropout.train_accuracy:.2f}, test {dropout.test_accuracy:.2f}"]


def test_plot_penalties():
    fig = bp.plots.plot_penalties(lam=0.5, reach=2.0)
    pen, grad = fig.axes[:2]
    assert grad.get_title() == "its gradient, added to $\\partial E_{\\mathrm{total}}/\\partial w$"
    w, l2 = pen.lines[0].get_data()
    np.testing.assert_allclose(l2, 0.25 * w ** 2)
    w, l1_grad = grad.lines[1].get_data()
    np.testing.assert_allclose(l1_grad, 0.5)                   # λ·sign(w) for w > 0
    with pytest.raises(ValueError, match="lam must be"):
        bp.plots.plot_penalties(lam=0)


def test_plot_weight_histograms_counts_every_weight(runs):
    fig = bp.plots.plot_weight_histograms(runs, tol=0.01, bin_width=0.2)
    assert len(fig.axes) == 3
    for ax, run in zip(fig.axes, runs.values()):
        heights = [p.get_height() for p in ax.patches]
        assert sum(heights) == 8 * 2 + 8                       # every weight, no bias
        near = overfitting.near_zero_fraction(run.net.weights, 0.01)
        assert f"{100 * near:.0f} % of 24 weights within 0.01 of 0" in ax.get_title()
        centre = [p for p in ax.patches if abs(p.get_x() + p.get_width() / 2) < 1e-9]
        assert len(centre) == 1                                # a bin centred on 0
    weights = {"a": bp.Network([2, 3, 1]), "b": [np.ones((2, 2))]}
    assert len(bp.plots.plot_weight_histograms(weights).axes) == 2
    with pytest.raises(TypeError, match="RegularisedRun, a Network"):
        bp.plots.plot_weight_histograms({"a": 3})

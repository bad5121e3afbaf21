import matplotlib.pyplot as plt
import numpy as np
import pytest

from backproplab import activations, plots
from backproplab.lessons.lesson03 import figures as ap


def test_exports_are_reexported_by_plots():
    for name in ap.__all__:
        assert getattr(plots, name) is getattr(ap, name)


@pytest.mark.parametrize("name", sorted(activations.ACTIVATIONS))
def test_plot_activation_draws_function_and_derivative(name):
    act = activations.get(name)
    z = np.linspace(-3, 3, 61)
    fig = plots.plot_activation(name, z=z)
    ax = fig.axes[0]
    f_line, d_line = [l for l in ax.get_lines() if l.get_label() and not l.get_label().startswith("_")]
    np.testing.assert_allclose(f_line.get_ydata(), act(z))
    d_x, d_y = d_line.get_xdata(), d_line.get_ydata()
    keep = ~np.isnan(d_y)                          # NaN gaps mark jumps (ReLU's kink)
    np.testing.assert_allclose(d_y[keep], act.derivative(d_x[keep]))
    assert ax.get_legend() is not None


def test_relu_derivative_has_a_gap_at_the_kink():
    fig = plots.plot_activation("relu", z=np.linspace(-1, 1, 21))
    d_line = fig.axes[0].get_lines()[-1]
    assert np.isnan(d_line.get_ydata()).sum() == 1


def test_mark_shows_sigmoid_maximum():
    fig = plots.plot_activation("sigmoid", mark=0.0)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "σ(0) = 0.5" in texts and "σ′(0) = 0.25" in texts
    points = [l for l in fig.axes[0].get_lines() if l.get_marker() == "o"]
    assert sorted(float(p.get_ydata()[0]) for p in points) == [0.25, 0.5]


def test_plot_activation_into_given_axes_and_without_derivative():
    fig, ax = plt.subplots()
    out = plots.plot_activation("tanh", ax=ax, show_derivative=False)
    assert out is fig
    labelled = [l for l in ax.get_lines() if not l.get_label().startswith("_")]
    assert len(labelled) == 1


@pytest.mark.parametrize("kwargs, error", [
    ({"activation": "softmax"}, ValueError),
    ({"activation": 3}, TypeError),
    ({"activation": "sigmoid", "z": [[1, 2]]}, ValueError),
    ({"activation": "sigmoid", "z": [1.0]}, ValueError),
    ({"activation": "sigmoid", "z": ["a", "b"]}, TypeError),
    ({"activation": "sigmoid", "mark": "zero"}, TypeError),
    ({"activation": "sigmoid", "ax": "left"}, TypeError),
])
def test_plot_activation_rejects_bad_input(kwargs, error):
    with pytest.raises(error):
        plots.plot_activation(**kwargs)


def test_labels_come_from_the_package_latex():
    f, d = plots.activation_labels("sigmoid")
    assert f == r"$\sigma(z) = \dfrac{1}{1 + e^{-z}}$"
    assert d == "$" + activations.sigmoid.deriv_latex + "$"
    assert plots.activation_labels("relu") == (r"$\mathrm{ReLU}(z) = \max(0, z)$", r"$\mathrm{ReLU}'(z)$")
    assert plots.activation_labels("tanh", short=True)[0] == r"$\tanh(z)$"


def test_grid_has_one_axes_per_activation():
    fig = plots.plot_activation_grid()
    assert len(fig.axes) == len(activations.ACTIVATIONS)
    assert fig.axes[2].get_title().startswith("ReLU")
    fig = plots.plot_activation_grid(["sigmoid", "tanh"], ncols=1)
    assert len(fig.axes) == 2
    fig.canvas.draw()                              # every mathtext label must render


def test_leaky_relu_panel_magnifies_its_small_negative_slope():
    fig = plots.plot_activation_grid(["relu", "leaky_relu", "sigmoid"])
    relu, leaky, sigmoid = fig.axes
    assert not relu.child_axes and not sigmoid.child_axes      # slope 0, or not constant: nothing to show
    (inset,) = leaky.child_axes
    assert inset.get_title() == "zoom on z < 0: slope 0.01"
    function, derivative = inset.get_lines()[-2:]
    z = function.get_xdata()
    assert z.max() == 0 and z.min() < -5
    np.testing.assert_allclose(function.get_ydata(), 0.01 * z)
    np.testing.assert_allclose(derivative.get_ydata(), 0.01)
    lo, hi = inset.get_ylim()
    assert lo < 0.01 * z.min() and hi > 0.01 and hi - lo < 0.1     # the slope fills the inset
    fig.canvas.draw()


def test_grid_rejects_bad_names():
    with pytest.raises(TypeError):
        plots.plot_activation_grid("sigmoid")
    with pytest.raises(ValueError):
        plots.plot_activation_grid(["sigmoid", "swish"])
    with pytest.raises(ValueError):
        plots.plot_activation_grid(ncols=0)


def test_gradient_norms_plot_is_log_scale_and_skips_zeros():
    norms = {"sigmoid": np.array([1e-6, 1e-4, 1e-2, 1.0]), "relu": np.array([0.0, 0.5, 1.0, 2.0])}
    fig = plots.plot_gradient_norms(norms, reference=0.25)
    ax = fig.axes[0]
    assert ax.get_yscale() == "log"
    lines = {l.get_label(): l for l in ax.get_lines()}
    assert np.isnan(lines["relu"].get_ydata()[0])
    np.testing.assert_allclose(lines["×0.25 per layer"].get_ydata(), [0.25 ** 3, 0.25 ** 2, 0.25, 1.0])
    fig.canvas.draw()


def test_gradient_norms_plot_accepts_one_array():
    fig = plots.plot_gradient_norms(np.array([0.1, 1.0]))
    assert len(fig.axes[0].get_lines()) == 1


@pytest.mark.parametrize("norms, error", [
    ({}, ValueError),
    ({"a": [1.0, -1.0]}, ValueError),
    ({"a": [[1.0]]}, ValueError),
    ({"a": [np.nan]}, ValueError),
    ("abc", TypeError),
])
def test_gradient_norms_plot_rejects_bad_input(norms, error):
    with pytest.raises(error):
        plots.plot_gradient_norms(norms)


def test_gradient_norms_plot_rejects_bad_reference():
    with pytest.raises(ValueError):
        plots.plot_gradient_norms([1.0, 2.0], reference=0)

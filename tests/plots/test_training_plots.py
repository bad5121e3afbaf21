import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest

import backproplab as bp
from backproplab import plots
from backproplab.datasets import add_bias_column, xor
from backproplab.plots import training
from matplotlib import colors as matplotlib_colors


@pytest.fixture(scope="module")
def trained():
    X, y = xor()
    net = bp.Network([3, 4, 1], bias=False, seed=1)
    history = net.fit(X, y, epochs=3000, lr=1.0)
    return net, history


def test_exports_are_reexported_by_plots():
    for name in training.__all__:
        assert getattr(plots, name) is getattr(training, name)


# ---------------------------------------------------------------- plot_loss
def test_plot_loss_from_history_is_log_scaled(trained):
    _, history = trained
    fig = plots.plot_loss(history)
    ax = fig.axes[0]
    line, = ax.get_lines()
    np.testing.assert_array_equal(line.get_ydata(), history.loss)
    np.testing.assert_array_equal(line.get_xdata(), np.arange(3000))
    assert ax.get_yscale() == "log" and ax.get_xlabel() == "epoch"
    assert ax.get_legend() is None


def test_plot_loss_two_curves_on_one_axes_with_legend(trained):
    _, history = trained
    fig, ax = plt.subplots()
    assert plots.plot_loss(history, ax=ax, label="3-4-1") is fig
    plots.plot_loss([0.5, 0.2, 0.1], ax=ax, label="other", log=False, color="red")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["3-4-1", "other"]
    assert ax.get_lines()[1].get_color() == "red"


def test_plot_loss_leaves_diverged_epochs_out():
    fig = plots.plot_loss([0.5, 0.4, np.inf, np.nan])
    y = fig.axes[0].get_lines()[0].get_ydata()
    np.testing.assert_array_equal(np.isnan(y), [False, False, True, True])


@pytest.mark.parametrize("args, kwargs, error, match", [
    (([],), {}, ValueError, "non-empty"),
    (([[0.1, 0.2]],), {}, ValueError, "1-D"),
    ((["a", "b"],), {}, TypeError, "History"),
    (([0.5, 0.0],), {}, ValueError, "log=False"),
    (([0.5, 0.1],), {"log": "yes"}, TypeError, "log"),
    (([0.5, 0.1],), {"label": 3}, TypeError, "label"),
    (([0.5, 0.1],), {"ax": "axes"}, TypeError, "ax"),
])
def test_plot_loss_rejects_bad_input(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        plots.plot_loss(*args, **kwargs)


def test_plot_loss_at_recorded_epochs_without_legend():
    fig = plots.plot_loss([0.5, 0.3, 0.2], epochs=[0, 20, 40], label="train", legend=False, log=False)
    ax = fig.axes[0]
    np.testing.assert_array_equal(ax.get_lines()[0].get_xdata(), [0, 20, 40])
    assert ax.get_legend() is None and ax.get_lines()[0].get_label() == "train"
    with pytest.raises(ValueError, match="one epoch per loss"):
        plots.plot_loss([0.5, 0.3], epochs=[0, 20, 40])


def test_plot_loss_zero_allowed_on_linear_scale():
    fig = plots.plot_loss([0.5, 0.0], log=False)
    assert fig.axes[0].get_yscale() == "linear"


# ---------------------------------------------------------------- plot_points
def test_plot_points_colours_classes_and_annotates_small_sets():
    X, y = xor()
    fig = plots.plot_points(X, y)
    ax = fig.axes[0]
    zero, one = ax.collections
    np.testing.assert_array_equal(zero.get_offsets(), [[0, 0], [1, 1]])
    np.testing.assert_array_equal(one.get_offsets(), [[0, 1], [1, 0]])
    assert [t.get_text() for t in ax.texts] == ["t = 0", "t = 1", "t = 1", "t = 0"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["target 0", "target 1"]


def test_plot_points_many_points_not_annotated():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(float)
    fig = plots.plot_points(X, y)
    assert len(fig.axes[0].texts) == 0
    assert sum(len(c.get_offsets()) for c in fig.axes[0].collections) == 50


@pytest.mark.parametrize("X, y, match", [
    ([[0, 1, 1]], [0, 1], "y must hold one target per sample"),
    ([0, 1], [0], "X must be 2-dimensional"),
    ([[0], [1]], [0, 1], "first two columns"),
])
def test_plot_points_rejects_bad_shapes(X, y, match):
    with pytest.raises(ValueError, match=match):
        plots.plot_points(X, y)


# ---------------------------------------------------------------- decision surface
def test_decision_surface_matches_network_on_grid_and_points(trained):
    net, _ = trained
    X, y = xor()
    fig, ax = plt.subplots()
    surface = training.DecisionSurface(ax, X, y, resolution=11)
    values = surface.update(net)
    assert values.shape == (11, 11)
    i, j = 3, 8                                    # row i is x2 = grid_y[i], column j is x1 = grid_x[j]
    expected = net.forward([[surface.grid_x[j], surface.grid_y[i], 1.0]])[0, 0]
    assert values[i, j] == pytest.approx(expected, abs=1e-12)
    np.testing.assert_allclose(surface.predictions, net.forward(X)[:, 0], atol=1e-12)
    np.testing.assert_array_equal(surface.image.get_array(), values)
    assert surface.extent == (-0.25, 1.25, -0.25, 1.25)
    assert surface.boundary is not None           # a solved XOR crosses 0.5


def test_plot_decision_surface_writes_the_four_predictions(trained):
    net, _ = trained
    X, y = xor()
    fig = plots.plot_decision_surface(net, X, y, title="3-4-1")
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    assert texts == [f"o = {o:.2f}" for o in net.forward(X)[:, 0]]
    assert ax.get_title() == "3-4-1"
    assert len(fig.axes) == 2                     # with its colour bar


def test_decision_surface_update_replaces_the_boundary(trained):
    net, _ = trained
    X, y = xor()
    fig, ax = plt.subplots()
    surface = training.DecisionSurface(ax, X, y, resolution=21)
    surface.update(net)
    first = surface.values.copy()
    surface.update(bp.Network([3, 4, 1], bias=False, seed=7))     # untrained: a different picture
    assert not np.allclose(first, surface.values)
    contours = [c for c in ax.get_children() if c.__class__.__name__ == "ContourSet"]
    assert contours == ([surface.boundary] if surface.boundary is not None else [])


def test_no_boundary_and_no_warning_for_a_constant_or_nan_output():
    X, y = xor()
    fig, ax = plt.subplots()
    surface = training.DecisionSurface(ax, X, y, resolution=9)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        surface.update(lambda inputs: np.full(len(inputs), 0.2))
        assert surface.boundary is None
        surface.update(lambda inputs: np.full((len(inputs), 1), np.nan))
    assert surface.boundary is None
    assert [t.get_text() for t in surface.value_texts] == ["o = nan"] * 4


def test_two_input_network_and_custom_feature_map():
    rng = np.random.default_rng(3)
    X2 = rng.uniform(-1, 1, size=(30, 2))
    y2 = (X2[:, 0] > X2[:, 1]).astype(float)
    net2 = bp.Network([2, 3, 1], seed=0)
    fig = plots.plot_decision_surface(net2, X2, y2, resolution=15)   # "auto": two real inputs
    assert len(fig.axes[0].texts) == 0                              # many points: no values written
    squares = lambda g: np.column_stack([g, g ** 2])                 # a feature map (M, 2) -> (M, 4)
    net4 = bp.Network([4, 2, 1], seed=0)
    fig, ax = plt.subplots()
    surface = training.DecisionSurface(ax, X2, y2, features=squares, resolution=5, extent=(-1, 1, -2, 2))
    surface.update(net4)
    np.testing.assert_allclose(surface.predictions, net4.forward(squares(X2))[:, 0])
    assert surface.extent == (-1.0, 1.0, -2.0, 2.0)


def test_features_none_and_bias_column_map_agree(trained):
    net, _ = trained
    X, y = xor()
    fig, (a, b) = plt.subplots(1, 2)
    s1 = training.DecisionSurface(a, X, y, resolution=7)
    s2 = training.DecisionSurface(b, X, y, resolution=7, features=add_bias_column)
    np.testing.assert_array_equal(s1.update(net), s2.update(net.forward))


@pytest.mark.parametrize("kwargs, error, match", [
    ({"net": 3}, TypeError, "net must be"),
    ({"features": "poly"}, ValueError, "features must be"),
    ({"X": np.ones((4, 4))}, ValueError, "features='auto'"),
    ({"X": [[0, 0, 2], [0, 1, 2], [1, 0, 2], [1, 1, 2]]}, ValueError, "features='auto'"),
    ({"resolution": 1}, ValueError, "resolution"),
    ({"resolution": 2.5}, TypeError, "resolution"),
    ({"extent": (1, 0, 0, 1)}, ValueError, "extent"),
    ({"extent": (0, 1, 0)}, ValueError, "extent"),
    ({"threshold": "half"}, TypeError, "threshold"),
    ({"vlim": (1, 0)}, ValueError, "vlim"),
    ({"vlim": (0, 1, 2)}, ValueError, "vlim"),
    ({"ax": []}, TypeError, "ax"),
])
def test_plot_decision_surface_rejects_bad_input(trained, kwargs, error, match):
    net, _ = trained
    X, y = xor()
    args = {"net": net, "X": X, "y": y, **kwargs}
    with pytest.raises(error, match=match):
        plots.plot_decision_surface(args.pop("net"), args.pop("X"), args.pop("y"), **args)


def test_network_with_wrong_output_shape_is_reported():
    X, y = xor()
    with pytest.raises(ValueError, match="one row per input"):
        plots.plot_decision_surface(lambda inputs: np.zeros((2, 1)), X, y)


# ---------------------------------------------------------------- plot_loss_and_gradient (lesson 8)
def test_plot_loss_and_gradient_draws_each_run_on_both_panels():
    runs = {"a": ([5.0, 2.0, 1.0], [-1.0, -0.5, -0.25]), "b": (np.array([0.5, 0.49, 0.4]), [-0.01, -0.02, -0.1])}
    fig = plots.plot_loss_and_gradient(runs)
    loss_ax, grad_ax = fig.axes
    assert loss_ax.get_yscale() == grad_ax.get_yscale() == "log"
    (la, lb), (ga, gb) = loss_ax.get_lines(), grad_ax.get_lines()
    np.testing.assert_array_equal(la.get_ydata(), [5.0, 2.0, 1.0])
    np.testing.assert_array_equal(lb.get_xdata(), [0, 1, 2])
    np.testing.assert_array_equal(ga.get_ydata(), [1.0, 0.5, 0.25])          # sizes: |∂E/∂w|
    np.testing.assert_array_equal(gb.get_ydata(), [0.01, 0.02, 0.1])
    assert [t.get_text() for t in grad_ax.get_legend().get_texts()] == ["a", "b"]


@pytest.mark.parametrize("runs, error, match", [
    ({}, TypeError, "non-empty mapping"),
    ({"a": ([1.0, 2.0], [1.0])}, ValueError, "one loss and one gradient per step"),
    ({"a": ([1.0, 0.0], [1.0, 1.0])}, ValueError, "log scale"),
    ({"a": [1.0, 2.0, 3.0]}, TypeError, "pair"),
    ({1: ([1.0], [1.0])}, TypeError, "strings"),
])
def test_plot_loss_and_gradient_rejects_bad_runs(runs, error, match):
    with pytest.raises(error, match=match):
        plots.plot_loss_and_gradient(runs)


# ---------------------------------------------------------------- decision regions for K classes (lesson 8)
def _three_way(grid):
    """Class 0 where x₁ is largest, 1 where x₂ is, 2 where −x₁ − x₂ is: three sectors around 0."""
    return np.column_stack([grid[:, 0], grid[:, 1], -grid[:, 0] - grid[:, 1]])


def test_class_regions_colour_every_pixel_by_its_largest_output():
    X = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0], [0.5, 0.1]])
    Y = bp.datasets.one_hot([0, 1, 2, 1])
    fig = plots.plot_decision_surface(_three_way, X, Y, resolution=4, extent=(-2, 2, -2, 2))
    ax = fig.axes[0]
    assert len(fig.axes) == 1                         # no colour bar: the legend names the classes
    rgb = ax.images[0].get_array()
    assert rgb.shape == (4, 4, 3)
    centres = -2 + (np.arange(4) + 0.5)               # -1.5, -0.5, 0.5, 1.5
    pale = [0.35 * np.array(matplotlib_colors.to_rgb(c)) + 0.65 for c in plots.MULTICLASS_COLOURS[:3]]
    for i, yc in enumerate(centres):                  # row i from the bottom
        for j, xc in enumerate(centres):
            k = int(np.argmax(_three_way(np.array([[xc, yc]]))[0]))
            np.testing.assert_allclose(rgb[i, j], pale[k], atol=1e-12)
    np.testing.assert_allclose(rgb[3, 3], pale[0], atol=1e-12)   # (1.5, 1.5): a tie x₁ = x₂, argmax takes 0
    np.testing.assert_allclose(rgb[0, 0], pale[2], atol=1e-12)   # (−1.5, −1.5): −x₁ − x₂ = 3 wins
    # the points in their true classes' colours, one collection per class present
    faces = [tuple(np.round(c.get_facecolor()[0][:3], 6)) for c in ax.collections if hasattr(c, "get_offsets")
             and len(c.get_offsets()) and c.get_offsets().shape[1] == 2 and c.get_label().startswith("class")]
    assert len(faces) == 3
    np.testing.assert_array_equal([c.get_label() for c in ax.collections if c.get_label().startswith("class")],
                                  ["class 0", "class 1", "class 2"])
    offsets = [c for c in ax.collections if c.get_label() == "class 1"][0].get_offsets()
    np.testing.assert_array_equal(offsets, [[0.0, 1.0], [0.5, 0.1]])


def test_class_regions_of_a_trained_softmax_network_match_its_predictions():
    X, labels = bp.datasets.spiral(20, classes=3, noise=0.1, seed=0)
    net = bp.Network([2, 8, 3], activation=["tanh", "softmax"], loss="cross_entropy", seed=0)
    net.fit(X, bp.datasets.one_hot(labels), epochs=200, lr=0.05)
    fig = plots.plot_decision_surface(net, X, bp.datasets.one_hot(labels), resolution=5, extent=(-1, 1, -1, 1))
    rgb = fig.axes[0].images[0].get_array()
    g = -1 + (np.arange(5) + 0.5) * 0.4
    gx, gy = np.meshgrid(g, g)
    predicted = np.argmax(net.forward(np.column_stack([gx.ravel(), gy.ravel()])), axis=1).reshape(5, 5)
    pale = np.array([0.35 * np.array(matplotlib_colors.to_rgb(c)) + 0.65 for c in plots.MULTICLASS_COLOURS[:3]])
    np.testing.assert_allclose(rgb, pale[predicted], atol=1e-12)
    assert len(np.unique(predicted)) >= 2


@pytest.mark.parametrize("kwargs, match", [({"threshold": 0.5}, "threshold"), ({"vlim": (0, 1)}, "vlim"),
                                           ({"show_values": True}, "show_values"), ({"annotate": True}, "annotate")])
def test_class_regions_refuse_one_output_options(kwargs, match):
    X = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]])
    with pytest.raises(ValueError, match=match):
        plots.plot_decision_surface(_three_way, X, np.eye(3), **kwargs)


def test_class_regions_need_one_output_per_class():
    X = np.array([[1.0, 0.0], [0.0, 1.0]])
    with pytest.raises(ValueError, match="2 outputs per input"):
        plots.plot_decision_surface(_three_way, X, np.eye(2))
    with pytest.raises(ValueError, match="one target row per sample"):
        plots.plot_decision_surface(_three_way, X, np.eye(3))
    with pytest.raises(ValueError, match="at most 6"):
        plots.plot_decision_surface(lambda g: np.zeros((len(g), 7)), X, np.eye(7)[:2])

"""Lesson 9's figures: contours with arrows, descent paths, the spread of z per layer."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from backproplab.lessons.lesson09.figures import plot_descent_paths, plot_gradient_arrows, plot_layer_spread

U = np.linspace(-2, 2, 21)
V = np.linspace(-1, 1, 11)
E = 0.5 * (U[None, :] ** 2 + 10 * V[:, None] ** 2) + 0.01


def test_gradient_arrows_draw_one_arrow_per_sample_and_their_sum():
    steps = np.array([[0.3, 0.1], [-0.1, 0.2], [0.05, -0.4]])
    fig = plot_gradient_arrows(U, V, E, (0.5, 0.2), steps)
    quivers = [c for c in fig.axes[0].collections if type(c).__name__ == "Quiver"]
    assert [len(q.U) for q in quivers] == [3, 1]
    np.testing.assert_allclose([quivers[1].U[0], quivers[1].V[0]], steps.sum(axis=0))
    plt.close(fig)


def test_descent_paths_draw_each_path_and_check_shapes():
    paths = {"μ = 0": np.array([[-2.0, 1.0], [-1.0, -0.5], [0.0, 0.0]]), "μ = 0.9": np.array([[-2.0, 1.0], [1.0, 0.2]])}
    fig = plot_descent_paths(U, V, E, paths, minimum=(0, 0))
    labels = [line.get_label() for line in fig.axes[0].get_lines()]
    assert "μ = 0" in labels and "μ = 0.9" in labels
    plt.close(fig)
    with pytest.raises(ValueError, match=r"E must have shape \(len\(v\), len\(u\)\) = \(11, 21\)"):
        plot_descent_paths(U, V, E.T, paths)
    with pytest.raises(TypeError, match="paths must be a non-empty dict"):
        plot_descent_paths(U, V, E, [])


def test_layer_spread_one_line_per_rule_on_a_log_scale():
    fig = plot_layer_spread({"lecun": [1.0, 0.6, 0.5], "normal": [10.0, 9.5, 9.6]}, title="tanh")
    ax = fig.axes[0]
    assert ax.get_yscale() == "log" and ax.get_title() == "tanh"
    assert [line.get_label() for line in ax.get_lines()][:2] == ["lecun", "normal"]
    plt.close(fig)

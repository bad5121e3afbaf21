import numpy as np
import pytest

from backproplab import datasets


def test_xor_is_the_classic_table():
    X, y = datasets.xor()
    np.testing.assert_array_equal(X, [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]])
    np.testing.assert_array_equal(y, [[0], [1], [1], [0]])
    assert X.dtype == y.dtype == np.float64
    assert X.shape == (4, 3) and y.shape == (4, 1)


def test_xor_targets_are_exclusive_or_and_third_column_is_constant():
    X, y = datasets.xor()
    np.testing.assert_array_equal(y[:, 0], np.logical_xor(X[:, 0], X[:, 1]))
    assert np.all(X[:, 2] == 1.0)


def test_xor_returns_fresh_arrays():
    X, y = datasets.xor()
    X[0, 0], y[0, 0] = 7, 7
    X2, y2 = datasets.xor()
    assert X2[0, 0] == 0 and y2[0, 0] == 0


def test_add_bias_column_reproduces_xor_inputs():
    X, _ = datasets.xor()
    np.testing.assert_array_equal(datasets.add_bias_column(X[:, :2]), X)
    out = datasets.add_bias_column([[0.5, -2.0]])
    np.testing.assert_array_equal(out, [[0.5, -2.0, 1.0]])


@pytest.mark.parametrize("points, error", [([1.0, 2.0], ValueError), ([[np.nan, 1.0]], ValueError),
                                            ([["a", "b"]], TypeError)])
def test_add_bias_column_rejects_bad_points(points, error):
    with pytest.raises(error, match="points"):
        datasets.add_bias_column(points)


# --------------------------------------------------------------------------- spiral and one_hot (lesson 8)
def test_spiral_without_noise_lies_on_its_arms():
    X, labels = datasets.spiral(4, classes=3, noise=0.0, seed=0)
    assert X.shape == (12, 2) and X.dtype == np.float64
    np.testing.assert_array_equal(labels, [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2])
    r = np.array([0.25, 0.5, 0.75, 1.0])
    for k in range(3):
        arm = X[labels == k]
        np.testing.assert_allclose(np.hypot(arm[:, 0], arm[:, 1]), r, rtol=0, atol=1e-15)
        theta = 2 * np.pi * k / 3 + 4 * r
        np.testing.assert_allclose(arm, r[:, None] * np.column_stack([np.sin(theta), np.cos(theta)]), atol=1e-15)
    # class 0's last point: radius 1 at angle 4 rad, (sin 4, cos 4)
    np.testing.assert_allclose(X[3], [-0.7568024953079282, -0.6536436208636119], rtol=1e-14)


def test_spiral_noise_moves_only_the_angle_and_is_seeded():
    X, labels = datasets.spiral(50, classes=4, noise=0.3, seed=7)
    X2, _ = datasets.spiral(50, classes=4, noise=0.3, seed=np.random.default_rng(7))
    np.testing.assert_array_equal(X, X2)
    assert not np.array_equal(X, datasets.spiral(50, classes=4, noise=0.3, seed=8)[0])
    np.testing.assert_allclose(np.hypot(X[:, 0], X[:, 1]), np.tile(np.arange(1, 51) / 50, 4), atol=1e-15)
    assert np.bincount(labels).tolist() == [50, 50, 50, 50] and labels.dtype.kind == "i"


@pytest.mark.parametrize("kwargs, match", [({"n_per_class": 1}, "n_per_class"), ({"classes": 1}, "classes"),
                                           ({"noise": -0.1}, "noise"), ({"n_per_class": 2.5}, "n_per_class")])
def test_spiral_rejects_bad_arguments(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        datasets.spiral(**kwargs)


def test_one_hot_rows():
    np.testing.assert_array_equal(datasets.one_hot([2, 0, 1, 2]), [[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]])
    np.testing.assert_array_equal(datasets.one_hot(np.array([0.0, 1.0]), classes=4), [[1, 0, 0, 0], [0, 1, 0, 0]])
    Y = datasets.one_hot(datasets.spiral(5, classes=3, seed=0)[1])
    assert Y.shape == (15, 3) and Y.sum(axis=1).tolist() == [1.0] * 15 and Y.dtype == np.float64


@pytest.mark.parametrize("labels, kwargs, error, match", [
    ([0, 1.5], {}, ValueError, "whole numbers"),
    ([0, -1], {}, ValueError, "whole numbers"),
    ([0, 3], {"classes": 3}, ValueError, "below classes = 3"),
    ([[0, 1]], {}, ValueError, "labels must be 1-dimensional"),
    ([], {}, ValueError, "at least one label"),
    ([True, False], {}, TypeError, "booleans"),
    (["a"], {}, TypeError, "labels"),
    ([0, 1], {"classes": 0}, ValueError, "classes"),
])
def test_one_hot_rejects_bad_labels(labels, kwargs, error, match):
    with pytest.raises(error, match=match):
        datasets.one_hot(labels, **kwargs)

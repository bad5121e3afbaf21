"""The playground's data sets (datasets.playground) and input features (features.feature_map)."""
import numpy as np
import pytest

from backproplab import datasets, features

CLASSIFICATION = ("circle", "xor", "gauss", "spiral")


@pytest.mark.parametrize("name", datasets.PLAYGROUND_SETS)
def test_every_set_is_deterministic_shaped_and_in_the_square(name):
    X, y = datasets.playground(name, n=150, noise=0.2, seed=3)
    X2, y2 = datasets.playground(name, n=150, noise=0.2, seed=np.random.default_rng(3))
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    assert X.shape == (150, 2) and y.shape == (150, 1) and X.dtype == y.dtype == np.float64
    assert np.abs(X).max() <= 6.0
    X3, _ = datasets.playground(name, n=150, noise=0.2, seed=4)
    assert not np.array_equal(X, X3)


def test_the_sets_are_the_contracts_six_in_order():
    assert datasets.PLAYGROUND_SETS == ("circle", "xor", "gauss", "spiral", "plane", "multigauss")
    assert datasets.PLAYGROUND_CLASSIFICATION == CLASSIFICATION


@pytest.mark.parametrize("name", CLASSIFICATION)
def test_classification_labels_are_zero_one_and_balanced(name):
    _, y = datasets.playground(name, n=400, seed=0)
    assert set(np.unique(y)) == {0.0, 1.0}
    share = y.mean()
    # circle, gauss, spiral: exactly half per class; xor: uniform points, about half
    assert share == 0.5 if name != "xor" else 0.4 < share < 0.6


def test_noise_free_circle_has_a_disc_and_a_ring():
    X, y = datasets.playground("circle", n=300, seed=1)
    r = np.hypot(X[:, 0], X[:, 1])
    inner = y[:, 0] == 1
    assert inner.sum() == 150
    assert r[inner].max() < 2.0 and r[~inner].min() >= 3.5 and r[~inner].max() <= 5.0


def test_noise_free_xor_is_the_sign_of_the_product_away_from_the_axes():
    X, y = datasets.playground("xor", n=300, seed=1)
    np.testing.assert_array_equal(y[:, 0], (X[:, 0] * X[:, 1] >= 0).astype(float))
    assert np.abs(X).min() >= 0.3


def test_gauss_clusters_sit_at_plus_minus_two():
    X, y = datasets.playground("gauss", n=2000, seed=2)
    np.testing.assert_allclose(X[y[:, 0] == 1].mean(axis=0), [2, 2], atol=0.1)
    np.testing.assert_allclose(X[y[:, 0] == 0].mean(axis=0), [-2, -2], atol=0.1)
    assert X[y[:, 0] == 1].var(axis=0) == pytest.approx([0.5, 0.5], rel=0.15)
    # noise widens the clusters: variance 0.5 + 7 · noise
    Xn, yn = datasets.playground("gauss", n=2000, noise=0.5, seed=2)
    assert np.clip(Xn, -6, 6)[yn[:, 0] == 1].var(axis=0) == pytest.approx([4.0, 4.0], rel=0.2)


def test_noise_free_spiral_arms_are_point_reflections_of_each_other():
    X, y = datasets.playground("spiral", n=200, seed=0)
    arm1, arm0 = X[y[:, 0] == 1], X[y[:, 0] == 0]
    np.testing.assert_allclose(arm0, -arm1, atol=1e-12)      # angle + π: the point through the origin
    np.testing.assert_allclose(np.hypot(*arm1.T), 5.0 * np.arange(100) / 100, atol=1e-12)


def test_regression_targets_follow_their_functions_without_noise():
    X, y = datasets.playground("plane", n=200, seed=5)
    np.testing.assert_allclose(y[:, 0], (X[:, 0] + X[:, 1]) / 12.0, rtol=0, atol=1e-15)
    X, y = datasets.playground("multigauss", n=400, seed=5)
    assert -1.0 <= y.min() < -0.5 and 0.5 < y.max() <= 1.0
    # at a bump's centre the target is its sign (the others are ≥ 4 away: e^{−8} ≈ 3e−4)
    centres = np.array([[-4.0, 2.5], [0.0, 2.5], [0.0, -2.5]])
    np.testing.assert_allclose(datasets.playground_target("multigauss", centres), [1, -1, 1], atol=1e-3)


@pytest.mark.parametrize("name", datasets.PLAYGROUND_SETS)
def test_noise_changes_labels_or_points_by_a_bounded_amount(name):
    X0, y0 = datasets.playground(name, n=400, noise=0.0, seed=9)
    X1, y1 = datasets.playground(name, n=400, noise=0.3, seed=9)
    if name in ("gauss", "spiral"):          # the points scatter, the labels stay
        np.testing.assert_array_equal(y0, y1)
        moved = np.abs(X1 - X0).max()
        assert moved > 0.1 and (name != "spiral" or moved <= 0.3)
    else:                                    # the points stay, labels near a boundary change
        np.testing.assert_array_equal(X0, X1)
        changed = np.abs(y1 - y0).mean()
        assert 0.01 < changed < 0.5
        assert np.abs(y1).max() <= 1.0


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(name="moons"), ValueError, "name"), (dict(name=3), TypeError, "name"),
    (dict(name="circle", n=1), ValueError, "n"), (dict(name="circle", n=2.0), TypeError, "n"),
    (dict(name="circle", noise=0.6), ValueError, "noise"), (dict(name="circle", noise=-0.1), ValueError, "noise"),
    (dict(name="circle", seed=-1), ValueError, "seed")])
def test_playground_rejects_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        datasets.playground(**kwargs)


def test_the_split_reuses_train_test_split():
    X, y = datasets.playground("circle", n=200, seed=0)
    X_train, X_test, y_train, y_test = datasets.train_test_split(X, y, test_fraction=0.3, seed=1)
    assert X_train.shape == (140, 2) and X_test.shape == (60, 2) and y_test.shape == (60, 1)


# --------------------------------------------------------------------------- features
def test_feature_names_are_the_playgrounds():
    assert features.FEATURES == ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)")


def test_feature_map_values_are_exact_and_in_the_order_asked():
    X = np.array([[1.5, -2.0], [0.0, 3.0], [-np.pi / 2, 0.25]])
    F = features.feature_map(X, features.FEATURES)
    assert F.shape == (3, 7)
    x1, x2 = X.T
    np.testing.assert_array_equal(F, np.column_stack([x1, x2, x1 * x1, x2 * x2, x1 * x2, np.sin(x1), np.sin(x2)]))
    np.testing.assert_array_equal(F[0], [1.5, -2.0, 2.25, 4.0, -3.0, np.sin(1.5), np.sin(-2.0)])
    assert F[2, 5] == -1.0
    reordered = features.feature_map(X, ["sin(x2)", "x1"])
    np.testing.assert_array_equal(reordered, np.column_stack([np.sin(x2), x1]))


def test_feature_labels_are_plain_text():
    labels = [features.feature_label(n) for n in features.FEATURES]
    assert labels == ["x₁", "x₂", "x₁²", "x₂²", "x₁x₂", "sin x₁", "sin x₂"]
    with pytest.raises(ValueError, match="name"):
        features.feature_label("x3")


@pytest.mark.parametrize("names, error", [(["x3"], ValueError), (["x1", "x1"], ValueError), ([], ValueError),
                                          ("x1", TypeError), ([1], ValueError), (None, TypeError)])
def test_feature_map_rejects_bad_names(names, error):
    with pytest.raises(error, match="names"):
        features.feature_map(np.zeros((2, 2)), names)


@pytest.mark.parametrize("X, error", [(np.zeros((3, 3)), ValueError), (np.zeros(2), ValueError),
                                      ([["a", "b"]], TypeError), ([[np.nan, 0.0]], ValueError)])
def test_feature_map_rejects_bad_points(X, error):
    with pytest.raises(error, match="X"):
        features.feature_map(X, ["x1"])

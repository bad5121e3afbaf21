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

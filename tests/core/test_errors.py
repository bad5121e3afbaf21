"""Bad input gets a clear error naming the argument, what was expected and what came."""
import numpy as np
import pytest

from backproplab import Network

X = np.array([[0, 0, 1], [0, 1, 1]], dtype=float)
Y = np.array([[0], [1]], dtype=float)


@pytest.mark.parametrize("kwargs, exc, pattern", [
    (dict(layer_sizes=[3]), ValueError, r"layer_sizes must be a list of at least two"),
    (dict(layer_sizes=[3, 0, 1]), ValueError, r"layer_sizes\[1\] must be >= 1, got 0"),
    (dict(layer_sizes=[3, 2.5, 1]), TypeError, r"layer_sizes\[1\] must be an integer, got float"),
    (dict(layer_sizes=[3, 1], activation="softplus"), ValueError, r"unknown activation 'softplus'"),
    (dict(layer_sizes=[3, 2, 1], activation=["relu"]), ValueError, r"list of 2 names"),
    (dict(layer_sizes=[3, 1], loss="l1"), ValueError, r"unknown loss 'l1'"),
    (dict(layer_sizes=[3, 1], dropout=1.0), ValueError, r"dropout must be in \[0.0, 1.0\), got 1.0"),
    (dict(layer_sizes=[3, 1], dropout=-0.1), ValueError, r"dropout must be in"),
    (dict(layer_sizes=[3, 1], dropout="0.5"), TypeError, r"dropout must be a real number, got str"),
    (dict(layer_sizes=[3, 1], bias="yes"), TypeError, r"bias must be True or False"),
    (dict(layer_sizes=[3, 1], seed=-1), ValueError, r"seed must be >= 0"),
    (dict(layer_sizes=[2, 1], names=[["A", "B"], ["A"]]), ValueError, r"names must be unique"),
    (dict(layer_sizes=[2, 1], names=[["A"], ["C"]]), ValueError, r"names\[0\] must be a list of 2 strings"),
])
def test_constructor_errors(kwargs, exc, pattern):
    with pytest.raises(exc, match=pattern):
        Network(**kwargs)


@pytest.mark.parametrize("call, exc, pattern", [
    (lambda n: n.forward(np.ones((2, 4))), ValueError, r"X must have shape \(n_samples, 3\), got shape \(2, 4\)"),
    (lambda n: n.forward(np.ones((2, 3, 1))), ValueError, r"X must have shape \(n_samples, 3\), got shape \(2, 3, 1\)"),
    (lambda n: n.forward([[0, np.nan, 1]]), ValueError, r"X must be finite, but 1 of its 3 entries are NaN or inf"),
    (lambda n: n.forward([[0, np.inf, 1]]), ValueError, r"X must be finite"),
    (lambda n: n.forward([["a", "b", "c"]]), TypeError, r"X must contain real numbers, got an array of dtype <U1"),
    (lambda n: n.forward([[1j, 0, 0]]), TypeError, r"X must contain real numbers, got complex"),
    (lambda n: n.forward([[0, 1], [1]]), ValueError, r"X must be a rectangular array"),
    (lambda n: n.forward(np.ones((0, 3))), ValueError, r"X must hold at least one sample"),
    (lambda n: n.train_step(X, [[0], [1], [1]], lr=0.1), ValueError, r"y must have shape \(2, 1\) to match the 2 sample\(s\) and 1 output\(s\), got shape \(3, 1\)"),
    (lambda n: n.train_step(X, [[0], [np.nan]], lr=0.1), ValueError, r"y must be finite"),
    (lambda n: n.train_step(X, Y, lr=0), ValueError, r"lr must be > 0.0, got 0.0"),
    (lambda n: n.train_step(X, Y, lr=-1), ValueError, r"lr must be > 0.0, got -1.0"),
    (lambda n: n.train_step(X, Y, lr="fast"), TypeError, r"lr must be a real number, got str"),
    (lambda n: n.train_step(X, Y, lr=float("nan")), ValueError, r"lr must be > 0.0, got nan"),
    (lambda n: n.fit(X, Y, epochs=0, lr=0.1), ValueError, r"epochs must be >= 1, got 0"),
    (lambda n: n.fit(X, Y, epochs=1.5, lr=0.1), TypeError, r"epochs must be an integer, got float"),
    (lambda n: n.fit(X, Y, epochs=1, lr=0.0), ValueError, r"lr must be > 0.0"),
    (lambda n: n.fit(X, Y, epochs=1, lr=0.1, momentum=1.0), ValueError, r"momentum must be in \[0.0, 1.0\), got 1.0"),
    (lambda n: n.fit(X, Y, epochs=1, lr=0.1, l2=-0.1), ValueError, r"l2 must be >= 0.0, got -0.1"),
    (lambda n: n.fit(X, Y, epochs=1, lr=0.1, batch_size=0), ValueError, r"batch_size must be >= 1, got 0"),
    (lambda n: n.fit(X, Y, epochs=1, lr=0.1, record_every=-1), ValueError, r"record_every must be >= 0"),
    (lambda n: n.gradients(X, Y, masks=[np.ones((2, 2))]), ValueError, r"masks\[0\] must have shape \(2, 4\)"),
    (lambda n: n.gradients(X, Y, masks=[np.full((2, 4), 0.5)]), ValueError, r"masks\[0\] must hold only 0 \(dropped\) and 1 \(kept\)"),
    (lambda n: n.train_step(X, Y, lr=0.1).explain(sample=5), ValueError, r"sample must be in 0..1, got 5"),
])
def test_call_errors(call, exc, pattern):
    with pytest.raises(exc, match=pattern):
        call(Network([3, 4, 1], seed=0))


@pytest.mark.parametrize("args, exc, pattern", [
    (dict(weights=[]), TypeError, r"weights must be a non-empty list"),
    (dict(weights=[np.ones((3, 2)), np.ones((3, 1))]), ValueError, r"weights\[1\] must have 2 rows to follow weights\[0\] of shape \(3, 2\), got shape \(3, 1\)"),
    (dict(weights=[np.ones(3)]), ValueError, r"weights\[0\] must be 2-dimensional, got shape \(3,\)"),
    (dict(weights=[np.ones((3, 2))], biases=[np.ones(3)]), ValueError, r"biases\[0\] must have shape \(2,\), got shape \(3,\)"),
    (dict(weights=[np.ones((3, 2))], biases=[]), ValueError, r"biases must be None or a list of 1 vectors"),
    (dict(weights=[np.full((3, 2), np.nan)]), ValueError, r"weights\[0\] must be finite"),
])
def test_from_weights_errors(args, exc, pattern):
    with pytest.raises(exc, match=pattern):
        Network.from_weights(**args)


def test_one_sample_can_be_given_flat():
    net = Network([3, 2, 1], seed=0)
    assert net.forward([0, 1, 1]).shape == (1, 1)
    assert net.train_step([0, 1, 1], [0], lr=0.5).loss > 0


def test_no_warnings_for_extreme_inputs():
    # pytest turns RuntimeWarning into an error (pyproject), so overflow would fail here
    net = Network([3, 2, 1], seed=0)
    out = net.forward([[1e6, -1e6, 1e6]])
    assert np.all((out >= 0) & (out <= 1))
    net.train_step([[1e6, -1e6, 1e6]], [[1]], lr=0.5)
    net.fit([[1e6, -1e6, 1e6]], [[1]], epochs=3, lr=0.5)


def test_unbounded_real_rejects_nan_clearly():
    from backproplab._plumbing.checks import real
    with pytest.raises(ValueError, match=r"value must be a finite number, got nan"):
        real("value", float("nan"))
    assert real("value", -3) == -3.0


def test_gradients_names_a_return_deltas_that_is_not_a_flag():
    import pytest
    import backproplab as bp
    net = bp.Network([3, 2, 1], seed=0)
    X, y = bp.datasets.xor()
    with pytest.raises(TypeError, match=r"return_deltas must be True or False, got str 'x'"):
        net.gradients(X, y, return_deltas="x")

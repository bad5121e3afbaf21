"""Ctrl-C during fit keeps a consistent network and returns the History so far; huge requests are
refused before anything is allocated; failures leave nothing half-changed."""
import numpy as np
import pytest

import backproplab as bp
from backproplab import Network, activations

X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=float)
Y = np.array([[0], [1], [1], [0]], dtype=float)


@pytest.mark.parametrize("batch_size", [None, 2])
def test_interrupted_fit_returns_history_and_consistent_weights(batch_size):
    original = activations.sigmoid.fn
    calls = [0]

    def sigmoid(z):                          # Ctrl-C in the middle of a step, in epoch 25 or 12
        calls[0] += 1
        if calls[0] == 2 * 25 + 2:
            raise KeyboardInterrupt
        return original(z)
    net = Network([3, 4, 1], seed=0)
    object.__setattr__(activations.sigmoid, "fn", sigmoid)    # (Activation is a frozen dataclass)
    try:
        history = net.fit(X, Y, epochs=1000, lr=1.0, batch_size=batch_size, record_every=5)
    finally:
        object.__setattr__(activations.sigmoid, "fn", original)
    assert history.interrupted and history.diverged is None
    done = len(history.loss)
    assert done == (25 if batch_size is None else 12) and "interrupted" in repr(history)
    assert history.snapshot_epochs[-1] <= done
    replay = Network([3, 4, 1], seed=0)
    again = replay.fit(X, Y, epochs=done, lr=1.0, batch_size=batch_size)
    np.testing.assert_array_equal(history.loss, again.loss)
    for a, b in zip(net.weights + net.biases, replay.weights + replay.biases):
        np.testing.assert_array_equal(a, b)


def test_epochs_beyond_the_limit_are_refused_before_allocating():
    with pytest.raises(ValueError, match=r"epochs must be <= 100,000,000, got 1e\+09"):
        Network([3, 4, 1]).fit(X, Y, epochs=10**9, lr=1.0)


@pytest.mark.parametrize("sizes, pattern", [
    ([3, 10**30, 1], r"layer_sizes \[3, 1e\+30, 1\] would need 5e\+30"),
    ([100000, 100000, 1], r"layer_sizes \[100000, 100000, 1\] would need 1e\+10 .*74.5 GiB"),
])
def test_absurd_layer_sizes_are_refused(sizes, pattern):
    with pytest.raises(ValueError, match=pattern):
        Network(sizes)


def test_numerical_gradient_restores_x_when_f_raises():
    x = np.array([1.0, 2.0, 3.0])

    def f(v):
        if v[1] != 2.0:
            raise KeyboardInterrupt
        return float(v.sum())
    with pytest.raises(KeyboardInterrupt):
        bp.gradcheck.numerical_gradient(f, x)
    np.testing.assert_array_equal(x, [1.0, 2.0, 3.0])


def test_explorer_set_validates_before_assigning():
    from backproplab.widgets import DropoutExplorer
    ex = DropoutExplorer(epochs=100)
    before = {name: c.value for name, c in ex.controls.items()}
    with pytest.raises(ValueError, match="l2 must be a finite number, got nan"):
        ex.set(hidden=4, l2=float("nan"))
    assert {name: c.value for name, c in ex.controls.items()} == before
    ex.set(l2=0.001)                          # later moves still work
    ex.close()

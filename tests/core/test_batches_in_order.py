"""fit(shuffle=False): consecutive mini-batches in the order of X, the same every epoch."""
import numpy as np
import pytest

from backproplab import Network, datasets

X, Y = datasets.moons(10, noise=0.1, seed=3)


def added_in_order(values):
    """Left to right, one float addition at a time, as fit adds up an epoch's batch losses. (Not
    ``sum``: from Python 3.12 it compensates round-off, and can differ in the last bit.)"""
    total = 0.0
    for value in values:
        total += value
    return total


def twins(**kwargs):
    net = Network([2, 5, 1], seed=7, **kwargs)
    return net, Network.from_weights(net.weights, net.biases, loss=net.loss)


def test_shuffled_batches_differ_from_the_ordered_ones_and_full_batch_ignores_shuffle():
    a, b = twins()
    a.fit(X, Y, epochs=3, lr=0.5, batch_size=3)
    b.fit(X, Y, epochs=3, lr=0.5, batch_size=3, shuffle=False)
    assert not np.array_equal(a.weights[0], b.weights[0])
    c, d = twins()
    hc = c.fit(X, Y, epochs=3, lr=0.5)
    hd = d.fit(X, Y, epochs=3, lr=0.5, shuffle=False)
    np.testing.assert_array_equal(hc.loss, hd.loss)
    np.testing.assert_array_equal(c.weights[0], d.weights[0])


def test_the_default_still_shuffles_with_the_networks_generator():
    net, _ = twins()
    clone = Network([2, 5, 1], seed=7)
    h = net.fit(X, Y, epochs=1, lr=0.5, batch_size=4)
    order = clone._rng.permutation(10)
    E = added_in_order(clone.train_step(X[order[i:i + 4]], Y[order[i:i + 4]], lr=0.5).loss for i in range(0, 10, 4))
    assert h.loss[0] == E
    np.testing.assert_array_equal(net.weights[0], clone.weights[0])


@pytest.mark.parametrize("value, exc", [("no", TypeError), (0, TypeError), (None, TypeError)])
def test_shuffle_must_be_a_bool(value, exc):
    with pytest.raises(exc, match=r"shuffle must be True or False, got"):
        Network([2, 3, 1]).fit(X, Y, epochs=1, lr=0.1, batch_size=2, shuffle=value)

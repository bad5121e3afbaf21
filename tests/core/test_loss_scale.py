r"""The loss's scale is part of the learning rate: ½Σ at η, Σ at η/2 and the mean at N·K·η/2 are
one and the same training (their gradients differ by the constant factors 1, 2 and 2/(NK))."""
import numpy as np
import pytest

from backproplab import Network, datasets


def three_runs(X, Y, sizes, eta, epochs, **fit_kwargs):
    N, K = Y.shape
    start = Network(sizes, seed=4)
    runs = {}
    for loss, lr in (("half_sse", eta), ("sse", eta / 2), ("mse", N * K * eta / 2)):
        net = Network.from_weights(start.weights, start.biases, loss=loss)
        history = net.fit(X, Y, epochs=epochs, lr=lr, **fit_kwargs)
        runs[loss] = (net, history)
    return runs


@pytest.mark.parametrize("momentum", [0.0, 0.5])
def test_same_weights_bit_for_bit_when_NK_is_a_power_of_two(momentum):
    # N·K = 64: 2/(NK) and NK·η/2 are exact, so every product rounds as in the ½Σ run
    X, y = datasets.moons(32, seed=1)
    Y = np.hstack([y, 1 - y])
    runs = three_runs(X, Y, [2, 6, 2], 0.25, 200, momentum=momentum)
    half, _ = runs["half_sse"]
    for loss in ("sse", "mse"):
        for a, b in zip(runs[loss][0].weights + runs[loss][0].biases, half.weights + half.biases):
            np.testing.assert_array_equal(a, b)
    h_half, h_sse, h_mse = (runs[k][1].loss for k in ("half_sse", "sse", "mse"))
    np.testing.assert_array_equal(h_sse, 2 * h_half)
    np.testing.assert_allclose(h_mse, 2 * h_half / 64, rtol=1e-15)


def test_same_weights_to_1e_12_for_any_N():
    X, y = datasets.moons(150, seed=2)           # N·K = 150: 2/150 rounds, the runs agree to round-off
    runs = three_runs(X, y, [2, 8, 1], 0.02, 500)
    half, _ = runs["half_sse"]
    for loss in ("sse", "mse"):
        for a, b in zip(runs[loss][0].weights + runs[loss][0].biases, half.weights + half.biases):
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)
    # and a run at the same η with the mean loss is a different (much slower) training
    slow = Network.from_weights(Network([2, 8, 1], seed=4).weights, Network([2, 8, 1], seed=4).biases, loss="mse")
    slow.fit(X, y, epochs=500, lr=0.02)
    assert np.abs(slow.weights[0] - half.weights[0]).max() > 0.1


def test_with_mini_batches_the_mean_is_over_the_batch():
    # fit's mse step averages over the b samples of its batch: η_mse = b·K·η/2, not N·K·η/2
    X, y = datasets.moons(40, seed=3)
    start = Network([2, 5, 1], seed=6)
    half = Network.from_weights(start.weights, start.biases)
    mse = Network.from_weights(start.weights, start.biases, loss="mse")
    half.fit(X, y, epochs=20, lr=0.125, batch_size=8, shuffle=False)
    mse.fit(X, y, epochs=20, lr=8 * 0.125 / 2, batch_size=8, shuffle=False)
    for a, b in zip(mse.weights + mse.biases, half.weights + half.biases):
        np.testing.assert_array_equal(a, b)

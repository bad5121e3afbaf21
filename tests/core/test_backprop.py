"""backprop.py: the four equations against central differences, and the one training step on
single and stacked networks."""
import numpy as np
import pytest

from backproplab import activations, backprop, losses, regularisers
from backproplab.network import Network

ACTS = ["sigmoid", "tanh", "relu", "leaky_relu", "linear"]


def loss_at(weights, biases, acts, X, y, masks, scale, loss):
    out, _ = backprop.forward(weights, biases, acts, X, masks, scale)
    return loss.value(out, y)


@pytest.mark.parametrize("act", ACTS)
@pytest.mark.parametrize("loss", ["half_sse", "sse", "mse"])
def test_backward_matches_central_differences(act, loss):
    rng = np.random.default_rng(len(act) * 7 + len(loss))
    sizes = [3, 5, 4, 2]
    weights = [rng.normal(size=(a, b)) for a, b in zip(sizes, sizes[1:])]
    biases = [rng.normal(size=b) for b in sizes[1:]]
    acts = [activations.get(act)] * 2 + [activations.get("sigmoid")]
    X, y = rng.normal(size=(6, 3)), rng.random((6, 2))
    scale = regularisers.keep_scale(0.3)
    masks = [regularisers.draw_masks((6, n), 0.3, rng) for n in sizes[1:-1]]
    L = losses.get(loss)
    out, caches = backprop.forward(weights, biases, acts, X, masks, scale)
    delta_L = backprop.output_delta(L.gradient(out, y), out, acts[-1])
    deltas, gW, gb = backprop.backward(weights, acts, caches, delta_L, scale)
    h = 1e-6
    for params, grads in ((weights, gW), (biases, gb)):
        for p, g in zip(params, grads):
            num = np.zeros_like(p)
            for i in np.ndindex(p.shape):
                keep = p[i]
                p[i] = keep + h
                up = loss_at(weights, biases, acts, X, y, masks, scale, L)
                p[i] = keep - h
                down = loss_at(weights, biases, acts, X, y, masks, scale, L)
                p[i] = keep
                num[i] = (up - down) / (2 * h)
            np.testing.assert_allclose(g, num, rtol=1e-5, atol=1e-7)
    # δ = ∂E/∂z: nudging one net input of the output layer
    z = caches[-1][1]
    num = np.zeros_like(z)
    for i in np.ndindex(z.shape):
        zp, zm = z.copy(), z.copy()
        zp[i] += h
        zm[i] -= h
        num[i] = (L.value(acts[-1].fn(zp), y) - L.value(acts[-1].fn(zm), y)) / (2 * h)
    np.testing.assert_allclose(deltas[-1], num, rtol=1e-5, atol=1e-8)


def test_each_equation_is_its_formula():
    rng = np.random.default_rng(0)
    sig = activations.get("sigmoid")
    a, dE, W = rng.random((4, 3)), rng.normal(size=(4, 3)), rng.normal(size=(2, 3))
    np.testing.assert_allclose(backprop.output_delta(dE, a, sig), dE * a * (1 - a), rtol=1e-14)
    below = rng.random((4, 2))
    mask = np.array([[1, 0]] * 4, float)
    expected = (dE @ W.T) * mask * 2.0 * below * (1 - below)
    np.testing.assert_allclose(backprop.hidden_delta(dE, W, below, sig, mask, 2.0), expected, rtol=1e-14)
    assert (backprop.hidden_delta(dE, W, below, sig, mask, 2.0)[:, 1] == 0).all()   # dropped: no gradient
    np.testing.assert_allclose(backprop.grad_W(below, dE), below.T @ dE, rtol=1e-14)
    np.testing.assert_array_equal(backprop.grad_b(dE), dE.sum(axis=0))
    np.testing.assert_allclose(backprop.net_input(below, W, np.ones(3)), below @ W + 1, rtol=1e-14)


@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_a_stack_of_networks_takes_the_steps_each_would_take(momentum):
    """S networks side by side ((S, …) arrays) give each network's own step."""
    rng = np.random.default_rng(5)
    S, sizes, p = 3, [3, 4, 2], 0.25
    acts = [activations.get("tanh"), activations.get("sigmoid")]
    W = [rng.normal(size=(S, a, b)) for a, b in zip(sizes, sizes[1:])]
    X, y = rng.normal(size=(5, 3)), rng.random((5, 2))
    masks = [regularisers.draw_masks((4, S, 5, 4), p, rng)]
    scale = regularisers.keep_scale(p)
    single = [[w[s].copy() for w in W] for s in range(S)]
    stacked = ([w.copy() for w in W], None)
    step_stacked = backprop.training_step(acts, losses.half_sse, 0.3, momentum, l2=0.01, keep_scale=scale, bias=False)
    steps = [backprop.training_step(acts, losses.half_sse, 0.3, momentum, l2=0.01, keep_scale=scale, bias=False)
             for _ in range(S)]
    Xs = np.broadcast_to(X, (S,) + X.shape)
    for e in range(4):
        step_stacked(Xs, y, stacked, stacked, [masks[0][e]])
        for s in range(S):
            steps[s](X, y, (single[s], None), (single[s], None), [masks[0][e, s]])
    for s in range(S):
        for k in range(2):
            np.testing.assert_allclose(stacked[0][k][s], single[s][k], rtol=1e-13, atol=1e-15)
    assert not np.allclose(stacked[0][0][0], W[0][0])     # they did train


def test_the_training_step_is_what_fit_runs():
    X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], float)
    y = np.array([[0], [1], [1], [0]], float)
    net = Network([3, 4, 1], seed=2)
    params = ([w.copy() for w in net.weights], [b.copy() for b in net.biases])
    step = backprop.training_step(net.activations, net.loss_fn, 0.5, 0.5)
    E = [step(X, y, params, params) for _ in range(30)]
    history = net.fit(X, y, epochs=30, lr=0.5, momentum=0.5)
    np.testing.assert_array_equal(history.loss, E)
    for mine, fits in zip(params[0] + params[1], net.weights + net.biases):
        np.testing.assert_array_equal(mine, fits)

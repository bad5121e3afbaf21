"""The contract between the two consumers of backprop's one backward loop: ``N`` epochs of
``Network.fit`` (the fused step, η folded into δ, each W_k updated as soon as its layer is
yielded) give the same weights, biases and losses as ``N`` readable steps — recorded
``train_step``s, or for momentum the textbook update on ``Network.gradients`` — for every feature.

lr is a power of two throughout, so η·(aᵀδ) (readable) and aᵀ(ηδ) (fused) round alike and the
comparison is exact. Each case also checks that a run one step short does *not* match, so the
test can fail.
"""
import numpy as np
import pytest

from backproplab import Network, datasets, regularisers

X, Y = datasets.moons(12, noise=0.1, seed=3)
EPOCHS, LR = 12, 0.5


def added_in_order(values):
    """Left to right, one float addition at a time, as fit adds up an epoch's batch losses (not
    ``sum``: from Python 3.12 it compensates round-off)."""
    total = 0.0
    for value in values:
        total += value
    return total


def one_hot(y):
    return np.hstack([1.0 - y, y])


# name: (Network kwargs, fit kwargs, targets)
FEATURES = {
    "plain": (dict(), dict(), Y),
    "deep, no bias": (dict(layer_sizes=[2, 5, 4, 1], activation=["tanh", "relu", "sigmoid"], bias=False), dict(), Y),
    "dropout (same masks)": (dict(dropout=0.5), dict(), Y),
    "batches in order": (dict(), dict(batch_size=5, shuffle=False), Y),
    "batches in order, mse": (dict(loss="mse"), dict(batch_size=5, shuffle=False), Y),
    "momentum": (dict(), dict(momentum=0.75), Y),
    "momentum, batches in order, mse": (dict(loss="mse"), dict(momentum=0.5, batch_size=5, shuffle=False), Y),
    "fixed biases": (dict(), dict(train_bias=False), Y),
    "fixed biases, momentum": (dict(), dict(train_bias=False, momentum=0.5), Y),
    "softmax + cross_entropy": (dict(layer_sizes=[2, 5, 2], activation=["tanh", "softmax"], loss="cross_entropy"),
                                dict(), one_hot(Y)),
    "softmax + half_sse (Jacobian)": (dict(layer_sizes=[2, 5, 2], activation=["tanh", "softmax"]), dict(), one_hot(Y)),
    "sigmoid + bce": (dict(loss="bce"), dict(), Y),
    "l2 and l1": (dict(), dict(l2=0.125, l1=0.0625), Y),
}


def twins(net_kwargs):
    kwargs = dict(layer_sizes=[2, 5, 1], seed=7) | net_kwargs
    net = Network(kwargs.pop("layer_sizes"), **kwargs)
    if net.biases is not None:        # non-zero biases, so that a frozen one is visibly not zero
        for b in net.biases:
            b[...] = np.random.default_rng(1).uniform(-0.5, 0.5, b.shape)
    rng = np.random.default_rng()            # the same generator state: the same dropout masks
    rng.bit_generator.state = net._rng.bit_generator.state
    twin = Network.from_weights(net.weights, net.biases, activation=[a.name for a in net.activations],
                                loss=net.loss, dropout=net.dropout, seed=rng)
    return net, twin


def readable_epochs(net, y, epochs, batch_size=None, momentum=0.0, l2=0.0, l1=0.0, train_bias=True, **_):
    """``epochs`` epochs of the readable step on ``net``; returns each epoch's loss as fit counts it
    (with the penalty at the weights before the step, summed over batches in order)."""
    b = batch_size or len(X)
    velocity = [np.zeros_like(p) for p in net.weights + (net.biases or [])]
    losses = []
    for _ in range(epochs):
        epoch = []
        for i in range(0, len(X), b):
            Xb, yb = X[i:i + b], y[i:i + b]
            penalty = regularisers.penalty(net.weights, l2, l1)
            if momentum:          # train_step has no momentum: the textbook update on the gradients
                E, gW, gb = net.gradients(Xb, yb)
                params = net.weights + (net.biases if train_bias and net.biases else [])
                for p, v, g in zip(params, velocity, gW + (gb if train_bias and gb else [])):
                    v *= momentum
                    v -= LR * g
                    p += v
            else:
                E = net.train_step(Xb, yb, lr=LR, l2=l2, l1=l1, train_bias=train_bias).loss
            E += penalty
            epoch.append(E * (len(Xb) / len(X)) if net.loss_fn.is_mean else E)
        losses.append(added_in_order(epoch))
    return np.array(losses)


def parameters(net):
    return net.weights + (net.biases or [])


@pytest.mark.parametrize("feature", FEATURES)
def test_fit_equals_the_readable_step(feature):
    net_kwargs, fit_kwargs, y = FEATURES[feature]
    net, twin = twins(net_kwargs)
    start = [p.copy() for p in parameters(net)]
    history = net.fit(X, y, epochs=EPOCHS, lr=LR, **fit_kwargs)
    expected = readable_epochs(twin, y, EPOCHS, **fit_kwargs)
    for mine, theirs in zip(parameters(net), parameters(twin)):
        np.testing.assert_array_equal(mine, theirs)
    np.testing.assert_array_equal(history.loss, expected)
    if fit_kwargs.get("train_bias") is False:
        for b, b0 in zip(net.biases, start[len(net.weights):]):
            np.testing.assert_array_equal(b, b0)                   # not a bit moved
    # the check can fail: one readable epoch fewer is a different network
    short, _ = twins(net_kwargs)
    _, short_twin = twins(net_kwargs)
    readable_epochs(short_twin, y, EPOCHS - 1, **fit_kwargs)
    assert any(not np.array_equal(a, b) for a, b in zip(parameters(net), parameters(short_twin)))
    assert any(not np.array_equal(a, b) for a, b in zip(parameters(net), start))       # it trained


def test_in_order_batches_draw_nothing_from_the_generator():
    net, _ = twins({})
    state = net._rng.bit_generator.state
    net.fit(X, Y, epochs=3, lr=LR, batch_size=5, shuffle=False)
    assert net._rng.bit_generator.state == state      # no permutation was drawn

"""Every gradient the package computes, against central differences, on random networks."""
import numpy as np
import pytest
import warnings

from hypothesis import assume, event, given, settings, strategies as st

from backproplab import Network, activations, gradcheck, losses

ACTS = sorted(activations.ACTIVATIONS)
LOSSES = sorted(losses.LOSSES)
OUTPUT_ACTS = ACTS + sorted(activations.OUTPUT_ONLY)


def output_activations(loss):
    """The output activations a network with ``loss`` accepts."""
    allowed = losses.get(loss).output_activations
    return OUTPUT_ACTS if allowed is None else sorted(allowed)


def targets_for(loss, rng, n, n_out):
    """Random targets ``loss`` accepts: probabilities for bce (some exactly 0 or 1), one
    distribution per row for cross_entropy (one-hot or soft), anything in [−1, 1] otherwise."""
    if loss == "bce":
        t = rng.uniform(0, 1, size=(n, n_out))
        return np.where(rng.random((n, n_out)) < 0.3, np.round(t), t)
    if loss == "cross_entropy":
        if rng.random() < 0.5:
            return np.eye(n_out)[rng.integers(0, n_out, n)]
        return rng.dirichlet(np.ones(n_out), size=n)
    return rng.uniform(-1, 1, size=(n, n_out))


@st.composite
def networks(draw):
    loss = draw(st.sampled_from(LOSSES))
    out_act = draw(st.sampled_from(output_activations(loss)))
    sizes = draw(st.lists(st.integers(1, 5), min_size=2, max_size=5))
    if out_act in activations.OUTPUT_ONLY:
        sizes[-1] = max(sizes[-1], 2)       # a softmax needs two outputs at least
    acts = draw(st.lists(st.sampled_from(ACTS), min_size=len(sizes) - 2, max_size=len(sizes) - 2)) + [out_act]
    seed = draw(st.integers(0, 2**31))
    bias = draw(st.booleans())
    event(f"{out_act} + {loss}, bias={bias}")     # pytest --hypothesis-show-statistics counts them
    net = Network(sizes, activation=acts, bias=bias, loss=loss, seed=seed)
    rng = np.random.default_rng(seed)
    n = draw(st.integers(1, 6))
    if net.bias:
        for b in net.biases:
            b[:] = rng.uniform(-0.5, 0.5, b.shape)
    return net, rng.normal(size=(n, sizes[0])), targets_for(loss, rng, n, sizes[-1])


def test_the_strategy_reaches_every_pairing():
    pairs = {(loss, out) for loss in LOSSES for out in output_activations(loss)}
    assert ("cross_entropy", "softmax") in pairs and ("bce", "sigmoid") in pairs and ("bce", "softmax") in pairs
    assert ("half_sse", "softmax") in pairs and ("cross_entropy", "sigmoid") not in pairs
    assert len(pairs) == 3 * len(OUTPUT_ACTS) + 2 + 1


@settings(max_examples=300, deadline=None, derandomize=True)
@given(networks())
def test_backprop_matches_numerical_gradient(case):
    net, X, y = case
    with warnings.catch_warnings():
        warnings.simplefilter("error", gradcheck.CannotJudge)
        try:
            error = gradcheck.check_network(net, X, y)
        except gradcheck.CannotJudge:       # every gradient exactly 0 (dead units): nothing to compare
            assume(False)
    # Per entry: an entry whose gradient is ~1e-5 (a leaky-ReLU slope of 0.01 times a small input)
    # carries the central difference's own error — rounding, about ε·|E|/h ≈ 2e-11·|E|, plus the
    # h²-truncation — as a relative error of ~1e-6. So the worst entry agrees to 1e-6, or it
    # differs by no more than that error (bounded by 1e-9·max(1, |E|)).
    worst = gradcheck.worst_entry(net, X, y)
    assert worst.error == error
    noise = 1e-9 * max(1.0, abs(net.loss_value(X, y)))
    assert worst.error < 1e-6 or abs(worst.backprop - worst.numerical) < noise, worst


@pytest.mark.parametrize("act", ACTS)
@pytest.mark.parametrize("loss", [name for name in LOSSES if losses.get(name).output_activations is None])
@pytest.mark.parametrize("bias", [True, False])
def test_every_activation_and_loss(act, loss, bias):
    rng = np.random.default_rng(7)
    net = Network([3, 5, 4, 2], activation=act, loss=loss, bias=bias, seed=7)
    X, y = rng.normal(size=(6, 3)), rng.uniform(-1, 1, size=(6, 2))
    errors = gradcheck.gradient_errors(net, X, y)
    assert set(errors) == ({"W1", "W2", "W3", "b1", "b2", "b3"} if bias else {"W1", "W2", "W3"})
    worst = gradcheck.worst_entry(net, X, y)       # see test_backprop_matches_numerical_gradient
    assert worst.error == max(errors.values())
    assert worst.error < 1e-6 or abs(worst.backprop - worst.numerical) < 1e-10, worst


PAIRINGS = [(loss, out) for loss in LOSSES for out in output_activations(loss)
            if out == "softmax" or loss in ("bce", "cross_entropy")]


@pytest.mark.parametrize("loss, out", PAIRINGS)
@pytest.mark.parametrize("hidden", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("bias", [True, False])
def test_every_loss_on_a_softmax_or_probability_output(loss, out, hidden, bias):
    """sigmoid + bce and softmax + cross_entropy (δ = o − t from z), and every other loss on a
    softmax layer (through its Jacobian), against central differences."""
    rng = np.random.default_rng(11)
    net = Network([3, 5, 4, 3], activation=[hidden, hidden, out], loss=loss, bias=bias, seed=11)
    X, y = rng.normal(size=(6, 3)), targets_for(loss, rng, 6, 3)
    worst = gradcheck.worst_entry(net, X, y)
    assert worst.error < 1e-6 or abs(worst.backprop - worst.numerical) < 1e-10, worst
    assert gradcheck.check_network(net, X, y) == worst.error


def test_dropout_gradient_with_fixed_mask():
    rng = np.random.default_rng(3)
    net = Network([3, 6, 5, 1], dropout=0.4, seed=3)
    X, y = rng.normal(size=(5, 3)), rng.uniform(size=(5, 1))
    masks = [(rng.random((5, 6)) > 0.4).astype(float), (rng.random((5, 5)) > 0.4).astype(float)]
    assert gradcheck.check_network(net, X, y, masks=masks) < 1e-6
    # and the mask really matters: without it the gradient is a different one
    _, g_masked, _ = net.gradients(X, y, masks=masks)
    _, g_plain, _ = net.gradients(X, y)
    assert not np.allclose(g_masked[0], g_plain[0])


@pytest.mark.parametrize("l2, l1", [(0.1, 0.0), (0.0, 0.05), (0.2, 0.03)])
def test_regularisation_gradients(l2, l1):
    rng = np.random.default_rng(4)
    net = Network([2, 4, 1], activation="tanh", seed=4)
    X, y = rng.normal(size=(8, 2)), rng.uniform(size=(8, 1))
    assert gradcheck.check_network(net, X, y, l2=l2, l1=l1) < 1e-6
    E, gW, _ = net.gradients(X, y, l2=l2, l1=l1)
    E0, gW0, _ = net.gradients(X, y)
    np.testing.assert_allclose(gW[0] - gW0[0], l2 * net.weights[0] + l1 * np.sign(net.weights[0]))
    penalty = sum(0.5 * l2 * (w ** 2).sum() + l1 * np.abs(w).sum() for w in net.weights)
    assert E == pytest.approx(E0 + penalty)


def test_gradient_check_catches_a_wrong_gradient():
    rng = np.random.default_rng(0)
    net = Network([3, 4, 2], seed=0)
    X, y = rng.normal(size=(4, 3)), rng.uniform(size=(4, 2))
    _, gW, _ = net.gradients(X, y)
    loss = lambda _: net.loss_value(X, y)
    assert gradcheck.rel_error(gW[0], gradcheck.numerical_gradient(loss, net.weights[0])) < 1e-7
    assert gradcheck.rel_error(2 * gW[0], gradcheck.numerical_gradient(loss, net.weights[0])) > 0.3


def test_numerical_gradient_of_a_known_function():
    x = np.array([1.0, -2.0, 0.5])
    g = gradcheck.numerical_gradient(lambda v: (v ** 3).sum(), x)
    np.testing.assert_allclose(g, 3 * x ** 2, rtol=1e-8)
    np.testing.assert_array_equal(x, [1.0, -2.0, 0.5])   # restored


def test_rel_error_scale():
    assert gradcheck.rel_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert gradcheck.rel_error([0.0], [0.0]) == 0.0
    assert gradcheck.rel_error([1.0], [1.0 + 2e-7]) == pytest.approx(2e-7, rel=1e-6)
    assert gradcheck.rel_error([1.0], [-1.0]) == 2.0
    assert gradcheck.rel_error([], []) == 0.0


def test_rel_error_is_per_entry_so_a_wrong_small_entry_shows():
    # issue #14: over the whole array (‖a − n‖ / (‖a‖ + ‖n‖)) this was 2.8e-8, "correct"
    a, n = [0.3, -0.2, 1e-8], [0.3, -0.2, -1e-8]
    whole_array = np.linalg.norm(np.subtract(a, n)) / (np.linalg.norm(a) + np.linalg.norm(n))
    assert whole_array == pytest.approx(2.8e-8, rel=0.01)
    np.testing.assert_allclose(gradcheck.rel_errors(a, n), [0.0, 0.0, 2.0])
    assert gradcheck.rel_error(a, n) == 2.0
    assert gradcheck.rel_error_verdict(gradcheck.rel_error(a, n)).startswith("wrong")


def test_rel_error_numbers():
    # |0.2 − 0.2001| / 0.2001 for the worst entry; the other entry agrees exactly
    assert gradcheck.rel_error([0.2, 1.0], [0.2001, 1.0]) == pytest.approx(0.0001 / 0.2001, rel=1e-9)
    # the floor: rounding noise around a true 0 is compared with 1e-8, not with itself
    assert gradcheck.rel_error([0.0], [3e-12]) == pytest.approx(3e-4, rel=1e-9)
    assert gradcheck.rel_error([1e-12], [3e-12], floor=1e-8) == pytest.approx(2e-4, rel=1e-9)
    assert gradcheck.rel_error([1e-12], [3e-12], floor=1e-13) == pytest.approx(2 / 3, rel=1e-9)
    with pytest.raises(ValueError, match="floor"):
        gradcheck.rel_error([1.0], [1.0], floor=0)


def test_worst_entry_says_where():
    rng = np.random.default_rng(0)
    net = Network([3, 4, 2], activation="tanh", seed=0)
    X, y = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    worst = gradcheck.worst_entry(net, X, y)
    assert worst.error == gradcheck.check_network(net, X, y) < 1e-7
    assert worst.error == max(gradcheck.gradient_errors(net, X, y).values())
    # break one entry of backprop's gradient: the check finds that entry
    real_gradients = net.gradients

    def broken(*args, **kwargs):
        E, gW, gb = real_gradients(*args, **kwargs)
        gW[1][3, 0] *= -1
        return E, gW, gb
    net.gradients = broken
    worst = gradcheck.worst_entry(net, X, y)
    assert (worst.name, worst.index) == ("W2", (3, 0))
    assert worst.error == pytest.approx(2.0) and worst.backprop == pytest.approx(-worst.numerical, rel=1e-6)
    assert gradcheck.check_network(net, X, y) == worst.error
    assert gradcheck.gradient_errors(net, X, y)["W2"] == worst.error


def test_numerical_gradient_rejects_non_float_arrays():
    with pytest.raises(TypeError, match="x must be a float64 numpy array"):
        gradcheck.numerical_gradient(lambda v: v.sum(), [1.0, 2.0])
    with pytest.raises(ValueError, match="h must be"):
        gradcheck.numerical_gradient(lambda v: v.sum(), np.ones(2), h=0)
    with pytest.raises(ValueError, match="same shape"):
        gradcheck.rel_error(np.ones(2), np.ones(3))

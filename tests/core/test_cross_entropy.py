"""Binary and categorical cross-entropy and the softmax output layer: hand-computed values, the
paired output δ (o − t, p − t), the Jacobian path for other losses, extremes, bad targets, traces."""
import warnings

import numpy as np
import pytest

from backproplab import Network, activations, backprop, gradcheck, losses

softmax, sigmoid = activations.softmax, activations.sigmoid


@pytest.fixture(autouse=True)
def no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")      # any RuntimeWarning (overflow, log of 0, 0/0) fails
        yield


def one_layer(z, activation, loss, names=None):
    """A network without bias whose output layer's net input, for the single input x = 1, is ``z``."""
    return Network.from_weights([[z]], activation=activation, loss=loss, names=names)


# ----------------------------------------------------------------- hand-computed values
def test_three_class_softmax_and_cross_entropy_by_hand():
    # z = (1, 2, 3): e^z = (2.718282, 7.389056, 20.085537), Σ = 30.192875
    net = one_layer([1.0, 2.0, 3.0], "softmax", "cross_entropy", names=[["A"], ["F", "G", "H"]])
    p = net.forward([1.0])
    np.testing.assert_allclose(p, [[0.0900305732, 0.2447284711, 0.6652409558]], rtol=1e-9)
    E, gW, _, deltas = net.gradients([1.0], [0, 1, 0], return_deltas=True)
    assert E == pytest.approx(-np.log(0.2447284711), rel=1e-9) == pytest.approx(1.4076059644, rel=1e-9)
    np.testing.assert_allclose(deltas[-1], [[0.0900305732, -0.7552715289, 0.6652409558]], rtol=1e-9)
    np.testing.assert_allclose(gW[0], deltas[-1], rtol=1e-15)          # ∂E/∂w = x·δ with x = 1
    assert net.loss_value([1.0], [0, 1, 0]) == E
    # soft targets: E = −Σ t ln p
    assert net.loss_value([1.0], [0.2, 0.3, 0.5]) == pytest.approx(
        -(0.2 * np.log(0.0900305732) + 0.3 * np.log(0.2447284711) + 0.5 * np.log(0.6652409558)), rel=1e-9)


@pytest.mark.parametrize("z, t, E, delta", [
    (0.0, 1.0, np.log(2.0), -0.5),                         # o = ½: E = ln 2, δ = ½ − 1
    (2.0, 0.0, 2.1269280110, 0.8807970780),                # E = ln(1 + e²) = softplus(2), δ = σ(2)
    (-1.0, 0.25, 0.25 * 1.3132616875 + 0.75 * 0.3132616875, 0.2689414213700 - 0.25),
])
def test_sigmoid_and_bce_by_hand(z, t, E, delta):
    net = one_layer([z], "sigmoid", "bce")
    got_E, _, _, deltas = net.gradients([1.0], [t], return_deltas=True)
    assert got_E == pytest.approx(E, rel=1e-9)
    assert deltas[-1][0, 0] == pytest.approx(delta, rel=1e-9)


def test_losses_summed_over_samples_not_averaged():
    net = one_layer([0.0, 0.0], "softmax", "cross_entropy")
    X, y = [[1.0], [1.0], [1.0]], [[1, 0], [0, 1], [1, 0]]
    assert net.loss_value(X, y) == pytest.approx(3 * np.log(2.0), rel=1e-12)
    bce = one_layer([0.0], "sigmoid", "bce")
    assert bce.loss_value([[1.0]] * 4, [[1]] * 4) == pytest.approx(4 * np.log(2.0), rel=1e-12)


@pytest.mark.parametrize("name, o, t, value", [
    ("bce", [[0.8], [0.25]], [[1.0], [0.0]], -np.log(0.8) - np.log(0.75)),
    ("bce", [[0.8, 0.3]], [[0.5, 1.0]], -(0.5 * np.log(0.8) + 0.5 * np.log(0.2)) - np.log(0.3)),
    ("cross_entropy", [[0.2, 0.5, 0.3]], [[0.0, 1.0, 0.0]], -np.log(0.5)),
    ("cross_entropy", [[0.2, 0.5, 0.3]], [[0.25, 0.25, 0.5]], -(0.25 * np.log(0.2) + 0.25 * np.log(0.5) + 0.5 * np.log(0.3))),
])
def test_the_textbook_forms_on_the_outputs(name, o, t, value):
    """``value_and_grad(o, t)``, for outputs strictly inside (0, 1): the value, and ∂E/∂o
    against central differences."""
    loss, o, t = losses.get(name), np.array(o), np.array(t)
    E, g = loss.value_and_grad(o, t)
    assert E == pytest.approx(value, rel=1e-12)
    np.testing.assert_allclose(g, gradcheck.numerical_gradient(lambda v: loss.value(v, t), o.copy()), rtol=1e-8)


def test_which_losses_pair_with_which_output():
    assert losses.bce.pairs(sigmoid) and losses.cross_entropy.pairs(softmax)
    assert not losses.bce.pairs(softmax) and not losses.half_sse.pairs(sigmoid) and not losses.half_sse.pairs(softmax)
    # the pair's error is the loss's own value_and_delta (the public function checks its arrays first)
    z = np.array([[-40.0], [0.5], [3.0]])
    o, t = sigmoid.fn(z), np.array([[0.0], [1.0], [1.0]])
    E, delta = backprop.output_error(losses.bce, sigmoid)(z, o, t)
    E_pair, delta_pair = losses.bce.value_and_delta(z, o, t)
    assert E == E_pair and np.array_equal(delta, delta_pair)


# ----------------------------------------------------------------- the paired δ and the general path
def test_paired_delta_equals_the_general_path_where_that_is_accurate():
    """δ = o − t (sigmoid + bce) and p − t (softmax + cross_entropy) are ∂E/∂o taken through φ′
    or softmax's Jacobian, which the general path computes — at moderate net inputs."""
    rng = np.random.default_rng(1)
    z = rng.uniform(-5, 5, size=(7, 4))
    o, t = sigmoid(z), rng.uniform(0, 1, size=(7, 4))
    general = backprop.output_delta(losses.bce.gradient(o, t), o, sigmoid)
    E, paired = backprop.output_error(losses.bce, sigmoid)(z, o, t)
    np.testing.assert_allclose(paired, o - t, rtol=0, atol=0)
    np.testing.assert_allclose(general, paired, rtol=1e-9, atol=1e-12)
    assert E == pytest.approx(losses.bce.value(o, t), rel=1e-12)
    p, t = softmax(z), rng.dirichlet(np.ones(4), size=7)
    general = backprop.output_delta(losses.cross_entropy.gradient(p, t), p, softmax)
    E, paired = backprop.output_error(losses.cross_entropy, softmax)(z, p, t)
    np.testing.assert_array_equal(paired, p - t)
    np.testing.assert_allclose(general, paired, rtol=1e-9, atol=1e-12)
    assert E == pytest.approx(losses.cross_entropy.value(p, t), rel=1e-12)


def test_the_general_bce_gradient_breaks_down_where_the_paired_one_does_not():
    # σ(40) rounds to exactly 1.0: ∂E/∂o = (o − t)/(o(1 − o)) is 0/0, so the textbook path gives
    # NaN; the paired δ = o − t never divides (this is why a network with the pair never uses it)
    z, t = np.array([[40.0]]), np.array([[1.0]])
    o = sigmoid(z)
    assert o[0, 0] == 1.0
    with np.errstate(invalid="ignore"):
        assert np.isnan(losses.bce.value_and_grad(o, t)[1]).all()     # the raw formula
    with pytest.raises(ValueError, match=r"^o gives a gradient of loss 'bce' that is not a finite"):
        losses.bce.gradient(o, t)                                     # the public one refuses it
    E, delta = backprop.output_error(losses.bce, sigmoid)(z, o, t)
    assert delta[0, 0] == 0.0 and E == pytest.approx(np.exp(-40.0), rel=1e-9)   # ln(1 + e^−40)


def test_other_losses_on_softmax_go_through_the_jacobian():
    rng = np.random.default_rng(2)
    p = softmax(rng.normal(size=(5, 3)))
    g = rng.normal(size=(5, 3))
    J = activations.softmax_jacobian(p)
    np.testing.assert_allclose(softmax.vjp_from_output(g, p), np.einsum("nk,nkj->nj", g, J), rtol=1e-12)
    np.testing.assert_allclose(J[0], np.diag(p[0]) - np.outer(p[0], p[0]), rtol=1e-14)
    # half_sse on softmax: δ = p ⊙ (g − Σⱼ gⱼ pⱼ) with g = p − t — not the shortcut p − t
    t = np.eye(3)[[0, 1, 2, 0, 1]]
    E, delta = backprop.output_error(losses.half_sse, softmax)(None, p, t)
    np.testing.assert_allclose(delta, p * ((p - t) - ((p - t) * p).sum(axis=1, keepdims=True)), rtol=1e-14)
    assert not np.allclose(delta, p - t)
    # and against central differences in z
    f = lambda z: losses.half_sse.value(softmax(z), t)
    np.testing.assert_allclose(delta, gradcheck.numerical_gradient(f, np.log(p)), rtol=1e-7, atol=1e-10)


def test_the_softmax_jacobian_against_central_differences():
    z = np.array([0.3, -1.2, 2.0, 0.5])
    J = activations.softmax_jacobian(softmax(z))
    for k in range(4):
        num = gradcheck.numerical_gradient(lambda v: softmax(v)[k], z.copy())
        np.testing.assert_allclose(J[k], num, rtol=1e-7, atol=1e-11)
    assert softmax(z).sum() == pytest.approx(1.0, abs=1e-15)


# ----------------------------------------------------------------- extremes
@pytest.mark.parametrize("t, E, delta", [
    ([1, 0, 0], 0.0, [0.0, 0.0, 0.0]),
    ([0, 1, 0], 2000.0, [1.0, -1.0, 0.0]),            # −ln p₂ = −(−1000 − 1000)
    ([0, 0, 1], 1000.0, [1.0, 0.0, -1.0]),
])
def test_softmax_cross_entropy_at_z_of_plus_minus_1000(t, E, delta):
    net = one_layer([1000.0, -1000.0, 0.0], "softmax", "cross_entropy")
    np.testing.assert_array_equal(net.forward([1.0]), [[1.0, 0.0, 0.0]])
    got_E, gW, _, deltas = net.gradients([1.0], t, return_deltas=True)
    assert got_E == E
    np.testing.assert_array_equal(deltas[-1], [delta])
    assert net.loss_value([1.0], t) == E
    trace = net.train_step([1.0], t, lr=0.1)
    assert trace.loss == E and np.isfinite(net.weights[0]).all()
    assert f"= {E:g}" in trace.explain().replace(",", "")


@pytest.mark.parametrize("z, t, E, delta", [
    (1000.0, 1.0, 0.0, 0.0), (1000.0, 0.0, 1000.0, 1.0),
    (-1000.0, 0.0, 0.0, 0.0), (-1000.0, 1.0, 1000.0, -1.0),
])
def test_sigmoid_bce_at_z_of_plus_minus_1000(z, t, E, delta):
    net = one_layer([z], "sigmoid", "bce")
    got_E, _, _, deltas = net.gradients([1.0], [t], return_deltas=True)
    assert (got_E, deltas[-1][0, 0]) == (E, delta)
    if delta:      # where E is linear in z (slope ±1) central differences are exact up to rounding
        assert gradcheck.check_network(net, [[1.0]], [[t]], h=1e-3) < 1e-9


def test_fit_at_extremes_stays_finite_and_silent():
    X = np.array([[1.0, 0.0], [0.0, 1.0]])
    net = Network.from_weights([[[500.0, -500.0, 0.0], [-800.0, 900.0, 0.0]]], [[0.0, 0.0, 0.0]],
                               activation="softmax", loss="cross_entropy")
    history = net.fit(X, [[0, 1, 0], [0, 0, 1]], epochs=20, lr=0.1)
    assert history.diverged is None and np.isfinite(history.loss).all()
    assert history.loss[0] == 1000.0 + 900.0
    assert history.loss[-1] < history.loss[0]
    bce = Network.from_weights([[[1000.0]], [[-1000.0]]], activation="sigmoid", loss="bce")
    history = bce.fit([[1.0]], [[1.0]], epochs=5, lr=0.01)
    assert history.diverged is None and np.isfinite(history.loss).all() and history.loss[0] == 1000.0


def test_a_stack_of_softmax_networks_takes_the_steps_each_would_take():
    rng = np.random.default_rng(5)
    S = 3
    acts = [activations.get("tanh"), softmax]
    W = [rng.normal(size=(S, 3, 4)), rng.normal(size=(S, 4, 3))]
    X, y = rng.normal(size=(5, 3)), np.eye(3)[[0, 1, 2, 2, 1]]
    stacked = ([w.copy() for w in W], None)
    singles = [([w[s].copy() for w in W], None) for s in range(S)]
    step = backprop.training_step(acts, losses.cross_entropy, 0.3, bias=False)
    steps = [backprop.training_step(acts, losses.cross_entropy, 0.3, bias=False) for _ in range(S)]
    E_stacked = step(np.broadcast_to(X, (S,) + X.shape), y, stacked, stacked)
    E_singles = [steps[s](X, y, singles[s], singles[s]) for s in range(S)]
    assert E_stacked == pytest.approx(sum(E_singles), rel=1e-12)
    for s in range(S):
        for k in range(2):
            np.testing.assert_allclose(stacked[0][k][s], singles[s][0][k], rtol=1e-13)


def test_save_and_load_keep_softmax_and_the_loss(tmp_path):
    net = Network([2, 3, 3], activation=["relu", "softmax"], loss="cross_entropy", seed=6)
    net.save(tmp_path / "m")
    back = Network.load(tmp_path / "m")
    assert [a.name for a in back.activations] == ["relu", "softmax"] and back.loss == "cross_entropy"
    np.testing.assert_array_equal(back.forward([[0.5, -1.0]]), net.forward([[0.5, -1.0]]))


# ----------------------------------------------------------------- bad arguments
@pytest.mark.parametrize("kwargs, match", [
    (dict(layer_sizes=[2, 3, 2], activation="softmax"),
     r"activation 'softmax' is allowed on the output layer only.*for every layer, the hidden ones included.*"
     r"activation=\['sigmoid', 'softmax'\]"),
    (dict(layer_sizes=[2, 3, 2], activation=["softmax", "sigmoid"]),
     r"activation 'softmax' is allowed on the output layer only.*activation\[0\] = 'softmax', a hidden layer"),
    (dict(layer_sizes=[2, 1], activation="softmax"), r"activation 'softmax' needs at least two outputs.*got 1"),
    (dict(layer_sizes=[2, 3], activation="tanh", loss="bce"),
     r"loss 'bce' needs an output layer with activation 'sigmoid' or 'softmax'.*got 'tanh'"),
    (dict(layer_sizes=[2, 3], activation="sigmoid", loss="cross_entropy"),
     r"loss 'cross_entropy' needs an output layer with activation 'softmax'.*got 'sigmoid'"),
])
def test_softmax_and_the_cross_entropies_where_they_do_not_belong(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Network(**kwargs)


@pytest.mark.parametrize("loss, act, y, match", [
    ("cross_entropy", "softmax", [[1, 1, 0], [0, 1, 0]], r"y must hold one probability distribution per row.*row 0 sums to 2: \[1, 1, 0\]"),
    ("cross_entropy", "softmax", [[1, 0, 0], [0.5, 0.4, 0]], r"y must hold one probability.*row 1 sums to 0\.9"),
    ("cross_entropy", "softmax", [[1, 0, 0], [0, 0, 0]], r"row 1 sums to 0"),
    ("cross_entropy", "softmax", [[1.5, -0.5, 0], [0, 1, 0]], r"y must hold non-negative targets.*-0\.5 at index \(0, 1\)"),
    ("bce", "sigmoid", [[1, 0, 1.5], [0, 1, 0]], r"y must hold targets in \[0, 1\] for loss 'bce'.*1\.5 at index \(0, 2\)"),
    ("bce", "sigmoid", [[1, 0, 1], [0, -1, 0]], r"y must hold targets in \[0, 1\].*-1 at index \(1, 1\)"),
])
def test_targets_the_loss_cannot_take(loss, act, y, match):
    net = Network([2, 3], activation=act, loss=loss, seed=0)
    X = [[0.0, 1.0], [1.0, 0.0]]
    for call in (lambda: net.gradients(X, y), lambda: net.loss_value(X, y), lambda: net.train_step(X, y, lr=0.1),
                 lambda: net.fit(X, y, epochs=2, lr=0.1), lambda: gradcheck.check_network(net, X, y)):
        with pytest.raises(ValueError, match=match):
            call()


def test_softmax_is_not_an_elementwise_function():
    with pytest.raises(ValueError, match="softmax takes a vector of net inputs"):
        softmax(3.0)
    with pytest.raises(TypeError, match="softmax has no elementwise derivative"):
        softmax.derivative(np.zeros(3))
    with pytest.raises(ValueError, match="activation 'softmax' is not elementwise"):
        activations.get("softmax", elementwise=True)
    assert activations.get("softmax") is softmax and "softmax" not in activations.ACTIVATIONS


# ----------------------------------------------------------------- the trace
def test_the_trace_of_a_softmax_cross_entropy_step():
    net = one_layer([1.0, 2.0, 3.0], "softmax", "cross_entropy", names=[["A"], ["F", "G", "H"]])
    trace = net.train_step([1.0], [0, 1, 0], lr=0.5)
    lines = trace.explain().splitlines()
    assert "p_F = exp(z_F)/Σⱼ exp(z_j) = exp(1)/(exp(1) + exp(2) + exp(3)) = 0.09003" in lines
    assert "E = −Σₖ t_k·ln p_k = −[0·ln 0.09003 + 1·ln 0.2447 + 0·ln 0.6652] = 1.408" in lines
    assert "δ_F = p_F − t_F = 0.09003 − 0 = 0.09003" in lines
    assert "δ_G = p_G − t_G = 0.2447 − 1 = −0.7553" in lines
    assert trace["p_G"] == trace["o_G"] == pytest.approx(0.2447284711, rel=1e-9)
    assert trace["δ_G"] == pytest.approx(-0.7552715289, rel=1e-9)
    assert trace.element_of("p_G") == ("neuron", 1, 1, ("G",))
    html = trace._repr_html_()
    assert "p_G − t_G" in html and "exp(z_F)/Σⱼ exp(z_j)" in html


def test_the_trace_of_a_sigmoid_bce_step():
    net = Network.from_weights([[[0.0]]], [[0.0]], activation="sigmoid", loss="bce", names=[["A"], ["F"]])
    trace = net.train_step([[1.0], [2.0]], [[1.0], [0.0]], lr=1.0)
    text = trace.explain()
    assert "δ_F[0] = o_F − t_F = 0.5 − 1 = −0.5" in text
    assert "δ_F[1] = o_F − t_F = 0.5 − 0 = 0.5" in text
    assert ("E = −Σₙ[t_F·ln o_F + (1 − t_F)·ln(1 − o_F)] = "
            "−[[1·ln 0.5 + (1 − 1)·ln(1 − 0.5)] + [0·ln 0.5 + (1 − 0)·ln(1 − 0.5)]] = 1.386") in text
    assert "o_F − t_F" in trace._repr_html_()


def test_the_trace_of_another_loss_on_softmax_shows_the_jacobian():
    net = one_layer([1.0, 2.0, 3.0], "softmax", "half_sse", names=[["A"], ["F", "G", "H"]])
    trace = net.train_step([1.0], [0, 1, 0], lr=0.5)
    line = next(l for l in trace.explain().splitlines() if l.startswith("δ_G"))
    assert line.startswith("δ_G = p_G·[(p_G − t_G) − Σⱼ p_j·(p_j − t_j)] = "
                           "0.2447·[(0.2447 − 1) − (0.09003·(0.09003 − 0) + 0.2447·(0.2447 − 1) + 0.6652·(0.6652 − 0))]")
    p = np.array([0.0900305732, 0.2447284711, 0.6652409558])
    g = p - [0, 1, 0]
    assert trace["δ_G"] == pytest.approx(p[1] * (g[1] - g @ p), rel=1e-9)
    assert "E = ½Σₖ(t_k − p_k)²" in trace.explain()


# --------------------------------------------------------------------------- log_softmax (lesson 8)
def test_log_softmax_is_the_log_of_softmax_where_that_is_finite():
    z = np.random.default_rng(3).normal(size=(6, 4)) * 3
    np.testing.assert_allclose(activations.log_softmax(z), np.log(activations.softmax(z)), rtol=1e-13, atol=1e-14)
    np.testing.assert_allclose(activations.log_softmax([0.0, np.log(3.0)]), np.log([0.25, 0.75]), rtol=1e-14)


def test_log_softmax_stays_finite_and_quiet_at_the_extremes():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = activations.log_softmax(np.array([[1000.0, 0.0, -1000.0], [0.0, -1.0, -2.0]]))
    np.testing.assert_array_equal(out[0], [0.0, -1000.0, -2000.0])      # each row by its own maximum
    np.testing.assert_allclose(out[1], np.log(activations.softmax(np.array([0.0, -1.0, -2.0]))), rtol=1e-14)

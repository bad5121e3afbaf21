"""Diverging training and numerical extremes: one clear message, never a NumPy warning."""
import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import backproplab as bp
from backproplab import Network
from backproplab import NonFiniteError, TrainingDiverged
from backproplab.autograd.gates import MultiplyGate
from backproplab.autograd.graph import Var

X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=float)
Y = np.array([[0], [1], [1], [0]], dtype=float)


def test_diverging_fit_stops_with_one_warning_and_a_flag():
    net = Network([3, 4, 1], activation="linear", seed=0)
    with pytest.warns(TrainingDiverged, match=r"diverged in epoch 6 of 100.*smaller learning rate lr") as caught:
        history = net.fit(X, Y, epochs=100, lr=1.0)
    assert len(caught) == 1
    assert history.diverged.epoch == 6 and history.diverged.quantity == "loss"
    assert len(history.loss) == 6 and np.isfinite(history.loss).all()
    assert all(np.isfinite(w).all() for w in net.weights + net.biases)
    assert "diverged in epoch 6" in repr(history)


def test_diverged_weights_are_those_after_the_finished_epochs():
    net = Network([3, 4, 1], activation="linear", seed=0)
    replay = Network([3, 4, 1], activation="linear", seed=0)
    with pytest.warns(TrainingDiverged):
        history = net.fit(X, Y, epochs=100, lr=1.0)
    replay.fit(X, Y, epochs=len(history.loss), lr=1.0)
    for a, b in zip(net.weights, replay.weights):
        np.testing.assert_array_equal(a, b)


def test_diverging_mini_batch_fit_and_snapshots():
    net = Network([3, 4, 1], activation="linear", seed=0)
    with pytest.warns(TrainingDiverged, match="lr"):
        history = net.fit(X, Y, epochs=50, lr=1.0, batch_size=2, record_every=1)
    assert history.diverged is not None
    assert history.snapshot_epochs[-1] <= len(history.loss)
    assert all(np.isfinite(w).all() for w in net.weights)


def test_huge_rate_with_sigmoid_pins_nothing_silently():
    net = Network([3, 4, 1], seed=0)
    history = net.fit(X, Y, epochs=50, lr=1e6)     # sigmoid saturates: finite, no warning
    assert np.isfinite(history.loss).all()


@pytest.mark.parametrize("call", [
    lambda n: n.forward(np.full((1, 3), 1e300)),
    lambda n: n.loss_value(np.full((1, 3), 1e300), [[0]]),
    lambda n: n.gradients(np.full((1, 3), 1e300), [[0]]),
    lambda n: n.train_step(np.full((1, 3), 1e300), [[0]], lr=0.1),
])
def test_overflow_raises_a_clear_error_and_changes_nothing(call):
    net = Network([3, 4, 1], activation="linear", seed=0)
    net.weights[0][:] = 1e300
    before = [w.copy() for w in net.weights]
    with pytest.raises(NonFiniteError, match=r"overflowed.*largest \|weight\| = 1e\+300.*learning rate lr"):
        call(net)
    for a, b in zip(before, net.weights):
        np.testing.assert_array_equal(a, b)
    assert issubclass(NonFiniteError, ValueError)


def test_explorers_draw_a_diverged_run_without_warning():
    from backproplab.widgets import XORExplorer
    from backproplab.widgets._base import fit_quietly
    net = Network([3, 4, 1], activation="linear", seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = fit_quietly(net, X, Y, 20, lr=1.0, record_every=5)
        ex = XORExplorer()
        ex.close()
    assert len(history.loss) == 20 and np.isnan(history.loss[6:]).all() and history.snapshot_epochs[-1] == 20
    assert np.isnan(net.weights[0]).all()   # drawn grey as "diverged", as before


def test_var_extremes():
    q = Var(1) / Var(1e-200)
    assert q.value == 1e200
    with pytest.raises(NonFiniteError, match="gradient"):
        q.backward()
    root = Var(0.0, "x") ** 0.5
    with pytest.raises(NonFiniteError, match=r"'x'.*vertical"):
        root.backward()


def test_gates_reject_nan_and_overflow():
    with pytest.raises(ValueError, match="x must be a finite number"):
        MultiplyGate().forward(float("nan"), 1.0)
    with pytest.raises(NonFiniteError, match="MultiplyGate's output"):
        MultiplyGate().forward(np.array([1e300]), np.array([1e300]))


def test_rel_error_of_huge_opposites_is_two():
    # per entry, |a − n| / max(|a|, |n|): opposite signs of equal size are 200 % apart, without overflow
    assert bp.gradcheck.rel_error([1e300], [-1e300]) == 2.0
    assert bp.gradcheck.rel_error([1.7e308], [-1.7e308]) == 2.0


def test_check_network_refuses_to_judge_a_saturated_network():
    net = Network.from_weights([np.full((3, 2), 1e4), np.full((2, 1), 1e4)])
    with pytest.warns(bp.gradcheck.CannotJudge, match="cannot judge"):
        assert bp.gradcheck.check_network(net, X * 100, Y) == 0.0


def test_tiny_h_is_refused():
    with pytest.raises(ValueError, match=r"h = 1e-300 is too small"):
        bp.gradcheck.numerical_gradient(lambda v: float(v.sum()), np.ones(3), h=1e-300)


finite_floats = st.floats(-1e300, 1e300, allow_nan=False)
arrays = st.lists(st.lists(finite_floats, min_size=3, max_size=3), min_size=1, max_size=4)


@settings(max_examples=60, deadline=None)
@given(x=arrays, w_scale=st.sampled_from([1.0, 1e100, 1e200, 1e300]),
       activation=st.sampled_from(["sigmoid", "tanh", "relu", "leaky_relu", "linear"]),
       lr=st.sampled_from([1e-3, 1.0, 1e6]))
def test_finite_input_gives_a_clear_error_or_a_finite_result(x, w_scale, activation, lr):
    net = Network([3, 2, 1], activation=activation, seed=0)
    for w in net.weights:
        w *= w_scale
    y = np.zeros((len(x), 1))
    with warnings.catch_warnings():
        warnings.simplefilter("error")              # not one warning of any kind
        for call in (lambda: net.forward(x), lambda: net.loss_value(x, y), lambda: net.gradients(x, y),
                     lambda: net.train_step(x, y, lr=lr)):
            try:
                result = call()
            except NonFiniteError as err:
                assert "overflowed" in str(err)
                continue
            if isinstance(result, np.ndarray):
                assert np.isfinite(result).all()
        try:
            history = net.fit(x, y, epochs=5, lr=lr)
        except TrainingDiverged as warning:
            assert "smaller learning rate" in str(warning)
        else:
            assert np.isfinite(history.loss).all()
    assert all(np.isfinite(w).all() for w in net.weights)


@settings(max_examples=40, deadline=None)
@given(a=st.floats(-1e300, 1e300, allow_nan=False), b=st.floats(-1e300, 1e300, allow_nan=False))
def test_graph_and_rel_error_are_finite_or_clear(a, b):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert 0.0 <= bp.gradcheck.rel_error([a], [b]) <= 2.0
        try:
            f = Var(a) * Var(b) + Var(a) / (Var(b) if b else Var(1.0))
            f.backward()
        except (ValueError, OverflowError) as err:
            assert str(err)


def test_the_divergence_warning_points_at_the_callers_line():
    from backproplab.datasets import xor

    X, y = xor()
    net = Network([3, 4, 1], activation="linear", seed=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        net.fit(X, y, epochs=100, lr=1.0)
    diverged = [w for w in caught if issubclass(w.category, TrainingDiverged)]
    assert len(diverged) == 1 and diverged[0].filename == __file__

"""backprop's public functions check their arguments (lists are converted, shapes must agree,
named errors); the loops use unchecked private versions. And a recorded step commits every
layer or none."""
import os
import signal

import numpy as np
import pytest

from backproplab import Network, activations, backprop, datasets, losses, training

SIG = activations.sigmoid
RNG = np.random.default_rng(0)
A, DE, W = RNG.random((4, 3)), RNG.normal(size=(4, 3)), RNG.normal(size=(2, 3))
BELOW = RNG.random((4, 2))


def test_all_lists_the_public_api():
    assert set(backprop.__all__) == {"LayerCache", "net_input", "output_delta", "output_error", "hidden_delta",
                                     "grad_W", "grad_b", "forward", "backward", "training_step"}
    assert all(hasattr(backprop, name) for name in backprop.__all__)


def test_lists_and_int_arrays_are_converted_to_the_same_numbers():
    np.testing.assert_array_equal(backprop.output_delta(DE.tolist(), A.tolist(), "sigmoid"),
                                  backprop.output_delta(DE, A, SIG))
    np.testing.assert_array_equal(backprop.hidden_delta(DE.tolist(), W.tolist(), BELOW.tolist(), "sigmoid"),
                                  backprop.hidden_delta(DE, W, BELOW, SIG))
    np.testing.assert_array_equal(backprop.net_input([[1, 2]], [[1, 0], [0, 1]], [1, 1]), [[2.0, 3.0]])
    np.testing.assert_array_equal(backprop.grad_W([[1], [2]], [[3], [4]]), [[11.0]])
    np.testing.assert_array_equal(backprop.grad_b([[1, 2], [3, 4]]), [4.0, 6.0])


def test_inf_and_nan_pass_through_like_numpy():
    out = backprop.output_delta(np.array([[np.inf]]), np.array([[0.5]]), SIG)
    assert out[0, 0] == np.inf


@pytest.mark.parametrize("call, exc, says", [
    (lambda: backprop.hidden_delta(DE, W.T, BELOW, SIG), ValueError, "delta_above must have 2 along axis -1"),
    (lambda: backprop.hidden_delta(DE, W, BELOW[:, :1], SIG), ValueError, "a must have 2 along axis -1"),
    (lambda: backprop.hidden_delta(DE, W, BELOW[:3], SIG), ValueError, "a must have 4 along axis -2"),
    (lambda: backprop.hidden_delta(DE, W, BELOW, SIG, mask=np.full((4, 2), 0.5)), ValueError, "only 0"),
    (lambda: backprop.hidden_delta(DE, W, BELOW, SIG, mask=np.ones((4, 3))), ValueError, "mask must have the shape"),
    (lambda: backprop.hidden_delta(DE, W, BELOW, SIG, keep_scale=0.5), ValueError, "keep_scale"),
    (lambda: backprop.hidden_delta(DE, W, BELOW, "softmax"), ValueError, "output layer only"),
    (lambda: backprop.hidden_delta(DE, W, BELOW, np.tanh), TypeError, "activation must be an Activation"),
    (lambda: backprop.hidden_delta(DE, "W", BELOW, SIG), TypeError, "W_above must contain real numbers"),
    (lambda: backprop.hidden_delta(DE, [[1, 2], [3]], BELOW, SIG), ValueError, "W_above must be a rectangular"),
    (lambda: backprop.output_delta(DE, A[:, :2], SIG), ValueError, "dE_da must have the shape of a"),
    (lambda: backprop.output_delta(DE, A, "sigmoidal"), ValueError, "unknown activation"),
    (lambda: backprop.output_error("bce", SIG)(None, A, A), ValueError, "z must be the output layer's net input"),
    (lambda: backprop.output_error("half_sse", SIG)(None, A, A[:2]), ValueError, "t must have the shape of a"),
    (lambda: backprop.output_error(42, SIG), TypeError, "loss must be a Loss"),
    (lambda: backprop.grad_W(BELOW, DE[:3]), ValueError, "delta must have 4 along axis -2"),
    (lambda: backprop.grad_b(DE[0]), ValueError, "delta must be"),
    (lambda: backprop.net_input(BELOW, W.T), ValueError, "a_prev must have 3 along axis -1"),
    (lambda: backprop.net_input(A, W.T, np.ones(3)), ValueError, "b must have 2 along axis -1"),
    (lambda: backprop.forward([W.T], None, [SIG], BELOW), ValueError, "X must have 3 along axis -1"),
    (lambda: backprop.forward([W, W], None, [SIG, SIG], BELOW), ValueError, "weights[1] must have 3"),
    (lambda: backprop.forward([W], None, [SIG, SIG], BELOW), TypeError, "activations must be a list of 1"),
    (lambda: backprop.forward(W, None, [SIG], BELOW), TypeError, "weights must be a non-empty list"),
    (lambda: backprop.backward([W], [SIG], [(BELOW, DE, A, None)], DE[:, :2]), ValueError, "delta_L must have the shape"),
    (lambda: backprop.training_step([SIG], losses.half_sse, 0.0), ValueError, "lr must be > 0.0"),
    (lambda: backprop.training_step([SIG], losses.half_sse, 1.0, momentum=1.0), ValueError, "momentum"),
    (lambda: backprop.training_step([SIG], losses.half_sse, 1.0, bias=1), TypeError, "bias must be True or False"),
])
def test_bad_arguments_are_named(call, exc, says):
    with pytest.raises(exc, match=None) as info:
        call()
    assert says in str(info.value), str(info.value)


def test_forward_gives_named_caches_that_are_still_tuples():
    weights = [RNG.normal(size=(2, 3)), RNG.normal(size=(3, 1))]
    out, caches = backprop.forward(weights, None, [SIG, SIG], BELOW)
    assert all(isinstance(c, backprop.LayerCache) for c in caches)
    inputs, z, a, mask = caches[1]
    assert inputs is caches[0].a and z is caches[1].z and a is out and mask is None
    assert caches[1][2] is out                                  # positional reads keep working
    np.testing.assert_array_equal(caches[0].z, BELOW @ weights[0])
    # backward takes LayerCaches or 4-tuples alike
    by_name = backprop.backward(weights, [SIG, SIG], caches, out - 1.0)
    by_tuple = backprop.backward(weights, [SIG, SIG], [tuple(c) for c in caches], out - 1.0)
    for x, y in zip(by_name[1], by_tuple[1]):
        np.testing.assert_array_equal(x, y)


def test_a_mask_of_none_keeps_every_unit_of_its_layer():
    weights = [RNG.normal(size=(2, 3)), RNG.normal(size=(3, 3)), RNG.normal(size=(3, 1))]
    acts = [SIG] * 3
    mask = np.array([[1.0, 0.0, 1.0]] * 4)
    out, caches = backprop.forward(weights, None, acts, BELOW, [None, mask], 2.0)
    plain = backprop.forward(weights, None, acts, BELOW)[1]
    np.testing.assert_array_equal(caches[1].inputs, plain[1].inputs)       # layer 0 dropped nothing
    np.testing.assert_array_equal(caches[2].inputs, caches[1].a * mask * 2.0)
    assert caches[0].mask is None and caches[1].mask is mask


# ----------------------------------------------------------------- a recorded step: every layer or none
@pytest.mark.parametrize("exc", [KeyboardInterrupt, RuntimeError])
def test_a_step_interrupted_mid_way_leaves_the_network_unchanged(monkeypatch, exc):
    X, y = datasets.xor()
    net = Network([3, 4, 4, 1], seed=1)
    before = [p.copy() for p in net.weights + net.biases]
    real = backprop.backward

    def interrupted(*args, **kwargs):      # the backward pass runs, then the interruption comes
        real(*args, **kwargs)
        raise exc
    monkeypatch.setattr(backprop, "backward", interrupted)
    with pytest.raises(exc):
        net.train_step(X, y, lr=0.5)
    for p, q in zip(net.weights + net.biases, before):
        np.testing.assert_array_equal(p, q)


@pytest.fixture
def python_ctrl_c():
    """SIGINT handled as Python does by default (raise KeyboardInterrupt), whatever the test runner
    inherited (a background job ignores it), and put back afterwards."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)


def test_the_commit_finishes_every_layer_before_a_ctrl_c_is_raised(python_ctrl_c):
    targets = [np.zeros(3), np.zeros(2), np.zeros(4)]
    values = [np.ones(3), np.full(2, 2.0), np.full(4, 3.0)]
    with pytest.raises(KeyboardInterrupt):
        with training._interrupts_deferred():
            os.kill(os.getpid(), signal.SIGINT)          # Ctrl-C before the first copy
            for t, v in zip(targets, values):
                t[...] = v
    assert [t.tolist() for t in targets] == [v.tolist() for v in values]   # all copied, then raised
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler      # handler restored


def test_a_process_that_ignores_ctrl_c_gets_no_keyboard_interrupt_from_a_commit():
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        targets, values = [np.zeros(2)], [np.ones(2)]
        with training._interrupts_deferred():
            os.kill(os.getpid(), signal.SIGINT)
            targets[0][...] = values[0]
        assert targets[0].tolist() == [1.0, 1.0]
        assert signal.getsignal(signal.SIGINT) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, before)


def test_commit_copies_into_the_network_arrays():
    net = Network([2, 3, 1], seed=0)
    ids = [id(w) for w in net.weights]
    new = [w + 1.0 for w in net.weights]
    training.commit(net.weights, new)
    assert [id(w) for w in net.weights] == ids
    for w, n in zip(net.weights, new):
        np.testing.assert_array_equal(w, n)

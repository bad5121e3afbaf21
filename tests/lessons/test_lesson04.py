import numpy as np
import pytest

import backproplab as bp
from backproplab.datasets import xor
from backproplab.exercises import check, exercises, solution

KEYS = ["E_constant_half", "n_weights_3441", "E_three_merged"]


@pytest.mark.parametrize("key", KEYS)
def test_exercises_registered_and_unanswered_by_default(key):
    assert key in exercises()
    feedback = check(key, None)
    assert not feedback and "Hint" in repr(feedback)
    assert key in repr(solution(key))


def test_n_weights_counts_every_shape():
    net = bp.Network([3, 4, 4, 1], bias=False)
    assert [w.shape for w in net.weights] == [(3, 4), (4, 4), (4, 1)]
    assert exercises()["n_weights_3441"].answer() == 32
    assert check("n_weights_3441", 32) and not check("n_weights_3441", 28)


def test_constant_half_is_what_a_single_neuron_reaches():
    X, y = xor()
    net = bp.Network([3, 1], bias=False, seed=0)
    history = net.fit(X, y, epochs=5000, lr=1.0)
    assert exercises()["E_constant_half"].answer() == pytest.approx(0.5)
    np.testing.assert_allclose(net.forward(X), 0.5, atol=1e-3)
    assert history.final_loss == pytest.approx(0.5, abs=1e-4)
    assert check("E_constant_half", round(history.final_loss, 3))


def test_three_merged_is_a_third_and_matches_a_stuck_network():
    assert exercises()["E_three_merged"].answer() == pytest.approx(1 / 3)
    X, y = xor()
    net = bp.Network([3, 2, 1], bias=False, seed=10)       # the lesson's stuck seed
    history = net.fit(X, y, epochs=20000, lr=1.0)
    out = net.forward(X)[:, 0]
    np.testing.assert_allclose(out[1:], 2 / 3, atol=2e-3)
    assert check("E_three_merged", history.final_loss)
    assert check("E_three_merged", 0.333) and not check("E_three_merged", 0.25)


def _reference_forward_pass():
    return exercises()["forward_pass_code"].reference_answer()


def test_forward_pass_reference_matches_the_network():
    ex = exercises()["forward_pass_code"]
    assert ex.is_code and ex.points == 2
    fn = _reference_forward_pass()
    assert check("forward_pass_code", fn)
    X, _ = xor()
    net = bp.Network([3, 4, 4, 1], bias=False, seed=0)
    np.testing.assert_allclose(fn(X, net.weights), net.forward(X), rtol=1e-12)


def _sig(z):
    return 1 / (1 + np.exp(-z))


def _no_output_sigmoid(X, weights):
    a = X
    for w in weights[:-1]:
        a = _sig(a @ w)
    return a @ weights[-1]


@pytest.mark.parametrize("wrong, says", [
    (_no_output_sigmoid, "output layer's σ is missing"),
    (lambda X, W: _sig(X @ W[0]), "shape (4, 1)"),                                  # one layer only
    (lambda X, W: _sig(_sig(X @ W[0]) @ W[1]), "got shape (4, 4)"),                # stops after two layers
    (lambda X, W: W[0] @ X, "got shape (3, 3)"),                                     # matrix on the wrong side
    (lambda X, W: None, "returned None"),
])
def test_forward_pass_wrong_functions_fail_with_a_useful_message(wrong, says):
    feedback = check("forward_pass_code", wrong)
    assert not feedback
    assert says in repr(feedback) and "Hint" in repr(feedback)

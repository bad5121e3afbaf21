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
    (lambda X, W: _sig(X @ W[0]), "shape (4, 1)"),                                  # one layer only
    (lambda X, W: _sig(_sig(X @ W[0]) @ W[1]), "got shape (4, 4)"),                # stops after two layers
    (lambda X, W: W[0] @ X, "got shape (3, 3)"),                                     # matrix on the wrong side
    (lambda X, W: None, "returned None"),
])
def test_forward_pass_wrong_functions_fail_with_a_useful_message(wrong, says):
    feedback = check("forward_pass_code", wrong)
    assert not feedback
    assert says in repr(feedback) and "Hint" in repr(feedback)


@pytest.mark.parametrize("wrong, name", [
    (_no_output_sigmoid, "output-activation-missing"),
    (lambda X, W: _forward_with(X, W, lambda z: 1 / (1 + np.exp(z))), "sign-flipped"),     # σ(−z)
    (lambda X, W: _forward_with(X, W, _sig, transpose=True), "weights-not-transposed"),   # raises on 3-4-4-1
])
def test_forward_pass_classic_slips_are_named(wrong, name):
    feedback = check("forward_pass_code", wrong)
    assert not feedback and feedback.misconception == name and f"«{name}»" in repr(feedback), repr(feedback)
    assert "Reread lesson" in repr(feedback)


def _forward_with(X, weights, squash, transpose=False):
    a = X
    for w in weights:
        a = squash(a @ (w.T if transpose else w))
    return a


# --------------------------------------------------------------------------- nudges and named mistakes
@pytest.fixture
def fresh_tries(monkeypatch):
    from backproplab.exercises import registry
    monkeypatch.setattr(registry, "_TRIES", {})
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)


@pytest.mark.parametrize("key", KEYS + ["forward_pass_code", "backward_lines_code"])
def test_every_exercise_has_a_nudge_that_is_not_its_hint_and_shows_unanswered(key, fresh_tries):
    ex = exercises()[key]
    assert ex.nudge_text is not None and ex.nudge != ex.hint
    assert f"Hint: {ex.nudge}" in repr(check(key, None))


def test_forward_pass_nudge_does_not_hand_over_the_loop(fresh_tries):
    nudge = exercises()["forward_pass_code"].nudge
    assert "np.exp" not in nudge and "a @ W" not in nudge and "σ(" not in nudge


@pytest.mark.parametrize("key, mean", [("E_constant_half", 0.125), ("E_three_merged", 1 / 12)])
def test_a_mean_instead_of_the_sum_is_named(key, mean, fresh_tries):
    assert exercises()[key].wrong["mean-vs-sum"][0] == pytest.approx(mean)
    assert check(key, round(mean, 3)).misconception == "mean-vs-sum"


# --------------------------------------------------------------------------- backward_lines_code
def _sig_loop(z):
    return 1 / (1 + np.exp(-z))


def _classic_step(X, y, syn0, syn1):
    """One iteration of the lesson's 11-line loop, exactly as written there (in place on copies)."""
    syn0, syn1 = syn0.copy(), syn1.copy()
    l0 = X
    l1 = _sig_loop(np.dot(l0, syn0))
    l2 = _sig_loop(np.dot(l1, syn1))
    l2_delta = (y - l2) * (l2 * (1 - l2))
    l1_delta = l2_delta.dot(syn1.T) * (l1 * (1 - l1))
    syn1 += l1.T.dot(l2_delta)
    syn0 += l0.T.dot(l1_delta)
    return (l0, l1, l2), (l2_delta, l1_delta), (syn0, syn1)


def test_backward_lines_reference_is_the_loop_with_delta_and_passes(fresh_tries):
    ex = exercises()["backward_lines_code"]
    assert ex.is_code and ex.points == 2 and len(ex.wrong) >= 3
    fn = ex.reference_answer()
    assert check("backward_lines_code", fn)
    X, y = xor()
    np.random.seed(1)                                # the loop's start, as the lesson draws it
    syn0 = 2 * np.random.random((3, 4)) - 1
    syn1 = 2 * np.random.random((4, 1)) - 1
    (l0, l1, l2), (l2_delta, l1_delta), (new0, new1) = _classic_step(X, y, syn0, syn1)
    delta2, delta1, syn0_new, syn1_new = fn(l0, l1, l2, y, syn0.copy(), syn1.copy())
    np.testing.assert_allclose(delta2, -l2_delta, rtol=1e-12)         # l2_delta = −δ₂
    np.testing.assert_allclose(delta1, -l1_delta, rtol=1e-12)
    np.testing.assert_allclose(syn0_new, new0, rtol=1e-12)
    np.testing.assert_allclose(syn1_new, new1, rtol=1e-12)
    # and δ is the package's ∂E/∂z: its weight gradients are l.T @ δ
    net = bp.Network.from_weights([syn0, syn1], activation="sigmoid", loss="half_sse")
    _, grads, _ = net.gradients(X, y)
    np.testing.assert_allclose(grads[0], l0.T @ delta1, rtol=1e-10)
    np.testing.assert_allclose(grads[1], l1.T @ delta2, rtol=1e-10)


def _copied_loop(l0, l1, l2, y, syn0, syn1):
    l2_delta = (y - l2) * (l2 * (1 - l2))
    l1_delta = l2_delta.dot(syn1.T) * (l1 * (1 - l1))
    syn1 += l1.T.dot(l2_delta)
    syn0 += l0.T.dot(l1_delta)
    return l2_delta, l1_delta, syn0, syn1


def _no_hidden_slope(l0, l1, l2, y, syn0, syn1):
    delta2 = (l2 - y) * l2 * (1 - l2)
    delta1 = delta2 @ syn1.T
    return delta2, delta1, syn0 - l0.T @ delta1, syn1 - l1.T @ delta2


def _not_transposed(l0, l1, l2, y, syn0, syn1):
    delta2 = (l2 - y) * l2 * (1 - l2)
    delta1 = delta2 @ syn1 * l1 * (1 - l1)           # raises on the lesson's 3-4-1 network
    return delta2, delta1, syn0 - l0.T @ delta1, syn1 - l1.T @ delta2


def _updated_first(l0, l1, l2, y, syn0, syn1):
    delta2 = (l2 - y) * l2 * (1 - l2)
    syn1 -= l1.T @ delta2                            # syn1 updated before l1_delta
    delta1 = delta2 @ syn1.T * l1 * (1 - l1)
    syn0 -= l0.T @ delta1
    return delta2, delta1, syn0, syn1


def _sigma_again_at_output(l0, l1, l2, y, syn0, syn1):
    delta2 = (l2 - y) * _sig(l2) * (1 - _sig(l2))    # σ′ of the output o, not of z₂
    delta1 = delta2 @ syn1.T * l1 * (1 - l1)
    return delta2, delta1, syn0 - l0.T @ delta1, syn1 - l1.T @ delta2


def _sigma_again_in_both(l0, l1, l2, y, syn0, syn1):
    delta2 = (l2 - y) * _sig(l2) * (1 - _sig(l2))
    delta1 = delta2 @ syn1.T * _sig(l1) * (1 - _sig(l1))
    return delta2, delta1, syn0 - l0.T @ delta1, syn1 - l1.T @ delta2


def _z_for_a_hidden(l0, l1, l2, y, syn0, syn1):
    z1 = l0 @ syn0
    delta2 = (l2 - y) * l2 * (1 - l2)
    delta1 = delta2 @ syn1.T * z1 * (1 - z1)         # a(1 − a) with z in place of a
    return delta2, delta1, syn0 - l0.T @ delta1, syn1 - l1.T @ delta2


def _no_output_slope(l0, l1, l2, y, syn0, syn1):
    delta2 = l2 - y
    delta1 = delta2 @ syn1.T * l1 * (1 - l1)
    return delta2, delta1, syn0 - l0.T @ delta1, syn1 - l1.T @ delta2


def _no_slope_at_all(l0, l1, l2, y, syn0, syn1):
    delta2 = l2 - y
    delta1 = delta2 @ syn1.T
    return delta2, delta1, syn0 - l0.T @ delta1, syn1 - l1.T @ delta2


def _swapped_in_W2_only(l0, l1, l2, y, syn0, syn1):
    delta2 = (l2 - y) * l2 * (1 - l2)
    delta1 = delta2 @ syn1.T * l1 * (1 - l1)
    return delta2, delta1, syn0 - l0.T @ delta1, syn1 - l2.T @ delta2      # a 1×1 product, broadcast


def _swapped_in_W1_only(l0, l1, l2, y, syn0, syn1):
    delta2 = (l2 - y) * l2 * (1 - l2)
    delta1 = delta2 @ syn1.T * l1 * (1 - l1)
    return delta2, delta1, syn0 - l1.T @ delta1, syn1 - l1.T @ delta2      # raises on the 3-4-1 network


def _mean_loss(l0, l1, l2, y, syn0, syn1):
    delta2 = (l2 - y) * l2 * (1 - l2) / len(y)
    delta1 = delta2 @ syn1.T * l1 * (1 - l1)
    return delta2, delta1, syn0 - l0.T @ delta1, syn1 - l1.T @ delta2


def _mean_step(l0, l1, l2, y, syn0, syn1):
    delta2 = (l2 - y) * l2 * (1 - l2)
    delta1 = delta2 @ syn1.T * l1 * (1 - l1)
    n = l0.shape[0]
    return delta2, delta1, syn0 - l0.T @ delta1 / n, syn1 - l1.T @ delta2 / n


@pytest.mark.parametrize("wrong, name", [
    (_copied_loop, "sign-flipped"),
    (_no_hidden_slope, "sigma-prime-missing"),
    (_not_transposed, "weights-not-transposed"),
    (_updated_first, "updated-weights-in-delta"),
    # the same slips at either layer, or at both
    (_sigma_again_at_output, "sigma-prime-wrong-quantity"),
    (_sigma_again_in_both, "sigma-prime-wrong-quantity"),
    (_z_for_a_hidden, "sigma-prime-wrong-quantity"),
    (_no_output_slope, "sigma-prime-missing"),
    (_no_slope_at_all, "sigma-prime-missing"),
    (_swapped_in_W2_only, "input-output-swapped"),
    (_swapped_in_W1_only, "input-output-swapped"),
    (_mean_loss, "mean-vs-sum"),
    (_mean_step, "mean-vs-sum"),
])
def test_backward_lines_names_the_classic_mistakes(wrong, name, fresh_tries):
    feedback = check("backward_lines_code", wrong)
    assert not feedback and feedback.misconception == name and f"«{name}»" in repr(feedback)


def test_backward_lines_sends_a_missing_slope_to_the_lessons_table(fresh_tries):
    for wrong in (_no_hidden_slope, _no_output_slope):
        assert ("Reread lesson 4, section 2 (What each line does: the table's backprop column"
                in repr(check("backward_lines_code", wrong)))


def test_backward_lines_copied_loop_is_sent_to_the_lessons_sign_note(fresh_tries):
    shown = repr(check("backward_lines_code", _copied_loop))
    assert "Reread lesson 4, section 2 (What each line does: Sign)" in shown
    assert "l2_delta = (t − o)·σ′(z₂) is −δ₂" in shown
    assert "Reread lesson 4, section 2 (What each line does: Order)" in repr(check("backward_lines_code", _updated_first))


def _delta_right_update_climbs(l0, l1, l2, y, syn0, syn1):
    delta2 = (l2 - y) * l2 * (1 - l2)
    delta1 = delta2 @ syn1.T * l1 * (1 - l1)
    return delta2, delta1, syn0 + l0.T @ delta1, syn1 + l1.T @ delta2


@pytest.mark.parametrize("wrong, says", [
    (_delta_right_update_climbs, "syn1_new climbs the loss"),
    (lambda l0, l1, l2, y, syn0, syn1: (l2 - y, (l2 - y) @ syn1.T, syn0, syn1), "delta2 lacks the output's slope"),
    (lambda l0, l1, l2, y, syn0, syn1: None, "returned None"),
    (lambda l0, l1, l2, y, syn0, syn1: (l2 - y, syn0), "should return four arrays"),
    (lambda l0, l1, l2, y, syn0, syn1: (l2, l1, syn1, syn0), "should have the shapes"),
])
def test_backward_lines_other_slips_get_a_useful_message(wrong, says, fresh_tries):
    feedback = check("backward_lines_code", wrong)
    assert not feedback and feedback.misconception is None
    assert says in repr(feedback) and "Hint" in repr(feedback)


def test_backward_lines_says_which_case_raised(fresh_tries):
    def raises_on_one_example(l0, l1, l2, y, syn0, syn1):
        delta2 = (l2 - y) * l2 * (1 - l2)
        if len(l0) == 1:
            raise ZeroDivisionError("one example")
        delta1 = delta2 @ syn1.T * l1 * (1 - l1)
        return delta2, delta1, syn0 - l0.T @ delta1, syn1 - l1.T @ delta2
    shown = repr(check("backward_lines_code", raises_on_one_example))
    assert ("for 1 example through a 2-3-1 network: your function raised ZeroDivisionError: one example." in shown
            and "Hint" in shown)
    shown = repr(check("backward_lines_code", lambda l0, l1, l2, y, syn0, syn1: undefined_name))  # noqa: F821
    assert "for the loop's first iteration on XOR (3-4-1): your function raised NameError" in shown


def test_backward_lines_stub_says_not_yet(fresh_tries):
    def backward_lines(l0, l1, l2, y, syn0, syn1):
        return None   # ← your code
    shown = repr(check("backward_lines_code", backward_lines))
    assert "✘ not yet" in shown and "returned None" in shown
    assert "no answer yet" in repr(check("backward_lines_code", None)) or "no function yet" in repr(
        check("backward_lines_code", None))


def test_backward_lines_probes_run_every_bug_and_tell_them_apart():
    from backproplab.exercises.registry import _run_on, _same
    ex = exercises()["backward_lines_code"]
    probes = ex.probes()
    results = {f"{name} #{i}": [_run_on(ex, fn, args) for args in probes]
               for name, (forms, _) in ex.variants.items() for i, fn in enumerate(forms)}
    results["reference"] = [_run_on(ex, ex.reference_answer(), args) for args in probes]
    names = sorted(results)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            assert not all(_same(x, z) for x, z in zip(results[a], results[b])), (a, b)

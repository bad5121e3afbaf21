"""Lesson 2: two outputs, biases and the four equations (Matt Mazur's 2-2-2 example) — the four
equations against the package and the numerical gradient, and the lesson's exercises."""
import json
from pathlib import Path

import numpy as np
import pytest

from backproplab import Network, activations, backprop, gradcheck
from backproplab.exercises import check, exercises, solution
from backproplab.lessons.lesson02 import exercises as lesson_exercises, mazur

# float64 values of the post's first step (biases fixed), rounded to 9 decimals
DELTA = {"o1": 0.138498562, "o2": -0.038098237, "h1": 0.008771354, "h2": 0.009954255}
LESSON2_VALUE_KEYS = ["delta_h2", "grad_b2_shared", "grad_W2_entries_batch64"]


# --------------------------------------------------------------------------- the four equations
def four_equations(X, T, weights, biases):
    """The lesson's numpy lines: the example's step from equations (1)-(4), row form."""
    W1, W2 = weights
    sigmoid = activations.sigmoid
    a1 = sigmoid(X @ W1 + biases[0])
    a2 = sigmoid(a1 @ W2 + biases[1])
    d2 = (a2 - T) * a2 * (1 - a2)                      # (1)
    d1 = (d2 @ W2.T) * a1 * (1 - a1)                   # (2)
    return (d1, d2), (X.T @ d1, a1.T @ d2), (d1.sum(axis=0), d2.sum(axis=0)), (a1, a2)   # (3), (4)


def test_the_four_equations_reproduce_the_posts_error_terms_and_the_trace():
    X, T = mazur.INPUTS[None, :], mazur.TARGETS[None, :]
    (d1, d2), grads_W, grads_b, _ = four_equations(X, T, mazur.weight_arrays(), mazur.bias_arrays())
    np.testing.assert_allclose(np.concatenate([d1[0], d2[0]]), [DELTA[n] for n in ("h1", "h2", "o1", "o2")],
                               atol=6e-10)
    tr = mazur.trace()
    for k in range(2):
        np.testing.assert_allclose(grads_W[k], tr.layers[k].grad_W, rtol=0, atol=1e-15)
        np.testing.assert_allclose(grads_b[k], tr.layers[k].grad_b, rtol=0, atol=1e-15)
    # the column form: every quantity transposed
    W2_col = mazur.weight_arrays()[1].T
    a1 = activations.sigmoid(X @ mazur.weight_arrays()[0] + mazur.bias_arrays()[0])
    np.testing.assert_allclose((W2_col.T @ d2.T) * (a1 * (1 - a1)).T, d1.T, rtol=0, atol=1e-15)
    np.testing.assert_allclose(d2.T @ a1, grads_W[1].T, rtol=0, atol=1e-15)


def test_the_package_functions_are_the_four_equations_for_a_batch():
    rng = np.random.default_rng(2)
    X, T = rng.uniform(-1, 1, (5, 2)), rng.uniform(0, 1, (5, 2))
    weights, biases = mazur.weight_arrays(), mazur.bias_arrays()
    (d1, d2), grads_W, grads_b, (a1, a2) = four_equations(X, T, weights, biases)
    sigmoid = activations.sigmoid
    np.testing.assert_allclose(backprop.output_delta(a2 - T, a2, sigmoid), d2, rtol=0, atol=1e-15)
    np.testing.assert_allclose(backprop.hidden_delta(d2, weights[1], a1, sigmoid), d1, rtol=0, atol=1e-15)
    np.testing.assert_allclose(backprop.grad_W(a1, d2), grads_W[1], rtol=0, atol=1e-15)
    np.testing.assert_allclose(backprop.grad_b(d1), grads_b[0], rtol=0, atol=1e-15)
    # (3) and (4) sum over the batch: the batch's gradient is the sum of the samples' gradients
    per_sample = [four_equations(X[n:n + 1], T[n:n + 1], weights, biases) for n in range(5)]
    np.testing.assert_allclose(sum(p[1][0] for p in per_sample), grads_W[0], atol=1e-14)
    np.testing.assert_allclose(sum(p[2][1] for p in per_sample), grads_b[1], atol=1e-14)
    assert grads_W[1].shape == weights[1].shape and grads_b[1].shape == (2,)


def test_the_examples_gradients_against_central_differences():
    net = mazur.network()
    error = gradcheck.check_network(net, mazur.INPUTS[None, :], mazur.TARGETS[None, :])
    assert error < 1e-7, error
    rng = np.random.default_rng(3)
    assert gradcheck.check_network(net, rng.uniform(-1, 1, (6, 2)), rng.uniform(0, 1, (6, 2))) < 1e-7


# --------------------------------------------------------------------------- the exercises
def test_lesson2_exercises_are_registered_with_their_points():
    registered = exercises()
    for key in LESSON2_VALUE_KEYS + ["equation_2_code"]:
        assert key in registered and registered[key].question and registered[key].hint
    assert registered["equation_2_code"].is_code and registered["equation_2_code"].points == 2
    assert all(registered[key].points == 1 for key in LESSON2_VALUE_KEYS)


@pytest.mark.parametrize("key, true", [("delta_h2", DELTA["h2"]), ("grad_b2_shared", DELTA["o1"] + DELTA["o2"]),
                                       ("grad_W2_entries_batch64", 128 * 10)])
def test_true_answers_come_from_the_package(key, true):
    assert exercises()[key].answer() == pytest.approx(true, abs=1e-9)
    assert check(key, true) and check(key, np.float64(true))


@pytest.mark.parametrize("key, rounded", [("delta_h2", 0.00995), ("delta_h2", 0.0100), ("delta_h2", 0.009954),
                                          ("grad_b2_shared", 0.1004), ("grad_b2_shared", 0.100),
                                          ("grad_W2_entries_batch64", 1280)])
def test_rounded_answers_are_accepted(key, rounded):
    feedback = check(key, rounded)
    assert feedback.correct, repr(feedback)


@pytest.mark.parametrize("key, wrong", [
    ("delta_h2", DELTA["h1"]),                                        # h1's δ instead
    ("delta_h2", DELTA["o1"] * 0.45 * 0.596884378 * (1 - 0.596884378)),  # the path through o1 alone
    ("delta_h2", 0.06232 - 0.02095),                                  # the two paths without σ′
    ("grad_b2_shared", DELTA["o1"]),                                  # one output's δ only
    ("grad_b2_shared", (DELTA["o1"] + DELTA["o2"]) / 2),              # an average, not a sum
    ("grad_W2_entries_batch64", 64 * 10),                             # the shape of δ₂
    ("grad_W2_entries_batch64", 64 * 128),                            # the shape of a₁
    ("grad_W2_entries_batch64", 784 * 128),                           # W₁, not W₂
    ("grad_W2_entries_batch64", 64 * 128 * 10),                       # one gradient per sample
])
def test_wrong_answers_are_not_yet(key, wrong):
    feedback = check(key, wrong)
    assert not feedback and ("Hint" in repr(feedback) or "Reread" in repr(feedback))   # a named mistake says where


def test_a_wrong_sign_is_named():
    assert "sign-flipped" in repr(check("delta_h2", -0.00995))
    assert "sign-flipped" in repr(check("grad_b2_shared", -0.1004))


def test_the_classic_slips_of_the_value_exercises_are_named():
    tr = mazur.trace()
    missing = tr["δ_o1"] * mazur.WEIGHTS["w6"] + tr["δ_o2"] * mazur.WEIGHTS["w8"]
    assert "sigma-prime-missing" in repr(check("delta_h2", round(float(missing), 4)))
    for one_path in (tr["δ_o1"], tr["δ_o2"]):                        # the shared bias's gradient not summed
        assert "bias-gradient-missing" in repr(check("grad_b2_shared", round(float(one_path), 4)))
    assert check("grad_b2_shared", 0.139).misconception == "bias-gradient-missing"   # δ_o1's 0.1385, rounded again


@pytest.mark.parametrize("typed, name", [(0.0095, "sigma-prime-wrong-quantity"),    # σ(out)(1 − σ(out))
                                         (0.0085, "updated-weights-in-delta"),      # w6, w8 after the step
                                         (0.015, "assign-instead-of-accumulate"),   # the path through o1 alone
                                         (-0.005, "assign-instead-of-accumulate")])  # the path through o2 alone
def test_the_slips_of_delta_h2_are_named_and_its_rounded_answers_stay_right(typed, name):
    assert check("delta_h2", typed).misconception == name
    assert check("delta_h2", 0.0099) and check("delta_h2", 0.0100) and check("delta_h2", 0.01)


@pytest.mark.parametrize("key", LESSON2_VALUE_KEYS + ["equation_2_code", "four_equations_code"])
def test_every_exercise_has_a_nudge_that_gives_nothing_away(key):
    ex = exercises()[key]
    assert ex.nudge and "no answer yet" not in ex.nudge
    assert "@" not in ex.nudge and ".T" not in ex.nudge               # no formula that yields the code
    if not ex.is_code:
        true = ex.answer()
        assert f"{true:.3g}" not in ex.nudge and f"{true:.0f}" not in ex.nudge.split()


@pytest.mark.parametrize("key", LESSON2_VALUE_KEYS)
def test_no_answer_yet_and_solutions(key):
    assert "no answer yet" in repr(check(key, None))
    text = repr(solution(key))
    true = exercises()[key].answer()
    assert text.startswith(f"Solution ({key}):") and (f"{true:.4g}"[:5] in text or f"{true:.0f}" in text)


def test_the_shape_solution_names_the_shape_and_the_transpose():
    text = repr(solution("grad_W2_entries_batch64"))
    assert "(128, 10)" in text and "(64, 10)" in text and "(10, 128)" in text


# --------------------------------------------------------------------------- the code exercise
def test_equation_2_reference_passes_and_matches_the_package():
    ex = exercises()["equation_2_code"]
    fn = ex.reference_answer()
    assert check("equation_2_code", fn)
    tr = mazur.trace()
    a1 = tr.layers[0].a
    got = fn(tr.layers[1].delta, np.asarray(tr.weights_before[1]), a1 * (1 - a1))
    np.testing.assert_allclose(got[0], [DELTA["h1"], DELTA["h2"]], atol=6e-10)


@pytest.mark.parametrize("wrong, says", [
    (lambda d, W, p: d @ W.T, "sigma-prime-missing"),
    (lambda d, W, p: -(d @ W.T) * p, "sign-flipped"),
    (lambda d, W, p: (d @ W) * p, "weights-not-transposed"),          # the 2 × 2 example hides it from numpy
    (lambda d, W, p: (d @ W.T).sum(axis=0) * p, "entry"),            # sums over the batch
    (lambda d, W, p: ((d @ W.T) * p)[0], "shape"),
    (lambda d, W, p: None, "returned None"),
])
def test_equation_2_wrong_functions_fail_with_a_useful_message(wrong, says):
    feedback = check("equation_2_code", wrong)
    assert not feedback
    assert says in repr(feedback) and ("Hint" in repr(feedback) or "Reread" in repr(feedback))


# --------------------------------------------------------------------------- the four equations (code)
def _four_equations(**pieces):
    namespace = {"np": np}
    exec(lesson_exercises._four_equations_code(**pieces), namespace)
    return namespace["four_equations"]


def test_four_equations_reference_passes_and_reproduces_the_posts_step():
    assert check("four_equations_code", exercises()["four_equations_code"].reference_answer())
    fn = exercises()["four_equations_code"].reference_answer()
    W1, W2 = mazur.weight_arrays()
    b1, b2 = mazur.bias_arrays()
    d1, d2, gW1, gb1, gW2, gb2 = fn(mazur.INPUTS[None, :], mazur.TARGETS[None, :], W1, b1, W2, b2)
    np.testing.assert_allclose(np.concatenate([d1[0], d2[0]]), [DELTA[n] for n in ("h1", "h2", "o1", "o2")],
                               atol=1e-12)
    np.testing.assert_allclose(np.concatenate([gb1, gb2]), np.concatenate([d1[0], d2[0]]), atol=0)


def test_four_equations_is_checked_against_the_package_on_batches():
    cases = list(lesson_exercises._four_equations_cases())
    assert {case[1].shape[0] for case in cases} >= {1, 3, 5}                      # batches, not one sample
    assert any(case[3].shape[0] != case[3].shape[1] for case in cases)         # layers that are not square


def _written_independently():
    """A student's four_equations, with loops over the samples, written independently of the registered code."""
    def four_equations(X, T, W1, b1, W2, b2):
        grads = [np.zeros_like(W1), np.zeros_like(b1), np.zeros_like(W2), np.zeros_like(b2)]
        deltas1, deltas2 = [], []
        for x, t in zip(X, T):
            a1 = 1 / (1 + np.exp(-(x @ W1 + b1)))
            a2 = 1 / (1 + np.exp(-(a1 @ W2 + b2)))
            d2 = (a2 - t) * a2 * (1 - a2)
            d1 = np.array([sum(d2[k] * W2[j, k] for k in range(len(d2))) for j in range(len(a1))]) * a1 * (1 - a1)
            grads[0] += np.outer(x, d1)
            grads[1] += d1
            grads[2] += np.outer(a1, d2)
            grads[3] += d2
            deltas1.append(d1)
            deltas2.append(d2)
        return np.array(deltas1), np.array(deltas2), grads[0], grads[1], grads[2], grads[3]
    return four_equations


def test_four_equations_written_another_way_passes():
    assert check("four_equations_code", _written_independently())


@pytest.mark.parametrize("pieces, name", [
    ({"delta1": "(delta2 @ W2) * a1 * (1 - a1)"}, "weights-not-transposed"),
    ({"grads_b": "np.zeros_like(b1), np.zeros_like(b2)"}, "bias-gradient-missing"),
    ({"grads_b": "delta1[0], delta2[0]"}, "bias-gradient-missing"),                  # not summed over the batch
    ({"grads_W": "a1.T @ delta1, a2.T @ delta2"}, "input-output-swapped"),
    ({"grads_W": "X.T @ delta1 / len(X), a1.T @ delta2 / len(X)",
      "grads_b": "delta1.mean(axis=0), delta2.mean(axis=0)"}, "mean-vs-sum"),
    ({"delta2": "a2 - T", "delta1": "delta2 @ W2.T"}, "sigma-prime-missing"),
    ({"delta2": "(T - a2) * a2 * (1 - a2)"}, "sign-flipped"),
    ({"delta2": "(a2 - T) * sigmoid(a2) * (1 - sigmoid(a2))",
      "delta1": "(delta2 @ W2.T) * sigmoid(a1) * (1 - sigmoid(a1))"}, "sigma-prime-wrong-quantity"),
])
def test_four_equations_slips_are_named(pieces, name):
    feedback = check("four_equations_code", _four_equations(**pieces))
    assert not feedback and name in repr(feedback) and "Reread" in repr(feedback), repr(feedback)


@pytest.mark.parametrize("pieces, blamed", [
    ({"delta2": "(a2 - T) * a2"}, "delta2 (the output layer's δ, equation (1))"),
    ({"delta1": "(delta2 @ W2.T) * a1"}, "delta1 (the hidden layer's δ, equation (2))"),
    ({"grads_W": "X.T @ delta1, a1.T @ delta2 * 2"}, "grad_W2 (∂E/∂W2, equation (3))"),
])
def test_four_equations_blames_the_first_equation_that_goes_wrong(pieces, blamed):
    passed, message = exercises()["four_equations_code"].test(_four_equations(**pieces))
    assert not passed and blamed in message and "but the backward pass of equations (1)–(4) gives" in message


def test_four_equations_stub_says_not_yet_with_the_nudge():
    def four_equations(X, T, W1, b1, W2, b2):
        return None
    feedback = check("four_equations_code", four_equations)
    assert not feedback and "not yet" in repr(feedback) and "returned None" in repr(feedback)
    assert exercises()["four_equations_code"].nudge in repr(feedback)


def test_four_equations_must_not_update_the_weights():
    def four_equations(X, T, W1, b1, W2, b2):
        result = _four_equations()(X, T, W1, b1, W2, b2)
        W1 -= 0.5 * result[2]
        return result
    feedback = check("four_equations_code", four_equations)
    assert not feedback and "changed its argument W1" in repr(feedback)


# --------------------------------------------------------------------------- the side box "Sum or mean loss?"
def test_the_sum_or_mean_box_and_its_factors():
    """Lessons 5 and 9 refer to the box by its title; its table's factors hold for the example network."""
    path = Path(__file__).resolve().parents[2] / "notebooks" / "02_two_outputs_and_biases.ipynb"
    boxes = [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
             if c["cell_type"] == "markdown" and "".join(c["source"]).startswith("> **Sum or mean loss?**")]
    assert len(boxes) == 1
    rng = np.random.default_rng(5)
    X, T = rng.uniform(-1, 1, (6, 2)), rng.uniform(0, 1, (6, 2))
    N, K = T.shape
    grads = {loss: Network.from_weights(mazur.weight_arrays(), mazur.bias_arrays(), activation="sigmoid",
                                        loss=loss).gradients(X, T)[1]
             for loss in ("half_sse", "sse", "mse")}
    for k in range(2):
        np.testing.assert_allclose(grads["sse"][k], 2 * grads["half_sse"][k], rtol=1e-14)
        np.testing.assert_allclose(grads["mse"][k], 2 / (N * K) * grads["half_sse"][k], rtol=1e-13)
    # the sum: N copies of one sample give N times its gradient
    x, t = mazur.INPUTS[None, :], mazur.TARGETS[None, :]
    one = mazur.network().gradients(x, t)[1]
    copies = mazur.network().gradients(np.repeat(x, N, axis=0), np.repeat(t, N, axis=0))[1]
    for k in range(2):
        np.testing.assert_allclose(copies[k], N * one[k], rtol=1e-14)

import json
from pathlib import Path

import numpy as np
import pytest

from backproplab import activations
from backproplab.exercises import check, exercises, solution


def test_exercises_are_registered():
    keys = exercises()
    assert "sigmoid_prime_3" in keys and "tanh_prime_0.5" in keys
    assert "sigmoid_prime_0" not in keys      # σ′(0) = ¼ is stated in the lesson: no exercise


def test_answers_are_the_package_values():
    s3 = 1 / (1 + np.exp(-3.0))
    assert exercises()["sigmoid_prime_3"].answer() == pytest.approx(s3 * (1 - s3), abs=1e-15)
    assert exercises()["sigmoid_prime_3"].answer() < 0.25 / 5      # "less than a fifth" of σ′(0)
    assert exercises()["tanh_prime_0.5"].answer() == pytest.approx(1 - np.tanh(0.5) ** 2, abs=1e-15)
    assert exercises()["tanh_prime_0.5"].answer() == pytest.approx(float(activations.tanh.derivative(0.5)))


@pytest.mark.parametrize("key, good, bad", [
    ("sigmoid_prime_3", 0.0452, 0.9526),          # 0.9526 is σ(3) itself
    ("sigmoid_prime_3", 0.04518, 0.0475),         # 0.0475 = 0.95·0.05: σ(3) rounded too early
    ("tanh_prime_0.5", 0.7864, 0.4621),           # 0.4621 is tanh(0.5) itself
])
def test_checker_accepts_rounded_answers_and_rejects_mix_ups(key, good, bad):
    assert check(key, good)
    assert not check(key, bad)
    assert not check(key, None)
    assert "Hint" in repr(check(key, None))


def test_solutions_show_the_computed_numbers():
    text = repr(solution("sigmoid_prime_3"))
    assert "0.95257·0.04743 = 0.04518" in text and "0.25" in text
    # the digits shown agree with each other: 1 − σ(3) and the product are worked from the σ(3) shown
    assert f"{1 - 0.95257:.5f}" == "0.04743" and f"{0.95257 * 0.04743:.5f}" == "0.04518"
    text = repr(solution("tanh_prime_0.5"))
    assert "0.46212² = 1 − 0.21355 = 0.78645" in text
    assert f"{0.46212 ** 2:.5f}" == "0.21355" and f"{1 - 0.21355:.5f}" == "0.78645"


# --------------------------------------------------------------------------- issue 33: nudges, named slips, σ′ from the output
@pytest.mark.parametrize("key", ["sigmoid_prime_3", "tanh_prime_0.5", "sigmoid_prime_code", "sigmoid_layer_backward_code"])
def test_every_exercise_has_a_nudge_that_gives_nothing_away(key):
    ex = exercises()[key]
    assert ex.nudge and "(1 − " not in ex.nudge and "1 - " not in ex.nudge     # not the formula that yields it
    if not ex.is_code:
        assert f"{ex.answer():.4f}" not in ex.nudge


@pytest.mark.parametrize("key, typed, name", [
    ("sigmoid_prime_3", -6, "sigma-prime-wrong-quantity"),            # 3·(1 − 3): z in place of σ(z)
    ("sigmoid_prime_3", 0.2009, "sigma-prime-wrong-quantity"),        # σ(σ(3))(1 − σ(σ(3))): σ once too often
    ("sigmoid_prime_3", 0.9526, "sigma-prime-missing"),               # σ(3) itself
    ("tanh_prime_0.5", 0.75, "sigma-prime-wrong-quantity"),           # 1 − 0.5²
    ("tanh_prime_0.5", 0.8135, "sigma-prime-wrong-quantity"),         # 1 − tanh²(tanh(0.5))
    ("tanh_prime_0.5", 0.4621, "sigma-prime-missing"),                # tanh(0.5) itself
    ("tanh_prime_0.5", 0.2486, "sigma-prime-wrong-quantity"),         # the sigmoid's a(1 − a) with a = tanh(0.5)
])
def test_value_slips_are_named(key, typed, name):
    feedback = check(key, typed)
    assert not feedback and name in repr(feedback), repr(feedback)


def test_the_value_exercises_accept_four_decimals():
    assert check("sigmoid_prime_3", 0.0452) and check("tanh_prime_0.5", 0.7864)


def test_the_closed_form_cell_defines_no_function_that_passes_the_code_exercise():
    """The leak of issue 33: section 3 once defined sigma_prime(z), which passed sigmoid_prime_code."""
    path = Path(__file__).resolve().parents[2] / "notebooks" / "03_sigmoid_derivative.ipynb"
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    assert not any("def sigma_prime" in "".join(c["source"]) for c in cells if c["cell_type"] == "code")


def _layer_backward(body):
    namespace = {"np": np}
    exec(f"def sigmoid_layer_backward(delta_above, W_above, a):\n    return {body}", namespace)
    return namespace["sigmoid_layer_backward"]


def test_sigmoid_layer_backward_reference_passes_and_gives_lesson_1s_hidden_deltas():
    from backproplab.lessons import handworked
    fn = exercises()["sigmoid_layer_backward_code"].reference_answer()
    assert check("sigmoid_layer_backward_code", fn)
    trace = handworked.trace()
    np.testing.assert_allclose(fn(trace.layers[1].delta, handworked.weight_arrays()[1], trace.layers[0].a),
                               trace.layers[0].delta, rtol=0, atol=1e-15)


@pytest.mark.parametrize("body, name", [
    ("(delta_above @ W_above) * a * (1 - a)", "weights-not-transposed"),
    ("(delta_above @ W_above.T) * (1 / (1 + np.exp(-a))) * (1 - 1 / (1 + np.exp(-a)))", "sigma-prime-wrong-quantity"),
    ("(delta_above @ W_above.T) * a", "sigma-prime-wrong-quantity"),              # half the slope
    ("(delta_above @ W_above.T) * (1 - a)", "sigma-prime-wrong-quantity"),
    ("delta_above @ W_above.T", "sigma-prime-missing"),
    ("-(delta_above @ W_above.T) * a * (1 - a)", "sign-flipped"),
    ("(W_above @ delta_above.T).T * a * (1 - a)", None),                             # right, written otherwise
])
def test_sigmoid_layer_backward_slips_are_named(body, name):
    feedback = check("sigmoid_layer_backward_code", _layer_backward(body))
    if name is None:
        assert feedback, repr(feedback)
    else:
        assert not feedback and name in repr(feedback) and "Reread" in repr(feedback), repr(feedback)


def test_sigmoid_layer_backward_other_mistakes_say_where():
    feedback = check("sigmoid_layer_backward_code", _layer_backward("(delta_above @ W_above.T) * a * (1 - a) * 0.5"))
    assert not feedback and "entry" in repr(feedback)
    feedback = check("sigmoid_layer_backward_code", _layer_backward("((delta_above @ W_above.T) * a * (1 - a)).sum(axis=0)"))
    assert not feedback and "shape" in repr(feedback)


def test_sigmoid_layer_backward_stub_says_not_yet_with_the_nudge():
    feedback = check("sigmoid_layer_backward_code", _layer_backward("None"))
    assert not feedback and "returned None" in repr(feedback)
    assert exercises()["sigmoid_layer_backward_code"].nudge in repr(feedback)


def test_the_hints_leave_the_formula_to_the_solution():
    for key in ("sigmoid_prime_code", "sigmoid_layer_backward_code"):
        hint = exercises()[key].hint
        assert "(1 − " not in hint and "1 - " not in hint and ".T" not in hint and "ᵀ" not in hint, key

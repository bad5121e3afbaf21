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

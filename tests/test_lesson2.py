import numpy as np
import pytest

from backproplab import activations
from backproplab.exercises import check, exercises, solution


def test_exercises_are_registered():
    keys = exercises()
    assert "sigmoid_prime_0" in keys and "tanh_prime_0.5" in keys


def test_answers_are_the_package_values():
    assert exercises()["sigmoid_prime_0"].answer() == 0.25
    assert exercises()["tanh_prime_0.5"].answer() == pytest.approx(1 - np.tanh(0.5) ** 2, abs=1e-15)
    assert exercises()["tanh_prime_0.5"].answer() == pytest.approx(float(activations.tanh.derivative(0.5)))


@pytest.mark.parametrize("key, good, bad", [
    ("sigmoid_prime_0", 0.25, 0.5),               # 0.5 is σ(0), the classic mix-up
    ("tanh_prime_0.5", 0.7864, 0.4621),           # 0.4621 is tanh(0.5) itself
])
def test_checker_accepts_rounded_answers_and_rejects_mix_ups(key, good, bad):
    assert check(key, good)
    assert not check(key, bad)
    assert not check(key, None)
    assert "Hint" in repr(check(key, None))


def test_solutions_show_the_computed_numbers():
    assert "0.25" in repr(solution("sigmoid_prime_0"))
    text = repr(solution("tanh_prime_0.5"))
    assert "0.4621" in text and "0.7864" in text

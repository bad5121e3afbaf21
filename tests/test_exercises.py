"""The exercise checker: self-check feedback for a student alone, a failing test under nbgrader,
code-writing exercises that run the student's function."""
import numpy as np
import pytest

from backproplab.exercises import check, exercises, register


def test_every_exercise_has_points_and_a_reference_answer():
    for key, ex in exercises().items():
        assert isinstance(ex.points, int) and ex.points >= 1, key
        answer = ex.reference_answer()                        # the instructor's answer cell runs
        assert check(key, answer), f"{key}: the reference answer must pass its own check"
    code_exercises = [ex for ex in exercises().values() if ex.is_code]
    assert code_exercises and all(ex.points == 2 for ex in code_exercises)   # code-writing is worth more


def test_a_wrong_answer_only_says_not_yet_outside_nbgrader(monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    feedback = check("o_E", 1.0)
    assert not feedback and "not yet" in repr(feedback) and "Hint" in repr(feedback)


@pytest.mark.parametrize("mode", ["autograde", "validate"])
def test_under_nbgrader_a_wrong_or_missing_answer_fails_with_the_hint(monkeypatch, mode):
    monkeypatch.setenv("NBGRADER_EXECUTION", mode)
    hint = exercises()["o_E"].hint
    with pytest.raises(AssertionError, match="not yet") as info:
        check("o_E", 1.0)
    assert hint in str(info.value)
    with pytest.raises(AssertionError, match="no answer yet"):
        check("o_E", None)
    true = exercises()["o_E"].answer()
    assert check("o_E", round(true, 4))                     # right work passes, and says so
    assert "✔ correct" in repr(check("o_E", round(true, 4)))


def test_the_code_exercise_runs_the_students_function():
    def right(z):
        s = 1 / (1 + np.exp(-z))
        return s * (1 - s)

    assert check("sigmoid_prime_code", right)
    assert "returned None" in repr(check("sigmoid_prime_code", lambda z: None))
    wrong = check("sigmoid_prime_code", lambda z: z * (1 - z))          # σ′ written with z for σ(z)
    assert not wrong and "at z = −8" in repr(wrong)
    scalar_only = check("sigmoid_prime_code", lambda z: float(z))         # fails on an array
    assert not scalar_only and "raised TypeError" in repr(scalar_only)
    assert "shaped like z" in repr(check("sigmoid_prime_code", lambda z: 0.25))
    assert "pass your function itself" in repr(check("sigmoid_prime_code", 0.25))


def test_register_refuses_inconsistent_exercises():
    with pytest.raises(ValueError, match="points"):
        register("tmp_points", "q", 1.0, "h", "s", points=0)
    with pytest.raises(TypeError, match="code exercise"):
        register("tmp_code", "q", 1.0, "h", "s", test=lambda f: (True, ""), reference="x = 1")
    assert "tmp_points" not in exercises() and "tmp_code" not in exercises()

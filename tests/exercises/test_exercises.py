"""The exercise checker: self-check feedback for a student alone, a failing test under nbgrader,
code-writing exercises that run the student's function."""
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from backproplab.exercises import NotYet, check, exercises, register, returned


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
    assert not wrong and "sigma-prime-wrong-quantity" in repr(wrong)      # named (issue 33)
    unnamed = check("sigmoid_prime_code", lambda z: 0.9 * z * (1 - z))    # no catalogued slip: the worst point
    assert not unnamed and "at z = −8" in repr(unnamed)
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


@pytest.mark.parametrize("key, name, ends_with", [
    ("delta_hidden_code", "delta_hidden", "…"), ("sigmoid_prime_code", "sigmoid_prime(z)", "…"),
    ("forward_pass_code", "forward_pass", "a"), ("classic_dropout_fix_code", "hidden_delta", "layer_1_delta"),
    ("divide_backward_code", "divide_backward", "dx, dy"), ("equation_2_code", "equation_2", "…"),
])
def test_every_code_exercise_says_when_the_function_returns_nothing_or_the_wrong_shape(key, name, ends_with):
    feedback = check(key, lambda *args: None)
    assert not feedback and f"{name} returned None: end it with return {ends_with}. Hint: " in repr(feedback)
    feedback = check(key, lambda *args: (np.zeros(7), np.zeros(7)) if key == "divide_backward_code" else np.zeros(7))
    assert not feedback and ("got shape (7,)" in repr(feedback) or "got (7,)" in repr(feedback))


def test_returned_converts_or_says_what_is_wrong():
    shape_message = lambda shape: f"shape {shape}."
    assert returned([1, 2], (2,), name="f", ends_with="y", wrong_shape=shape_message).dtype == np.float64
    with pytest.raises(NotYet, match=r"^f returned None: end it with return y\.$"):
        returned(None, (2,), name="f", ends_with="y", wrong_shape=shape_message)
    with pytest.raises(NotYet, match=r"^shape \(3,\)\.$"):
        returned([1, 2, 3], (2,), name="f", ends_with="y", wrong_shape=shape_message)
    pair = dict(name="g", ends_with="a, b", wrong_shape=lambda shapes: f"shapes {shapes}.",
                wrong_count=lambda got: f"two, got {got!r}.")
    a, b = returned((1, [2, 3]), [(), (2,)], **pair)
    assert a.shape == () and b.shape == (2,)
    with pytest.raises(NotYet, match=r"^two, got 1\.$"):
        returned(1, [(), (2,)], **pair)
    with pytest.raises(NotYet, match=r"^shapes \[\(2,\), \(\)\]\.$"):
        returned(([1, 2], 3), [(), (2,)], **pair)


def test_importing_the_exercises_computes_nothing():
    """Answers, and texts that quote computed numbers, are computed on first use, not on import."""
    code = textwrap.dedent("""
        from backproplab.exercises import check, exercises, lesson1, lesson5
        texts = lambda: [name for e in exercises().values() for name in ("question", "nudge", "hint", "solution")
                         if name in vars(e)]
        assert lesson1._trace.cache_info().currsize == lesson5._step.cache_info().currsize == 0 and not texts()
        check("dropout_o_hat_D", None)                      # its nudge quotes p: lesson 5's step only
        assert lesson5._step.cache_info().currsize == 1 and lesson1._trace.cache_info().currsize == 0
        print(texts())
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['nudge']"


def test_diagnose_names_the_first_matching_mistake_or_the_worst_entry():
    import numpy as np
    from backproplab.exercises.registry import diagnose

    true = np.array([[0.5, -0.25], [1.0, 2.0]])
    mistakes = [(None, "cannot be told apart here"), (-true, "wrong sign."), (2 * true, "twice.")]
    assert diagnose(true + 1e-15, true, "a case", mistakes) is None
    assert diagnose(-true, true, "a case", mistakes) == "for a case wrong sign."
    assert diagnose(2 * true, true, "a case", mistakes) == "for a case twice."
    off = true.copy()
    off[1, 0] = 3.0
    assert diagnose(off, true, "a case", mistakes, source="eq. 2") == "for a case entry (1, 0) is 3, but eq. 2 gives 1."

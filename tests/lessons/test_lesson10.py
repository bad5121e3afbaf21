"""Lesson 10 (the playground): its exercises, the claims its challenges make, and the notebook's structure."""
import math
from pathlib import Path

import numpy as np
import pytest

from backproplab.activations import LEAKY_SLOPE
from backproplab.datasets import playground
from backproplab.exercises import check, exercises, solution
from backproplab.features import feature_map

KEYS = ["ellipse_axis_crossing", "leaky_relu_delta", "circle_output_code"]
NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "10_playground.ipynb"


# --------------------------------------------------------------------------- exercises
def test_exercises_are_registered():
    assert set(KEYS) <= set(exercises())
    assert exercises()["circle_output_code"].points == 2
    assert exercises()["ellipse_axis_crossing"].points == exercises()["leaky_relu_delta"].points == 1


def test_answers_follow_from_the_formulas():
    # z = −0.45x₂² + 5 = 0 on the x₂ axis: x₂ = √(5/0.45) = 10/3
    assert exercises()["ellipse_axis_crossing"].answer() == pytest.approx(10 / 3, rel=1e-14)
    # δ = φ′(z)·Σ w δ = 0.01 · (0.7·0.42 − 0.5·0.3)
    assert LEAKY_SLOPE == 0.01
    assert exercises()["leaky_relu_delta"].answer() == pytest.approx(0.01 * (0.7 * 0.42 - 0.5 * 0.3), rel=1e-12)


def test_the_crossing_is_where_the_unit_says_one_half():
    r = exercises()["ellipse_axis_crossing"].answer()
    z = lambda X: feature_map(X, ("x1^2", "x2^2")) @ np.array([-0.8, -0.45]) + 5.0   # noqa: E731
    assert z(np.array([[0.0, r], [0.0, -r]])) == pytest.approx([0.0, 0.0], abs=1e-12)
    assert (z(np.array([[0.0, 0.99 * r], [0.0, -0.99 * r]])) > 0).all() and (z(np.array([[0.0, 1.01 * r]])) < 0).all()


@pytest.mark.parametrize("key, good, bad", [
    ("ellipse_axis_crossing", 10 / 3, 100 / 9),    # x₂² instead of x₂
    ("ellipse_axis_crossing", 10 / 3, 2.5),        # the x₁ axis: √(5/0.8)
    ("ellipse_axis_crossing", 10 / 3, 0.3),        # b/w upside down: √(0.45/5)
    ("ellipse_axis_crossing", 3.333, math.sqrt(5)),  # the weight forgotten
    ("leaky_relu_delta", 0.00144, 0.0),       # a ReLU's δ: the slope 0
    ("leaky_relu_delta", 0.00144, 0.144),     # the slope forgotten: φ′ = 1
    ("leaky_relu_delta", 0.00144, 0.00294),   # only the first path, 0.01·0.7·0.42
    ("leaky_relu_delta", 0.00144, 0.00444),   # |−0.3| instead of −0.3
])
def test_checker_accepts_the_answer_and_rejects_mix_ups(key, good, bad):
    assert check(key, good)
    assert not check(key, bad)
    assert not check(key, None) and "Hint" in repr(check(key, None))


def test_solutions_show_the_computed_numbers():
    text = repr(solution("ellipse_axis_crossing"))
    assert "x₂² = −b/w₂ = −5/(−0.45) = 11.11" in text and "x₂ = ±√11.11 = ±3.333" in text and "±2.5" in text
    text = repr(solution("leaky_relu_delta"))
    assert "0.7·0.42 + 0.5·(−0.3) = 0.144" in text and "δ = 0.01 · 0.144 = 0.00144" in text


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def test_circle_reference_passes_and_wrong_classifiers_fail_with_a_reason():
    fn = exercises()["circle_output_code"].reference_answer()
    feedback = check("circle_output_code", fn)
    assert feedback and "−1·x₁² − 1·x₂² + 9 = 0" in repr(feedback)
    assert check("circle_output_code", lambda X: _sigmoid(-0.5 * X[:, :1] ** 2 - 0.5 * X[:, 1:] ** 2 + 3.0))  # r² = 6
    cases = [
        (lambda X: _sigmoid(X[:, :1] ** 2 + X[:, 1:] ** 2 - 9.0), "points are on the wrong side"),     # inside out
        (lambda X: _sigmoid(-X[:, :1] ** 2 - X[:, 1:] ** 2 + 20.0), "points are on the wrong side"),  # r ≈ 4.5: too wide
        (lambda X: _sigmoid(X[:, :1] + X[:, 1:]), "not σ(w₁x₁² + w₂x₂² + b)"),                      # the raw inputs
        (lambda X: _sigmoid(np.tanh(X[:, :1] ** 2 - 4) - np.tanh(X[:, 1:] ** 2 - 4)), "not σ("),     # a hidden layer
        (lambda X: (X[:, :1] ** 2 + X[:, 1:] ** 2 < 9).astype(float), "strictly between 0 and 1"),   # a step, no σ
        (lambda X: _sigmoid(-20 * (X[:, :1] ** 2 + X[:, 1:] ** 2) + 180), "saturated"),        # o is 0 or 1
        (lambda X: None, "returned None"),
        (lambda X: _sigmoid(-X[:, 0] ** 2 - X[:, 1] ** 2 + 9), "got shape (400,)"),
    ]
    for wrong, says in cases:
        feedback = check("circle_output_code", wrong)
        assert not feedback and says in repr(feedback) and "Hint" in repr(feedback), repr(feedback)


def test_the_code_check_uses_the_playgrounds_circle():
    X, t = playground("circle", n=400, seed=10)
    r = np.hypot(X[:, 0], X[:, 1])
    assert ((r < 2) == (t[:, 0] == 1)).all() and (r[t[:, 0] == 0] >= 3.5).all()   # a gap between 2 and 3.5


# --------------------------------------------------------------------------- the notebook
@pytest.fixture(scope="module")
def cells(notebook_cells):
    return notebook_cells(NOTEBOOK)


def _outputs_text(cells):
    return "\n".join("".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", ""))
                     for c in cells if c["cell_type"] == "code" for o in c.get("outputs", []))


def test_the_notebook_asks_every_exercise_once_in_order(cells):
    sources = ["".join(c["source"]) for c in cells]
    asked = [k for k in KEYS for s in sources if f'check("{k}"' in s]
    assert asked == KEYS


def test_every_challenge_is_put_in_place_by_a_call_and_gets_a_verdict(cells):
    sources = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    for name in ("spiral-no-hidden", "circle-squares", "dead-relu", "overfit", "overfit-cure"):
        assert f'challenge("{name}")' in sources, name
    printed = _outputs_text(cells)
    for verdict in ("spiral without a hidden layer: not solved", "circle with x₁², x₂²: solved",
                    "dead-relu, η = 0.3: 12 of 12 hidden ReLUs pass back δ = 0",
                    "after 150 epochs train loss below 0.01 and test loss above 1",
                    "its lowest test loss: below 0.5 — within the first 20 epochs",
                    "cure L2 (λ = 0.3): final test loss below ln 2, within 0.2 of its lowest (little climb)",
                    "cure dropout 0.5: final test loss below ln 2, within 0.2 of its lowest (little climb)",
                    "cure more data (90 % for training): final test loss below ln 2, within 0.2 of its lowest (little climb) "
                    "and below 0.1"):
        assert verdict in printed, verdict

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


def test_leaky_delta_asks_for_five_decimals_and_names_the_missing_slope():
    assert "5 decimals" in exercises()["leaky_relu_delta"].question
    assert "asks for 5" in repr(check("leaky_relu_delta", 0.0014))
    assert check("leaky_relu_delta", 0.144).misconception == "sigma-prime-missing"


def _circle(w, b):
    return lambda X: 1 / (1 + np.exp(-(w * X[:, :1] ** 2 + w * X[:, 1:] ** 2 + b)))


@pytest.mark.parametrize("w, b, name", [
    (1.0, -9.0, "sign-flipped"), (0.5, -3.0, "sign-flipped"),          # o > ½ on the ring, inside-out
    (-1.0, 3.0, "radius-not-squared"), (-1.0, 2.5, "radius-not-squared"),   # b = −w·r for r = 3, 2.5
    (-1.0, 0.0, "bias-missing"), (-0.3, 0.0, "bias-missing"),
    (-1.0, -2.0, "bias-missing"), (-1.0, 0.05, "bias-missing"),         # a negative, a tiny bias
    (-0.5, 0.5 * 1.5 ** 2, "radius-not-squared"),                       # squared, but r = 1.5 < 2
])
def test_circle_slips_are_named_whatever_the_weights(w, b, name):
    feedback = check("circle_output_code", _circle(w, b))
    assert not feedback and feedback.misconception == name, repr(feedback)


def test_circle_slips_are_worded_for_every_form_they_take():
    said = {name: repr(check("circle_output_code", _circle(w, b))) for w, b, name in
            [(-1.0, -2.0, "bias-missing"), (-0.5, 0.5 * 1.5 ** 2, "radius-not-squared")]}
    assert "missing, too small or negative" in said["bias-missing"]
    assert "between r = 1.3 and r = 1.9" in said["radius-not-squared"] and "b = −w·r²" in said["radius-not-squared"]
    flipped_in_sigma = check("circle_output_code", lambda X: 1 / (1 + np.exp(-X[:, :1] ** 2 - X[:, 1:] ** 2 + 9)))
    assert flipped_in_sigma.misconception == "sign-flipped" and "in z or inside σ" in repr(flipped_in_sigma)


def test_circle_asks_for_moderate_weights_and_takes_them_up_to_four():
    assert "|w| about 1" in exercises()["circle_output_code"].question
    for w in (-3.0, -4.0):
        for r in (2.0, 2.5, 3.0, 3.4):
            assert check("circle_output_code", _circle(w, -w * r * r)), (w, r)


def test_circle_boundary_is_echoed_with_its_digits():
    assert "−1·x₁² − 1·x₂² + 12.25 = 0" in repr(check("circle_output_code", _circle(-1.0, 12.25)))


def test_ellipse_crossing_asks_for_three_decimals_and_names_the_forgotten_root():
    assert "3 decimals" in exercises()["ellipse_axis_crossing"].question
    assert check("ellipse_axis_crossing", 3.333) and check("ellipse_axis_crossing", 3.3333)
    assert "right to 1 decimal;" in repr(check("ellipse_axis_crossing", 3.3))
    for squared in (11.111, 100 / 9):
        assert check("ellipse_axis_crossing", squared).misconception == "radius-not-squared"
    assert not check("ellipse_axis_crossing", 2.5).misconception        # the x₁ axis: rejected, not named


def test_circle_stub_says_not_yet_and_other_right_weights_pass():
    stub = check("circle_output_code", lambda X: None)
    assert not stub and "not yet" in repr(stub) and not stub.answered
    assert check("circle_output_code", _circle(-0.5, 0.5 * 2.5 ** 2))


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
        (lambda X: _sigmoid(-X[:, :1] ** 2 - X[:, 1:] ** 2 + 20.0), "points are on the wrong side"),  # r ≈ 4.5: too wide
        (lambda X: _sigmoid(X[:, :1] + X[:, 1:]), "not σ(w₁x₁² + w₂x₂² + b)"),                      # the raw inputs
        (lambda X: _sigmoid(np.tanh(X[:, :1] ** 2 - 4) - np.tanh(X[:, 1:] ** 2 - 4)), "not σ("),     # a hidden layer
        (lambda X: (X[:, :1] ** 2 + X[:, 1:] ** 2 < 9).astype(float), "strictly between 0 and 1"),   # a step, no σ
        (lambda X: _sigmoid(-20 * (X[:, :1] ** 2 + X[:, 1:] ** 2) + 180), "within 1e-9 of 0 or 1"),  # o is 0 or 1
        (lambda X: _sigmoid(-5 * (X[:, :1] ** 2 + X[:, 1:] ** 2) + 45), "|w| of about 3 or less"),
        (lambda X: None, "returned None"),
        (lambda X: _sigmoid(-X[:, 0] ** 2 - X[:, 1] ** 2 + 9), "got shape (400,)"),
    ]
    for wrong, says in cases:       # (inside out is named: test_circle_slips_are_named_whatever_the_weights)
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
                    "dead-relu before any step: 2 of 12 hidden ReLUs pass back δ = 0",
                    "cure L2 (λ = 0.3): final test loss below ln 2\n",
                    "cure dropout 0.5: final test loss below ln 2\n",
                    "cure more data (90 % for training): final test loss below ln 2\n",
                    "lowest final test loss of the three: more data"):
        assert verdict in printed, verdict


def _run_code_cells(cells, upto):
    """Run the lesson's code cells in order, up to (not including) the first whose source contains
    ``upto``, as a kernel would; returns the namespace and, per cell, the value it shows (its last line
    when that is an expression, else ``None``)."""
    import ast
    namespace, shown = {}, []
    for c in cells:
        if c["cell_type"] != "code":
            continue
        source = "".join(c["source"])
        if upto in source:
            break
        tree = ast.parse(source)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, "<cell>", "exec"), namespace)
        shown.append((source, None if last is None else
                       eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace)))
    return namespace, shown


def test_after_run_all_every_playground_shows_what_its_text_says(cells):
    """Issue 35: the challenge cells reused the first playground, so after Run All the picture under
    "circle, features x1 and x2, hidden layers 4 and 2, tanh" showed the last challenge. Each challenge
    now has a playground of its own: once every cell above the exercises has run, the first one still
    holds the defaults (the circle, x₁ x₂, 4-2, tanh) at the epoch its cells trained, and each
    challenge's picture holds that challenge's settings."""
    from backproplab.widgets import Playground
    namespace, shown = _run_code_cells(cells, 'check("')
    playgrounds = [(source, value) for source, value in shown if isinstance(value, Playground)]
    assert len(playgrounds) == 4
    first_source, first = playgrounds[0]
    assert "# circle, features x1 and x2, hidden layers 4 and 2, tanh" in first_source and first is namespace["pg"]
    assert first.settings == DEFAULTS and first.epoch == 1 and first.selected == (1, 0)
    assert first.controls["dataset"].value == "circle" and first.controls["layers"].value == 2
    assert [first.controls[f"feature {n}"].value for n in ("x1", "x2", "x1^2", "x1*x2")] == [True, True, False, False]
    assert "epoch 1" in first.epoch_label.value and "Playground(circle, features x₁ x₂, hidden 4-2, tanh" in repr(first)
    for (source, pg), name, epochs in zip(playgrounds[1:], ("spiral-no-hidden", "circle-squares", "overfit"),
                                          (100, 100, 150)):
        assert f'Playground.from_challenge("{name}")' in source
        assert pg.settings == Playground.CHALLENGES[name] and pg.epoch == epochs, name
    assert len({id(pg) for _, pg in playgrounds}) == 4, "a playground is shown twice"
    dead = namespace["dead"]
    assert dead.settings == {**Playground.CHALLENGES["dead-relu"], "learning_rate": 0.03} and dead.epoch == 50
    for value in {id(v): v for v in namespace.values() if isinstance(v, Playground)}.values():
        value.close()


def test_from_challenge_is_challenge_then_set_on_a_playground_of_its_own():
    from backproplab.widgets import Playground
    old = Playground()
    old.challenge("overfit")
    old.set(dropout=0.5)
    new = Playground.from_challenge("overfit", dropout=0.5)
    assert new is not old and new.settings == old.settings == {**Playground.CHALLENGES["overfit"], "dropout": 0.5}
    old.step(3)
    new.step(3)
    assert new.history == old.history
    for a, b in zip(new.network.weights, old.network.weights):
        np.testing.assert_array_equal(a, b)
    assert new.controls["dataset"] is not old.controls["dataset"] and new.widget is not old.widget
    with pytest.raises(ValueError, match="unknown name .overfitting."):
        Playground.from_challenge("overfitting")
    with pytest.raises(ValueError, match="dropout"):
        Playground.from_challenge("overfit", dropout=2.0)
    with pytest.raises(ValueError, match="unknown setting"):
        Playground.from_challenge("overfit", epochs=3)
    old.close()
    new.close()


# --------------------------------------------------------------------------- early stopping, loss vs accuracy
from backproplab import Network  # noqa: E402
from backproplab.lessons.lesson10.explorer import DEFAULTS, LEARNING_RATES  # noqa: E402
from backproplab.lessons.lesson10.explorer.training import N_POINTS  # noqa: E402
from backproplab.lessons.lesson10.overfitting import EarlyStop, WrongSide, early_stopping, wrong_side  # noqa: E402


def test_early_stopping_reads_the_lowest_loss_the_end_and_where_the_accuracy_stops_moving():
    history = [(0, 0.7, 0.7), (1, 0.5, 0.4), (2, 0.3, 0.35), (3, 0.2, 0.5), (4, 0.1, 0.8), (5, 0.05, 0.9)]
    accuracy = [(0, 0.5, 0.5), (1, 0.7, 0.8), (2, 0.8, 0.85), (3, 0.9, 0.7), (4, 1.0, 0.75), (5, 1.0, 0.75)]
    stop = early_stopping(history, accuracy)
    assert stop == EarlyStop(best_epoch=2, best_test_loss=0.35, best_test_accuracy=0.85, final_epoch=5,
                             final_test_loss=0.9, final_test_accuracy=0.75, steady_from=4, steady_test_loss=0.8)
    assert str(stop).splitlines() == [
        "lowest test loss 0.35 at epoch 2, test accuracy 0.85 there",
        "after 5 epochs: test loss 0.90, test accuracy 0.75",
        "test accuracy 0.75 at every epoch from 4 on, while the test loss climbs from 0.80 to 0.90"]
    flat = early_stopping([(0, 1.0, 0.5), (1, 1.0, 0.5)], [(0, 0.5, 0.5), (1, 0.5, 0.5)])
    assert flat.best_epoch == 0 and flat.steady_from == 0              # ties: the first epoch


@pytest.mark.parametrize("history, accuracy, error, says", [
    ([], [(0, 0.5, 0.5)], TypeError, "history must be a non-empty list"),
    ([(0, 1.0)], [(0, 0.5, 0.5)], ValueError, r"history\[0\] must be an \(epoch, train, test\) tuple"),
    ([(0.5, 1.0, 1.0)], [(0, 0.5, 0.5)], TypeError, "the epoch must be an int"),
    ([(0, 1.0, 1.0)], [(1, 0.5, 0.5)], ValueError, "must list the same epochs"),
    ([(0, 1.0, float("nan"))], [(0, 0.5, 0.5)], ValueError, "must be finite"),
])
def test_early_stopping_names_what_is_wrong_with_its_records(history, accuracy, error, says):
    with pytest.raises(error, match=says):
        early_stopping(history, accuracy)


def test_wrong_side_counts_the_misclassified_points_and_their_share_of_the_loss():
    net = Network([1, 1], activation="sigmoid", loss="bce", seed=0)
    net.weights[0][:] = 1.0
    net.biases[0][:] = 0.0
    X = np.array([[2.0], [1.0], [-1.0], [-3.0]])            # o = σ(x): right, right, right, wrong
    y = np.array([[1.0], [1.0], [0.0], [1.0]])
    got = wrong_side(net, X, y)
    sp = lambda v: math.log1p(math.exp(v))                   # noqa: E731 — −ln σ(x) = ln(1 + e^(−x))
    share = sp(3) / (sp(-2) + sp(-1) + sp(-1) + sp(3))
    assert (got.wrong, got.total) == (1, 4) and got.loss_share == pytest.approx(share, rel=1e-12)
    assert str(got) == f"1 of 4 points on the wrong side of ½ carry {round(100 * share)} % of the loss"
    assert wrong_side(net, X[:3], y[:3]) == WrongSide(0, 3, 0.0)
    with pytest.raises(TypeError, match="network must be a backproplab Network"):
        wrong_side("net", X, y)
    with pytest.raises(ValueError, match="labels 0 and 1"):
        wrong_side(net, X, y * 0.5)
    with pytest.raises(ValueError, match="one output"):
        wrong_side(Network([1, 2], activation="sigmoid", loss="bce", seed=0), X, np.c_[y, y])


def _markdown(cells):
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def test_the_overfit_runs_figures_in_the_text_are_the_runs(cells):
    from backproplab.widgets import Playground
    pg = Playground(**Playground.CHALLENGES["overfit"])
    pg.step(epochs=150)
    stop, wrong = early_stopping(pg.history, pg.accuracy_history), wrong_side(pg.network, pg.F_test, pg.y_test)
    pg.close()
    printed = _outputs_text(cells)
    for line in stop.lines():
        assert line in printed, line
    assert f"at epoch 150, test set: {wrong}" in printed
    f = lambda v: f"{v:.2f}"                                # noqa: E731
    text = _markdown(cells)
    assert (f"Stopped at epoch {stop.best_epoch}, where its test loss is lowest ({f(stop.best_test_loss)}), the "
            f"network puts {f(stop.best_test_accuracy)} of the\n  test points on the right side; after "
            f"{stop.final_epoch} epochs only {f(stop.final_test_accuracy)} (`Playground.from_challenge(\"overfit\")` and\n"
            f"  `step(epochs={stop.best_epoch})` show the stopped network).") in text
    again = Playground(**Playground.CHALLENGES["overfit"])       # the stopped network, trained again to that epoch
    again.step(epochs=stop.best_epoch)
    assert (again.test_loss, again.accuracy_history[-1][2]) == (stop.best_test_loss, stop.best_test_accuracy)
    again.close()
    assert (f"From epoch {stop.steady_from} on the test accuracy stays at {f(stop.final_test_accuracy)}, while the "
            f"test loss still\n  climbs from {f(stop.steady_test_loss)} to {f(stop.final_test_loss)}.") in text
    assert (f"At epoch {stop.final_epoch} the {wrong.wrong} test points on the wrong side carry "
            f"{round(100 * wrong.loss_share)} % of the test loss") in text
    # the speaker notes repeat them
    assert (f"lowest test loss at epoch {stop.best_epoch} with {f(stop.best_test_accuracy)} of the test points right,"
            f"\nthe end with {f(stop.final_test_accuracy)} right") in text
    assert f"from epoch {stop.steady_from} on the accuracy stands still" in text
    assert f"the {wrong.wrong} wrong test points carry {round(100 * wrong.loss_share)} % of the loss" in text


def test_the_tf_playground_box_states_this_playgrounds_settings(cells):
    box = next("".join(c["source"]) for c in cells if "Where this differs from TensorFlow Playground" in "".join(c["source"]))
    d = DEFAULTS
    assert (d["dataset"], d["features"], d["hidden"], d["activation"]) == ("circle", ("x1", "x2"), (4, 2), "tanh")
    assert f"$\\eta = {d['learning_rate']:g}$, batch {d['batch_size']}, half the points" in box and d["train_fraction"] == 0.5
    assert f"With {d['batch_size']} points per\n>   batch the same $\\eta$ takes a step {d['batch_size']} times as long" in box
    assert f"TF draws 500\n>   points for a classification set, here {N_POINTS}." in box
    assert LEARNING_RATES == (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)   # TF's menu
    X, t = playground("circle", n=2000, seed=1)
    r = np.hypot(X[:, 0], X[:, 1])
    assert r[t[:, 0] == 1].max() < 2 <= 3.5 <= r[t[:, 0] == 0].min() and r.max() <= 5      # our disc and ring
    assert "here the disc has radius 2" in box and "from $r = 2$ to $3.5$" in box and "$3.5 \\le r \\le 5$" in box
    net = Network([2, 4, 2, 1], activation=["tanh", "tanh", "sigmoid"], loss="bce", init="glorot", seed=0)
    assert all((b == 0).all() for b in net.biases)                                       # "the biases start at 0"


def test_the_cure_verdicts_survive_a_tiny_change_of_the_starting_weights():
    """The cure runs are sensitive (another machine's round-off moves their final test loss; the expert
    read of issue 34 saw "within 0.2 of its lowest" and "below 0.1" fail after relative changes of
    1e-13 … 1e-10 in the starting weights). The verdicts cell 28 prints now — every cure ends below
    ln 2, more data ends lowest of the three — must hold for such changes too."""
    from backproplab.widgets import Playground
    from backproplab.lessons.lesson10.explorer.training import TrainingRun
    C = Playground.CHALLENGES
    cures = {"L2": C["overfit-cure"], "dropout": {**C["overfit"], "dropout": 0.5},
             "more data": {**C["overfit"], "train_fraction": 0.9}}
    for eps, draw in ((0.0, 0), (1e-12, 0), (1e-10, 1)):
        final = {}
        for name, settings in cures.items():
            run = TrainingRun(settings)
            rng = np.random.default_rng(draw)
            for W in run.network.weights:
                W *= 1 + eps * rng.standard_normal(W.shape)
            assert run.train(settings, 150)
            final[name] = run.test_loss
        assert all(v < math.log(2) for v in final.values()), (eps, final)
        assert min(final, key=final.get) == "more data", (eps, final)

"""Lesson 1: the hand-worked example (against the shared reference numbers) and its exercises."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from backproplab import Network
from backproplab.lessons.lesson01 import handworked as hw
from backproplab.exercises import check, exercises, solution

# /work/shared/reference-numbers.md, float64 rounded to 7 decimals
REFERENCE = {
    "z_D": 0.3, "z_E": -0.2, "o_D": 0.5744425, "o_E": 0.4501660, "z_F": -0.2422047, "o_F": 0.4397431,
    "E_total": 0.0966870, "δ_F": 0.1083391, "δ_D": -0.0132422, "δ_E": 0.0026816,
    "Err_F": -0.1083391, "Err_D": 0.0132422, "Err_E": -0.0026816,
    "w_AD_new": 0.4, "w_AE_new": 0.8, "w_BD_new": -0.5933789, "w_BE_new": 0.1986592,
    "w_CD_new": 0.9066211, "w_CE_new": -0.4013408, "w_DF_new": -0.5311173, "w_EF_new": 0.0756147,
}
LESSON1_KEYS = ["o_E", "delta_D", "w_CE_new", "w_CE_change", "o_F_after"]


# --------------------------------------------------------------------------- the example
@pytest.mark.parametrize("name", REFERENCE)
def test_trace_matches_the_reference_numbers(name):
    assert hw.trace()[name] == pytest.approx(REFERENCE[name], abs=6e-8)


def test_second_forward_pass_matches_the_reference():
    net = hw.network()
    net.train_step(hw.INPUTS, [hw.TARGET], lr=hw.LEARNING_RATE)
    assert net.forward(hw.INPUTS)[0, 0] == pytest.approx(0.4322137, abs=6e-8)
    assert net.loss_value(hw.INPUTS, [hw.TARGET]) == pytest.approx(0.0934043, abs=6e-8)


def test_network_is_the_3_2_1_sigmoid_network_without_bias():
    net = hw.network()
    assert isinstance(net, Network)
    assert net.layer_sizes == [3, 2, 1] and not net.bias and net.loss == "half_sse"
    assert {a.name for a in net.activations} == {"sigmoid"}
    assert net.names == [["A", "B", "C"], ["D", "E"], ["F"]]
    assert net.weights[0][1, 0] == -0.6 and net.weights[1][0, 0] == -0.5   # w_BD, w_DF


def test_fresh_copies_every_time():
    net = hw.network()
    net.train_step(hw.INPUTS, [hw.TARGET], lr=hw.LEARNING_RATE)
    assert hw.network().weights[0][1, 0] == -0.6
    with pytest.raises(TypeError):
        hw.WEIGHTS["w_AD"] = 1.0
    with pytest.raises(ValueError):
        hw.INPUTS[0] = 1.0


def test_weight_arrays_and_names_round_trip():
    assert hw.weights_by_name(hw.weight_arrays()) == dict(hw.WEIGHTS)
    assert list(hw.weights_by_name(hw.network())) == list(hw.WEIGHTS)
    with pytest.raises(ValueError, match="keys"):
        hw.weight_arrays({"w_AD": 0.4})
    with pytest.raises(ValueError, match="shapes"):
        hw.weights_by_name([np.ones((2, 2))])


def test_weight_table_before_and_after():
    trace = hw.trace()
    table = hw.weight_table(trace)
    assert list(table.column("weight")) == list(hw.WEIGHTS)
    np.testing.assert_allclose(table.column("after"), [REFERENCE[f"{n}_new"] for n in hw.WEIGHTS], atol=6e-8)
    np.testing.assert_allclose(table.column("change"), table.column("after") - table.column("before"))
    text = repr(table)
    assert "w_BD    −0.60000  +0.00662  −0.59338" in text
    assert "<table" in table._repr_html_() and "−0.53112" in table._repr_html_()
    assert repr(hw.weight_table(trace.weights_before, trace.weights_after)) == text
    with pytest.raises(TypeError, match="StepTrace"):
        hw.weight_table(dict(hw.WEIGHTS))


def test_paper_step_rounds_like_a_student():
    table = hw.paper_step()
    paper = dict(zip(table.column("quantity"), (r[1] for r in table.rows)))
    # the values of the issue: 0.57, 0.45, 0.44, 0.108, −0.013, 0.003 (δ = −Err), −0.594
    assert [paper[k] for k in ("o_D", "o_E", "o_F", "δ_F", "δ_D", "δ_E", "w_BD_new")] == \
        ["0.57", "0.45", "0.44", "0.108", "-0.013", "0.003", "-0.594"]
    assert paper["w_CE_new"] == "-0.402" and paper["z_F"] == "-0.24"
    exact = dict(zip(table.column("quantity"), table.column("exact")))
    for name, value in exact.items():
        assert value == pytest.approx(hw.trace()[name], abs=1e-15)
    drift = np.abs(table.column("paper − exact"))
    assert 1e-3 < drift.max() < 5e-3
    assert np.abs(hw.paper_step(6, 7).column("paper − exact")).max() < 1e-5
    assert "−0.013" in repr(table) and "−0.00000" not in repr(table)


def test_paper_step_bad_decimals():
    with pytest.raises(ValueError, match="decimals"):
        hw.paper_step(-1, 3)


def test_diagram_notes_and_loss_plot():
    assert hw.diagram_notes() == {"A": "$x_A = 0$", "B": "$x_B = 1$", "C": "$x_C = 1$", "F": "$t = 0$"}
    assert hw.diagram_notes(target=1)["F"] == "$t = 1$"
    net = hw.network()
    losses = net.fit(hw.INPUTS, [hw.TARGET], epochs=20, lr=hw.LEARNING_RATE).loss
    assert np.all(np.diff(losses) < 0)
    fig = hw.plot_losses(losses)
    line = fig.axes[0].lines[0]
    np.testing.assert_array_equal(line.get_ydata(), losses)
    plt.close(fig)
    with pytest.raises(ValueError, match="losses"):
        hw.plot_losses([1.0])


# --------------------------------------------------------------------------- the exercises
def test_lesson1_exercises_are_registered():
    registered = exercises()
    for key in LESSON1_KEYS:
        assert key in registered and registered[key].question and registered[key].hint


@pytest.mark.parametrize("key, true", [("o_E", REFERENCE["o_E"]), ("delta_D", REFERENCE["δ_D"]),
                                       ("w_CE_new", REFERENCE["w_CE_new"]), ("o_F_after", 0.4322137)])
def test_true_answers_come_from_the_package(key, true):
    assert exercises()[key].answer() == pytest.approx(true, abs=6e-8)
    assert check(key, true)
    assert check(key, np.float64(true)) and check(key, np.array([true]))


@pytest.mark.parametrize("key, rounded", [("o_E", 0.45), ("o_E", 0.4502), ("delta_D", -0.013), ("delta_D", -0.0132),
                                          ("w_CE_new", -0.401), ("w_CE_new", -0.402), ("w_CE_new", -0.4015),
                                          ("o_F_after", 0.432)])
def test_rounded_answers_are_accepted(key, rounded):
    feedback = check(key, rounded)
    assert feedback.correct, repr(feedback)
    assert "✔ correct" in repr(feedback)


@pytest.mark.parametrize("key, wrong", [("o_E", 0.5), ("o_E", 0.55), ("delta_D", 0.1083), ("delta_D", -0.02),
                                        ("w_CE_new", -0.4), ("w_CE_new", -0.4025), ("o_F_after", 0.4397)])
def test_wrong_answers_are_not_yet(key, wrong):
    feedback = check(key, wrong)
    assert not feedback.correct
    assert "not yet" in repr(feedback) and "Hint" in repr(feedback)


def test_wrong_sign_of_delta_D_is_named_with_the_textbook_convention():
    feedback = check("delta_D", 0.01324)        # the textbooks' Err_D = −δ_D instead of δ_D
    assert not feedback and feedback.misconception == "sign-flipped"
    assert "Err = (t − o)·σ′(z) is −δ" in repr(feedback) and "Reread lesson 1, section 3a" in repr(feedback)
    assert "wrong sign" in repr(check("w_CE_new", 0.4013))      # not a registered slip: the plain sign message


@pytest.mark.parametrize("key", LESSON1_KEYS)
def test_no_answer_yet_is_not_an_error(key):
    feedback = check(key, None)
    assert not feedback
    assert "no answer yet" in repr(feedback) and exercises()[key].nudge in repr(feedback)
    assert "not yet" in feedback._repr_html_()
    assert "one number" in repr(check(key, "half"))   # not a number: told to give one
    assert not check(key, float("nan"))


@pytest.mark.parametrize("key", LESSON1_KEYS)
def test_solutions_show_the_computed_value(key):
    text = repr(solution(key))
    assert text.startswith(f"Solution ({key}):")
    true = exercises()[key].answer()
    assert f"{abs(true):.4g}"[:5] in text


def test_delta_solutions_work_in_delta():
    text = repr(solution("delta_D"))
    assert "δ_D = δ_F·w_DF·o_D(1 − o_D)" in text and text.endswith("= −0.01324.")
    assert "Err" not in text and "Err" not in exercises()["w_CE_new"].hint + repr(solution("w_CE_new"))
    assert "w_CE ← w_CE − η·δ_E·x_C" in repr(solution("w_CE_new"))


# --------------------------------------------------------------------------- the code exercise
def _reference_delta_hidden():
    return exercises()["delta_hidden_code"].reference_answer()


def test_delta_hidden_reference_passes_and_reproduces_the_lesson():
    ex = exercises()["delta_hidden_code"]
    assert ex.is_code and ex.points == 2
    fn = _reference_delta_hidden()
    assert check("delta_hidden_code", fn)
    tr = hw.trace()
    got = fn(np.array([tr["o_D"], tr["o_E"]]), np.array([[tr["w_DF"]], [tr["w_EF"]]]), np.array([tr["δ_F"]]))
    np.testing.assert_allclose(got, [REFERENCE["δ_D"], REFERENCE["δ_E"]], atol=6e-8)


@pytest.mark.parametrize("wrong, says", [
    (lambda o, w, d: d @ w.T, "«sigma-prime-missing»"),
    (lambda o, w, d: -o * (1 - o) * (d @ w.T), "«sign-flipped»"),
    (lambda o, w, d: o * (1 - o) * (d @ w), "«weights-not-transposed»"),          # raises on the lesson's layer
    (lambda o, w, d: o * (1 - o) * (d @ w.T).sum(), "entry"),                   # one sum for all neurons
    (lambda o, w, d: (o * (1 - o) * (d @ w.T)).ravel()[:1], "shape"),
    (lambda o, w, d: None, "returned None"),
])
def test_delta_hidden_wrong_functions_fail_with_a_useful_message(wrong, says):
    feedback = check("delta_hidden_code", wrong)
    assert not feedback
    assert says in repr(feedback) and ("Hint" in repr(feedback) or "Reread" in repr(feedback))


# --------------------------------------------------------------------------- issue 33: nudges, Δw_CE
@pytest.mark.parametrize("key", LESSON1_KEYS + ["delta_hidden_code", "backward_pass_code"])
def test_the_nudge_gives_neither_the_answer_nor_its_formula(key):
    ex = exercises()[key]
    assert ex.nudge_text is not None and ex.nudge != ex.hint
    assert "section" in ex.nudge                                    # where to reread
    assert not any(form in ex.nudge for form in ("@", "outer", "o * (1 - o)", "(1 − o", "·", "←", "−η", "= "))
    if not ex.is_code:
        true = abs(float(ex.answer()))
        assert not any(f"{true:.{d}f}" in ex.nudge for d in range(2, 6))


def test_the_change_of_w_CE_tells_the_slips_apart_where_the_new_weight_cannot():
    tr = hw.trace()
    assert exercises()["w_CE_change"].answer() == pytest.approx(REFERENCE["w_CE_new"] + 0.4, abs=6e-8)
    for right in (-0.00134, -0.001341, REFERENCE["w_CE_new"] + 0.4):
        assert check("w_CE_change", right), right
    # three significant digits (five decimals) asked: two are "right to 4 decimals", a looser value is not it
    assert "right to 4 decimals; the question asks for 5" in repr(check("w_CE_change", -0.0013))
    for loose in (-0.00132, -0.00138, -0.00133, -0.00135):
        assert not check("w_CE_change", loose), loose
    # at three decimals the new weight is −0.401 with either slip; the change itself names them
    slips = {"input-output-swapped": -0.5 * tr["δ_E"] * tr["o_E"],
             "updated-weights-in-delta": -0.5 * tr["δ_F"] * tr["w_EF_new"] * tr["o_E"] * (1 - tr["o_E"]),
             "sign-flipped": 0.5 * tr["δ_E"], "sigma-prime-missing": -0.5 * tr["δ_F"] * tr["w_EF"]}
    for name, change in slips.items():
        assert round(-0.4 + change, 3) == -0.401 or name in ("sign-flipped", "sigma-prime-missing")
        assert check("w_CE_change", float(f"{change:.3g}")).misconception == name, name
    assert f"{slips['input-output-swapped']:.3g}" == "-0.000604" and f"{slips['updated-weights-in-delta']:.3g}" == "-0.00101"
    assert check("w_CE_change", -0.0006).misconception == "input-output-swapped"
    assert not check("w_CE_change", -0.001)              # −0.0010 typed: rejected, too short to be named
    # δ_E rounded to 0.003 before it was used, and the paper step of section 5: named, with the exercise's sentence
    for early in (-0.0015, -0.002):
        feedback = check("w_CE_change", early)
        assert feedback.misconception == "rounded-too-early" and "δ_E was rounded too early" in repr(feedback)
    assert "Reread lesson 1, section 5" in repr(check("w_CE_change", -0.0015))
    # D's slope o_D(1 − o_D) in δ_E: −0.001324, named at three significant digits with the exercise's sentence
    feedback = check("w_CE_change", -0.00132)
    assert feedback.misconception == "sigma-prime-wrong-quantity" and "δ_E needs E's own" in repr(feedback)
    assert check("w_CE_change", -0.000604).misconception == "input-output-swapped"
    assert "Reread lesson 1, section 3 (" in repr(check("w_CE_change", -0.000604))
    assert not check("w_CE_change", -0.0014) and not check("w_CE_change", -0.00139)
    # section 5: "rounded to three decimals, this tiny change would hide two classic slips"
    assert {round(slips[name], 3) for name in ("input-output-swapped", "updated-weights-in-delta")} == {
        round(tr["w_CE_new"] - tr["w_CE"], 3)}
    assert len({round(slips[name], 3) for name in slips} | {round(tr["w_CE_new"] - tr["w_CE"], 3)}) == 3
    import json
    from pathlib import Path
    nb = json.loads((Path(__file__).resolve().parents[2] / "notebooks" / "01_hand_worked_backprop.ipynb")
                    .read_text(encoding="utf-8"))
    text = " ".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown").replace("\n  ", " ")
    assert "rounded to three decimals, this tiny change would hide two classic slips" in text
    assert repr(solution("w_CE_change")).endswith("= −0.00134.")


# --------------------------------------------------------------------------- the whole backward pass (code)
def _reference_backward_pass():
    return exercises()["backward_pass_code"].reference_answer()


def test_backward_pass_reference_passes_and_reproduces_every_number_of_the_step():
    ex = exercises()["backward_pass_code"]
    assert ex.is_code and ex.points == 2 and len(ex.wrong) >= 3
    fn = _reference_backward_pass()
    assert check("backward_pass_code", fn)
    W1, W2 = hw.weight_arrays()
    delta1, delta2, g1, g2 = fn(np.array(hw.INPUTS), np.array([hw.TARGET]), W1, W2)
    np.testing.assert_allclose(delta1, [REFERENCE["δ_D"], REFERENCE["δ_E"]], atol=6e-8)
    np.testing.assert_allclose(delta2, [REFERENCE["δ_F"]], atol=6e-8)
    new = hw.weights_by_name([W1 - hw.LEARNING_RATE * g1, W2 - hw.LEARNING_RATE * g2])
    for name, value in new.items():
        assert value == pytest.approx(REFERENCE[f"{name}_new"], abs=6e-8), name


def test_backward_pass_is_checked_against_the_package_on_other_networks():
    from backproplab.lessons.lesson01 import exercises as lesson_exercises
    cases = list(lesson_exercises._backward_pass_cases())
    assert len(cases) >= 6 and {c[3].shape for c in cases} >= {(3, 2), (2, 3), (4, 3), (1, 1)}
    fn = _reference_backward_pass()
    for _, x, t, W1, W2 in cases:
        net = Network.from_weights([W1, W2], biases=None, activation="sigmoid", loss="half_sse")
        _, (g1, g2), _ = net.gradients(x[None, :], t[None, :])
        got = fn(x, t, W1, W2)
        np.testing.assert_allclose(got[2], g1, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(got[3], g2, rtol=1e-12, atol=1e-15)


def _student(delta2="(o2 - t) * o2 * (1 - o2)", delta1="o1 * (1 - o1) * (delta2 @ W2.T)",
             grads="(np.outer(x, delta1), np.outer(o1, delta2))", update=""):
    """A student's backward_pass, written independently of the registered buggy code (loops, np.sum …)."""
    code = ("def backward_pass(x, t, W1, W2):\n"
            "    o1 = 1 / (1 + np.exp(-(x @ W1)))\n"
            "    o2 = 1 / (1 + np.exp(-(o1 @ W2)))\n"
            f"    delta2 = {delta2}\n"
            f"    delta1 = {delta1}\n"
            f"    grad_W1, grad_W2 = {grads}\n"
            f"{update}"
            "    return delta1, delta2, grad_W1, grad_W2\n")
    namespace = {"np": np}
    exec(code, namespace)
    return namespace["backward_pass"]


@pytest.mark.parametrize("function, says", [
    (_student(delta2="(t - o2) * o2 * (1 - o2)"), "«sign-flipped»"),                      # Err instead of δ
    (_student(delta2="(t - o2) * o2 * (1 - o2)", delta1="o1 * (1 - o1) * np.dot(W2, delta2)"), "«sign-flipped»"),
    (_student(delta2="(o2 - t)", delta1="np.array([np.sum(W2[j] * delta2) for j in range(len(o1))])"),
     "«sigma-prime-missing»"),
    (_student(delta1="o1 * (1 - o1) * (delta2 @ W2)"), "«weights-not-transposed»"),        # raises on 3-2-1
    (_student(grads="(np.outer(o1, delta1), np.outer(o2, delta2))"), "«input-output-swapped»"),   # shapes on 3-2-1
    (_student(grads="(np.outer(delta1, x), np.outer(delta2, o1))"), "shapes"),            # transposed gradients
    (_student(update="    W2 -= 0.5 * grad_W2\n"), "changed its argument W2"),
    (_student(grads="(np.outer(x, delta1), np.outer(o1, delta2) / 2)"), "grad_W2"),
    (lambda x, t, W1, W2: None, "returned None"),
    (lambda x, t, W1, W2: (1, 2), "four arrays"),
])
def test_backward_pass_wrong_functions_fail_with_a_useful_message(function, says):
    feedback = check("backward_pass_code", function)
    assert not feedback
    assert says in repr(feedback) and ("Hint" in repr(feedback) or "Reread" in repr(feedback)), repr(feedback)


def test_backward_pass_stub_says_not_yet_with_the_nudge():
    def backward_pass(x, t, W1, W2):
        return None
    feedback = check("backward_pass_code", None)
    assert not feedback and "no function yet" in repr(feedback) and exercises()["backward_pass_code"].nudge in repr(feedback)
    feedback = check("backward_pass_code", backward_pass)
    assert not feedback and "not yet" in repr(feedback) and "returned None" in repr(feedback)


# --------------------------------------------------------------------------- issue 34
def test_one_step_goes_as_far_as_eta_sends_it():
    """Section 7: one step from the start at η = 0.5, 5, 50 (the figures the lesson prints)."""
    assert f"{hw.loss_after_one_step(0.5):.3g}" == "0.0934"
    assert f"{hw.loss_after_one_step(5):.3g}" == "0.0664"
    assert f"{hw.loss_after_one_step(50):.3g}" == "0.00019"
    losses = [hw.loss_after_one_step(lr) for lr in (0.5, 1, 2, 5, 10, 20, 50, 100)]
    assert all(a > b for a, b in zip(losses, losses[1:]))      # here a bigger step only helps (t = 0)
    for bad in (0, -1.0, float("nan")):
        with pytest.raises(ValueError, match="lr"):
            hw.loss_after_one_step(bad)
    with pytest.raises(TypeError, match="lr"):
        hw.loss_after_one_step("5")


def test_nudging_a_weight_moves_the_loss_by_the_gradient():
    """Section 3c: E_total(w_DF + h) − E_total(w_DF) ≈ ∂E_total/∂w_DF·h, by two forward passes."""
    n = hw.nudge("w_DF", h=1e-4)
    tr = hw.trace()
    assert n.predicted == pytest.approx(tr["∂E_total/∂w_DF"] * 1e-4, rel=1e-15)
    assert f"{n.ratio:.4f}" == "1.0000" and abs(n.ratio - 1) > 1e-6        # agrees, yet not by construction
    assert abs(n.ratio - 1) < 1e-4 and abs(hw.nudge("w_DF", h=1e-5).ratio - 1) < abs(n.ratio - 1)   # O(h)
    for name in hw.WEIGHTS:
        if tr[f"grad_{name}"] != 0:
            assert hw.nudge(name, h=1e-6).ratio == pytest.approx(1, abs=1e-3), name
    with pytest.raises(ValueError, match="weight must be one of"):
        hw.nudge("w_FD")
    with pytest.raises(ValueError, match="h must be a nonzero"):
        hw.nudge("w_DF", h=0)
    with pytest.raises(TypeError, match="h must be a real number"):
        hw.nudge("w_DF", h="1e-4")


def test_the_lesson_writes_the_loss_E_total_not_E():
    """Issue 34: the loss and hidden neuron E never share a letter in lesson 1's text."""
    import json
    import re
    from pathlib import Path
    nb = json.loads((Path(__file__).resolve().parents[2] / "notebooks" / "01_hand_worked_backprop.ipynb")
                    .read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert not re.search(r"\\partial E(?![_\w])|∂E(?![_\w])", text)
    assert not re.search(r"(?<![\w\\{_])E\s*=", text)          # no "E = …" for the loss
    assert "E_{\\text{total}} = \\tfrac12 (t - o_F)^2" in text


def test_section_5_compares_the_paper_change_of_w_CE_with_the_exact_one():
    """Section 5: on paper w_CE changes by −0.002, about half as much again as the exact change."""
    import json
    from pathlib import Path
    table = hw.paper_step()
    paper = dict(zip(table.column("quantity"), (r[1] for r in table.rows)))
    tr = hw.trace()
    change = float(paper["w_CE_new"]) - tr["w_CE"]
    assert paper["w_CE_new"] == "-0.402" and f"{change:.3f}" == "-0.002"
    assert round(change / (tr["w_CE_new"] - tr["w_CE"]), 1) == 1.5
    nb = json.loads((Path(__file__).resolve().parents[2] / "notebooks" / "01_hand_worked_backprop.ipynb")
                    .read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert "$-0.402 - (-0.4) = -0.002$,\n  about half as much again as the exact change" in text


def test_delta_D_asks_for_three_decimals_and_names_no_slip_a_rounded_delta_F_also_gives():
    assert "three decimals" in exercises()["delta_D"].question
    tr = hw.trace()
    # E's slope in δ_D (−0.013408) and δ_F rounded to 0.11 (−0.013445) both read −0.0134, which is −0.013 at
    # the three decimals asked: accepted, and never named a slip the second student did not make
    assert f"{tr['δ_F'] * tr['w_DF'] * tr['o_E'] * (1 - tr['o_E']):.4f}" == f"{0.11 * tr['w_DF'] * tr['o_D'] * (1 - tr['o_D']):.4f}"
    assert check("delta_D", -0.0134) and "sigma-prime-wrong-quantity" not in exercises()["delta_D"].variants
    assert "right to 2 decimals; the question asks for 3" in repr(check("delta_D", -0.01))


def test_backward_pass_names_a_slip_in_one_layer_only_and_checks_in_computation_order():
    for kwargs, name in [({"delta2": "o2 - t"}, "sigma-prime-missing"), ({"delta1": "delta2 @ W2.T"}, "sigma-prime-missing"),
                         ({"delta1": "1 / (1 + np.exp(-o1)) * (1 - 1 / (1 + np.exp(-o1))) * (delta2 @ W2.T)"},
                          "sigma-prime-wrong-quantity"),
                         ({"delta2": "(o2 - t) * (o1 @ W2) * (1 - o1 @ W2)"}, "sigma-prime-wrong-quantity"),
                         ({"grads": "(np.outer(x, delta1), np.outer(o2, delta2))"}, "input-output-swapped"),
                         ({"delta2": "(t - o2) * o2 * (1 - o2)", "grads": "(-np.outer(x, delta1), -np.outer(o1, delta2))"},
                          "sign-flipped")]:
        function = _student(**kwargs)
        assert check("backward_pass_code", function).misconception == name, kwargs
    # an output-layer slip that is no registered mistake: the message points at delta2, the first one computed
    function = _student(delta2="(o2 - t) * o2 * (1 - o2) * 2")
    assert "delta2 (the output layer" in repr(check("backward_pass_code", function))


def test_delta_hidden_says_which_case_raised_and_the_hints_hold_no_code():
    def delta_hidden(o, w_out, delta_out):
        if o.ndim == 2:
            raise ValueError("only one sample")
        return o * (1 - o) * (delta_out @ w_out.T)
    assert "for 5 samples (rows), 3 neurons feeding 2 your function raised ValueError" in repr(
        check("delta_hidden_code", delta_hidden))
    for key in ("delta_hidden_code", "backward_pass_code"):
        hint = exercises()[key].hint
        assert not any(code in hint for code in ("@", ".T", "outer", "* (1 -", "o2 - t")), key

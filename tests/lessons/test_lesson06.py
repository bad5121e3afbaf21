"""Lesson 6: its exercises and the two-layer network it builds."""
import math
import random
from pathlib import Path

import numpy as np
import pytest

import backproplab as bp
from backproplab.exercises import check, exercises, solution
from backproplab.gradcheck import numerical_gradient, rel_error

KEYS = ["max_gate_loser_grad", "branch_dfdx", "tanh_neuron_dfdw", "gradcheck_rel_error"]


# --------------------------------------------------------------------------- exercises
def test_exercises_are_registered():
    assert set(KEYS) <= set(exercises())


def test_answers_agree_with_calculus():
    # f = max(x, y)·z at (4, −1, 3): y lost the max
    assert exercises()["max_gate_loser_grad"].answer() == 0.0
    # f = x·y + max(x, y) at (2, −3): ∂f/∂x = y + 1
    assert exercises()["branch_dfdx"].answer() == -3.0 + 1.0
    # f = tanh(w·x + b) at (0.5, 2, −0.5): ∂f/∂w = (1 − tanh²(0.5))·x
    assert exercises()["tanh_neuron_dfdw"].answer() == pytest.approx((1 - math.tanh(0.5) ** 2) * 2.0, rel=1e-14)
    assert exercises()["gradcheck_rel_error"].answer() == pytest.approx(0.0001 / 0.2001, rel=1e-9)


@pytest.mark.parametrize("key, good, bad", [
    ("max_gate_loser_grad", 0, 3),           # 3 is ∂f/∂x, the winner's gradient
    ("branch_dfdx", -2, -3),                 # −3 forgets the max-gate branch
    ("tanh_neuron_dfdw", 1.573, 0.7864),     # 0.7864 forgets the multiply gate's swap (×x)
    ("gradcheck_rel_error", 5e-4, 2.5e-4),   # 2.5e-4 divides by the sum (the old whole-array formula)
])
def test_checker_accepts_rounded_answers_and_rejects_mix_ups(key, good, bad):
    assert check(key, good)
    assert not check(key, bad)
    assert not check(key, None) and "Hint" in repr(check(key, None))


def test_sign_mix_up_is_named():
    assert "wrong sign" in repr(check("branch_dfdx", 2))


def test_solutions_show_the_computed_numbers():
    assert "∂f/∂y = 0" in repr(solution("max_gate_loser_grad"))
    assert "−3 + 1 = −2" in repr(solution("branch_dfdx"))
    text = repr(solution("tanh_neuron_dfdw"))
    assert "0.4621" in text and "0.7864" in text and "1.573" in text
    assert "0.0001 / 0.2001 ≈ 0.0004998" in repr(solution("gradcheck_rel_error"))


# --------------------------------------------------------------------------- the two-layer network
def _hand_written(x, y, w1, w2, steps, lr):
    """The lesson's twenty-line loop."""
    sigmoid = bp.activations.sigmoid
    losses = []
    for _ in range(steps):
        h = sigmoid(x.dot(w1))
        y_pred = h.dot(w2)
        losses.append(np.square(y_pred - y).sum())
        grad_y_pred = 2.0 * (y_pred - y)
        grad_w2 = h.T.dot(grad_y_pred)
        grad_w1 = x.T.dot(grad_y_pred.dot(w2.T) * h * (1 - h))
        w1 -= lr * grad_w1
        w2 -= lr * grad_w2
    return np.array(losses), w1, w2


def test_hand_written_loop_equals_network_fit():
    rng = np.random.default_rng(3)
    x, y = rng.standard_normal((16, 50)), rng.standard_normal((16, 4))
    w1, w2 = rng.standard_normal((50, 20)) / np.sqrt(50), rng.standard_normal((20, 4)) / np.sqrt(20)
    net = bp.Network.from_weights([w1, w2], biases=None, activation=["sigmoid", "linear"], loss="sse")
    history = net.fit(x, y, epochs=300, lr=1e-3)
    losses, w1_end, w2_end = _hand_written(x, y, w1.copy(), w2.copy(), 300, 1e-3)
    assert losses[-1] < 0.5 * losses[0]                                 # it learns
    assert np.allclose(history.loss, losses, rtol=1e-9, atol=0)
    assert rel_error(net.weights[0], w1_end) < 1e-9 and rel_error(net.weights[1], w2_end) < 1e-9


def test_gradient_check_pinpoints_the_swapped_update():
    rng = np.random.default_rng(4)
    x, y = rng.standard_normal((8, 6)), rng.standard_normal((8, 6))
    params = {"w1": rng.standard_normal((6, 6)) / 3, "w2": rng.standard_normal((6, 6)) / 3}

    def loss_and_grads(params):
        h = bp.activations.sigmoid(x.dot(params["w1"]))
        y_pred = h.dot(params["w2"])
        g = 2.0 * (y_pred - y)
        return np.square(y_pred - y).sum(), {"w1": x.T.dot(g.dot(params["w2"].T) * h * (1 - h)),
                                              "w2": h.T.dot(g)}

    _, grads = loss_and_grads(params)
    errors = {name: rel_error(grads[name], numerical_gradient(lambda _: loss_and_grads(params)[0], w))
              for name, w in params.items()}
    assert max(errors.values()) < 1e-7
    slipped = {"w1": grads["w1"], "w2": grads["w1"]}
    assert rel_error(slipped["w2"], numerical_gradient(lambda _: loss_and_grads(params)[0], params["w2"])) > 1e-2


# --------------------------------------------------------------------------- the code exercise
def test_divide_backward_reference_passes():
    from backproplab.exercises import check as check_, exercises as exercises_

    ex = exercises_()["divide_backward_code"]
    assert ex.is_code and ex.points == 2
    fn = ex.reference_answer()
    assert check_("divide_backward_code", fn)
    dx, dy = fn(np.array([3.0]), np.array([-2.0]), np.array([1.5]))      # agrees with the graph's own gates
    x, y = bp.graph.Var(3.0, "x"), bp.graph.Var(-2.0, "y")
    f = 1.5 * (x / y)
    f.backward()
    np.testing.assert_allclose([dx[0], dy[0]], [x.grad, y.grad], rtol=1e-12)


@pytest.mark.parametrize("wrong, says", [
    (lambda x, y, dz: (-dz / y, -dz * x / y ** 2), "sign is flipped"),      # dx's sign: told, not a named slip
    (lambda x, y, dz: (dz / y, -dz / y ** 2), "relative error"),
    (lambda x, y, dz: dz / y, "two gradients"),
    (lambda x, y, dz: (dz / y, np.sum(-dz * x / y ** 2)), "shaped like x and y"),
    (lambda x, y, dz: None, "returned None"),
])
def test_divide_backward_wrong_functions_fail_with_a_useful_message(wrong, says):
    from backproplab.exercises import check as check_

    feedback = check_("divide_backward_code", wrong)
    assert not feedback
    assert says in repr(feedback) and "Hint" in repr(feedback)


@pytest.mark.parametrize("wrong, name", [
    (lambda x, y, dz: (dz / y, dz * x / y ** 2), "sign-flipped"),                 # the minus of −x/y² lost
    (lambda x, y, dz: (-dz * x / y ** 2, dz / y), "input-output-swapped"),        # (dy, dx)
    (lambda x, y, dz: (1 / y, -x / y ** 2), "sigma-prime-missing"),               # no upstream dz
    (lambda x, y, dz: (dz / y, -x / y ** 2), "sigma-prime-missing"),              # dz in dx only
])
def test_divide_backward_classic_slips_are_named(wrong, name):
    from backproplab.exercises import check as check_

    feedback = check_("divide_backward_code", wrong)
    assert not feedback and feedback.misconception == name and f"«{name}»" in repr(feedback), repr(feedback)
    assert "Reread lesson 6, section" in repr(feedback)


# --------------------------------------------------------------------------- the text's numbers
NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "06_computational_graphs.ipynb"


def _markdown(notebook_cells, needle) -> str:
    """The one markdown cell of lesson 6 that contains ``needle``."""
    found = ["".join(c["source"]) for c in notebook_cells(NOTEBOOK)
             if c["cell_type"] == "markdown" and needle in "".join(c["source"])]
    assert len(found) == 1, f"{len(found)} markdown cells contain {needle!r}"
    return found[0]


def test_floor_figures_in_the_text_are_computed(notebook_cells):
    # rounding noise around a true 0: 1e-12 against 3e-12, without the floor and with it
    without = bp.gradcheck.rel_error(1e-12, 3e-12, floor=1e-300)
    with_floor = bp.gradcheck.rel_error(1e-12, 3e-12)
    text = _markdown(notebook_cells, "The floor $10^{-8}$")
    assert f"{without:.0%}".replace("%", " %") in text                        # 67 %
    mantissa, exponent = f"{with_floor:.0e}".split("e")
    assert f"${mantissa} \\cdot 10^{{{int(exponent)}}}$" in text              # 2 · 10⁻⁴
    assert bp.gradcheck.rel_error_verdict(with_floor).startswith("suspicious")   # the table's band, as the text says
    doc = bp.gradcheck.rel_errors.__doc__
    assert f"{without:.2f} without the floor" in doc and f"{with_floor:.0e}".replace("e-0", "e-") + " with it" in doc


# --------------------------------------------------------------------------- the sparse gradient check
SPARSE = "grad_check_sparse_code"


def _sparse(code):
    namespace = {"np": np}
    exec(compile(code, "<a student's grad_check_sparse>", "exec"), namespace)
    return namespace["grad_check_sparse"]


def _variant(old, new):
    code = exercises()[SPARSE].reference_code()
    assert old in code
    return _sparse(code.replace(old, new))


def test_the_sparse_check_reference_passes_and_clears_right_gradients_and_flags_bugs():
    from backproplab.lessons.lesson06.exercises import sparse_cases

    ex = exercises()[SPARSE]
    assert ex.is_code and ex.points == 2
    reference = ex.reference_answer()
    assert check(SPARSE, reference)
    for what, f, x, grad, seed, n, right in sparse_cases():
        x_in = x.copy()
        errors = reference(f, x_in, grad, np.random.default_rng(seed), n)
        assert np.array_equal(x_in, x), what                                  # x handed back as it came
        assert (errors.max() < 1e-8) if right else (errors.min() > 1e-2), (what, errors)
        # the entries checked are those of the full numerical gradient (section 4's tool)
        full = bp.gradcheck.rel_errors(grad, numerical_gradient(f, x.copy()))
        rng = np.random.default_rng(seed)
        picks = [tuple(int(rng.integers(m)) for m in x.shape) for _ in range(n)]
        np.testing.assert_allclose(errors, [full[ix] for ix in picks], rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("mistake", ["one-sided-difference", "nudged-entry-not-restored",
                                     "relative-error-formula", "generator-not-used"])
def test_each_classic_gradient_check_mistake_is_named(mistake):
    buggy, _ = exercises()[SPARSE].wrong[mistake]
    feedback = check(SPARSE, buggy)
    assert not feedback and feedback.misconception == mistake and f"«{mistake}»" in repr(feedback)
    assert "Reread lesson 6, section" in repr(feedback)


def test_hand_written_variants_of_the_mistakes_fail_with_a_message_that_says_what():
    # the one-sided difference written with f(x) computed once, before the loop: named all the same
    one_sided = _sparse(
        "def grad_check_sparse(f, x, analytic_grad, rng, num_checks=10, h=1e-5):\n"
        "    errors = []\n"
        "    fx = f(x)\n"
        "    for _ in range(num_checks):\n"
        "        ix = tuple(rng.integers(m) for m in x.shape)\n"
        "        old = x[ix]\n"
        "        x[ix] = old + h\n"
        "        numerical = (f(x) - fx) / h\n"
        "        x[ix] = old\n"
        "        a = analytic_grad[ix]\n"
        "        errors.append(abs(a - numerical) / max(abs(a), abs(numerical), 1e-8))\n"
        "    return np.array(errors)\n")
    assert check(SPARSE, one_sided).misconception == "one-sided-difference"
    # NumPy's global random state, Python's random, an unseeded Generator inside: two runs with the same
    # seed differ. No probe can match such a draw, so the message says what to do without naming a match,
    # and names no other section than the hint's.
    for old, new in [("rng.integers(m)", "np.random.randint(m)"), ("rng.integers(m)", "random.randrange(m)"),
                     ("    errors = np.zeros(num_checks)\n",
                      "    errors = np.zeros(num_checks)\n    rng = np.random.default_rng()\n")]:
        unrepeatable = _variant(old, new)
        unrepeatable.__globals__["random"] = random
        feedback = check(SPARSE, unrepeatable)
        assert not feedback and feedback.misconception is None and repr(feedback).startswith("✘ not yet"), old
        assert "two runs with the same seed gave different errors" in repr(feedback)
        assert "«" not in repr(feedback) and "section 6" not in repr(feedback)
    # no floor: 0/0 where both gradients are 0
    no_floor = _variant(", 1e-8)", ")")
    assert "not finite" in repr(check(SPARSE, no_floor)) and "floor" in repr(check(SPARSE, no_floor))
    # x nudged and left at x − h: the caller's x comes back changed
    left = _variant("        x[ix] = old                                       # put it back\n", "")
    assert "came back changed" in repr(_test_message(left))


def _test_message(function):
    passed, message = exercises()[SPARSE].test(function)
    assert not passed
    return message


def test_other_right_ways_pass():
    # a flat index drawn with rng.integers(x.size) checks other entries, and is accepted too
    flat = _variant("ix = tuple(rng.integers(m) for m in x.shape)",
                    "ix = np.unravel_index(rng.integers(x.size), x.shape)")
    assert check(SPARSE, flat)
    # CS231n's old reset, x[ix] += h after x[ix] -= 2h, may leave x off by a rounding: accepted
    cs231n_reset = _sparse(exercises()[SPARSE].reference_code()
                           .replace("x[ix] = old + h", "x[ix] += h").replace("x[ix] = old - h", "x[ix] -= 2 * h")
                           .replace("x[ix] = old                                       # put it back",
                                    "x[ix] += h"))
    assert check(SPARSE, cs231n_reset)
    # the package's per-entry relative error and numerical_gradient for one entry: accepted
    with_package = _variant("errors[k] = abs(analytic - numerical) / max(abs(analytic), abs(numerical), 1e-8)",
                            "errors[k] = bp.gradcheck.rel_error(analytic, numerical)")
    with_package.__globals__["bp"] = bp
    assert check(SPARSE, with_package)


def test_the_stub_says_not_yet_with_the_nudge(monkeypatch):
    from backproplab.exercises import registry

    monkeypatch.setattr(registry, "_TRIES", {})          # a first try: the nudge, not the hint
    stub = _sparse("def grad_check_sparse(f, x, analytic_grad, rng, num_checks=10, h=1e-5):\n    return None\n")
    feedback = check(SPARSE, stub)
    assert not feedback and "not yet" in repr(feedback) and "returned None" in repr(feedback)
    assert exercises()[SPARSE].nudge in repr(feedback)
    # CS231n's denominator |a| + |n| is not this lesson's formula: not yet, with what the lesson asks for
    summed = _variant("max(abs(analytic), abs(numerical), 1e-8)", "(abs(analytic) + abs(numerical))")
    assert "max(|a|, |n|, 1e-8)" in repr(check(SPARSE, summed))


@pytest.mark.parametrize("key, wrong, mistake", [
    ("branch_dfdx", -3, "assign-instead-of-accumulate"),
    ("tanh_neuron_dfdw", 1.5, "sigma-prime-wrong-quantity"),
    ("tanh_neuron_dfdw", 0.3634, "input-output-swapped"),
    ("gradcheck_rel_error", 0.0001, "relative-error-formula"),
])
def test_value_mistakes_are_named(key, wrong, mistake):
    assert check(key, wrong).misconception == mistake


def test_nudges_state_neither_answer_nor_formula():
    for key in KEYS + ["divide_backward_code", SPARSE]:
        ex = exercises()[key]
        assert ex.nudge != ex.hint
        assert "0" not in ex.nudge.replace("1e-8", "") and "=" not in ex.nudge, key
    assert "1/y" not in exercises()["divide_backward_code"].nudge and "x/y²" not in exercises()["divide_backward_code"].nudge


# --------------------------------------------------------------------------- the forms each mistake takes
@pytest.mark.parametrize("old, new, mistake", [
    # CS231n's denominator, with and without a floor, and one gradient alone below
    ("max(abs(analytic), abs(numerical), 1e-8)", "(abs(analytic) + abs(numerical))", "relative-error-formula"),
    ("max(abs(analytic), abs(numerical), 1e-8)", "max(abs(analytic) + abs(numerical), 1e-8)", "relative-error-formula"),
    ("max(abs(analytic), abs(numerical), 1e-8)", "abs(analytic)", "relative-error-formula"),
    ("max(abs(analytic), abs(numerical), 1e-8)", "abs(numerical)", "relative-error-formula"),
    # the backward one-sided difference
    ("        x[ix] = old + h\n        f_plus = f(x)\n        x[ix] = old - h\n        f_minus = f(x)\n",
     "        x[ix] = old\n        f_plus = f(x)\n        x[ix] = old - h\n        f_minus = f(x)\n",
     "one-sided-difference"),
    # a Generator or NumPy's global state seeded inside: the same entries every time, not the caller's
    ("    errors = np.zeros(num_checks)\n", "    errors = np.zeros(num_checks)\n    rng = np.random.default_rng(42)\n",
     "generator-not-used"),
])
def test_other_forms_of_the_mistakes_are_named_in_the_exercises_words(old, new, mistake, recwarn):
    code = exercises()[SPARSE].reference_code()
    if mistake == "one-sided-difference":
        code = code.replace("(2 * h)", "h")
    feedback = check(SPARSE, _sparse(code.replace(old, new)))
    assert not feedback and feedback.misconception == mistake and f"«{mistake}»" in repr(feedback), repr(feedback)
    if mistake == "relative-error-formula":
        assert "CS231n's |a − n| / (|a| + |n|)" in repr(feedback) and "Reread lesson 6, section 4" in repr(feedback)
    if mistake == "one-sided-difference":
        assert "backward (f(x) − f(x − h))/h" in repr(feedback)
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]     # 0/0 warnings silenced


def test_np_random_seeded_inside_is_named():
    seeded = _sparse(exercises()[SPARSE].reference_code()
                     .replace("    errors = np.zeros(num_checks)\n", "    errors = np.zeros(num_checks)\n    np.random.seed(0)\n")
                     .replace("rng.integers(m)", "np.random.randint(m)"))
    assert check(SPARSE, seeded).misconception == "generator-not-used"


def test_central_difference_over_h_is_told_apart():
    over_h = _variant("numerical = (f_plus - f_minus) / (2 * h)", "numerical = (f_plus - f_minus) / h")
    feedback = check(SPARSE, over_h)
    assert not feedback and feedback.misconception is None
    assert "every relative error is 0.5" in repr(feedback) and "divide by 2h" in repr(feedback)


def test_the_h_passed_in_is_used():
    from backproplab.lessons.lesson06.exercises import H_WIDE, h_case, _sparse_reference

    what, f, x, grad, seed, n = h_case()
    # the step shows in the errors: about 1e-5 to 1e-4 with h = 1e-2, below 1e-9 with the default
    wide = _sparse_reference()(f, x.copy(), grad, np.random.default_rng(seed), n, h=H_WIDE)
    narrow = _sparse_reference()(f, x.copy(), grad, np.random.default_rng(seed), n)
    assert 1e-5 < wide.min() and wide.max() < 1e-4 and narrow.max() < 1e-9
    fixed = _variant("    errors = np.zeros(num_checks)\n", "    errors = np.zeros(num_checks)\n    h = 1e-4\n")
    feedback = check(SPARSE, fixed)
    assert not feedback and "called with h=1e-2" in repr(feedback) and "the h passed in" in repr(feedback)


def test_the_flipped_3d_case_is_another_array_and_its_drawn_entries_are_all_flagged():
    from backproplab.lessons.lesson06.exercises import sparse_cases

    cases = {what: (x, grad, seed, n) for what, _, x, grad, seed, n, _ in sparse_cases()}
    right = cases["a 3-d array (2, 3, 2) with a zero gradient entry, its gradient right"]
    flipped = cases["another 3-d array (2, 3, 2), its gradient's sign flipped"]
    assert right[0].shape == flipped[0].shape == (2, 3, 2) and not np.array_equal(right[0], flipped[0])


def test_the_tanh_slip_is_worded_for_tanh_and_coarse_answers_are_not_named():
    feedback = check("tanh_neuron_dfdw", 1.5)
    assert feedback.misconception == "sigma-prime-wrong-quantity" and "1 − tanh²(z)" in repr(feedback)
    assert "Reread lesson 6, section 2" in repr(feedback)
    assert check("tanh_neuron_dfdw", 1).misconception is None                       # coarser than 3 decimals
    assert "right to 0 decimals" not in repr(check("gradcheck_rel_error", 0))

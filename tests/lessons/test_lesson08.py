"""Lesson 8: its exercises and the lesson helpers' numbers (backproplab.lessons.crossentropy)."""
import math
import warnings

import numpy as np
import pytest

import backproplab as bp
from backproplab.exercises import check, exercises, solution
from backproplab.lessons.lesson08 import crossentropy as ce

KEYS = ["delta_bce_sigmoid", "delta_half_sse_sigmoid", "softmax_delta_right_class", "bce_slow_when",
        "log_softmax_code", "softmax_cross_entropy_code"]


# --------------------------------------------------------------------------- exercises
def test_exercises_are_registered():
    assert set(KEYS) <= set(exercises())


def test_answers_agree_with_hand_calculation():
    assert exercises()["delta_bce_sigmoid"].answer() == pytest.approx(0.3 - 1.0, abs=1e-12)
    assert exercises()["delta_half_sse_sigmoid"].answer() == pytest.approx((0.3 - 1.0) * 0.3 * 0.7, abs=1e-12)
    e = np.exp([2.0, 1.0, 0.1])
    assert exercises()["softmax_delta_right_class"].answer() == pytest.approx(e[0] / e.sum() - 1.0, abs=1e-12)
    assert exercises()["bce_slow_when"].answer() == 2


@pytest.mark.parametrize("key, good, bad", [
    ("delta_bce_sigmoid", -0.7, -0.147),            # −0.147 is half-SSE's δ: the σ′ did not cancel
    ("delta_half_sse_sigmoid", -0.147, -0.7),       # −0.7 forgets σ′(z) = o(1 − o)
    ("softmax_delta_right_class", -0.341, 0.659),   # 0.659 is p₁ itself: forgot to subtract y₁ = 1
    ("bce_slow_when", 2, 3),                        # 3 is half-SSE's answer
    ("bce_slow_when", 2, 1),                        # 1 is where half-SSE is slow, bce fastest
])
def test_checker_accepts_right_answers_and_rejects_typical_wrong_ones(key, good, bad):
    assert check(key, good)
    assert not check(key, bad)
    assert not check(key, None) and "Hint" in repr(check(key, None))


def test_sign_slips_are_named():
    assert check("delta_bce_sigmoid", 0.7).misconception == "sign-flipped"
    assert check("softmax_delta_right_class", 0.341).misconception == "sign-flipped"


@pytest.mark.parametrize("key, typed, name", [
    ("delta_bce_sigmoid", -0.15, "softmax-derivative-twice"),          # σ′ kept after it cancelled
    ("delta_bce_sigmoid", -3.33, "sigma-prime-missing"),               # ∂E/∂o: the chain rule stopped early
    ("delta_half_sse_sigmoid", -0.7, "sigma-prime-missing"),
    ("delta_half_sse_sigmoid", -0.171, "sigma-prime-wrong-quantity"),  # σ(o)(1 − σ(o))
    ("softmax_delta_right_class", -0.077, "softmax-derivative-twice"),  # (p₁ − 1)·p₁(1 − p₁)
    ("bce_slow_when", 3, "softmax-derivative-twice"),                   # σ′ still in δ
])
def test_the_classic_slips_are_named_at_the_rounding_the_questions_ask_for(key, typed, name):
    assert check(key, typed).misconception == name


def test_a_sigmoid_question_words_the_slope_twice_for_a_sigmoid():
    for key, typed in [("delta_bce_sigmoid", -0.147), ("bce_slow_when", 3)]:
        feedback = repr(check(key, typed))
        assert "δ = o − t already contains σ′; multiplying by o(1 − o) again counts it twice" in feedback
        assert "p − y" not in feedback


@pytest.mark.parametrize("key, typed", [("delta_half_sse_sigmoid", -0.15), ("softmax_delta_right_class", -0.34)])
def test_right_to_two_decimals_where_three_are_asked_says_so(key, typed):
    assert exercises()[key].decimals == 3
    assert "right to 2 decimals; the question asks for 3" in repr(check(key, typed))


def test_the_rounding_the_questions_ask_for_is_accepted():
    # exercise 2 now says "three decimals" (it rejected −0.15 without saying how to round); at two, −0.15
    # would also take −0.1429, section 5's new w_CF printed above the exercise
    assert check("delta_half_sse_sigmoid", -0.147) and not check("delta_half_sse_sigmoid", -0.1429)
    assert check("delta_bce_sigmoid", -0.70) and check("softmax_delta_right_class", -0.341)
    assert not check("softmax_delta_right_class", -0.34 - 0.002)
    for key, words in [("delta_bce_sigmoid", "Two decimals"), ("delta_half_sse_sigmoid", "three decimals"),
                       ("softmax_delta_right_class", "three decimals")]:
        assert words in exercises()[key].question


def test_no_nudge_hands_over_an_answer():
    for key in KEYS:
        nudge = exercises()[key].nudge
        assert nudge != exercises()[key].hint, key
        for given in ("p − y", "o − t", "σ′(z) = o(1 − o)", "z.max", "keepdims", "np.eye", "option 2", "answer 2"):
            assert given not in nudge, (key, given)
    # exercise 4: the first hint no longer says where δ is near 0
    assert "near 0" not in exercises()["bce_slow_when"].nudge


def test_multiple_choice_takes_no_nearby_number():
    assert not check("bce_slow_when", 2.4) and not check("bce_slow_when", 1.8)


def test_solutions_show_the_computed_numbers():
    assert "δ = o − t = 0.3 − 1 = −0.7" in repr(solution("delta_bce_sigmoid"))
    assert "−0.7·0.21 = −0.147" in repr(solution("delta_half_sse_sigmoid"))
    text = repr(solution("softmax_delta_right_class"))
    assert "0.659 − 1 = −0.341" in text and "11.21" in text


def _reference(z):
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def _log_of_softmax(z):                # the direct translation: fails once a p underflows
    e = np.exp(z)
    return np.log(e / e.sum(axis=-1, keepdims=True))


def _one_max_for_the_batch(z):         # shifts every row by the batch's maximum
    shifted = z - z.max()
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def _wrong_axis(z):
    shifted = z - z.max(axis=0, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))


def _softmax_not_log(z):
    return bp.activations.softmax(z)


def test_code_exercise_accepts_the_stable_version():
    assert check("log_softmax_code", _reference)
    assert check("log_softmax_code", exercises()["log_softmax_code"].reference_answer())


@pytest.mark.parametrize("wrong, says", [
    (_wrong_axis, "a batch of 5 rows"),
    (_softmax_not_log, "z = (2, 1, 0.1)"),
    (lambda z: None, "returned None"),
])
def test_code_exercise_rejects_typical_slips_without_a_warning(wrong, says):
    with warnings.catch_warnings():
        warnings.simplefilter("error")          # the naive versions overflow: the checker keeps it quiet
        feedback = check("log_softmax_code", wrong)
    assert not feedback and says in repr(feedback)


def _log_sum_exp_unshifted(z):
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def _minus_log_p(z):                   # the cross-entropy −ln p in place of ln p
    return -_reference(z)


@pytest.mark.parametrize("wrong, name", [
    (_log_of_softmax, "softmax-not-stabilised"),
    (lambda z: np.log(bp.activations.softmax(z)), "softmax-not-stabilised"),     # shifted p, then ln 0
    (_log_sum_exp_unshifted, "softmax-not-stabilised"),
    (_one_max_for_the_batch, "one-maximum-for-the-batch"),
    (_minus_log_p, "sign-flipped"),
])
def test_code_exercise_names_the_classic_slips_without_a_warning(wrong, name):
    with warnings.catch_warnings():
        warnings.simplefilter("error")          # the naive versions overflow: the checker keeps it quiet
        feedback = check("log_softmax_code", wrong)
    assert not feedback and feedback.misconception == name and f"«{name}»" in repr(feedback), repr(feedback)
    assert "Reread lesson 8, section 3" in repr(feedback)


# --------------------------------------------------------------------------- exercise 6: the core step
def _softmax_ce(Z, Y):                  # written here from the formulas, independently of the package
    Z = np.asarray(Z, dtype=float)
    Y = np.eye(Z.shape[1])[Y] if np.ndim(Y) == 1 else np.asarray(Y, dtype=float)
    m = Z.max(axis=1, keepdims=True)
    log_p = Z - m - np.log(np.exp(Z - m).sum(axis=1, keepdims=True))
    return -(Y * log_p).sum(), np.exp(log_p) - Y


def _one_max(Z, Y):                     # the softmax shifted by the batch's maximum: a row underflows
    Z = np.asarray(Z, dtype=float)
    Y = np.eye(Z.shape[1])[Y] if np.ndim(Y) == 1 else Y
    e = np.exp(Z - Z.max())
    P = e / e.sum(axis=1, keepdims=True)
    return -(Y * np.log(P)).sum(), P - Y


def _labels_only(Z, Y):                 # works for integer labels, not for one-hot rows
    Z = np.asarray(Z, dtype=float)
    P = bp.activations.softmax(Z)
    rows = np.arange(len(Z))
    loss = -bp.activations.log_softmax(Z)[rows, Y].sum()
    P[rows, Y] -= 1.0
    return loss, P


def _jacobian_again(Z, Y):              # p − y sent through the softmax's Jacobian once more
    loss, dZ = _softmax_ce(Z, Y)
    P = bp.activations.softmax(np.asarray(Z, dtype=float))
    return loss, np.array([bp.activations.softmax_jacobian(p) @ d for p, d in zip(P, dZ)])


def test_core_exercise_accepts_a_right_version_and_the_reference():
    assert check("softmax_cross_entropy_code", _softmax_ce)
    assert check("softmax_cross_entropy_code", exercises()["softmax_cross_entropy_code"].reference_answer())


def test_core_exercise_the_lessons_step_is_one_of_its_cases():
    from backproplab.lessons.lesson08 import exercises as ex8
    what, Z, Y = next(ex8._softmax_ce_cases())
    step = ce.tiny_network().train_step([[1.0, 0.5]], [[0.0, 1.0, 0.0]], lr=0.5)
    loss, dZ = _softmax_ce(Z, Y)
    assert "section 5" in what and loss == pytest.approx(step["E"], abs=1e-12)
    assert dZ[0] == pytest.approx([step["δ_E"], step["δ_F"], step["δ_G"]], abs=1e-12)
    assert "E = 1.468 and dZ = (0.2839, −0.7696, 0.4857)" in repr(solution("softmax_cross_entropy_code"))


@pytest.mark.parametrize("wrong, name", [
    (lambda Z, Y: (_softmax_ce(Z, Y)[0], -_softmax_ce(Z, Y)[1]), "sign-flipped"),
    (lambda Z, Y: tuple(v / len(Z) for v in _softmax_ce(Z, Y)), "mean-vs-sum"),
    (lambda Z, Y: (_softmax_ce(Z, Y)[0], _softmax_ce(Z, Y)[1] * bp.activations.softmax(np.asarray(Z, float))
                   * (1 - bp.activations.softmax(np.asarray(Z, float)))), "softmax-derivative-twice"),
])
def test_core_exercise_names_the_classic_mistakes(wrong, name):
    feedback = check("softmax_cross_entropy_code", wrong)
    assert not feedback and feedback.misconception == name and f"«{name}»" in repr(feedback)


@pytest.mark.parametrize("wrong, says", [
    (_one_max, "NaN or inf"),
    (_labels_only, "one-hot row"),
    (_jacobian_again, "δ = p − y gives"),
    (lambda Z, Y: (-_softmax_ce(Z, Y)[0], _softmax_ce(Z, Y)[1]), "but the loss is"),
    (lambda Z, Y: (_softmax_ce(Z, Y)[0] / len(Z), _softmax_ce(Z, Y)[1]), "the mean over the"),
    (lambda Z, Y: _softmax_ce(Z, Y)[1], "should return two things"),
    (lambda Z, Y: None, "returned None: end it with return loss, dZ"),
])
def test_core_exercise_says_what_else_went_wrong_without_a_warning(wrong, says):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        feedback = check("softmax_cross_entropy_code", wrong)
    assert not feedback and feedback.misconception is None and says in repr(feedback), repr(feedback)


def _naive(Z, Y):                       # p = e^z/Σe^z and −Σ y ln p, as first written
    Z = np.asarray(Z, dtype=float)
    Y = np.eye(Z.shape[1])[Y] if np.ndim(Y) == 1 else Y
    P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    return -np.sum(Y * np.log(P)), P - Y


def _one_max_log_sum_exp(Z, Y):         # exercise 5's log-sum-exp, shifted by the batch's one maximum
    Z = np.asarray(Z, dtype=float)
    Y = np.eye(Z.shape[1])[Y] if np.ndim(Y) == 1 else Y
    shifted = Z - Z.max()
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -(Y * log_p).sum(), np.exp(log_p) - Y


@pytest.mark.parametrize("unstable, name", [(_naive, "softmax-not-stabilised"),
                                            (_one_max, "one-maximum-for-the-batch"),
                                            (_one_max_log_sum_exp, "one-maximum-for-the-batch")])
def test_core_exercise_names_a_softmax_without_the_shift(unstable, name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")          # the student's own overflow warnings, shown in a lesson
        feedback = check("softmax_cross_entropy_code", unstable)
    assert feedback.misconception == name and "Reread lesson 8, section 3" in repr(feedback)


def test_core_exercise_one_maximum_for_the_batch_is_not_finite_on_two_rows_1000_apart():
    # the promise "finite for every finite Z": the log-sum-exp with one maximum passes every other case
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        loss, dZ = _one_max_log_sum_exp(np.array([[1000.0, 999.0], [0.0, -1.0]]), np.array([0, 0]))
        feedback = check("softmax_cross_entropy_code", _one_max_log_sum_exp)
    assert not (np.isfinite(loss) and np.all(np.isfinite(dZ)))
    assert "row far below that maximum" in repr(feedback)


def _jacobian_route(Z, Y):              # dZ = Jᵀ(−y/p) with p floored: p − y, except where every p is 0 or 1
    Z = np.asarray(Z, dtype=float)
    Y = np.eye(Z.shape[1])[Y] if np.ndim(Y) == 1 else Y
    P = bp.activations.softmax(Z)
    dP = -Y / np.maximum(P, 1e-300)
    return -(Y * bp.activations.log_softmax(Z)).sum(), np.array(
        [bp.activations.softmax_jacobian(p).T @ d for p, d in zip(P, dP)])


def test_core_exercise_does_not_call_a_vanishing_dz_the_slope_twice():
    feedback = check("softmax_cross_entropy_code", _jacobian_route)
    assert not feedback and feedback.misconception is None
    assert "(1000, 0, −1000)" in repr(feedback) and "p(1 − p)" not in repr(feedback), repr(feedback)


def _labels_subtracted(Z, Y):           # P − Y with Y as integer labels: the label off every entry of the row
    loss, dZ = _softmax_ce(Z, Y)
    P = dZ + (np.eye(np.shape(Z)[1])[Y] if np.ndim(Y) == 1 else Y)
    return loss, P - (Y[:, None] if np.ndim(Y) == 1 else Y)


def test_core_exercise_says_when_labels_were_not_turned_into_one_hot_rows():
    feedback = repr(check("softmax_cross_entropy_code", _labels_subtracted))
    assert "section 5's step (label 1, class F)" in feedback
    assert "Y came as integer labels here; turn them into one-hot rows" in feedback


def test_core_exercise_names_the_case_on_which_the_function_raised():
    feedback = repr(check("softmax_cross_entropy_code", _labels_only))
    assert "for section 5's step (the one-hot row (0, 1, 0)) your function raised IndexError" in feedback
    assert "(Y came as one-hot rows here)" in feedback


def test_core_exercise_stub_says_not_yet_with_the_nudge(monkeypatch):
    from backproplab.exercises import registry
    monkeypatch.setattr(registry, "_TRIES", {})           # a first try, whatever the tests before it tried
    feedback = repr(check("softmax_cross_entropy_code", lambda Z, Y: None))
    assert "not yet" in feedback and exercises()["softmax_cross_entropy_code"].nudge in feedback


# --------------------------------------------------------------------------- section 1: the slowdown
def test_slowdown_gradients_are_the_two_deltas_times_x():
    sse, bce = ce.slowdown("half_sse", steps=3), ce.slowdown("bce", steps=3)
    o = 1.0 / (1.0 + math.exp(5.0))
    assert sse.outputs[0] == bce.outputs[0] == pytest.approx(o, rel=1e-14)
    assert sse.grads[0] == pytest.approx((o - 1.0) * o * (1.0 - o), rel=1e-12)
    assert bce.grads[0] == pytest.approx(o - 1.0, rel=1e-12)
    assert sse.losses[0] == pytest.approx(0.5 * (1.0 - o) ** 2, rel=1e-12)
    assert bce.losses[0] == pytest.approx(-math.log(o), rel=1e-12)
    # the first update: w ← −5 − 0.5·∂E/∂w
    assert bce.outputs[1] == pytest.approx(1.0 / (1.0 + math.exp(5.0 + 0.5 * (o - 1.0))), rel=1e-12)


def test_slowdown_step_counts_the_lesson_prints_are_far_from_their_threshold():
    sse, bce = ce.slowdown("half_sse"), ce.slowdown("bce")
    assert (ce.first_step_reaching(sse), ce.first_step_reaching(bce)) == (334, 12)
    for run, n in ((sse, 334), (bce, 12)):       # no round-off can move the crossing by a step
        assert run.outputs[n] - 0.5 > 1e-3 and 0.5 - run.outputs[n - 1] > 1e-3
    assert ce.first_step_reaching(sse, 0.9999) is None
    assert sse.losses.shape == sse.grads.shape == (ce.SATURATED["steps"],)


def test_slowdown_rejects_bad_arguments():
    with pytest.raises(ValueError, match="steps"):
        ce.slowdown("bce", steps=0)
    with pytest.raises(ValueError, match="loss"):
        ce.slowdown("cross_entropy_typo")


# --------------------------------------------------------------------------- section 3: naive vs stable
def test_naive_softmax_cross_entropy_shows_nan_and_inf_silently():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p, E = ce.naive_softmax_cross_entropy([800.0, 0.0], [0.0, 1.0])
        assert np.isnan(p[0]) and p[1] == 0.0 and np.isnan(E)
        p, E = ce.naive_softmax_cross_entropy([0.0, -800.0], [0.0, 1.0])
        assert p.tolist() == [1.0, 0.0] and E == math.inf
        p, E = ce.naive_softmax_cross_entropy([1.0, 2.0], [0.0, 1.0])
    assert E == pytest.approx(math.log(1.0 + math.exp(-1.0)), rel=1e-12)
    for z in ([800.0, 0.0], [0.0, -800.0]):
        z_ = np.array([z])
        assert bp.losses.cross_entropy.value_and_delta(z_, bp.activations.softmax(z_), np.array([[0.0, 1.0]]))[0] == 800.0
    with pytest.raises(ValueError, match="shape of z"):
        ce.naive_softmax_cross_entropy([1.0, 2.0], [1.0])


# --------------------------------------------------------------------------- section 4: the spiral
@pytest.fixture(scope="module")
def spiral():
    return ce.train_spiral()


def test_spiral_counts_the_lesson_prints_and_their_margin(spiral):
    train = ce.confusion_matrix(spiral.labels, ce.predicted_classes(spiral.net, spiral.X))
    test = ce.confusion_matrix(spiral.labels_test, ce.predicted_classes(spiral.net, spiral.X_test))
    np.testing.assert_array_equal(train, np.diag([100, 100, 100]))
    np.testing.assert_array_equal(test, [[98, 0, 2], [1, 98, 1], [1, 2, 97]])
    assert min(ce.smallest_margin(spiral.net, X) for X in (spiral.X, spiral.X_test)) > 0.1
    assert spiral.history.loss[0] > 400 and spiral.history.loss[-1] < 3


def test_starting_loss_against_n_ln_k(spiral):
    check0 = ce.starting_loss()
    assert (check0.samples, check0.classes) == (300, 3)
    assert check0.chance == pytest.approx(300 * math.log(3), rel=1e-15)
    assert check0.loss == pytest.approx(spiral.history.loss[0], rel=1e-12)      # the "406 before training"
    # the lesson prints 330, 406, 395, 0.03 and 0.88: each far from its rounding threshold (the closest,
    # 394.536, is 0.036 away, some 10⁹ times what round-off in another summation order could move it)
    for value, decimals in ((check0.chance, 0), (check0.loss, 0), (check0.label_blind, 0),
                            (check0.p_min, 2), (check0.p_max, 2)):
        shifted = value * 10 ** decimals
        assert abs(shifted - math.floor(shifted) - 0.5) > 0.02, value
    assert (round(check0.chance), round(check0.loss), round(check0.label_blind)) == (330, 406, 395)
    # averaged over the K labels a point costs at least ln K; the right labels cost more still here
    assert check0.chance < check0.label_blind < check0.loss
    assert 0 < check0.p_min < 1 / 3 < check0.p_max < 1
    small = ce.SpiralSettings(n_per_class=4, hidden=2)
    assert ce.starting_loss(small).label_blind >= ce.starting_loss(small).chance
    with pytest.raises(TypeError, match="settings must be a SpiralSettings"):
        ce.starting_loss({"n_per_class": 4})


def test_soft_target_minimum_is_the_entropy():
    """Section 2's soft-target box: E(p) = H(y) + KL(y‖p) ≥ H(y), equal at p = y; δ = p − y there is 0."""
    y = np.array([0.7, 0.2, 0.1])
    entropy = -np.sum(y * np.log(y))
    assert bp.losses.cross_entropy.value(y, y) == pytest.approx(entropy, rel=1e-14)
    rng = np.random.default_rng(0)
    for _ in range(50):
        p = rng.dirichlet(np.ones(3))
        kl = np.sum(y * np.log(y / p))
        assert bp.losses.cross_entropy.value(p, y) == pytest.approx(entropy + kl, rel=1e-12) and kl >= 0


def test_two_class_softmax_is_sigmoid_and_bce():
    sigmoid, softmax = bp.activations.sigmoid, bp.activations.softmax
    rng = np.random.default_rng(1)
    for _ in range(20):
        z = rng.normal(0, 3, size=2)
        t = rng.uniform()
        o = sigmoid(np.array([z[0] - z[1]]))
        assert softmax(z)[0] == pytest.approx(o[0], rel=1e-13)
        assert bp.losses.cross_entropy.value(softmax(z), np.array([t, 1 - t])) == pytest.approx(
            bp.losses.bce.value(o, np.array([t])), rel=1e-12)


def test_confusion_matrix_by_hand():
    C = ce.confusion_matrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2])
    np.testing.assert_array_equal(C, [[1, 1, 0], [0, 1, 0], [1, 0, 2]])
    assert C.dtype == np.int64
    np.testing.assert_array_equal(ce.confusion_matrix([0, 1], [0, 0], classes=3), [[1, 0, 0], [1, 0, 0], [0, 0, 0]])
    np.testing.assert_array_equal(ce.confusion_matrix([0, 0], [0, 2]), [[1, 0, 1], [0, 0, 0], [0, 0, 0]])
    with pytest.raises(ValueError, match="below classes = 2"):
        ce.confusion_matrix([0, 1], [0, 2], classes=2)


@pytest.mark.parametrize("labels, predicted, match", [
    ([0, 1], [0, 1, 1], "one class per sample"),
    ([0, 1], [0, 1, 1], "predicted must hold one class per sample"),
    ([0, 1], [0, 0.5], "predicted must hold whole numbers"),
    ([0, 1.5], [0, 1], "whole numbers"),
    ([0, -1], [0, 1], "whole numbers"),
])
def test_confusion_matrix_rejects_bad_labels(labels, predicted, match):
    with pytest.raises(ValueError, match=match):
        ce.confusion_matrix(labels, predicted)


def test_format_confusion_lines_up_the_counts():
    text = ce.format_confusion([[98, 0, 2], [1, 98, 1], [1, 2, 97]])
    lines = text.splitlines()
    assert lines[0].split() == ["predicted", "0", "1", "2"]
    assert lines[1].split() == ["true", "class", "0:", "98", "0", "2"]
    assert len({len(line) for line in lines}) == 1          # right-aligned columns
    with pytest.raises(ValueError, match="square"):
        ce.format_confusion([[1, 2, 3]])


# --------------------------------------------------------------------------- section 5: the tiny step
def test_tiny_softmax_step_deltas_are_p_minus_y():
    tiny = ce.tiny_network()
    step = tiny.train_step([[1.0, 0.5]], [[0.0, 1.0, 0.0]], lr=0.5)
    assert (ce.TINY["x"], ce.TINY["label"], ce.TINY["lr"]) == ([1.0, 0.5], 1, 0.5)   # what section 5 says
    o_C, o_D = 1 / (1 + math.exp(-0.7)), 1 / (1 + math.exp(-0.3))
    z = np.array([0.6 * o_C - 0.5 * o_D, -0.4 * o_C + 0.3 * o_D, 0.2 * o_C + 0.9 * o_D])
    assert ce.tiny_net_inputs() == pytest.approx(z[None, :], abs=1e-14)
    assert [step[f"z_{name}"] for name in "EFG"] == pytest.approx(z, abs=1e-14)
    p = np.exp(z) / np.exp(z).sum()
    for name, value in zip("EFG", p - [0.0, 1.0, 0.0]):
        assert step[f"δ_{name}"] == pytest.approx(value, abs=1e-14)
    assert step["E"] == pytest.approx(-math.log(p[1]), abs=1e-14)
    assert "p_F = exp(z_F)/Σⱼ exp(z_j)" in step.explain()

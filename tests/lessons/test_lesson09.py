"""Lesson 9 (training in practice): its helpers and its exercises."""
import warnings
from pathlib import Path

import numpy as np
import pytest

from backproplab import Network
from backproplab.datasets import moons
from backproplab.exercises import check, exercises, solution
from backproplab.lessons.lesson09 import practice

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "09_training_in_practice.ipynb"
KEYS = ["mse_eta", "momentum_flat_step", "equal_weights_stay_equal", "momentum_update_code",
        "half_sse_doubled_data", "momentum_flipping_step", "symmetry_breaker"]
XOR_X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=float)
XOR_Y = np.array([[0], [1], [1], [0]], dtype=float)


# --------------------------------------------------------------------------- helpers
@pytest.mark.parametrize("loss, combine", [("half_sse", np.sum), ("sse", np.sum), ("mse", np.mean)])
def test_per_example_gradients_add_up_to_the_full_batch_gradient(loss, combine):
    X, y = moons(12, seed=1)
    net = Network([2, 3, 1], loss=loss, seed=2)
    per = practice.per_example_gradients(net, X, y)
    _, gW, gb = net.gradients(X, y)
    assert len(per) == 12
    for k in range(2):
        np.testing.assert_allclose(combine([p[0][k] for p in per], axis=0), gW[k], rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(combine([p[1][k] for p in per], axis=0), gb[k], rtol=1e-12, atol=1e-15)


def test_slice_surface_is_the_loss_with_two_weights_moved():
    X, y = moons(10, seed=3)
    net = Network([2, 3, 1], seed=4)
    before = [w.copy() for w in net.weights]
    u, v, E = practice.slice_surface(net, X, y, (1, 0, 0), (0, 1, 2), span=(1.0, 0.5), resolution=5)
    assert E.shape == (5, 5) and u[2] == net.weights[1][0, 0] and v[2] == net.weights[0][1, 2]
    assert all(np.array_equal(a, b) for a, b in zip(before, net.weights))       # unchanged
    for r, c in [(0, 0), (1, 3), (4, 2)]:
        moved = [w.copy() for w in net.weights]
        moved[1][0, 0], moved[0][1, 2] = u[c], v[r]
        assert E[r, c] == pytest.approx(net.with_weights(moved, net.biases).loss_value(X, y), rel=1e-12)
    with pytest.raises(ValueError, match=r"weight \(2, 0, 0\) is not in a network"):
        practice.slice_surface(net, X, y, (2, 0, 0), (0, 0, 0))


def test_the_valley_is_the_quadratic_and_the_path_is_heavy_ball():
    net, X, y = practice.valley(a=2.0, b=30.0, start=(-3.0, 1.0))
    assert net.loss_value(X, y) == pytest.approx(0.5 * (2.0 * 9 + 30.0 * 1), rel=1e-14)
    path, history = practice.descent_path(net, X, y, steps=20, lr=0.03, momentum=0.7)
    w, v = np.array([-3.0, 1.0]), np.zeros(2)
    expected = [w.copy()]
    for _ in range(20):
        v = 0.7 * v - 0.03 * np.array([2.0, 30.0]) * w
        w = w + v
        expected.append(w.copy())
    np.testing.assert_allclose(path, expected, rtol=1e-12, atol=1e-14)
    assert len(history.loss) == 20 and net.weights[0].ravel().tolist() == [-3.0, 1.0]   # a copy trained
    assert practice.steps_below([3, 2, 0.5, 0.1], 1) == 2 and practice.steps_below([3, 2], 1) is None


def test_equal_weights_stay_equal_and_random_ones_do_not():
    equal = practice.equal_start((3, 4, 1), value=0.5)
    equal.fit(XOR_X, XOR_Y, epochs=1000, lr=1.0)
    assert practice.hidden_spread(equal) < 1e-12
    assert not np.allclose(equal.weights[0], 0.5)                 # it did train
    rand = Network([3, 4, 1], bias=False, seed=0)
    rand.fit(XOR_X, XOR_Y, epochs=1000, lr=1.0)
    assert practice.hidden_spread(rand) > 0.1


def test_batch_size_runs_count_steps_and_share_the_start():
    X, y = moons(50, seed=0)
    runs = practice.batch_size_runs(X, y, [None, 16, 1], epochs=3, lr=0.5, hidden=4)
    assert [(r.batch_size, r.steps_per_epoch, r.steps) for r in runs.values()] == [(50, 1, 3), (16, 4, 12), (1, 50, 150)]
    assert len({r.loss[0] for r in runs.values()}) == 1 and all(r.loss.shape == (4,) for r in runs.values())


def test_start_spread_follows_the_rules_and_keeps_the_divergence_quiet():
    rng = np.random.default_rng(1)
    x, y = rng.standard_normal((64, 300)), rng.standard_normal((64, 5))
    with warnings.catch_warnings():
        warnings.simplefilter("error")                  # nothing may escape: no RuntimeWarning, no TrainingDiverged
        result = practice.start_spread(x, y, [300, 50, 5], inits=("normal", "lecun", "he"), activation="relu",
                                       output="linear", loss="sse", epochs=15, lr=1e-3)
    assert result["normal"].z_std[0] == pytest.approx(np.sqrt(300), rel=0.1)
    assert result["lecun"].z_std[0] == pytest.approx(1.0, rel=0.1)
    assert result["he"].z_std[0] == pytest.approx(np.sqrt(2), rel=0.1)
    assert result["normal"].diverged is not None and len(result["normal"].loss) == result["normal"].diverged
    assert result["he"].diverged is None and result["he"].loss[-1] < result["he"].loss[0]
    assert result["he"].saturated[0] == pytest.approx(0.5, abs=0.05)      # ReLU: half the units are off


# --------------------------------------------------------------------------- exercises
def test_exercises_are_registered():
    assert set(KEYS) <= set(exercises())
    assert exercises()["momentum_update_code"].points == 2


def test_answers_follow_from_the_package():
    # mse at N·K·η/2 = 40·1·0.02/2
    assert exercises()["mse_eta"].answer() == pytest.approx(0.4, rel=1e-14)
    X, y = moons(40, seed=9)
    a, b = Network([2, 3, 1], seed=0), Network.from_weights(Network([2, 3, 1], seed=0).weights,
                                                            Network([2, 3, 1], seed=0).biases, loss="mse")
    a.fit(X, y, epochs=20, lr=0.02)
    b.fit(X, y, epochs=20, lr=exercises()["mse_eta"].answer())
    np.testing.assert_allclose(a.weights[0], b.weights[0], rtol=1e-12)
    # a straight slope: the velocity's geometric series, η·g/(1 − μ) = 0.1·2/0.1
    assert exercises()["momentum_flat_step"].answer() == pytest.approx(2.0, rel=1e-12)
    assert exercises()["equal_weights_stay_equal"].answer() == 2


@pytest.mark.parametrize("key, good, bad", [
    ("mse_eta", 0.4, 0.02),                   # 0.02: the half_sse rate unchanged
    ("mse_eta", 0.4, 0.01),                   # 0.01: divided instead of multiplied
    ("mse_eta", 0.4, 0.8),                    # 0.8: N·K·η, the ½ forgotten
    ("momentum_flat_step", 2.0, 0.2),         # 0.2: the first step, plain gradient descent
    ("momentum_flat_step", 2, 1.8),           # 1.8: η·g/(1 − μ) … with μ·… mixed up
    ("equal_weights_stay_equal", 2, 3),
    ("equal_weights_stay_equal", 2, 1),
])
def test_checker_accepts_the_answer_and_rejects_mix_ups(key, good, bad):
    assert check(key, good)
    assert not check(key, bad)
    assert not check(key, None) and "Hint" in repr(check(key, None))


def test_solutions_show_the_computed_numbers():
    text = repr(solution("mse_eta"))
    assert "η = 20 · 0.02 = 0.4" in text and "1e-12" in text and "0.05 times as large (20 times smaller)" in text
    assert "0.2/0.1 = 2" in repr(solution("momentum_flat_step"))
    assert repr(solution("equal_weights_stay_equal")).startswith("Solution (equal_weights_stay_equal): 2.")


def test_momentum_reference_passes_and_wrong_updates_fail_with_a_reason():
    fn = exercises()["momentum_update_code"].reference_answer()
    assert check("momentum_update_code", fn)
    cases = [
        (lambda w, v, g, lr, mu: (w - lr * g, v), "first step matches"),               # forgets the velocity
        (lambda w, v, g, lr, mu: None, "returned None"),
        (lambda w, v, g, lr, mu: w - lr * g, "two arrays"),
    ]
    for wrong, says in cases:
        feedback = check("momentum_update_code", wrong)
        assert not feedback and says in repr(feedback) and "Hint" in repr(feedback), repr(feedback)


def test_momentum_slips_are_named_and_the_stub_is_not_a_try():
    named = [
        (lambda w, v, g, lr, mu: (w + v, mu * v - lr * g), "momentum-sign-or-order"),        # old v on w
        (lambda w, v, g, lr, mu: (w + mu * v + lr * g, mu * v + lr * g), "momentum-sign-or-order"),  # uphill
        (lambda w, v, g, lr, mu: (w - (mu * v - lr * g), mu * v - lr * g), "momentum-sign-or-order"),  # w − v
        (lambda w, v, g, lr, mu: (w - lr * g, -lr * g), "assign-instead-of-accumulate"),    # μv forgotten
        (lambda w, v, g, lr, mu: (w, mu * v - lr * g), "not-every-weight-updated"),         # w not moved
    ]
    for wrong, name in named:
        feedback = check("momentum_update_code", wrong)
        assert not feedback and feedback.misconception == name, repr(feedback)
    stub = check("momentum_update_code", lambda w, v, g, lr, mu: None)
    assert not stub and "not yet" in repr(stub) and not stub.answered


def test_new_questions_follow_from_the_package():
    # every point twice: half_sse's gradient (a sum) doubles, so η halves; the same η is the mean's answer
    assert exercises()["half_sse_doubled_data"].answer() == pytest.approx(0.03, rel=1e-14)
    assert "agree to 1e-12" in repr(solution("half_sse_doubled_data"))
    assert check("half_sse_doubled_data", 0.03) and not check("half_sse_doubled_data", 0.12)
    assert check("half_sse_doubled_data", 0.06).misconception == "mean-vs-sum"
    # a gradient that flips sign: |v| → η·g/(1 + μ) = 0.2/1.9, asked to 3 decimals
    assert exercises()["momentum_flipping_step"].answer() == pytest.approx(0.2 / 1.9, rel=1e-12)
    v = 0.0
    for n in range(400):
        v = 0.9 * v - 0.1 * 2.0 * (-1) ** n
    assert abs(v) == pytest.approx(0.2 / 1.9, rel=1e-9)
    assert check("momentum_flipping_step", 0.105) and not check("momentum_flipping_step", 2.0)
    assert "asks for 3" in repr(check("momentum_flipping_step", 0.11))
    # only the different outgoing weights make the hidden neurons differ
    from backproplab.lessons.lesson09.exercises import symmetry_runs
    spread = symmetry_runs()
    assert max(spread[1], spread[2], spread[4]) < 1e-12 and spread[3] > 0.1
    assert exercises()["symmetry_breaker"].answer() == 3
    assert check("symmetry_breaker", 3) and not check("symmetry_breaker", 1) and not check("symmetry_breaker", 4)


# --------------------------------------------------------------------------- the stability bound, ReLU growth
def test_curvatures_are_the_hessians_eigenvalues():
    net, X, y = practice.valley(a=1.0, b=50.0)
    np.testing.assert_allclose(practice.curvatures(net, X, y), [1.0, 50.0], rtol=1e-12)
    net, X, y = practice.regression_valley()                   # mse: H = 2/(NK) XᵀX
    np.testing.assert_allclose(practice.curvatures(net, X, y), np.linalg.eigvalsh(2 / len(X) * X.T @ X), rtol=1e-10)
    with pytest.raises(ValueError, match="net must be one linear layer without bias"):
        practice.curvatures(Network([2, 3, 1], seed=0), X, y)


@pytest.mark.parametrize("mu", [0.0, 0.5, 0.9])
def test_largest_stable_lr_separates_convergence_from_divergence(mu):
    net, X, y = practice.valley(a=1.0, b=50.0, start=(-4.0, 1.0))
    bound = practice.largest_stable_lr(practice.curvatures(net, X, y)[-1], mu)
    assert bound == pytest.approx(2 * (1 + mu) / 50, rel=1e-12)
    below = practice.descent_path(net, X, y, steps=3000, lr=0.97 * bound, momentum=mu)[0]
    above = practice.descent_path(net, X, y, steps=300, lr=1.03 * bound, momentum=mu)[0]
    assert abs(below[-1, 1]) < 1e-3 * abs(below[0, 1])          # the steep weight settles
    assert abs(above[-1, 1]) > 10 * abs(above[0, 1])            # and grows beyond the bound
    with pytest.raises(ValueError, match="momentum"):
        practice.largest_stable_lr(1.0, 1.0)


def test_the_explorer_claims_of_the_stability_bound():
    net, X, y = practice.regression_valley()
    lam = practice.curvatures(net, X, y)[-1]
    assert practice.largest_stable_lr(lam) < 1.0 < practice.largest_stable_lr(lam, 0.9)   # μ = 0.9 rescues η = 1


def test_relu_growth_is_the_root_of_half_the_fan_in_variance():
    assert practice.relu_growth("uniform", n_in=100) == pytest.approx(np.sqrt(100 / 6), rel=1e-14)
    assert practice.relu_growth("normal", n_in=100) == pytest.approx(np.sqrt(50), rel=1e-14)
    assert practice.relu_growth("he", n_in=37) == pytest.approx(1.0, rel=1e-14)
    with pytest.raises(ValueError, match="init must be one of"):
        practice.relu_growth("xavier", n_in=10)


def test_batch_run_loss_after_only_where_measured():
    X, y = moons(50, seed=0)
    runs = practice.batch_size_runs(X, y, [None, 16], epochs=3, lr=0.5, hidden=4)
    full, mini = runs[None], runs[16]
    assert full.loss_after(2) == full.loss[2] and mini.loss_after(8) == mini.loss[2]
    assert mini.loss_after(6) is None and full.loss_after(4) is None


def test_standardise_uses_the_training_sets_statistics():
    rng = np.random.default_rng(0)
    train = rng.normal([3.0, -1.0], [2.0, 0.5], size=(50, 2))
    np.testing.assert_allclose(practice.standardise(train).mean(axis=0), 0.0, atol=1e-14)
    np.testing.assert_allclose(practice.standardise(train).std(axis=0), 1.0, rtol=1e-14)
    later = rng.normal(size=(5, 2))
    np.testing.assert_allclose(practice.standardise(later, train),
                               (later - train.mean(axis=0)) / train.std(axis=0), rtol=1e-14)
    with pytest.raises(ValueError, match="train must not have a constant column"):
        practice.standardise(np.ones((4, 2)))
    with pytest.raises(ValueError, match="train must have the 2 columns of X"):
        practice.standardise(later, np.ones((4, 3)))


def test_the_standardisation_box_figures(notebook_cells):
    """Section 6's side box: standardising the explorer's inputs leaves its valley (it comes from
    correlation, not scale): after it the Hessian is 2(correlation matrix), eigenvalues 2(1 ± ρ)."""
    net, X, y = practice.regression_valley()
    rho = float(np.corrcoef(X.T)[0, 1])
    before, after = (lam[-1] / lam[0] for lam in (practice.curvatures(net, Xq, y)
                                                   for Xq in (X, practice.standardise(X))))
    assert after == pytest.approx((1 + rho) / (1 - rho), rel=1e-10)
    box = next("".join(c["source"]) for c in notebook_cells(NOTEBOOK)
               if "The variance argument assumes standardised inputs" in "".join(c["source"]))
    assert f"correlation {rho:.2f}" in box and f"from {before:.1f} to {after:.1f}" in box, box

"""Lesson 5: dropout's forward and backward pass, train vs evaluation mode, the L1/L2 gradients,
the lesson's data sets and exercises, and the numbers its story rests on."""
import itertools
import subprocess
from pathlib import Path

import numpy as np
import pytest

from backproplab import Network, datasets, gradcheck, regularisers
from backproplab.lessons.lesson05 import dropout_step, dropout_survey, overfitting
from backproplab.exercises import check, exercises
from backproplab.lessons.lesson05 import exercises as lesson5

X_XOR, Y_XOR = datasets.xor()
NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "05_dropout.ipynb"


def _net_with_dropout(p=0.3, sizes=(3, 5, 4, 2), activation="tanh", bias=True, seed=3):
    net = Network(list(sizes), activation=activation, bias=bias, dropout=p, seed=seed)
    if bias:
        rng = np.random.default_rng(seed)
        for b in net.biases:
            b[:] = rng.uniform(-0.5, 0.5, b.shape)
    return net


# ---------------------------------------------------------------- dropout: forward and backward
@pytest.mark.parametrize("sizes, activation, bias", [((3, 4, 1), "sigmoid", False),
                                                     ((3, 5, 4, 2), "tanh", True),
                                                     ((2, 6, 1), ["relu", "sigmoid"], True)])
def test_dropout_gradients_match_numerical_ones_with_a_fixed_mask(sizes, activation, bias):
    net = _net_with_dropout(0.3, sizes, activation, bias)
    rng = np.random.default_rng(11)
    X = rng.normal(size=(5, sizes[0]))
    y = rng.uniform(0, 1, size=(5, sizes[-1]))
    masks = [regularisers.draw_masks((5, n), 0.3, rng) for n in sizes[1:-1]]
    assert any((m == 0).any() for m in masks)              # something is dropped
    assert gradcheck.check_network(net, X, y, masks=masks) < 1e-7
    # and the check notices a wrong mask: the gradient of one mask is not the gradient of another
    _, grads, _ = net.gradients(X, y, masks=masks)
    other = [1.0 - m for m in masks]
    _, grads_other, _ = net.gradients(X, y, masks=other)
    assert gradcheck.rel_error(grads[0], grads_other[0]) > 1e-3


def test_a_dropped_unit_passes_on_zero_and_gets_a_zero_error_term():
    net, trace = dropout_step.dropout_example()
    hidden = trace.layers[0]
    dropped = hidden.mask == 0
    assert dropped.sum() == 3                               # the lesson's mask: D in (0,0), F and G in (1,0)
    np.testing.assert_array_equal(np.argwhere(dropped), [[0, 0], [2, 2], [2, 3]])
    np.testing.assert_array_equal(hidden.output[dropped], 0.0)
    np.testing.assert_array_equal(hidden.delta[dropped], 0.0)
    assert np.all(hidden.delta[~dropped] != 0.0)
    np.testing.assert_allclose(hidden.output, regularisers.inverted_dropout(hidden.a, hidden.mask, 0.2), rtol=0, atol=0)
    # δ_j = (Σ_k δ_k w_jk) · m_j/(1 − p) · o_j(1 − o_j), written out
    upstream = trace.layers[1].delta.dot(trace.weights_before[1].T)
    expected = upstream * hidden.mask / 0.8 * hidden.a * (1 - hidden.a)
    np.testing.assert_allclose(hidden.delta, expected, rtol=1e-12, atol=0)
    # a dropped unit's outgoing weights learn nothing from that sample: ô_j δ_k = 0
    assert np.all(hidden.output[2, 2:] * trace.layers[1].delta[2, 0] == 0.0)


def test_dropout_example_is_the_lessons_construction():
    net, trace = dropout_step.dropout_example()
    again = Network([3, 4, 1], bias=False, dropout=0.2, seed=dropout_step.EXAMPLE_SEED)
    trace2 = again.train_step(X_XOR, Y_XOR, lr=0.5)
    np.testing.assert_array_equal(trace.layers[0].mask, trace2.layers[0].mask)
    for w1, w2 in zip(net.weights, again.weights):
        np.testing.assert_array_equal(w1, w2)


# ---------------------------------------------------------------- training vs evaluation mode
def test_forward_never_drops_and_a_training_pass_does():
    net = _net_with_dropout(0.5, (3, 6, 1), "sigmoid", True)
    X = np.random.default_rng(0).normal(size=(7, 3))
    plain = Network.from_weights(net.weights, net.biases, activation="sigmoid")   # same weights, no dropout
    np.testing.assert_array_equal(net.forward(X), plain.forward(X))
    np.testing.assert_array_equal(net.forward(X), net.forward(X))                  # deterministic
    masks = [regularisers.draw_masks((7, 6), 0.5, 1)]
    assert not np.allclose(dropout_step.masked_forward(net, X, masks), net.forward(X))
    # with every unit kept a training pass still scales by 1/(1 − p): it is the network with W2/(1 − p)
    ones = [np.ones((7, 6))]
    scaled = Network.from_weights([net.weights[0], net.weights[1] / 0.5], net.biases, activation="sigmoid")
    np.testing.assert_allclose(dropout_step.masked_forward(net, X, ones), scaled.forward(X), rtol=1e-12)
    # and masked_forward is what train_step sees
    trace = Network.from_weights(net.weights, net.biases, dropout=0.5).train_step(X, np.zeros((7, 1)), lr=0.1,
                                                                                 masks=masks)
    np.testing.assert_array_equal(dropout_step.masked_forward(net, X, masks), trace.output)


def test_train_and_eval_differ_only_through_the_masks():
    """fit with dropout changes the training passes but forward stays the evaluation pass."""
    net = Network([3, 8, 1], bias=False, dropout=0.2, seed=4)
    net.fit(X_XOR, Y_XOR, epochs=300, lr=0.5)
    trace = net.train_step(X_XOR, Y_XOR, lr=1e-12)           # a training pass (weights hardly move)
    assert not np.allclose(trace.output, net.forward(X_XOR))
    np.testing.assert_allclose(trace.output, dropout_step.masked_forward(net, X_XOR, [trace.layers[0].mask]), atol=1e-9)


def test_inverted_dropout_keeps_the_expected_activation():
    for p in (0.2, 0.5, 0.8):
        avg = dropout_step.mask_average(0.6, p, n_masks=200_000, seed=1)
        assert avg.mean_inverted == pytest.approx(0.6, abs=0.01)
        assert avg.mean_unscaled == pytest.approx(0.6 * (1 - p), abs=0.01)
        assert avg.running_inverted.shape == (200_000,)
    table = dropout_step.expected_activation_table(0.6, rates=(0.2, 0.5), n_masks=50_000, seed=0)
    np.testing.assert_allclose(table.column("mean of o·m/(1−p)"), 0.6, atol=0.01)
    np.testing.assert_allclose(table.column("(1−p)·o"), [0.48, 0.3])


def test_scaling_at_test_time_is_the_same_network():
    net = Network([3, 4, 1], bias=False, dropout=0.2, seed=0)
    net.fit(X_XOR, Y_XOR, epochs=2000, lr=0.5)
    outs = dropout_step.scaling_comparison(net, X_XOR)
    np.testing.assert_allclose(outs["scaled at test"], outs["inverted"], rtol=1e-12)
    assert np.abs(outs["not scaled"] - outs["inverted"]).max() > 0.01
    table = dropout_step.scaling_table(net, X_XOR, Y_XOR)
    np.testing.assert_allclose(table.column("inverted dropout (net.forward)"), net.forward(X_XOR)[:, 0], atol=5e-5)
    with pytest.raises(ValueError, match="dropout > 0"):
        dropout_step.scaling_comparison(Network([3, 4, 1]), X_XOR)


def test_keep_scale_and_masks():
    assert regularisers.keep_scale(0.5) == 2.0
    assert regularisers.keep_scale(0.0) == 1.0
    m = regularisers.draw_masks((1000, 50), 0.3, 0)
    assert set(np.unique(m)) == {0.0, 1.0}
    assert m.mean() == pytest.approx(0.7, abs=0.01)
    # the Network's rule: the same generator state gives the same masks
    net = Network([3, 50, 1], dropout=0.3, seed=9)
    rng = np.random.default_rng(9)
    rng.random((3, 50)), rng.random((50, 1))                 # what the initial weights used
    np.testing.assert_array_equal(net.draw_masks(1000)[0], regularisers.draw_masks((1000, 50), 0.3, rng))


# ---------------------------------------------------------------- L1 / L2
@pytest.mark.parametrize("penalty", [{"l2": 0.05}, {"l1": 0.05}, {"l2": 0.03, "l1": 0.02}])
def test_penalty_gradients_match_numerical_ones(penalty):
    net = _net_with_dropout(0.25, (3, 5, 2), "tanh", True, seed=5)
    rng = np.random.default_rng(5)
    X, y = rng.normal(size=(4, 3)), rng.uniform(size=(4, 2))
    masks = [regularisers.draw_masks((4, 5), 0.25, rng)]
    assert min(np.abs(w).min() for w in net.weights) > 1e-3  # |w| has a kink at 0: stay away from it
    assert gradcheck.check_network(net, X, y, masks=masks, **penalty) < 1e-7


def test_penalty_gradients_are_lambda_w_and_lambda_sign_w():
    net = _net_with_dropout(0.0, (3, 5, 2), "sigmoid", True, seed=2)
    rng = np.random.default_rng(2)
    X, y = rng.normal(size=(4, 3)), rng.uniform(size=(4, 2))
    E0, g0, b0 = net.gradients(X, y)
    E2, g2, b2 = net.gradients(X, y, l2=0.1)
    E1, g1, b1 = net.gradients(X, y, l1=0.1)
    for w, a, b, c in zip(net.weights, g0, g2, g1):
        np.testing.assert_allclose(b - a, 0.1 * w, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(c - a, 0.1 * np.sign(w), rtol=1e-12, atol=1e-15)
    for a, b, c in zip(b0, b2, b1):                          # biases are not penalised
        np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(a, c)
    assert E2 - E0 == pytest.approx(0.05 * sum((w ** 2).sum() for w in net.weights))
    assert E1 - E0 == pytest.approx(0.1 * sum(np.abs(w).sum() for w in net.weights))


def test_l2_is_weight_decay_and_l1_a_constant_pull():
    w0, lr, lam = 0.5, 0.1, 0.1
    step = lambda **pen: Network.from_weights([np.array([[w0]])], None, activation="linear").train_step(
        [[1.0]], [[0.0]], lr=lr, **pen).weights_after[0][0, 0]
    assert step(l2=lam) == pytest.approx((1 - lr * lam) * w0 - lr * w0)      # (1 − ηλ)w − η ∂E/∂w
    assert step(l1=lam) == pytest.approx(w0 - lr * (w0 + lam))
    assert step() == pytest.approx(w0 - lr * w0)


# ---------------------------------------------------------------- the classic XOR run
@pytest.mark.parametrize("hidden, p", [(4, 0.2), (6, 0.0), (5, 0.5)])
def test_seed_survey_is_network_fit_bit_for_bit(hidden, p):
    seeds, epochs = [0, 3, 6], 1500
    survey = dropout_survey.xor_seed_survey(seeds, hidden=hidden, dropout=p, lr=0.5, epochs=epochs)
    for i, seed in enumerate(seeds):
        net = Network([3, hidden, 1], bias=False, dropout=p, seed=seed)
        net.fit(X_XOR, Y_XOR, epochs=epochs - 1, lr=0.5)
        last = net.train_step(X_XOR, Y_XOR, lr=0.5)
        for w_survey, w_net in zip(survey.weights[i], net.weights):
            np.testing.assert_array_equal(w_survey, w_net)
        np.testing.assert_array_equal(survey.last_pass[i], last.output[:, 0])
        np.testing.assert_array_equal(survey.eval_output[i], net.forward(X_XOR)[:, 0])
        if p:
            np.testing.assert_array_equal(survey.last_masks[i], last.layers[0].mask)
    assert (survey.miss is None) == (p == 0)


def test_several_settings_in_one_stack_equal_one_survey_each():
    """xor_seed_surveys trains the settings of one width together (with and without dropout):
    every number equals xor_seed_survey's, which equals Network.fit's bit for bit."""
    seeds, epochs = [0, 6], 800
    settings = [dict(hidden=4, dropout=0.2), dict(hidden=6, dropout=0.5), dict(hidden=4, dropout=0.05),
                dict(hidden=4, dropout=0.0)]
    together = dropout_survey.xor_seed_surveys(seeds, settings, lr=0.5, epochs=epochs)
    for setting, survey in zip(settings, together):
        alone = dropout_survey.xor_seed_survey(seeds, lr=0.5, epochs=epochs, **setting)
        assert (survey.hidden, survey.dropout) == (setting["hidden"], setting["dropout"])
        for i in range(len(seeds)):
            for w_together, w_alone in zip(survey.weights[i], alone.weights[i]):
                np.testing.assert_array_equal(w_together, w_alone)
        np.testing.assert_array_equal(survey.last_pass, alone.last_pass)
        np.testing.assert_array_equal(survey.eval_output, alone.eval_output)
        if setting["dropout"]:
            np.testing.assert_array_equal(survey.last_masks, alone.last_masks)
            np.testing.assert_array_equal(survey.miss, alone.miss)
        else:
            assert survey.last_masks is None and survey.miss is None
    net = Network([3, 4, 1], bias=False, dropout=0.05, seed=6)       # and Network.fit itself
    net.fit(X_XOR, Y_XOR, epochs=epochs, lr=0.5)
    np.testing.assert_array_equal(together[2].weights[1][0], net.weights[0])


def test_a_second_process_gives_the_same_bits():
    """processes=2 trains the second width in another Python process: every number is the same."""
    seeds, epochs = [0, 6], 400
    settings = [dict(hidden=4, dropout=0.2), dict(hidden=6, dropout=0.5), dict(hidden=4, dropout=0.0)]
    here = dropout_survey.xor_seed_surveys(seeds, settings, lr=0.5, epochs=epochs, processes=1)
    shared = dropout_survey.xor_seed_surveys(seeds, settings, lr=0.5, epochs=epochs, processes=2)
    for a, b in zip(here, shared):
        assert (a.hidden, a.dropout) == (b.hidden, b.dropout)
        for wa, wb in zip(a.weights, b.weights):
            for x, y in zip(wa, wb):
                np.testing.assert_array_equal(x, y)
        np.testing.assert_array_equal(a.last_pass, b.last_pass)
        np.testing.assert_array_equal(a.eval_output, b.eval_output)
        assert (a.miss is None) == (b.miss is None)
    assert not live_workers()


def test_an_interrupted_survey_stops_its_second_process(monkeypatch):
    """Ctrl-C (or an error) while this process trains: the second process is stopped too."""
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(dropout_survey, "_train_stack", interrupted)    # this process only (the other is fresh)
    with pytest.raises(KeyboardInterrupt):
        dropout_survey.xor_seed_surveys([0], [dict(hidden=4), dict(hidden=6)], epochs=50_000, processes=2)
    assert not live_workers()


def live_workers():
    """The survey's second processes still running (their command line names the worker)."""
    out = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if "_train_stacks_there" in line and "ps -eo" not in line]


def test_the_classic_phenomenon_and_its_cures(notebook_cells):
    """The numbers section 3 rests on (60 000 epochs, 8 seeds): an output at 0.5 in the last
    training pass for most seeds; evaluation mode, more units and no dropout fix it. Section 3's
    opening (and its notes) quote the count before the survey prints it."""
    seeds = range(8)
    classic = dropout_survey.xor_seed_survey(seeds, hidden=4, dropout=0.2)
    wide = dropout_survey.xor_seed_survey(seeds, hidden=32, dropout=0.2)
    none = dropout_survey.xor_seed_survey(seeds, hidden=4, dropout=0.0)
    assert classic.near_half().sum() == 6
    assert abs(classic.last_pass[6, 0] - 0.5) < 0.01 and classic.eval_output[6, 0] < 0.05
    assert classic.solved().sum() == 7 and not classic.solved()[3]
    assert classic.eval_output[3, 3] == pytest.approx(0.5, abs=0.01)
    assert classic.miss.mean() == pytest.approx(0.179, abs=0.001)
    assert wide.near_half().sum() == 0 and wide.solved().all() and wide.miss.mean() < 0.01
    assert none.solved().all() and none.worst_error().max() < 0.01
    summary = dropout_survey.survey_summary([classic, wide, none])
    assert summary.rows[0][1] == "6 of 8" and summary.rows[1][3] == "8 of 8"
    texts = ["".join(c["source"]) for c in notebook_cells(NOTEBOOK) if c["cell_type"] == "markdown"]
    opening = next(i for i, t in enumerate(texts) if t.startswith("## 3. "))
    near_half = int(classic.near_half().sum())
    assert f"({near_half} of the\n8 seeds surveyed" in texts[opening]
    assert f"({near_half} of the notebook's 8 seeds)" in texts[opening + 1]


def test_mask_outcomes_are_exact_probabilities():
    net = Network([3, 4, 1], bias=False, dropout=0.2, seed=6)
    net.fit(X_XOR, Y_XOR, epochs=3000, lr=0.5)
    exact = dropout_survey.mask_outcomes(net, X_XOR, Y_XOR)
    assert exact.exact and exact.n_masks == 16
    sampled = dropout_survey.mask_outcomes(net, X_XOR, Y_XOR, n_masks=40_000, seed=1)
    assert not sampled.exact
    np.testing.assert_allclose(sampled.miss, exact.miss, atol=0.01)
    np.testing.assert_allclose(sampled.mean_output, exact.mean_output, atol=0.01)
    np.testing.assert_array_equal(exact.eval_output, net.forward(X_XOR)[:, 0])
    # the probabilities of the 16 patterns add up to 1
    _, prob = dropout_survey._mask_patterns(4, 0.2, None, None)
    assert prob.sum() == pytest.approx(1.0)


def test_the_pass_without_dropout_averages_the_net_input_not_the_output():
    """Section 3: z_H = Σ ô_j w_jH is linear in the ô_j, so its average over the masks is net.forward's
    z_H; σ is curved, so the average output is not net.forward's output (seed 6: 0.042 against 0.116)."""
    net = Network([3, 4, 1], bias=False, dropout=0.2, seed=6)
    net.fit(X_XOR, Y_XOR, epochs=60_000, lr=0.5)
    out = dropout_survey.mask_outcomes(net, X_XOR, Y_XOR, tol=0.4)
    np.testing.assert_allclose(out.mean_net_input, out.eval_net_input, rtol=0, atol=1e-12)
    np.testing.assert_allclose(1 / (1 + np.exp(-out.eval_net_input)), net.forward(X_XOR)[:, 0],
                               rtol=1e-12)                                # σ(z) without dropout …
    assert np.all(np.abs(out.mean_output - out.eval_output) > 0.03)      # … is not the average output
    # here the pass without dropout is even closer to every target than the average training pass
    assert np.all(np.abs(out.eval_output - Y_XOR[:, 0]) < np.abs(out.mean_output - Y_XOR[:, 0]))
    # x = (0, 0) hangs on D: the passes that keep D answer below net.forward's 0.042, those that drop it about 0.5
    patterns = np.array(list(itertools.product((0.0, 1.0), repeat=4)))
    o_H = dropout_step.masked_forward(net, np.repeat(X_XOR[:1], 16, axis=0), [patterns])[:, 0]
    kept_D = patterns[:, 0] == 1
    assert np.all(o_H[kept_D] < out.eval_output[0]) and np.all(np.abs(o_H[~kept_D] - 0.5) < 0.01)
    table = repr(out.net_input_table())
    assert "mean z_H, training pass" in table and "−3.120" in table and "0.042" in table and "0.116" in table
    with pytest.raises(ValueError, match="no net inputs"):
        dropout_survey.MaskOutcomes(out.miss, out.mean_output, out.eval_output, 0.4, True, 16).net_input_table()


def test_mask_outcomes_of_a_network_that_hangs_on_one_unit():
    """One unit carries sample 0: the chance that a training pass misses it is exactly p."""
    W1 = np.array([[-9.0, -9, -9], [-9, -9, -9], [9, -9, -9]])   # only unit 0 is on, and only for x = (0, 0, 1)
    W2 = np.array([[-6.0], [1], [1]])
    net = Network.from_weights([W1, W2], None, dropout=0.3)
    out = dropout_survey.mask_outcomes(net, X_XOR[:1], [[0.0]])
    assert out.miss[0] == pytest.approx(0.3)
    table = out.table()
    assert "30.0 %" in repr(table) and "x = (0, 0)" in repr(table)


def test_output_contributions_and_dropout_table():
    _, trace = dropout_step.dropout_example()
    table = dropout_step.dropout_table(trace, sample=2)
    np.testing.assert_array_equal(table.column("ô = o·m/(1−p)"), trace.layers[0].output[2])
    assert "0.7367" in repr(table) and "+0.0000" in repr(table)
    assert "x = (1, 0)" in table.caption
    assert table.columns[-1] == "δ = ∂E_total/∂z"       # not ∂E/∂z beside the unit E
    contrib = dropout_step.output_contributions(trace, sample=2)
    values = contrib.column("ô_j·w_jH")
    assert values[-1] == pytest.approx(trace.layers[1].z[2, 0], abs=5e-4)
    assert values[:-1].sum() == pytest.approx(values[-1], abs=2e-3)
    with pytest.raises(ValueError, match="sample must be in 0..3"):
        dropout_step.dropout_table(trace, sample=4)
    with pytest.raises(ValueError, match="no dropout mask"):
        dropout_step.dropout_table(Network([3, 4, 1]).train_step(X_XOR, Y_XOR, lr=0.1), sample=0)
    first = dropout_step.dropout_table(trace, sample=2, columns=("o", "m"))     # ô posed as an exercise first
    assert first.columns == ["unit", "o (before dropout)", "mask m"] and "0.7367" not in repr(first)
    np.testing.assert_array_equal(first.column("o (before dropout)"), trace.layers[0].a[2])
    assert repr(dropout_step.dropout_table(trace, sample=2, columns=("δ", "o", "m", "ô"))) == repr(table)
    for bad in ((), "o", ("o", "w")):
        with pytest.raises(ValueError, match="columns"):
            dropout_step.dropout_table(trace, sample=2, columns=bad)


# ---------------------------------------------------------------- data sets
def test_moons_shapes_labels_and_flips():
    X, y = datasets.moons(n=200, noise=0.2, flip=0.1, seed=3)
    assert X.shape == (200, 2) and y.shape == (200, 1)
    clean_X, clean_y = datasets.moons(n=200, noise=0.2, flip=0.0, seed=3)
    np.testing.assert_array_equal(X, clean_X)                     # the flips come after the points
    assert int((y != clean_y).sum()) == 20                          # exactly round(0.1 · 200)
    np.testing.assert_array_equal(clean_y[:, 0], np.r_[np.zeros(100), np.ones(100)])
    np.testing.assert_allclose(X.mean(axis=0), 0.0, atol=0.15)      # centred
    X2, y2 = datasets.moons(n=200, noise=0.2, flip=0.1, seed=3)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    exact, _ = datasets.moons(n=50, noise=0.0, flip=0.0, seed=0)   # without noise: on the two arcs
    upper = exact[:25] + [0.5, 0.25]
    np.testing.assert_allclose(np.hypot(*upper.T), 1.0)


def test_train_test_split():
    X = np.arange(20.0).reshape(10, 2)
    y = np.arange(10.0)[:, None]
    X_train, X_test, y_train, y_test = datasets.train_test_split(X, y, test_fraction=0.3, seed=1)
    assert X_train.shape == (7, 2) and X_test.shape == (3, 2)
    np.testing.assert_array_equal(X_train[:, 0] / 2, y_train[:, 0])     # rows stay with their labels
    assert sorted(np.r_[y_train[:, 0], y_test[:, 0]]) == list(range(10))
    again = datasets.train_test_split(X, y, test_fraction=0.3, seed=1)
    np.testing.assert_array_equal(again[1], X_test)
    assert datasets.train_test_split(X, y, test_fraction=0.01, seed=0)[1].shape == (1, 2)
    assert datasets.train_test_split(X, y, test_fraction=0.99, seed=0)[0].shape == (1, 2)


@pytest.mark.parametrize("call, error, words", [
    (lambda: datasets.moons(flip=0.6), ValueError, "flip must be in"),
    (lambda: datasets.moons(n=1), ValueError, "n must be >= 2"),
    (lambda: datasets.moons(noise=-1), ValueError, r"noise must be in \[0.0, 1000000.0\], got -1.0"),
    (lambda: datasets.moons(seed="a"), TypeError, "seed must be an integer"),
    (lambda: datasets.train_test_split(np.zeros((4, 2)), np.zeros(3)), ValueError, "same number of samples"),
    (lambda: datasets.train_test_split(np.zeros((4, 2)), np.zeros(4), test_fraction=1.0), ValueError,
     "test_fraction must be in"),
    (lambda: regularisers.keep_scale(1.0), ValueError, "p must be in"),
    (lambda: regularisers.inverted_dropout([1.0, 2.0], [1.0, 0.5], 0.2), ValueError, "only 0"),
    (lambda: regularisers.inverted_dropout([1.0, 2.0], [1.0], 0.2), ValueError, "shape of a"),
    (lambda: dropout_step.masked_forward(Network([3, 4, 1], dropout=0.2), X_XOR, None), ValueError, "net.forward"),
    (lambda: dropout_step.masked_forward("net", X_XOR, None), TypeError, "Network"),
    (lambda: dropout_survey.xor_seed_survey(3), TypeError, "list of seeds"),
    (lambda: dropout_survey.xor_seed_survey([]), ValueError, "at least one seed"),
    (lambda: dropout_survey.xor_seed_surveys([1], {"hidden": 4}), TypeError, "list of dicts"),
    (lambda: dropout_survey.xor_seed_surveys([1], [{"hidden": 4}], processes=3), ValueError, "processes must be 1, 2"),
    (lambda: dropout_survey.xor_seed_surveys([1], [{"width": 4}]), ValueError, r"settings\[0\]: unknown key"),
    (lambda: dropout_survey.xor_seed_surveys([1], [{"dropout": 1.0}]), ValueError, "dropout"),
    (lambda: dropout_survey.mask_outcomes(Network([3, 4, 1]), X_XOR, Y_XOR), ValueError, "dropout > 0"),
    (lambda: dropout_survey.mask_outcomes(Network([3, 4, 4, 1], dropout=0.2), X_XOR, Y_XOR), ValueError,
     "one hidden layer"),
    (lambda: overfitting.compare_regularisers(X_XOR, Y_XOR, X_XOR, Y_XOR, {"a": {"momentum": 0.9}}), ValueError,
     "unknown setting"),
    (lambda: overfitting.accuracy(np.zeros(3)), ValueError, "y"),
])
def test_bad_input_is_named(call, error, words):
    with pytest.raises(error, match=words):
        call()


# ---------------------------------------------------------------- overfitting runs
def test_train_with_curves_measures_every_snapshot_in_evaluation_mode():
    X_train, X_test, y_train, y_test = overfitting.overfitting_data()
    run = overfitting.train_with_curves(X_train, y_train, X_test, y_test, hidden=8, dropout=0.3, l2=0.001, epochs=200,
                                record_every=50, seed=1)
    np.testing.assert_array_equal(run.epochs, [0, 50, 100, 150, 200])
    for k, (ws, bs) in enumerate(zip(run.history.weights, run.history.biases)):
        snap = Network.from_weights(ws, bs, activation=["tanh", "sigmoid"], loss="mse")
        assert run.train_loss[k] == pytest.approx(snap.loss_value(X_train, y_train), rel=1e-12)
        assert run.test_loss[k] == pytest.approx(snap.loss_value(X_test, y_test), rel=1e-12)
    assert run.test_loss[-1] == pytest.approx(run.net.loss_value(X_test, y_test), rel=1e-12)
    assert run.test_accuracy == overfitting.accuracy(run.net, X_test, y_test)
    assert run.label == "dropout p = 0.3, L2 λ = 0.001"


def test_overfitting_data_is_sixty_and_a_hundred_and_forty():
    X_train, X_test, y_train, y_test = overfitting.overfitting_data()
    assert X_train.shape == (60, 2) and X_test.shape == (140, 2)
    assert y_train.shape == (60, 1) and y_test.shape == (140, 1)


def test_section_4_numbers():
    """The story of section 4: without regularisation the test loss rises after an early minimum;
    dropout, L2 and L1 end with a lower test loss; L1 puts most weights near zero, L2 almost none."""
    X_train, X_test, y_train, y_test = overfitting.overfitting_data()
    variants = {"none": {}, "dropout": {"dropout": 0.5}, "l2": {"l2": 0.001}, "l1": {"l1": 0.001}}
    runs = overfitting.compare_regularisers(X_train, y_train, X_test, y_test, variants)
    none = runs["none"]
    # Where the unregularised run ends is set by round-off (other BLAS kernels or SIMD paths give a
    # train loss of 0.036…0.040 and a test loss of 0.147…0.166), so only bounds are asserted on it;
    # its lowest test loss, and every regularised run, are the same on every machine.
    assert none.roundoff_sensitive
    assert not any(runs[name].roundoff_sensitive for name in ("dropout", "l2", "l1"))
    assert 0.02 < none.train_loss[-1] < 0.06 and none.test_loss[-1] > 0.135
    assert none.best_epoch == 140 and none.test_loss.min() == pytest.approx(0.1152, abs=5e-5)
    assert np.all(np.diff(none.train_loss[5:]) < 0.005)            # the training loss keeps falling
    for name in ("dropout", "l2", "l1"):
        assert runs[name].test_loss[-1] < 0.125 and runs[name].train_loss[-1] > 0.065
        assert runs[name].test_accuracy >= 0.85
    assert overfitting.near_zero_fraction(runs["l1"].net.weights) > 0.6
    assert overfitting.near_zero_fraction(runs["l2"].net.weights) < 0.05
    table = overfitting.runs_table(runs)
    assert [row[2] for row in table.rows] == ["varies"] + [f"{r.test_loss[-1]:.3f}" for r in list(runs.values())[1:]]
    np.testing.assert_allclose(table.column("lowest test loss"), [r.test_loss.min() for r in runs.values()])
    assert "set by round-off" in table.caption


def test_compare_over_data_reports_each_draw():
    table = overfitting.compare_over_data({"none": {}, "l2": {"l2": 0.001}}, data_seeds=(2,), hidden=8, epochs=100)
    assert table.rows[0][0] == "data seed 2" and len(table.rows[0]) == 3


# ---------------------------------------------------------------- exercises
KEYS = ["dropout_scale_p05", "dropout_o_hat_D", "dropout_zero_deltas", "dropout_delta_D", "l2_w_new", "l1_w_new"]


def test_exercises_are_registered_with_computed_answers():
    ex = exercises()
    _, trace = dropout_step.dropout_example()
    hidden = trace.layers[0]
    expected = {
        "dropout_scale_p05": 2.0,
        "dropout_o_hat_D": hidden.a[2, 0] / 0.8,
        "dropout_zero_deltas": 3,
        "dropout_delta_D": trace.layers[1].delta[2, 0] * trace.weights_before[1][0, 0] / 0.8
        * hidden.a[2, 0] * (1 - hidden.a[2, 0]),
        "l2_w_new": 0.5 - 0.1 * (0.5 + 0.1 * 0.5),
        "l1_w_new": 0.5 - 0.1 * (0.5 + 0.1),
    }
    for key in KEYS:
        assert ex[key].answer() == pytest.approx(expected[key], rel=1e-12)
        assert check(key, expected[key])
        assert not check(key, None)


def test_exercises_reject_the_usual_mistakes():
    _, trace = dropout_step.dropout_example()
    o_D = trace.layers[0].a[2, 0]
    assert not check("dropout_o_hat_D", o_D)                      # forgot the scale
    assert not check("dropout_o_hat_D", o_D * 0.8)                # scaled the wrong way
    assert not check("dropout_delta_D", lesson5._delta_D() * 0.8)   # forgot the mask's factor
    assert not check("dropout_scale_p05", 0.5)
    assert not check("l2_w_new", 0.45) and not check("l2_w_new", 0.44)
    assert not check("l1_w_new", 0.445)
    assert not check("dropout_zero_deltas", 4)
    assert not check("dropout_zero_deltas", 3.2)                  # p·16, the average, is not this step's count
    assert check("dropout_zero_deltas", 3.0)
    assert check("dropout_zero_deltas", 0).misconception == "dropout-mask-missing"
    assert check("dropout_scale_p05", 1).misconception == "dropout-scale-missing"
    assert check("dropout_o_hat_D", round(float(o_D), 4)).misconception == "dropout-scale-missing"
    assert check("dropout_delta_D", -0.023).misconception == "dropout-scale-missing"
    assert check("dropout_delta_D", 0.029).misconception == "sign-flipped"
    assert check("dropout_delta_D", -0.019).misconception == "sigma-prime-of-scaled-output"   # the classic line
    assert check("l2_w_new", 0.545).misconception == "sign-flipped"      # Err = t − o for the data's gradient
    assert check("l1_w_new", 0.54).misconception == "sign-flipped"
    assert check("dropout_o_hat_D", round(float(o_D / 0.8), 3))   # three decimals are enough


def test_solutions_use_the_computed_numbers():
    ex = exercises()
    assert "0.7367" in ex["dropout_o_hat_D"].solution
    assert "D for x = (0, 0), F for x = (1, 0), G for x = (1, 0)" in ex["dropout_zero_deltas"].solution
    assert "0.445" in ex["l2_w_new"].solution and "0.44." in ex["l1_w_new"].solution


# ---------------------------------------------------------------- the classic loop's backward bug (issue #14)
def test_classic_dropout_backward_is_wrong_and_the_fix_is_right():
    """Lesson 5 §3: the classic loop takes σ′ of the *scaled* hidden output; the fix passes the check."""
    from backproplab.activations import sigmoid
    X, y = datasets.xor()
    p = 0.2
    rng = np.random.default_rng(0)
    w0, w1 = 2 * (2 * rng.random((3, 4)) - 1), 2 * (2 * rng.random((4, 1)) - 1)
    mask = rng.binomial(1, 1 - p, (4, 4))
    loss = lambda a, b: 0.5 * np.sum((y - sigmoid((sigmoid(X @ a) * mask / (1 - p)) @ b)) ** 2)

    def backward(fixed):
        o_1 = sigmoid(X @ w0)
        layer_1 = o_1 * mask / (1 - p)
        layer_2 = sigmoid(layer_1 @ w1)
        d2 = (layer_2 - y) * layer_2 * (1 - layer_2)
        slope = mask / (1 - p) * o_1 * (1 - o_1) if fixed else layer_1 * (1 - layer_1)
        return X.T @ (d2 @ w1.T * slope), layer_1.T @ d2, slope

    n0 = gradcheck.numerical_gradient(lambda a: loss(a, w1), w0.copy())
    n1 = gradcheck.numerical_gradient(lambda b: loss(w0, b), w1.copy())
    g0, g1, slope = backward(fixed=False)
    assert gradcheck.rel_error(g0, n0) > 0.5 and gradcheck.rel_error(g1, n1) < 1e-7
    assert (slope < 0).sum() == 6                     # ô > 1 wherever o > 0.8 and the unit is kept
    assert 1.25 * (1 - 1.25) <= slope.min() < -0.25   # ô ≤ 1/(1 − p) = 1.25 bounds it below
    g0, g1, _ = backward(fixed=True)
    assert gradcheck.rel_error(g0, n0) < 1e-7 and gradcheck.rel_error(g1, n1) < 1e-7


# --------------------------------------------------------------------------- the code exercise
def test_classic_dropout_fix_reference_passes_and_the_classic_line_fails():
    from backproplab.exercises import check, exercises

    ex = exercises()["classic_dropout_fix_code"]
    assert ex.is_code and ex.points == 2
    assert check("classic_dropout_fix_code", ex.reference_answer())

    def classic(layer_2_delta, w1, o_1, mask, p):      # the classic line: slope of the scaled output
        layer_1 = o_1 * mask / (1 - p)
        return layer_2_delta.dot(w1.T) * (layer_1 * (1 - layer_1))

    feedback = check("classic_dropout_fix_code", classic)
    assert not feedback and feedback.misconception == "sigma-prime-of-scaled-output"
    assert "Reread lesson 5, section 3" in repr(feedback)


@pytest.mark.parametrize("wrong, named", [
    (lambda d, w, o, m, p: d.dot(w.T) * m * o * (1 - o), "dropout-scale-missing"),
    (lambda d, w, o, m, p: d.dot(w.T) * o * (1 - o) / (1 - p), "dropout-mask-missing"),
    (lambda d, w, o, m, p: d.dot(w.T) * m / (1 - p), "sigma-prime-missing"),
    (lambda d, w, o, m, p: -d.dot(w.T) * m / (1 - p) * o * (1 - o), "sign-flipped"),
    (lambda d, w, o, m, p: d.dot(w) * m / (1 - p) * o * (1 - o), "weights-not-transposed"),   # raises on the lesson's w1
])
def test_classic_dropout_fix_names_the_classic_mistakes(wrong, named):
    from backproplab.exercises import check

    feedback = check("classic_dropout_fix_code", wrong)
    assert not feedback and feedback.misconception == named and f"«{named}»" in repr(feedback)


@pytest.mark.parametrize("wrong, says", [
    (lambda d, w, o, m, p: d.dot(w.T) * o * (1 - o), "mask is missing"),      # neither mask nor scale: no name
    (lambda d, w, o, m, p: (d.dot(w.T) * m * o * (1 - o))[:, :1], "shape"),
    (lambda d, w, o, m, p: None, "returned None"),
])
def test_classic_dropout_fix_wrong_functions_fail_with_a_useful_message(wrong, says):
    from backproplab.exercises import check

    feedback = check("classic_dropout_fix_code", wrong)
    assert not feedback and says in repr(feedback) and "Hint" in repr(feedback)


def test_classic_dropout_fix_nudge_gives_neither_the_line_nor_its_factors(monkeypatch):
    from backproplab.exercises import check, exercises, registry

    monkeypatch.setattr(registry, "_TRIES", {})

    nudge = exercises()["classic_dropout_fix_code"].nudge
    assert "Hint: " + nudge in repr(check("classic_dropout_fix_code", None))
    assert not any(s in nudge for s in ("dot", "w1.T", "mask /", "1 − p", "o_1", "(1 - "))


# --------------------------------------------------------------------------- section 1's backward pass, as code
def test_dropout_backward_reference_passes_on_the_lessons_numbers():
    from backproplab.exercises import check, exercises

    ex = exercises()["dropout_backward_code"]
    assert ex.is_code and ex.points == 2
    reference = ex.reference_answer()
    _, trace = dropout_step.dropout_example()
    hidden, out = trace.layers[0], trace.layers[1]
    upstream = out.delta @ trace.weights_before[1].T
    np.testing.assert_allclose(reference(upstream, hidden.a, hidden.mask, 0.2), hidden.delta, rtol=1e-12)
    assert reference(upstream[2], hidden.a[2], hidden.mask[2], 0.2)[0] == pytest.approx(lesson5._delta_D(), rel=1e-12)
    feedback = check("dropout_backward_code", reference)
    assert feedback and "trace's δ" in repr(feedback)


@pytest.mark.parametrize("wrong, named", [
    (lambda g, o, m, p: g / (1 - p) * o * (1 - o), "dropout-mask-missing"),
    (lambda g, o, m, p: g * m * o * (1 - o), "dropout-scale-missing"),
    (lambda g, o, m, p: np.where(m == 1, g / (1 - p), 0.0), "sigma-prime-missing"),
    (lambda g, o, m, p: -g * m / (1 - p) * o * (1 - o), "sign-flipped"),
    (lambda g, o, m, p: g * (o * m / (1 - p)) * (1 - o * m / (1 - p)), "sigma-prime-of-scaled-output"),
])
def test_dropout_backward_names_each_classic_mistake(wrong, named):
    from backproplab.exercises import check

    feedback = check("dropout_backward_code", wrong)
    assert not feedback and feedback.misconception == named and f"«{named}»" in repr(feedback)


def test_dropout_backward_stub_says_not_yet_with_the_nudge_and_other_slips_get_the_worst_entry(monkeypatch):
    from backproplab.exercises import check, exercises, registry

    monkeypatch.setattr(registry, "_TRIES", {})              # the first try, whatever ran before

    ex = exercises()["dropout_backward_code"]
    stub = lambda grad_o_hat, o, mask, p: None
    feedback = check("dropout_backward_code", stub)
    assert not feedback and "dropout_backward returned None: end it with return delta. Hint: " + ex.nudge in repr(feedback)
    assert "not yet" in repr(check("dropout_backward_code", None))
    # the scale applied twice is no catalogued mistake: the first failing case and its worst entry
    feedback = check("dropout_backward_code", lambda g, o, m, p: g * m / (1 - p) ** 2 * o * (1 - o))
    assert not feedback and feedback.misconception is None and "the sample x = (1, 0) entry" in repr(feedback)
    # p = 0 and a fully dropped sample are among the cases: dividing by p instead of 1 − p fails on p = 0
    feedback = check("dropout_backward_code", lambda g, o, m, p: g * m / (1 - p) * o * (1 - o) if p else g)
    assert not feedback and "p = 0 (dropout off" in repr(feedback)
    assert not any(s in ex.nudge for s in ("mask /", "1 − p", "o(1", "o * (1", "m/(1"))


@pytest.mark.parametrize("bias", [True, False])
def test_snapshot_losses_are_each_snapshots_own_loss(bias):
    """The stacked pass gives what loss_value gives for each snapshot, bit for bit."""
    X_train, X_test, y_train, y_test = overfitting.overfitting_data()
    net = Network([2, 6, 1], activation=["tanh", "sigmoid"], loss="mse", bias=bias, seed=4)
    history = net.fit(X_train, y_train, epochs=60, lr=2.0, record_every=20)
    stacked = overfitting.snapshot_losses(history, net, X_test, y_test)
    one_by_one = [net.with_weights(ws, bs).loss_value(X_test, y_test)
                  for ws, bs in zip(history.weights, history.biases)]
    assert len(stacked) == 4 and stacked[0] != stacked[-1]
    np.testing.assert_array_equal(stacked, one_by_one)


# --------------------------------------------------------------------------- the expert read's findings (x05)
def test_section_1s_slips_send_the_student_back_to_section_1():
    from backproplab.exercises import check

    feedback = check("dropout_delta_D", -0.019)                        # the slope of ô, the classic line
    assert feedback.misconception == "sigma-prime-of-scaled-output" and "Reread lesson 5, section 1 (" in repr(feedback)
    feedback = check("dropout_backward_code", lambda g, o, m, p: g * (o * m / (1 - p)) * (1 - o * m / (1 - p)))
    assert feedback.misconception == "sigma-prime-of-scaled-output" and "Reread lesson 5, section 1 (" in repr(feedback)
    feedback = check("classic_dropout_fix_code", lambda d, w1, o, m, p: d.dot(w1.T) * (o * m / (1 - p)) * (1 - o * m / (1 - p)))
    assert feedback.misconception == "sigma-prime-of-scaled-output" and "Reread lesson 5, section 3 (" in repr(feedback)
    # the scale left out: forward words and section 1/2 for the forward exercises, section 1's derivation backward
    for key, value in (("dropout_o_hat_D", 0.5893), ("dropout_scale_p05", 1.0)):
        feedback = check(key, value)
        assert feedback.misconception == "dropout-scale-missing" and "backward" not in repr(feedback), key
    assert "Reread lesson 5, section 1 (dropout in one step" in repr(check("dropout_o_hat_D", 0.5893))
    assert "Reread lesson 5, section 2 (" in repr(check("dropout_scale_p05", 1.0))
    feedback = check("dropout_delta_D", -0.023)
    assert feedback.misconception == "dropout-scale-missing" and "Reread lesson 5, section 1 (the backward pass" in repr(feedback)
    feedback = check("dropout_backward_code", lambda g, o, m, p: g * m * o * (1 - o))
    assert feedback.misconception == "dropout-scale-missing" and "∂ô/∂o = m/(1 − p)" in repr(feedback)


def test_delta_D_to_two_decimals_is_told_to_keep_three():
    from backproplab.exercises import check, exercises

    assert exercises()["dropout_delta_D"].decimals == 3 and "three decimals" in exercises()["dropout_delta_D"].question
    feedback = check("dropout_delta_D", -0.03)                          # −0.02916 to two decimals
    assert not feedback and "right to 2 decimals; the question asks for 3" in repr(feedback)
    assert check("dropout_delta_D", -0.029)
    # the slope of ô with the scale kept: named from four typed decimals on (−0.023 reads as the scale left out)
    assert check("dropout_delta_D", -0.0234).misconception == "sigma-prime-of-scaled-output"


def test_w_before_the_step_is_named_as_such_not_as_the_sign_slip():
    from backproplab.exercises import check, exercises

    for key in ("l2_w_new", "l1_w_new"):
        assert "three decimals" in exercises()[key].question
        feedback = check(key, 0.5)                                      # w itself; the sign slip reads 0.5 too
        assert not feedback and feedback.misconception == "not-every-weight-updated", key
        assert "0.5 is w before the step" in repr(feedback)


@pytest.mark.parametrize("key, value", [("l2_w_new", 0.455),             # λw subtracted
                                        ("l2_w_new", 0.4475),            # ½λw: the ½ kept
                                        ("l1_w_new", 0.45),              # the penalty left out
                                        ("l1_w_new", 0.445)])            # L2's λw for L1's λ·sign(w)
def test_the_penalty_slips_are_named(key, value):
    from backproplab.exercises import check

    feedback = check(key, value)
    assert not feedback and feedback.misconception == "penalty-gradient-wrong"
    assert "Reread lesson 5, section 6" in repr(feedback)


@pytest.mark.parametrize("key, wrong, named", [
    ("dropout_backward_code", lambda g, o, m, p: g * m * (1 - p) * o * (1 - o), "dropout-scale-missing"),
    ("dropout_backward_code", lambda g, o, m, p: g * m / (1 - p) * (o * m / (1 - p)) * (1 - o * m / (1 - p)),
     "sigma-prime-of-scaled-output"),
    ("dropout_backward_code", lambda g, o, m, p: g * m / (1 - p) * (1 / (1 + np.exp(-o))) * (1 - 1 / (1 + np.exp(-o))),
     "sigma-prime-wrong-quantity"),
    ("classic_dropout_fix_code", lambda d, w1, o, m, p: d.dot(w1.T) * m * (1 - p) * o * (1 - o), "dropout-scale-missing"),
    ("classic_dropout_fix_code", lambda d, w1, o, m, p: d.dot(w1.T) * m / (1 - p) * (1 / (1 + np.exp(-o)))
     * (1 - 1 / (1 + np.exp(-o))), "sigma-prime-wrong-quantity"),
])
def test_more_forms_of_the_classic_slips_are_named(key, wrong, named):
    from backproplab.exercises import check

    feedback = check(key, wrong)
    assert not feedback and feedback.misconception == named, repr(feedback)


def test_the_wrong_shape_message_reads_as_a_sentence():
    from backproplab.exercises import check

    feedback = check("dropout_backward_code", lambda g, o, m, p: np.zeros(3))
    assert "x = (1, 0): dropout_backward should return" in repr(feedback)

"""Matt Mazur's 2-2-2 example: the published figures to their printed digits, the 10 000-step runs,
and the package's trace against a neuron-by-neuron hand computation."""
import math

import numpy as np
import pytest

from backproplab import StepTrace
from backproplab.lessons.lesson02 import mazur


def decimals(printed):
    return len(printed.split(".")[1])


def as_printed(value, printed):
    """``value`` rounded to the decimals ``printed`` shows, as the post would print it."""
    return f"{value:.{decimals(printed)}f}"


@pytest.fixture(scope="module")
def step():
    return mazur.trace()


# --------------------------------------------------------------------------- the published figures
@pytest.mark.parametrize("name, printed", [
    ("o_o1", "0.75136507"), ("o_o2", "0.772928465"), ("E", "0.298371109"),
])
def test_forward_pass_and_loss_to_the_printed_digits(step, name, printed):
    assert mazur.PUBLISHED[name] == printed
    assert as_printed(float(step[name]), printed) == printed


@pytest.mark.parametrize("name, printed", [
    ("w5", "0.35891648"), ("w6", "0.408666186"), ("w7", "0.511301270"), ("w8", "0.561370121"),
    ("w1", "0.149780716"), ("w2", "0.19956143"), ("w3", "0.24975114"), ("w4", "0.29950229"),
])
def test_the_eight_new_weights_to_the_printed_digits(step, name, printed):
    assert mazur.PUBLISHED[name] == printed
    assert as_printed(float(step[f"{mazur.TRACE_NAMES[name]}_new"]), printed) == printed
    assert as_printed(mazur.weights_by_name(step.weights_after)[name], printed) == printed


def test_the_step_keeps_the_biases_fixed_and_the_weights_do_not_depend_on_it(step):
    for b, value in [("b_h1", 0.35), ("b_h2", 0.35), ("b_o1", 0.60), ("b_o2", 0.60)]:
        assert step[b] == step[f"{b}_new"] == value
        assert f"{b} ← {b} (kept fixed: train_bias=False) = {value:g}" in step.explain().splitlines()
    trained = mazur.trace(train_bias=True)
    np.testing.assert_array_equal(np.concatenate([w.ravel() for w in trained.weights_after]),
                                  np.concatenate([w.ravel() for w in step.weights_after]))
    assert trained["b_o1_new"] == pytest.approx(0.60 - 0.5 * 0.138498562, abs=1e-9)


def test_published_table_lists_every_figure_within_its_rounding(step):
    table = mazur.published_table(step)
    assert list(table.column("quantity"))[:3] == ["out_o1", "out_o2", "E_total"]
    for (_, printed, value, diff) in table.rows:
        assert abs(diff) <= 0.5 * 10.0 ** -decimals(printed)
        assert value - float(printed) == diff
    with pytest.raises(TypeError, match="step must be a StepTrace"):
        mazur.published_table("not a trace")


# --------------------------------------------------------------------------- 10 000 steps
@pytest.fixture(scope="module")
def frozen_run():
    return mazur.train()


def test_ten_thousand_steps_with_fixed_biases(frozen_run):
    net, history = frozen_run
    assert len(history.loss) == mazur.TRAINING_STEPS == 10_000
    E = net.loss_value(mazur.INPUTS, mazur.TARGETS)
    out = net.forward(mazur.INPUTS)[0]
    assert f"{E:.4e}" == "3.5102e-05"                     # after the 10 000th update
    assert f"{out[0]:.7f}" == "0.0159136" and f"{out[1]:.7f}" == "0.9840643"
    # the loss measured in the 10 000th step, before its update: one printed version of the post's E
    assert f"{history.loss[-1]:.5e}" == "3.51085e-05"
    for b, value in zip(net.biases, (0.35, 0.60)):
        np.testing.assert_array_equal(b, [value, value])
    # the post's own outputs and E are close to float64's but not its digits: they come from the slip below
    np.testing.assert_allclose(out, [float(mazur.PUBLISHED_AFTER_TRAINING[k]) for k in ("o_o1", "o_o2")], atol=2e-6)
    assert E == pytest.approx(float(mazur.PUBLISHED_AFTER_TRAINING["E"]), rel=2e-3)
    assert f"{E:.9f}" != mazur.PUBLISHED_AFTER_TRAINING["E"] and f"{out[0]:.9f}" != mazur.PUBLISHED_AFTER_TRAINING["o_o1"]


# --------------------------------------------------------------------------- the slip of the post's first code
@pytest.fixture(scope="module")
def slipped_run():
    return mazur.train(hidden_delta_from="updated")


def test_the_slip_gives_the_posts_figures_after_10000_steps(slipped_run):
    """Hidden δ's from the updated W₂ (the post's code of 14 March 2015) give all three figures to every digit."""
    net, history = slipped_run
    assert len(history.loss) == mazur.TRAINING_STEPS
    E = net.loss_value(mazur.INPUTS, mazur.TARGETS)
    out = net.forward(mazur.INPUTS)[0]
    assert as_printed(E, mazur.PUBLISHED_AFTER_TRAINING["E"]) == mazur.PUBLISHED_AFTER_TRAINING["E"] == "0.000035085"
    assert as_printed(out[0], "0.015912196") == mazur.PUBLISHED_AFTER_TRAINING["o_o1"] == "0.015912196"
    assert as_printed(out[1], "0.984065734") == mazur.PUBLISHED_AFTER_TRAINING["o_o2"] == "0.984065734"
    # portable to 9 decimals: each figure lies at least 1e-11 from a rounding boundary of its last printed digit
    for value in (E, out[0], out[1]):
        scaled = value * 1e9
        assert abs(scaled - math.floor(scaled) - 0.5) > 0.01
    for b, value in zip(net.biases, (0.35, 0.60)):
        np.testing.assert_array_equal(b, [value, value])


def test_the_slip_gives_the_posts_first_step_and_the_correct_one_does_not():
    slip = mazur.train(steps=1, hidden_delta_from="updated")[0]
    right = mazur.train(steps=1)[0]
    E_slip, E_right = (net.loss_value(mazur.INPUTS, mazur.TARGETS) for net in (slip, right))
    assert f"{E_slip:.9f}" == mazur.PUBLISHED_AFTER_FIRST_STEP["E"] == "0.291027924"
    assert f"{E_right:.9f}" == "0.291027774"
    # the same W₂ update; the hidden weights differ, and the post's hand-worked w1 … w4 are the correct ones
    new_slip, new_right = mazur.weights_by_name(slip), mazur.weights_by_name(right)
    for name in ("w5", "w6", "w7", "w8"):
        assert new_slip[name] == new_right[name]
    for name in ("w1", "w2", "w3", "w4"):
        assert as_printed(new_right[name], mazur.PUBLISHED[name]) == mazur.PUBLISHED[name]
        assert as_printed(new_slip[name], mazur.PUBLISHED[name]) != mazur.PUBLISHED[name]


def test_the_slip_is_the_updated_weights_in_equation_2():
    """One slipped step by hand: δ₁ from W₂ after its update, everything else as in a correct step."""
    from backproplab import activations
    X, T = mazur.INPUTS[None, :], mazur.TARGETS[None, :]
    W1, W2 = mazur.weight_arrays()
    b1, b2 = mazur.bias_arrays()
    a1 = activations.sigmoid(X @ W1 + b1)
    a2 = activations.sigmoid(a1 @ W2 + b2)
    d2 = (a2 - T) * a2 * (1 - a2)
    W2_new = W2 - 0.5 * a1.T @ d2
    d1 = (d2 @ W2_new.T) * a1 * (1 - a1)
    W1_new = W1 - 0.5 * X.T @ d1
    net, history = mazur.train(steps=1, hidden_delta_from="updated")
    np.testing.assert_allclose(net.weights[0], W1_new, rtol=0, atol=1e-15)
    np.testing.assert_allclose(net.weights[1], W2_new, rtol=0, atol=1e-15)
    assert history.loss[0] == pytest.approx(float(mazur.PUBLISHED["E"]), abs=5e-10)
    trained, _ = mazur.train(steps=1, train_bias=True, hidden_delta_from="updated")
    np.testing.assert_allclose(trained.biases[1], b2 - 0.5 * d2[0], rtol=0, atol=1e-15)
    np.testing.assert_allclose(trained.biases[0], b1 - 0.5 * d1[0], rtol=0, atol=1e-15)


def test_train_checks_hidden_delta_from():
    with pytest.raises(ValueError, match="hidden_delta_from must be one of"):
        mazur.train(steps=1, hidden_delta_from="new")
    with pytest.raises(ValueError, match="steps must be"):
        mazur.train(steps=-1, hidden_delta_from="updated")
    with pytest.raises(TypeError, match="train_bias must be"):
        mazur.train(steps=1, train_bias="yes", hidden_delta_from="updated")


def test_the_lesson_says_what_the_run_prints():
    """The text after the slip's cell quotes exactly the figures the package computes."""
    import json
    from pathlib import Path
    path = Path(__file__).resolve().parents[2] / "notebooks" / "02_two_outputs_and_biases.ipynb"
    text = "\n".join("".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
                     if c["cell_type"] == "markdown")
    right = f"{mazur.train(steps=1)[0].loss_value(mazur.INPUTS, mazur.TARGETS):.9f}"
    assert f"the correct algorithm gives ${right}$ there" in text
    assert "carry small rounding" not in text
    # section 3b: (δ_o1·w5 − |δ_o2·w7|)·σ′ with the factors to five decimals
    tr = mazur.trace()
    w = mazur.WEIGHTS
    first, second = tr["δ_o1"] * w["w5"], -tr["δ_o2"] * w["w7"]
    slope = tr["o_h1"] * (1 - tr["o_h1"])
    assert f"({first:.5f} - {second:.5f}) \\cdot {slope:.4f} \\approx {tr['δ_h1']:.6f}" in text


def test_ten_thousand_steps_training_the_biases_too(frozen_run):
    net, history = mazur.train(train_bias=True)
    E = net.loss_value(mazur.INPUTS, mazur.TARGETS)
    assert f"{E:.3g}" == "2.45e-06"
    assert E < frozen_run[0].loss_value(mazur.INPUTS, mazur.TARGETS) / 10
    assert not np.allclose(net.biases[1], 0.60)


# --------------------------------------------------------------------------- by hand, neuron by neuron
def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def hand_step():
    """The post's step written out from the formulas, one neuron at a time (no package code)."""
    i1, i2 = 0.05, 0.10
    t1, t2 = 0.01, 0.99
    w1, w2, w3, w4, w5, w6, w7, w8 = 0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55
    b1, b2, eta = 0.35, 0.60, 0.5
    v = {}
    v["z_h1"] = w1 * i1 + w2 * i2 + b1
    v["z_h2"] = w3 * i1 + w4 * i2 + b1
    v["o_h1"], v["o_h2"] = sigmoid(v["z_h1"]), sigmoid(v["z_h2"])
    v["z_o1"] = w5 * v["o_h1"] + w6 * v["o_h2"] + b2
    v["z_o2"] = w7 * v["o_h1"] + w8 * v["o_h2"] + b2
    v["o_o1"], v["o_o2"] = sigmoid(v["z_o1"]), sigmoid(v["z_o2"])
    v["E"] = 0.5 * (t1 - v["o_o1"]) ** 2 + 0.5 * (t2 - v["o_o2"]) ** 2
    # δ = ∂E/∂z: output δ = (o − t)·o(1 − o); a hidden δ sums the paths through both outputs
    v["δ_o1"] = (v["o_o1"] - t1) * v["o_o1"] * (1 - v["o_o1"])
    v["δ_o2"] = (v["o_o2"] - t2) * v["o_o2"] * (1 - v["o_o2"])
    v["δ_h1"] = (v["δ_o1"] * w5 + v["δ_o2"] * w7) * v["o_h1"] * (1 - v["o_h1"])
    v["δ_h2"] = (v["δ_o1"] * w6 + v["δ_o2"] * w8) * v["o_h2"] * (1 - v["o_h2"])
    grads = {"w5": v["δ_o1"] * v["o_h1"], "w6": v["δ_o1"] * v["o_h2"],
             "w7": v["δ_o2"] * v["o_h1"], "w8": v["δ_o2"] * v["o_h2"],
             "w1": v["δ_h1"] * i1, "w2": v["δ_h1"] * i2, "w3": v["δ_h2"] * i1, "w4": v["δ_h2"] * i2}
    old = dict(w1=w1, w2=w2, w3=w3, w4=w4, w5=w5, w6=w6, w7=w7, w8=w8)
    for name, g in grads.items():
        v[f"grad_{name}"] = g
        v[f"{name}_new"] = old[name] - eta * g
    for n in ("h1", "h2", "o1", "o2"):
        v[f"grad_b_{n}"] = v[f"δ_{n}"]          # ∂z/∂b = 1
    return v


def test_train_step_agrees_with_the_hand_computation_to_1e_12(step):
    assert isinstance(step, StepTrace)
    hand = hand_step()
    for name, value in hand.items():
        post = name.removeprefix("grad_").removesuffix("_new")
        if post in mazur.WEIGHTS:                  # w5_new → w_h1,o1_new
            name = name.replace(post, mazur.TRACE_NAMES[post])
        assert step[name] == pytest.approx(value, rel=0, abs=1e-12), name
    assert len(hand) == 4 + 4 + 1 + 4 + 16 + 4


def test_the_mapping_between_the_posts_weights_and_the_matrices():
    W1, W2 = mazur.weight_arrays()
    assert W1[0, 0] == 0.15 and W1[1, 0] == 0.20 and W1[0, 1] == 0.25 and W1[1, 1] == 0.30
    assert W2[0, 0] == 0.40 and W2[1, 0] == 0.45 and W2[0, 1] == 0.50 and W2[1, 1] == 0.55
    assert mazur.weights_by_name(mazur.network()) == dict(mazur.WEIGHTS)
    net = mazur.network()
    assert net.names == [["i1", "i2"], ["h1", "h2"], ["o1", "o2"]]
    assert mazur.TRACE_NAMES["w6"] == "w_h2,o1" and mazur.TRACE_NAMES["w7"] == "w_h1,o2"
    for name, (k, i, j) in mazur.POSITIONS.items():
        assert net.weights[k][i, j] == mazur.WEIGHTS[name]
        assert mazur.TRACE_NAMES[name] == f"w_{net.names[k][i]},{net.names[k + 1][j]}"
    np.testing.assert_array_equal(net.biases[0], [0.35, 0.35])
    np.testing.assert_array_equal(net.biases[1], [0.60, 0.60])


def test_bad_arguments():
    with pytest.raises(ValueError, match="exactly the keys"):
        mazur.weight_arrays({"w1": 0.1})
    with pytest.raises(ValueError, match=r"two \(2, 2\) weight matrices"):
        mazur.weights_by_name([np.zeros((3, 2))])
    with pytest.raises(TypeError, match="train_bias must be True or False"):
        mazur.trace(train_bias="yes")


def test_constants_are_read_only_and_notes_name_inputs_and_targets():
    with pytest.raises(ValueError):
        mazur.INPUTS[0] = 1.0
    with pytest.raises(TypeError):
        mazur.WEIGHTS["w1"] = 1.0
    assert mazur.diagram_notes() == {"i1": "$x = 0.05$", "i2": "$x = 0.1$", "o1": "$t = 0.01$", "o2": "$t = 0.99$"}

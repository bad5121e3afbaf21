"""Biases kept fixed (``train_bias=False``) in fit, train_step and the fused training step."""
import numpy as np
import pytest

import backproplab as bp
from backproplab import backprop

X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], float)
Y = np.array([[0, 1], [1, 0], [1, 1], [0, 0]], float)


def biased_net(seed=3, **kwargs):
    net = bp.Network([3, 4, 2], seed=seed, **kwargs)
    rng = np.random.default_rng(seed + 100)
    for b in net.biases:            # non-zero, so that a frozen bias is visibly not a zero one
        b[...] = rng.uniform(-1, 1, b.shape)
    return net


def test_fixed_biases_change_the_result_and_trained_ones_move():
    frozen, trained = biased_net(), biased_net()
    e_frozen = frozen.fit(X, Y, epochs=200, lr=0.5, train_bias=False).final_loss
    e_trained = trained.fit(X, Y, epochs=200, lr=0.5).final_loss
    assert e_frozen != e_trained
    assert not np.allclose(trained.biases[0], biased_net().biases[0])


def test_mini_batch_snapshots_and_dropout_keep_the_biases_fixed():
    net = biased_net(dropout=0.3)
    biases = [b.copy() for b in net.biases]
    history = net.fit(X, Y, epochs=15, lr=0.5, batch_size=2, record_every=5, train_bias=False)
    for snapshot in history.biases:
        for b, b0 in zip(snapshot, biases):
            np.testing.assert_array_equal(b, b0)
    for b, b0 in zip(net.biases, biases):
        np.testing.assert_array_equal(b, b0)
    full = biased_net(dropout=0.3)
    full.fit(X, Y, epochs=15, lr=0.5, record_every=4, train_bias=False)
    for b, b0 in zip(full.biases, biases):
        np.testing.assert_array_equal(b, b0)


def test_the_fused_step_never_writes_fixed_biases():
    net = biased_net()
    src = ([w.copy() for w in net.weights], [b.copy() for b in net.biases])
    sentinel = [np.full_like(b, 7.0) for b in net.biases]
    dst = ([np.empty_like(w) for w in net.weights], sentinel)
    step = backprop.training_step(net.activations, net.loss_fn, 0.5, train_bias=False)
    E = step(X, Y, src, dst)
    assert all((b == 7.0).all() for b in sentinel)
    assert E == pytest.approx(net.loss_value(X, Y), rel=1e-14)
    _, gW, _ = net.gradients(X, Y)
    for w_new, w, g in zip(dst[0], net.weights, gW):
        np.testing.assert_allclose(w_new, w - 0.5 * g, rtol=1e-13)


def test_train_step_with_fixed_biases():
    net, twin = biased_net(), biased_net()
    biases = [b.copy() for b in net.biases]
    trace = net.train_step(X[:1], Y[:1], lr=0.5, train_bias=False)
    trained = twin.train_step(X[:1], Y[:1], lr=0.5)
    for b, b0 in zip(net.biases, biases):
        np.testing.assert_array_equal(b, b0)
    # the weights' step uses the values before it, so it is the same with or without the bias update
    for w, w_twin in zip(net.weights, twin.weights):
        np.testing.assert_array_equal(w, w_twin)
    for name in ("b_D", "b_H"):
        assert trace[f"{name}_new"] == trace[name] != trained[f"{name}_new"]
        assert trace[f"grad_{name}"] == trained[f"grad_{name}"] != 0.0      # the gradient is still there
    assert not trace.train_bias and trained.train_bias
    text = trace.explain()
    assert "# Updates (η = 0.5; biases kept fixed)" in text
    b_D = bp.trace.fmt(biases[0][0])
    assert f"b_D ← b_D (kept fixed: train_bias=False) = {b_D}" in text.splitlines()
    assert "# Updates (η = 0.5)" in trained.explain() and "kept fixed" not in trained.explain()
    assert "biases kept fixed" in trace._repr_html_()
    rows = {r["name"]: r for r in trace.weight_updates()}
    assert rows["b_D"]["change"] == 0.0 and rows["w_CD"]["change"] != 0.0


def test_without_biases_the_option_changes_nothing():
    a, b = bp.Network([3, 4, 2], bias=False, seed=1), bp.Network([3, 4, 2], bias=False, seed=1)
    ha = a.fit(X, Y, epochs=20, lr=0.5)
    hb = b.fit(X, Y, epochs=20, lr=0.5, train_bias=False)
    np.testing.assert_array_equal(ha.loss, hb.loss)
    trace = b.train_step(X, Y, lr=0.5, train_bias=False)
    assert "kept fixed" not in trace.explain()


@pytest.mark.parametrize("bad", [0, 1, "no", None, 0.0, [False]])
def test_bad_train_bias_is_a_type_error_naming_it(bad):
    net = biased_net()
    with pytest.raises(TypeError, match=r"train_bias must be True or False, got"):
        net.fit(X, Y, epochs=2, lr=0.5, train_bias=bad)
    with pytest.raises(TypeError, match=r"train_bias must be True or False, got"):
        net.train_step(X, Y, lr=0.5, train_bias=bad)


def test_numpy_bools_are_accepted():
    net = biased_net()
    biases = [b.copy() for b in net.biases]
    net.fit(X, Y, epochs=3, lr=0.5, train_bias=np.False_)
    np.testing.assert_array_equal(net.biases[1], biases[1])

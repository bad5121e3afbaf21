import numpy as np
import pytest

from backproplab import History, Network

XOR_X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=float)
XOR_Y = np.array([[0], [1], [1], [0]], dtype=float)


def test_default_init_is_uniform_in_minus_one_one_and_seeded():
    net = Network([3, 50, 40, 1], seed=11)
    w = np.concatenate([w.ravel() for w in net.weights])
    assert w.min() >= -1 and w.max() < 1 and abs(w.mean()) < 0.1
    assert all(np.array_equal(a, b) for a, b in zip(w, np.concatenate([x.ravel() for x in Network([3, 50, 40, 1], seed=11).weights])))
    assert not np.array_equal(net.weights[0], Network([3, 50, 40, 1], seed=12).weights[0])
    assert [b.tolist() for b in net.biases] == [[0.0] * 50, [0.0] * 40, [0.0]]
    assert Network([2, 2], bias=False).biases is None


def test_seed_accepts_a_generator():
    a = Network([2, 3, 1], seed=np.random.default_rng(5))
    b = Network([2, 3, 1], seed=5)
    np.testing.assert_array_equal(a.weights[0], b.weights[0])


def test_mini_batches_follow_the_generator(tmp_path):
    net = Network([3, 4, 1], seed=4)
    net.save(tmp_path / "net.npz")
    clone = Network.load(tmp_path / "net.npz")       # same weights and the same generator state
    history = net.fit(XOR_X, XOR_Y, epochs=1, lr=0.5, batch_size=3)
    order = clone._rng.permutation(4)
    e1 = clone.train_step(XOR_X[order[:3]], XOR_Y[order[:3]], lr=0.5).loss
    e2 = clone.train_step(XOR_X[order[3:]], XOR_Y[order[3:]], lr=0.5).loss
    assert history.loss[0] == pytest.approx(e1 + e2, rel=1e-12)
    np.testing.assert_allclose(net.weights[0], clone.weights[0], rtol=1e-12)


def test_mse_epoch_loss_is_the_mean_over_the_epoch():
    net = Network([3, 4, 1], loss="mse", seed=4)
    h = net.fit(XOR_X, XOR_Y, epochs=1, lr=0.1, batch_size=2)
    assert 0 < h.loss[0] < 1


def test_same_seed_gives_bit_identical_training():
    runs = []
    for _ in range(2):
        net = Network([3, 6, 1], dropout=0.2, seed=21)
        h = net.fit(XOR_X, XOR_Y, epochs=300, lr=0.8, momentum=0.5, batch_size=2)
        runs.append((h.loss, net.weights))
    np.testing.assert_array_equal(runs[0][0], runs[1][0])
    for a, b in zip(runs[0][1], runs[1][1]):
        np.testing.assert_array_equal(a, b)


def test_xor_is_learned_like_the_classic_network():
    rng = np.random.default_rng(1)
    net = Network.from_weights([2 * rng.random((3, 4)) - 1, 2 * rng.random((4, 1)) - 1])
    history = net.fit(XOR_X, XOR_Y, epochs=5000, lr=1.0)
    assert isinstance(history, History) and history.loss.shape == (5000,)
    assert history.loss[-1] < 0.01 < history.loss[0]
    np.testing.assert_array_equal(net.forward(XOR_X).round(), XOR_Y)


def test_history_snapshots():
    net = Network([3, 2, 1], seed=0)
    h = net.fit(XOR_X, XOR_Y, epochs=10, lr=0.5, record_every=5)
    assert h.snapshot_epochs == [0, 5, 10]
    assert len(h.weights) == len(h.biases) == 3
    np.testing.assert_array_equal(h.weights[-1][0], net.weights[0])
    assert not np.array_equal(h.weights[0][0], net.weights[0])
    assert h.final_loss == h.loss[-1] and "10 epochs" in repr(h)


def test_progress_prints_ten_lines(capsys):
    Network([3, 2, 1]).fit(XOR_X, XOR_Y, epochs=100, lr=0.5, progress=True)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 10 and lines[-1].startswith("epoch 100/100  loss ")


def test_dropout_is_inverted_and_only_in_training():
    net = Network([3, 10, 1], dropout=0.2, seed=8)
    out = net.forward(XOR_X)
    np.testing.assert_array_equal(out, net.forward(XOR_X))          # evaluation: nothing dropped
    plain = Network.from_weights(net.weights, net.biases)
    np.testing.assert_array_equal(out, plain.forward(XOR_X))
    trace = net.train_step(XOR_X, XOR_Y, lr=0.1)
    hidden = trace.layers[0]
    assert set(np.unique(hidden.mask)) <= {0.0, 1.0} and 0 < hidden.mask.mean() < 1
    np.testing.assert_allclose(hidden.output, hidden.a * hidden.mask / 0.8)
    np.testing.assert_array_equal(trace.layers[1].inputs, hidden.output)
    assert np.all(hidden.delta[hidden.mask == 0] == 0)            # dropped units get no error
    assert trace.layers[1].mask is None                            # never on the output layer
    assert "ô_" in trace.explain() and "m_" in trace.explain()


def test_dropout_keeps_the_expected_activation():
    net = Network([1, 2000, 1], dropout=0.5, seed=0)
    masks = net.draw_masks(1)
    assert abs(masks[0].mean() - 0.5) < 0.05


def test_save_load_round_trip(tmp_path):
    net = Network([3, 4, 2], activation=["tanh", "linear"], loss="mse", dropout=0.25, seed=6,
                  names=[["a1", "a2", "a3"], ["h1", "h2", "h3", "h4"], ["y1", "y2"]])
    net.fit(XOR_X, np.hstack([XOR_Y, 1 - XOR_Y]), epochs=3, lr=0.1)
    net.save(tmp_path / "net.npz")
    back = Network.load(tmp_path / "net.npz")
    for a, b in zip(net.weights + net.biases, back.weights + back.biases):
        np.testing.assert_array_equal(a, b)
    assert repr(back) == repr(net) and back.names == net.names
    assert [a.name for a in back.activations] == ["tanh", "linear"]
    np.testing.assert_array_equal(net._rng.random(3), back._rng.random(3))
    nobias = Network([2, 1], bias=False)
    nobias.save(tmp_path / "nb.npz")
    assert Network.load(tmp_path / "nb.npz").biases is None


def test_load_never_unpickles(tmp_path):
    np.savez(tmp_path / "evil.npz", meta=np.array([{"version": 1}], dtype=object))
    with pytest.raises(ValueError, match="allow_pickle"):
        Network.load(tmp_path / "evil.npz")


def test_summary_and_repr():
    net = Network([3, 4, 4, 1], bias=False)
    text = net.summary()
    assert "(3, 4)" in text and "(4, 4)" in text and "(4, 1)" in text and "total" in text
    assert text.splitlines()[-1].split()[-1] == str(3 * 4 + 4 * 4 + 4)
    assert repr(net) == "Network([3, 4, 4, 1], activation='sigmoid', bias=False, loss='half_sse', dropout=0.0)"


def test_trace_names_default_to_letters_and_fall_back():
    assert Network([3, 2, 1]).names == [["A", "B", "C"], ["D", "E"], ["F"]]
    big = Network([20, 10, 2])
    assert big.names[0][0] == "x1" and big.names[1][0] == "h1.1" and big.names[2] == ["out1", "out2"]
    trace = big.train_step(np.ones(20), [0, 1], lr=0.1)
    assert "w_x1,h1.1" in trace.values


def test_trace_with_bias_and_several_samples():
    net = Network([2, 2, 1], seed=1)
    trace = net.train_step([[0, 1], [1, 0]], [[1], [0]], lr=0.5)
    text = trace.explain()
    assert "z_C[0] = x_A·w_AC + x_B·w_BC + b_C" in text and "Σₙ" in text
    assert trace["z_C"].shape == (2,) and "b_C_new" in trace.values
    assert trace["grad_b_C"] == pytest.approx(trace.layers[0].delta[:, 0].sum())
    assert trace.explain(sample=1).count("z_C[1]") == 1 and "z_C[0]" not in trace.explain(sample=1)
    rows = trace.weight_updates()
    assert len(rows) == 2 * 2 + 2 * 1 + 2 + 1
    assert all(r["after"] == pytest.approx(r["before"] - 0.5 * r["grad"]) for r in rows)
    with pytest.raises(KeyError, match="no quantity 'z_Q'"):
        trace["z_Q"]


def test_forward_with_masks_is_a_training_pass():
    net = Network([3, 5, 1], dropout=0.4, seed=2)
    masks = [np.array([[1, 0, 1, 1, 0]] * 4, dtype=float)]
    trace = net.train_step(XOR_X, XOR_Y, lr=0.1, masks=masks)
    np.testing.assert_array_equal(Network.from_weights(trace.weights_before, [b.copy() for b in trace.biases_before],
                                                       dropout=0.4).forward(XOR_X, masks), trace.output)
    assert not np.array_equal(net.forward(XOR_X, masks), net.forward(XOR_X))


def test_trace_explains_regularised_updates():
    net = Network([2, 1], bias=False, names=[["A", "B"], ["C"]])
    text = net.train_step([[1, 2]], [[1]], lr=0.5, l2=0.1, l1=0.01).explain()
    assert "w_AC ← w_AC − η·(∂E/∂w_AC + λ₂·w_AC + λ₁·sign(w_AC))" in text
    assert "penalty = ½·0.1·Σw² + 0.01·Σ|w|" in text

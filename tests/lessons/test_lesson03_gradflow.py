import numpy as np
import pytest

from backproplab import Network, activations
from backproplab.lessons.lesson03 import gradflow


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    return rng.normal(size=(8, 4)), rng.random((8, 1))


def test_deep_narrow_network_shape_and_activations():
    net = gradflow.deep_narrow_network(depth=5, width=3, activation="tanh", seed=1)
    assert net.layer_sizes == [3, 3, 3, 3, 3, 3, 1]
    assert [a.name for a in net.activations] == ["tanh"] * 5 + ["linear"]
    assert all(np.all(b == 0) for b in net.biases)
    assert all(np.all((w >= -1) & (w < 1)) for w in net.weights)


def test_same_seed_same_weights_whatever_the_activation():
    a = gradflow.deep_narrow_network(4, 2, "sigmoid", seed=3)
    b = gradflow.deep_narrow_network(4, 2, "relu", seed=3)
    for wa, wb in zip(a.weights, b.weights):
        np.testing.assert_array_equal(wa, wb)


def test_gradient_norms_match_network_gradients(data):
    X, y = data
    net = gradflow.deep_narrow_network(3, 4, "sigmoid", seed=0)
    _, grads_W, _ = net.gradients(X, y)
    np.testing.assert_allclose(gradflow.gradient_norms(net, X, y),
                               [np.sqrt((g ** 2).sum()) for g in grads_W])


def test_delta_norms_match_a_hand_backward_pass(data):
    X, y = data
    net = gradflow.deep_narrow_network(2, 4, "sigmoid", seed=0)
    before = [w.copy() for w in net.weights]
    # forward and backward by hand, half SSE: δ_out = o − t (linear output)
    a0 = X
    z1 = a0 @ net.weights[0]; a1 = activations.sigmoid(z1)
    z2 = a1 @ net.weights[1]; a2 = activations.sigmoid(z2)
    out = a2 @ net.weights[2]
    d3 = out - y
    d2 = (d3 @ net.weights[2].T) * a2 * (1 - a2)
    d1 = (d2 @ net.weights[1].T) * a1 * (1 - a1)
    expected = [np.linalg.norm(d) for d in (d1, d2, d3)]
    np.testing.assert_allclose(gradflow.gradient_norms(net, X, y, wrt="delta"), expected)
    for w, w0 in zip(net.weights, before):          # the network was not trained
        np.testing.assert_array_equal(w, w0)


def test_sigmoid_chain_shrinks_by_at_least_four_per_layer():
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(10, 1)), rng.random((10, 1))
    chain = gradflow.deep_narrow_network(depth=8, width=1, activation="sigmoid", seed=2)
    deltas = gradflow.gradient_norms(chain, X, y, wrt="delta")
    ratios = deltas[:-1] / deltas[1:]
    bound = 0.25 * np.abs([w[0, 0] for w in chain.weights[1:]])
    assert np.all(ratios <= bound + 1e-15)
    assert deltas[0] / deltas[-1] <= 0.25 ** 8


def test_sigmoid_vanishes_while_relu_and_tanh_do_not(data):
    X, y = data
    norms = gradflow.compare_activations(X, y, depth=10, width=4, seed=0)
    assert list(norms) == ["sigmoid", "tanh", "relu"]
    assert all(v.shape == (11,) for v in norms.values())
    assert norms["sigmoid"][0] / norms["sigmoid"][-1] < 1e-5
    for name in ("tanh", "relu"):
        assert norms[name][0] / norms[name][-1] > 1e-2


def test_format_norms_table():
    text = gradflow.format_norms({"sigmoid": [1e-6, 0.5], "relu": [1.0, 2.0]})
    lines = text.splitlines()
    assert lines[0].split() == ["layer", "sigmoid", "relu"]
    assert lines[1].split() == ["1", "1.0e-06", "1.0e+00"]
    assert lines[2].split() == ["2", "5.0e-01", "2.0e+00"]


@pytest.mark.parametrize("kwargs, error", [
    ({"depth": 0}, ValueError),
    ({"depth": 2.5}, TypeError),
    ({"depth": 2, "width": 0}, ValueError),
    ({"depth": 2, "activation": "softplus"}, ValueError),
    ({"depth": 2, "activation": None}, TypeError),
    ({"depth": 2, "seed": -1}, ValueError),
])
def test_deep_narrow_network_rejects_bad_arguments(kwargs, error):
    with pytest.raises(error):
        gradflow.deep_narrow_network(**kwargs)


def test_gradient_norms_rejects_bad_arguments(data):
    X, y = data
    net = gradflow.deep_narrow_network(2, 4, seed=0)
    with pytest.raises(TypeError, match="net must be a backproplab Network"):
        gradflow.gradient_norms("net", X, y)
    with pytest.raises(ValueError, match="wrt"):
        gradflow.gradient_norms(net, X, y, wrt="biases")
    with pytest.raises(ValueError, match="X must have shape"):
        gradflow.gradient_norms(net, X[:, :3], y)
    with pytest.raises(ValueError, match="X must have shape"):
        gradflow.gradient_norms(net, X[:, :3], y, wrt="delta")
    with pytest.raises(ValueError, match="y must have shape"):
        gradflow.gradient_norms(net, X, y[:3], wrt="delta")


def test_compare_and_format_reject_bad_arguments(data):
    X, y = data
    with pytest.raises(TypeError):
        gradflow.compare_activations(X, y, names="sigmoid")
    with pytest.raises(TypeError):
        gradflow.format_norms([1.0, 2.0])
    with pytest.raises(ValueError, match="same length"):
        gradflow.format_norms({"a": [1.0], "b": [1.0, 2.0]})


def test_works_with_networks_built_elsewhere(data):
    X, y = data
    net = Network([4, 3, 1], activation=["relu", "sigmoid"], bias=False, seed=5)
    assert gradflow.gradient_norms(net, X, y, wrt="delta").shape == (2,)


@pytest.mark.parametrize("draw", range(12))
def test_wide_layers_tanh_grows_toward_the_input_relu_only_in_delta(draw):
    """Lesson 3, width 16 with the package's uniform [−1, 1) weights, in every one of 12 draws: tanh's
    weight gradients grow toward the input (its activations stay in (−1, 1) while δ grows); ReLU's
    δ grows strongly while its weight gradients stay within a factor 10 (the activations grow forward);
    the sigmoid's still shrink."""
    rng = np.random.default_rng(draw)
    X, y = rng.normal(size=(16, 16)), rng.random((16, 1))
    grads = gradflow.compare_activations(X, y, depth=10, width=16, seed=draw)
    deltas = gradflow.compare_activations(X, y, depth=10, width=16, seed=draw, wrt="delta")
    ratio = {name: g[0] / g[-1] for name, g in grads.items()}
    assert ratio["tanh"] > 1 and deltas["tanh"][0] > deltas["tanh"][-1]
    assert 0.1 < ratio["relu"] < 10 and deltas["relu"][0] / deltas["relu"][-1] > 10
    assert ratio["sigmoid"] < 1e-2


def _lesson3_cells(notebook_cells):
    from pathlib import Path
    return notebook_cells(Path(__file__).resolve().parents[2] / "notebooks" / "03_sigmoid_derivative.ipynb")


def _printed(cell):
    return "".join("".join(o.get("text", "")) for o in cell["outputs"])


def test_the_width_16_text_quotes_the_run_above_it(notebook_cells):
    """Every figure of the markdown after the width-16 cell is printed by that cell (or, for width 4,
    by the ratio cell of the width-4 table); nbval checks that the printed figures are the run's."""
    import re
    cells = _lesson3_cells(notebook_cells)
    i = next(k for k, c in enumerate(cells) if c["cell_type"] == "code" and "X_wide" in "".join(c["source"]))
    out, text = _printed(cells[i]), "".join(cells[i + 1]["source"])
    width4 = next(_printed(c) for c in cells if c["cell_type"] == "code"
                  and "gradient of layer 1 / gradient of layer 11" in "".join(c["source"]))
    ratio = dict(re.findall(r"^(\w+ \S+)\s+layer 1 / layer 11 = (\S+)$", out, flags=re.M))
    table = [line.split() for line in out.splitlines()[1:12]]
    relu_dW = [float(row[3]) for row in table]

    def latex(number):       # 2.8e+05 → 2.8\cdot10^{5}
        mantissa, exponent = f"{number:.1e}".split("e")
        return f"{mantissa}\\cdot10^{{{int(exponent)}}}"

    assert f"layer 1's is ${float(ratio['tanh ∂E/∂W']):.1f}$ times layer 11's" in text
    assert float(ratio["tanh ∂E/∂W"]) > 1 and float(ratio["tanh δ"]) > 1
    assert f"between ${latex(min(relu_dW))}$ and ${latex(max(relu_dW))}$" in text
    assert f"grows ${float(ratio['relu δ']):.0f}$-fold" in text
    sigmoid4 = float(re.search(r"^sigmoid .* = (\S+)$", width4, flags=re.M).group(1))
    assert f"${latex(float(ratio['sigmoid ∂E/∂W']))}$ instead of ${latex(sigmoid4)}$" in text


def test_the_width_4_text_names_the_layers_above_the_guide(notebook_cells):
    """The figure's dashed guide runs through the sigmoid's last-layer norm and falls by ×0.25 per layer;
    the text names the layers where the sigmoid's curve lies above it, read off the printed width-4 table."""
    cells = _lesson3_cells(notebook_cells)
    i = next(k for k, c in enumerate(cells) if c["cell_type"] == "code"
             and "gradflow.compare_activations(X, y" in "".join(c["source"]))
    table = [line.split() for line in _printed(cells[i]).splitlines()[1:]]
    sigmoid = np.array([float(row[1]) for row in table])
    L = sigmoid.size
    layers = np.arange(1, L + 1)
    guide = sigmoid[-1] * 0.25 ** (L - layers)
    above = layers[:-1][sigmoid[:-1] > guide[:-1]]
    assert above.size and np.array_equal(above, np.arange(above[0], above[-1] + 1))   # one run of layers
    assert above[-1] == L - 1                                                          # next to the output
    text = next("".join(c["source"]) for c in cells[i + 1:] if c["cell_type"] == "markdown"
                and "The dashed guide falls" in "".join(c["source"]))
    assert f"in the layers next to the output (${above[0]}$ to ${above[-1]}$) it sits above the guide" in text

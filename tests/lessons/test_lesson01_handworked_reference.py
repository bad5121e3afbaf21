"""The hand-worked 3-2-1 example, pinned to the exact float64 numbers (shared/reference-numbers.md)."""
import numpy as np
import pytest

from backproplab import Network

W_HIDDEN = [[0.4, 0.8], [-0.6, 0.2], [0.9, -0.4]]     # rows A, B, C; columns D, E
W_OUT = [[-0.5], [0.1]]                               # rows D, E; column F
NAMES = [["A", "B", "C"], ["D", "E"], ["F"]]


@pytest.fixture
def trace():
    net = Network.from_weights([W_HIDDEN, W_OUT], activation="sigmoid", loss="half_sse", names=NAMES)
    return net.train_step([0, 1, 1], [0], lr=0.5)


@pytest.mark.parametrize("name, value", [
    ("z_D", 0.3), ("z_E", -0.2), ("o_D", 0.5744425), ("o_E", 0.4501660), ("z_F", -0.2422047),
    ("o_F", 0.4397431), ("E", 0.0966870), ("δ_F", 0.1083391), ("δ_D", -0.0132422), ("δ_E", 0.0026816),
    ("Err_F", -0.1083391), ("Err_D", 0.0132422), ("Err_E", -0.0026816),
    ("w_AD_new", 0.4), ("w_AE_new", 0.8), ("w_BD_new", -0.5933789), ("w_BE_new", 0.1986592),
    ("w_CD_new", 0.9066211), ("w_CE_new", -0.4013408), ("w_DF_new", -0.5311173), ("w_EF_new", 0.0756147),
])
def test_reference_numbers(trace, name, value):
    assert trace[name] == pytest.approx(value, abs=5e-8)


def test_issue_rounding_of_the_key_numbers(trace):
    assert round(trace["o_F"], 4) == 0.4397
    assert round(abs(trace["δ_F"]), 4) == 0.1083
    assert round(abs(trace["δ_D"]), 5) == 0.01324
    assert round(abs(trace["δ_E"]), 5) == 0.00268
    assert round(trace["w_BD_new"], 5) == -0.59338
    assert round(trace["w_DF_new"], 5) == -0.53112
    assert round(trace["w_EF_new"], 5) == 0.07561


def test_second_forward_pass_moves_toward_target():
    net = Network.from_weights([W_HIDDEN, W_OUT], names=NAMES)
    net.train_step([0, 1, 1], [0], lr=0.5)
    assert net.forward([0, 1, 1])[0, 0] == pytest.approx(0.4322137, abs=5e-8)
    assert net.loss_value([0, 1, 1], [0]) == pytest.approx(0.0934043, abs=5e-8)


def test_explain_writes_the_worked_lines(trace):
    text = trace.explain(precision=4)
    assert "z_D = x_A·w_AD + x_B·w_BD + x_C·w_CD = 0·0.4 + 1·(−0.6) + 1·0.9 = 0.3" in text
    assert "o_F = σ(z_F) = σ(−0.2422) = 0.4397" in text
    assert "δ_F = (o_F − t_F)·o_F·(1 − o_F) = (0.4397 − 0)·0.4397·(1 − 0.4397) = 0.1083" in text
    assert "δ_D = (δ_F·w_DF)·o_D·(1 − o_D) = (0.1083·(−0.5))·0.5744·(1 − 0.5744) = −0.01324" in text
    assert "w_BD ← w_BD − η·∂E_total/∂w_BD = −0.6 − 0.5·(−0.01324) = −0.5934" in text
    # forward, then backward, then updates
    assert text.index("z_F =") < text.index("δ_F =") < text.index("δ_D =") < text.index("w_AD ←")


def test_explain_precision_changes_digits(trace):
    assert "= 0.43974" in trace.explain(precision=5)


def test_html_table(trace):
    html = trace._repr_html_()
    assert html.startswith("<table") and html.count("<tr>") > 20
    assert "z_D" in html and "0.4397" in html and "w_EF (new)" in html
    assert "−0.5311" in html


def test_trace_layers_hold_arrays(trace):
    hidden, out = trace.layers
    np.testing.assert_allclose(hidden.inputs, [[0, 1, 1]])
    np.testing.assert_allclose(hidden.z, [[0.3, -0.2]], atol=1e-15)
    assert hidden.mask is None and hidden.grad_b is None
    np.testing.assert_allclose(out.grad_W, hidden.a.T * out.delta)
    assert trace.lr == 0.5 and trace.loss == pytest.approx(0.0966870, abs=5e-8)
    np.testing.assert_array_equal(trace.weights_before[1], W_OUT)
    assert trace.weights_after[1][0, 0] == pytest.approx(-0.5311173, abs=5e-8)

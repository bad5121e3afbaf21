"""backproplab.gates: the CS231n-style gates, checked against the reference neuron and numerical gradients."""
import numpy as np
import pytest

from backproplab.autograd.gates import AddGate, MaxGate, MultiplyGate, SigmoidGate
from backproplab.gradcheck import numerical_gradient, rel_error

# /work/shared/reference-numbers.md
NEURON_F = 0.7310586
NEURON_DW = (-0.1966119, -0.3932239, 0.1966119)
NEURON_DX = (0.3932239, -0.5898358)


def test_sigmoid_neuron_with_gate_objects():
    mul0, mul1, add0, add1, sig = MultiplyGate(), MultiplyGate(), AddGate(), AddGate(), SigmoidGate()
    out = sig.forward(add1.forward(add0.forward(mul0.forward(2.0, -1.0), mul1.forward(-3.0, -2.0)), -3.0))
    assert out == pytest.approx(NEURON_F, abs=6e-8)
    ds, dw2 = add1.backward(sig.backward(1.0))
    da0, da1 = add0.backward(ds)
    dw0, dx0 = mul0.backward(da0)
    dw1, dx1 = mul1.backward(da1)
    assert (dw0, dw1, dw2) == pytest.approx(NEURON_DW, abs=6e-8)
    assert (dx0, dx1) == pytest.approx(NEURON_DX, abs=6e-8)


# --------------------------------------------------------------------------- gates vs numbers
def _numeric_gate_grads(forward, inputs, dz):
    """Numerical gradients of sum(forward(*inputs) * dz) with respect to each input."""
    grads = []
    for k in range(len(inputs)):
        def loss(v, k=k):
            args = list(inputs)
            args[k] = v
            return float(np.sum(forward(*args) * dz))
        grads.append(numerical_gradient(loss, np.array(inputs[k], dtype=float)))
    return grads


SHAPES = [((), ()), ((3,), (3,)), ((2, 3), (2, 3)), ((2, 3), (3,)), ((4, 1), (1, 5)), ((2, 3), ())]


@pytest.mark.parametrize("gate_cls, fn", [(MultiplyGate, lambda a, b: a * b), (AddGate, lambda a, b: a + b),
                                          (MaxGate, np.maximum)])
@pytest.mark.parametrize("shapes", SHAPES)
def test_binary_gate_backward_matches_numerical_gradient(gate_cls, fn, shapes):
    rng = np.random.default_rng(len(shapes[0]) * 10 + len(shapes[1]))
    x = rng.standard_normal(shapes[0])
    y = rng.standard_normal(shapes[1]) + 0.37          # no ties: the max gate has a kink there
    gate = gate_cls()
    out = gate.forward(x if shapes[0] else float(x), y if shapes[1] else float(y))
    expected = fn(x, y)
    assert np.shape(out) == np.shape(expected) and np.allclose(out, expected)
    dz = rng.standard_normal(np.shape(out))
    dx, dy = gate.backward(dz if np.ndim(dz) else float(dz))
    assert np.shape(dx) == shapes[0] and np.shape(dy) == shapes[1]     # gradients have the inputs' shapes
    num_dx, num_dy = _numeric_gate_grads(fn, [np.asarray(x, float), np.asarray(y, float)], dz)
    assert rel_error(dx, num_dx) < 1e-8
    assert rel_error(dy, num_dy) < 1e-8


@pytest.mark.parametrize("shape", [(), (5,), (3, 4)])
def test_sigmoid_gate_backward_matches_numerical_gradient(shape):
    rng = np.random.default_rng(7)
    x = 3 * rng.standard_normal(shape)
    gate = SigmoidGate()
    out = gate.forward(x if shape else float(x))
    assert np.allclose(out, 1 / (1 + np.exp(-x)))
    dz = rng.standard_normal(shape)
    dx = gate.backward(dz if shape else float(dz))
    sig = lambda v: 1 / (1 + np.exp(-v))
    (num,) = _numeric_gate_grads(sig, [np.asarray(x, float)], dz)
    assert np.shape(dx) == shape and rel_error(dx, num) < 1e-8


def test_gate_patterns_on_tiny_numbers():
    assert AddGate().forward(3.0, -1.0) == 2.0
    g = AddGate(); g.forward(3.0, -1.0)
    assert g.backward(2.0) == (2.0, 2.0)                 # distributes
    g = MaxGate(); g.forward(2.0, -1.0)
    assert g.backward(2.0) == (2.0, 0.0)                 # routes
    g = MultiplyGate(); g.forward(3.0, -4.0)
    assert g.backward(2.0) == (-8.0, 6.0)                # swaps
    g = MaxGate(); g.forward(1.0, 1.0)
    assert g.backward(1.0) == (1.0, 0.0)                 # a tie goes to the first input, like Var.max


def test_sigmoid_gate_is_warning_free_for_huge_inputs():
    g = SigmoidGate()
    out = g.forward(np.array([-1000.0, 0.0, 1000.0]))
    assert np.array_equal(out, [0.0, 0.5, 1.0])
    assert np.array_equal(g.backward(np.ones(3)), [0.0, 0.25, 0.0])


@pytest.mark.parametrize("gate_cls", [AddGate, MultiplyGate, MaxGate, SigmoidGate])
def test_gate_backward_before_forward_is_a_clear_error(gate_cls):
    with pytest.raises(RuntimeError, match="call forward first"):
        gate_cls().backward(1.0)


def test_gate_input_errors():
    with pytest.raises(ValueError, match="broadcastable shapes"):
        AddGate().forward(np.ones(3), np.ones(4))
    g = MultiplyGate()
    g.forward(np.ones(3), np.ones(3))
    with pytest.raises(ValueError, match=r"dz must have the shape of the gate's output \(3,\)"):
        g.backward(np.ones(4))
    with pytest.raises(TypeError, match="x must contain real numbers"):
        AddGate().forward("a", 1.0)
    with pytest.raises(ValueError, match="finite"):
        SigmoidGate().forward(np.array([np.nan]))

import warnings

import numpy as np
import pytest

from backproplab import activations, gradcheck, losses

Z = np.linspace(-4, 4, 41) + 0.013       # avoid the kink of ReLU at exactly 0


@pytest.mark.parametrize("name", sorted(activations.ACTIVATIONS))
def test_derivative_matches_numerical(name):
    act = activations.get(name)
    num = np.array([gradcheck.numerical_gradient(lambda v: act(v).sum(), np.array([z])) for z in Z]).ravel()
    np.testing.assert_allclose(act.derivative(Z), num, atol=1e-8)


@pytest.mark.parametrize("name", sorted(activations.ACTIVATIONS))
def test_derivative_from_output_agrees(name):
    act = activations.get(name)
    np.testing.assert_allclose(act.deriv_from_output(act(Z)), act.derivative(Z), atol=1e-12)


def test_known_values():
    assert activations.sigmoid(0) == 0.5
    assert activations.sigmoid.derivative(0) == 0.25
    assert activations.tanh.derivative(0.5) == pytest.approx(1 - np.tanh(0.5) ** 2)
    assert activations.relu(-3.0) == 0.0 and activations.relu(2.5) == 2.5
    assert activations.leaky_relu(-2.0) == pytest.approx(-0.02)
    assert activations.linear(1.5) == 1.5
    assert activations.sigmoid.latex.startswith(r"\sigma(z)")


def test_sigmoid_is_silent_and_exact_at_extremes():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert activations.sigmoid(-1000.0) == 0.0
        assert activations.sigmoid(1000.0) == 1.0
        assert activations.sigmoid.derivative(np.array([-1000.0, 1000.0])).tolist() == [0.0, 0.0]
        assert np.all(np.isfinite(activations.tanh(np.array([-1e5, 1e5]))))


def test_unknown_activation_and_loss():
    with pytest.raises(ValueError, match="unknown activation 'softplus'.*sigmoid"):
        activations.get("softplus")
    with pytest.raises(TypeError, match="activation must be a string"):
        activations.get(3)
    with pytest.raises(ValueError, match="unknown loss 'hinge'.*cross_entropy"):
        losses.get("hinge")


@pytest.mark.parametrize("name, value, grad", [
    ("half_sse", 0.5 * (0.25 + 1.0), [[0.5], [-1.0]]),
    ("sse", 0.25 + 1.0, [[1.0], [-2.0]]),
    ("mse", (0.25 + 1.0) / 2, [[0.5], [-1.0]]),
])
def test_losses(name, value, grad):
    o, t = np.array([[0.5], [0.0]]), np.array([[0.0], [1.0]])
    loss = losses.get(name)
    E, g = loss.value_and_grad(o, t)
    assert E == pytest.approx(value)
    np.testing.assert_allclose(g, grad)
    num = gradcheck.numerical_gradient(lambda v: loss.value(v, t), o.copy())
    np.testing.assert_allclose(g, num, rtol=1e-8)

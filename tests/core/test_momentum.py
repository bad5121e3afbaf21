r"""fit(momentum=μ) is heavy-ball gradient descent: $v \leftarrow \mu v - \eta\nabla E$, $w \leftarrow w + v$."""
import numpy as np
import pytest

from backproplab import Network, datasets

X, Y = datasets.moons(24, seed=5)


def test_momentum_keeps_its_velocity_within_one_fit_call_only():
    # two calls of 20 epochs restart the velocity at 0: not the same as one call of 40
    a, b = Network([2, 6, 1], seed=2), Network([2, 6, 1], seed=2)
    a.fit(X, Y, epochs=40, lr=0.25, momentum=0.9)
    b.fit(X, Y, epochs=20, lr=0.25, momentum=0.9)
    b.fit(X, Y, epochs=20, lr=0.25, momentum=0.9)
    assert np.abs(a.weights[0] - b.weights[0]).max() > 1e-3


def test_the_sources_momentum_loop_is_fit_with_momentum_one_half():
    r"""The source's loop on a linear model with the mean-squared error
    $E = \frac1n\sum_i (\hat y_i - y_i)^2$: its gradient is $\frac2n X^\top(\hat y - y)$, so
    ``update = 0.5·update − 2/n·η·Δ`` with $\Delta = X^\top(\hat y - y)$ is $v \leftarrow 0.5v - \eta\nabla E$."""
    rng = np.random.default_rng(0)
    n = 50
    X = np.hstack([rng.random((n, 2)), np.ones((n, 1))])        # the column of ones is the intercept
    y = X @ np.array([[2.0], [-3.0], [0.5]]) + 0.1 * rng.standard_normal((n, 1))
    w0 = rng.standard_normal((3, 1))
    lr = 0.1

    w, update = w0.copy(), np.zeros_like(w0)
    for _ in range(300):
        delta = X.T @ (X @ w - y)
        update = 0.5 * update - 2 / n * lr * delta
        w = w + update

    net = Network.from_weights([w0], None, activation="linear", loss="mse")
    net.fit(X, y, epochs=300, lr=lr, momentum=0.5)
    np.testing.assert_allclose(net.weights[0], w, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(w.ravel(), [2.0, -3.0, 0.5], atol=0.1)     # it has found the line


def test_against_torch_sgd_with_momentum():
    r"""torch.optim.SGD keeps $b \leftarrow \mu b + g$ and steps $w \leftarrow w - \eta b$: with a
    constant η that is $v = -\eta b$, the same update as $v \leftarrow \mu v - \eta g$, $w \leftarrow w + v$."""
    torch = pytest.importorskip("torch")
    mu, lr, epochs = 0.9, 0.3, 60
    net = Network([2, 6, 3, 1], activation=["tanh", "sigmoid", "sigmoid"], seed=8)
    params = [torch.tensor(p, dtype=torch.float64, requires_grad=True) for p in net.weights + net.biases]
    Xt, Yt = torch.tensor(X), torch.tensor(Y)
    opt = torch.optim.SGD(params, lr=lr, momentum=mu)
    W, B = params[:3], params[3:]
    for _ in range(epochs):
        opt.zero_grad()
        h1 = torch.tanh(Xt @ W[0] + B[0])
        h2 = torch.sigmoid(h1 @ W[1] + B[1])
        o = torch.sigmoid(h2 @ W[2] + B[2])
        loss = 0.5 * ((o - Yt) ** 2).sum()           # half_sse
        loss.backward()
        opt.step()
    history = net.fit(X, Y, epochs=epochs, lr=lr, momentum=mu)
    assert history.loss[-1] < 0.8 * history.loss[0]     # it trained: the comparison is not vacuous
    for ours, theirs in zip(net.weights + net.biases, params):
        np.testing.assert_allclose(ours, theirs.detach().numpy(), rtol=1e-10, atol=1e-12)

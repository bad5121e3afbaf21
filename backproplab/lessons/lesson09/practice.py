r"""Lesson 9, training in practice: what lesson 9 computes beyond the core.

* :func:`per_example_gradients` — each sample's own gradient; their sum is the full-batch gradient
  (of a loss that sums over the samples; their mean for ``mse``);
* :func:`slice_surface` — the loss over a plane through two chosen weights, the others held;
* :func:`batch_size_runs` — the same network trained full-batch, in mini-batches and one example at
  a time, with the loss of the whole set after every epoch;
* :func:`valley` — a network whose loss *is* the quadratic $E = \tfrac12(a w_1^2 + b w_2^2)$, so
  that ``fit(momentum=μ)`` walks the long narrow valley; :func:`descent_path` records the walk;
* :func:`equal_start` — a network whose weights all start at one value (symmetry);
* :func:`start_spread` — the spread of the net inputs per layer for each initialisation rule, and
  the first losses of training.
* :func:`regression_valley` — a two-weight linear regression with correlated inputs, whose mean
  loss is a tilted narrow valley: the optimiser explorer's model;
* :func:`curvatures` and :func:`largest_stable_lr` — the eigenvalues of a quadratic loss's Hessian
  and the stability bound $\eta\lambda_\max < 2(1 + \mu)$ of (momentum) gradient descent on it;
* :func:`relu_growth` — the factor by which a ReLU layer multiplies the spread of its net inputs;
* :func:`standardise` — input columns with mean 0 and standard deviation 1 (the training set's).

Everything trains with :meth:`Network.fit` (tracing off); nothing here has its own update rule.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from ... import backprop
from ..._plumbing import checks as _checks
from ...construction import INIT_RULES
from ...network import History, Network, TrainingDiverged
from ...snapshots import snapshot_losses

__all__ = ["per_example_gradients", "slice_surface", "BatchRun", "batch_size_runs", "valley",
           "descent_path", "steps_below", "equal_start", "hidden_spread", "StartSpread", "start_spread",
           "REGRESSION_TRUE", "regression_valley", "curvatures", "largest_stable_lr", "relu_growth",
           "standardise"]


def per_example_gradients(net: Network, X, y):
    """``[(grads_W, grads_b), …]``: the gradient of each sample's own loss, one pair per row of
    ``X`` (``grads_b`` ``None`` without bias). For a loss that sums over the samples they add up to
    the full-batch gradient; for ``mse`` (a mean) their mean is it."""
    X, y = net.validate(X, y)
    return [net.gradients(X[n:n + 1], y[n:n + 1])[1:] for n in range(X.shape[0])]


def _entry(net, where):
    layer, i, j = where
    if not (0 <= layer < len(net.weights)) or not (0 <= i < net.weights[layer].shape[0]) \
            or not (0 <= j < net.weights[layer].shape[1]):
        raise ValueError(f"weight {where!r} is not in a network of layer sizes {net.layer_sizes}")
    return layer, i, j


def slice_surface(net: Network, X, y, first, second, span=2.0, resolution=41):
    """The loss on a plane through two weights: ``(u, v, E)``, ``u`` and ``v`` the values of
    weights ``first`` and ``second`` (each ``(layer, i, j)``, ``weights[layer][i, j]``) on a
    ``resolution × resolution`` grid of half-width ``span`` (one number, or one per weight) around
    their current values, ``E[r, c]``
    the loss at ``(u[c], v[r])`` with every other weight as it is. The network is not changed."""
    X, y = net.validate(X, y)
    first, second = _entry(net, first), _entry(net, second)
    resolution = _checks.integer("resolution", resolution, low=3, high=401)
    spans = span if isinstance(span, (tuple, list)) else (span, span)
    if len(spans) != 2:
        raise ValueError(f"span must be one number or two, got {span!r}")
    su, sv = (_checks.real("span", s, low=0.0, low_open=True) for s in spans)
    u0, v0 = net.weights[first[0]][first[1:]], net.weights[second[0]][second[1:]]
    u, v = np.linspace(u0 - su, u0 + su, resolution), np.linspace(v0 - sv, v0 + sv, resolution)
    # every grid point as one network of a stack: one batched forward pass
    U, V = np.meshgrid(u, v)
    S = U.size
    weights = [np.broadcast_to(w, (S,) + w.shape).copy() for w in net.weights]
    weights[first[0]][:, first[1], first[2]] = U.ravel()
    weights[second[0]][:, second[1], second[2]] = V.ravel()
    biases = None if net.biases is None else [np.broadcast_to(b, (S, 1) + b.shape) for b in net.biases]
    with np.errstate(over="ignore", under="ignore"):
        out = backprop.forward(weights, biases, net.activations, np.broadcast_to(X, (S,) + X.shape))[0]
    E = np.array([net.loss_fn.value(o, y) for o in out]).reshape(U.shape)
    return u, v, E


@dataclass
class BatchRun:
    """One run of :func:`batch_size_runs`: ``loss[e]`` is the loss on the whole training set after
    ``e`` epochs (``loss[0]`` at the start), ``steps_per_epoch`` how many updates an epoch made."""
    batch_size: int
    steps_per_epoch: int
    history: History
    loss: np.ndarray

    @property
    def steps(self) -> int:
        return self.steps_per_epoch * (len(self.loss) - 1)

    def loss_after(self, steps):
        """The whole set's loss after ``steps`` updates, or ``None`` if it was not measured there
        (it is measured once an epoch: after a multiple of ``steps_per_epoch`` updates)."""
        steps = _checks.integer("steps", steps, low=0)
        epoch, rest = divmod(steps, self.steps_per_epoch)
        return float(self.loss[epoch]) if rest == 0 and epoch < len(self.loss) else None


def batch_size_runs(X, y, batch_sizes, epochs, lr, hidden=16, seed=0, loss="mse", momentum=0.0):
    """Train ``Network([n_in, hidden, n_out], activation=["tanh", "sigmoid"], loss=loss, seed=seed)``
    once per batch size (``None`` or ``len(X)``: full batch), from the same start, ``epochs`` epochs
    at learning rate ``lr`` (shuffled each epoch). Returns ``{batch_size: BatchRun}``. With
    ``loss="mse"`` each step follows the mean gradient of its batch, so the gradient's scale does not
    grow with the batch (the best ``lr`` still depends on it: smaller batches take noisier steps)."""
    X = _checks.as_float_array("X", X, ndim=2)
    y = _checks.as_float_array("y", y, ndim=2)
    start = Network([X.shape[1], hidden, y.shape[1]], activation=["tanh", "sigmoid"], loss=loss, seed=seed)
    runs = {}
    for b in batch_sizes:
        net = start.with_weights(start.weights, start.biases, seed=seed)
        history = net.fit(X, y, epochs=epochs, lr=lr, momentum=momentum, batch_size=b, record_every=1)
        size = X.shape[0] if b is None else min(int(b), X.shape[0])
        runs[b] = BatchRun(size, -(-X.shape[0] // size), history, snapshot_losses(history, net, X, y))
    return runs


def valley(a=1.0, b=25.0, start=(-4.0, 1.5)):
    r"""``(net, X, y)``: a linear network with two weights and no bias whose half-SSE loss on
    ``(X, y)`` is $E = \tfrac12(a w_1^2 + b w_2^2)$ — the rows of ``X`` are $(\sqrt a, 0)$ and
    $(0, \sqrt b)$, the targets 0. Its gradient is $(a w_1, b w_2)$: for $b \gg a$ a long narrow
    valley along $w_1$. The network starts at ``start``."""
    a = _checks.real("a", a, low=0.0, low_open=True)
    b = _checks.real("b", b, low=0.0, low_open=True)
    X = np.array([[np.sqrt(a), 0.0], [0.0, np.sqrt(b)]])
    net = Network.from_weights([np.array(start, dtype=float).reshape(2, 1)], None, activation="linear")
    return net, X, np.zeros((2, 1))


def descent_path(net: Network, X, y, steps, lr, momentum=0.0):
    """The path of ``steps`` full-batch steps of ``fit`` from a copy of ``net`` with two weights:
    ``(steps + 1, 2)`` (row 0 the start) and the :class:`History`."""
    if sum(w.size for w in net.weights) != 2 or net.biases is not None:
        raise ValueError(f"net must have exactly two weights and no bias, got layer sizes {net.layer_sizes}")
    twin = net.with_weights(net.weights, None)
    history = twin.fit(X, y, epochs=steps, lr=lr, momentum=momentum, record_every=1)
    return np.array([np.concatenate([w.ravel() for w in ws]) for ws in history.weights]), history


def steps_below(losses, level):
    """The first index at which ``losses`` is below ``level`` (``None`` if never)."""
    below = np.flatnonzero(np.asarray(losses) < level)
    return int(below[0]) if below.size else None


def equal_start(layer_sizes=(3, 4, 1), value=0.5, activation="sigmoid"):
    """A network without bias whose every weight starts at ``value``: each hidden neuron has the
    same incoming and outgoing weights as every other."""
    sizes = list(layer_sizes)
    return Network.from_weights([np.full((m, n), float(value)) for m, n in zip(sizes, sizes[1:])], None,
                                activation=activation)


def hidden_spread(net: Network, layer=0) -> float:
    """How different the hidden neurons of weight layer ``layer`` are: the largest difference,
    over all entries, between a neuron's incoming (and, if there is a next layer, outgoing) weights
    and neuron 0's. 0 means the neurons are identical."""
    W = net.weights[layer]
    spread = float(np.abs(W - W[:, :1]).max())
    if layer + 1 < len(net.weights):
        out = net.weights[layer + 1]
        spread = max(spread, float(np.abs(out - out[:1, :]).max()))
    return spread


@dataclass
class StartSpread:
    """One initialisation rule on one network: ``z_std[k]`` the standard deviation of layer
    ``k + 1``'s net inputs at the start, ``saturated[k]`` the share of its units whose derivative
    $\varphi'(z)$ is below 0.01 of its value at $z = 0$ (for ReLU: the units that are off), ``loss`` the loss per epoch of the first
    training steps (shorter if the run diverged: ``diverged`` is then the epoch it stopped in)."""
    init: str
    z_std: list
    saturated: list
    loss: np.ndarray
    diverged: int | None


def start_spread(X, y, layer_sizes, inits=("uniform", "normal", "lecun", "glorot", "he"),
                 activation="tanh", output="sigmoid", loss="mse", epochs=30, lr=0.5, seed=0):
    """``{init: StartSpread}``: for each rule, ``Network(layer_sizes, activation=[activation]*…
    + [output], loss=loss, init=init, seed=seed)``, its net inputs on ``X`` at the start and
    ``epochs`` full-batch steps at ``lr``. A run that overflows stops as ``fit`` stops it; its
    :class:`TrainingDiverged` warning is recorded in ``diverged``, not shown."""
    X = _checks.as_float_array("X", X, ndim=2)
    acts = [activation] * (len(layer_sizes) - 2) + [output]
    result = {}
    for init in inits:
        net = Network(list(layer_sizes), activation=acts, loss=loss, init=init, seed=seed)
        with np.errstate(over="ignore", under="ignore"):
            caches = backprop.forward(net.weights, net.biases, net.activations, X)[1]
        zs = [c[1] for c in caches]
        sat = []
        for act, z in zip(net.activations[:-1], zs[:-1]):
            peak = float(act.derivative(np.array([0.0, 1e-6])).max())     # φ' is largest at 0
            sat.append(float(np.mean(act.derivative(z) < 0.01 * peak)))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", TrainingDiverged)
            history = net.fit(X, y, epochs=epochs, lr=lr)
        result[init] = StartSpread(init, [float(z.std()) for z in zs], sat, history.loss,
                                   None if history.diverged is None else history.diverged.epoch)
    return result


REGRESSION_TRUE = (1.0, -0.5)        # the weights the regression valley's targets were made with


def regression_valley(n=64, seed=0, start=(-2.0, 2.0)):
    r"""``(net, X, y)`` for the optimiser explorer: a linear network with two weights, no bias and
    loss ``mse`` on ``n`` samples whose two inputs are strongly correlated (their scales differ a
    little), so that $E(w) = \frac1n\|Xw - y\|^2$ is a long, narrow, tilted valley around :data:`REGRESSION_TRUE`
    (the targets carry a little noise, so its lowest point is near, not at, those weights). Mini-batches
    of it give noisy gradients, as on real data. The network starts at ``start``."""
    rng = np.random.default_rng(_checks.integer("seed", seed, low=0))
    n = _checks.integer("n", n, low=2)
    z = rng.standard_normal((n, 2))
    X = z @ np.array([[1.0, 0.8], [0.0, 0.35]])
    y = X @ np.array(REGRESSION_TRUE).reshape(2, 1) + 0.1 * rng.standard_normal((n, 1))
    net = Network.from_weights([np.array(start, dtype=float).reshape(2, 1)], None, activation="linear", loss="mse")
    return net, X, y


def curvatures(net: Network, X, y):
    r"""The eigenvalues $\lambda_1 \le \lambda_2 \le …$ of the Hessian $H = \nabla^2 E$ of a linear
    network without bias (its loss a quadratic in the weights), ascending, one per weight.

    The gradient of a quadratic is affine, $\nabla E(w) = H w + c$, so column $j$ of $H$ is
    $\nabla E(e_j) - \nabla E(0)$: two calls of ``gradients`` per weight, for any of the squared-error
    losses (``half_sse``: $H = X^\top X$; ``mse``: $H = \frac{2}{NK}X^\top X$). ``X``: ``(N, n_in)``."""
    if net.biases is not None or any(a.name != "linear" for a in net.activations) or len(net.weights) != 1:
        raise ValueError(f"net must be one linear layer without bias (its loss a quadratic), got layer sizes "
                         f"{net.layer_sizes} with activations {[a.name for a in net.activations]}")
    X, y = net.validate(X, y)
    shape = net.weights[0].shape
    at = lambda w: net.with_weights([w.reshape(shape)], None).gradients(X, y)[1][0].ravel()   # noqa: E731
    zero = np.zeros(net.weights[0].size)
    base = at(zero)
    H = np.column_stack([at(np.eye(zero.size)[j]) - base for j in range(zero.size)])
    return np.linalg.eigvalsh(0.5 * (H + H.T))


def largest_stable_lr(lam_max, momentum=0.0):
    r"""The learning rate above which gradient descent with momentum $\mu$ diverges on a quadratic
    whose largest curvature is ``lam_max``: $2(1 + \mu)/\lambda_\max$.

    Along an eigenvector of curvature $\lambda$ plain descent multiplies the distance to the minimum
    by $1 - \eta\lambda$ each step, so it converges iff $\eta\lambda < 2$ (for $\eta\lambda > 1$
    the sign flips: it bounces). With momentum the pair (distance now, distance before) is multiplied
    by $\begin{pmatrix}1 + \mu - \eta\lambda & -\mu\\ 1 & 0\end{pmatrix}$, whose eigenvalues lie
    inside the unit circle iff $0 < \eta\lambda < 2(1 + \mu)$ (for $0 \le \mu < 1$)."""
    lam_max = _checks.real("lam_max", lam_max, low=0.0, low_open=True)
    momentum = _checks.real("momentum", momentum, low=0.0, high=1.0, high_open=True)
    return 2.0 * (1.0 + momentum) / lam_max


def relu_growth(init, n_in, n_out=1):
    r"""The factor by which a ReLU layer of fan-in ``n_in`` multiplies the spread (standard deviation)
    of the net inputs, its weights drawn by the rule ``init``: $\sqrt{n_\text{in}\operatorname{Var}(w)/2}$.

    $\operatorname{Var} z' = n_\text{in}\operatorname{Var}(w)\,\mathbb E[a^2]$, and $a = \max(0, z)$
    of a zero-mean, symmetric $z$ keeps half of its second moment: $\mathbb E[a^2] = \tfrac12\operatorname{Var} z$.
    ``n_out`` matters for ``glorot`` only."""
    if init not in INIT_RULES:
        raise ValueError(f"init must be one of {sorted(INIT_RULES)}, got {init!r}")
    n_in = _checks.integer("n_in", n_in, low=1)
    n_out = _checks.integer("n_out", n_out, low=1)
    return float(np.sqrt(n_in * INIT_RULES[init](n_in, n_out) / 2.0))


def standardise(X, train=None):
    r"""``X`` with every column shifted and scaled by the mean $\bar x_j$ and standard deviation $s_j$
    of that column in ``train`` (default: ``X`` itself), $x_{nj} \leftarrow (x_{nj} - \bar x_j)/s_j$:
    the statistics of the *training* set, applied unchanged to every later input.

    ``X``: ``(N, D)``; ``train``: ``(M, D)``. On the training set itself each column then has mean 0
    and standard deviation 1, so for a linear model without bias and loss ``mse`` the Hessian
    $\frac{2}{N}X^\top X$ becomes twice the inputs' correlation matrix."""
    X = _checks.as_float_array("X", X, ndim=2)
    ref = X if train is None else _checks.as_float_array("train", train, ndim=2)
    if ref.shape[1] != X.shape[1]:
        raise ValueError(f"train must have the {X.shape[1]} columns of X, got shape {ref.shape}")
    mean, std = ref.mean(axis=0), ref.std(axis=0)
    if not (std > 0).all():
        raise ValueError(f"train must not have a constant column (it cannot be scaled to spread 1), "
                         f"got standard deviations {std}")
    return (X - mean) / std

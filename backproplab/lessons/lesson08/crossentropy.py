r"""Lesson 8: cross-entropy and softmax — the experiments and numbers the lesson shows.

* :func:`slowdown` — one sigmoid neuron started saturated on the wrong side ($z = -5$, target 1),
  trained step by step under a given loss: its loss, $\partial E/\partial w$ and output per step
  (section 1: half-SSE crawls, binary cross-entropy does not);
* :func:`naive_softmax_cross_entropy` — $-\sum_k y_k \ln p_k$ the way it is first written, with
  $p = e^{z}/\sum_j e^{z_j}$ and ``np.log``: what that gives where $p_k$ underflows to 0 or
  $e^{z}$ overflows (section 3), silently;
* :func:`train_spiral` — the three-class spiral trained with softmax + cross-entropy (section 4),
  and :func:`confusion_matrix`, :func:`predicted_classes`, :func:`smallest_margin` to read it;
  :func:`starting_loss` is the sanity check of its loss before training against $N \ln K$;
* :func:`tiny_network` — section 5's 2-2-3 softmax network for the step by hand, and
  :func:`tiny_net_inputs`, its output layer's net inputs $z_E, z_F, z_G$ for the sample ``TINY["x"]``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ... import datasets
from ...activations import sigmoid
from ..._plumbing import checks as _checks
from ..._plumbing.format import display_width, pad
from ..._plumbing.i18n import tr
from ...network import History, Network

__all__ = ["SATURATED", "SlowdownRun", "saturated_neuron", "slowdown", "first_step_reaching",
           "naive_softmax_cross_entropy", "SpiralSettings", "SPIRAL", "SpiralRun", "train_spiral",
           "predicted_classes", "confusion_matrix", "format_confusion", "smallest_margin", "StartingLoss",
           "starting_loss", "TINY", "tiny_network", "tiny_net_inputs"]

SATURATED = {"x": 1.0, "w": -5.0, "t": 1.0, "lr": 0.5, "steps": 600}
r"""Section 1's neuron: input $x = 1$, weight $w = -5$ (so $z = -5$, $o = \sigma(-5) \approx 0.0067$),
target $t = 1$, no bias; trained with learning rate ``lr`` for ``steps`` steps."""


@dataclass(frozen=True)
class SlowdownRun:
    """One loss's run of section 1: per step ``n`` (before that step's update), the loss
    ``losses[n]``, the gradient ``grads[n]`` $= \\partial E/\\partial w$ and the output ``outputs[n]``."""
    loss: str
    losses: np.ndarray
    grads: np.ndarray
    outputs: np.ndarray


def saturated_neuron(loss, w=SATURATED["w"]) -> Network:
    """A one-input, one-output sigmoid neuron without bias, weight ``w``, trained with ``loss``."""
    return Network.from_weights([[[_checks.real("w", w)]]], biases=None, activation="sigmoid", loss=loss,
                                names=[["x"], ["o"]])


def slowdown(loss, steps=SATURATED["steps"], lr=SATURATED["lr"], w=SATURATED["w"], x=SATURATED["x"],
             t=SATURATED["t"]) -> SlowdownRun:
    r"""Train :func:`saturated_neuron` on the one sample $(x, t)$ for ``steps`` gradient steps of
    ``lr`` under ``loss`` (``"half_sse"``, ``"bce"`` …) and record every step (:class:`SlowdownRun`).

    Under half-SSE $\partial E/\partial w = (o - t)\,\sigma'(z)\,x$, under bce $(o - t)\,x$: the
    same start, a factor $\sigma'(z) = o(1 - o)$ apart."""
    steps = _checks.integer("steps", steps, low=1)
    net = saturated_neuron(loss, w)
    X, y = np.array([[_checks.real("x", x)]]), np.array([[_checks.real("t", t)]])
    losses, grads, outputs = np.empty(steps), np.empty(steps), np.empty(steps)
    for n in range(steps):
        trace = net.train_step(X, y, lr=lr)
        losses[n], grads[n], outputs[n] = trace.loss, trace.layers[0].grad_W[0, 0], trace.output[0, 0]
    return SlowdownRun(net.loss, losses, grads, outputs)


def first_step_reaching(run: SlowdownRun, output=0.5):
    """The first step whose output is at least ``output`` (an int), or ``None`` if no step's is."""
    reached = np.flatnonzero(run.outputs >= _checks.real("output", output))
    return int(reached[0]) if reached.size else None


def naive_softmax_cross_entropy(z, y):
    r"""$p = e^{z}/\sum_j e^{z_j}$ and $E = -\sum_k y_k \ln p_k$ computed as first written, with no
    shift and ``np.log`` of $p$: returns ``(p, E)`` for one row of net inputs ``z`` and targets ``y``.

    For the lesson's demonstration only: $e^{z}$ overflows to inf for $z \gtrsim 710$ (then
    $p = \infty/\infty$ is NaN), $p_k$ underflows to 0 for $z_k$ far below the others (then
    $\ln p_k = -\infty$, and $0 \cdot \ln 0$ is NaN). NumPy's warnings about this are silenced
    here, so the result shows what happened. The package computes both with
    :func:`backproplab.activations.log_softmax` instead."""
    z = _checks.as_float_array("z", z, ndim=1)
    y = _checks.as_float_array("y", y, ndim=1)
    if y.shape != z.shape:
        raise ValueError(f"y must have the shape of z, {z.shape}, got {y.shape}")
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        e = np.exp(z)
        p = e / e.sum()
        return p, float(-np.sum(y * np.log(p)))


# --------------------------------------------------------------------------- section 4: three classes
@dataclass(frozen=True)
class SpiralSettings:
    """Section 4's problem and network: ``datasets.spiral(n_per_class, classes, noise, seed)`` to
    train on and the same with ``test_seed`` to test on; a 2-``hidden``-``classes`` network
    (``activation`` hidden, softmax output, cross-entropy, weights from ``net_seed``) trained
    full-batch for ``epochs`` epochs with learning rate ``lr`` (the loss sums over the samples)."""
    n_per_class: int = 100
    classes: int = 3
    noise: float = 0.35
    seed: int = 0
    test_seed: int = 1
    hidden: int = 12
    activation: str = "tanh"
    net_seed: int = 0
    epochs: int = 3000
    lr: float = 0.01


SPIRAL = SpiralSettings()


@dataclass(frozen=True)
class SpiralRun:
    """The trained network, its :class:`History`, the training points and labels and the test
    points and labels of :func:`train_spiral`."""
    net: Network
    history: History
    X: np.ndarray
    labels: np.ndarray
    X_test: np.ndarray
    labels_test: np.ndarray


def _training_set_and_network(s: SpiralSettings):
    """The training points, their labels and the untrained network of ``s``."""
    X, labels = datasets.spiral(s.n_per_class, s.classes, noise=s.noise, seed=s.seed)
    net = Network([2, s.hidden, s.classes], activation=[s.activation, "softmax"], loss="cross_entropy",
                  seed=s.net_seed)
    return X, labels, net


def train_spiral(settings: SpiralSettings = SPIRAL) -> SpiralRun:
    """Make the spiral sets of ``settings`` and train the network on the training set."""
    s = settings
    X, labels, net = _training_set_and_network(s)
    X_test, labels_test = datasets.spiral(s.n_per_class, s.classes, noise=s.noise, seed=s.test_seed)
    history = net.fit(X, datasets.one_hot(labels, s.classes), epochs=s.epochs, lr=s.lr)
    return SpiralRun(net, history, X, labels, X_test, labels_test)


@dataclass(frozen=True)
class StartingLoss:
    r"""Section 4's loss before training, against what a network that rates every class $1/K$ would give.

    ``samples`` $N$ and ``classes`` $K$; ``chance`` $= N \ln K$; ``loss`` $= -\sum_n \ln p_{n,c_n}$ at
    the starting weights (the first entry of the training history); ``label_blind``
    $= \sum_n -\frac1K \sum_k \ln p_{nk}$, the same averaged over the $K$ labels each point could have,
    which is $\ge N \ln K$ for any $p$ (the mean of the $\ln p_{nk}$ is at most $\ln$ of their mean,
    $\ln\frac1K$), with equality only for $p_{nk} = 1/K$; ``p_min``, ``p_max``: the smallest and the
    largest untrained output."""
    samples: int
    classes: int
    chance: float
    loss: float
    label_blind: float
    p_min: float
    p_max: float


def starting_loss(settings: SpiralSettings = SPIRAL) -> StartingLoss:
    """The loss of :func:`train_spiral`'s network at its starting weights (nothing is trained)."""
    if not isinstance(settings, SpiralSettings):
        raise TypeError(f"settings must be a SpiralSettings, got {type(settings).__name__}")
    s = settings
    X, labels, net = _training_set_and_network(s)
    P = net.forward(X)
    n = X.shape[0]
    return StartingLoss(n, s.classes, n * float(np.log(s.classes)),
                        float(net.loss_value(X, datasets.one_hot(labels, s.classes))),
                        float(-np.log(P).mean(axis=1).sum()), float(P.min()), float(P.max()))


def predicted_classes(net, X) -> np.ndarray:
    """The class the network rates most probable for each point: ``argmax`` of its outputs, ``(N,)`` ints."""
    return np.argmax(net.forward(X), axis=1)


def smallest_margin(net, X) -> float:
    """The smallest gap, over the points ``X``, between the largest and the second largest output:
    how far the least certain prediction is from changing its class (round-off moves outputs by
    about 1e-15, so a margin far above that makes :func:`predicted_classes` the same on every machine)."""
    p = np.sort(net.forward(X), axis=1)
    return float((p[:, -1] - p[:, -2]).min())


def confusion_matrix(labels, predicted, classes=None) -> np.ndarray:
    r"""Counts ``C[i, j]``: how many samples of true class $i$ were predicted as class $j$, a
    ``(K, K)`` int array (rows: the truth, columns: the prediction; the diagonal counts the right
    ones). ``labels`` and ``predicted`` are ``(N,)`` class indices; ``classes`` $K$ defaults to the
    largest index in either + 1."""
    truth, guess = _class_indices("labels", labels), _class_indices("predicted", predicted)
    if guess.shape != truth.shape:
        raise ValueError(f"predicted must hold one class per sample of labels, {truth.size}, got {guess.size}")
    largest = int(max(truth.max(), guess.max()))
    K = largest + 1 if classes is None else _checks.integer("classes", classes, low=1)
    if largest >= K:
        raise ValueError(f"labels and predicted must hold classes below classes = {K}, got {largest}")
    C = np.zeros((K, K), dtype=np.int64)
    np.add.at(C, (truth, guess), 1)
    return C


def _class_indices(name, values) -> np.ndarray:
    values = _checks.as_float_array(name, values, ndim=1)
    if values.size == 0:
        raise ValueError(f"{name} must hold at least one class index, got an empty array")
    bad = (values < 0) | (values != np.round(values))
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError(f"{name} must hold whole numbers 0, 1, 2, … (class indices), got {values[i]:g} at index {i}")
    return values.astype(np.int64)


def format_confusion(C) -> str:
    """A confusion matrix ``(K, K)`` of counts as a text table: a header of predicted classes, one
    row per true class."""
    C = _checks.as_float_array("C", C, ndim=2)
    if C.shape[0] != C.shape[1] or (C != np.round(C)).any() or (C < 0).any():
        raise ValueError(f"C must be a square matrix of counts (whole numbers >= 0), got shape {C.shape}")
    counts = C.astype(np.int64)
    width = max(4, len(str(int(counts.max()))) + 1)
    head = tr("predicted")
    rows = [tr("true class {i}:").format(i=i) for i in range(len(counts))]
    # the label column: 23 columns in English, wider when a translation needs it (Hangul is two columns wide)
    column = max([23, display_width(head) + 1] + [display_width(r) + 10 for r in rows])
    lines = [" " * (column - display_width(head) - 1) + head + " " + "".join(f"{j:>{width}}" for j in range(len(counts)))]
    lines += [pad(r, column) + "".join(f"{v:>{width}}" for v in row) for r, row in zip(rows, counts)]
    return "\n".join(lines)


# --------------------------------------------------------------------------- section 5: the step by hand
TINY = {"weights": [[[0.5, -0.3], [0.2, 0.8]], [[0.6, -0.4, 0.2], [-0.5, 0.3, 0.9]]],
        "biases": [[0.1, 0.2], [0.0, 0.0, 0.0]], "x": [1.0, 0.5], "label": 1, "lr": 0.5}
"""Section 5's network and sample: inputs A, B → sigmoid C, D → softmax E, F, G with these
``weights`` (``weights[l][i][j]``: from unit i of layer l to unit j of the next) and ``biases``; the
sample ``x`` of class ``label`` (F: the target row is (0, 1, 0)), one step with learning rate ``lr``."""


def tiny_network() -> Network:
    """Section 5's 2-2-3 network (sigmoid hidden units, softmax outputs, cross-entropy), named A … G."""
    return Network.from_weights(TINY["weights"], biases=TINY["biases"], activation=["sigmoid", "softmax"],
                                loss="cross_entropy", names=[["A", "B"], ["C", "D"], ["E", "F", "G"]])


def tiny_net_inputs() -> np.ndarray:
    r"""The output layer's net inputs $(z_E, z_F, z_G)$ of :func:`tiny_network` for the sample
    ``TINY["x"]``, shape (1, 3): one row, one sample."""
    net = tiny_network()
    o = sigmoid(np.array([TINY["x"]]) @ net.weights[0] + net.biases[0])
    return o @ net.weights[1] + net.biases[1]

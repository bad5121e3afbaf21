r"""Dropout and weight penalties, computed (lesson 4).

Dropout
-------
In training, every hidden unit $j$ of every sample is kept with probability $1-p$ and dropped
(set to 0) with probability $p$, and the survivors are scaled up (*inverted dropout*):

$$m_j \sim \mathrm{Bernoulli}(1-p), \qquad \hat o_j = \frac{m_j\, o_j}{1-p}, \qquad
\mathbb{E}[\hat o_j] = o_j .$$

* :func:`keep_scale`, :func:`draw_masks`, :func:`inverted_dropout` — the three pieces, with the
  same conventions as :class:`~backproplab.Network` (mask 1 = kept, 0 = dropped);
* :func:`masked_forward` — a network's output through given masks (what one training pass sees);
* :func:`dropout_example`, :func:`dropout_table`, :func:`output_contributions` — one step of the
  XOR network under dropout (lesson 4, section 1) and tables of it;
* :func:`mask_average` / :func:`expected_activation_table` — the expectation above, checked over
  many random masks, next to dropout without the scale;
* :func:`scaling_comparison` / :func:`scaling_table` — inverted dropout against the original recipe (no
  scale in training, activations $\times(1-p)$ at prediction) and against forgetting that scale;
* :func:`mask_outcomes` — for each sample, how often a training pass misses its target: exactly,
  over every mask, for a small hidden layer;
* :func:`xor_seed_survey` / :func:`survey_summary` — the classic XOR-with-dropout run (3-4-1 sigmoid
  network, no bias) from many seeds at once, identical to ``Network.fit`` seed by seed.

Overfitting and penalties
-------------------------
* :func:`overfitting_data` — lesson 4's noisy two-moons split (60 training, 140 test points);
* :func:`train_with_curves` — train one network and record its train and test loss (evaluation mode,
  no penalty) every few epochs: a :class:`RegularisedRun`;
* :func:`compare_regularisers` — the same network trained several ways (plain, dropout, L2, L1);
  :func:`runs_table` and :func:`compare_over_data` sum them up;
* :func:`snapshot_losses`, :func:`accuracy`, :func:`near_zero_fraction` — the measurements.

The penalties are $\tfrac{\lambda_2}{2}\sum w^2$ (gradient $\lambda_2 w$) and $\lambda_1\sum|w|$
(gradient $\lambda_1\,\mathrm{sign}(w)$), on weights only, as in :meth:`Network.fit`.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np

from . import _checks
from .blas import single_blas_thread
from .datasets import moons, train_test_split, xor
from .tables import Table
from .network import History, Network

__all__ = [
    # dropout, piece by piece
    "keep_scale", "draw_masks", "inverted_dropout", "masked_forward", "dropout_example", "dropout_table",
    "output_contributions", "EXAMPLE_SEED",
    # inverted dropout and its alternatives
    "mask_average", "MaskAverage", "expected_activation_table", "scaling_comparison", "scaling_table",
    # the classic XOR run
    "mask_outcomes", "MaskOutcomes", "xor_seed_survey", "SeedSurvey", "survey_summary", "CLASSIC",
    # overfitting and penalties
    "overfitting_data", "train_with_curves", "compare_regularisers", "compare_over_data", "RegularisedRun",
    "runs_table", "snapshot_losses", "accuracy", "near_zero_fraction", "DATA", "OVERFIT",
]

EXAMPLE_SEED = 0        # section 1: its first mask drops D in (0,0) and F, G in (1,0); nothing in the other two
CLASSIC = dict(hidden=4, dropout=0.2, lr=0.5, epochs=60_000)   # the classic XOR-with-dropout run
_EXACT_LIMIT = 12       # hidden layers up to this size: every mask is enumerated (2**12 patterns)


# --------------------------------------------------------------------------- the pieces
def _rate(p, name="p"):
    return _checks.real(name, p, low=0.0, high=1.0, high_open=True)


def keep_scale(p) -> float:
    r"""The factor $1/(1-p)$ that inverted dropout applies to the units it keeps."""
    return 1.0 / (1.0 - _rate(p))


def draw_masks(shape, p, rng) -> np.ndarray:
    """0/1 keep masks of ``shape`` (e.g. ``(n_samples, n_hidden)``): each entry is 1 with
    probability ``1 − p``. ``rng`` is a seed or a ``numpy.random.Generator``. The rule is the
    Network's: ``rng.random(shape) < 1 − p``."""
    p = _rate(p)
    if isinstance(shape, (int, np.integer)):
        shape = (int(shape),)
    shape = tuple(_checks.integer("shape", int(n) if isinstance(n, np.integer) else n, low=1) for n in shape)
    return (_checks.rng(rng).random(shape) < 1.0 - p).astype(np.float64)


def inverted_dropout(a, mask, p) -> np.ndarray:
    r"""$\hat o = a \odot m / (1-p)$: what a hidden layer passes on in training. Shapes of
    ``a`` and ``mask`` must match (any shape)."""
    a = _checks.as_float_array("a", a)
    mask = _checks.as_float_array("mask", mask)
    if mask.shape != a.shape:
        raise ValueError(f"mask must have the shape of a, {a.shape}, got {mask.shape}")
    if not np.isin(mask, (0.0, 1.0)).all():
        raise ValueError("mask must hold only 0 (dropped) and 1 (kept)")
    return a * mask * keep_scale(p)


def masked_forward(net: Network, X, masks) -> np.ndarray:
    """The output ``(n_samples, n_out)`` of ``net`` in *training* mode with the given dropout
    masks (one 0/1 array ``(n_samples, n_hidden)`` per hidden layer): what a training pass sees.
    ``net.forward(X)`` is the evaluation-mode output (nothing dropped)."""
    _network(net)
    if masks is None:
        raise ValueError("masks must be a list of 0/1 arrays, one per hidden layer, got None "
                         "(use net.forward for the output without dropout)")
    return net.forward(X, masks)


def _sample_label(X, n):
    """``"x = (1, 0)"``: sample ``n``'s inputs, leaving out a constant-1 bias column (``xor()``'s layout)."""
    row = X[n]
    if X.shape[1] > 2 and np.all(X[:, -1] == 1.0):
        row = row[:-1]
    return "x = (" + ", ".join(f"{v:g}" for v in row) + ")"


def _network(net):
    if not isinstance(net, Network):
        raise TypeError(f"net must be a backproplab Network, got {type(net).__name__}")
    return net


# --------------------------------------------------------------------------- expectations
@dataclass
class MaskAverage:
    """Running averages of one activation ``o`` over ``n_masks`` random masks (see :func:`mask_average`)."""
    o: float
    p: float
    masks: np.ndarray            # (n_masks,) 0/1
    running_inverted: np.ndarray  # (n_masks,) mean of o·m/(1−p) over the first k masks
    running_unscaled: np.ndarray  # (n_masks,) mean of o·m

    @property
    def mean_inverted(self) -> float:
        return float(self.running_inverted[-1])

    @property
    def mean_unscaled(self) -> float:
        return float(self.running_unscaled[-1])


def mask_average(o, p, n_masks=10_000, seed=0) -> MaskAverage:
    r"""Average $\hat o = o\,m/(1-p)$ and the unscaled $o\,m$ over ``n_masks`` random masks
    $m \sim \mathrm{Bernoulli}(1-p)$ (drawn from ``seed``): the first tends to $o$, the second to $(1-p)\,o$."""
    o = _checks.real("o", o)
    p = _rate(p)
    n_masks = _checks.integer("n_masks", n_masks, low=1)
    m = draw_masks(n_masks, p, seed)
    count = np.arange(1, n_masks + 1)
    unscaled = np.cumsum(o * m) / count
    return MaskAverage(o, p, m, unscaled * keep_scale(p), unscaled)


def expected_activation_table(o, rates=(0.2, 0.5, 0.8), n_masks=100_000, seed=0) -> Table:
    r"""For each dropout rate: the activation $o$, the mean of $o\,m/(1-p)$ and of $o\,m$ over
    ``n_masks`` random masks, and $(1-p)\,o$."""
    rates = [_rate(p, "rates[]") for p in rates]
    rows = []
    for k, p in enumerate(rates):
        avg = mask_average(o, p, n_masks, seed=_checks.integer("seed", seed, low=0) + k)
        rows.append((f"p = {p:g}", avg.o, avg.mean_inverted, avg.mean_unscaled, (1 - p) * avg.o))
    return Table(["rate", "o", "mean of o·m/(1−p)", "mean of o·m", "(1−p)·o"], rows,
                 [".4f", ".4f", ".4f", ".4f"],
                 caption=f"averages over {n_masks:,} random masks".replace(",", " "))


def _forward_with_hidden_scale(net, X, scale):
    """Evaluation-mode forward pass with every hidden layer's output multiplied by ``scale``."""
    out = X
    last = len(net.weights) - 1
    with np.errstate(over="ignore", under="ignore"):
        for k, (W, act) in enumerate(zip(net.weights, net.activations)):
            z = out.dot(W)
            if net.biases is not None:
                z = z + net.biases[k]
            out = act.fn(z)
            if k < last:
                out = out * scale
    return out


def scaling_comparison(net: Network, X) -> dict:
    r"""Three ways to predict with a network trained with dropout rate $p$.

    The same training can be written without the $1/(1-p)$: a network with weights
    $W' = W/(1-p)$ after each dropout layer, fed $o\,m$, computes exactly what ``net`` computes from
    $o\,m/(1-p)$. That is the original recipe (Srivastava et al., 2014), which scales at prediction
    time instead: activations $\times(1-p)$ in front of $W'$.

    Returns ``{"inverted": …, "scaled at test": …, "not scaled": …}``, each ``(n_samples, n_out)``:
    ``net.forward(X)``; the original recipe; and the original recipe without its test-time scale.
    """
    _network(net)
    X = net.validate(X)
    p = net.dropout
    if p == 0.0:
        raise ValueError("net must have been built with dropout > 0 to compare scalings, got dropout=0")
    original = Network.from_weights([net.weights[0]] + [w / (1.0 - p) for w in net.weights[1:]],
                                    net.biases, activation=[a.name for a in net.activations],
                                    loss=net.loss, dropout=p)
    return {"inverted": net.forward(X),
            "scaled at test": _forward_with_hidden_scale(original, X, 1.0 - p),
            "not scaled": _forward_with_hidden_scale(original, X, 1.0)}


def scaling_table(net: Network, X, y=None) -> Table:
    """:func:`scaling_comparison` as a table, one row per sample (with its target when ``y`` is given)."""
    outs = scaling_comparison(net, X)
    X = net.validate(X)
    targets = None if y is None else net.validate(X, y)[1]
    rows = []
    for n in range(X.shape[0]):
        rows.append((_sample_label(X, n), *([] if targets is None else [targets[n, 0]]),
                     outs["inverted"][n, 0], outs["scaled at test"][n, 0], outs["not scaled"][n, 0]))
    cols = ["sample"] + ([] if targets is None else ["target"]) + \
        ["inverted dropout (net.forward)", "original: × (1−p) at test", "original, test scale forgotten"]
    return Table(cols, rows, ([".0f"] if targets is not None else []) + [".4f"] * 3,
                 caption=f"predictions of one network trained with p = {net.dropout:g}, written three ways")


# --------------------------------------------------------------------------- outcomes over masks
@dataclass
class MaskOutcomes:
    """How each sample fares over the dropout masks of training (see :func:`mask_outcomes`).

    ``miss[n]``: probability that a training pass misses sample ``n``'s target by more than ``tol``;
    ``mean_output[n]``: the expected training-pass output; ``eval_output[n]``: the output without
    dropout; ``exact``: whether every mask was enumerated (else ``n_masks`` were sampled).
    """
    miss: np.ndarray
    mean_output: np.ndarray
    eval_output: np.ndarray
    tol: float
    exact: bool
    n_masks: int
    targets: np.ndarray | None = None
    labels: list | None = None

    def table(self) -> Table:
        """One row per sample: target, output without dropout, mean output of a training pass, and
        the chance that a training pass misses the target by more than ``tol``."""
        labels = self.labels or [f"sample {n}" for n in range(self.miss.size)]
        rows = [(lab, t, e, m, f"{100 * q:.1f} %") for lab, t, e, m, q in
                zip(labels, self.targets, self.eval_output, self.mean_output, self.miss)]
        how = f"exact, all {self.n_masks} masks" if self.exact else f"{self.n_masks} random masks"
        return Table(["sample", "target", "output, no dropout", "mean output, training pass",
                      f"a training pass misses by > {self.tol:g}"], rows, [".0f", ".3f", ".3f", ""],
                     caption=f"over the dropout masks of one training pass ({how})")


def _mask_patterns(n_hidden, p, n_masks, rng):
    """Every 0/1 pattern of a layer with its probability, or a random sample of them."""
    if n_masks is None:
        patterns = np.array(list(itertools.product((0.0, 1.0), repeat=n_hidden)))
        kept = patterns.sum(axis=1)
        return patterns, (1.0 - p) ** kept * p ** (n_hidden - kept)
    patterns = draw_masks((n_masks, n_hidden), p, rng)
    return patterns, np.full(n_masks, 1.0 / n_masks)


@single_blas_thread
def mask_outcomes(net: Network, X, y, tol=0.4, n_masks=None, seed=0) -> MaskOutcomes:
    """For every sample: the chance that one training pass (one random mask) misses its target.

    A network with one hidden layer of at most 12 units is checked exactly: every mask pattern of
    the sample's hidden layer, weighted by its probability $(1-p)^{\\text{kept}}\\,p^{\\text{dropped}}$
    (``n_masks=None``). Otherwise, or when ``n_masks`` is given, that many masks are drawn from
    ``seed``. One output only.
    """
    _network(net)
    X, y = net.validate(X, y)
    tol = _checks.real("tol", tol, low=0.0, low_open=True)
    if net.dropout == 0.0:
        raise ValueError("net must have been built with dropout > 0, got dropout=0")
    if net.layer_sizes[-1] != 1 or len(net.layer_sizes) != 3:
        raise ValueError(f"mask_outcomes needs a network with one hidden layer and one output, "
                         f"got layer sizes {net.layer_sizes}")
    hidden = net.layer_sizes[1]
    if n_masks is None and hidden > _EXACT_LIMIT:
        n_masks = 4096
    if n_masks is not None:
        n_masks = _checks.integer("n_masks", n_masks, low=1)
    patterns, prob = _mask_patterns(hidden, net.dropout, n_masks, _checks.rng(seed))
    miss, mean = np.empty(X.shape[0]), np.empty(X.shape[0])
    for n in range(X.shape[0]):
        out = masked_forward(net, np.repeat(X[n:n + 1], len(patterns), axis=0), [patterns])[:, 0]
        miss[n] = prob[np.abs(out - y[n, 0]) > tol].sum()
        mean[n] = prob.dot(out)
    labels = [_sample_label(X, n) for n in range(X.shape[0])]
    return MaskOutcomes(miss, mean, net.forward(X)[:, 0], tol, n_masks is None, len(patterns), y[:, 0].copy(), labels)


# --------------------------------------------------------------------------- the classic XOR run
@dataclass
class SeedSurvey:
    """The classic XOR network trained from several seeds (see :func:`xor_seed_survey`).

    ``last_pass[s]``: the four outputs of the last training forward pass (with its dropout mask,
    ``last_masks[s]`` ``(4, hidden)``), as the classic loop prints them; ``eval_output[s]``: the outputs
    of the trained network without dropout (``net.forward``); ``weights[s]``: ``[W1 (3, hidden), W2 (hidden, 1)]``;
    ``miss[s]``: :attr:`MaskOutcomes.miss` of each sample (``None`` without dropout).
    """
    seeds: list
    hidden: int
    dropout: float
    lr: float
    epochs: int
    last_pass: np.ndarray
    last_masks: np.ndarray | None
    eval_output: np.ndarray
    weights: list
    miss: np.ndarray | None
    targets: np.ndarray = field(default_factory=lambda: xor()[1][:, 0])

    def network(self, i) -> Network:
        """The trained network of the ``i``-th seed (a copy)."""
        return Network.from_weights(self.weights[i], None, dropout=self.dropout, seed=self.seeds[i])

    def near_half(self, outputs=None, width=0.1) -> np.ndarray:
        """``(n_seeds,)`` bool: some output within ``width`` of 0.5 (default: of the last pass)."""
        outputs = self.last_pass if outputs is None else outputs
        return (np.abs(outputs - 0.5) < width).any(axis=1)

    def solved(self, outputs=None) -> np.ndarray:
        """``(n_seeds,)`` bool: all four outputs on the right side of 0.5 (default: evaluation mode)."""
        outputs = self.eval_output if outputs is None else outputs
        return ((outputs > 0.5) == (self.targets > 0.5)).all(axis=1)

    def worst_error(self, outputs=None) -> np.ndarray:
        """``(n_seeds,)``: the largest $|t - o|$ of the four samples (default: evaluation mode)."""
        outputs = self.eval_output if outputs is None else outputs
        return np.abs(outputs - self.targets).max(axis=1)

    @property
    def label(self) -> str:
        return f"{self.hidden} hidden, p = {self.dropout:g}"

    def table(self) -> Table:
        """One row per seed: the last training pass and the evaluation-mode outputs."""
        rows = []
        for i, s in enumerate(self.seeds):
            row = [f"seed {s}"] + list(self.last_pass[i]) + list(self.eval_output[i])
            rows.append(tuple(row))
        cases = ["(0,0)", "(0,1)", "(1,0)", "(1,1)"]
        cols = ["run"] + [f"train {c}" for c in cases] + [f"eval {c}" for c in cases]
        return Table(cols, rows, [".3f"] * 8,
                     caption=f"{self.label}, η = {self.lr:g}, {self.epochs} epochs: "
                             "last training pass (with its mask) and evaluation (no dropout)")


@single_blas_thread
def xor_seed_survey(seeds, hidden=CLASSIC["hidden"], dropout=CLASSIC["dropout"], lr=CLASSIC["lr"],
                    epochs=CLASSIC["epochs"]) -> SeedSurvey:
    """Train the classic XOR network — ``Network([3, hidden, 1], bias=False, dropout=dropout, seed=s)``
    with ``fit(X, y, epochs, lr)`` on :func:`~backproplab.datasets.xor` — from every seed in
    ``seeds`` at once.

    The networks run side by side as stacked arrays (one NumPy call per step for all of them), so
    ten seeds cost little more than one. Each draws its initial weights and its masks from its own
    ``default_rng(seed)`` in the order ``Network`` does, and takes the same steps in the same order,
    so the weights equal ``Network.fit``'s bit for bit (the tests check this). Also records the last
    training pass, as the classic loop prints it.
    """
    if isinstance(seeds, (int, np.integer)) or not hasattr(seeds, "__iter__"):
        raise TypeError(f"seeds must be a list of seeds (ints), got {seeds!r}")
    seeds = [_checks.integer("seeds[]", s, low=0) for s in seeds]
    if not seeds:
        raise ValueError("seeds must hold at least one seed")
    hidden = _checks.integer("hidden", hidden, low=1)
    p = _rate(dropout, "dropout")
    lr = _checks.real("lr", lr, low=0.0, low_open=True)
    epochs = _checks.integer("epochs", epochs, low=1)
    X, y = xor()
    S, N = len(seeds), X.shape[0]
    nets = [Network([3, hidden, 1], bias=False, dropout=p, seed=s) for s in seeds]
    W1 = np.stack([net.weights[0] for net in nets])        # (S, 3, hidden)
    W2 = np.stack([net.weights[1] for net in nets])        # (S, hidden, 1)
    # Network draws one (N, hidden) block of uniforms per epoch; drawing all epochs in one call
    # gives the same numbers in the same order.
    keep = np.stack([net._rng.random((epochs, N, hidden)) < 1.0 - p for net in nets]) if p else None
    scale = 1.0 / (1.0 - p)
    sig = nets[0].activations[0]
    XT = X.T
    with np.errstate(over="ignore", under="ignore"):
        for e in range(epochs):              # Network._make_step, stacked, in the same order
            a1 = sig.fn(np.matmul(X, W1))
            if keep is not None:
                mask = keep[:, e].astype(np.float64)
                hidden_out = a1 * mask * scale
            else:
                hidden_out = a1
            out = sig.fn(np.matmul(hidden_out, W2))
            delta = (out - y) * sig.deriv_from_output(out)
            if lr != 1.0:
                delta *= lr
            upstream = np.matmul(delta, W2.transpose(0, 2, 1))
            if keep is not None:
                upstream *= mask * scale
            delta_below = upstream * sig.deriv_from_output(a1)
            W2 -= np.matmul(hidden_out.transpose(0, 2, 1), delta)
            W1 -= np.matmul(XT, delta_below)
    weights = [[W1[i].copy(), W2[i].copy()] for i in range(S)]
    survey = SeedSurvey(seeds, hidden, p, lr, epochs, last_pass=out[:, :, 0].copy(),
                        last_masks=None if keep is None else keep[:, -1].astype(np.float64),
                        eval_output=np.empty((S, N)), weights=weights, miss=None)
    for i in range(S):
        net = survey.network(i)
        survey.eval_output[i] = net.forward(X)[:, 0]
    if p:
        survey.miss = np.stack([mask_outcomes(survey.network(i), X, y).miss for i in range(S)])
    return survey


def survey_summary(surveys, width=0.1) -> Table:
    """One row per :class:`SeedSurvey`: how many seeds' last training pass has an output within
    ``width`` of 0.5; the mean chance that a training pass misses a sample by more than 0.4
    (over seeds and samples); how many seeds are solved without dropout (all four outputs on the
    right side of 0.5), and the median worst error $|t - o|$ without dropout."""
    items = list(surveys) if isinstance(surveys, (list, tuple)) else [surveys]
    if not items or not all(isinstance(s, SeedSurvey) for s in items):
        raise TypeError(f"surveys must be a SeedSurvey or a list of them, got {type(surveys).__name__}")
    rows = []
    for s in items:
        n = len(s.seeds)
        rows.append((s.label, f"{int(s.near_half(width=width).sum())} of {n}",
                     "—" if s.miss is None else f"{100 * s.miss.mean():.1f} %",
                     f"{int(s.solved().sum())} of {n}", float(np.median(s.worst_error()))))
    return Table(["network", f"last pass: an output within {width:g} of 0.5", "a training pass misses a sample",
                  "solved without dropout", "median worst |t − o| without dropout"],
                 rows, ["", "", "", ".3f"],
                 caption=f"{items[0].epochs} epochs, η = {items[0].lr:g}, seeds {_seed_range(items[0].seeds)}")


def _seed_range(seeds):
    if list(seeds) == list(range(seeds[0], seeds[0] + len(seeds))) and len(seeds) > 2:
        return f"{seeds[0]}–{seeds[-1]}"
    return ", ".join(str(s) for s in seeds)


def dropout_table(trace, sample, layer=0, precision=4, columns=("o", "m", "ô", "δ")) -> Table:
    r"""One sample's hidden layer ``layer`` during a dropout step: for each unit its output $o$,
    mask $m$, what it passes on $\hat o = o\,m/(1-p)$, and its error term $\delta$.

    ``columns`` picks which of ``"o"``, ``"m"``, ``"ô"``, ``"δ"`` to show (in that order), e.g.
    ``("o", "m")`` to pose ô as an exercise before showing it."""
    if not hasattr(trace, "layers") or not hasattr(trace, "names"):
        raise TypeError(f"trace must be a StepTrace (from net.train_step), got {type(trace).__name__}")
    n_samples = trace.X.shape[0]
    sample = _checks.integer("sample", sample, low=0)
    if sample >= n_samples:
        raise ValueError(f"sample must be in 0..{n_samples - 1}, got {sample}")
    layer = _checks.integer("layer", layer, low=0)
    if layer >= len(trace.layers) - 1:
        raise ValueError(f"layer must be a hidden layer, 0..{len(trace.layers) - 2}, got {layer}")
    known = ("o", "m", "ô", "δ")
    if isinstance(columns, str) or not all(isinstance(c, str) for c in columns) or \
            not columns or not set(columns) <= set(known):
        raise ValueError(f"columns must be a non-empty selection of {known}, got {columns!r}")
    keep = [k for k, c in enumerate(known) if c in columns]
    lt = trace.layers[layer]
    if lt.mask is None:
        raise ValueError("the trace has no dropout mask: train a network with dropout > 0")
    p = int(precision)
    rows = [tuple([name] + [(lt.a[sample, j], f"{lt.mask[sample, j]:g}", lt.output[sample, j],
                             lt.delta[sample, j])[k] for k in keep])
            for j, name in enumerate(trace.names[layer + 1])]
    headers = ["o (before dropout)", "mask m", "ô = o·m/(1−p)", "δ = ∂E/∂z"]
    formats = [f".{p}f", "", f".{p}f", f"+.{p}f"]
    return Table(["unit"] + [headers[k] for k in keep], rows, [formats[k] for k in keep],
                 caption=f"sample {_sample_label(trace.X, sample)}, p = {trace.dropout:g}")


def output_contributions(trace, sample, precision=3) -> Table:
    r"""How the output neuron's net input is made, for one sample of a step with dropout (one
    hidden layer, one output): per hidden unit $o_j$, $m_j$, $\hat o_j$, the weight $w_{jk}$ to the
    output and the product $\hat o_j w_{jk}$; the last row is their sum $z$ and $\sigma(z)$ is in the caption."""
    if not hasattr(trace, "layers") or len(trace.layers) != 2 or trace.layers[0].mask is None:
        raise ValueError("trace must be a StepTrace of a network with one hidden layer and dropout")
    n_samples = trace.X.shape[0]
    sample = _checks.integer("sample", sample, low=0)
    if sample >= n_samples:
        raise ValueError(f"sample must be in 0..{n_samples - 1}, got {sample}")
    if trace.layers[1].z.shape[1] != 1:
        raise ValueError("output_contributions needs a network with one output")
    hidden, out = trace.layers
    w = trace.weights_before[1][:, 0]
    out_name = trace.names[2][0]
    p = int(precision)
    rows = [(name, hidden.a[sample, j], f"{hidden.mask[sample, j]:g}", hidden.output[sample, j], w[j],
             hidden.output[sample, j] * w[j]) for j, name in enumerate(trace.names[1])]
    bias = 0.0 if trace.biases_before is None else trace.biases_before[1][0]
    if trace.biases_before is not None:
        rows.append((f"bias b_{out_name}", "", "", "", "", bias))
    rows.append((f"sum: z_{out_name}", "", "", "", "", float(out.z[sample, 0])))
    return Table(["unit j", "o_j", "m_j", "ô_j", f"w_j{out_name}", f"ô_j·w_j{out_name}"], rows,
                 [f".{p}f", "", f".{p}f", f"+.{p}f", f"+.{p}f"],
                 caption=f"sample {_sample_label(trace.X, sample)}: z_{out_name} = Σ ô_j·w_j{out_name} = {out.z[sample, 0]:+.{p}f}, "
                         f"o_{out_name} = σ(z_{out_name}) = {out.a[sample, 0]:.{p}f}".replace("-", "−"))


def dropout_example(seed=EXAMPLE_SEED, p=0.2, lr=0.5, hidden=4):
    """Section 1's step: ``Network([3, hidden, 1], bias=False, dropout=p, seed=seed)`` takes one
    training step on the four XOR cases. Returns ``(net, trace)`` (``net`` after the step)."""
    X, y = xor()
    net = Network([3, hidden, 1], bias=False, dropout=p, seed=seed)
    trace = net.train_step(X, y, lr=lr)
    return net, trace


# --------------------------------------------------------------------------- section 4's data
DATA = dict(n=200, noise=0.2, flip=0.1, seed=3, test_fraction=0.7)   # section 4's data set
# Section 4's network and training (also the DropoutExplorer's starting point): wide enough to
# memorise 60 noisy points in 1000 full-batch epochs.
OVERFIT = dict(hidden=32, lr=3.0, epochs=1000, seed=0, record_every=20)


def overfitting_data(n=DATA["n"], noise=DATA["noise"], flip=DATA["flip"], seed=DATA["seed"],
                     test_fraction=DATA["test_fraction"]):
    """Section 4's data: :func:`~backproplab.datasets.moons` split by
    :func:`~backproplab.datasets.train_test_split` (same seed):
    ``X_train, X_test, y_train, y_test``. By default 200 points, 60 for training and 140 for testing."""
    X, y = moons(n, noise, flip, seed)
    return train_test_split(X, y, test_fraction, seed)


# --------------------------------------------------------------------------- overfitting
def accuracy(net_or_outputs, X=None, y=None, threshold=0.5) -> float:
    """Fraction of samples on the right side of ``threshold``: ``accuracy(net, X, y)`` or
    ``accuracy(outputs, y=y)``."""
    if isinstance(net_or_outputs, Network):
        if X is None:
            raise ValueError("X is needed to compute the accuracy of a network")
        out = net_or_outputs.forward(X)
    else:
        out = _checks.as_float_array("outputs", net_or_outputs)
    if y is None:
        raise ValueError("y (the targets) is needed to compute an accuracy")
    y = _checks.as_float_array("y", y)
    if y.size != out.size:
        raise ValueError(f"y must hold one target per output, {out.size} values, got {y.size}")
    return float(np.mean((out > threshold) == (y.reshape(out.shape) > threshold)))


def snapshot_losses(history: History, net: Network, X, y) -> np.ndarray:
    """The loss (evaluation mode, no penalty) of every weight snapshot of ``history`` on ``(X, y)``,
    ``(n_snapshots,)``. ``net`` gives the architecture (activations, loss); its own weights are not
    used. All snapshots go through the network in one stacked pass."""
    if not isinstance(history, History):
        raise TypeError(f"history must be a History (from net.fit(..., record_every=…)), got {type(history).__name__}")
    _network(net)
    if not history.weights:
        raise ValueError("history has no weight snapshots: train with record_every > 0")
    X, y = net.validate(X, y)
    out = np.broadcast_to(X, (len(history.weights),) + X.shape)
    with np.errstate(over="ignore", under="ignore"):
        for k, act in enumerate(net.activations):
            out = np.matmul(out, np.stack([ws[k] for ws in history.weights]))
            if history.biases[0] is not None:
                out = out + np.stack([bs[k] for bs in history.biases])[:, None, :]
            out = act.fn(out)
    return np.array([net.loss_fn.value(o, y) for o in out])


def near_zero_fraction(weights, tol=1e-2) -> float:
    """Fraction of the weights (a matrix, or a list of them) with $|w| <$ ``tol``."""
    arrays = weights if isinstance(weights, (list, tuple)) else [weights]
    flat = np.concatenate([_checks.as_float_array("weights", w).ravel() for w in arrays])
    tol = _checks.real("tol", tol, low=0.0, low_open=True)
    return float(np.mean(np.abs(flat) < tol))


@dataclass
class RegularisedRun:
    """One network trained on a train split and measured on a test split (see :func:`train_with_curves`).

    ``epochs[i]`` — when ``train_loss[i]`` and ``test_loss[i]`` were measured (evaluation mode: no
    dropout, no penalty, so the two are comparable and comparable across runs); ``history`` — what
    ``fit`` returned (its ``loss`` is the training objective: with dropout and penalty);
    ``net`` — the trained network; ``roundoff_sensitive`` — whether where the run *ends* is set by
    round-off (see :func:`train_with_curves`): then its final losses and accuracies differ from one
    computer to the next, while its curve up to the lowest test loss does not.
    """
    label: str
    settings: dict
    net: Network
    history: History
    epochs: np.ndarray
    train_loss: np.ndarray
    test_loss: np.ndarray
    train_accuracy: float
    test_accuracy: float
    roundoff_sensitive: bool = False

    @property
    def best_epoch(self) -> int:
        """The recorded epoch with the lowest test loss."""
        return int(self.epochs[int(np.argmin(self.test_loss))])

    def __repr__(self):
        return (f"RegularisedRun({self.label!r}: train loss {self.train_loss[-1]:.4f}, test loss "
                f"{self.test_loss[-1]:.4f}, accuracy {self.train_accuracy:.2f}/{self.test_accuracy:.2f})")


def _label(dropout, l2, l1):
    parts = ([f"dropout p = {dropout:g}"] if dropout else []) + ([f"L2 λ = {l2:g}"] if l2 else []) + \
            ([f"L1 λ = {l1:g}"] if l1 else [])
    return ", ".join(parts) if parts else "no regularisation"


@single_blas_thread
def train_with_curves(X_train, y_train, X_test, y_test, hidden=OVERFIT["hidden"], dropout=0.0, l2=0.0, l1=0.0,
                      lr=OVERFIT["lr"], epochs=OVERFIT["epochs"], seed=OVERFIT["seed"],
                      record_every=OVERFIT["record_every"], activation="tanh", loss="mse",
                      label=None, probe_roundoff=True) -> RegularisedRun:
    r"""Train ``Network([n_in, hidden, n_out], activation=[activation, "sigmoid"], loss=loss,
    dropout=dropout, seed=seed)`` with ``fit(X_train, y_train, epochs, lr, l2=l2, l1=l1,
    record_every=record_every)`` and measure train and test loss at every snapshot.

    ``loss="mse"`` (the mean) by default, so that a train and a test split of different sizes
    give comparable numbers. Returns a :class:`RegularisedRun`.

    ``probe_roundoff``: also train two twins whose initial weights are scaled by $1 \pm 10^{-12}$
    and mark the run ``roundoff_sensitive`` if a twin's final test loss differs by more than
    $10^{-9}$, i.e. if the run amplifies a tiny difference more than a thousandfold. A run that
    settles shrinks it (the twins end about $10^{-14}$ apart); a chaotic one (a wide network
    memorising noise with a large step) blows it up to $10^{-7}$ … $10^{-2}$, and so it blows up the
    different summation order of another CPU's BLAS as well: its end differs between computers.
    """
    X_train = _checks.as_float_array("X_train", X_train, ndim=2)
    y_train = _checks.as_float_array("y_train", y_train)
    y_train = y_train[:, None] if y_train.ndim == 1 else y_train
    hidden = _checks.integer("hidden", hidden, low=1)
    record_every = _checks.integer("record_every", record_every, low=1)
    def build(seed):
        return Network([X_train.shape[1], hidden, y_train.shape[1]], activation=[activation, "sigmoid"],
                       loss=loss, dropout=dropout, seed=seed)
    if probe_roundoff and isinstance(seed, np.random.Generator):   # the twin needs the same draws
        seed = seed.integers(2**63)
    net = build(seed)
    X_test, y_test = net.validate(X_test, y_test)
    twins = [build(seed), build(seed)] if probe_roundoff else []
    history = net.fit(X_train, y_train, epochs=epochs, lr=lr, l2=l2, l1=l1, record_every=record_every)
    test_loss = snapshot_losses(history, net, X_test, y_test)
    sensitive = False
    for twin, scale in zip(twins, (1 + 1e-12, 1 - 1e-12)):
        for W in twin.weights:
            W *= scale
        twin.fit(X_train, y_train, epochs=epochs, lr=lr, l2=l2, l1=l1)
        sensitive |= abs(twin.loss_value(X_test, y_test) - test_loss[-1]) > 1e-9
    return RegularisedRun(label or _label(net.dropout, l2, l1),
                          dict(hidden=hidden, dropout=dropout, l2=l2, l1=l1, lr=lr, epochs=epochs, seed=seed,
                               activation=activation, loss=loss),
                          net, history, np.array(history.snapshot_epochs),
                          snapshot_losses(history, net, X_train, y_train),
                          test_loss, accuracy(net, X_train, y_train), accuracy(net, X_test, y_test), sensitive)


def compare_regularisers(X_train, y_train, X_test, y_test, variants, **common) -> dict:
    """Train the same network (same seed, same epochs) once per variant.

    ``variants``: ``{label: {"dropout": …, "l2": …, "l1": …}}`` (missing keys are 0);
    ``common``: the other arguments of :func:`train_with_curves`. Returns ``{label: RegularisedRun}``.
    """
    if not isinstance(variants, dict) or not variants:
        raise TypeError(f"variants must be a non-empty dict label -> settings, got {type(variants).__name__}")
    runs = {}
    for label, settings in variants.items():
        unknown = set(settings) - {"dropout", "l2", "l1"}
        if unknown:
            raise ValueError(f"variant {label!r}: unknown setting(s) {sorted(unknown)}; use dropout, l2, l1")
        runs[label] = train_with_curves(X_train, y_train, X_test, y_test, label=label, **{**common, **settings})
    return runs


def runs_table(runs) -> Table:
    """One row per :class:`RegularisedRun`: final train and test loss, the lowest test loss and its
    epoch, and the accuracies."""
    items = list(runs.values()) if isinstance(runs, dict) else list(runs)
    if not items or not all(isinstance(r, RegularisedRun) for r in items):
        raise TypeError("runs must be a non-empty dict or list of RegularisedRun")
    def at_end(r, value, spec):   # a round-off-sensitive run's end differs from computer to computer
        return "varies" if r.roundoff_sensitive else format(value, spec)
    rows = [(r.label, at_end(r, r.train_loss[-1], ".3f"), at_end(r, r.test_loss[-1], ".3f"), r.test_loss.min(),
             str(r.best_epoch), at_end(r, r.train_accuracy, ".2f"), at_end(r, r.test_accuracy, ".2f"))
            for r in items]
    first = items[0].settings
    caption = f"losses ({first['loss']}) in evaluation mode after {first['epochs']} epochs"
    if any(r.roundoff_sensitive for r in items):
        caption += ("; varies: where this run ends is set by round-off (it blows a 1e-12 change of its start up "
                    "a thousandfold and more), so it differs from one computer to the next")
    return Table(["run", "train loss", "test loss", "lowest test loss", "at epoch", "train accuracy",
                  "test accuracy"], rows, ["", "", ".3f", "", "", ""], caption=caption)


def compare_over_data(variants, data_seeds, **common) -> Table:
    """The experiment of :func:`compare_regularisers` on other draws of :func:`overfitting_data`
    (one per seed in ``data_seeds``): the final test loss of every variant, and in brackets the
    lowest test loss of the unregularised run (the first variant)."""
    seeds = [_checks.integer("data_seeds[]", s, low=0) for s in data_seeds]
    if not seeds:
        raise ValueError("data_seeds must hold at least one seed")
    rows = []
    for seed in seeds:
        runs = compare_regularisers(*_reorder(overfitting_data(seed=seed)), variants, probe_roundoff=False, **common)
        rows.append((f"data seed {seed}", *[r.test_loss[-1] for r in runs.values()]))
    return Table(["data", *[f"test loss: {label}" for label in variants]], rows, [".3f"] * len(variants),
                 caption="the same experiment on other draws of the data (final test loss)")


def _reorder(split):
    """``X_train, X_test, y_train, y_test`` → ``X_train, y_train, X_test, y_test``."""
    X_train, X_test, y_train, y_test = split
    return X_train, y_train, X_test, y_test

r"""Lesson 5, section 3: the classic XOR-with-dropout lesson, where an output of the last training pass
sits near 0.5.

* :func:`mask_outcomes` — for each sample, how often a training pass misses its target: exactly,
  over every mask, for a small hidden layer;
* :func:`xor_seed_survey` / :func:`xor_seed_surveys` / :func:`survey_summary` — the classic run
  (3-4-1 sigmoid network, no bias, :data:`CLASSIC`) from many seeds (and settings) at once,
  identical to ``Network.fit`` seed by seed.

>>> from backproplab.lessons.lesson05 import dropout_survey
>>> survey = dropout_survey.xor_seed_survey(range(8))         # 60 000 epochs, p = 0.2, 4 hidden units
>>> dropout_survey.survey_summary(survey)
"""
from __future__ import annotations

import itertools
import os
import pickle
import signal
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from ..._plumbing import checks as _checks
from ..._plumbing.i18n import tr
from ... import backprop
from ..._plumbing.blas import one_blas_thread, single_blas_thread
from ...datasets import xor
from ...network import Network
from ..._plumbing.progress import epoch_progress
from ...regularisers import draw_masks, dropout_rate, keep_scale
from ...tables import Table
from .dropout_step import masked_forward, sample_label

__all__ = ["CLASSIC", "mask_outcomes", "MaskOutcomes", "xor_seed_survey", "xor_seed_surveys", "SeedSurvey",
           "survey_summary"]

CLASSIC = dict(hidden=4, dropout=0.2, lr=0.5, epochs=60_000)   # the classic XOR-with-dropout run
_EXACT_LIMIT = 12       # hidden layers up to this size: every mask is enumerated (2**12 patterns)
_MASK_CHUNK = 1000      # epochs of dropout masks drawn at a time by the survey
PARALLEL_EPOCHS = 10_000   # from this many epochs, xor_seed_surveys trains a second width in a second process


# --------------------------------------------------------------------------- outcomes over masks
@dataclass
class MaskOutcomes:
    r"""How each sample fares over the dropout masks of training (see :func:`mask_outcomes`).

    ``miss[n]``: probability that a training pass misses sample ``n``'s target by more than ``tol``;
    ``mean_output[n]``: the expected training-pass output; ``eval_output[n]``: the output without
    dropout; ``exact``: whether every mask was enumerated (else ``n_masks`` were sampled).
    ``mean_net_input[n]`` and ``eval_net_input[n]``: the output neuron's net input $z$, averaged over
    the masks and without dropout (equal: $z$ is linear in the $\hat o_j$, whose average is $o_j$);
    ``output_name``: the output neuron's name (``"H"``).
    """
    miss: np.ndarray
    mean_output: np.ndarray
    eval_output: np.ndarray
    tol: float
    exact: bool
    n_masks: int
    targets: np.ndarray | None = None
    labels: list | None = None
    mean_net_input: np.ndarray | None = None
    eval_net_input: np.ndarray | None = None
    output_name: str = "out"

    def table(self) -> Table:
        """One row per sample: target, output without dropout, mean output of a training pass, and
        the chance that a training pass misses the target by more than ``tol``."""
        labels = self.labels or [tr("sample {n}").format(n=n) for n in range(self.miss.size)]
        rows = [(lab, t, e, m, f"{100 * q:.1f} %") for lab, t, e, m, q in
                zip(labels, self.targets, self.eval_output, self.mean_output, self.miss)]
        how = (tr("exact, all {n} masks") if self.exact else tr("{n} random masks")).format(n=self.n_masks)
        return Table([tr("sample"), tr("target"), tr("output, no dropout"), tr("mean output, training pass"),
                      tr("a training pass misses by > {tol}").format(tol=f"{self.tol:g}")], rows,
                     [".0f", ".3f", ".3f", ""],
                     caption=tr("over the dropout masks of one training pass ({how})").format(how=how))

    def net_input_table(self) -> Table:
        r"""Why the pass without dropout only approximates the average training pass: one row per
        sample, the output neuron's net input $z$ without dropout and averaged over the masks (the
        same: $z = \sum_j \hat o_j w_j$ is linear, and $\mathbb{E}[\hat o_j] = o_j$), then the
        output $\sigma(z)$ without dropout next to the average of $\sigma(z)$ over the masks (not the
        same: $\sigma$ is curved)."""
        if self.mean_net_input is None or self.eval_net_input is None:
            raise ValueError("these outcomes carry no net inputs: compute them with mask_outcomes")
        labels = self.labels or [tr("sample {n}").format(n=n) for n in range(self.miss.size)]
        z, o = f"z_{self.output_name}", f"o_{self.output_name}"
        rows = [(lab, ze, zm, e, m) for lab, ze, zm, e, m in
                zip(labels, self.eval_net_input, self.mean_net_input, self.eval_output, self.mean_output)]
        how = (tr("all {n} masks") if self.exact else tr("{n} random masks")).format(n=self.n_masks)
        return Table([tr("sample"), tr("{z}, no dropout").format(z=z), tr("mean {z}, training pass").format(z=z),
                      tr("{o} = σ({z}), no dropout").format(o=o, z=z), tr("mean {o}, training pass").format(o=o)],
                     rows, ["+.3f", "+.3f", ".3f", ".3f"],
                     caption=tr("the output neuron's net input and output, without dropout and averaged over "
                                "{how}").format(how=how))


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
    if not isinstance(net, Network):
        raise TypeError(f"net must be a backproplab Network, got {type(net).__name__}")
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
    # the same network with a linear output neuron: its output is the net input z of net's output
    linear = Network.from_weights(net.weights, net.biases, activation=[net.activations[0].name, "linear"],
                                  dropout=net.dropout)
    miss, mean, mean_z = np.empty(X.shape[0]), np.empty(X.shape[0]), np.empty(X.shape[0])
    for n in range(X.shape[0]):
        repeated = np.repeat(X[n:n + 1], len(patterns), axis=0)
        out = masked_forward(net, repeated, [patterns])[:, 0]
        miss[n] = prob[np.abs(out - y[n, 0]) > tol].sum()
        mean[n] = prob.dot(out)
        mean_z[n] = prob.dot(masked_forward(linear, repeated, [patterns])[:, 0])
    labels = [sample_label(X, n) for n in range(X.shape[0])]
    return MaskOutcomes(miss, mean, net.forward(X)[:, 0], tol, n_masks is None, len(patterns), y[:, 0].copy(), labels,
                        mean_z, linear.forward(X)[:, 0], net.names[-1][0])


# --------------------------------------------------------------------------- the classic XOR run
@dataclass
class SeedSurvey:
    """The classic XOR network trained from several seeds (see :func:`xor_seed_survey`).

    ``last_pass[s]``: the four outputs of the last training forward pass (with its dropout mask,
    ``last_masks[s]`` ``(4, hidden)``), the classic loop's last training pass; ``eval_output[s]``: the outputs
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
        return tr("{hidden} hidden, p = {p}").format(hidden=self.hidden, p=f"{self.dropout:g}")

    def table(self) -> Table:
        """One row per seed: the last training pass and the evaluation-mode outputs."""
        rows = []
        for i, s in enumerate(self.seeds):
            row = [tr("seed {seed}").format(seed=s)] + list(self.last_pass[i]) + list(self.eval_output[i])
            rows.append(tuple(row))
        cases = ["(0,0)", "(0,1)", "(1,0)", "(1,1)"]
        cols = ([tr("run")] + [tr("train {case}").format(case=c) for c in cases]
                + [tr("eval {case}").format(case=c) for c in cases])
        return Table(cols, rows, [".3f"] * 8,
                     caption=tr("{label}, η = {lr}, {epochs} epochs: last training pass (with its mask) and "
                                "evaluation (no dropout)").format(label=self.label, lr=f"{self.lr:g}", epochs=self.epochs))


@single_blas_thread
def xor_seed_survey(seeds, hidden=CLASSIC["hidden"], dropout=CLASSIC["dropout"], lr=CLASSIC["lr"],
                    epochs=CLASSIC["epochs"], progress=None) -> SeedSurvey:
    """Train the classic XOR network — ``Network([3, hidden, 1], bias=False, dropout=dropout, seed=s)``
    with ``fit(X, y, epochs, lr)`` on :func:`~backproplab.datasets.xor` — from every seed in
    ``seeds`` at once.

    The networks run side by side as stacked arrays (one NumPy call per step for all of them), so
    ten seeds cost little more than one. Each draws its initial weights and its masks from its own
    ``default_rng(seed)`` in the order ``Network`` does, and takes the same steps in the same order,
    so the weights equal ``Network.fit``'s bit for bit (the tests check this). Also records the last
    training pass, as the lesson prints the classic loop's. ``progress="bar"``: a progress bar in Jupyter
    (:mod:`backproplab._plumbing.progress`).
    """
    return xor_seed_surveys(seeds, [dict(hidden=hidden, dropout=dropout)], lr, epochs, progress)[0]


@single_blas_thread
def xor_seed_surveys(seeds, settings, lr=CLASSIC["lr"], epochs=CLASSIC["epochs"], progress=None,
                     processes=None) -> list:
    """:func:`xor_seed_survey` for several settings ``[{"hidden": …, "dropout": …}, …]`` (missing keys:
    :data:`CLASSIC`'s): one :class:`SeedSurvey` per setting, in order, each equal to
    ``xor_seed_survey(seeds, hidden, dropout, lr, epochs)``.

    Settings with the same ``hidden`` train together in one stack, each network with its own dropout
    rate (a network without dropout multiplies by a mask of ones and a scale of 1, which changes no
    bit), so four settings of one width cost about one.

    ``processes=2`` trains the widths after the first in a second Python process, on the other core,
    while this one trains the first (each stack is a loop of tiny NumPy calls, which one core runs
    at full speed; the results are the same bits). ``None`` (default): 2 for a long run
    (``epochs`` of at least :data:`PARALLEL_EPOCHS`) of two widths or more on a machine with two
    cores or more, else 1. With two processes the bar counts this process's epochs.
    """
    if isinstance(seeds, (int, np.integer)) or not hasattr(seeds, "__iter__"):
        raise TypeError(f"seeds must be a list of seeds (ints), got {seeds!r}")
    seeds = [_checks.integer("seeds[]", s, low=0) for s in seeds]
    if not seeds:
        raise ValueError("seeds must hold at least one seed")
    if not isinstance(settings, (list, tuple)) or not settings or not all(isinstance(d, dict) for d in settings):
        raise TypeError(f"settings must be a non-empty list of dicts with keys hidden, dropout, got {settings!r:.80}")
    checked = []
    for k, setting in enumerate(settings):
        unknown = set(setting) - {"hidden", "dropout"}
        if unknown:
            raise ValueError(f"settings[{k}]: unknown key(s) {sorted(unknown)}; use hidden, dropout")
        checked.append((_checks.integer(f"settings[{k}]['hidden']", setting.get("hidden", CLASSIC["hidden"]), low=1),
                        dropout_rate(setting.get("dropout", CLASSIC["dropout"]), f"settings[{k}]['dropout']")))
    lr = _checks.real("lr", lr, low=0.0, low_open=True)
    epochs = _checks.integer("epochs", epochs, low=1)
    groups = {}
    for k, (hidden, _) in enumerate(checked):
        groups.setdefault(hidden, []).append(k)
    stacks = [(hidden, [checked[k][1] for k in members]) for hidden, members in groups.items()]
    if processes is None:
        processes = 2 if len(stacks) > 1 and epochs >= PARALLEL_EPOCHS and _cores() > 1 else 1
    elif processes not in (1, 2):
        raise ValueError(f"processes must be 1, 2 or None, got {processes!r:.40}")
    here, elsewhere = (stacks, []) if processes == 1 or len(stacks) == 1 else (stacks[:1], stacks[1:])
    trained = []
    with _second_process(seeds, elsewhere, lr, epochs) as results_from_there:
        with epoch_progress(epochs * len(here), progress) as advance:
            for g, (hidden, rates) in enumerate(here):
                trained.append(_train_stack(seeds, hidden, rates, lr, epochs, lambda e, g=g: advance(g * epochs + e)))
        trained += results_from_there()
    surveys = [None] * len(checked)
    for members, done in zip(groups.values(), trained):
        for k, survey in zip(members, done):
            surveys[k] = survey
    return surveys


def _cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:                   # pragma: no cover  (macOS, Windows)
        return os.cpu_count() or 1


@contextmanager
def _second_process(seeds, stacks, lr, epochs):
    """Train ``stacks`` (``[(hidden, rates), …]``) in a second Python process while the block runs;
    yields a function that waits for them and returns their surveys (one list per stack). The process
    is stopped however the block ends (an error, Ctrl-C).

    The process is a fresh ``python -c`` that imports this module (not multiprocessing, whose
    "spawn" would import the caller's own script again, and whose "fork" copies a kernel's threads);
    the job and the results travel as pickles over its stdin and stdout, between two processes of
    this package (nothing is read from a file)."""
    if not stacks:
        yield list
        return
    worker = subprocess.Popen([sys.executable, "-c", _WORKER], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        pickle.dump((list(seeds), stacks, lr, epochs), worker.stdin)
        worker.stdin.close()

        def results():
            try:
                outcome, value = pickle.load(worker.stdout)
            except EOFError:
                raise RuntimeError(f"the second process training the seed survey ended without a result "
                                   f"(exit code {worker.wait()}); train with processes=1") from None
            if outcome == "error":
                raise value
            return value
        yield results
    finally:
        if worker.poll() is None:
            worker.kill()
        worker.wait()
        worker.stdout.close()


_WORKER = "from backproplab.lessons.lesson05.dropout_survey import _train_stacks_there; _train_stacks_there()"


def _train_stacks_there():
    """The second process: read the job from stdin, train each stack, write ``("ok", [surveys, …])``
    (or ``("error", exc)``) to stdout."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the first process's to handle: it stops this one
    seeds, stacks, lr, epochs = pickle.load(sys.stdin.buffer)
    try:
        with one_blas_thread():
            value = ("ok", [_train_stack(seeds, hidden, rates, lr, epochs, _no_progress) for hidden, rates in stacks])
    except Exception as err:                       # pragma: no cover  (reported in the first process)
        value = ("error", err)
    pickle.dump(value, sys.stdout.buffer)
    sys.stdout.buffer.flush()


def _no_progress(done):
    pass


def _train_stack(seeds, hidden, rates, lr, epochs, advance):
    """Every seed of every dropout rate in ``rates``, as one stack: one SeedSurvey per rate."""
    X, y = xor()
    N, n_seeds = X.shape[0], len(seeds)
    nets = [Network([3, hidden, 1], bias=False, dropout=p, seed=s) for p in rates for s in seeds]
    S = len(nets)
    W1 = np.stack([net.weights[0] for net in nets])        # (S, 3, hidden)
    W2 = np.stack([net.weights[1] for net in nets])        # (S, hidden, 1)
    with_dropout = any(rates)
    scale = np.repeat([keep_scale(p) for p in rates], n_seeds)[:, None, None]   # (S, 1, 1)
    activations, loss = nets[0].activations, nets[0].loss_fn
    step = backprop.training_step(activations, loss, lr, keep_scale=scale, bias=False)   # what fit runs
    params = ([W1, W2], None)                 # updated in place
    Xs = np.broadcast_to(X, (S,) + X.shape)   # the same batch for every network
    # The masks fit would draw, _MASK_CHUNK epochs at a time (each network's generator gives the same
    # numbers in blocks as step by step); a network without dropout keeps every unit. Drawn straight
    # into one float block: no 60 000-epoch array, and no conversion per epoch.
    keep = np.ones((min(_MASK_CHUNK, epochs), S, N, hidden)) if with_dropout else None
    with np.errstate(over="ignore", under="ignore"):
        for e in range(epochs):
            if with_dropout and e % _MASK_CHUNK == 0:
                block = min(_MASK_CHUNK, epochs - e)
                for i, net in enumerate(nets):
                    if net.dropout:
                        keep[:block, i] = net.draw_masks(N, steps=block)[0]
            masks = [keep[e % _MASK_CHUNK]] if with_dropout else None
            if e == epochs - 1:               # the last training pass (the lesson prints it)
                out = backprop.forward(params[0], None, activations, Xs, masks, scale)[0]
                last_masks = None if masks is None else masks[0].copy()
            step(Xs, y, params, params, masks)
            advance(e + 1)
    surveys = []
    for r, p in enumerate(rates):
        members = range(r * n_seeds, (r + 1) * n_seeds)
        survey = SeedSurvey(list(seeds), hidden, p, lr, epochs, last_pass=out[members, :, 0].copy(),
                            last_masks=last_masks[members] if p else None,
                            eval_output=np.empty((n_seeds, N)),
                            weights=[[W1[i].copy(), W2[i].copy()] for i in members], miss=None)
        for i in range(n_seeds):
            survey.eval_output[i] = survey.network(i).forward(X)[:, 0]
        if p:
            survey.miss = np.stack([mask_outcomes(survey.network(i), X, y).miss for i in range(n_seeds)])
        surveys.append(survey)
    return surveys


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
        rows.append((s.label, tr("{k} of {n}").format(k=int(s.near_half(width=width).sum()), n=n),
                     "—" if s.miss is None else f"{100 * s.miss.mean():.1f} %",
                     tr("{k} of {n}").format(k=int(s.solved().sum()), n=n), float(np.median(s.worst_error()))))
    return Table([tr("network"), tr("last pass: an output within {width} of 0.5").format(width=f"{width:g}"),
                  tr("a training pass misses a sample"), tr("solved without dropout"),
                  tr("median worst |t − o| without dropout")],
                 rows, ["", "", "", ".3f"],
                 caption=tr("{epochs} epochs, η = {lr}, seeds {seeds}").format(
                     epochs=items[0].epochs, lr=f"{items[0].lr:g}", seeds=_seed_range(items[0].seeds)))


def _seed_range(seeds):
    if list(seeds) == list(range(seeds[0], seeds[0] + len(seeds))) and len(seeds) > 2:
        return f"{seeds[0]}–{seeds[-1]}"
    return ", ".join(str(s) for s in seeds)

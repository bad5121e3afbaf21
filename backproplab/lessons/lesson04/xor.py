r"""Lesson 4's network recipe: the settings of an XOR run and the network they start from.

One position of the XOR explorer's controls is an :class:`XORSettings`; :meth:`XORSettings.network`
builds

    ``Network([3, hidden, …, hidden, 1], activation=[act, …, act, "sigmoid"], bias=False, seed=seed)``

(``layers`` hidden layers of ``hidden`` neurons), which ``fit(X, y, epochs, lr)`` trains on
:func:`backproplab.datasets.xor` — the same network a lesson cell and the explorer
(:class:`backproplab.widgets.XORExplorer`) train, so every picture of the explorer can be reproduced
in code without ipywidgets::

    >>> from backproplab.datasets import xor
    >>> X, y = xor()
    >>> s = XORSettings(hidden=2, seed=10)
    >>> net = s.network()
    >>> history = net.fit(X, y, epochs=s.epochs, lr=s.lr)

The ranges are the explorer's slider ranges. :func:`seed_survey` trains the network of one setting
from many seeds at once (lesson 4's seed survey), equal to ``fit`` seed by seed.
"""
from __future__ import annotations

import dataclasses
import textwrap
from dataclasses import dataclass

import numpy as np

from ... import backprop
from ..._plumbing import checks as _checks
from ..._plumbing.blas import single_blas_thread
from ...datasets import xor
from ...network import MAX_EPOCHS, History, Network
from ..._plumbing.progress import epoch_progress
from ..._plumbing.i18n import tr

__all__ = ["XORSettings", "HIDDEN_ACTIVATIONS", "LR_RANGE", "HIDDEN_RANGE", "LAYERS_RANGE", "EPOCHS_RANGE",
           "SEED_RANGE", "seed_survey", "SeedSurvey", "wrapped_list"]

LR_RANGE = (0.01, 10.0)           # learning rate η
HIDDEN_RANGE = (1, 16)            # neurons per hidden layer
LAYERS_RANGE = (1, 3)             # hidden layers
EPOCHS_RANGE = (100, 10_000)
SEED_RANGE = (0, 99)              # seed of the initial weights
HIDDEN_ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu")


@dataclass(frozen=True)
class XORSettings:
    """One XOR run: learning rate, width and depth of the hidden layers, epochs, hidden activation,
    seed (defaults: the classic 3-4-1 sigmoid network, η = 1, 2000 epochs, seed 1). Values are
    checked against the ranges above."""
    lr: float = 1.0
    hidden: int = 4
    layers: int = 1
    epochs: int = 2000
    activation: str = "sigmoid"
    seed: int = 1

    def __post_init__(self):
        object.__setattr__(self, "lr", _checks.bounded("lr", self.lr, *LR_RANGE, float))
        object.__setattr__(self, "hidden", _checks.bounded("hidden", self.hidden, *HIDDEN_RANGE, int))
        object.__setattr__(self, "layers", _checks.bounded("layers", self.layers, *LAYERS_RANGE, int))
        object.__setattr__(self, "epochs", _checks.bounded("epochs", self.epochs, *EPOCHS_RANGE, int))
        _checks.choice("activation", self.activation, HIDDEN_ACTIVATIONS)
        object.__setattr__(self, "seed", _checks.bounded("seed", self.seed, *SEED_RANGE, int))

    @property
    def layer_sizes(self) -> list[int]:
        """``[3, hidden, …, hidden, 1]``: two inputs and the constant-1 bias column, one output."""
        return [3] + [self.hidden] * self.layers + [1]

    @property
    def activations(self) -> list[str]:
        """The hidden layers' activation, then a sigmoid output (targets are 0 and 1)."""
        return [self.activation] * self.layers + ["sigmoid"]

    def network(self) -> Network:
        """The untrained network these settings start from (as a lesson cell would build it)."""
        return Network(self.layer_sizes, activation=self.activations, bias=False, seed=self.seed)


# --------------------------------------------------------------------------- many seeds at once
@dataclass
class SeedSurvey:
    """One XOR setting trained from several seeds (see :func:`seed_survey`).

    ``weights[i]``: the trained weights of ``seeds[i]`` (``(n_in, n_out)`` per layer);
    ``final_loss`` ``(S,)``: each network's loss in its last epoch (``History.final_loss``);
    ``loss`` ``(S, epochs)``: every epoch's loss (``History.loss``), or ``None`` if not kept.
    """
    settings: XORSettings      # the setting; its ``seed`` is that of ``seeds[0]``
    seeds: list
    epochs: int
    weights: list
    final_loss: np.ndarray
    loss: np.ndarray | None = None

    @property
    def final_losses(self) -> list[float]:
        """``final_loss`` as Python floats, one per seed."""
        return [float(v) for v in self.final_loss]

    def network(self, i) -> Network:
        """The trained network of ``seeds[i]``: the one ``XORSettings(…, seed=seeds[i]).network()``
        becomes after ``fit(X, y, epochs, lr)``."""
        net = dataclasses.replace(self.settings, seed=self.seeds[i]).network()
        for w, trained in zip(net.weights, self.weights[i]):
            w[...] = trained
        return net

    def history(self, i) -> History:
        """What ``fit`` returned for ``seeds[i]`` (its loss per epoch); needs ``keep_loss=True``."""
        if self.loss is None:
            raise ValueError("this survey kept only the final losses: run seed_survey(..., keep_loss=True)")
        return History(self.loss[i].copy())

    def solved(self) -> np.ndarray:
        """``(S,)`` bool: the network puts all four XOR outputs on the right side of 0.5."""
        X, y = xor()
        return np.array([bool(np.all((self.network(i).forward(X) > 0.5) == (y > 0.5)))
                         for i in range(len(self.seeds))])


def _per_network_half_sse(loss):
    """``loss`` (half_sse) for ``S`` stacked networks: ``(E (S,), ∂E/∂o)``, each ``E[s]``
    computed exactly as ``loss`` computes one network's (the same ``vdot`` on the same numbers)."""
    def value_and_grad(o, t):
        err = o - t
        return np.array([0.5 * float(np.vdot(e, e)) for e in err]), err
    return dataclasses.replace(loss, value_and_grad=value_and_grad)


@single_blas_thread
def seed_survey(seeds, epochs, lr=1.0, hidden=4, layers=1, activation="sigmoid", keep_loss=False,
                progress=None) -> SeedSurvey:
    r"""Train ``XORSettings(lr, hidden, layers, activation, seed=s).network()`` with
    ``fit(X, y, epochs, lr)`` on :func:`~backproplab.datasets.xor` for every seed ``s`` in
    ``seeds``, all at once; returns a :class:`SeedSurvey`.

    The networks run side by side as stacked weights ``(S, n_in, n_out)`` through
    :func:`backproplab.backprop.training_step` (one NumPy call per step for all of them), so twenty
    seeds cost about as much as two ``fit`` calls. The steps are ``fit``'s, in the same order, so
    the weights and losses equal ``fit``'s seed by seed, bit for bit (the tests check this).
    ``keep_loss=True`` keeps every epoch's loss (``S`` more small calls per epoch), otherwise only
    the last epoch's. ``progress="bar"``: a progress bar in Jupyter while it trains (see
    :func:`backproplab._plumbing.progress.epoch_progress`).

    ``fit`` stops a run whose loss or weights stop being finite; the survey cannot, and raises a
    ``ValueError`` naming the seeds (train those with ``fit``).
    """
    if isinstance(seeds, (int, np.integer)) or not hasattr(seeds, "__iter__"):
        raise TypeError(f"seeds must be a list of seeds (ints), got {seeds!r}")
    seeds = list(seeds)
    if not seeds:
        raise ValueError("seeds must hold at least one seed")
    epochs = _checks.integer("epochs", epochs, low=1, high=MAX_EPOCHS)
    nets = [XORSettings(lr=lr, hidden=hidden, layers=layers, activation=activation, seed=s).network()
            for s in seeds]                                  # checks every setting and seed
    settings = XORSettings(lr=lr, hidden=hidden, layers=layers, activation=activation, seed=seeds[0])
    X, y = xor()
    S, L = len(seeds), len(nets[0].weights)
    weights = [np.stack([net.weights[k] for net in nets]) for k in range(L)]     # (S, n_in, n_out)
    params = (weights, None)                                 # updated in place
    activations, loss = nets[0].activations, nets[0].loss_fn
    fast = backprop.training_step(activations, loss, settings.lr, bias=False)   # what fit runs
    per_network = backprop.training_step(activations, _per_network_half_sse(loss), settings.lr, bias=False)
    Xs = np.broadcast_to(X, (S,) + X.shape)                  # the same batch for every network
    losses = np.empty((epochs, S)) if keep_loss else None
    with epoch_progress(epochs, progress, tr("epochs ({n} networks)").format(n=S)) as advance, np.errstate(all="ignore"):
        for e in range(epochs):
            if keep_loss:
                losses[e] = per_network(Xs, y, params, params)
            elif e == epochs - 1:
                final = per_network(Xs, y, params, params)
            else:
                fast(Xs, y, params, params)
            advance(e + 1)
    final = losses[-1].copy() if keep_loss else final
    bad = ~np.isfinite(final) | ~np.stack([np.isfinite(w).all(axis=(1, 2)) for w in weights]).all(axis=0)
    if keep_loss:
        bad |= ~np.isfinite(losses).all(axis=0)
    if bad.any():
        raise ValueError(f"training diverged for seed(s) {[s for s, b in zip(seeds, bad) if b]} (a loss or a "
                         f"weight stopped being finite; lr = {settings.lr:g}): train them with Network.fit, "
                         "which stops there, or take a smaller lr")
    return SeedSurvey(settings, [int(s) for s in seeds], epochs,
                      [[w[i].copy() for w in weights] for i in range(S)], final,
                      None if losses is None else losses.T.copy())


def wrapped_list(values, width=72, indent="    ") -> str:
    """``values`` written ``a, b, c`` on lines of at most ``width`` characters (each line starting
    with ``indent``), broken only between entries: the lab breaks a long printed line anywhere, in
    the middle of a number too (the seed survey's final losses), a line this short it leaves whole.

    ``values``: a sequence of numbers (or anything with a ``str``); ``width``: at least the longest
    entry plus the indent. Returns the lines joined by newlines ("" for no values)."""
    items = [str(v) for v in values]
    width = _checks.integer("width", width, low=1)
    if not isinstance(indent, str):
        raise TypeError(f"indent must be a str, got {type(indent).__name__}")
    longest = max((len(item) for item in items), default=0) + len(indent) + 1     # an entry and its comma
    if longest > width:
        raise ValueError(f"width must be at least {longest} (the longest entry, its comma and the indent), got {width}")
    return textwrap.fill(", ".join(items), width=width, initial_indent=indent, subsequent_indent=indent,
                         break_long_words=False, break_on_hyphens=False)

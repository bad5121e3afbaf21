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

The ranges are the explorer's slider ranges.
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import _checks
from ..network import Network

__all__ = ["XORSettings", "HIDDEN_ACTIVATIONS", "LR_RANGE", "HIDDEN_RANGE", "LAYERS_RANGE", "EPOCHS_RANGE",
           "SEED_RANGE"]

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

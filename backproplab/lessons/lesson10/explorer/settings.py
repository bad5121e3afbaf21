r"""The playground's settings: their ranges and menus, the defaults, the check that turns what a user
gives into the canonical settings, and the challenges (named settings of lesson 10).

The settings are a plain ``dict`` with the keys of :data:`DEFAULTS` (the :class:`Playground`'s
constructor arguments). :func:`check_settings` checks every one (a ``ValueError``/``TypeError``
naming the first bad one) and returns their canonical forms: ``features`` in
:data:`~backproplab.features.FEATURES` order, ``hidden`` a tuple of ints.
"""
from __future__ import annotations

import numpy as np

from .... import datasets, features
from ...._plumbing import checks as _checks

__all__ = ["ACTIVATIONS", "REGULARISERS", "LEARNING_RATES", "REG_RATES", "MAX_LAYERS", "MAX_NEURONS", "BATCH_RANGE",
           "TRAIN_FRACTION_RANGE", "NOISE_RANGE", "DROPOUT_RANGE", "DEFAULTS", "DATA", "STRUCTURE",
           "check_settings", "changed_settings", "penalties", "challenges"]

ACTIVATIONS = ("tanh", "relu", "sigmoid", "linear", "leaky_relu")
REGULARISERS = ("none", "l1", "l2")
LEARNING_RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)   # the Playground's menu
REG_RATES = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
MAX_LAYERS, MAX_NEURONS = 6, 8
BATCH_RANGE = (1, 30)
TRAIN_FRACTION_RANGE = (0.1, 0.9)
NOISE_RANGE = (0.0, 0.5)
DROPOUT_RANGE = (0.0, 0.9)

DEFAULTS = dict(dataset="circle", noise=0.0, train_fraction=0.5, data_seed=0, features=("x1", "x2"),
                hidden=(4, 2), activation="tanh", learning_rate=0.03, batch_size=10, regulariser="none",
                reg_rate=0.0, dropout=0.0, seed=0, show_test=False, discretise=False)
DATA = ("dataset", "noise", "train_fraction", "data_seed")             # a change draws new points
STRUCTURE = DATA + ("features", "hidden", "activation", "seed")       # a change resets the network


def check_settings(values: dict) -> dict:
    """Every setting of ``values`` (all the keys of :data:`DEFAULTS`) checked; their canonical forms."""
    s = dict(values)
    s["dataset"] = _checks.choice("dataset", s["dataset"], datasets.PLAYGROUND_SETS)
    s["noise"] = _checks.real("noise", s["noise"], low=NOISE_RANGE[0], high=NOISE_RANGE[1])
    s["train_fraction"] = _checks.real("train_fraction", s["train_fraction"], low=TRAIN_FRACTION_RANGE[0],
                                       high=TRAIN_FRACTION_RANGE[1])
    s["data_seed"] = _checks.integer("data_seed", s["data_seed"], low=0)
    s["features"] = _check_features(s["features"])
    s["hidden"] = _check_hidden(s["hidden"])
    s["activation"] = _checks.choice("activation", s["activation"], ACTIVATIONS)
    s["learning_rate"] = _checks.real("learning_rate", s["learning_rate"], low=0.0, high=10.0, low_open=True)
    s["batch_size"] = _checks.bounded("batch_size", s["batch_size"], *BATCH_RANGE, int)
    s["regulariser"] = _checks.choice("regulariser", s["regulariser"], REGULARISERS)
    s["reg_rate"] = _checks.real("reg_rate", s["reg_rate"], low=0.0, high=10.0)
    s["dropout"] = _checks.real("dropout", s["dropout"], low=DROPOUT_RANGE[0], high=DROPOUT_RANGE[1])
    s["seed"] = _checks.integer("seed", s["seed"], low=0)
    for flag in ("show_test", "discretise"):
        if not isinstance(s[flag], (bool, np.bool_)):
            raise TypeError(f"{flag} must be True or False, got {type(s[flag]).__name__} {s[flag]!r:.40}")
        s[flag] = bool(s[flag])
    return s


def _check_features(chosen) -> tuple:
    """Feature names as a tuple in :data:`~backproplab.features.FEATURES` order."""
    if isinstance(chosen, str) or not isinstance(chosen, (list, tuple)):
        raise TypeError(f"features must be a tuple of feature names from {list(features.FEATURES)}, "
                        f"got {type(chosen).__name__} {chosen!r:.60}")
    try:
        names = features.check_names(chosen)
    except ValueError as exc:
        raise ValueError(f"features: {exc}") from None
    return tuple(name for name in features.FEATURES if name in names)


def _check_hidden(hidden) -> tuple:
    """Neurons per hidden layer as a tuple of ints: at most :data:`MAX_LAYERS` layers of 1 … :data:`MAX_NEURONS`."""
    if isinstance(hidden, (bool, str)) or not isinstance(hidden, (list, tuple)):
        raise TypeError(f"hidden must be a tuple of neuron counts, one per hidden layer, e.g. (4, 2) or () for "
                        f"none, got {type(hidden).__name__} {hidden!r:.60}")
    if len(hidden) > MAX_LAYERS:
        raise ValueError(f"hidden must have at most {MAX_LAYERS} layers, got {len(hidden)}: {tuple(hidden)!r:.60}")
    return tuple(_checks.bounded(f"hidden[{k}]", n, 1, MAX_NEURONS, int) for k, n in enumerate(hidden))


def changed_settings(current: dict, changes: dict) -> dict:
    """``current`` with ``changes`` (setting names → values) applied, all checked before any applies."""
    unknown = sorted(set(changes) - set(DEFAULTS))
    if unknown:
        raise ValueError(f"unknown setting(s) {unknown}; the settings are {sorted(DEFAULTS)}")
    return check_settings({**current, **changes})


def penalties(settings: dict) -> tuple[float, float]:
    r"""``(λ₁, λ₂)`` of the settings' penalty on the weights: $\lambda\sum|w|$ or $\tfrac\lambda2\sum w^2$."""
    rate = settings["reg_rate"]
    return (rate if settings["regulariser"] == "l1" else 0.0, rate if settings["regulariser"] == "l2" else 0.0)


def challenges() -> dict:
    """Lesson 10's challenges: name → every setting (the defaults with a few changed)."""
    def challenge(**changes):
        return {**DEFAULTS, **changes}
    return {
        # a straight line cannot follow two arms: the loss stalls near ln 2
        "spiral-no-hidden": challenge(dataset="spiral", hidden=()),
        # the disc is x1² + x2² < r²: a straight line in the squares, no hidden layer needed
        "circle-squares": challenge(dataset="circle", features=("x1^2", "x2^2"), hidden=()),
        # too large a step pushes ReLUs to negative net input everywhere: their pictures go blank
        "dead-relu": challenge(dataset="circle", hidden=(6, 6), activation="relu", learning_rate=0.3, seed=1),
        # 20 noisy training points, every feature and three wide layers: the network follows every training
        # point (train loss → 0) and its test loss climbs far above its lowest
        "overfit": challenge(dataset="xor", noise=0.3, train_fraction=0.1, hidden=(8, 8, 8),
                             features=features.FEATURES, show_test=True),
        # the same with an L2 penalty: the test loss ends below ln 2 (it may swing on the way)
        "overfit-cure": challenge(dataset="xor", noise=0.3, train_fraction=0.1, hidden=(8, 8, 8),
                                  features=features.FEATURES, show_test=True, regulariser="l2", reg_rate=0.3),
    }

"""Lesson helpers: one module per lesson topic, named after it (the d2l way).

What a lesson computes beyond the core package lives here: the worked example's tables, the
explorers' recipes, the experiments a lesson runs and the numbers it quotes. The core modules
(``network``, ``backprop``, ``regularisers`` …) never import from here. Lesson 1 in a notebook:
``from backproplab.lessons import handworked``.
"""
import importlib

TOPICS = ("handworked", "gradflow", "xor", "dropout_step", "dropout_survey", "overfitting")
__all__ = list(TOPICS)


def __getattr__(name):
    # bp.lessons.handworked works without importing it first, and nothing loads before it is used
    if name in TOPICS:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(TOPICS))

"""Lesson helpers: one module per lesson topic, named after it (the d2l way).

What a lesson computes beyond the core package lives here: the worked example's tables, the
explorers' recipes, the experiments a lesson runs and the numbers it quotes. The core modules
(``network``, ``backprop``, ``regularisers`` …) never import from here. Lesson 1 in a notebook:
``from backproplab.lessons import handworked``.
"""
from .._lazy import submodules

TOPICS = ("handworked", "mazur", "gradflow", "xor", "dropout_step", "dropout_survey", "overfitting", "autograd",
          "crossentropy", "practice")
__all__ = list(TOPICS)
__getattr__, __dir__ = submodules(__name__, TOPICS)   # bp.lessons.handworked works without importing it first

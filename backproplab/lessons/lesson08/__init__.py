"""Lesson 8 (08_cross_entropy_softmax.ipynb): cross-entropy and softmax.

* ``crossentropy`` — the spiral, saturation and the confusion matrix;
* ``exercises`` — its self-check exercises, found by the exercise registry.
"""
from ..._plumbing.face import submodules

__all__ = ["crossentropy", "exercises"]
__getattr__, __dir__ = submodules(__name__, __all__)   # bp.lessons.lesson08.<module> without importing it first

"""Lesson 4 (04_xor_training.ipynb): training a network on XOR.

* ``xor`` — an XOR run's settings, the network they start from, the seed survey;
* ``explorer`` — its explorer (ipywidgets);
* ``exercises`` — its self-check exercises, found by the exercise registry.
"""
from ..._plumbing.face import submodules

__all__ = ["xor", "explorer", "exercises"]
__getattr__, __dir__ = submodules(__name__, __all__)   # bp.lessons.lesson04.<module> without importing it first

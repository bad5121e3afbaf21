"""Lesson 6 (06_computational_graphs.ipynb): computational graphs and gradient checking.

* ``figures`` — its figures (matplotlib);
* ``exercises`` — its self-check exercises, found by the exercise registry.
"""
from ..._plumbing.face import submodules

__all__ = ["figures", "exercises"]
__getattr__, __dir__ = submodules(__name__, __all__)   # bp.lessons.lesson06.<module> without importing it first

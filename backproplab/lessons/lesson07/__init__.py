"""Lesson 7 (07_your_own_autograd.ipynb): your own autograd.

* ``autograd`` — a network of scalar ``Var`` objects against the vectorised ``Network``;
* ``exercises`` — its self-check exercises, found by the exercise registry.
"""
from ..._plumbing.face import submodules

__all__ = ["autograd", "exercises"]
__getattr__, __dir__ = submodules(__name__, __all__)   # bp.lessons.lesson07.<module> without importing it first

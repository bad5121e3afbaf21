"""Lesson 2 (02_two_outputs_and_biases.ipynb): two outputs and biases: Matt Mazur's 2-2-2 example.

* ``mazur`` — the example's numbers, typed once, and the published values;
* ``exercises`` — its self-check exercises, found by the exercise registry.
"""
from ..._plumbing.face import submodules

__all__ = ["mazur", "exercises"]
__getattr__, __dir__ = submodules(__name__, __all__)   # bp.lessons.lesson02.<module> without importing it first

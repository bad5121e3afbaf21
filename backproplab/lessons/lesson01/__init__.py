"""Lesson 1 (01_hand_worked_backprop.ipynb): one training step of a 3-2-1 sigmoid network, worked by hand.

* ``handworked`` — the example's numbers, typed once, and its tables;
* ``exercises`` — its self-check exercises, found by the exercise registry.
"""
from ..._plumbing.face import submodules

__all__ = ["handworked", "exercises"]
__getattr__, __dir__ = submodules(__name__, __all__)   # bp.lessons.lesson01.<module> without importing it first

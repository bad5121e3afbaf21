"""Lesson 9 (09_training_in_practice.ipynb): training in practice: batches, momentum, initialisation.

* ``practice`` — batches, the momentum valley, initialisation spreads;
* ``figures`` — its figures (matplotlib);
* ``explorer`` — its explorer (ipywidgets);
* ``exercises`` — its self-check exercises, found by the exercise registry.
"""
from ..._plumbing.face import submodules

__all__ = ["practice", "figures", "explorer", "exercises"]
__getattr__, __dir__ = submodules(__name__, __all__)   # bp.lessons.lesson09.<module> without importing it first

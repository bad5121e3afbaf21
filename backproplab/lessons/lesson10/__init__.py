"""Lesson 10 (10_playground.ipynb): the playground.

* ``explorer`` — the playground (:class:`~.explorer.Playground`), a package of rooms: ``settings``,
  ``training``, ``picture``, ``readout``, ``controls``, ``view`` and the slim ``playground`` composing them;
* ``overfitting`` — what the overfit run's records say: early stopping, loss against accuracy;
* ``exercises`` — its self-check exercises, found by the exercise registry.

``backproplab.widgets.Playground`` and the import path ``backproplab.widgets.playground`` are the same objects.
"""
from ..._plumbing.face import submodules

__all__ = ["exercises", "explorer", "overfitting"]
__getattr__, __dir__ = submodules(__name__, __all__)   # bp.lessons.lesson10.<module> without importing it first

"""Lesson 10 (10_playground.ipynb): the playground.

* ``exercises`` — its self-check exercises, found by the exercise registry.

The lesson's explorer, :class:`backproplab.widgets.Playground`, still lives in
``backproplab/widgets/playground.py`` until it is split into a package of its own.
"""
from ..._plumbing.face import submodules

__all__ = ["exercises"]
__getattr__, __dir__ = submodules(__name__, __all__)   # bp.lessons.lesson10.<module> without importing it first

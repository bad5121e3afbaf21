"""Lesson 3 (03_sigmoid_derivative.ipynb): the sigmoid's derivative, other activations, and vanishing gradients.

* ``gradflow`` — gradient norms layer by layer (vanishing gradients);
* ``figures`` — its figures (matplotlib);
* ``explorer`` — its explorer (ipywidgets);
* ``exercises`` — its self-check exercises, found by the exercise registry.
"""
from ..._plumbing.face import submodules

__all__ = ["gradflow", "figures", "explorer", "exercises"]
__getattr__, __dir__ = submodules(__name__, __all__)   # bp.lessons.lesson03.<module> without importing it first

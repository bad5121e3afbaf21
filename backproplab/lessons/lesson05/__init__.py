"""Lesson 5 (05_dropout.ipynb): dropout, overfitting, L2 and L1.

* ``dropout_step`` — sections 1 and 2: one training step under dropout, and why it scales;
* ``dropout_survey`` — section 3: XOR with dropout over many seeds;
* ``overfitting`` — sections 4 and 6: the noisy moons, regularised runs, the explorer's recipe;
* ``figures`` — its figures (matplotlib);
* ``explorer`` — its explorer (ipywidgets);
* ``exercises`` — its self-check exercises, found by the exercise registry.
"""
from ..._plumbing.face import submodules

__all__ = ["dropout_step", "dropout_survey", "overfitting", "figures", "explorer", "exercises"]
__getattr__, __dir__ = submodules(__name__, __all__)   # bp.lessons.lesson05.<module> without importing it first

"""The scalar autograd engine of lessons 6 and 7: :mod:`.graph` (``Var``, its operations, the
topological walk, ``zero_grad``) and :mod:`.gates` (the CS231n gate objects with ``forward``/``backward``).

``backproplab.graph`` and ``backproplab.gates`` are the same modules (the lessons import them so).
"""
from .._plumbing.face import submodules

__all__ = ["graph", "gates"]
__getattr__, __dir__ = submodules(__name__, __all__)

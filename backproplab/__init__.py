"""backproplab: backpropagation, step by step.

>>> import backproplab as bp
>>> net = bp.Network([3, 2, 1], bias=False)
>>> trace = net.train_step([0, 1, 1], [0], lr=0.5)
>>> print(trace.explain())

The figure, widget, graph and exercise modules load on first use (``bp.plots``, ``bp.widgets``,
``bp.graph``, ``bp.exercises``), so a plain training script never imports matplotlib or ipywidgets.
"""
import importlib
import importlib.metadata

from . import activations, gradcheck, losses
from .blas import one_blas_thread, use_one_blas_thread
from .network import Divergence, History, Network, NonFiniteError, TrainingDiverged
from .trace import LayerTrace, StepTrace

__all__ = ["Network", "one_blas_thread", "use_one_blas_thread", "History", "Divergence", "NonFiniteError", "TrainingDiverged", "StepTrace", "LayerTrace", "activations", "losses", "gradcheck",
           "plots", "widgets", "graph", "exercises", "handworked", "gradflow", "datasets",
           "regularisation"]
try:
    __version__ = importlib.metadata.version(__name__)   # written once, in pyproject.toml
except importlib.metadata.PackageNotFoundError:          # a source tree on sys.path, never installed
    __version__ = "0+unknown"

_LAZY = {"plots", "widgets", "graph", "exercises", "handworked", "gradflow", "datasets",
         "regularisation"}


def __getattr__(name):
    if name in _LAZY:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'backproplab' has no attribute {name!r}")

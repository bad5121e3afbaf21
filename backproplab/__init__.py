"""backproplab: backpropagation, step by step.

>>> import backproplab as bp
>>> net = bp.Network([3, 2, 1], bias=False)
>>> trace = net.train_step([0, 1, 1], [0], lr=0.5)
>>> print(trace.explain())

The core (networks, traces, activations, losses, regularisers, the backprop equations, gradient
checks) loads with the package; the submodules in ``_LAZY`` load on first use (``bp.plots``,
``bp.widgets``, ``bp.lessons``, ``bp.exercises`` …), so a plain training script never imports matplotlib or ipywidgets. The
publishing tools (slides, student edition, site) are not part of the package's public face.
"""
import importlib
import importlib.metadata

from . import activations, backprop, gradcheck, losses, regularisers
from ._plumbing.face import package_face
from ._plumbing.blas import one_blas_thread, use_one_blas_thread
from ._plumbing.i18n import get_language, set_language, tr, tr_figure
from .network import Divergence, History, Network, NonFiniteError, TrainingDiverged
from .trace import LayerTrace, StepTrace

# Submodules loaded on first use, with what each holds.
_LAZY = {
    "datasets": "the lessons' data sets (XOR, moons, spiral, the playground's), one-hot targets and train/test splits",
    "features": "the playground's input feature maps (x₁², x₁x₂, sin x₁ …)",
    "graph": "computational graphs: Var and its operations (backproplab.autograd.graph)",
    "autograd": "the scalar autograd engine: graph (Var) and gates",
    "lessons": "each lesson's own code, one folder per lesson (lesson01 … lesson10)",
    "exercises": "self-check exercises: check, solution",
    "plots": "figures (matplotlib)",
    "widgets": "interactive explorers (ipywidgets)",
}

__all__ = ["Network", "History", "Divergence", "NonFiniteError", "TrainingDiverged", "StepTrace", "LayerTrace",
           "one_blas_thread", "use_one_blas_thread", "set_language", "get_language", "tr", "tr_figure", "activations", "losses", "regularisers", "backprop",
           "gradcheck", *_LAZY]

try:
    __version__ = importlib.metadata.version(__name__)   # written once, in pyproject.toml
except importlib.metadata.PackageNotFoundError:          # a source tree on sys.path, never installed
    __version__ = "0+unknown"


# Where each name lives; the old paths of modules that moved into a folder still import.
_WHERE = {**{name: f".{name}" for name in _LAZY}, "graph": ".autograd.graph"}
_MOVED = {"gates": ".autograd.gates", "blas": "._plumbing.blas", "progress": "._plumbing.progress",
          "labserver": ".lab.server"}
__getattr__, __dir__ = package_face(__name__, _WHERE, moved=_MOVED)

"""backproplab: backpropagation, step by step.

>>> import backproplab as bp
>>> net = bp.Network([3, 2, 1], bias=False)
>>> trace = net.train_step([0, 1, 1], [0], lr=0.5)
>>> print(trace.explain())
"""
from . import activations, gradcheck, losses
from .network import History, Network
from .trace import LayerTrace, StepTrace

__all__ = ["Network", "History", "StepTrace", "LayerTrace", "activations", "losses", "gradcheck"]
__version__ = "0.1.0"

r"""The loss of every weight snapshot a training run recorded, in one stacked forward pass.

Shared by the lessons that plot a loss curve measured on data other than the training batch:
lesson 5 (train and test loss of a regularised run, the DropoutExplorer) and lesson 9 (the loss of
the whole set after every epoch of mini-batch training). A lesson folder never imports another
lesson's folder, so what two lessons measure the same way lives here, on the core floor.
"""
from __future__ import annotations

import numpy as np

from . import backprop
from .network import History, Network

__all__ = ["snapshot_losses"]


def snapshot_losses(history: History, net: Network, X, y) -> np.ndarray:
    """The loss (evaluation mode, no penalty) of every weight snapshot of ``history`` on ``(X, y)``,
    ``(n_snapshots,)``. ``net`` gives the architecture (activations, loss); its own weights are not
    used. All snapshots go through the network in one stacked pass: ten times faster than a
    ``loss_value`` per snapshot (the DropoutExplorer calls this on every move), and a snapshot that
    overflowed gives NaN, as the explorer shows it, where ``loss_value`` would raise."""
    if not isinstance(history, History):
        raise TypeError(f"history must be a History (from net.fit(..., record_every=…)), got {type(history).__name__}")
    if not isinstance(net, Network):
        raise TypeError(f"net must be a backproplab Network, got {type(net).__name__}")
    if not history.weights:
        raise ValueError("history has no weight snapshots: train with record_every > 0")
    X, y = net.validate(X, y)
    S, L = len(history.weights), len(net.weights)
    weights = [np.stack([ws[k] for ws in history.weights]) for k in range(L)]               # (S, n_in, n_out)
    biases = (None if history.biases[0] is None else
              [np.stack([bs[k] for bs in history.biases])[:, None, :] for k in range(L)])  # (S, 1, n_out)
    with np.errstate(over="ignore", under="ignore"):
        out = backprop.forward(weights, biases, net.activations, np.broadcast_to(X, (S,) + X.shape))[0]
    return np.array([net.loss_fn.value(o, y) for o in out])

r"""Loss functions $E(o, t)$ and their gradient $\partial E/\partial o$.

* ``half_sse`` — $E = \tfrac12\sum_{n,k}(t_{nk} - o_{nk})^2$, the classic textbook loss:
  the ½ cancels the 2 of the derivative, so $\partial E/\partial o = o - t$.
* ``sse`` — $E = \sum_{n,k}(t_{nk} - o_{nk})^2$, so $\partial E/\partial o = 2(o - t)$.
* ``mse`` — $E = \frac{1}{NK}\sum_{n,k}(t_{nk} - o_{nk})^2$, the mean over samples *and* outputs.

Sums run over every sample of the batch: that is what the classic full-batch loops do.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np


def _half_sse(o, t):
    err = o - t
    return 0.5 * float(np.vdot(err, err)), err


def _sse(o, t):
    err = o - t
    return float(np.vdot(err, err)), 2.0 * err


def _mse(o, t):
    err = o - t
    scale = 1.0 / err.size
    return float(np.vdot(err, err)) * scale, err * (2.0 * scale)


@dataclass(frozen=True)
class Loss:
    name: str
    value_and_grad: Callable     # (o, t) -> (E, dE/do), both for arrays of shape (n_samples, n_out)
    latex: str
    grad_factor_text: str        # how the trace writes ∂E/∂o: "(o − t)", "2(o − t)", …
    is_mean: bool

    def value(self, o, t) -> float:
        return self.value_and_grad(np.asarray(o, float), np.asarray(t, float))[0]

    def gradient(self, o, t) -> np.ndarray:
        return self.value_and_grad(np.asarray(o, float), np.asarray(t, float))[1]

    def __repr__(self):
        return f"Loss({self.name!r})"


half_sse = Loss("half_sse", _half_sse, r"E = \tfrac12\sum (t - o)^2", "({o} − {t})", False)
sse = Loss("sse", _sse, r"E = \sum (t - o)^2", "2({o} − {t})", False)
mse = Loss("mse", _mse, r"E = \frac{1}{NK}\sum (t - o)^2", "(2/{NK})({o} − {t})", True)

LOSSES: dict[str, Loss] = {l.name: l for l in (half_sse, sse, mse)}


def get(name) -> Loss:
    if isinstance(name, Loss):
        return name
    from ._checks import choice
    return LOSSES[choice("loss", name, LOSSES)]
